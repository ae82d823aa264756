"""What a process keeps across builds is owned by one object, and let go of on demand."""

from __future__ import annotations

from pathlib import Path

import generator.content.validate
import generator.pdf.render
import generator.site.render
import generator.site.staging  # noqa: F401  (each registers what it keeps)
from generator.common import digests
from generator.common.process import PROCESS, Slot
from generator.site.build import build


def test_the_process_owns_every_part_kept_across_builds() -> None:
    assert sorted(PROCESS.parts) == [
        "background deletions",
        "file digests",
        "journey checker",
        "print stylesheets",
        "site renderer",
    ]


def test_after_a_build_nothing_is_left_for_workers_and_clear_forgets_the_digests(
    write_root, tmp_path: Path
) -> None:
    files = {
        f"g/p{n:02d}.yaml": f"title: Viaggio {n} è\nstages: [{{name: Uno}}]\n" for n in range(20)
    }
    root = write_root(files)
    build(root, tmp_path / "out", pdf=False, jobs=2)
    assert all(part.value is None for part in PROCESS.parts.values() if isinstance(part, Slot))
    assert len(digests.FILES) > 0
    PROCESS.clear()
    assert len(digests.FILES) == 0
    assert digests.file_digest(root / "g/p00.yaml") == digests.digest(
        (root / "g/p00.yaml").read_bytes()
    )


def test_a_slot_holds_its_object_only_while_the_workers_run() -> None:
    slot: Slot[str] = Slot()
    with slot.holding("renderer"):
        assert slot.get() == "renderer"
    assert slot.value is None
