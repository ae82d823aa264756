"""`journeymap serve` in headless Chromium: an edit reloads the page, a broken file
shows its errors over it, and fixing the file clears them. The server never dies."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import WriteRoot

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], object], seconds: float = 20.0) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # the page is between two loads
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {condition.__doc__ or condition}")


@pytest.fixture
def served(
    write_root: WriteRoot, tmp_path: Path
) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = write_root({"personas/giulia.yaml": "name: Giulia\n", "primo.yaml": JOURNEY})
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() or True)
        yield root, url, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_serve_reloads_on_save_and_shows_errors_over_the_page(served, browser) -> None:
    root, url, process = served
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
    assert process.poll() is None
