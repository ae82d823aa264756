"""The index page in headless Chromium, from file://: the order of the cards, the filters
after going Back, and a search whose index cannot be loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.test_site_history import git
from tests.tools import need

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "journeys"

# file name -> (title, tags, when it last changed): ids, titles and dates in three orders
JOURNEYS = {
    "a": ("Zaino per la scuola", "negozio", "2026-01-10T10:00:00+01:00"),
    "b": ("Ordine 10", "online", "2026-04-01T10:00:00+02:00"),
    "c": ("È arrivato il pacco", "online", "2026-02-01T10:00:00+01:00"),
    "d": ("acquisto in negozio", "negozio", "2026-03-01T10:00:00+01:00"),
    "e": ("Ordine 2", "online", "2026-05-01T23:30:00+02:00"),
    "f": ("Acquisto online", "online", "2026-05-01T22:00:00+00:00"),
}
BY_TITLE = [
    "acquisto in negozio",
    "Acquisto online",
    "È arrivato il pacco",
    "Ordine 2",
    "Ordine 10",
    "Zaino per la scuola",
]
# newest first, whatever the time zone the date was written in
BY_CHANGE = [
    "Acquisto online",
    "Ordine 2",
    "Ordine 10",
    "acquisto in negozio",
    "È arrivato il pacco",
    "Zaino per la scuola",
]


@pytest.fixture(scope="module")
def italian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site in Italian whose journeys were committed one by one, on their dates."""
    need("git")
    base = tmp_path_factory.mktemp("indice")
    root = base / "journeys"
    root.mkdir()
    (root / "site.yaml").write_text("title: Percorsi\nlanguage: it\n", encoding="utf-8")
    git(base, "init", "-q", "-b", "main")
    for name, (title, tag, when) in sorted(JOURNEYS.items(), key=lambda item: item[1][2]):
        (root / f"{name}.yaml").write_text(
            f"title: {title}\ntags: [{tag}]\nstages:\n  - name: Scoperta\n"
            "    steps: [{title: Cerca, emotion: 1}]\n",
            encoding="utf-8",
        )
        git(base, "add", ".")
        git(base, "commit", "-qm", title, when=when)
    out = base / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    return out / "site"


def shown(driver) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    cards = driver.find_elements(By.CSS_SELECTOR, "#jm-cards .jm-card")
    return [c.find_element(By.TAG_NAME, "h3").text for c in cards if c.is_displayed()]


def choose(driver, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.NAME, name)).select_by_value(value)


def test_the_page_lists_the_journeys_by_title_as_a_reader_orders_them(italian: Path) -> None:
    html = (italian / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h3 class="jm-card-title"><a [^>]*>([^<]+)</a>', html)
    assert titles == BY_TITLE  # without a script too


def test_sort_by_title_and_by_last_change(italian: Path, browser) -> None:
    browser.get((italian / "index.html").as_uri())
    assert shown(browser) == BY_TITLE
    choose(browser, "sort", "changed")
    assert shown(browser) == BY_CHANGE
    choose(browser, "sort", "")
    assert shown(browser) == BY_TITLE
    choose(browser, "tag", "online")
    choose(browser, "sort", "changed")
    assert shown(browser) == ["Acquisto online", "Ordine 2", "Ordine 10", "È arrivato il pacco"]


def test_the_filters_still_apply_after_going_back(italian: Path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((italian / "index.html").as_uri())
    choose(browser, "tag", "negozio")
    assert shown(browser) == ["acquisto in negozio", "Zaino per la scuola"]
    browser.find_element(By.CSS_SELECTOR, "#jm-cards .jm-card:not([hidden]) h3 a").click()
    WebDriverWait(browser, 5).until(lambda d: "/journeys/" in d.current_url)
    browser.back()
    # the address kept the choice ...
    WebDriverWait(browser, 5).until(lambda d: d.current_url.endswith("index.html#tag=negozio"))
    tag = browser.find_element(By.NAME, "tag")
    assert tag.get_attribute("value") == "negozio"
    assert shown(browser) == ["acquisto in negozio", "Zaino per la scuola"]  # ... and so do we


def test_a_search_that_cannot_load_its_index_says_so(tmp_path: Path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    site = out / "site"
    (site / "assets" / "search-index.js").unlink()
    browser.get((site / "index.html").as_uri())
    browser.find_element(By.ID, "jm-search-input").send_keys("price")
    WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#jm-search-results .jm-search-message")
    )
    assert browser.find_element(By.ID, "jm-search-results").text == (
        "The search could not be loaded; every journey is listed below."
    )
