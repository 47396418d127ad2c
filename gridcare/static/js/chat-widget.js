/* The chat widget: a panel over the portal page talking to /api/v1/chat.
   Live updates over ws/chat/<token>/; without websockets it polls every 4 s.
   Without JavaScript the launcher is a plain link to the /chat/ page. */
(function () {
  "use strict";
  // Translations come from /jsi18n/ (Django's JavaScriptCatalog); offline, Russian.
  var _ = window.gettext || function (s) { return s; };
  var fmt = window.interpolate || function (s, a) { return s.replace("%s", a[0]); };
  var root = document.getElementById("chat-widget");
  if (!root) { return; }
  var panel = root.querySelector("#chat-panel");
  var toggle = root.querySelector("[data-chat-toggle]");
  var log = root.querySelector("[data-chat-log]");
  var optionsBox = root.querySelector("[data-chat-options]");
  var queueBox = root.querySelector("[data-chat-queue]");
  var form = root.querySelector("[data-chat-form]");
  var callbackForm = root.querySelector("[data-chat-callback-form]");
  var errorBox = root.querySelector("[data-chat-error]");
  var api = root.dataset.api;
  var token = null;
  var lastId = 0;
  var socket = null;
  var pollTimer = null;
  var seen = {};

  function headers() {
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    return { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf, "Idempotency-Key": key };
  }

  function request(method, url, body) {
    return fetch(url, { method: method, credentials: "same-origin", headers: headers(), body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); });
  }

  function render(message) {
    if (seen[message.id]) { return; }
    seen[message.id] = true;
    lastId = Math.max(lastId, message.id);
    var item = document.createElement("li");
    item.className = "chat-msg chat-" + message.author;
    item.dataset.id = message.id;
    var text = document.createElement("p");
    text.textContent = message.text;
    item.appendChild(text);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (message.author !== "user") { showOptions(message.options || []); }
    if (message.kind !== "queue" && message.author !== "user") { queueBox.hidden = true; }
  }

  function showOptions(options) {
    optionsBox.textContent = "";
    options.forEach(function (option) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn secondary";
      button.textContent = option.label;
      button.addEventListener("click", function () { send(option.value); });
      optionsBox.appendChild(button);
    });
  }

  function onEvent(payload) {
    if (payload.type === "message") { render(payload.message); }
    if (payload.type === "queue") {
      queueBox.textContent = fmt(_("Ваше место в очереди: %s"), [payload.position]);
      queueBox.hidden = false;
    }
    if (payload.type === "state" && payload.state !== "waiting") { queueBox.hidden = true; }
  }

  function poll() {
    request("GET", api + token + "/messages?limit=100&after=" + lastId).then(function (r) {
      if (r.ok) { r.data.items.forEach(render); }
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    try { socket = new WebSocket(scheme + location.host + "/ws/chat/" + token + "/"); } catch (e) { socket = null; }
    if (!socket) { pollTimer = setInterval(poll, 4000); return; }
    socket.addEventListener("message", function (e) { onEvent(JSON.parse(e.data)); });
    socket.addEventListener("close", function () {
      socket = null;
      if (!pollTimer) { pollTimer = setInterval(poll, 4000); }
    });
  }

  function start() {
    if (token) { return Promise.resolve(); }
    return request("POST", root.dataset.start).then(function (r) {
      token = r.data.token;
      return request("GET", api + token);
    }).then(function (r) {
      r.data.messages.forEach(render);
      if (r.data.queue_position) { onEvent({ type: "queue", position: r.data.queue_position }); }
      connect();
    });
  }

  function send(text) {
    if (!text) { return; }
    optionsBox.textContent = "";
    request("POST", api + token + "/messages", { text: text }).then(function (r) {
      if (r.ok) { r.data.items.forEach(render); } else { render({ id: -Date.now(), author: "system", text: r.data.error.message, options: [] }); }
    });
  }

  toggle.addEventListener("click", function (e) {
    e.preventDefault();
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) { start().then(function () { form.elements.text.focus(); }); }
  });
  root.querySelector("[data-chat-close]").addEventListener("click", function () {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = form.elements.text.value.trim();
    form.elements.text.value = "";
    send(text);
  });
  callbackForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = { name: callbackForm.elements.name.value, phone: callbackForm.elements.phone.value, preferred_time: callbackForm.elements.preferred_time.value };
    request("POST", api + token + "/callback", body).then(function (r) {
      if (r.ok) {
        errorBox.hidden = true;
        root.querySelector("[data-chat-callback]").open = false;
        poll();
      } else {
        errorBox.textContent = r.data.error.message;
        errorBox.hidden = false;
      }
    });
  });
})();
