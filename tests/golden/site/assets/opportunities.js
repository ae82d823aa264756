/* Filters for the opportunities page. The page is complete without this script:
   every opportunity is listed; this only narrows the list, and keeps the choices in
   the address (#status=done&tag=pricing) so that a filtered list can be shared. */
(function () {
  "use strict";
  var filters = document.getElementById("jm-opp-filters");
  var table = document.getElementById("jm-opps");
  if (!filters || !table) return;
  var rows = table.querySelectorAll("tbody tr");
  var empty = document.getElementById("jm-opp-empty");
  var names = ["status", "owner", "journey", "persona", "tag"];

  function selects() {
    return names.map(function (name) { return filters.elements[name]; }).filter(Boolean);
  }

  function apply() {
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var ok = selects().every(function (select) {
        var value = select.value;
        var have = (row.getAttribute("data-" + select.name) || "").split("|");
        return !value || have.indexOf(value) >= 0;
      });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    empty.hidden = shown > 0;
  }

  function fromAddress() {
    // a link from elsewhere (a journey's card) asks in the query; choices made here
    // are kept in the hash, which wins once there is one
    var asked = location.hash.replace(/^#/, "") || location.search.replace(/^\?/, "");
    var wanted = new URLSearchParams(asked);
    selects().forEach(function (select) {
      var value = wanted.get(select.name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
    apply();
  }

  function toAddress() {
    var chosen = new URLSearchParams();
    selects().forEach(function (select) {
      if (select.value) chosen.set(select.name, select.value);
    });
    var hash = chosen.toString();
    // replaced, not pushed: Back leaves the page, as it does elsewhere on the site
    history.replaceState(null, "", location.pathname + (hash ? "#" + hash : ""));
    apply();
  }

  filters.hidden = false;
  filters.addEventListener("change", toAddress);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
})();
