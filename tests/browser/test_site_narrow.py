"""The site on a phone and a tablet, in English and Italian: nothing wider than the window
but inside a box that scrolls, and labels that wrap between words, never inside one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "journeys"
PAGES = (
    "index.html",
    "insights/index.html",
    "personas/marco/index.html",
    "touchpoints/index.html",
    "owners/index.html",
    "owners/support/index.html",
)

# Every element that reaches past the window's right edge, unless a box around it
# scrolls (or clips) sideways: that one is meant to be wider than a phone.
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const found = [];
for (const el of document.querySelectorAll('body *')) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 1) continue;
  let up = el.parentElement, held = false;
  for (; up && up !== document.body; up = up.parentElement) {
    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) {
      held = true;
      break;
    }
  }
  if (!held) found.push(el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40));
}
return [document.documentElement.scrollWidth, found.slice(0, 5)];
"""

# Words of letters whose glyphs sit on more than one line, in labels and in the tables of
# the insights and owners pages (the map's cells may break a URL, and are not looked at).
BROKEN_WORDS = """
const found = [];
const places = document.querySelectorAll('dt, th, .jm-table td, .jm-findings li');
for (const place of places) {
  if (place.closest('.jm-map')) continue;
  const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    const words = /[\\p{L}]{3,30}/gu;
    for (let m; (m = words.exec(node.nodeValue)); ) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set(
        Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))
      );
      if (lines.size > 1) found.push(m[0]);
    }
  }
}
return Array.from(new Set(found));
"""


def build(root: Path, out: Path) -> Path:
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site in English, and the same content with `language: it`."""
    base = tmp_path_factory.mktemp("narrow")
    italian = shutil.copytree(EXAMPLE, base / "it" / "journeys")
    site_yaml = italian / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace("language: en", "language: it"),
        encoding="utf-8",
    )
    return {"en": build(EXAMPLE, base / "en-out"), "it": build(italian, base / "it-out")}


def at_width(driver, width: int) -> None:  # type: ignore[no-untyped-def]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("width", [390, 600, 768])
def test_nothing_is_wider_than_a_narrow_window_but_in_a_scrolling_box(
    sites: dict[str, Path], browser, language: str, width: int
) -> None:
    at_width(browser, width)
    for page in PAGES:
        browser.get((sites[language] / page).as_uri())
        page_width, overflowing = browser.execute_script(OVERFLOWING)
        assert overflowing == [], f"{language} {page} at {width} px"
        assert page_width <= width, f"{language} {page} at {width} px"


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("width", [390, 600, 768, 1366])
def test_labels_and_table_cells_wrap_between_words(
    sites: dict[str, Path], browser, language: str, width: int
) -> None:
    at_width(browser, width)
    for page in PAGES:
        browser.get((sites[language] / page).as_uri())
        assert browser.execute_script(BROKEN_WORDS) == [], f"{language} {page} at {width} px"


def test_the_channel_mix_scrolls_sideways_on_a_phone(sites: dict[str, Path], browser) -> None:
    at_width(browser, 390)
    browser.get((sites["en"] / "insights/index.html").as_uri())
    table, box = browser.execute_script(
        "const t = document.querySelector('#jm-channel-mix table');"
        "return [t.getBoundingClientRect().width, t.parentElement.clientWidth];"
    )
    assert table > box  # the table keeps its columns; its box scrolls
    # a row holds a journey's title on a few lines, not a letter or two a line
    heights = browser.execute_script(
        "return Array.from(document.querySelectorAll('#jm-channel-mix tbody tr'))"
        ".map((r) => r.getBoundingClientRect().height)"
    )
    assert max(heights) < 120, heights


LABELS_PAST_THEIR_CELL = """
const found = [];
for (const cell of document.querySelectorAll('th.jm-lane-label, th.jm-corner')) {
  const text = document.createRange();
  text.selectNodeContents(cell.querySelector('.jm-lane-name') || cell);
  const edge = cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight);
  if (text.getBoundingClientRect().right > edge + 0.5) found.push(cell.textContent.trim());
}
return found;
"""


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("width", [360, 390, 768])
def test_lane_labels_stay_inside_their_sticky_cells(
    sites: dict[str, Path], browser, language: str, width: int
) -> None:
    at_width(browser, width)
    for journey in ("b2b/first-purchase", "service/support-ticket"):
        browser.get((sites[language] / "journeys" / journey / "index.html").as_uri())
        assert browser.execute_script(LABELS_PAST_THEIR_CELL) == [], f"{language} {journey}"


STAGE_OF_TARGET = """
const step = document.getElementById(location.hash.slice(1));
const stages = Array.from(document.querySelectorAll('th.jm-stage'));
const x = (step.getBoundingClientRect().left + step.getBoundingClientRect().right) / 2;
const stage = stages.find((s) => {
  const box = s.getBoundingClientRect();
  return box.left <= x && x <= box.right;
});
return [stage.getBoundingClientRect().top, step.getBoundingClientRect().bottom, innerHeight];
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_a_link_to_a_step_shows_its_stage_above_it(
    sites: dict[str, Path], browser, width: int
) -> None:
    at_width(browser, width)
    page = sites["en"] / "journeys/ecommerce/cart-abandonment/index.html"
    for anchor in ("is-asked-to-log-in-or-register", "reorders-from-a-whatsapp-link"):
        browser.get("about:blank")
        browser.get(f"{page.as_uri()}#{anchor}")
        stage_top, step_bottom, height = browser.execute_script(STAGE_OF_TARGET)
        assert stage_top >= 0 and step_bottom <= height, anchor
