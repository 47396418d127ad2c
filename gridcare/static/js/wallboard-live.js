/* The supervisors' wallboard: every frame of ws/staff/wallboard/ (sent after each
   call or status change) reloads the figures; polls every 10 seconds while the socket
   is down. Without JavaScript the page has an «Обновить» link. */
(function () {
  "use strict";
  var root = document.getElementById("wallboard");
  if (!root) { return; }
  var pollTimer = null;

  function refresh() {
    fetch(root.dataset.panel, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html !== null) { root.innerHTML = html; }
    });
  }

  function poll() {
    if (!pollTimer) { pollTimer = window.setInterval(refresh, 10000); }
  }

  function connect() {
    if (!window.WebSocket) { poll(); return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.addEventListener("open", function () {
      if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
      root.dataset.live = "socket";
    });
    socket.addEventListener("message", function (e) {
      var event = JSON.parse(e.data);
      if (event.type === "wallboard") { refresh(); }
    });
    socket.addEventListener("close", function () {
      root.dataset.live = "polling";
      poll();
      window.setTimeout(connect, 10000);
    });
  }

  connect();
})();
