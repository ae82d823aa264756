/* Search and filters for the index page. The page is complete without this
   script: every journey is listed; this only narrows the list. */
(function () {
  "use strict";
  var input = document.getElementById("jm-search-input");
  var results = document.getElementById("jm-search-results");
  var filters = document.getElementById("jm-filters");
  var cards = document.querySelectorAll("#jm-cards .jm-card");
  var empty = document.getElementById("jm-filters-empty");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // -- filters ----------------------------------------------------------------
  function applyFilters() {
    var tag = filters.elements.tag.value;
    var persona = filters.elements.persona.value;
    var state = filters.elements.state.value;
    var shown = 0;
    Array.prototype.forEach.call(cards, function (card) {
      var ok =
        (!tag || card.dataset.tags.split("|").indexOf(tag) >= 0) &&
        (!persona || card.dataset.personas.split("|").indexOf(persona) >= 0) &&
        (!state || card.dataset.state === state);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    empty.hidden = shown > 0;
    sortCards(filters.elements.sort ? filters.elements.sort.value : "");
  }

  // -- sort: by title as the page's language orders words (the page comes in that
  //    order), or by last change, newest first, then by title ------------------
  var list = document.getElementById("jm-cards");
  var original = Array.prototype.slice.call(cards);
  var collator = window.Intl
    ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true })
    : null;
  function title(card) {
    var heading = card.querySelector(".jm-card-title");
    return heading ? heading.textContent.trim() : "";
  }
  function byTitle(a, b) {
    return collator ? collator.compare(title(a), title(b)) : title(a).localeCompare(title(b));
  }
  function changed(card) {
    var time = Date.parse(card.dataset.changed || "");
    return isNaN(time) ? -Infinity : time; // a journey outside Git comes last
  }
  function sortCards(by) {
    var ordered = original.slice().sort(function (a, b) {
      if (by === "changed" && changed(a) !== changed(b)) return changed(a) > changed(b) ? -1 : 1;
      return byTitle(a, b);
    });
    ordered.forEach(function (card) { list.appendChild(card); });
  }
  if (filters) {
    filters.hidden = false;
    filters.addEventListener("change", applyFilters);
    // the browser may bring back the last choices (Back, a reload): the cards follow them
    applyFilters();
    window.addEventListener("pageshow", applyFilters);
  }

  // -- search -----------------------------------------------------------------
  if (!input) return;
  var index = null;
  var loading = false;
  var root = input.dataset.root;

  function failed() {
    loading = false; // the next key typed tries again
    message(input.dataset.failed);
  }

  function load(done) {
    if (index) return done();
    if (window.journeymapSearch) {
      index = window.journeymapSearch;
      return done();
    }
    if (loading) return; // the index is on its way; it renders the latest query when it lands
    loading = true;
    if (location.protocol === "file:") {
      // browsers refuse fetch() on file://: the same index ships as a script
      var script = document.createElement("script");
      script.src = input.dataset.indexScript;
      script.onload = function () {
        if (!window.journeymapSearch) return failed();
        index = window.journeymapSearch;
        done();
      };
      script.onerror = function () {
        script.remove();
        failed();
      };
      document.head.appendChild(script);
      return;
    }
    fetch(input.dataset.index)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + input.dataset.index);
        return response.json();
      })
      .then(function (data) { index = data; done(); })
      .catch(failed);
  }

  function message(text) {
    results.textContent = "";
    var item = document.createElement("li");
    item.className = "jm-search-message";
    item.textContent = text;
    results.appendChild(item);
  }

  function render(query) {
    results.textContent = "";
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return;
    var found = index.filter(function (entry) {
      // a step is found by its own words; its journey's title finds the journey
      var haystack = fold(entry.t + " " + entry.x);
      return words.every(function (word) { return haystack.indexOf(word) >= 0; });
    }).slice(0, 30);
    if (!found.length) return message(input.dataset.noResults);
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.u;
      link.textContent = entry.t;
      item.appendChild(link);
      if (entry.j !== undefined) {
        var journey = document.createElement("span");
        journey.className = "jm-result-journey";
        journey.textContent = index[entry.j].t;
        item.appendChild(journey);
      }
      results.appendChild(item);
    });
  }

  function search() {
    if (!input.value.trim()) {
      results.textContent = "";
      return;
    }
    load(function () { render(input.value); });
  }

  document.getElementById("jm-search").hidden = false;
  input.addEventListener("input", search);
  // the words typed before Back are still in the box: so are their results
  window.addEventListener("pageshow", search);
})();
