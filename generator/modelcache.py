"""Checked journeys kept between builds, and the journeys of a build read back from them.

A cache entry is two pickles in one file: what checking the file found (its
diagnostics, references, and the few facts a build needs of every journey),
then the journey itself. A build reads the first for every file and the
second only for the journeys it renders, so that a build of thousands of
journeys never holds them all in memory, and a build after a small edit
does not read back journeys whose pages it reuses.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, overload

from generator.diagnostics import Diagnostic
from generator.incremental import digest, file_digest, tool_digest
from generator.model import Journey

# Up to this many journeys, one read back from the cache is kept once read; past it,
# it is read again each time it is asked for (memory stays flat at any size).
KEEP_UP_TO = 2_000


@dataclass(frozen=True)
class JourneyFacts:
    """What a build needs of every journey without reading the journey back."""

    journey_id: str
    title: str
    draft: bool
    compare_to: str | None

    @classmethod
    def of(cls, journey: Journey) -> JourneyFacts:
        return cls(journey.id or "", journey.title, journey.draft, journey.compare_to)


@dataclass(frozen=True)
class JourneyOutcome:
    """What checking one journey file found, before it meets the other journeys."""

    journey: Journey | None
    id_place: Diagnostic | None  # where a clash of journey ids is reported
    diagnostics: list[Diagnostic]
    compare_refs: list[tuple[str, str, Diagnostic]]
    personas_used: frozenset[str]
    facts: JourneyFacts | None = None

    @classmethod
    def of(
        cls,
        journey: Journey | None,
        id_place: Diagnostic | None,
        diagnostics: list[Diagnostic],
        compare_refs: list[tuple[str, str, Diagnostic]],
        personas_used: frozenset[str],
    ) -> JourneyOutcome:
        facts = None
        if journey is not None and journey.id is not None:
            facts = JourneyFacts.of(journey)
        return cls(journey, id_place, diagnostics, compare_refs, personas_used, facts)

    def summary(self) -> JourneyOutcome:
        """The same without the journey: what is read of every file."""
        return dataclasses.replace(self, journey=None)

    def dumps(self) -> bytes:
        """The cache entry: the summary, then the journey, each a pickle of its own."""
        return self.summary_pickle() + self.journey_pickle()

    def summary_pickle(self) -> bytes:
        return pickle.dumps(self.summary(), protocol=pickle.HIGHEST_PROTOCOL)

    def journey_pickle(self) -> bytes:
        return pickle.dumps(self.journey, protocol=pickle.HIGHEST_PROTOCOL)


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


def _read_summary(handle: IO[bytes]) -> JourneyOutcome | None:
    outcome = pickle.load(handle)
    return outcome if isinstance(outcome, JourneyOutcome) else None


def read_journey(path: Path) -> Journey:
    """The journey of a cache entry (its second pickle)."""
    with path.open("rb") as handle:
        pickle.load(handle)  # the summary
        journey = pickle.load(handle)
    if not isinstance(journey, Journey):
        raise OSError(f"{path}: no journey in this cache entry")
    return journey


class ModelCache:
    """Checked journeys kept between builds, keyed by their file and everything around it.

    New entries are written aside (`.pending-<pid>/`) and put in place by
    `save()`, which a build calls only once the content has passed: a failed
    build leaves the cache as it was.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.context = ""
        self.used: set[str] = set()
        self.pending: dict[Path, JourneyOutcome] = {}  # entry -> its summary
        self.received: dict[Path, Journey] = {}  # entry -> its journey, sent by a worker
        self._paths: dict[Path, Path] = {}
        self._owner = os.getpid()  # worker processes write aside into their parent's folder

    def open(self, around: list[Path], today: str) -> None:
        """Entries are valid for these files (site settings, personas) as they are now,
        and for this day (staleness is judged on it)."""
        self.context = digest(
            tool_digest(),
            today,
            os.getcwd(),  # messages name files relative to it
            *(f"{p}:{file_digest(p)}" for p in around),
        )

    def path(self, source: Path) -> Path:
        path = self._paths.get(source)  # a file is read and digested once a build
        if path is None:
            key = digest(self.context, str(source), file_digest(source))
            self.used.add(key)
            path = self._paths[source] = self.folder / f"{key}.pickle"
        return path

    def pending_path(self, source: Path) -> Path:
        return self.spilled / self.path(source).name

    @property
    def spilled(self) -> Path:
        return self.folder / f".pending-{self._owner}"

    def get(self, source: Path) -> JourneyOutcome | None:
        """The summary of a source's entry, if the cache holds one for it as it is now."""
        path = self.path(source)
        if path in self.pending:
            return self.pending[path]
        try:
            with path.open("rb") as handle:
                return _read_summary(handle)
        except _UNREADABLE:
            return None  # no entry, or one we cannot read: check the file again

    def has(self, source: Path) -> bool:
        """Whether an entry exists, without reading it."""
        path = self.path(source)
        return path in self.pending or path.is_file()

    def journey(self, source: Path) -> Journey:
        """A source's journey, from its entry (put in place or still pending)."""
        received = self.received.pop(self.path(source), None)
        if received is not None:
            return received
        try:
            return read_journey(self.path(source))
        except FileNotFoundError:
            return read_journey(self.pending_path(source))

    def put(
        self,
        source: Path,
        outcome: JourneyOutcome,
        *,
        written: bool = False,
        journey: bytes | None = None,
    ) -> None:
        """A new entry, kept in memory until `save()`; or, `written` when a worker process
        wrote it aside already, its summary, and maybe its journey pickled, which is read
        now: while the workers are busy, ahead of the build asking for it."""
        path = self.path(source)
        self.pending[path] = outcome.summary() if written else outcome
        if journey is not None:
            found = pickle.loads(journey)
            if isinstance(found, Journey):
                self.received[path] = found

    def save(self) -> None:
        """Put the new entries in place and forget those of files that changed or went away."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for path, outcome in self.pending.items():
                if outcome.journey is not None or outcome.facts is None:
                    temporary = path.with_suffix(f".{os.getpid()}.tmp")
                    temporary.write_bytes(outcome.dumps())
                    os.replace(temporary, path)
                else:
                    os.replace(self.spilled / path.name, path)
            self.discard()
            for entry in self.folder.iterdir():
                if entry.name.startswith(".pending-"):
                    shutil.rmtree(entry, ignore_errors=True)  # left by a build that was killed
                elif entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.pending.clear()

    def discard(self) -> None:
        """Forget the new entries: the content did not pass, the cache stays as it was."""
        shutil.rmtree(self.spilled, ignore_errors=True)
        self.pending.clear()


class Journeys(Mapping[str, Journey]):
    """The valid journeys of a content root by id, in order.

    A journey is held in memory, or read back from the model cache when it is
    asked for: kept once read when the root is small, read again each time
    when it is large, so that no process holds thousands of journeys at once.
    `facts` answers what every journey's title, draft flag and comparison are
    without reading any back.
    """

    def __init__(self) -> None:
        self.facts: dict[str, JourneyFacts] = {}
        self._held: dict[str, Journey] = {}
        self._stored: dict[str, tuple[ModelCache, Path]] = {}

    def hold(self, journey: Journey) -> None:
        facts = self.facts[journey.id or ""] = JourneyFacts.of(journey)
        self._held[facts.journey_id] = journey

    def store(self, facts: JourneyFacts, cache: ModelCache, source: Path) -> None:
        self.facts[facts.journey_id] = facts
        self._stored[facts.journey_id] = (cache, source)

    def sort(self) -> None:
        self.facts = dict(sorted(self.facts.items()))

    def __getitem__(self, journey_id: str) -> Journey:
        held = self._held.get(journey_id)
        if held is not None:
            return held
        cache, source = self._stored[journey_id]
        journey = cache.journey(source)
        if len(self.facts) <= KEEP_UP_TO:
            self._held[journey_id] = journey
        return journey

    def __contains__(self, journey_id: object) -> bool:
        return journey_id in self.facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


class JourneyList(Sequence[Journey]):
    """Some of the journeys, in order, each read when it is reached (see `Journeys`)."""

    def __init__(self, journeys: Journeys, ids: list[str]) -> None:
        self.source = journeys
        self.ids = ids
        self._members = set(ids)

    @overload
    def __getitem__(self, index: int) -> Journey: ...
    @overload
    def __getitem__(self, index: slice) -> list[Journey]: ...
    def __getitem__(self, index: int | slice) -> Journey | list[Journey]:
        if isinstance(index, slice):
            return [self.source[jid] for jid in self.ids[index]]
        return self.source[self.ids[index]]

    def __iter__(self) -> Iterator[Journey]:
        return (self.source[jid] for jid in self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item: object) -> bool:
        """A journey of the list, or its id."""
        key = item.id if isinstance(item, Journey) else item
        return key in self._members
