"""Swapping a freshly built folder in for the published one, in one step.

On Linux, renameat2(RENAME_EXCHANGE) exchanges two directories atomically:
at every instant the published path holds either the whole old site or the
whole new one, even if the process is killed. Elsewhere two renames are the
best a portable program can do (a kill between them leaves no folder, and
the next build puts one back).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        # the process's own symbols, libc's among them: finding libc by name runs ldconfig
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None  # a libc without it (musl before 1.2.4, glibc before 2.28)
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(new: Path, current: Path) -> bool:
    """Exchange two existing directories atomically; False where the system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE
    )
    return result == 0


def replace_dir(new: Path, current: Path, trash: Path) -> None:
    """Put `new` where `current` is; the old content ends up in `trash` and is removed."""
    current.parent.mkdir(parents=True, exist_ok=True)
    if current.exists() and exchange(new, current):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    if current.exists():
        current.rename(trash)
    new.rename(current)
    shutil.rmtree(trash, ignore_errors=True)
