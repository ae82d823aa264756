"""An import refuses what `validate` would refuse: a file over the 5 MB a journey file may
hold, before reading it all; and it never writes a journey file that `validate` refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from interop.helpers import example_root, run, validate_ok

LIMIT = 5 * 1024 * 1024


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return example_root(tmp_path)


@pytest.mark.parametrize("kind", ["csv", "mermaid"])
def test_a_file_over_the_limit_is_refused_unread(root: Path, kind: str) -> None:
    # 40 MB of which nothing is on disk: read, it would take a minute and 780 MB
    sheet = Path(f"grande.{kind}")
    with sheet.open("wb") as file:
        file.write("stage,title\nScelta,Caffè\n".encode())
        file.truncate(40 * 1024 * 1024)
    code, stdout, stderr = run("import", kind, str(sheet), "-o", "journeys/grande.yaml")
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"grande.{kind}:1:1: error: file is 40.0 MB, over the 5 MB limit of a journey "
        "file; split it\n"
        "1 error, 0 warnings in 1 file\n"
    )
    assert not (root / "grande.yaml").exists()


def test_a_file_just_over_the_limit_is_refused(root: Path) -> None:
    head = b"stage,title\nScelta,"
    Path("limite.csv").write_bytes(head + b"x" * (LIMIT + 1 - len(head)))
    code, _, stderr = run("import", "csv", "limite.csv", "-o", "journeys/limite.yaml")
    assert code == 1
    assert stderr == (
        "limite.csv:1:1: error: file is 5.0 MB, over the 5 MB limit of a journey file; split it\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_what_is_not_a_file_is_refused(root: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    os.mkfifo("tubo.csv")
    code, _, stderr = run("import", "csv", "tubo.csv", "-o", "journeys/tubo.yaml")
    assert code == 1
    assert stderr == (
        "tubo.csv:1:1: error: 'tubo.csv' is a named pipe (FIFO), not a regular file: "
        "only regular files are read; remove it\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_a_journey_that_would_be_over_the_limit_is_not_written(root: Path) -> None:
    # 3 MB of quotes in a cell: YAML writes each twice, 6 MB that validate would refuse
    title = "'" * (3 * 1024 * 1024)
    Path("virgolette.csv").write_text(f"stage,title\nScelta,{title}\n", encoding="utf-8")
    code, stdout, stderr = run("import", "csv", "virgolette.csv", "-o", "journeys/v.yaml")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "virgolette.csv:1:1: error: the journey would not be valid: its file would be 6.0 MB, "
        "over the 5 MB limit of a journey file; import it in parts\n"
        "1 error, 0 warnings in 1 file\n"
    )
    assert not (root / "v.yaml").exists()
    validate_ok(root)
