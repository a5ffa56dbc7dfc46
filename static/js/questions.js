// Forms marked data-submit-once disable their submit buttons once sent, so a double click sends one request.
// (The server is safe on its own too: the form carries a one-time token.)
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) {
    return;
  }
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  window.setTimeout(() => {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = true;
    });
  }, 0);
});

// Buttons with data-confirm ask before a destructive action (no inline script needed).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
