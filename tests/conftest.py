"""Shared fixtures: content roots written from a dict in one line."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

WriteRoot = Callable[..., Path]


def write_files(base: Path, files: dict[str, str | bytes]) -> Path:
    for relative, text in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return base


@pytest.fixture
def write_root(tmp_path: Path) -> WriteRoot:
    """`write_root({"site.yaml": "...", "a.yaml": "..."})` -> the content root's path.

    Texts are dedented, so they can be written indented inside a test.
    """

    def write(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        target = root if root is not None else tmp_path / "journeys"
        target.mkdir(parents=True, exist_ok=True)
        return write_files(target, files)

    return write


@pytest.fixture(autouse=True)
def _pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-11-23: staleness and "today" do not drift with the calendar
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
