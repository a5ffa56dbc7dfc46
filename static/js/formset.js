/*
 * Rows of Django inline formsets: "Add" clones the formset's empty form (kept in a <template>) and bumps
 * TOTAL_FORMS, so nothing already typed is lost. Removing is ticking "Delete" (works without JavaScript too);
 * a row marked for deletion is dimmed.
 */
(function () {
  "use strict";

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(prefix + "-empty-form");
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    if (!total || !template || !body) {
      return;
    }
    var index = parseInt(total.value, 10);
    if (max && max.value && index >= parseInt(max.value, 10)) {
      return;
    }
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var row = body.lastElementChild;
    var first = row && row.querySelector("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  function markDeleted(checkbox) {
    var row = checkbox.closest("[data-formset-row]");
    if (row) {
      row.classList.toggle("formset-row-deleted", checkbox.checked);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button) {
      event.preventDefault();
      addRow(button.getAttribute("data-formset-add"));
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches('input[type="checkbox"][name$="-DELETE"]')) {
      markDeleted(event.target);
    }
  });

  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.classList.remove("d-none");
  });
})();
