// Progressive enhancement for the search form: "use my location" and place autocomplete.
// The form works without any of this.
(function () {
  "use strict";
  var near = document.getElementById("near");
  var lat = document.getElementById("lat");
  var lng = document.getElementById("lng");
  var button = document.getElementById("use-location");
  if (!near) return;

  // Typing a place replaces coordinates from an earlier "use my location".
  near.addEventListener("input", function () { if (lat) lat.value = ""; if (lng) lng.value = ""; });

  if (button && navigator.geolocation && lat && lng) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      button.disabled = true;
      button.textContent = "Finding you…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(5);
        lng.value = pos.coords.longitude.toFixed(5);
        near.value = "";
        near.form.submit();
      }, function () {
        button.disabled = false;
        button.textContent = "Could not get your location — type a suburb instead";
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  var list = document.getElementById("place-suggestions");
  var timer = null;
  if (list && window.fetch) {
    near.addEventListener("input", function () {
      clearTimeout(timer);
      var q = near.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(function () {
        fetch("/api/v1/places?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
})();
