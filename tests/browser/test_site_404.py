"""The 404 page as a host serves it: at any missing address, at any depth, where base_url
says the site is, and where it is not (a site moved, a base_url left at /)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "journeys"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that answers a missing address with the site's 404.html, as GitHub
    Pages and most hosts do (`site` is the site's folder below the served one)."""

    site = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """`host(base_url, folder)`: the example site built with that base_url and published
    below /folder/; the address of the host."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def publish(base_url: str, folder: str) -> str:
        root = shutil.copytree(EXAMPLE, tmp_path / "content" / folder)
        site_yaml = root / "site.yaml"
        text = site_yaml.read_text(encoding="utf-8")
        site_yaml.write_text(text.replace("/journeys/", base_url), encoding="utf-8")
        out = tmp_path / "out" / folder
        result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
        assert result.exit_code == 0, result.stderr
        www = tmp_path / "www"
        shutil.copytree(out / "site", www / folder)
        handler = type("Handler", (PagesHandler,), {"site": folder})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(www))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield publish
    for server in servers:
        server.shutdown()
        server.server_close()


def links(driver) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('nav a, .jm-brand, .jm-button'))"
            ".map((a) => a.href)"
        )
    )


def styled(driver) -> bool:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, ".jm-button")
    return bool(button.value_of_css_property("background-color") == "rgba(37, 99, 235, 1)")


def test_a_missing_address_deep_in_the_site_leads_back_to_it(host, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    origin = host("/maps/", "maps")
    browser.get(origin + "maps/journeys/b2b/an-old-name/")
    assert styled(browser)
    hrefs = links(browser)
    assert origin + "maps/index.html" in hrefs
    assert all(h.startswith(origin + "maps/") for h in hrefs), hrefs
    browser.find_element(By.CSS_SELECTOR, ".jm-button").click()
    WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#jm-cards .jm-card")
    )


def test_a_site_published_where_base_url_does_not_say_finds_its_root(host, browser) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    origin = host("/maps/", "elsewhere")  # a folder renamed, a project site's /<repo>/
    browser.get(origin + "elsewhere/journeys/gone/")
    assert styled(browser)
    WebDriverWait(browser, 5).until(
        lambda d: all(h.startswith(origin + "elsewhere/") for h in links(d))
    )
    assert origin + "elsewhere/insights/index.html" in links(browser)
