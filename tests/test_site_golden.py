"""The example site, byte for byte, against the committed tree in tests/golden/site/.

After an intended change to the site, regenerate the tree and review its diff:

    JOURNEYMAP_REGOLD=1 pytest tests/test_site_golden.py

Regenerating writes the new tree, prints what changed (files added, removed,
changed) and fails: a person reads `git diff tests/golden` before committing it.
With nothing changed, it passes and writes nothing.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
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
    new, old = _files(built), _files(GOLDEN)
    added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    changed = [n for n in sorted(set(new) & set(old)) if new[n].read_bytes() != old[n].read_bytes()]
    if os.environ.get("JOURNEYMAP_REGOLD") == "1":
        if added or removed or changed:
            shutil.rmtree(GOLDEN, ignore_errors=True)
            shutil.copytree(built, GOLDEN)
            pytest.fail(_summary(added, removed, changed), pytrace=False)
        return
    assert (added, removed) == ([], []), "files added or removed: see JOURNEYMAP_REGOLD above"
    problems = []
    for name in changed:
        got, expected = new[name].read_bytes(), old[name].read_bytes()
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


def _summary(added: list[str], removed: list[str], changed: list[str]) -> str:
    """What a regeneration changed, for the person who reviews it."""
    lines = [
        f"the golden site was regenerated: {len(changed)} changed, {len(added)} added, "
        f"{len(removed)} removed",
        *(f"  changed  {name}" for name in changed),
        *(f"  added    {name}" for name in added),
        *(f"  removed  {name}" for name in removed),
        "review `git diff tests/golden` and commit it if every change is intended",
    ]
    return "\n".join(lines)
