"""Journeys -> findings: valleys, hand-offs, gaps, drop-offs, moments of truth (pure).

Nothing here knows about files or templates; each finding names its journey
and step, and the pages turn that into a link.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from generator.common.kept import KeptByKey
from generator.content.links import Links
from generator.content.model import Site
from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep
from generator.views.steps import is_drop_off, step_anchor

# The most findings a list of the insights page shows; the rest are counted, not shown.
LIMIT = 50
# The top lists (valleys, drop-offs) are shorter: the few worst.
TOP = 10
# The lists that say how many they leave out.
BOUNDED = (
    "handoffs",
    "gaps",
    "moments",
    "channel_mix",
    "stale",
    "unaddressed",
    "assumed",
    "done_valleys",
    "stale_research",
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a finding is: a step of a journey."""

    journey_id: str
    journey_title: str
    stage_name: str
    step_id: str
    step_title: str

    @property
    def anchor(self) -> str:
        return step_anchor(self.step_id)


@dataclass(frozen=True, slots=True)
class Valley:
    place: Place
    emotion: float
    feeling: str | None


@dataclass(frozen=True, slots=True)
class Handoff:
    """The customer passes from one department to the next between two steps."""

    journey_id: str
    journey_title: str
    before: Place
    after: Place
    from_owner: str
    to_owner: str
    change: float | None  # the emotion after minus before; None when either has none


@dataclass(frozen=True, slots=True)
class Gap:
    place: Place
    expectation: str
    reality: str
    emotion: float | None = None  # how the step feels: the worst felt gaps come first


@dataclass(frozen=True, slots=True)
class DropOff:
    place: Place
    metric: str
    figure: float | str
    percent: float


@dataclass(frozen=True, slots=True)
class Moment:
    place: Place
    emotion: float | None


@dataclass(frozen=True, slots=True)
class ChannelMix:
    journey_id: str
    journey_title: str
    stage_name: str
    stage_id: str
    online: int
    offline: int
    channels: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Stale:
    journey_id: str
    journey_title: str
    reviewed: date | None
    days: int | None


@dataclass(frozen=True, slots=True)
class Unaddressed:
    """A step felt in a valley, with pains, that no opportunity (but dropped ones) addresses."""

    place: Place
    emotion: float
    pains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assumed:
    """A journey's steps whose emotion rests on no evidence: no evidence item, no quote."""

    journey_id: str
    journey_title: str
    steps: tuple[Place, ...]
    felt: int  # the journey's steps with an emotion

    @property
    def share(self) -> int:
        """The assumed steps' share of the steps with an emotion, in percent."""
        return round(100 * len(self.steps) / self.felt)


@dataclass(frozen=True, slots=True)
class DoneValley:
    """An opportunity marked done whose step is still felt in a valley."""

    opportunity_id: str
    opportunity_title: str
    place: Place
    emotion: float


@dataclass(frozen=True, slots=True)
class StaleStudy:
    """A study done longer ago than `stale_after_days`, or undated."""

    study_id: str
    title: str
    date: date | None
    days: int | None
    cited: int  # the steps and opportunities that cite it


@dataclass
class Findings:
    valleys: list[Valley] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    dropoffs: list[DropOff] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    channel_mix: list[ChannelMix] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    unaddressed: list[Unaddressed] = field(default_factory=list)
    assumed: list[Assumed] = field(default_factory=list)
    done_valleys: list[DoneValley] = field(default_factory=list)
    stale_research: list[StaleStudy] = field(default_factory=list)
    # how many more each bounded list holds than it shows, by the list's name
    more: dict[str, int] = field(default_factory=dict)


def step_score(step: ResolvedStep) -> float | None:
    """One number for a step's emotion: the mean over personas where given per persona,
    of those who take part in it only (an emotion given to anyone else is left out)."""
    values = step.lived()
    return sum(values) / len(values) if values else None


def scores(journey: ResolvedJourney) -> list[float]:
    return [s for _, step in journey.steps() if (s := step_score(step)) is not None]


def felt_positively(
    journey: ResolvedJourney, scale: tuple[float, float], values: list[float] | None = None
) -> tuple[int, int]:
    """How many steps are felt positively (their `step_score` above the scale's middle),
    and how many have an emotion at all. `values`: the journey's `scores`, where made."""
    values = scores(journey) if values is None else values
    middle = (scale[0] + scale[1]) / 2
    return sum(1 for v in values if v > middle), len(values)


def happiness(
    journey: ResolvedJourney, scale: tuple[float, float], values: list[float] | None = None
) -> int | None:
    """The share of steps felt positively (above the scale's middle), in percent."""
    positive, rated = felt_positively(journey, scale, values)
    return round(100 * positive / rated) if rated else None


def _place(journey: ResolvedJourney, stage: ResolvedStage, step: ResolvedStep) -> Place:
    return Place(journey.id, journey.title, stage.name, step.id, step.title)


def valleys(
    journeys: Sequence[ResolvedJourney], scale: tuple[float, float], limit: int = 10
) -> list[Valley]:
    """The lowest steps below the scale's middle, the deepest first."""
    middle = (scale[0] + scale[1]) / 2
    low = (
        (score, j, stage, step)
        for j in journeys
        for stage, step in j.steps()
        if (score := _lowest(step)) is not None and score < middle
    )
    # the places of the deepest only: a site has thousands of low steps
    deepest = heapq.nsmallest(limit, low, key=lambda found: (found[0], found[1].id))
    return [
        Valley(_place(j, stage, step), score, step.feeling) for score, j, stage, step in deepest
    ]


def _lowest(step: ResolvedStep) -> float | None:
    values = step.lived()
    return min(values) if values else None


def handoffs(journey: ResolvedJourney) -> list[Handoff]:
    """Every change of owning department between consecutive owned steps."""
    return [_handoff(journey, *change) for change in _changes(journey)]


# A change of owner: the step before with its stage and score, then the step after with its.
_Change = tuple[
    ResolvedStage, ResolvedStep, float | None, ResolvedStage, ResolvedStep, float | None
]


def _changes(journey: ResolvedJourney) -> Iterator[_Change]:
    """The hand-offs of a journey, before their places are made (each step scored once:
    a site's steps are scored again in every build, for the owners and insights pages)."""
    previous: tuple[ResolvedStage, ResolvedStep, float | None] | None = None
    for stage, step in journey.steps():
        owner = step.owner
        if owner is None:
            continue
        score = step_score(step)
        if previous is not None and previous[1].owner != owner:
            yield (*previous, stage, step, score)
        previous = (stage, step, score)


def _handoff(
    journey: ResolvedJourney,
    before_stage: ResolvedStage,
    before: ResolvedStep,
    before_score: float | None,
    after_stage: ResolvedStage,
    after: ResolvedStep,
    after_score: float | None,
) -> Handoff:
    return Handoff(
        journey.id,
        journey.title,
        _place(journey, before_stage, before),
        _place(journey, after_stage, after),
        before.owner or "",
        after.owner or "",
        None if before_score is None or after_score is None else after_score - before_score,
    )


def falling_handoffs(journeys: Sequence[ResolvedJourney]) -> list[Handoff]:
    # the places of the falling ones only: most hand-offs do not fall
    found = [_handoff(j, *change) for j in journeys for change in _changes(j) if _fall(change)]
    return sorted(found, key=lambda h: (h.change or 0, h.journey_id))


def _fall(change: _Change) -> float | None:
    """How far the emotion falls at a hand-off; None where it does not fall, or either
    side has no emotion."""
    before, after = change[2], change[5]
    if before is None or after is None or after - before >= 0:
        return None
    return after - before


def gaps(journeys: Sequence[ResolvedJourney]) -> list[Gap]:
    return [
        Gap(_place(j, stage, step), step.expectation or "", step.reality or "", step_score(step))
        for j in journeys
        for stage, step in j.steps()
        if step.has_gap
    ]


_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)\s*%$")


def as_percent(value: float | str) -> float:
    """35% -> 35; 0.35 -> 35 (a share); 35 -> 35."""
    if isinstance(value, str):
        match = _NUMBER.match(value.strip())
        return float(match.group(1)) if match else 0.0
    return value * 100 if 0 <= value <= 1 else float(value)


def dropoffs(journeys: Sequence[ResolvedJourney], limit: int = 10) -> list[DropOff]:
    found = (
        (as_percent(value), name, value, j, stage, step)
        for j in journeys
        for stage, step in j.steps()
        for name, value in step.metrics.items()
        if is_drop_off(name)
    )
    largest = heapq.nsmallest(limit, found, key=lambda d: (-d[0], d[3].id))
    return [
        DropOff(_place(j, stage, step), name, value, percent)
        for percent, name, value, j, stage, step in largest
    ]


def moments(journeys: Sequence[ResolvedJourney]) -> list[Moment]:
    return [
        Moment(_place(j, stage, step), step_score(step))
        for j in journeys
        for stage, step in j.steps()
        if step.moment_of_truth
    ]


def _kinds(site: Site) -> dict[str, str]:
    return {key: channel.kind for key, channel in site.all_channels().items()}


def channel_mix(journeys: Sequence[ResolvedJourney], site: Site) -> list[ChannelMix]:
    kinds = _kinds(site)
    return [_mix(j, *found) for j in journeys for found in _mixes(j, kinds)]


def _mixes(
    journey: ResolvedJourney, kinds: dict[str, str]
) -> Iterator[tuple[ResolvedStage, Counter[str], int, int]]:
    """The stages that use channels: the steps by channel, and how many online and offline."""
    for stage in journey.stages:
        used = Counter(step.channel for step in stage.steps if step.channel)
        if used:
            online = sum(n for c, n in used.items() if kinds.get(c) == "online")
            offline = sum(n for c, n in used.items() if kinds.get(c) == "offline")
            yield stage, used, online, offline


def _mix(
    journey: ResolvedJourney, stage: ResolvedStage, used: Counter[str], online: int, offline: int
) -> ChannelMix:
    return ChannelMix(
        journey.id,
        journey.title,
        stage.name,
        stage.id,
        online,
        offline,
        tuple(sorted(used.items(), key=lambda item: (-item[1], item[0]))),
    )


def stale(journeys: Sequence[ResolvedJourney], site: Site, today: date) -> list[Stale]:
    """Maps not reviewed for longer than `stale_after_days` (or never), the oldest first."""
    if site.stale_after_days is None:
        return []
    out = []
    for j in journeys:
        days = (today - j.reviewed).days if j.reviewed else None
        if days is None or days > site.stale_after_days:
            out.append(Stale(j.id, j.title, j.reviewed, days))
    return sorted(out, key=lambda s: (s.reviewed or date.min, s.journey_id))


def is_stale(journey: ResolvedJourney, site: Site, today: date) -> bool:
    return bool(stale([journey], site, today))


class _Top(Generic[T]):
    """The first `limit` of a stream of findings in the order of `key` (ties keep their
    order), and how many there were, holding about `limit` at a time."""

    def __init__(self, key: Callable[[T], Any], limit: int) -> None:
        self.key = key
        self.limit = limit
        self.kept: list[T] = []
        self.count = 0
        # once `limit` are known to come first, the key of the last of them: a finding
        # that comes later and does not sort before it is never among the first
        self.bound: Any = None

    def admits(self, key: Any) -> bool:
        """Whether a finding of this key, coming after all so far, may be among the first:
        one that may not is only counted (`passed`), and need not be made (a site has
        thousands of gaps, and shows 50)."""
        return self.bound is None or key < self.bound

    def passed(self) -> None:
        self.count += 1

    def add(self, items: Sequence[T]) -> None:
        self.kept.extend(items)
        self.count += len(items)
        if len(self.kept) > 4 * self.limit:
            self.kept = heapq.nsmallest(self.limit, self.kept, key=self.key)
            self.bound = self.key(self.kept[-1]) if self.kept else None

    def first(self) -> list[T]:
        return heapq.nsmallest(self.limit, self.kept, key=self.key)


def _felt(emotion: float | None) -> float:
    """Worst felt first; a step with no emotion after every step with one."""
    return math.inf if emotion is None else emotion


class _Record(_Top[T]):
    """Every finding of one journey, in order, for `Kept`: none is left unmade."""

    def __init__(self) -> None:
        super().__init__(lambda _: 0, 0)

    def admits(self, key: Any) -> bool:
        return True

    def add(self, items: Sequence[T]) -> None:
        self.kept.extend(items)
        self.count += len(items)


# Each journey's findings, by list name, kept between the saves of a preview.
Kept = KeptByKey[dict[str, list[Any]]]


def findings(
    journeys: Iterable[ResolvedJourney],
    site: Site,
    today: date,
    limit: int = LIMIT,
    links: Links | None = None,
    kept: Kept | None = None,
) -> Findings:
    """What the insights page shows: top lists, and every other list cut at `limit` in a
    meaningful order (the worst first), with how many it left out.

    One pass, a journey at a time: the findings of several journeys are a function
    of each journey's (the first `limit` of all are among the first `limit` of each,
    ties keep the journeys' order, counts add up).
    """
    scale = (site.emotion_scale[0], site.emotion_scale[1])
    tops: dict[str, _Top[Any]] = {
        "valleys": _Top(lambda v: (v.emotion, v.place.journey_id), TOP),
        "dropoffs": _Top(lambda d: (-d.percent, d.place.journey_id), TOP),
        "handoffs": _Top(lambda h: (h.change, h.journey_id), limit),
        "gaps": _Top(lambda g: _felt(g.emotion), limit),
        "moments": _Top(lambda m: _felt(m.emotion), limit),
        # the stages where the customer moves across the most channels first
        "channel_mix": _Top(lambda m: (-len(m.channels), -(m.online + m.offline)), limit),
        "stale": _Top(lambda s: (s.reviewed or date.min, s.journey_id), limit),
    }
    if links is not None:  # what opportunities and studies say of the steps
        # the deepest first; ties keep the journeys' and the steps' order
        tops["unaddressed"] = _Top(lambda u: u.emotion, limit)
        tops["assumed"] = _Top(lambda a: (-a.share, -len(a.steps)), limit)
        tops["done_valleys"] = _Top(lambda d: d.emotion, limit)
    kinds = _kinds(site)
    for journey in journeys:
        if kept is None:
            _journey_into(journey, site, today, links, scale, kinds, tops)
            continue

        def found(journey: ResolvedJourney = journey) -> dict[str, list[Any]]:
            records: dict[str, _Top[Any]] = {name: _Record() for name in tops}
            _journey_into(journey, site, today, links, scale, kinds, records)
            return {name: top.kept for name, top in records.items()}

        for name, items in kept.get(journey.id, found).items():
            tops[name].add(items)
    lists: dict[str, list[Any]] = {name: top.first() for name, top in tops.items()}
    more = {name: tops[name].count - len(lists[name]) for name in tops if name in BOUNDED}
    if links is not None:
        old = stale_research(links, site, today)
        lists["stale_research"], more["stale_research"] = old[:limit], max(0, len(old) - limit)
    return Findings(**lists, more=more)


def _journey_into(
    journey: ResolvedJourney,
    site: Site,
    today: date,
    links: Links | None,
    scale: tuple[float, float],
    kinds: dict[str, str],
    tops: dict[str, _Top[Any]],
) -> None:
    """One journey's findings, into the lists."""
    one = [journey]
    tops["valleys"].add(valleys(one, scale, TOP))
    tops["dropoffs"].add(dropoffs(one, TOP))
    _falling_into(journey, tops["handoffs"])
    _felt_steps(journey, tops["gaps"], tops["moments"])
    _mixes_into(journey, kinds, tops["channel_mix"])
    tops["stale"].add(stale(one, site, today))
    if links is not None:
        _backlog_into(journey, links, scale, tops)


def _backlog_into(
    journey: ResolvedJourney, links: Links, scale: tuple[float, float], tops: dict[str, _Top[Any]]
) -> None:
    """What the opportunities and the studies say of a journey's steps, into their lists:
    pains in valleys that nothing addresses, emotions resting on no evidence, work done
    where the customer still feels low. A valley is a step felt below the scale's middle
    (by its lowest persona), as `valleys` finds them."""
    middle = (scale[0] + scale[1]) / 2
    jid = journey.id
    unaddressed: list[Unaddressed] = []
    done: list[DoneValley] = []
    assumed: list[Place] = []
    felt = 0
    for stage, step in journey.steps():
        sid = step.id
        lowest = _lowest(step)
        valley = lowest is not None and lowest < middle
        low = lowest if lowest is not None else middle
        addressing = links.opportunities_at(jid, sid)
        if valley and step.pains and all(o.status == "dropped" for o in addressing):
            unaddressed.append(Unaddressed(_place(journey, stage, step), low, tuple(step.pains)))
        if valley:
            done.extend(
                DoneValley(o.id, o.title, _place(journey, stage, step), low)
                for o in addressing
                if o.status == "done"
            )
        if step.has_emotion:
            felt += 1
            if not step.evidence and not links.quotes_at(jid, sid):
                assumed.append(_place(journey, stage, step))
    tops["unaddressed"].add(unaddressed)
    tops["done_valleys"].add(done)
    tops["assumed"].add([Assumed(jid, journey.title, tuple(assumed), felt)] if assumed else [])


def stale_research(links: Links, site: Site, today: date) -> list[StaleStudy]:
    """Studies done more than `stale_after_days` ago, or undated, the oldest first."""
    if site.stale_after_days is None:
        return []
    out = []
    for study in links.studies.values():
        days = (today - study.date).days if study.date else None
        if days is None or days > site.stale_after_days:
            steps, opportunities = links.cited_by(study.id)
            cited = len(steps) + len(opportunities)
            out.append(StaleStudy(study.id, study.title, study.date, days, cited))
    return sorted(out, key=lambda s: (s.date or date.min, s.study_id))


def _felt_steps(journey: ResolvedJourney, gaps: _Top[Gap], moments: _Top[Moment]) -> None:
    """The gaps and moments of truth of a journey into their lists: made where they may
    be shown, counted where not (as `gaps` and `moments` would have made them)."""
    found_gaps, found_moments = [], []
    for stage, step in journey.steps():
        gap = step.has_gap
        if not (gap or step.moment_of_truth):
            continue
        score = step_score(step)
        felt = _felt(score)
        if gap:
            if gaps.admits(felt):
                place = _place(journey, stage, step)
                found_gaps.append(Gap(place, step.expectation or "", step.reality or "", score))
            else:
                gaps.passed()
        if step.moment_of_truth:
            if moments.admits(felt):
                found_moments.append(Moment(_place(journey, stage, step), score))
            else:
                moments.passed()
    gaps.add(found_gaps)
    moments.add(found_moments)


def _falling_into(journey: ResolvedJourney, top: _Top[Handoff]) -> None:
    """The falling hand-offs of a journey into their list, made where they may be shown
    (in the steps' order: the list's order is the same as from `falling_handoffs`)."""
    found = []
    for change in _changes(journey):
        fall = _fall(change)
        if fall is None:
            continue
        if top.admits((fall, journey.id)):
            found.append(_handoff(journey, *change))
        else:
            top.passed()
    top.add(found)


def _mixes_into(journey: ResolvedJourney, kinds: dict[str, str], top: _Top[ChannelMix]) -> None:
    """The channel mix of a journey's stages into its list, made where it may be shown."""
    found = []
    for stage, used, online, offline in _mixes(journey, kinds):
        if top.admits((-len(used), -(online + offline))):
            found.append(_mix(journey, stage, used, online, offline))
        else:
            top.passed()
    top.add(found)


def basis(journey: ResolvedJourney) -> tuple[object, ...]:
    """Every field of a journey that `findings` reads, and no other: the findings of a
    journey are a function of this (with the site and the date), so an incremental build
    keys the insights page by it. Cheaper by far than the findings themselves."""
    return (
        journey.id,
        journey.title,
        journey.reviewed,
        tuple(
            (
                stage.id,
                stage.name,
                tuple(
                    (
                        step.id,
                        step.title,
                        step.emotion,
                        step.actors,  # who takes part: whose emotions count
                        step.feeling,
                        step.owner,
                        step.channel,
                        step.expectation,
                        step.reality,
                        step.expectation_met,
                        step.moment_of_truth,
                        step.metrics,
                        step.pains,  # pains in valleys no opportunity addresses
                        step.evidence,  # emotions that rest on no evidence
                    )
                    for step in stage.steps
                ),
            )
            for stage in journey.stages
        ),
    )
