"""The example site, byte for byte, against the committed tree in tests/golden/site/.

After an intended change to the site, regenerate the tree and review its diff:

    JOURNEYMAP_REGOLD=1 pytest tests/test_site_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "site"
EXAMPLE = HERE.parent / "journeys"


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_example_site_matches_the_golden_tree(tmp_path: Path) -> None:
    # SOURCE_DATE_EPOCH is pinned by conftest.py: nothing in the site may vary. The
    # content is copied out of the repository so that its Git history is not shown.
    root = shutil.copytree(EXAMPLE, tmp_path / "journeys")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    built = out / "site"
    if os.environ.get("JOURNEYMAP_REGOLD") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN)
    new, old = _files(built), _files(GOLDEN)
    assert sorted(new) == sorted(old), "files added or removed: set JOURNEYMAP_REGOLD=1"
    problems = []
    for name, path in new.items():
        got, expected = path.read_bytes(), old[name].read_bytes()
        if got == expected:
            continue
        try:
            diff = difflib.unified_diff(
                expected.decode().splitlines(),
                got.decode().splitlines(),
                f"golden/{name}",
                f"built/{name}",
                lineterm="",
            )
            problems.append("\n".join(diff))
        except UnicodeDecodeError:
            problems.append(f"{name}: binary file differs")
    assert not problems, "\n".join(problems)
