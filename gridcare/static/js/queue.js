/* Staff queue: tell the user when appeals changed (websocket /ws/staff/queue/), refresh
   the table on request, and tick every row for bulk assignment. No inline scripts. */
(function () {
  "use strict";

  function refreshTable(notice) {
    notice.hidden = true;
    if (window.htmx) {
      window.htmx.ajax("GET", window.location.href, { target: "#queue-table", swap: "innerHTML" });
    } else {
      window.location.reload();
    }
  }

  function listen(notice) {
    if (!("WebSocket" in window)) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + (notice.dataset.socket || "/ws/staff/queue/");
    var delay = 1000;

    function connect() {
      var socket = new WebSocket(url);
      socket.addEventListener("open", function () { delay = 1000; });
      socket.addEventListener("message", function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (data && data.type === "appeal_changed") notice.hidden = false;
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4403) return; // not allowed: do not retry
        window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }
    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.getElementById("queue-changes");
    if (notice) {
      listen(notice);
      var button = notice.querySelector("[data-queue-refresh]");
      if (button) button.addEventListener("click", function () { refreshTable(notice); });
    }
    document.addEventListener("change", function (event) {
      var all = event.target.closest && event.target.closest("[data-check-all]");
      if (!all) return;
      var boxes = document.querySelectorAll('#queue-table input[name="appeal_ids"]');
      Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
    });
  });
})();
