// Progressive enhancement for the search form: "use my location" and place suggestions that
// follow the ARIA combobox pattern (list autocomplete): arrow keys move through the places,
// Enter picks one, Escape closes the list, and the number of places is announced. Places with
// one name in several states come as separate choices. The form works without any of this.
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
        button.textContent = "Could not find you: type a suburb";
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  var listbox = document.getElementById("near-listbox");
  var status = document.getElementById("near-status");
  if (!listbox || !window.fetch) return;

  near.setAttribute("role", "combobox");
  near.setAttribute("aria-autocomplete", "list");
  near.setAttribute("aria-expanded", "false");
  near.setAttribute("aria-controls", "near-listbox");

  var options = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function close() {
    listbox.hidden = true;
    near.setAttribute("aria-expanded", "false");
    near.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) {
      near.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      near.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    near.value = options[index].dataset.label;
    if (lat) lat.value = "";
    if (lng) lng.value = "";
    close();
    status.textContent = near.value + " chosen.";
  }

  function show(places) {
    listbox.replaceChildren();
    options = places.map(function (place, i) {
      var li = document.createElement("li");
      li.id = "near-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.label = place.label;
      li.textContent = place.label;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { choose(i); near.focus(); });
      listbox.appendChild(li);
      return li;
    });
    active = -1;
    if (options.length) {
      listbox.hidden = false;
      near.setAttribute("aria-expanded", "true");
      status.textContent = options.length + (options.length === 1 ? " place" : " places") + " found. Use the up and down arrows to choose.";
    } else {
      close();
      status.textContent = "";
    }
  }

  near.addEventListener("input", function () {
    clearTimeout(timer);
    var q = near.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      var ticket = ++asked;
      fetch("/api/v1/places?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) show(data.results || []); })
        .catch(function () {});
    }, 150);
  });

  near.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && options.length;
    if (event.key === "ArrowDown") {
      if (!open) return;
      event.preventDefault();
      highlight(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) { event.preventDefault(); choose(active); }
    } else if (event.key === "Escape") {
      if (open) { event.preventDefault(); close(); }
    }
  });

  near.addEventListener("blur", function () { setTimeout(close, 100); });
})();
