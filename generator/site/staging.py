"""The folder a build writes its site into, made from the site before last.

A site of thousands of pages is thousands of folders. Making them all again
for every build, and deleting the old site's after the swap, cost more than
rendering an edited journey: on ext4 every new folder is a search of the
inode table, longer after each large deletion. So the site a swap retires is
kept as the spare, and the next build takes it: it removes every file from
it, keeps the folders, and writes into it as into an empty folder.

Removing the files first is what makes this safe. A page reused from the
last build is a hard link, so the spare shares its files with the published
site: the build must never write into one of them, only make new ones. The
folders of pages no longer built are removed at the end.

`Staging` is the whole of it, as a build uses it: the folder it writes into,
what killed builds left beside it, the swap that publishes the new site, and
the old site kept as the spare or removed in the background.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from generator.common.process import PROCESS
from generator.site.atomic import exchange, replace_dir


class Staging:
    """The folder a build writes its site into (`.staging-PID/site` in the output folder),
    published at once by `publish`, removed on the way out whatever happened."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out / f".staging-{os.getpid()}"
        self.site = self.folder / "site"
        self.spare = out / ".cache" / "spare"
        self.spared = False

    def __enter__(self) -> Staging:
        for leftover in self.out.glob(".staging-*"):
            if not _running(leftover.name.removeprefix(".staging-")):
                retire(leftover, self.out)  # a build killed while it wrote
        self.spared = take_spare(self.spare, self.site)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def publish(self) -> None:
        """Put the new site in place at once; the old one is kept for the next build to
        write into, or removed in the background."""
        if self.spared:
            remove_empty_folders(self.site)
        current = self.out / "site"
        if current.exists() and exchange(self.site, current):
            if not keep_as_spare(self.site, self.spare):  # `site` now holds the old site
                retire(self.site, self.out)
        else:
            replace_dir(self.site, current, self.folder / "old")


class Deleters:
    """Deletions still running, kept to be reaped (a long `serve` session starts many)."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def clear(self) -> None:
        """Reap those that ended; the others are kept until they end."""
        self.running[:] = [process for process in self.running if process.poll() is None]


_DELETERS = PROCESS.own("background deletions", Deleters())


def retire(folder: Path, out: Path) -> None:
    """Remove a folder in a process of its own: deleting a site of thousands of folders
    takes seconds, and nothing needs to wait for it. A deletion that is interrupted is
    taken up again by the next build (or --clean)."""
    trash = out / ".cache" / "trash"
    trash.mkdir(parents=True, exist_ok=True)
    folder.rename(trash / f"{os.getpid()}-{time.monotonic_ns()}")
    leftovers = [str(path) for path in trash.iterdir()]
    code = "import shutil, sys\nfor path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)"
    _DELETERS.clear()
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", code, *leftovers],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # it outlives the build, and a ^C to the build
        )
        _DELETERS.running.append(process)
    except OSError:
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: str) -> bool:
    """Whether the build of this process id may still be writing its staging folder."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # somebody else's: running
        return True
    return True


def take_spare(spare: Path, target: Path) -> bool:
    """`target` made from the spare (its folders, without a file), or made empty; whether
    it was the spare."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if spare.is_symlink():  # not a folder a build made: its files are not the build's to remove
        spare.unlink()
    try:
        os.rename(spare, target)
    except OSError:
        target.mkdir()
        return False
    _remove_files(target)
    return True


def _remove_files(folder: Path | str) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _remove_files(entry.path)
            else:
                os.unlink(entry.path)  # a link to a published page: the page stays


def remove_empty_folders(folder: Path) -> None:
    """Remove the folders below `folder` that hold nothing (pages no longer built)."""
    for directory, _, _ in os.walk(folder, topdown=False):
        if directory != str(folder):
            with suppress(OSError):  # not empty: in use
                os.rmdir(directory)


def keep_as_spare(retired: Path, spare: Path) -> bool:
    """Keep a site the swap retired for the next build to take; False if it cannot be."""
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        os.rename(retired, spare)
    except OSError:
        return False  # a spare is there already (a build that was killed), or no cache
    return True
