"""The index page's search in headless Chromium, from file://, on a site in Italian: a word
mistyped still finds its step, a result quotes the words it matched, marked, and the
address keeps the words and the filters through a reload and Back."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.browser.axe import violations
from tests.conftest import write_files

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "output" / "screenshots"

ROOT = {
    "site.yaml": "title: Percorsi\nlanguage: it\n",
    "personas/giulia.yaml": "name: Giulia\n",
    "personas/franco.yaml": "name: Franco\n",
    "casa/trasloco.yaml": """
        title: Trasloco e utenze
        persona: [giulia]
        tags: [casa]
        stages:
          - name: Prima del trasloco
            steps:
              - title: Disdice le utenze
                emotion: -1
                doing: Chiama il fornitore per chiudere il contratto della luce.
                pains:
                  - "Le bollette arrivano ancora dopo la disdetta: <b>paga</b> due volte"
              - title: Cerca un nuovo fornitore
                emotion: 1
                doing: Confronta le offerte sul sito.
        """,
    "negozio/reso.yaml": """
        title: Reso in negozio
        persona: [franco]
        tags: [negozio]
        stages:
          - name: Reso
            steps:
              - title: Porta il pacco al negozio
                emotion: 0
                pains: [Le bollette del corriere non si trovano]
        """,
    "opportunities/bollette-chiare.yaml": """
        title: Bollette più chiare
        description: Una pagina che spiega ogni voce.
        addresses: casa/trasloco#disdice-le-utenze
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("ricerca")
    root = write_files(base / "journeys", ROOT)
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(base / "out"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    return base / "out" / "site"


# by score: a title's words count more, and a word in a short text more than in a long one
ALL = ["Bollette più chiare", "Porta il pacco al negozio", "Disdice le utenze"]


def found(driver) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#jm-search-results li > a")]


def wait_for(driver, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: found(d) == titles, f"not {titles}: {found(driver)}")


def choose(driver, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.NAME, name)).select_by_value(value)


def test_a_word_mistyped_finds_its_step_and_the_result_quotes_it_marked(
    site: Path,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "index.html").as_uri())
    browser.find_element(By.ID, "jm-search-input").send_keys("bollete")
    wait_for(browser, ALL)
    first = browser.find_elements(By.CSS_SELECTOR, "#jm-search-results li")[2]
    assert first.find_element(By.CLASS_NAME, "jm-result-journey").text == "Trasloco e utenze"
    snippet = first.find_element(By.CLASS_NAME, "jm-result-snippet")
    # the author's words as text: their markup is not markup
    assert snippet.text == "Le bollette arrivano ancora dopo la disdetta: <b>paga</b> due volte"
    assert [m.text for m in snippet.find_elements(By.TAG_NAME, "mark")] == ["bollette"]
    assert not snippet.find_elements(By.TAG_NAME, "b")
    opportunity = browser.find_elements(By.CSS_SELECTOR, "#jm-search-results li")[0]
    assert opportunity.find_element(By.CLASS_NAME, "jm-result-journey").text == "Opportunità"
    assert [m.text for m in opportunity.find_elements(By.TAG_NAME, "mark")] == ["Bollette"]
    first.find_element(By.TAG_NAME, "a").click()
    assert browser.current_url.endswith("journeys/casa/trasloco/index.html#disdice-le-utenze")


def test_a_word_begun_finds_the_words_it_begins(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get((site / "index.html").as_uri())
    browser.find_element(By.ID, "jm-search-input").send_keys("fornit")
    wait_for(browser, ["Cerca un nuovo fornitore", "Disdice le utenze"])
    marks = browser.find_elements(By.CSS_SELECTOR, "#jm-search-results mark")
    assert [m.text for m in marks] == ["fornitore", "fornitore"]


def test_the_address_keeps_the_words_and_the_filters_through_reload_and_back(
    site: Path,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    from selenium.webdriver.common.by import By

    index = (site / "index.html").as_uri()
    browser.get(index)
    browser.find_element(By.ID, "jm-search-input").send_keys("bollete")
    wait_for(browser, ALL)
    assert browser.current_url == index + "#q=bollete"
    # a filter narrows the results to its journeys' steps
    choose(browser, "tag", "negozio")
    wait_for(browser, ["Porta il pacco al negozio"])
    assert browser.current_url == index + "#q=bollete&tag=negozio"

    browser.refresh()
    wait_for(browser, ["Porta il pacco al negozio"])
    assert browser.find_element(By.ID, "jm-search-input").get_attribute("value") == "bollete"

    browser.find_element(By.CSS_SELECTOR, "#jm-search-results a").click()
    assert browser.current_url.endswith(
        "journeys/negozio/reso/index.html#porta-il-pacco-al-negozio"
    )
    browser.back()
    wait_for(browser, ["Porta il pacco al negozio"])
    assert browser.current_url == index + "#q=bollete&tag=negozio"

    # a shared address opens on its search; clearing it clears the address
    browser.get(index + "#q=contratto&persona=giulia")
    wait_for(browser, ["Disdice le utenze"])
    box = browser.find_element(By.ID, "jm-search-input")
    box.clear()
    box.send_keys(" ")
    choose(browser, "persona", "")
    assert browser.current_url == index


def test_the_results_break_no_wcag_22_rule_and_look_right(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    browser.get((site / "index.html").as_uri() + "#q=bollete")
    wait_for(browser, ALL)
    assert violations(browser) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "search-results.png"
    assert browser.save_screenshot(str(target))
    assert target.stat().st_size > 10_000
