"""A content root -> validated models and every problem found in it, with its place."""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.common import memory
from generator.common.files import not_regular
from generator.common.process import PROCESS, Slot
from generator.common.shares import shares
from generator.common.workers import end_with
from generator.content import actor_checks, backlog_checks, load, media
from generator.content.backlog_checks import Backlog
from generator.content.cache import Entry, JourneyOutcome, ModelCache, StudyRef, held_whole
from generator.content.diagnostics import Diagnostic, display_path
from generator.content.links import build_links
from generator.content.messages import from_validation_error, suggestion
from generator.content.model import ID_PATTERN, JOURNEY_ID_PATTERN, Journey, Persona, Site
from generator.content.repair import Mended, mend
from generator.content.resolved import ResolvedJourney, resolve
from generator.content.root import Content, today
from generator.content.sources import discover, outside_diagnostic

Model = TypeVar("Model", bound=BaseModel)
# Past this a map is unreadable on screen and on any paper, and pages and
# PDFs grow without bound: a journey this long is several journeys.
MAX_STEPS = 500


class _Checker:
    """Reads and checks one content root, gathering diagnostics as it goes."""

    def __init__(
        self,
        root: Path,
        cache: ModelCache | None = None,
        *,
        images: bool = True,
        texts: Mapping[Path, str] | None = None,
    ) -> None:
        self.content = Content(root=root)
        self.cache = cache
        self.texts = texts or {}  # journey files judged as these texts, not as on disk
        self.images = images
        self.real_root = root.resolve()  # where a path that leaves the root is told apart
        self.diagnostics = self.content.diagnostics
        self.site_ok = True
        self.persona_used: set[str] = set()
        self.persona_marks: dict[str, Diagnostic] = {}
        self.journey_marks: dict[str, Diagnostic] = {}  # id -> where it comes from
        self.compare_refs: list[tuple[str, str, Diagnostic]] = []
        self.study_refs: list[StudyRef] = []  # of the journey being checked
        self.backlog = Backlog()
        # Files with errors, whose ids are still known: what names them is not blamed too,
        # the file's own errors say what to fix.
        self.broken_personas: set[str] = set()
        self.broken_journeys: set[str] = set()
        self.journey_unread = False  # a journey file not read at all: its personas are unknown
        self.mended: Mended[Any] | None = None  # of the file being checked, if it was
        self.broken: str | None = None  # the id of the journey being checked, if broken
        self.unread = False  # whether the journey being checked could not be read

    # -- reading ---------------------------------------------------------

    def read(
        self, path: Path, model: type[Model]
    ) -> tuple[load.Document, Model, Mended[Model] | None] | None:
        """A file's model; where the file fails it, one of its well-formed parts (`Mended`),
        to check those too: every problem of the file in one run. None when nothing can be
        read, or too little is left to check."""
        self.content.files += 1
        text = self.texts.get(path)
        document = load.read(path) if text is None else load.parse(text, display_path(path), path)
        if isinstance(document, list):
            self.diagnostics.extend(document)
            return None
        self.diagnostics.extend(document.problems)
        try:
            return document, model.model_validate(document.data), None
        except ValidationError as error:
            self.diagnostics.extend(from_validation_error(document, model, error))
            mended = mend(document.data, model, error)
            return None if mended is None else (document, mended.model, mended)

    def error(
        self, document: load.Document, loc: load.Loc, message: str, *, key: bool = False
    ) -> None:
        self.diagnostics.append(document.diagnostic(loc, message, key=key))

    def warn(self, document: load.Document, loc: load.Loc, message: str) -> None:
        if self.mended is not None and self.mended.caused(loc):
            return  # about a part set aside, not about what the author wrote
        self.diagnostics.append(document.diagnostic(loc, message, severity="warning"))

    # -- site and personas -------------------------------------------------

    def site(self, path: Path | None) -> None:
        if path is None:
            return
        self.content.site_file = path
        result = self.read(path, Site)
        if result is None or result[2] is not None:
            self.site_ok = False  # the references to it are not checked against a guess
            return
        document, site, _ = result
        self.content.site = site
        self.check_lanes(document, ("lanes",), site.lanes)

    def persona(self, path: Path) -> None:
        result = self.read(path, Persona)
        persona_id = path.stem
        if result is None:
            self.broken_personas.add(persona_id)
            return
        document, persona, mended = result
        if mended is not None:
            self.broken_personas.add(persona_id)
            self.mended = mended
            try:
                self.check_persona(document, path, persona)
            finally:
                self.mended = None
            return
        if not _valid_id(persona_id, slash=False):
            self.diagnostics.append(_file_diagnostic(path, _bad_file_id("persona", persona_id)))
            return
        if persona_id in self.content.personas:
            first = display_path(self.content.persona_files[persona_id])
            self.error(document, (), f"persona id '{persona_id}' is taken already by {first}")
            return
        self.content.personas[persona_id] = persona
        self.content.persona_files[persona_id] = path
        self.persona_marks[persona_id] = document.diagnostic(
            ("name",),
            f"persona '{persona_id}' is used by no journey",
            severity="warning",
        )
        self.check_persona(document, path, persona)

    def check_persona(self, document: load.Document, path: Path, persona: Persona) -> None:
        for index, channel in enumerate(persona.channels):
            self.check_channel(document, ("channels", index), channel)
        if persona.photo is not None:
            self.check_photo(document, path, persona.photo)
        self.check_images(document, path, media.persona_texts(persona))

    def check_photo(self, document: load.Document, path: Path, photo: str) -> None:
        target = (path.parent / photo).resolve()
        if not target.is_relative_to(self.real_root):
            self.error(document, ("photo",), f"photo: '{photo}' is outside the content root")
        elif not_regular(target) is not None:  # a named pipe would hang the copy
            self.error(document, ("photo",), f"photo: '{photo}' is not a regular file")
        elif not target.is_file():
            self.error(document, ("photo",), f"photo: '{photo}' does not exist")

    def check_images(
        self, document: load.Document, path: Path, texts: Iterable[tuple[load.Loc, str | None]]
    ) -> tuple[str, ...]:
        """The images a file's Markdown shows, each as written once; those that cannot
        be had are errors at their place."""
        if not document.images:
            return ()
        found: dict[str, None] = {}
        for loc, text in texts:
            for source in media.images(text):
                found[source] = None
                problem = media.problem(source, path.parent, self.real_root)
                if problem is not None and self.images:
                    self.error(document, loc, f"{load.format_loc(loc)}: {problem}")
        return tuple(found)

    # -- journeys ----------------------------------------------------------

    def journey(self, path: Path) -> None:
        cache = None if path in self.texts else self.cache  # it holds the file as on disk
        outcome = cache.get(path) if cache else None
        if outcome is None:
            outcome = self.checked_journey(path)  # read() counts the file
            if cache:
                cache.put(path, outcome)
        else:
            self.content.files += 1  # its journey stays in the cache until it is asked for
        self.diagnostics.extend(outcome.diagnostics)
        self.compare_refs.extend(outcome.compare_refs)
        self.persona_used.update(outcome.personas_used)
        if outcome.broken is not None:
            self.broken_journeys.add(outcome.broken)
        self.journey_unread = self.journey_unread or outcome.unread
        facts, place = outcome.facts, outcome.id_place
        if facts is None or place is None:
            return
        if facts.journey_id in self.content.journeys:
            self.clash(facts.journey_id, path, place)
            return
        self.journey_marks[facts.journey_id] = place
        self.backlog.step_refs.extend((facts.journey_id, ref) for ref in outcome.study_refs)
        if outcome.journey is not None:
            self.content.journeys.hold(outcome.journey, facts)
        elif self.cache is not None:
            self.content.journeys.store(facts, self.cache, path)
        self.content.journey_files[facts.journey_id] = path

    def clash(self, journey_id: str, path: Path, place: Diagnostic) -> None:
        """Two journeys with one id: blamed on the file that wrote the id out, at its `id:`;
        when both have it from their paths (a.yaml, a.yml), on the second, at its start."""
        first = display_path(self.content.journey_files[journey_id])
        first_place = self.journey_marks[journey_id]
        at = place
        if place.path == "id":
            message = f"journey id '{journey_id}' is taken already by {first}"
        elif first_place.path == "id":
            at = first_place
            message = (
                f"journey id '{journey_id}' is the id of {display_path(path)}, from its path; "
                "choose another"
            )
        else:
            message = (
                f"journey id '{journey_id}' comes from the file's path and is taken already by "
                f"{first}; rename one of them, or set id:"
            )
        self.diagnostics.append(
            Diagnostic(at.file, at.line, at.column, "error", message, at.path, at.where)
        )

    def checked_journey(self, path: Path) -> JourneyOutcome:
        """One journey file on its own: what can be known without the other journeys."""
        diagnostics, refs, used = self.diagnostics, self.compare_refs, self.persona_used
        self.diagnostics, self.compare_refs, self.persona_used = [], [], set()
        self.study_refs, self.broken, self.unread = [], None, False
        try:
            journey, place, images = self._check_journey_file(path)
            return JourneyOutcome.of(
                journey,
                place,
                self.diagnostics,
                self.compare_refs,
                frozenset(self.persona_used),
                images,
                tuple(self.study_refs),
                self.broken,
                self.unread,
            )
        finally:
            self.diagnostics, self.compare_refs, self.persona_used = diagnostics, refs, used
            self.mended = None

    def _check_journey_file(
        self, path: Path
    ) -> tuple[ResolvedJourney | None, Diagnostic | None, tuple[str, ...]]:
        """The journey of a file with its ids, where a clash of its id is reported, and its
        images."""
        result = self.read(path, Journey)
        relative = path.relative_to(self.content.root).with_suffix("").as_posix()
        if result is None:
            self.broken, self.unread = relative, True
            return None, None, ()
        document, journey, mended = result
        if mended is not None:
            self.check_broken_journey(document, path, journey, mended, relative)
            return None, None, ()
        if journey.id is None and not _valid_id(relative, slash=True):
            self.diagnostics.append(
                _file_diagnostic(path, _bad_file_id("journey", relative) + ", or set id:")
            )
            return None, None, ()
        # where a clash of ids is reported: the `id:` written out, or the file itself
        written = "id" in document.data
        place = document.diagnostic(("id",), "") if written else _file_diagnostic(path, "")
        resolved = self.check_journey(
            document, journey, relative if journey.id is None else journey.id
        )
        images = self.check_images(document, path, media.journey_texts(journey))
        return resolved, place, images

    def check_broken_journey(
        self,
        document: load.Document,
        path: Path,
        journey: Journey,
        mended: Mended[Journey],
        relative: str,
    ) -> None:
        """The well-formed parts of a journey with errors, checked as those of any journey;
        every persona it names counts as used, even in the parts set aside."""
        written = document.data.get("id")
        self.broken = written if isinstance(written, str) else relative
        self.mended = mended
        try:
            self.check_journey(document, journey, self.broken)
            self.check_images(document, path, media.journey_texts(journey))
        finally:
            self.mended = None
        self.persona_used.update(_named_personas(document.data))

    def check_journey(
        self, document: load.Document, authored: Journey, journey_id: str
    ) -> ResolvedJourney:
        """Check a journey as read; what passes on is a copy with every id (`resolve`)."""
        journey = resolve(authored, journey_id)
        steps = journey.step_count()
        if steps > MAX_STEPS:
            self.error(
                document,
                ("stages",),
                f"stages: {steps} steps in one journey, more than a map can show ({MAX_STEPS}); "
                "split it into several journeys",
            )
            return journey
        for index, persona in enumerate(journey.persona):
            self.check_persona_ref(document, ("persona", index), persona)
        if journey.compare_to is not None:
            self.compare_refs.append(
                (journey.id, journey.compare_to, document.diagnostic(("compare_to",), ""))
            )
        self.check_lanes(document, ("lanes",), journey.lanes)
        self.unique_ids(document, authored)

        scale_min, scale_max = self.content.site.emotion_scale
        with_emotion = sum(1 for _, step in journey.steps() if step.has_emotion)
        channels = self.content.site.all_channels()
        for stage_index, stage in enumerate(journey.stages):
            for step_index, step in enumerate(stage.steps):
                at = ("stages", stage_index, "steps", step_index)
                if step.channel is not None:
                    self.check_channel(document, (*at, "channel"), step.channel, channels)
                if step.owner is not None and self.site_ok:
                    self.check_ref(
                        document,
                        (*at, "owner"),
                        step.owner,
                        self.content.site.departments,
                        "department",
                        "site.yaml departments",
                    )
                for actor_index, actor in enumerate(step.actors):
                    self.check_persona_ref(document, (*at, "actors", actor_index), actor)
                if self.site_ok:
                    for key in step.custom:
                        self.check_ref(
                            document,
                            (*at, "custom", key),
                            key,
                            self.content.site.custom_lanes,
                            "custom lane",
                            "site.yaml custom_lanes",
                            key=True,
                        )
                self.check_emotion(document, at, step.emotion, scale_min, scale_max)
                if step.evidence:
                    self.study_refs.extend(backlog_checks.step_study_refs(document, at, step))
                if with_emotion and not step.has_emotion:
                    self.warn(
                        document,
                        at,
                        f"{load.format_loc(at)}: step '{step.title}' has no emotion, "
                        "while other steps of this journey have one",
                    )
                if (step.expectation is None) != (step.reality is None):
                    given, missing = (
                        ("expectation", "reality")
                        if step.reality is None
                        else ("reality", "expectation")
                    )
                    self.warn(
                        document,
                        (*at, given),
                        f"{load.format_loc((*at, given))}: {given} without {missing}: "
                        "together they show a gap",
                    )
        self.diagnostics.extend(
            actor_checks.non_actor_emotions(document, journey, self.content.personas)
        )
        self.check_staleness(document, journey)
        return journey

    def check_emotion(
        self,
        document: load.Document,
        at: tuple[str | int, ...],
        emotion: float | dict[str, float] | None,
        low: float,
        high: float,
    ) -> None:
        scale = f"{_number(low)}..{_number(high)}"
        if isinstance(emotion, dict):
            for persona, score in emotion.items():
                loc = (*at, "emotion", persona)
                self.check_persona_ref(document, loc, persona, key=True)
                if not low <= score <= high:
                    self.error(
                        document,
                        loc,
                        f"{load.format_loc(loc)}: {_number(score)} is outside the scale {scale}",
                    )
        elif emotion is not None and not low <= emotion <= high:
            loc = (*at, "emotion")
            self.error(
                document,
                loc,
                f"{load.format_loc(loc)}: {_number(emotion)} is outside the scale {scale}",
            )

    def unique_ids(self, document: load.Document, journey: Journey) -> None:
        """Written-out ids must be unique; derived ones are made so (`resolve`)."""
        self.unique_written(document, [(("stages", i), s.id) for i, s in enumerate(journey.stages)])
        self.unique_written(
            document,
            [
                (("stages", i, "steps", j), step.id)
                for i, stage in enumerate(journey.stages)
                for j, step in enumerate(stage.steps)
            ],
        )

    def unique_written(
        self, document: load.Document, items: list[tuple[tuple[str | int, ...], str | None]]
    ) -> None:
        seen: dict[str, tuple[str | int, ...]] = {}
        for loc, written in items:
            if written is None:
                continue
            if written in seen:
                first = document.node_at((*seen[written], "id")).start_mark.line + 1
                self.error(
                    document,
                    (*loc, "id"),
                    f"{load.format_loc((*loc, 'id'))}: id '{written}' is used twice in this "
                    f"journey (first at line {first})",
                )
            else:
                seen[written] = loc

    def check_staleness(self, document: load.Document, journey: Journey) -> None:
        limit = self.content.site.stale_after_days
        if limit is None:
            return
        if journey.reviewed is None:
            self.warn(
                document,
                ("title",),
                f"journey '{journey.id}' has no reviewed date; "
                f"the site flags maps not reviewed in {limit} days",
            )
            return
        age = (today() - journey.reviewed).days
        if age > limit:
            self.warn(
                document,
                ("reviewed",),
                f"reviewed: journey '{journey.id}' was last reviewed {age} days ago "
                f"({journey.reviewed.isoformat()}), more than {limit}",
            )

    # -- references --------------------------------------------------------

    def check_persona_ref(
        self, document: load.Document, loc: load.Loc, persona: str, *, key: bool = False
    ) -> None:
        self.persona_used.add(persona)
        if persona in self.broken_personas:
            return  # its file has errors of its own
        self.check_ref(
            document, loc, persona, self.content.personas, "persona", "personas/", key=key
        )

    def check_channel(
        self,
        document: load.Document,
        loc: load.Loc,
        channel: str,
        channels: Collection[str] | None = None,
    ) -> None:
        if not self.site_ok:
            return
        known = channels if channels is not None else self.content.site.all_channels()
        self.check_ref(document, loc, channel, known, "channel", "site.yaml channels")

    def check_lanes(self, document: load.Document, loc: load.Loc, lanes: list[str] | None) -> None:
        if lanes is None or not self.site_ok:
            return
        known = self.content.site.known_lanes()
        for index, lane in enumerate(lanes):
            self.check_ref(document, (*loc, index), lane, known, "lane", "site.yaml custom_lanes")

    def check_ref(
        self,
        document: load.Document,
        loc: load.Loc,
        value: str,
        known: Collection[str],
        what: str,
        where: str,
        *,
        key: bool = False,
    ) -> None:
        if value in known:
            return
        self.error(
            document,
            loc,
            f"{load.format_loc(loc)}: unknown {what} '{value}'{suggestion(value, known)}; "
            f"declare it in {where}",
            key=key,
        )

    # -- across journeys ---------------------------------------------------

    def finish(self) -> None:
        journeys = self.content.journeys
        for journey_id, target, place in self.compare_refs:
            if target == journey_id:
                message = "compare_to: a journey cannot be compared to itself"
            elif target in self.broken_journeys:
                continue  # its file has errors of its own
            elif target not in journeys:
                message = f"compare_to: unknown journey '{target}'{suggestion(target, journeys)}"
            else:
                continue
            self.diagnostics.append(
                Diagnostic(
                    place.file, place.line, place.column, "error", message, place.path, place.where
                )
            )
        if self.journey_unread:
            return  # a journey that could not be read may be the one that uses them
        for persona_id, place in self.persona_marks.items():
            if persona_id not in self.persona_used:
                self.diagnostics.append(place)


def _named_personas(data: dict[str, object]) -> set[str]:
    """The persona ids a journey's data names, read as written: in `persona`, and in its
    steps' `actors` and per-persona emotions, wherever they are well formed."""
    named = set(_texts(data.get("persona")))
    stages = data.get("stages")
    for stage in stages if isinstance(stages, list) else ():
        steps = stage.get("steps") if isinstance(stage, dict) else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, dict):
                named.update(_texts(step.get("actors")))
                emotion = step.get("emotion")
                if isinstance(emotion, dict):
                    named.update(key for key in emotion if isinstance(key, str))
    return named


def _texts(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _valid_id(value: str, *, slash: bool) -> bool:
    return re.fullmatch(JOURNEY_ID_PATTERN if slash else ID_PATTERN, value) is not None


def _bad_file_id(kind: str, value: str) -> str:
    return (
        f"{kind} id '{value}' comes from the file's path and is not lowercase a-z, 0-9, - and _; "
        "rename the file"
    )


def _file_diagnostic(path: Path, message: str) -> Diagnostic:
    return Diagnostic(display_path(path), 1, 1, "error", message)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_root(
    root: Path,
    *,
    cache: ModelCache | None = None,
    jobs: int = 1,
    images: bool = True,
    texts: Mapping[Path, str] | None = None,
) -> Content:
    """Read and check every file of a content root; the result holds what was valid.

    Checked journeys stay alive to the end: no cyclic collection walks them while they
    are made (it made a large load quadratic: 1.7x the parse for 1,000 journeys, 1.1x
    without), and they are set aside once made (`common.memory`).

    With a `cache`, a journey file unchanged since it was saved (and read in the
    same context: site settings, personas, date, tool) is not parsed again, and
    with `jobs` > 1 the files that must be parsed are shared among processes. With
    `images` False, Markdown's images are left to whoever draws them (`journeymap pdf`
    warns of those it cannot have and prints without them). `texts` judges journey
    files (as `discover` names them) as the texts given, not as they are on disk: an
    edit is checked, with the rest of the root, before it is written.
    """
    with memory.without_cyclic_collection():
        return _check_root(root, cache, jobs, images, texts or {})


def _check_root(
    root: Path, cache: ModelCache | None, jobs: int, images: bool, texts: Mapping[Path, str]
) -> Content:
    sources = discover(root)
    if cache is not None:
        around = [p for p in (sources.site, *sources.personas) if p is not None]
        cache.open(around, today().isoformat())
    checker = _Checker(root, cache, images=images, texts=texts)
    checker.diagnostics.extend(outside_diagnostic(path) for path in sources.outside)
    checker.content.files += len(sources.outside)
    checker.site(sources.site)
    for path in sources.personas:
        checker.persona(path)
    for path in sources.opportunities:
        backlog_checks.read_opportunity(checker, path)
    for path in sources.studies:
        backlog_checks.read_study(checker, path)
    if cache is not None and jobs > 1:
        _check_in_parallel(checker, cache, sources.journeys, jobs)
    for path in sources.journeys:
        checker.journey(path)
    checker.finish()
    backlog_checks.finish(checker)
    content = checker.content
    content.journeys.sort()
    content.links = build_links(
        content.opportunities,
        content.studies,
        backlog_checks.citations(checker.backlog),
        {jid: facts.step_ids for jid, facts in content.journeys.facts.items()},
    )
    content.personas = dict(sorted(content.personas.items()))
    return content


# Below this many files to parse, starting processes costs more than it saves.
PARALLEL_FROM = 16

# The checker a forked worker inherits, with the site and personas read, and whether the
# workers send each journey as well as its summary: set before the fork.
_INHERITED: Slot[tuple[_Checker, bool]] = PROCESS.own("journey checker", Slot())


# A file checked by a worker: its summary, where its entry was written, its journey pickled.
Checked = tuple[Path, JourneyOutcome, Entry | None, bytes | None]


def _check_chunk(paths: list[Path]) -> list[Checked]:
    """Check files and write their cache entries aside, in one pack; the parent gets their
    summaries, and their journeys pickled when the root is small enough to hold them all
    (a large one reads back those it needs when it needs them), or, where the pack cannot
    be written, the whole outcomes."""
    checker, send_journeys = _INHERITED.get()
    assert checker.cache is not None
    outcomes = [checker.checked_journey(path) for path in paths]
    pickles = [outcome.pickles() for outcome in outcomes]
    try:
        entries = checker.cache.write_aside(pickles)
    except OSError:
        return [(path, outcome, None, None) for path, outcome in zip(paths, outcomes, strict=True)]
    done: list[Checked] = []
    for path, outcome, entry, (_, journey) in zip(paths, outcomes, entries, pickles, strict=True):
        sent = journey if send_journeys and outcome.journey is not None else None
        done.append((path, outcome.summary(), entry, sent))
    return done


def _check_in_parallel(checker: _Checker, cache: ModelCache, paths: list[Path], jobs: int) -> None:
    """Parse and check, on `jobs` processes, the journey files the cache does not hold;
    their outcomes go into the cache, where `_Checker.journey` finds them."""
    missing = [path for path in paths if not cache.has(path)]
    if len(missing) < PARALLEL_FROM or not hasattr(os, "fork"):
        return
    import multiprocessing

    chunks = shares(missing, jobs)
    with suppress(OSError):  # a folder that cannot be made: the workers send everything
        cache.spilled.mkdir(parents=True, exist_ok=True)
    # a build asks for every journey of a small root, which it then holds
    with (
        _INHERITED.holding((checker, held_whole(len(paths)))),
        multiprocessing.get_context("fork").Pool(
            jobs, initializer=end_with, initargs=(os.getpid(),)
        ) as pool,
    ):
        for results in pool.imap_unordered(_check_chunk, chunks):
            for path, outcome, placed, journey in results:
                cache.put(path, outcome, placed=placed, journey=journey)
