/*
 * The answer form's button says what it does: publishing a written answer, or recording one given at the conference,
 * following the kind chosen (the server renders the label of the kind proposed first).
 */
(function () {
  "use strict";

  function relabel() {
    var kind = document.getElementById("id_kind");
    var button = document.querySelector("[data-answer-submit]");
    if (!kind || !button) {
      return;
    }
    var label = button.getAttribute("data-label-" + kind.value);
    if (label) {
      button.textContent = label;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.getElementById("id_kind");
    if (kind) {
      kind.addEventListener("change", relabel);
      relabel();
    }
  });
})();
