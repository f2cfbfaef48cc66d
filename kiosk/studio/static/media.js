// Werkbank Studio: uploads by drag and drop or file picker, with progress, the validator's verdict,
// and a click on a picture that sets its focus point. No build step, no library: one XHR per
// file, because fetch() cannot report upload progress.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function showProblems(box, problems) {
    var list = box.querySelector("[data-media-problems]");
    list.textContent = "";
    (problems || []).forEach(function (problem) {
      var item = document.createElement("li");
      item.className = problem.severity;
      item.textContent = problem.message;
      list.appendChild(item);
    });
  }

  function upload(box, file) {
    var status = box.querySelector("[data-media-status]");
    var progress = box.querySelector("[data-media-progress]");
    var data = new FormData();
    data.append("item", box.dataset.item);
    data.append("kind", box.dataset.kind);
    if (box.dataset.film) { data.append("film", box.dataset.film); }
    if (box.dataset.lang) { data.append("lang", box.dataset.lang); }
    data.append("file", file);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", box.dataset.url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    progress.hidden = false;
    progress.value = 0;
    status.textContent = box.dataset.textUploading;
    showProblems(box, []);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        progress.value = Math.round(100 * event.loaded / event.total);
        if (event.loaded === event.total) { status.textContent = box.dataset.textChecking; }
      }
    };
    xhr.onload = function () {
      progress.hidden = true;
      var answer;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (e) {  // a refused form token or an expired login answers in HTML or text
        answer = {ok: false, message: box.dataset.textFailed.replace("%s", xhr.status)};
      }
      status.textContent = [answer.message, answer.info].filter(Boolean).join(" · ");
      showProblems(box, answer.problems);
      if (!answer.ok) { return; }
      var value = box.querySelector("[data-media-value]");
      value.value = answer.name;
      value.dispatchEvent(new Event("change", {bubbles: true}));  // the form's live check hears it
      var picture = box.querySelector("[data-media-picture]");
      if (picture && answer.url) {
        picture.src = answer.url;
        picture.alt = answer.name;
        box.querySelector("[data-media-frame]").hidden = false;
        var marker = box.querySelector("[data-media-focus]");
        if (marker) { marker.hidden = true; }
        var kept = box.querySelector("[data-media-focus-value]");
        if (kept) { kept.value = ""; }  // a point clicked on the picture before belongs to that one
      }
      var name = box.querySelector("[data-media-name]");
      if (name) { name.textContent = answer.name; }
    };
    xhr.onerror = function () {
      progress.hidden = true;
      status.textContent = box.dataset.textFailed.replace("%s", "–");
    };
    xhr.send(data);
  }

  function showFocus(box, x, y) {
    var marker = box.querySelector("[data-media-focus]");
    marker.style.left = (x * 100) + "%";
    marker.style.top = (y * 100) + "%";
    marker.hidden = false;
  }

  // The point of a picture the saved file does not name yet (a fresh upload) goes into the form
  // and is saved with it: the picture and its point are written together.
  function keepFocus(box, x, y) {
    var kept = box.querySelector("[data-media-focus-value]");
    kept.value = x.toFixed(2) + "," + y.toFixed(2);
    kept.dispatchEvent(new Event("change", {bubbles: true}));
    showFocus(box, x, y);
    box.querySelector("[data-media-status]").textContent = box.dataset.textFocusLater;
  }

  function setFocus(box, event) {
    var picture = box.querySelector("[data-media-picture]");
    var rect = picture.getBoundingClientRect();
    var x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    var y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    if (box.querySelector("[data-media-value]").value !== box.dataset.saved) {
      keepFocus(box, x, y);
      return;
    }
    var data = new FormData();
    data.append("item", box.dataset.item);
    data.append("target", box.dataset.focusTarget);
    data.append("x", x.toFixed(2));
    data.append("y", y.toFixed(2));
    data.append("file", box.querySelector("[data-media-value]").value);
    fetch(box.dataset.focusUrl, {method: "POST", body: data, credentials: "same-origin",
                                 headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
      .then(function (response) { return response.json().then(function (answer) { return [response.status, answer]; }); })
      .then(function (reply) {
        var status = reply[0], answer = reply[1];
        // 409: the saved file changed in the meantime (another window): keep the point with the form.
        if (status === 409) { keepFocus(box, x, y); return; }
        box.querySelector("[data-media-status]").textContent = answer.message;
        if (answer.ok) { showFocus(box, answer.focus[0], answer.focus[1]); }
      });
  }

  document.querySelectorAll("[data-media-upload]").forEach(function (box) {
    var drop = box.querySelector("[data-media-drop]");
    var input = box.querySelector("[data-media-input]");
    input.addEventListener("change", function () {
      if (input.files.length) { upload(box, input.files[0]); }
      input.value = "";
    });
    drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("over");
      if (event.dataTransfer.files.length) { upload(box, event.dataTransfer.files[0]); }
    });
    var frame = box.querySelector("[data-media-frame]");
    if (frame && box.dataset.focusUrl) {
      frame.addEventListener("click", function (event) { setFocus(box, event); });
    }
  });
})();
