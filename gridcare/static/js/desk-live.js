/* The operator desk: listens on ws/staff/desk/ and reloads the desk panel when a call
   is offered, answered, ended or wrapped up, or the status changes; polls the panel
   every 5 seconds while the socket is down. Ticks the time in status, and makes Enter
   submit the «register appeal» form (Shift+Enter — new line). The page itself is
   plain forms and works without this script. */
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) { return; }
  var pollTimer = null;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var clocks = root.querySelectorAll("time[data-since]");
    Array.prototype.forEach.call(clocks, function (el) {
      var since = Date.parse(el.dataset.since);
      if (isNaN(since)) { return; }
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      el.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(sec);
    });
  }

  function refresh() {
    fetch(root.dataset.panel, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      // Keep what the operator is typing and where the focus is.
      var kept = {};
      Array.prototype.forEach.call(root.querySelectorAll("textarea[id], input[type=text][id], input[type=search][id]"), function (el) {
        if (el.value) { kept[el.id] = el.value; }
      });
      var focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : "";
      root.innerHTML = html;
      Object.keys(kept).forEach(function (id) {
        var el = document.getElementById(id);
        if (el) { el.value = kept[id]; }
      });
      var target = focused && document.getElementById(focused);
      if (!target) { target = root.querySelector("[autofocus]"); }
      if (target) { target.focus(); }
      if (window.htmx) { window.htmx.process(root); }
      tick();
    });
  }

  function poll() {
    if (!pollTimer) { pollTimer = window.setInterval(refresh, 5000); }
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
      if (event.type === "error") { return; }
      refresh();
    });
    socket.addEventListener("close", function () {
      root.dataset.live = "polling";
      poll();
      window.setTimeout(connect, 10000);
    });
  }

  root.addEventListener("keydown", function (e) {
    var form = e.target.form;
    if (e.key !== "Enter" || e.shiftKey || e.target.tagName !== "TEXTAREA") { return; }
    if (!form || !form.hasAttribute("data-enter-submits")) { return; }
    e.preventDefault();
    if (form.reportValidity()) { form.requestSubmit(); }
  });

  window.setInterval(tick, 1000);
  connect();
})();
