"""Very long words without spaces must wrap, in the site and on paper, not blow up the layout."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.tools import need

WORD = "Precipitevolissimevolmente" * 120  # 3,120 letters, no space


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("long")
    root = base / "journeys"
    root.mkdir()
    (root / "lungo.yaml").write_text(
        f"title: {WORD}\nsummary: {WORD}\ntags: [{WORD[:300]}]\nstages:\n"
        f"  - name: {WORD[:500]}\n    description: {WORD}\n    steps:\n"
        + "".join(
            f"      - title: {WORD[: 200 * n]}\n        doing: {WORD}\n"
            f"        emotion: {n % 3 - 1}\n        pains: [{WORD}]\n        touchpoint: {WORD}\n"
            for n in range(1, 5)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(base / "out")])
    assert result.exit_code == 0, result.output
    return base / "out" / "site"


def pages_of(pdf: Path) -> int:
    info = subprocess.run(
        [need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


@pytest.mark.poppler
def test_the_poster_stays_a_few_sheets(built: Path) -> None:
    # at 9 pt, under a stage name of 500 letters, its description of 3,120 and titles of up
    # to 800, a cell of 3,120 letters is a sheet's band of its own: two runs of two steps,
    # a band a lane (doing, touchpoint, emotion, pains)
    assert pages_of(built / "pdf" / "lungo.pdf") <= 8
    # a blank map's rows are a sticky note high, under its step titles, which it keeps and
    # repeats on every sheet: titles this long leave room for one of its seven workshop
    # lanes a sheet, and no more sheets than that
    assert pages_of(built / "pdf" / "lungo-blank.pdf") <= 7


@pytest.mark.browser
def test_the_page_does_not_grow_wider_than_the_window(built: Path, browser) -> None:
    driver = browser
    driver.set_window_size(1200, 900)
    driver.get((built / "journeys" / "lungo" / "index.html").as_uri())
    widths = driver.execute_script(
        "return [document.querySelector('h1').getBoundingClientRect().width,"
        " document.querySelector('.jm-journey-head').getBoundingClientRect().width,"
        " document.documentElement.scrollWidth, window.innerWidth]"
    )
    heading, header, page, window = widths
    assert heading <= window and header <= window
    assert page <= window  # the map scrolls inside its own box, the page does not
    driver.set_window_size(1600, 1000)


@pytest.mark.browser
def test_no_page_grows_wider_than_a_phone(built: Path, browser) -> None:
    driver = browser
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        for page in sorted(built.rglob("*.html")):
            driver.get(page.as_uri())
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, page.relative_to(built)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
