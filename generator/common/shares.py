"""How work is shared among worker processes: in chunks that shrink as it runs out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

Item = TypeVar("Item")

# A chunk is held whole by the worker that does it (a pack of checked journeys is
# written at its end): past this, memory grows with the root.
LARGEST = 200
SMALLEST = 4


def shares(items: Sequence[Item], jobs: int) -> list[list[Item]]:
    """`items` in chunks for `jobs` processes, each a part of what is left: large ones
    first, few to hand out, then smaller and smaller, so that all the workers finish
    within a small chunk of each other (equal chunks left one idle for most of one)."""
    chunks: list[list[Item]] = []
    start = 0
    while start < len(items):
        size = min(LARGEST, max(SMALLEST, (len(items) - start) // (2 * jobs)))
        chunks.append(list(items[start : start + size]))
        start += size
    return chunks
