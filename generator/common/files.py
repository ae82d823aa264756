"""Reading a file a user hands us or a content root holds: a regular file only, and at
most a limit's worth of it.

A named pipe opened for reading waits for a writer, forever; a socket or a device is
no text either. Whatever a file's name says, what it is decides: asked of the file
before it is opened, and again of what was opened (it may have been swapped between).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Opening a named pipe without O_NONBLOCK waits for a writer (Windows has none of them).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotRegular(Exception):
    """The path names something that is not a regular file; `kind` says what, in words."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file holds more than the limit; `size` is what it holds (at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def not_regular(path: Path) -> str | None:
    """What `path` is when it exists and is not a regular file (links followed), else None."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, never more than `limit` of them read.

    Raises NotRegular, TooLarge, or OSError when it cannot be read."""
    kind = not_regular(path)
    if kind is not None:
        raise NotRegular(kind)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(kind_of(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(limit + 1)  # the file may have grown since fstat
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
