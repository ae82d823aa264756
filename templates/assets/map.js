/* The map on screen: a link or control focused inside the map is brought out from under
   the sticky lane labels (WCAG 2.4.11). Browsers scroll a focused element into view only
   when none of it is in the scrolling box, and an element under a sticky cell is in it.
   The page is complete without this script. */
(function () {
  "use strict";
  var ROOM = 8; // px between the labels and the focus ring (3px wide, 2px away)
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!target.closest) return;
    var cell = target.closest(".jm-map-table td");
    var scroller = cell && cell.closest(".jm-map-scroll");
    var label = scroller && scroller.querySelector(".jm-lane-label");
    if (!label) return;
    var hidden = label.getBoundingClientRect().right + ROOM - target.getBoundingClientRect().left;
    if (hidden > 0) scroller.scrollLeft -= hidden;
  });
})();
