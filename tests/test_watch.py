"""The watcher of `journeymap serve`: the system's file events, a burst taken as one
change, the paths that changed handed over, and Git's own churn left out."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchfiles import Change

from generator.common.writing import WRITING_SUFFIX
from generator.site.watch import Watcher, _Filter, _with_contents


class Seen:
    def __init__(self) -> None:
        self.calls: list[set[Path]] = []
        self.arrived = threading.Condition()

    def __call__(self, changed: set[Path]) -> None:
        with self.arrived:
            self.calls.append(changed)
            self.arrived.notify_all()

    def wait_for(self, *paths: Path) -> set[Path]:
        """Every path seen so far, once the given ones are among them (or 20 s passed)."""
        with self.arrived:
            self.arrived.wait_for(lambda: set(paths) <= self.paths(), timeout=20)
            return self.paths()

    def paths(self) -> set[Path]:
        return {path for call in self.calls for path in call}


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, Seen]]:
    root = tmp_path / "root"
    root.mkdir()
    seen = Seen()
    watcher = Watcher([root, tmp_path / "no-such-folder"], seen)
    watcher.start()
    assert watcher.ready.wait(20)
    try:
        yield root, seen
    finally:
        watcher.stop()
        watcher.join(timeout=10)
        assert not watcher.is_alive()


def test_an_atomic_save_is_one_change_naming_the_file(watching: tuple[Path, Seen]) -> None:
    root, seen = watching
    (root / "primo.yaml").write_text("title: Primo\n", encoding="utf-8")
    assert root / "primo.yaml" in seen.wait_for(root / "primo.yaml")
    before = len(seen.calls)
    # as editors save: a temporary file beside it, renamed over it
    temporary = root / ".primo.yaml.tmp"
    temporary.write_text("title: Primo, di nuovo\n", encoding="utf-8")
    os.replace(temporary, root / "primo.yaml")
    seen.wait_for(root / "primo.yaml", temporary)
    assert len(seen.calls) == before + 1
    assert seen.calls[-1] >= {root / "primo.yaml"}


def test_a_burst_of_files_is_handed_over_together(watching: tuple[Path, Seen]) -> None:
    root, seen = watching
    (root / "gruppo").mkdir()
    written = [root / "gruppo" / f"percorso-{n}.yaml" for n in range(200)]
    for path in written:  # as a `git checkout` does
        path.write_text("title: Percorso\n", encoding="utf-8")
    assert set(written) <= seen.wait_for(*written)
    # a quiet of QUIET_MS ends a burst: 200 files are taken in far fewer changes than files
    assert len(seen.calls) < 20


def test_deleted_and_renamed_files_are_named(watching: tuple[Path, Seen]) -> None:
    root, seen = watching
    (root / "a.yaml").write_text("title: A\n", encoding="utf-8")
    (root / "b.yaml").write_text("title: B\n", encoding="utf-8")
    seen.wait_for(root / "a.yaml", root / "b.yaml")
    seen.calls.clear()
    (root / "a.yaml").rename(root / "c.yaml")
    (root / "b.yaml").unlink()
    assert {root / "a.yaml", root / "b.yaml", root / "c.yaml"} <= seen.wait_for(
        root / "a.yaml", root / "b.yaml", root / "c.yaml"
    )


def test_git_refs_are_watched_and_its_objects_are_not(watching: tuple[Path, Seen]) -> None:
    root, seen = watching
    objects = root / ".git" / "objects" / "ab"
    objects.mkdir(parents=True)
    (objects / "cdef").write_bytes(b"blob")
    (root / ".git" / "index.lock").write_bytes(b"")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    paths = seen.wait_for(root / ".git" / "HEAD")
    assert root / ".git" / "HEAD" in paths
    assert not any("objects" in path.parts or path.suffix == ".lock" for path in paths)


def test_a_new_folder_is_handed_over_with_what_it_already_holds(tmp_path: Path) -> None:
    # written before the system watched the new folder: no event of its own names them
    folder = tmp_path / "nuova-area"
    (folder / "più").mkdir(parents=True)
    (folder / "più" / "caffè.yaml").write_text("title: Caffè\n", encoding="utf-8")
    (folder / ".git" / "objects").mkdir(parents=True)
    (folder / ".git" / "objects" / "ab").write_bytes(b"blob")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    batch = {(Change.added, str(folder)), (Change.modified, str(tmp_path / "a.yaml"))}
    assert set(_with_contents(batch, _Filter())) == {
        folder,
        tmp_path / "a.yaml",
        folder / "più" / "caffè.yaml",
        folder / ".git" / "HEAD",
    }


def test_a_new_link_to_a_folder_is_not_walked(tmp_path: Path) -> None:
    elsewhere = tmp_path / "altrove"
    elsewhere.mkdir()
    (elsewhere / "segreto.yaml").write_text("title: Segreto\n", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "collegamento").symlink_to(elsewhere, target_is_directory=True)
    batch = {(Change.added, str(root / "collegamento"))}
    assert set(_with_contents(batch, _Filter())) == {root / "collegamento"}


def test_an_edit_being_written_is_no_change(watching: tuple[Path, Seen]) -> None:
    root, seen = watching
    # as the server writes an edit: a file of its own beside it, renamed over it
    writing = root / f".percorso.yaml.x1y2{WRITING_SUFFIX}"
    writing.write_text("title: Modificato è\n", encoding="utf-8")
    os.replace(writing, root / "percorso.yaml")
    assert writing not in seen.wait_for(root / "percorso.yaml")
