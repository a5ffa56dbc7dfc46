/* "Print" buttons: open the browser's print dialog (the print stylesheet keeps the overview and the agenda). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
