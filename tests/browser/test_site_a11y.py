"""Every kind of page of the example site in headless Chromium against axe-core's WCAG 2.2
A/AA rules, and what axe-core cannot see: the focus ring's contrast, a focused link
of the map kept clear of the sticky lane labels, the persona markers' shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import violations

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "output" / "screenshots"
MAP = "journeys/b2b/first-purchase/index.html"

# one page of each kind
PAGES = [
    "index.html",
    "index.html#q=price&state=current",  # search results shown, a filter chosen
    MAP,
    "personas/giulia/index.html",
    "personas/index.html",
    "touchpoints/index.html",
    "touchpoints/web/index.html",
    "owners/index.html",
    "owners/support/index.html",  # hand-offs whose emotion rises and falls
    "insights/index.html",
    "opportunities/index.html",
    "opportunities/pricing/transparent-price-list/index.html",
    "research/index.html",
    "research/interviews/it-managers-2026/index.html",
    "404.html",
]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_breaks_a_wcag_22_rule(browser, site: Path, page: str) -> None:  # type: ignore[no-untyped-def]
    path, _, hash_ = page.partition("#")
    assert (site / path).is_file()
    browser.set_window_size(1600, 1000)
    browser.get((site / path).as_uri() + (f"#{hash_}" if hash_ else ""))
    if hash_:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#jm-search-results li > a")
        )
    assert violations(browser) == []


# the contrast of the focus ring with what lies around it: 3:1 at least (WCAG 1.4.11)
RING = """
function luminance(colour) {
  const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function behind(element) {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)') return colour;
  }
  return 'rgb(255, 255, 255)';
}
const element = document.querySelector(arguments[0]);
element.focus();
if (!element.matches(':focus-visible')) return null;
const ring = getComputedStyle(element).outlineColor;
const [a, b] = [luminance(ring), luminance(behind(element))];
return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
"""


@pytest.mark.parametrize(
    "selector", [".jm-banner .jm-brand", ".jm-nav a", "main a", "#jm-search-input"]
)
def test_the_focus_ring_stands_out(browser, site: Path, selector: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get((site / "index.html").as_uri())
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the keyboard, for :focus-visible
    ratio = browser.execute_script(RING, selector)
    assert ratio is not None and ratio >= 3, (selector, ratio)


SCROLLED_UNDER = """
const scroller = document.querySelector('.jm-map-scroll');
const label = document.querySelector('.jm-lane-label');
const link = document.querySelectorAll('.jm-map-table td a')[arguments[0]];
link.scrollIntoView({block: 'center'});
scroller.scrollLeft = 0;
const start = link.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
scroller.scrollLeft = start - label.getBoundingClientRect().width + 20;
link.focus();
"""
GAP = """
const label = document.querySelector('.jm-lane-label');
return document.activeElement.getBoundingClientRect().left - label.getBoundingClientRect().right;
"""


def test_a_focused_link_of_the_map_is_not_hidden_by_the_lane_labels(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    browser.set_window_size(700, 900)
    try:
        browser.get((site / MAP).as_uri())
        count = browser.execute_script(
            "return document.querySelectorAll('.jm-map-table td a').length"
        )
        gaps = []
        for number in range(count):
            # its left edge a little under the labels, as going back along the map leaves it
            browser.execute_script(SCROLLED_UNDER, number)
            gaps.append(browser.execute_script(GAP))
        assert gaps and min(gaps) >= 0, gaps
        # by the keyboard, for a screenshot with the ring: a link under the labels, then
        # Shift+Tab and Tab back to it
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        browser.execute_script(SCROLLED_UNDER, 3)
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        ActionChains(browser).send_keys(Keys.TAB).perform()
        assert browser.execute_script(
            "return document.activeElement.matches('.jm-map-table td a:focus-visible')"
        )
        assert browser.execute_script(GAP) >= 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(SCREENSHOTS / "map-focused-link-700.png"))
    finally:
        browser.set_window_size(1600, 1000)


def test_a_persona_on_many_journeys_passes_too(browser, write_root, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # the page draws one row a journey past LIVED_IN_FULL journeys: a table of its own
    from generator.views.personaview import LIVED_IN_FULL
    from tests.test_actors import FILES, JOURNEY
    from tests.test_site import build

    files = {k: v for k, v in FILES.items() if k != "b2b/acquisto.yaml"}
    for number in range(LIVED_IN_FULL + 1):
        files[f"rinnovi/r{number:02d}.yaml"] = JOURNEY.replace(
            "Acquisto del gestionale", f"Rinnovo n. {number:02d}"
        )
    code, _stdout, stderr = build(write_root(files), tmp_path / "out")
    assert code == 0, stderr
    browser.set_window_size(1600, 1000)
    browser.get((tmp_path / "out/site/personas/niccolo/index.html").as_uri())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "persona-many-journeys.png"))
    assert violations(browser) == []
