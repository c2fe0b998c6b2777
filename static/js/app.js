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

  document.addEventListener("DOMContentLoaded", function () { focusMarked(document); });
  document.addEventListener("htmx:afterSettle", function () { focusMarked(document); });
})();
