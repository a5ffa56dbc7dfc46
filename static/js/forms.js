// What every form of the portal shares (loaded by base.html; no inline script, the CSP forbids it).

// Long text: fields with data-maxlength show how many characters they hold. The browser never cuts what is typed
// or pasted (there is no maxlength attribute); the server refuses text over the limit and says so.
function setUpCounter(field) {
  const limit = Number(field.dataset.maxlength);
  if (!limit || field.dataset.counterReady) {
    return;
  }
  field.dataset.counterReady = "1";
  const counter = document.createElement("div");
  counter.className = "form-text char-counter";
  counter.id = `${field.id || field.name}-counter`;
  counter.setAttribute("aria-live", "polite");
  const describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  field.setAttribute("aria-describedby", [...describedBy, counter.id].join(" "));
  const anchor = field.closest(".input-group") || field;
  anchor.insertAdjacentElement("afterend", counter);
  const update = () => {
    const count = [...field.value.replace(/\r\n/g, "\n")].length;
    const over = count - limit;
    const text = over > 0 ? field.dataset.counterOver : field.dataset.counterText;
    counter.textContent = (text || "%(count)s / %(limit)s")
      .replace("%(count)s", count.toLocaleString(document.documentElement.lang))
      .replace("%(limit)s", limit.toLocaleString(document.documentElement.lang))
      .replace("%(over)s", over.toLocaleString(document.documentElement.lang));
    counter.classList.toggle("text-danger", over > 0);
    counter.classList.toggle("fw-semibold", over > 0);
    field.classList.toggle("is-invalid", over > 0 || field.dataset.serverInvalid === "1");
  };
  field.dataset.serverInvalid = field.classList.contains("is-invalid") ? "1" : "";
  field.addEventListener("input", update);
  update();
}

// Dates and times are text fields in dd/mm/yyyy and 24-hour time (the browser's own pickers follow its language).
// A phone's number pad may lack the slash and the colon: digits alone are put in the format when the field is left.
const DIGITS_ONLY = {
  date: [/^(\d{2})(\d{2})(\d{4})$/, "$1/$2/$3"],
  time: [/^(\d{1,2})(\d{2})$/, "$1:$2"],
  datetime: [/^(\d{2})(\d{2})(\d{4})\s*(\d{1,2})(\d{2})$/, "$1/$2/$3 $4:$5"],
};

document.addEventListener("change", (event) => {
  const field = event.target;
  const rule = field instanceof HTMLInputElement && DIGITS_ONLY[field.dataset.format];
  if (rule) {
    field.value = field.value.trim().replace(rule[0], rule[1]);
  }
});

function setUpAll(root) {
  root.querySelectorAll("[data-maxlength]").forEach(setUpCounter);
}

setUpAll(document);
// A row added to a formset, or a part swapped in by htmx, gets its counter when the field is first reached.
document.addEventListener("focusin", (event) => {
  if (event.target instanceof HTMLElement && event.target.dataset.maxlength) {
    setUpCounter(event.target);
  }
});
