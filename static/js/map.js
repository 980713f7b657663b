// Maps as a progressive enhancement: without JavaScript, Leaflet or tiles the page still works.
(function () {
  "use strict";
  if (!window.L) return;
  var tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var attribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

  function makeMap(el, lat, lng, zoom) {
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lng], zoom);
    L.tileLayer(tiles, { maxZoom: 18, attribution: attribution }).addTo(map);
    return map;
  }

  var listing = document.getElementById("listing-map");
  if (listing) {
    var la = parseFloat(listing.dataset.lat), ln = parseFloat(listing.dataset.lng);
    var m = makeMap(listing, la, ln, 15);
    L.marker([la, ln], { title: listing.dataset.name }).addTo(m);
  }

  var results = document.getElementById("results-map");
  if (results) {
    var map = makeMap(results, parseFloat(results.dataset.lat), parseFloat(results.dataset.lng), 12);
    var bounds = [];
    document.querySelectorAll(".result[data-lat]").forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      var link = item.querySelector("a");
      var marker = L.marker(point, { title: item.dataset.name }).addTo(map);
      if (link) {
        var a = document.createElement("a");
        a.href = link.getAttribute("href");
        a.textContent = item.dataset.name;
        marker.bindPopup(a);
      }
      bounds.push(point);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }
})();
