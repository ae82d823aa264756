"""Digests of bytes, of files and of the tool itself: what a cache entry or a page is
keyed by. Both the model cache (content) and the pages' manifest (site) key by them.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import OrderedDict
from pathlib import Path

from generator import __version__
from generator.common.process import PROCESS

_PACKAGE = Path(__file__).resolve().parent.parent

# Past this many files, the digests least recently asked for are forgotten: a long
# `serve` session would otherwise keep one for every version of every file it saw.
REMEMBERED = 100_000


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class FileDigests:
    """Digests of files already read in this process, by path and the file's identity
    and times: a build asks for the same file's digest several times (inputs, cache,
    page keys). Bounded: the least recently asked for go first."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self.limit = limit
        self._known: OrderedDict[tuple[str, int, int, int, int], str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._known)

    def clear(self) -> None:
        self._known.clear()

    def of(self, path: Path | None) -> str:
        if path is None:
            return "-"
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                return "not a file"  # a named pipe would wait for a writer forever
            known = (str(path), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            found = self._known.get(known)
            if found is None:
                found = self._known[known] = digest(path.read_bytes())
                if len(self._known) > self.limit:
                    self._known.popitem(last=False)
            else:
                self._known.move_to_end(known)
            return found
        except OSError:
            return "missing"


FILES = PROCESS.own("file digests", FileDigests())


def file_digest(path: Path | None) -> str:
    return FILES.of(path)


def tool_digest() -> str:
    """The tool's version, and its code and catalogs as they are on disk (a checkout changes)."""
    parts = [__version__]
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            info = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*parts)
