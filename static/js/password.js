// "Show password" for every password field: progressive enhancement only. Without this file a
// password field is a plain password field. Each field gets a checkbox after it that shows the
// characters typed (type="text") while ticked; the form still submits the same field.
(function () {
  "use strict";

  function addToggle(input, number) {
    if (input.dataset.passwordToggle) { return; }
    input.dataset.passwordToggle = "on";
    var id = "show-password-" + number;
    var wrapper = document.createElement("div");
    wrapper.className = "form-check mt-2 show-password";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.id = id;
    box.setAttribute("aria-controls", input.id);
    var label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = id;
    label.textContent = "Show password";
    wrapper.appendChild(box);
    wrapper.appendChild(label);
    box.addEventListener("change", function () {
      input.type = box.checked ? "text" : "password";
    });
    // Hidden again before the form is sent, so the browser's password manager sees a password.
    if (input.form) {
      input.form.addEventListener("submit", function () { input.type = "password"; });
    }
    input.insertAdjacentElement("afterend", wrapper);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("input[type='password']");
    for (var i = 0; i < fields.length; i++) { addToggle(fields[i], i + 1); }
  });
})();
