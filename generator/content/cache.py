"""Checked journeys kept between builds, and the journeys of a build read back from them.

A cache entry is two pickles: what checking the file found (its diagnostics,
references, and the few facts a build needs of every journey), then the
journey itself. A build reads the first for every file and the second only
for the journeys it renders, so that a build of thousands of journeys never
holds them all in memory, and a build after a small edit does not read back
journeys whose pages it reuses. Entries lie side by side in a few pack files
(one per worker's share of a build), not one file each.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar, cast, overload

from generator.common.digests import digest, file_digest, tool_digest
from generator.content.diagnostics import Diagnostic
from generator.content.resolved import ResolvedJourney

T = TypeVar("T")

# What an entry holds: a new number when its shape changes (2: journeys resolved, with
# every id), so that no entry of another shape is read back.
ENTRY_FORMAT = 2

# Up to this many journeys, one read back from the cache is kept once read; past it,
# it is read again each time it is asked for (memory stays flat at any size).
KEEP_UP_TO = 2_000


def held_whole(journeys: int) -> bool:
    """Whether a root of this many journeys is small enough to hold every one in memory.
    Asked here, of this module's KEEP_UP_TO, by every stage that decides it."""
    return journeys <= KEEP_UP_TO


class StudyRef(NamedTuple):
    """A step's `evidence:` item written as an id, so naming a study (FORMAT.md 1.1)."""

    step: str
    study: str
    place: Diagnostic  # the item, for the error when no study has that id


@dataclass(frozen=True)
class JourneyFacts:
    """What a build needs of every journey without reading the journey back."""

    journey_id: str
    title: str
    draft: bool
    compare_to: str | None
    images: tuple[str, ...] = ()  # as its Markdown names them: the site copies them
    step_ids: tuple[str, ...] = ()  # in map order: what opportunities and quotes address

    @classmethod
    def of(cls, journey: ResolvedJourney, images: tuple[str, ...] = ()) -> JourneyFacts:
        steps = tuple(step.id for _, step in journey.steps())
        return cls(journey.id, journey.title, journey.draft, journey.compare_to, images, steps)


@dataclass(frozen=True)
class JourneyOutcome:
    """What checking one journey file found, before it meets the other journeys."""

    journey: ResolvedJourney | None
    id_place: Diagnostic | None  # where a clash of journey ids is reported
    diagnostics: list[Diagnostic]
    compare_refs: list[tuple[str, str, Diagnostic]]
    personas_used: frozenset[str]
    facts: JourneyFacts | None = None
    study_refs: tuple[StudyRef, ...] = ()
    """Its steps' `evidence:` items written as ids: checked once the studies are known."""
    broken: str | None = None
    """The id of a journey whose file has errors: what points at it is not blamed too."""
    unread: bool = False
    """Whether the file could not be read at all, so the personas it names are unknown."""

    @classmethod
    def of(
        cls,
        journey: ResolvedJourney | None,
        id_place: Diagnostic | None,
        diagnostics: list[Diagnostic],
        compare_refs: list[tuple[str, str, Diagnostic]],
        personas_used: frozenset[str],
        images: tuple[str, ...] = (),
        study_refs: tuple[StudyRef, ...] = (),
        broken: str | None = None,
        unread: bool = False,
    ) -> JourneyOutcome:
        facts = None if journey is None else JourneyFacts.of(journey, images)
        return cls(
            journey,
            id_place,
            diagnostics,
            compare_refs,
            personas_used,
            facts,
            study_refs,
            broken,
            unread,
        )

    def summary(self) -> JourneyOutcome:
        """The same without the journey: what is read of every file."""
        return dataclasses.replace(self, journey=None)

    def pickles(self) -> tuple[bytes, bytes]:
        """The cache entry: the summary, then the journey, each a pickle of its own."""
        summary = pickle.dumps(self.summary(), protocol=pickle.HIGHEST_PROTOCOL)
        return summary, pickle.dumps(self.journey, protocol=pickle.HIGHEST_PROTOCOL)


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


class Entry(NamedTuple):
    """Where a cache entry lies: its pack, and the lengths of its two pickles."""

    pack: str
    offset: int
    summary: int
    journey: int


INDEX = "index"
PACK_SUFFIX = ".pack"


def write_pack(folder: Path, pickles: Sequence[tuple[bytes, bytes]]) -> list[Entry]:
    """Entries (summary, journey) into one new pack file, written whole; where each lies.

    Thousands of small files cost a file system more than their bytes: one pack
    a worker's share of a build, put in place under a name no other pack has.
    """
    name = f"{os.getpid()}-{os.urandom(6).hex()}{PACK_SUFFIX}"
    entries, offset = [], 0
    for summary, journey in pickles:
        entries.append(Entry(name, offset, len(summary), len(journey)))
        offset += len(summary) + len(journey)
    temporary = folder / f".{name}.tmp"
    try:
        with temporary.open("wb") as handle:
            for summary, journey in pickles:
                handle.write(summary)
                handle.write(journey)
        os.replace(temporary, folder / name)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return entries


def _read(folder: Path, pack: str, start: int, length: int) -> bytes:
    with (folder / pack).open("rb") as handle:
        handle.seek(start)
        data = handle.read(length)
    if len(data) != length:
        raise EOFError(f"{folder / pack}: the pack is cut short")
    return data


def read_journey(folder: Path, entry: Entry) -> ResolvedJourney:
    """The journey of a cache entry (its second pickle)."""
    journey = pickle.loads(_read(folder, entry.pack, entry.offset + entry.summary, entry.journey))
    if not isinstance(journey, ResolvedJourney):
        raise OSError(f"{folder / entry.pack}: no journey in this cache entry")
    return journey


def read_index(path: Path) -> dict[str, Entry]:
    try:
        index = pickle.loads(path.read_bytes())
    except _UNREADABLE:
        return {}  # none yet, or one we cannot read: every file is checked again
    if isinstance(index, dict) and all(isinstance(e, Entry) for e in index.values()):
        return index
    return {}


class ModelCache:
    """Checked journeys kept between builds, keyed by their file and everything around it.

    Entries lie in pack files, found through an index that is replaced whole. New
    entries are written aside (`.pending-<pid>/`) and put in place by `save()`,
    which a build calls only once the content has passed: a failed build leaves
    the cache as it was.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.context = ""
        self.index: dict[str, Entry] = {}  # what the last good build kept
        self.used: set[str] = set()
        self.pending: dict[str, JourneyOutcome] = {}  # key -> its summary, or all of it
        self.placed: dict[str, Entry] = {}  # key -> its entry, written aside by a worker
        self.received: dict[str, ResolvedJourney] = {}  # key -> its journey, sent by a worker
        self._keys: dict[Path, str] = {}
        self._sizes: dict[str, int] = {}  # pack -> its size, looked up once a build
        self._owner = os.getpid()  # worker processes write aside into their parent's folder

    def open(self, around: list[Path], today: str) -> None:
        """Entries are valid for these files (site settings, personas) as they are now,
        and for this day (staleness is judged on it)."""
        self.context = digest(
            f"entries {ENTRY_FORMAT}",
            tool_digest(),
            today,
            os.getcwd(),  # messages name files relative to it
            *(f"{p}:{file_digest(p)}" for p in around),
        )
        self.index = read_index(self.folder / INDEX)

    def key(self, source: Path) -> str:
        key = self._keys.get(source)  # a file is read and digested once a build
        if key is None:
            key = self._keys[source] = digest(self.context, str(source), file_digest(source))
            self.used.add(key)
        return key

    @property
    def spilled(self) -> Path:
        return self.folder / f".pending-{self._owner}"

    def parsed(self, source: Path, parse: Callable[[], T]) -> T:
        """What reading an opportunity or a study made: these files are few and small
        beside the journeys, and a build reads each of them once."""
        return parse()

    def get(self, source: Path) -> JourneyOutcome | None:
        """The summary of a source's entry, if the cache holds one for it as it is now."""
        key = self.key(source)
        if key in self.pending:
            return self.pending[key]
        entry = self.index.get(key)
        if entry is None or not self._whole(entry):
            return None
        try:
            outcome = pickle.loads(_read(self.folder, entry.pack, entry.offset, entry.summary))
        except _UNREADABLE:
            return None  # an entry we cannot read: check the file again
        return outcome if isinstance(outcome, JourneyOutcome) else None

    def _whole(self, entry: Entry) -> bool:
        """Whether the entry's pack holds all of it: its journey is read much later."""
        size = self._sizes.get(entry.pack)
        if size is None:
            try:
                size = (self.folder / entry.pack).stat().st_size
            except OSError:
                size = -1
            self._sizes[entry.pack] = size
        return entry.offset + entry.summary + entry.journey <= size

    def has(self, source: Path) -> bool:
        """Whether an entry exists, without reading it."""
        key = self.key(source)
        return key in self.pending or key in self.index

    def journey(self, source: Path) -> ResolvedJourney:
        """A source's journey, from its entry (put in place or still pending)."""
        key = self.key(source)
        received = self.received.pop(key, None)
        if received is not None:
            return received
        if key in self.placed:
            return read_journey(self.spilled, self.placed[key])
        return read_journey(self.folder, self.index[key])

    def write_aside(self, pickles: Sequence[tuple[bytes, bytes]]) -> list[Entry]:
        """New entries (summary, journey), in a worker: one pack in the folder `save()`
        takes them from."""
        return write_pack(self.spilled, pickles)

    def put(
        self,
        source: Path,
        outcome: JourneyOutcome,
        *,
        placed: Entry | None = None,
        journey: bytes | None = None,
    ) -> None:
        """A new entry, kept in memory until `save()`; or, when a worker process wrote it
        aside already (`placed`), its summary, and maybe its journey pickled, which is
        read now: while the workers are busy, ahead of the build asking for it."""
        key = self.key(source)
        self.pending[key] = outcome.summary() if placed else outcome
        if placed is not None:
            self.placed[key] = placed
        if journey is not None:
            found = pickle.loads(journey)
            if isinstance(found, ResolvedJourney):
                self.received[key] = found

    def save(self) -> None:
        """Put the new entries in place and forget those of files that changed or went away."""
        with suppress(OSError):  # a cache that cannot be written only costs time
            self._save()
        self.discard()

    def _save(self) -> None:
        index = {key: self.index[key] for key in self.used if key in self.index}
        for pack in sorted({entry.pack for entry in self.placed.values()}):
            os.replace(self.spilled / pack, self.folder / pack)
        index.update(self.placed)
        own = {key: o for key, o in self.pending.items() if key not in self.placed}
        pickles = [outcome.pickles() for outcome in own.values()]
        keys = list(own)
        # a pack mostly of entries no longer used is copied down to those that are
        for pack in _mostly_dead(self.folder, index):
            for key, entry in index.items():
                if entry.pack == pack:
                    length = entry.summary + entry.journey
                    whole = _read(self.folder, entry.pack, entry.offset, length)
                    pickles.append((whole[: entry.summary], whole[entry.summary :]))
                    keys.append(key)
        if pickles:
            self.folder.mkdir(parents=True, exist_ok=True)
            index.update(zip(keys, write_pack(self.folder, pickles), strict=True))
        if index != self.index or pickles:
            temporary = self.folder / f".{INDEX}.{os.getpid()}.tmp"
            temporary.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.folder / INDEX)
        self.index = index
        live = {entry.pack for entry in index.values()}
        for path in self.folder.iterdir():
            if path.name.startswith(".pending-") and path.is_dir():
                if path != self.spilled:
                    shutil.rmtree(path, ignore_errors=True)  # left by a build that was killed
            elif path.name != INDEX and path.name not in live:
                path.unlink(missing_ok=True)  # a pack nothing uses, or an older cache's file

    def discard(self) -> None:
        """Forget the new entries: the content did not pass, the cache stays as it was."""
        shutil.rmtree(self.spilled, ignore_errors=True)
        self.pending.clear()
        self.placed.clear()


def _mostly_dead(folder: Path, index: Mapping[str, Entry]) -> list[str]:
    """The packs of which less than half is still used."""
    live: dict[str, int] = {}
    for entry in index.values():
        live[entry.pack] = live.get(entry.pack, 0) + entry.summary + entry.journey
    dead = []
    for pack, size in live.items():
        try:
            if 2 * size < (folder / pack).stat().st_size:
                dead.append(pack)
        except OSError:
            continue
    return dead


class Journeys(Mapping[str, ResolvedJourney]):
    """The valid journeys of a content root by id, in order.

    A journey is held in memory, or read back from the model cache when it is
    asked for: kept once read when the root is small, read again each time
    when it is large, so that no process holds thousands of journeys at once.
    `facts` answers what every journey's title, draft flag and comparison are
    without reading any back.
    """

    def __init__(self) -> None:
        self.facts: dict[str, JourneyFacts] = {}
        self._held: dict[str, ResolvedJourney] = {}
        self._stored: dict[str, tuple[ModelCache, Path]] = {}

    def hold(self, journey: ResolvedJourney, facts: JourneyFacts) -> None:
        self.facts[facts.journey_id] = facts
        self._held[facts.journey_id] = journey

    def store(self, facts: JourneyFacts, cache: ModelCache, source: Path) -> None:
        self.facts[facts.journey_id] = facts
        self._stored[facts.journey_id] = (cache, source)

    def sort(self) -> None:
        self.facts = dict(sorted(self.facts.items()))

    def __getitem__(self, journey_id: str) -> ResolvedJourney:
        held = self._held.get(journey_id)
        if held is not None:
            return held
        cache, source = self._stored[journey_id]
        journey = cache.journey(source)
        if held_whole(len(self.facts)):
            self._held[journey_id] = journey
        return journey

    def __contains__(self, journey_id: object) -> bool:
        return journey_id in self.facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


class JourneyList(Sequence[ResolvedJourney]):
    """Some of the journeys, in order, each read when it is reached (see `Journeys`)."""

    def __init__(self, journeys: Journeys, ids: list[str]) -> None:
        self.source = journeys
        self.ids = ids
        self._members = set(ids)

    @overload
    def __getitem__(self, index: int) -> ResolvedJourney: ...
    @overload
    def __getitem__(self, index: slice) -> list[ResolvedJourney]: ...
    def __getitem__(self, index: int | slice) -> ResolvedJourney | list[ResolvedJourney]:
        if isinstance(index, slice):
            return [self.source[jid] for jid in self.ids[index]]
        return self.source[self.ids[index]]

    def __iter__(self) -> Iterator[ResolvedJourney]:
        return (self.source[jid] for jid in self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item: object) -> bool:
        """A journey of the list, or its id."""
        key = item.id if isinstance(item, ResolvedJourney) else item
        return key in self._members


class KeptModels(ModelCache):
    """A model cache that stays open from one build to the next, in one process (a preview
    that builds after each save): what it read of a file, its summary and its journey,
    is kept in memory by the file's key, and read from disk only once. Only what the
    last build used is kept, and journeys only for a root held whole (`held_whole`)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.summaries: dict[str, JourneyOutcome] = {}
        self.journeys: dict[str, ResolvedJourney] = {}
        # a file of opportunities or research -> its key, and what reading it made
        self.backlog: dict[Path, tuple[str, object]] = {}
        self._backlog_read: set[Path] = set()

    def open(self, around: list[Path], today: str) -> None:
        kept = self.used
        self.summaries = {k: v for k, v in self.summaries.items() if k in kept}
        self.journeys = {k: v for k, v in self.journeys.items() if k in kept}
        self.backlog = {p: v for p, v in self.backlog.items() if p in self._backlog_read}
        self._backlog_read = set()
        # a new build: each file is digested again, as the file may have changed
        self._keys, self.used, self._sizes = {}, set(), {}
        super().open(around, today)

    def get(self, source: Path) -> JourneyOutcome | None:
        key = self.key(source)
        found = self.summaries.get(key)
        if found is None:
            found = super().get(source)
            if found is not None and key not in self.pending:
                self.summaries[key] = found
        return found

    def parsed(self, source: Path, parse: Callable[[], T]) -> T:
        """Kept from the last build while the file is the same: a preview would read
        hundreds of them again after each save of anything."""
        self._backlog_read.add(source)
        key = digest(self.context, str(source), file_digest(source))
        kept = self.backlog.get(source)
        if kept is not None and kept[0] == key:
            return cast(T, kept[1])
        made = parse()
        self.backlog[source] = (key, made)
        return made

    def journey(self, source: Path) -> ResolvedJourney:
        key = self.key(source)
        found = self.journeys.get(key)
        if found is None:
            found = super().journey(source)
            if held_whole(len(self.used)):
                self.journeys[key] = found
        return found
