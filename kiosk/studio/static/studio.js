/* Werkbank Studio: character counters and the live check. No build step, no library.
   Counters count each text against its on-screen limit (data-limit, from TEXT_LIMITS) and turn
   to the warning colour past it. The live check sends the unsaved form (debounced) to the
   form's data-check-url and shows the validator's problems next to their fields
   (elements with data-field="<path>"). Without JavaScript the form works the same; the
   problems then appear on saving. */
(function () {
  "use strict";
  var lang = document.body.getAttribute("data-ui-lang") || "de";
  var words = {
    de: {chars: "Zeichen", checking: "Wird geprüft …", checked: "Geprüft.", failed: "Die Prüfung hat nicht geantwortet; beim Speichern wird vollständig geprüft.", error: "Fehler", warning: "Hinweis", line: "Zeile"},
    en: {chars: "characters", checking: "Checking …", checked: "Checked.", failed: "The check did not answer; saving checks everything.", error: "Error", warning: "Warning", line: "Line"}
  }[lang] || {};

  function count(text) { return Array.from(text.trim()).length; }

  function updateCounter(input) {
    var limit = parseInt(input.getAttribute("data-limit"), 10);
    if (!limit) { return; }
    var n = count(input.value);
    var counter = document.querySelector('[data-counter-for="' + input.name + '"]');
    if (counter) {
      counter.textContent = n + " / " + limit + " " + words.chars;
      counter.classList.toggle("over", n > limit);
    }
    var field = input.closest(".field");
    if (field) { field.classList.toggle("over", n > limit); }
  }

  function fill(list, problems, withLine) {
    list.textContent = "";
    (problems || []).forEach(function (p) {
      var item = document.createElement("li");
      item.className = p.severity;
      item.textContent = (words[p.severity] || p.severity) + ": " +
        (withLine && p.line ? words.line + " " + p.line + ": " : "") + p.message;
      list.appendChild(item);
    });
  }

  function show(form, result) {
    // Only the problem lists: an upload field carries data-field too, and its own verdict list
    // (data-media-problems) belongs to the upload, not to the check.
    form.ownerDocument.querySelectorAll("ul.problems-at[data-field]:not([data-media-problems])").forEach(function (list) {
      var path = list.getAttribute("data-field");
      if (path) { fill(list, result.fields[path]); }
    });
    var other = document.getElementById("problems-other");
    if (other) {
      fill(other, result.other, true);
      document.getElementById("problems-other-box").hidden = !(result.other && result.other.length);
    }
  }

  function liveCheck(form) {
    var url = form.getAttribute("data-check-url");
    if (!url || !window.fetch) { return; }
    var status = document.getElementById("live-status");
    var timer = null, running = 0;
    function run() {
      var mine = ++running;
      if (status) { status.textContent = words.checking; }
      fetch(url, {method: "POST", body: new FormData(form), credentials: "same-origin",
                  headers: {"X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content}})
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (result) {
          if (mine !== running) { return; }  // a newer check is on its way
          show(form, result);
          if (status) { status.textContent = words.checked; }
        })
        .catch(function () { if (status && mine === running) { status.textContent = words.failed; } });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 700); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(run, 300); });
  }

  // A caption is one line on the kiosk: its two-line box only wraps it, so Enter adds no break.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.hasAttribute && event.target.hasAttribute("data-one-line")) {
      event.preventDefault();
    }
  });
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-limit")) { updateCounter(event.target); }
  });
  document.querySelectorAll("[data-limit]").forEach(updateCounter);
  document.querySelectorAll("form[data-check-url]").forEach(liveCheck);
})();
