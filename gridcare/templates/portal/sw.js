{% load static %}/* gridcare service worker: the installable app's offline shell and push messages.
   Static files: cache first (their names carry a content hash in production).
   Pages and API reads: network first; the last loaded copy is kept and shown offline,
   otherwise the offline page. Writes always go to the network. */
"use strict";
var VERSION = "{{ version }}";
var SHELL = "gridcare-shell-" + VERSION;
var PAGES = "gridcare-pages";
var OFFLINE_URL = "{% url 'offline' %}";
var PRECACHE = [
  OFFLINE_URL,
  "{% static 'css/gridcare.css' %}",
  "{% static 'vendor/htmx-2.0.11.min.js' %}",
  "{% static 'js/pwa.js' %}",
  "{% static 'icons/icon-192.png' %}"
];
// Pages that are never kept: staff screens, administration, sign-in and one-time links.
var NEVER_KEEP = [/^\/staff\//, /^\/admin\//, /^\/login\//, /^\/logout\//, /^\/register\//, /^\/password\//, /^\/reception\/confirm\//, /^\/notifications\/unsubscribe\//];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("gridcare-shell-") === 0 && key !== SHELL; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// A different person signed in (or out): forget the pages kept for the previous one.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

function keepable(url) {
  return !NEVER_KEEP.some(function (pattern) { return pattern.test(url.pathname); });
}

function networkFirst(request, fallbackToOffline) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && keepable(new URL(request.url))) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (kept) {
      if (kept) { return kept; }
      return fallbackToOffline ? caches.match(OFFLINE_URL) : Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("{% get_static_prefix %}") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) { var copy = response.clone(); caches.open(SHELL).then(function (c) { c.put(request, copy); }); }
        return response;
      });
    }));
    return;
  }
  if (request.mode === "navigate") { event.respondWith(networkFirst(request, true)); return; }
  if (url.pathname.indexOf("/api/v1/") === 0) { event.respondWith(networkFirst(request, false)); }
});

{% include "notifications/push-sw.js" %}
