// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move keyboard and screen-reader focus to what needs attention: the error summary on
  // a page with errors, or the element a swapped-in fragment marks with data-autofocus.
  function focusMarked(root) {
    var el = (root || document).querySelector("[data-autofocus]:not([data-focused])");
    if (!el) { return; }
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      el.setAttribute("tabindex", "-1");
    }
    el.setAttribute("data-focused", "");
    el.focus();
  }

  // Error summary links (GOV.UK pattern): focus the field and bring its label or legend into
  // view, without adding a #fragment to the address. A fragment would be kept by the form's
  // next submission and the browser would then focus that field instead of the new summary.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var fieldset = field.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = document.querySelector("label[for='" + field.id + "']");
    (legend || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () { focusMarked(document); });
  document.addEventListener("htmx:afterSettle", function () { focusMarked(document); });
})();
