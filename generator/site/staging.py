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
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


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
