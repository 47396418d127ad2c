/* Turn on browser push for outage news: register the service worker, subscribe with
   the company's VAPID key and hand the subscription to the API (session + CSRF). */
(function () {
  "use strict";
  // Translations come from /jsi18n/ (Django's JavaScriptCatalog); offline, Russian.
  var _ = window.gettext || function (s) { return s; };
  var button = document.getElementById("push-enable");
  if (!button || !("serviceWorker" in navigator) || !("PushManager" in window)) { return; }
  button.hidden = false;
  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  button.addEventListener("click", function () {
    var status = document.getElementById("push-status");
    navigator.serviceWorker.register(button.dataset.worker, { scope: button.dataset.scope })
      .then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(button.dataset.key) });
      })
      .then(function (sub) {
        var json = sub.toJSON();
        return fetch(button.dataset.api, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth })
        });
      })
      .then(function (r) { status.textContent = r.ok ? _("Push-уведомления включены.") : _("Не удалось включить push-уведомления."); })
      .catch(function () { status.textContent = _("Браузер не разрешил push-уведомления."); });
  });
})();
