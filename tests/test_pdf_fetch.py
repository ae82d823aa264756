"""The fetcher WeasyPrint gets: files inside the allowed folders, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pdf.fetch import ConfinedFetcher


@pytest.fixture
def root(tmp_path: Path) -> Path:
    inside = tmp_path / "root"
    (inside / "images").mkdir(parents=True)
    (inside / "images/ok.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (inside / "images/link.png").symlink_to(tmp_path / "secret.txt")
    return inside


def test_a_file_inside_the_root_is_read(root: Path) -> None:
    fetcher = ConfinedFetcher([root])
    response = fetcher.fetch((root / "images/ok.png").as_uri())
    assert response.read() == b"png"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "it is outside the content root"),
        ("http://127.0.0.1:9/x.png", "only files inside the content root are read"),
        ("https://example.org/x.png", "only files inside the content root are read"),
        ("ftp://example.org/x.png", "only files inside the content root are read"),
        ("data:text/html,<p>x</p>", "only files inside the content root are read"),
    ],
)
def test_anything_else_is_refused_and_remembered(root: Path, url: str, reason: str) -> None:
    fetcher = ConfinedFetcher([root])
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert [(r.url, r.reason) for r in fetcher.refused] == [(url, reason)]


def test_a_symlink_inside_the_root_to_a_file_outside_is_refused(root: Path) -> None:
    fetcher = ConfinedFetcher([root])
    url = (root / "images/link.png").as_uri()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert [(r.url, r.reason) for r in fetcher.refused] == [(url, "it is outside the content root")]


def test_a_path_that_climbs_out_is_refused(root: Path) -> None:
    fetcher = ConfinedFetcher([root])
    url = (root / "images").as_uri() + "/../../secret.txt"
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused[0].reason == "it is outside the content root"
