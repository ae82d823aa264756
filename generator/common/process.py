"""What lives as long as the process, not one build: owned in one place, `PROCESS`.

A build is a function of its inputs and leaves nothing behind, but for a few
things kept on purpose, each registered here by the module that uses it:

- "file digests" (common/digests.py): the digests of the files read so far, by
  their identity and times. A build asks for the same file's several times, and
  `serve` builds again and again. Bounded: past `digests.REMEMBERED` files, the
  least recently asked for are forgotten.
- "print stylesheets" (pdf/render.py): the parsed stylesheets of the printable
  maps, which cost more to parse than a small map to lay out. One set at a time.
- "background deletions" (site/staging.py): the processes removing old sites,
  kept to be reaped. Bounded by the builds still deleting: each build reaps
  those that ended.
- "site renderer" and "journey checker" (site/render.py, content/validate.py):
  what forked workers inherit from their parent, set just before a pool starts
  and emptied when it ends; a worker reads it instead of receiving a pickle.

`PROCESS.clear()` lets go of all of it that can go (a deletion still running is
kept, to be reaped): a long-lived process, or a test, calls it between builds.
Nothing else at module level outlives a build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Part(Protocol):
    """Something a process keeps: it can let go of what it holds."""

    def clear(self) -> None: ...


P = TypeVar("P", bound=Part)


class Slot(Generic[T]):
    """One object that forked workers inherit from their parent: set just before the
    pool starts, None at any other time."""

    def __init__(self) -> None:
        self.value: T | None = None

    def clear(self) -> None:
        self.value = None

    @contextmanager
    def holding(self, value: T) -> Iterator[T]:
        """`value` in the slot for as long as the workers run."""
        self.value = value
        try:
            yield value
        finally:
            self.value = None

    def get(self) -> T:
        """The object set before the fork (in a worker, always set)."""
        if self.value is None:
            raise RuntimeError("nothing was set before the workers started")
        return self.value


class ProcessState:
    """The parts a process keeps across builds, by name (see the module's docstring)."""

    def __init__(self) -> None:
        self.parts: dict[str, Part] = {}

    def own(self, name: str, part: P) -> P:
        """Keep `part` for the process, under `name`; each name is owned once."""
        if name in self.parts:
            raise ValueError(f"{name} is owned already")
        self.parts[name] = part
        return part

    def clear(self) -> None:
        """Let go of everything kept that can go."""
        for part in self.parts.values():
            part.clear()


PROCESS = ProcessState()
