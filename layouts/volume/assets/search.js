/* Search and filters of the archive's index, offline (file:// too): MiniSearch over the titles, leads and
   text in search-index.js. Vietnamese is matched with or without diacritics: both the text and the query
   are folded ("đảng viên" and "dang vien" are the same words to the index). */
(function () {
  "use strict";
  var finder = document.getElementById("finder");
  if (!finder || !window.MiniSearch || !window.BANTIN_DOCS) { return; }

  function fold(term) {
    return term.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  var index = new window.MiniSearch({
    fields: ["title", "lead", "text", "author", "category"],
    processTerm: function (term) { var folded = fold(term); return folded.length ? folded : null; },
    searchOptions: { boost: { title: 3, lead: 2 }, prefix: true, combineWith: "AND" }
  });
  index.addAll(window.BANTIN_DOCS);

  var input = document.getElementById("q");
  var period = document.getElementById("period");
  var category = document.getElementById("category");
  var note = document.getElementById("results-note");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card[data-id]"));
  var timer = null;

  function update() {
    var query = input.value.trim();
    var found = query ? new Set(index.search(query).map(function (hit) { return hit.id; })) : null;
    var wantPeriod = period.value, wantCategory = category.value, shown = 0;
    cards.forEach(function (card) {
      var visible = (!found || found.has(card.getAttribute("data-id"))) &&
        (!wantPeriod || (card.getAttribute("data-period") || "").indexOf(wantPeriod) === 0) &&
        (!wantCategory || card.getAttribute("data-category") === wantCategory);
      card.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.querySelectorAll(".month, .period").forEach(function (section) {
      section.hidden = !section.querySelector(".card:not([hidden])");
    });
    var filtered = query || wantPeriod || wantCategory;
    note.textContent = !filtered ? "" : (shown ? finder.getAttribute("data-found").replace("{count}", shown)
                                                : finder.getAttribute("data-none"));
  }

  finder.hidden = false;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
  period.addEventListener("change", update);
  category.addEventListener("change", update);
  finder.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  var asked = new URLSearchParams(window.location.search).get("q");  // OpenSearch: index.html?q=…
  if (asked) { input.value = asked; }
  update();
})();
