"""The PDFs fetch nothing: not from the network, not from outside the content root."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.hostile.content import write_hostile_root
from tests.hostile.vectors import MARKDOWN, OUT_OF_REACH, XSS
from tests.tools import need


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


def payloads(base: str, secret: Path) -> tuple[str, ...]:
    """Every way an author's text could name something to fetch, aimed at our recorder."""
    aimed = tuple(
        p.replace("http://127.0.0.1:9", base).replace("//127.0.0.1:9", base)
        for p in (*MARKDOWN, *OUT_OF_REACH, *XSS)
    )
    return (
        *aimed,
        f"![tracker]({base}/tracker.png)",
        f"![secret](file://{secret})",
        f"![secret]({secret})",
        f'<img src="{base}/raw.png">',
        f"<link rel=attachment href={base}/attach>",
        f"<style>@import url({base}/style.css); body {{ background: url({base}/bg.png) }}</style>",
        f"[link]({base}/link)",  # a link is written into the PDF, never fetched
    )


def test_building_the_pdfs_fetches_nothing(
    tmp_path: Path, recorder: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    need("pdftotext")
    base, requests = recorder
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    root = write_hostile_root(tmp_path / "journeys", payloads(base, secret))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(root), "--out", "out", "--jobs", "2"])
    assert "Traceback" not in result.output
    assert requests == []
    # an image that cannot be had is an error at its place, and nothing is published
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    # found in the Markdown before anything is drawn (`journeymap pdf`, which prints
    # without them, leaves them to its fetcher: see test_pdf)
    assert any(f"image '{base}/tracker.png' is on the network" in line for line in errors)
    assert any("' is outside the content root" in line for line in errors)
    assert all(line.startswith("journeys/hostile/v") for line in errors)
    assert not (tmp_path / "out/site").exists()


def test_a_photo_linked_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = write_hostile_root(tmp_path / "journeys", XSS[:3])
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG outside")
    (root / "images").mkdir()
    os.symlink(outside, root / "images" / "eve.png")
    persona = root / "personas" / "eve.yaml"
    persona.write_text(persona.read_text() + "photo: ../images/eve.png\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "photo: '../images/eve.png' is outside the content root" in result.output
    assert not (tmp_path / "out").exists()
