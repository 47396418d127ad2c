/* The specialists' chat console: listens on ws/staff/chats/ and refreshes the console
   when a chat arrives, is taken or closed, or a message of the open chat comes in.
   The page itself is plain forms and works without this script. */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root || !window.WebSocket) { return; }
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + location.host + root.dataset.socket);

  function refresh() {
    var typing = document.activeElement && document.activeElement.id === "console-text" && document.activeElement.value;
    if (typing) { return; }
    fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("console");
      if (fresh) {
        root.replaceWith(fresh);
        root = fresh;
        if (window.htmx) { window.htmx.process(fresh); }
      }
    });
  }

  socket.addEventListener("message", function (e) {
    var event = JSON.parse(e.data);
    if (event.type === "error") { return; }
    refresh();
  });
})();
