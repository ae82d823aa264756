"""The published site in headless Chromium: from file://, and under a sub-path over HTTP.

These tests need chromium and chromedriver; they skip without them (and fail on CI).
A screenshot of a journey page is written to output/screenshots/ for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import cli

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "journeys"
SCREENSHOTS = REPO / "output" / "screenshots"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def errors(driver) -> list[dict]:  # type: ignore[no-untyped-def]
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def dead_links(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """Every file:// link and source of the page that points at no file, or at no anchor."""
    targets = driver.execute_script(
        "return Array.from(document.querySelectorAll('[href],[src]')).map(e => e.href || e.src)"
    )
    dead = []
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme != "file":
            continue
        if not Path(unquote(parts.path)).is_file():
            dead.append(target)
    for anchor in driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => a.hash.slice(1))"
    ):
        if not driver.execute_script("return !!document.getElementById(arguments[0])", anchor):
            dead.append(f"#{anchor}")
    return dead


def test_every_page_loads_from_file_without_errors_or_dead_links(site: Path, browser) -> None:
    for page in pages(site):
        browser.get(page.as_uri())
        assert errors(browser) == [], page
        assert dead_links(browser) == [], page


def test_the_404_page_is_styled_and_leads_home_from_file(site: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "404.html").as_uri())
    button = browser.find_element(By.CSS_SELECTOR, ".jm-button")
    assert button.value_of_css_property("background-color") == "rgba(37, 99, 235, 1)"
    assert button.get_attribute("href") == (site / "index.html").as_uri()
    button.click()
    assert browser.find_elements(By.CSS_SELECTOR, "#jm-cards .jm-card")


def test_search_finds_a_step_by_a_word_of_its_pain(site: Path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((site / "index.html").as_uri())
    box = browser.find_element(By.ID, "jm-search-input")
    assert box.is_displayed()
    box.send_keys("mandatory fields")

    def titles(driver) -> list[str]:  # type: ignore[no-untyped-def]
        return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#jm-search-results a")]

    # results follow each key typed: wait for the last word's
    WebDriverWait(browser, 5).until(lambda d: titles(d) == ["Fills in the quote request form"])
    links = browser.find_elements(By.CSS_SELECTOR, "#jm-search-results a")
    links[0].click()
    assert browser.current_url.endswith("journeys/b2b/first-purchase/index.html#fills-quote-form")
    assert errors(browser) == []


def test_filters_narrow_the_cards(site: Path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((site / "index.html").as_uri())

    def shown() -> list[str]:
        cards = browser.find_elements(By.CSS_SELECTOR, "#jm-cards .jm-card")
        return [c.find_element(By.TAG_NAME, "h3").text for c in cards if c.is_displayed()]

    assert len(shown()) == 5
    Select(browser.find_element(By.NAME, "tag")).select_by_value("ecommerce")
    assert shown() == [
        "Cart abandonment and win-back in the online shop",
        "Reordering office supplies (workshop template)",
    ]
    Select(browser.find_element(By.NAME, "tag")).select_by_value("")
    Select(browser.find_element(By.NAME, "state")).select_by_value("future")
    assert shown() == ["First purchase of a management software (future state)"]
    Select(browser.find_element(By.NAME, "persona")).select_by_value("sara")
    assert shown() == []
    assert browser.find_element(By.ID, "jm-filters-empty").is_displayed()


def test_the_curve_aligns_with_the_step_columns(site: Path, browser) -> None:
    browser.get((site / "journeys/b2b/first-purchase/index.html").as_uri())
    offsets = browser.execute_script(
        """
        const svg = document.querySelector('.jm-curve-svg');
        const steps = Array.from(document.querySelectorAll('th.jm-step'));
        return Array.from(svg.querySelectorAll('circle.jm-point')).map((p) => {
          const column = Math.floor(p.cx.baseVal.value / 100);
          const r = p.getBoundingClientRect();
          const th = steps[column].getBoundingClientRect();
          return Math.abs((r.left + r.right) / 2 - (th.left + th.right) / 2);
        });
        """
    )
    assert all(offset < 1.5 for offset in offsets), offsets


def test_lane_labels_stay_in_view_when_the_map_scrolls(site: Path, browser) -> None:
    browser.get((site / "journeys/b2b/first-purchase/index.html").as_uri())
    before, after = browser.execute_script(
        """
        const scroller = document.querySelector('.jm-map-scroll');
        const label = document.querySelector('.jm-lane-label');
        const before = label.getBoundingClientRect().left;
        scroller.scrollLeft = 800;
        return [before, label.getBoundingClientRect().left];
        """
    )
    assert abs(before - after) < 1


def test_a_screenshot_of_a_journey_page(site: Path, browser) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.get((site / "journeys/b2b/first-purchase/index.html").as_uri())
    browser.set_window_size(1600, 1800)
    target = SCREENSHOTS / "journey-b2b-first-purchase.png"
    assert browser.save_screenshot(str(target))
    browser.set_window_size(390, 900)
    assert browser.save_screenshot(str(SCREENSHOTS / "journey-b2b-first-purchase-narrow.png"))
    browser.set_window_size(1600, 1000)
    assert target.stat().st_size > 10_000


@pytest.fixture
def served(tmp_path: Path, write_root) -> Iterator[str]:
    """The example site built with base_url /maps/ and served below /maps/ on 127.0.0.1."""
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    site_yaml = root / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace("base_url: /journeys/", "base_url: /maps/"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    www = tmp_path / "www"
    shutil.copytree(out / "site", www / "maps")
    handler = functools.partial(QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/maps/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_site_works_under_a_sub_path_over_http(served: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    for path in (
        "index.html",
        "journeys/b2b/first-purchase/index.html",
        "insights/index.html",
        "404.html",
    ):
        browser.get(served + path)
        assert errors(browser) == [], path
        hrefs = browser.execute_script(
            "return Array.from(document.querySelectorAll("
            "'a[href],link[href],img[src],script[src]')).map(e => e.href || e.src)"
        )
        origin = served.removesuffix("maps/")
        for href in hrefs:
            if href.startswith(origin):  # our own links; authors' links go where they say
                assert href.startswith(served), f"{path}: {href} leaves the sub-path"
    browser.get(served + "index.html")
    browser.find_element(By.ID, "jm-search-input").send_keys("configurator")
    WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#jm-search-results a")
    )
    assert errors(browser) == []
