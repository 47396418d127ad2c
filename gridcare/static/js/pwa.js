/* Registers the service worker of the installable app and tells it when the signed-in
   person changed, so pages kept for offline use never show one person's data to another. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var body = document.body;
  var worker = body.getAttribute("data-sw");
  if (!worker) { return; }
  var who = body.getAttribute("data-who") || "";
  navigator.serviceWorker.register(worker, { scope: "/" }).then(function (registration) {
    var last = null;
    try { last = window.localStorage.getItem("gridcare-who"); } catch (e) { last = null; }
    if (last !== who) {
      var active = registration.active || navigator.serviceWorker.controller;
      if (active) { active.postMessage({ type: "forget-pages" }); }
      try { window.localStorage.setItem("gridcare-who", who); } catch (e) { /* private mode */ }
    }
  }).catch(function () { /* the site works without the offline shell */ });
  var banner = document.getElementById("offline-banner");
  function show() { if (banner) { banner.hidden = navigator.onLine; } }
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
})();
