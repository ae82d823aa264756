"""Nothing lost: no command writes into the content root unless asked to make a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "journeys"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(EXAMPLE, tmp_path / "journeys"))


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "journeys", "--strict"],
        ["build", "journeys", "--out", "out", "--no-pdf"],
        ["build", "journeys", "--out", "out", "--clean", "--no-pdf", "--drafts"],
        ["pdf", "b2b/first-purchase", "--root", "journeys", "-o", "map.pdf"],
        ["export", "json"],
        ["export", "csv", "b2b/first-purchase"],
        ["export", "mermaid", "b2b/first-purchase"],
        ["schema", "site"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_commands_leave_the_content_root_untouched(root: Path, command: list[str]) -> None:
    before = snapshot(root)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code in (0, 1), result.output  # 1: --strict finds the stale map
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_build_refuses_an_output_inside_the_content_root(root: Path) -> None:
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["build", "journeys", "--out", "journeys/site", "--no-pdf"])
    assert result.exit_code == 1
    assert snapshot(root) == before
