/* The reading room's "Tăng cỡ chữ / Giảm cỡ chữ" toolbar: steps through the same size profiles as print,
   remembers the choice (localStorage, also from file://), and shows the downloads of the chosen profile
   (the nearest built one when the chosen one was not built). `sizes.js` has already applied the size. */
(function () {
  "use strict";
  var sizes = window.BANTIN_SIZES;
  if (!sizes) { return; }

  function nearestBuilt(name) {
    if (sizes.built.indexOf(name) >= 0) { return name; }
    var at = sizes.names.indexOf(name), best = sizes.built[0], distance = Infinity;
    sizes.built.forEach(function (built) {
      var d = Math.abs(sizes.names.indexOf(built) - at);
      if (d < distance) { best = built; distance = d; }
    });
    return best;
  }

  function showDownloads(name) {
    var shown = nearestBuilt(name);
    document.querySelectorAll("[data-profile]").forEach(function (item) {
      var profile = item.getAttribute("data-profile");
      item.hidden = profile !== "" && profile !== shown;
    });
  }

  function announce(name) {
    var at = sizes.names.indexOf(name);
    document.querySelectorAll(".size-name").forEach(function (el) { el.textContent = sizes.labels[name]; });
    document.querySelectorAll(".toolbar button").forEach(function (button) {
      var step = Number(button.getAttribute("data-step"));
      var end = (step < 0 && at === 0) || (step > 0 && at === sizes.names.length - 1);
      button.setAttribute("aria-disabled", end ? "true" : "false");
    });
  }

  function choose(name) {
    window.bantinApplySize(name);
    try { localStorage.setItem("bantin-size", name); } catch (e) { /* private mode: not remembered */ }
    announce(name);
    showDownloads(name);
  }

  document.querySelectorAll(".toolbar").forEach(function (bar) {
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (!button || button.getAttribute("aria-disabled") === "true") { return; }
      var at = sizes.names.indexOf(sizes.current) + Number(button.getAttribute("data-step"));
      if (at >= 0 && at < sizes.names.length) { choose(sizes.names[at]); }
    });
  });
  announce(sizes.current);
  showDownloads(sizes.current);
})();
