// "Print my summary": a button that opens the browser's print dialog. Without JavaScript the
// button stays hidden and the page says to use the browser's Print command.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  });
})();
