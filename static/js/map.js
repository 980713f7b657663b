// Maps as a progressive enhancement: without JavaScript or Leaflet the page still works.
// Tiles come only from the tile service the operator set (MAP_TILE_URL, in the map's data-tiles);
// without one, search results are drawn as a plan (numbered markers and the search circle on a
// plain background) and no request leaves the site.
(function () {
  "use strict";
  if (!window.L) return;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function makeMap(el, lat, lng, zoom) {
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: !!el.dataset.tiles }).setView([lat, lng], zoom);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        maxZoom: parseInt(el.dataset.maxZoom, 10) || 18,
        attribution: escapeHtml(el.dataset.attribution || ""),
      }).addTo(map);
    } else {
      el.classList.add("map-plan");
    }
    return map;
  }

  function numbered(n, profession) {
    return L.divIcon({
      className: "map-pin map-pin-" + profession,
      html: "<span>" + n + "</span>",
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
  }

  var listing = document.getElementById("listing-map");
  if (listing && listing.dataset.tiles) {
    listing.hidden = false;
    var la = parseFloat(listing.dataset.lat), ln = parseFloat(listing.dataset.lng);
    var m = makeMap(listing, la, ln, 15);
    L.marker([la, ln], { icon: numbered("", listing.dataset.profession || ""), title: listing.dataset.name, keyboard: false }).addTo(m);
  }

  var results = document.getElementById("results-map");
  if (results) {
    results.hidden = false;
    var origin = [parseFloat(results.dataset.lat), parseFloat(results.dataset.lng)];
    var map = makeMap(results, origin[0], origin[1], 12);
    var radius = parseFloat(results.dataset.radiusKm);
    var bounds = [origin];
    if (radius) {
      var circle = L.circle(origin, { radius: radius * 1000, className: "map-circle", interactive: false }).addTo(map);
      if (!results.dataset.tiles) bounds = [circle.getBounds().getNorthWest(), circle.getBounds().getSouthEast()];
    }
    L.circleMarker(origin, { radius: 5, className: "map-origin", interactive: false }).addTo(map);
    document.querySelectorAll(".result[data-lat]").forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      var link = item.querySelector("h2 a");
      var marker = L.marker(point, {
        icon: numbered(item.dataset.n || "", item.dataset.profession || ""),
        title: item.dataset.name,
        keyboard: false, // the list beside the map is the keyboard's way to each listing
      }).addTo(map);
      if (link) {
        var a = document.createElement("a");
        a.href = link.getAttribute("href");
        a.textContent = item.dataset.name;
        marker.bindPopup(a);
      }
      bounds.push(point);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }
})();
