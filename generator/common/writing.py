"""Writing the files a build and a preview make: each put in its place in one step, so a
reader (a browser on the preview, the next build) finds the old file or the new, never a
part of one; and the caches beside them, which cost only time when they are lost."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The end of the name of a file the server is writing into the content root, to be renamed
# over the file it edits: the watcher never reports one as a change.
WRITING_SUFFIX = ".journeymap-edit"


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A file to write beside `path`, renamed over it once the block ends; removed if the
    block fails."""
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)


def load_pickled(path: Path, valid: Callable[[Any], bool]) -> Any | None:
    """What a cache file holds, if it can be read and is `valid`; None: no cache."""
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except Exception:  # missing, damaged, or from another version: no cache
        return None
    return value if valid(value) else None


def dump_pickled(path: Path, value: object) -> None:
    """A cache file written, as it is pickled (tens of MB at 10,000 journeys are never held
    twice); one that cannot be written only costs the next build time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as part, part.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
