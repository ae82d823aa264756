"""`journeymap serve` in headless Chromium: an edit reloads the page, a broken file
shows its errors over it, and fixing the file clears them. The server never dies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import WriteRoot
from tests.served import Served, serving, wait_for

pytestmark = pytest.mark.browser

JOURNEY = """
    title: Primo acquisto
    persona: giulia
    stages:
      - name: Consapevolezza
        steps:
          - title: Legge una recensione
            emotion: 1
"""


@pytest.fixture
def served(write_root: WriteRoot, tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    root = write_root({"personas/giulia.yaml": "name: Giulia\n", "primo.yaml": JOURNEY})
    for server in serving(root, tmp_path / "serve.log"):
        yield root, server


def test_serve_reloads_on_save_and_shows_errors_over_the_page(served, browser) -> None:
    root, server = served
    url = f"http://127.0.0.1:{server.port}/"
    driver = browser
    driver.get(url + "journeys/primo/")
    assert "Primo acquisto" in driver.find_element("tag name", "h1").text
    driver.execute_script("window.__notReloaded = true")

    path = root / "primo.yaml"
    path.write_text(path.read_text().replace("Primo acquisto", "Primo acquisto è cambiato"))

    def reloaded() -> bool:
        """the page reloads with the new title"""
        return driver.execute_script("return !window.__notReloaded") and "è cambiato" in (
            driver.find_element("tag name", "h1").text
        )

    wait_for(reloaded)

    good = path.read_text()
    path.write_text(good.replace("emotion: 1", "emotion: 9"))

    def overlay() -> str:
        """the errors are laid over the page"""
        return driver.find_element("id", "jm-live-errors").text

    text = str(wait_for(overlay))
    assert text.startswith("1 problem; the page shows the last good build\n")
    assert (
        "primo.yaml:7:18: error: stages[0].steps[0].emotion "
        "(Consapevolezza > Legge una recensione): 9 is outside the scale -2..2" in text
    )
    assert "è cambiato" in driver.find_element("tag name", "h1").text  # the last good page stays

    path.write_text(good.replace("è cambiato", "di nuovo valido"))

    def recovered() -> bool:
        """the overlay is gone and the page shows the fixed file"""
        return not driver.find_elements("id", "jm-live-errors") and "di nuovo valido" in (
            driver.find_element("tag name", "h1").text
        )

    wait_for(recovered)
    assert server.process.poll() is None
