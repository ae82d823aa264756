/* Search and filters for the index page. The page is complete without this script:
   every journey is listed; this only narrows the list. The words searched and the
   filters chosen are kept in the address (#q=bollette&tag=online), so that a search
   can be shared, and come back on a reload and on Back. */
(function () {
  "use strict";
  var input = document.getElementById("jm-search-input");
  var results = document.getElementById("jm-search-results");
  var filters = document.getElementById("jm-filters");
  var cards = document.querySelectorAll("#jm-cards .jm-card");
  var empty = document.getElementById("jm-filters-empty");
  var NAMES = ["tag", "persona", "state", "sort"];

  // what a word is, for MiniSearch and for the snippets alike: its own tokenizer's rule
  var SPLIT = /[\n\r\p{Z}\p{P}]+/u;
  var WORD = /[^\n\r\p{Z}\p{P}]+/gu;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function selects() {
    if (!filters) return [];
    return NAMES.map(function (name) { return filters.elements[name]; }).filter(Boolean);
  }

  // -- filters ----------------------------------------------------------------
  function applyFilters() {
    if (!filters) return;
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

  function filtered() {
    return selects().some(function (select) { return select.name !== "sort" && select.value; });
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

  // -- the address ------------------------------------------------------------
  function fromAddress() {
    var wanted = new URLSearchParams(location.hash.replace(/^#/, ""));
    selects().forEach(function (select) {
      var value = wanted.get(select.name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
    if (input) input.value = wanted.get("q") || "";
    applyFilters();
    search();
  }

  function toAddress() {
    var chosen = new URLSearchParams();
    if (input && input.value.trim()) chosen.set("q", input.value.trim());
    selects().forEach(function (select) {
      if (select.value) chosen.set(select.name, select.value);
    });
    var hash = chosen.toString();
    // replaced, not pushed: Back leaves the page, as it does elsewhere on the site, and
    // coming back to it brings the search and the filters with the address
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  // -- search -----------------------------------------------------------------
  var engine = null;
  var entries = null;
  var loading = false;
  var root = input ? input.dataset.root : "";

  function failed() {
    loading = false; // the next key typed tries again
    message(input.dataset.failed);
  }

  // a script by its address: from file:// too, where browsers refuse fetch()
  function script(src, done) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = done;
    tag.onerror = function () {
      tag.remove();
      failed();
    };
    document.head.appendChild(tag);
  }

  function entriesLoaded(done) {
    if (window.journeymapSearch) return done(window.journeymapSearch);
    if (location.protocol === "file:") {
      // the same index ships as a script
      return script(input.dataset.indexScript, function () {
        if (!window.journeymapSearch) return failed();
        done(window.journeymapSearch);
      });
    }
    fetch(input.dataset.index)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + input.dataset.index);
        return response.json();
      })
      .then(done)
      .catch(failed);
  }

  function build(data) {
    var made = new window.MiniSearch({
      fields: ["t", "x"],
      tokenize: function (text) { return text.split(SPLIT); },
      processTerm: function (term) { return fold(term) || null; },
      searchOptions: {
        boost: { t: 2 },
        combineWith: "AND",
        prefix: function (term, i, terms) { return i === terms.length - 1 || term.length > 3; },
        // one letter wrong in a word of 4 to 9, two from 10: "bollete" finds "bollette"
        fuzzy: function (term) { return term.length < 4 ? false : term.length < 10 ? 1 : 2; },
        maxFuzzy: 2
      }
    });
    made.addAll(data.map(function (entry, id) { return { id: id, t: entry.t, x: entry.x || "" }; }));
    entries = data;
    engine = made;
  }

  function load(done) {
    if (engine) return done();
    if (loading) return; // on its way; it renders the latest query when it lands
    loading = true;
    var withEngine = function () {
      entriesLoaded(function (data) {
        try {
          build(data);
        } catch (error) {
          return failed();
        }
        loading = false;
        done();
      });
    };
    if (window.MiniSearch) withEngine();
    else script(input.dataset.engine, withEngine);
  }

  function message(text) {
    results.textContent = "";
    var item = document.createElement("li");
    item.className = "jm-search-message";
    item.textContent = text;
    results.appendChild(item);
  }

  // `text` into `into`, its words found by the search marked; built as text nodes, so
  // an author's words stay words
  function marked(into, text, terms) {
    var last = 0;
    text.replace(WORD, function (word, at) {
      if (!terms[fold(word)]) return word;
      if (at > last) into.appendChild(document.createTextNode(text.slice(last, at)));
      var mark = document.createElement("mark");
      mark.textContent = word;
      into.appendChild(mark);
      last = at + word.length;
      return word;
    });
    if (last < text.length) into.appendChild(document.createTextNode(text.slice(last)));
  }

  // the line of the entry's text with the most words found, cut to a few words each
  // side of the first
  var AROUND = 10;
  function snippet(text, terms) {
    var best = null;
    text.split("\n").forEach(function (line) {
      var words = line.match(WORD) || [];
      var hits = words.filter(function (w) { return terms[fold(w)]; }).length;
      if (hits && (!best || hits > best.hits)) best = { line: line, hits: hits };
    });
    if (!best) return "";
    var spans = [];
    best.line.replace(WORD, function (word, at) { spans.push([at, word]); return word; });
    var first = 0;
    while (first < spans.length && !terms[fold(spans[first][1])]) first += 1;
    var from = Math.max(0, first - AROUND);
    var to = Math.min(spans.length - 1, first + AROUND);
    var start = from === 0 ? 0 : spans[from][0];
    var end = to === spans.length - 1 ? best.line.length : spans[to][0] + spans[to][1].length;
    return (start > 0 ? "… " : "") + best.line.slice(start, end) + (end < best.line.length ? " …" : "");
  }

  // the journeys the filters show, by the path their card links to
  function shownJourneys() {
    var shown = {};
    Array.prototype.forEach.call(cards, function (card) {
      var link = card.querySelector(".jm-card-title a");
      if (!card.hidden && link) shown[new URL(link.href).pathname] = true;
    });
    return shown;
  }

  function address(entry) {
    return entry.j !== undefined ? entries[entry.j].u + "#" + entry.a : entry.u;
  }

  function journeyOf(entry) {
    return entry.j !== undefined ? entries[entry.j] : entry.k ? null : entry;
  }

  function render(query) {
    results.textContent = "";
    if (!fold(query).trim()) return;
    var narrowed = filtered() ? shownJourneys() : null;
    var found = engine.search(query).filter(function (result) {
      if (!narrowed) return true;
      var journey = journeyOf(entries[result.id]);
      // with a filter chosen, only what its journeys hold: no opportunity, no study
      return journey && narrowed[new URL(root + journey.u, location.href).pathname];
    }).slice(0, 30);
    if (!found.length) return message(input.dataset.noResults);
    found.forEach(function (result) {
      var entry = entries[result.id];
      var terms = {};
      result.terms.forEach(function (term) { terms[term] = true; });
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + address(entry);
      marked(link, entry.t, terms);
      item.appendChild(link);
      var where = entry.j !== undefined ? entries[entry.j].t : entry.k ? input.dataset["kind" + entry.k.toUpperCase()] : "";
      if (where) {
        var context = document.createElement("span");
        context.className = "jm-result-journey";
        context.textContent = where;
        item.appendChild(context);
      }
      var quoted = snippet(entry.x || "", terms);
      if (quoted) {
        var text = document.createElement("p");
        text.className = "jm-result-snippet";
        marked(text, quoted, terms);
        item.appendChild(text);
      }
      results.appendChild(item);
    });
  }

  function search() {
    if (!input) return;
    if (!input.value.trim()) {
      results.textContent = "";
      return;
    }
    load(function () { render(input.value); });
  }

  if (filters) {
    filters.hidden = false;
    filters.addEventListener("change", function () {
      toAddress();
      applyFilters();
      search();
    });
  }
  if (input) {
    document.getElementById("jm-search").hidden = false;
    input.addEventListener("input", function () {
      toAddress();
      search();
    });
  }
  window.addEventListener("hashchange", fromAddress);
  // the address holds the words and the choices, also after Back (the page may come
  // from the browser's cache, or be loaded again with its form filled by the browser)
  window.addEventListener("pageshow", fromAddress);
  fromAddress();
})();
