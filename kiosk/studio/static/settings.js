/* Settings page: drag the attract loop's entries into a new order, and show only the choice
   that fits the kind of a new entry. Without JavaScript the arrows (server-side) and all three
   choices still work; this only adds comfort. */
(function () {
  "use strict";

  var list = document.getElementById("attract-list");
  var order = document.getElementById("attract_order");
  if (list && order) {
    var dragged = null;

    /* The hidden order field lists each row's index in the file, top to bottom; the arrows'
       and "take out" buttons name rows by that index, so they keep working after a drag. */
    var writeOrder = function () {
      var rows = list.querySelectorAll(".attract-row");
      order.value = Array.prototype.map.call(rows, function (row) { return row.dataset.index; }).join(",");
      // The first entry cannot go up, the last not down, wherever they came from.
      Array.prototype.forEach.call(rows, function (row, position) {
        var up = row.querySelector('button[value$=":up"]');
        var down = row.querySelector('button[value$=":down"]');
        if (up) { up.disabled = position === 0; }
        if (down) { down.disabled = position === rows.length - 1; }
      });
    };

    Array.prototype.forEach.call(list.querySelectorAll(".attract-row"), function (row) {
      row.setAttribute("draggable", "true");
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.index);
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("dragging");
        dragged = null;
        writeOrder();
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) { return; }
        event.preventDefault();
        var box = row.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? row.nextSibling : row);
      });
      row.addEventListener("drop", function (event) { event.preventDefault(); writeOrder(); });
    });
  }

  var kind = document.getElementById("attract_new_kind");
  if (kind) {
    var show = function () {
      Array.prototype.forEach.call(document.querySelectorAll("[data-new-kind]"), function (field) {
        field.hidden = field.dataset.newKind !== kind.value;
      });
    };
    kind.addEventListener("change", show);
    show();
  }
})();
