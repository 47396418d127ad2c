// The office desk page reloads every 30 s to show new tickets and waiting times,
// unless the employee is typing or has a form field focused. Without JavaScript the
// page is refreshed by hand.
(function () {
  "use strict";
  var PERIOD_MS = 30000;
  window.setInterval(function () {
    var active = document.activeElement;
    if (active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) {
      return;
    }
    window.location.reload();
  }, PERIOD_MS);
})();
