"""Every payload in every field: the built site runs none of them and evaluates no template."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.hostile.content import write_hostile_root
from tests.hostile.inspect_html import inspect_page
from tests.hostile.vectors import ALL, OUT_OF_REACH, TEMPLATE

OUR_SCRIPTS = {"search.js", "search-index.js", "map.js"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    root = write_hostile_root(base / "journeys")
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(base / "out"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    return base / "out" / "site"


@pytest.mark.parametrize("payload", OUT_OF_REACH)
def test_an_image_out_of_reach_fails_the_build_at_its_place(payload: str, tmp_path: Path) -> None:
    root = write_hostile_root(tmp_path / "journeys", (payload, "Caffè", "Tè"))
    result = CliRunner().invoke(
        cli, ["build", str(root), "--out", str(tmp_path / "out"), "--no-pdf"]
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert any("hostile/v000.yaml:" in line for line in errors)
    assert errors and all("image '" in line for line in errors)
    assert not (tmp_path / "out").exists()


def test_every_journey_has_its_page(hostile_site: Path) -> None:
    pages = sorted((hostile_site / "journeys" / "hostile").glob("v*/index.html"))
    assert len(pages) == len(ALL)


def test_no_page_holds_script_handlers_or_unsafe_urls(hostile_site: Path) -> None:
    findings = []
    for page in sorted(hostile_site.rglob("*.html")):
        findings.extend(inspect_page(page, OUR_SCRIPTS))
    assert findings == []


def test_no_template_text_was_evaluated(hostile_site: Path) -> None:
    for page in sorted(hostile_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "4913" not in text, page
        # kept as text ("%}jm-evaluated") or slugged into an id ("-jm-evaluated"), never alone
        assert not re.search(r"(?<![-}])jm-evaluated", text), page
    journey = (
        hostile_site / "journeys" / "hostile" / f"v{ALL.index(TEMPLATE[0]):03d}" / "index.html"
    )
    assert "{{ 17*17*17 }}" in journey.read_text(encoding="utf-8")


def test_search_index_is_json_that_holds_the_payloads_as_text(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search.json").read_text(encoding="utf-8"))
    assert "<script>alert(1)</script>" in json.dumps(index, ensure_ascii=False)
    script = (hostile_site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "</script" not in script.lower()


# -- in a real browser ------------------------------------------------------

HOOK = """
window.__jmCalls = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = function () { window.__jmCalls.push(name); return null; };
}
"""

POKE = """
const calls = [];
for (const element of document.querySelectorAll("*")) {
  for (const type of ["mouseover", "mouseenter", "focus", "focusin", "animationstart", "toggle"]) {
    element.dispatchEvent(new Event(type, {bubbles: true}));
  }
}
const clickable = "button, summary, details, label, select, [tabindex]";
for (const element of document.querySelectorAll(clickable)) {
  element.click();
}
for (const link of document.querySelectorAll("a[href^='#']")) { link.click(); }
return true;
"""


@pytest.mark.browser
def test_no_script_runs_in_chromium(hostile_site: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    pages = sorted(hostile_site.rglob("*.html"))
    ran: dict[str, object] = {}
    for page in pages:
        driver.get(page.as_uri())
        driver.execute_script(POKE)
        calls = driver.execute_script("return [window.__jmCalls, window.__pwned || null]")
        if calls != [[], None]:
            ran[page.relative_to(hostile_site).as_posix()] = calls
        handlers = driver.execute_script(
            "return Array.from(document.querySelectorAll('*')).flatMap(e =>"
            " Array.from(e.attributes).filter(a => a.name.startsWith('on') ||"
            " (/^(href|src|action|formaction|xlink:href)$/.test(a.name) &&"
            " /^[\\s\\x00-\\x20]*(javascript|vbscript|data):/i.test(a.value)))"
            " .map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == [], page
    assert ran == {}

    driver.get((hostile_site / "index.html").as_uri())
    search = driver.find_element(By.ID, "jm-search-input")
    for query in ("alert", "<img src=x onerror=alert(1)>", "script", "javascript"):
        search.clear()
        search.send_keys(query)
        driver.execute_script(POKE)
    assert driver.execute_script("return window.__jmCalls") == []
    assert (
        driver.execute_script(
            "return document.querySelectorAll('img[src=\"x\"], script:not([src])').length"
        )
        == 0
    )
