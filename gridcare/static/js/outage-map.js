/* The outage map: Leaflet draws the GeoJSON of outages and settlement labels on a
   plain background. No tiles are fetched: labels and the list below the map carry the
   orientation. Text goes in through textContent only. */
(function () {
  "use strict";
  // Translations come from /jsi18n/ (Django's JavaScriptCatalog); offline, Russian.
  var _ = window.gettext || function (s) { return s; };
  var COLORS = { in_progress: "#a4161a", planned: "#b26b00", restored: "#17692f", cancelled: "#56606b" };

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement("a");
    title.href = props.url;
    title.textContent = props.kind_label + " № " + props.id + " — " + props.status_label;
    box.appendChild(title);
    // [label, value, is a Moscow time]
    [[_("Адреса: "), props.areas, false], [_("Причина: "), props.cause, false],
     [_("Начало: "), props.start, true], [_("Восстановление: "), props.restoration, true]
    ].forEach(function (row) {
      if (!row[1]) { return; }
      var p = document.createElement("p");
      p.textContent = row[0] + row[1] + (row[2] ? " " + _("(мск)") : "");
      box.appendChild(p);
    });
    return box;
  }

  function start() {
    var el = document.getElementById("outage-map");
    if (!el || !window.L) { return; }
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.5 });
    L.control.scale({ imperial: false }).addTo(map);
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var outages = data.features.filter(function (f) { return f.properties.layer === "outage"; }).length;
        var many = outages > 25; // then outage numbers show on hover, not all at once
        var layer = L.geoJSON(data, {
          style: function (f) {
            var c = COLORS[f.properties.status] || "#0b5cab";
            return { color: c, weight: 2, fillColor: c, fillOpacity: many ? 0.12 : 0.25 };
          },
          pointToLayer: function (f, latlng) {
            if (f.properties.layer === "settlement") {
              return L.circleMarker(latlng, { radius: 3, color: "#1a1f24", weight: 1, fillOpacity: 1 });
            }
            var c = COLORS[f.properties.status] || "#0b5cab";
            return L.circleMarker(latlng, { radius: 6, color: c, fillColor: c, fillOpacity: 0.6 });
          },
          onEachFeature: function (f, l) {
            if (f.properties.layer === "settlement") {
              l.bindTooltip(f.properties.name, { permanent: true, direction: "right", className: "map-label" });
            } else {
              l.bindPopup(popup(f.properties));
              l.bindTooltip("№ " + f.properties.id + (many ? " · " + f.properties.areas : ""),
                { permanent: !many, direction: "center", className: "map-label outage" });
            }
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds.pad(0.2)); } else { map.setView([55.79, 49.12], 10); }
      })
      .catch(function () { el.textContent = _("Карту загрузить не удалось — смотрите список ниже."); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
