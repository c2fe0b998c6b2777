// Secure messages (issue #20): ask for new messages every 30 seconds, only while the page is
// visible (a hidden tab does not poll). The list answers the "messages-poll" event with hx-get.
(function () {
  "use strict";
  var POLL_MS = 30000;
  window.setInterval(function () {
    if (document.visibilityState !== "visible" || !window.htmx) return;
    var list = document.querySelector("#messages[data-poll]");
    if (list) window.htmx.trigger(list, "messages-poll");
  }, POLL_MS);
})();
