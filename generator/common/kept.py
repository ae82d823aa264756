"""What a preview keeps of each journey from one save to the next."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class KeptByKey(Generic[T]):
    """Each journey's part of something made again after each save (its rows, its
    findings), kept by a key of everything the part is made of: an edited journey's part
    is made again, the others' taken as they were."""

    def __init__(self) -> None:
        self.keys: Mapping[str, str] = {}
        self.found: dict[str, T] = {}

    def remember(self, keys: Mapping[str, str]) -> None:
        """Keep parts from now on by these keys (journey id -> key); forget those of keys
        no longer any journey's."""
        current = set(keys.values())
        self.found = {key: part for key, part in self.found.items() if key in current}
        self.keys = keys

    def get(self, journey_id: str, make: Callable[[], T]) -> T:
        """The journey's part: kept, or made (and kept, where the journey has a key)."""
        key = self.keys.get(journey_id)
        if key is None:
            return make()
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = make()
        return found
