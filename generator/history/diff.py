"""Two sets of journeys -> what changed, by meaning rather than by lines (pure).

Journeys are matched by id, stages by id, steps by id across the whole
journey, so a step whose title changed is renamed and a step that went to
another stage is moved, rather than removed and added. A stage or step whose
id was derived from its title gets a new id when the title changes; it is
paired with its old self and reported as renamed too when nothing else about
it changed, when it is the one step of its stage that changed at its place,
or (a stage) when it holds more than half of the steps the old one held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep

Status = Literal["added", "removed", "changed"]
T = TypeVar("T")

# Journey keys shown as `before -> after`; the others get their own kinds
_JOURNEY_FIELDS = (
    "state",
    "compare_to",
    "timeframe",
    "maintainer",
    "reviewed",
    "circular",
    "draft",
)
# Step keys whose text is too long to show: named as edited
_STEP_TEXTS = (
    "doing",
    "thinking",
    "expectation",
    "reality",
    "backstage",
    "actors",
    "custom",
)


@dataclass(frozen=True)
class Change:
    """One change inside a journey.

    `subject` is the title of the step or the name of the stage it is about
    (empty for the journey itself); `detail` a persona, a metric or a key;
    `before` and `after` the values, already written as text (None: absent).
    """

    kind: str
    subject: str = ""
    detail: str = ""
    before: str | None = None
    after: str | None = None
    moved: tuple[str, str] | None = None
    """Of a step renamed that also changed stage: the stage it left, the one it is in."""


@dataclass(frozen=True)
class JourneyDiff:
    """What happened to one journey."""

    id: str
    title: str
    status: Status
    changes: tuple[Change, ...] = ()
    stages: int = 0
    steps: int = 0


@dataclass(frozen=True)
class ItemChange:
    """An opportunity or a study added or removed, or one tracked key of an opportunity.

    `key` is empty when the whole item came or went; `before` and `after` are
    the values as the diff writes them (None: absent).
    """

    status: Status
    id: str
    title: str
    key: str = ""
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Diff:
    journeys: tuple[JourneyDiff, ...] = field(default_factory=tuple)
    opportunities: tuple[ItemChange, ...] = ()
    """Opportunities added, removed, or with a tracked key changed (backlog_diff.py)."""
    studies: tuple[ItemChange, ...] = ()
    """Studies added or removed."""

    def count(self, status: Status) -> int:
        return sum(1 for journey in self.journeys if journey.status == status)


def compare(
    before: Mapping[str, ResolvedJourney],
    after: Mapping[str, ResolvedJourney],
    files_before: Mapping[str, str] | None = None,
    files_after: Mapping[str, str] | None = None,
) -> Diff:
    """The journeys added, removed and changed; files are paths below the root, by id.

    A journey whose id changed (its file moved, without `id:`) and nothing
    else is found by its content and reported as changed, not removed and added.
    """
    files_before = files_before or {}
    files_after = files_after or {}
    pairs = _pair(before, after, lambda journey: repr(journey.model_dump(exclude={"id"})))
    kept = set(pairs.values())
    found: list[JourneyDiff] = []
    for journey_id in sorted(set(after) | (set(before) - kept)):
        new = after.get(journey_id)
        if new is None:
            found.append(_whole(before[journey_id], "removed"))
            continue
        if journey_id not in pairs:
            found.append(_whole(new, "added"))
            continue
        old_id = pairs[journey_id]
        changes: list[Change] = []
        if old_id != journey_id:
            changes.append(Change("id-changed", before=old_id, after=journey_id))
        old_file, new_file = files_before.get(old_id), files_after.get(journey_id)
        if old_file and new_file and old_file != new_file:
            changes.append(Change("file-renamed", before=old_file, after=new_file))
        changes.extend(compare_journey(before[old_id], new))
        if changes:
            found.append(JourneyDiff(journey_id, new.title, "changed", tuple(changes)))
    return Diff(tuple(found))


def _whole(journey: ResolvedJourney, status: Status) -> JourneyDiff:
    return JourneyDiff(
        journey.id,
        journey.title,
        status,
        stages=len(journey.stages),
        steps=journey.step_count(),
    )


def compare_journey(old: ResolvedJourney, new: ResolvedJourney) -> list[Change]:
    changes: list[Change] = []
    if old.title != new.title:
        changes.append(Change("title", before=old.title, after=new.title))
    for key in _JOURNEY_FIELDS:
        was, now = getattr(old, key), getattr(new, key)
        if was != now:
            changes.append(Change("field", detail=key, before=value(was), after=value(now)))
    changes.extend(_listed("persona", old.persona, new.persona))
    changes.extend(_listed("tag", old.tags, new.tags))
    if old.summary != new.summary:
        changes.append(Change("summary-edited"))
    stage_pairs = _pair({s.id: s for s in old.stages}, {s.id: s for s in new.stages}, _stage_shape)
    olds = {step.id: (stage, step) for stage, step in old.steps()}
    news = {step.id: (stage, step) for stage, step in new.steps()}
    step_pairs = _pair(olds, news, lambda placed: _step_shape(placed[1]))
    # a stage renamed whose steps changed too is still found by the steps it holds
    stage_pairs.update(_by_steps(old, new, stage_pairs, step_pairs))
    step_pairs.update(_same_place(old, new, stage_pairs, step_pairs))
    changes.extend(_stages(old, new, stage_pairs))
    changes.extend(_steps(olds, news, stage_pairs, step_pairs))
    return changes


def _listed(kind: str, old: list[str], new: list[str]) -> list[Change]:
    added = [Change(f"{kind}-added", subject=item) for item in new if item not in old]
    return added + [Change(f"{kind}-removed", subject=item) for item in old if item not in new]


def _pair(
    old: Mapping[str, T], new: Mapping[str, T], shape: Callable[[T], Hashable]
) -> dict[str, str]:
    """New id -> old id: the same id, or else the one unmatched item of the same shape."""
    pairs = {key: key for key in new if key in old}
    lost = Counter(shape(item) for key, item in old.items() if key not in new)
    found = Counter(shape(item) for key, item in new.items() if key not in old)
    lost_by_shape = {shape(item): key for key, item in old.items() if key not in new}
    for key, item in new.items():
        form = shape(item)
        if key not in old and lost[form] == 1 and found[form] == 1:
            pairs[key] = lost_by_shape[form]
    return pairs


def _stage_shape(stage: ResolvedStage) -> Hashable:
    steps = tuple(step.id for step in stage.steps)
    # an empty stage has no content to recognise it by: never paired
    return (steps, stage.description, stage.customer_type) if steps else id(stage)


def _step_shape(step: ResolvedStep) -> Hashable:
    return repr(step.model_dump(exclude={"title", "id"}))


def _paired_stages(old: ResolvedJourney, pairs: dict[str, str]) -> dict[str, ResolvedStage]:
    """New stage id -> the old journey's stage it pairs with."""
    olds = {stage.id: stage for stage in old.stages}
    return {new_id: olds[old_id] for new_id, old_id in pairs.items() if old_id in olds}


def _stages(old: ResolvedJourney, new: ResolvedJourney, pairs: dict[str, str]) -> list[Change]:
    olds = _paired_stages(old, pairs)
    changes: list[Change] = []
    for stage in new.stages:
        was = olds.get(stage.id)
        if was is None:
            changes.append(Change("stage-added", subject=stage.name))
            continue
        if was.name != stage.name:
            changes.append(Change("stage-renamed", before=was.name, after=stage.name))
        edited = [
            k for k in ("description", "customer_type") if getattr(was, k) != getattr(stage, k)
        ]
        if edited:
            changes.append(Change("stage-edited", subject=stage.name, detail=", ".join(edited)))
    kept = set(pairs.values())
    changes.extend(Change("stage-removed", subject=s.name) for s in old.stages if s.id not in kept)
    names = {pairs[s.id]: s.name for s in new.stages if s.id in pairs}
    order_before = [s.id for s in old.stages if s.id in kept]
    order_after = list(names)
    if order_before != order_after:
        changes.append(
            Change(
                "stages-reordered",
                before=", ".join(names[key] for key in order_before),
                after=", ".join(names[key] for key in order_after),
            )
        )
    return changes


Placed = tuple[ResolvedStage, ResolvedStep]


def _by_steps(
    old: ResolvedJourney,
    new: ResolvedJourney,
    stage_pairs: dict[str, str],
    step_pairs: dict[str, str],
) -> dict[str, str]:
    """New stage id -> old stage id, for a stage that changed name and more.

    An unpaired new stage is its old self when more than half of the steps of
    an unpaired old stage are now in it: one stage only can hold more than half.
    """
    kept = set(stage_pairs.values())
    lost = {stage.id: stage for stage in old.stages if stage.id not in kept}
    stage_of = {step.id: stage.id for stage, step in old.steps()}
    found: dict[str, str] = {}
    for stage in new.stages:
        if stage.id in stage_pairs:
            continue
        came = Counter(stage_of[step_pairs[s.id]] for s in stage.steps if s.id in step_pairs)
        for source, shared in came.most_common():
            if source in lost and source not in found.values():
                if shared * 2 > len(lost[source].steps):
                    found[stage.id] = source
                break
    return found


def _steps(
    olds: Mapping[str, Placed],
    news: Mapping[str, Placed],
    stage_pairs: dict[str, str],
    pairs: dict[str, str],
) -> list[Change]:
    changes: list[Change] = []
    for key, (stage, step) in news.items():
        if key not in pairs:
            changes.append(Change("step-added", subject=step.title, after=stage.name))
            continue
        old_stage, was = olds[pairs[key]]
        moved = stage_pairs.get(stage.id) != old_stage.id
        if was.title != step.title or was.id != step.id:
            # a new id moves the step's anchor: links to the old one stop finding it
            anchor = f"{was.id} -> {step.id}" if was.id != step.id else ""
            changes.append(
                Change(
                    "step-renamed",
                    detail=anchor,
                    before=was.title,
                    after=step.title,
                    moved=(old_stage.name, stage.name) if moved else None,
                )
            )
        elif moved:
            changes.append(
                Change("step-moved", subject=step.title, before=old_stage.name, after=stage.name)
            )
        changes.extend(compare_step(was, step))
    kept = set(pairs.values())
    changes.extend(
        Change("step-removed", subject=step.title, before=stage.name)
        for key, (stage, step) in olds.items()
        if key not in kept
    )
    return changes


def _same_place(
    old: ResolvedJourney, new: ResolvedJourney, stage_pairs: dict[str, str], pairs: dict[str, str]
) -> dict[str, str]:
    """New step id -> old step id, for the one step of a stage that changed title and more.

    When a stage lost exactly one step and gained exactly one, at the same
    position, it is the same step retitled (its derived id changed with it).
    """
    kept = set(pairs.values())
    olds = _paired_stages(old, stage_pairs)
    found = {}
    for stage in new.stages:
        was = olds.get(stage.id)
        if was is None:
            continue
        gained = [(i, s) for i, s in enumerate(stage.steps) if s.id not in pairs]
        lost = [(i, s) for i, s in enumerate(was.steps) if s.id not in kept]
        if len(gained) == len(lost) == 1 and gained[0][0] == lost[0][0]:
            found[gained[0][1].id] = lost[0][1].id
    return found


def compare_step(old: ResolvedStep, new: ResolvedStep) -> list[Change]:
    title = new.title
    changes = _emotions(title, old.emotion, new.emotion)
    for kind, was_items, now_items in (
        ("pain", old.pains, new.pains),
        ("opportunity", old.opportunities, new.opportunities),
    ):
        changes.extend(
            Change(f"{kind}-added", title, after=t) for t in _minus(now_items, was_items)
        )
        changes.extend(
            Change(f"{kind}-resolved", title, before=t) for t in _minus(was_items, now_items)
        )
    # what an emotion rests on: a study named or dropped is worth a line of its own
    changes.extend(
        Change("evidence-added", title, after=t) for t in _minus(new.evidence, old.evidence)
    )
    changes.extend(
        Change("evidence-removed", title, before=t) for t in _minus(old.evidence, new.evidence)
    )
    for key in ("channel", "owner", "touchpoint", "feeling"):
        was, now = getattr(old, key), getattr(new, key)
        if was != now:
            changes.append(Change(key, title, before=value(was), after=value(now)))
    if old.moment_of_truth != new.moment_of_truth:
        changes.append(
            Change(
                "moment-of-truth",
                title,
                before=value(old.moment_of_truth),
                after=value(new.moment_of_truth),
            )
        )
    for name in [*new.metrics, *(m for m in old.metrics if m not in new.metrics)]:
        was, now = old.metrics.get(name), new.metrics.get(name)
        if was != now:
            changes.append(Change("metric", title, name, before=value(was), after=value(now)))
    edited = [key for key in _STEP_TEXTS if getattr(old, key) != getattr(new, key)]
    if edited:
        changes.append(Change("step-edited", title, ", ".join(edited)))
    return changes


def _emotions(
    title: str, old: float | dict[str, float] | None, new: float | dict[str, float] | None
) -> list[Change]:
    """Per persona where either side gives emotions per persona; a plain number counts for all."""
    personas: list[str | None] = []
    for side in (new, old):
        if isinstance(side, dict):
            personas.extend(p for p in side if p not in personas)
    if not personas:
        personas = [None]
    changes = []
    for persona in personas:
        was, now = _emotion_of(old, persona), _emotion_of(new, persona)
        if was == now:
            continue
        if was is None:
            kind = "emotion-set"
        elif now is None:
            kind = "emotion-cleared"
        else:
            kind = "emotion-rose" if now > was else "emotion-fell"
        changes.append(Change(kind, title, persona or "", value(was), value(now)))
    return changes


def _emotion_of(emotion: float | dict[str, float] | None, persona: str | None) -> float | None:
    if isinstance(emotion, dict):
        return emotion.get(persona) if persona is not None else None
    return emotion


def _minus(items: Iterable[str], taken: Iterable[str]) -> list[str]:
    """`items` less `taken`, counting repeats, in the order of `items`."""
    remaining = Counter(taken)
    left = []
    for item in items:
        if remaining[item]:
            remaining[item] -= 1
        else:
            left.append(item)
    return left


def value(item: Any) -> str | None:
    """A value as the diff writes it: 2 not 2.0, dates in ISO form, yes/no."""
    if item is None:
        return None
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, float) and item.is_integer():
        return str(int(item))
    if isinstance(item, date):
        return item.isoformat()
    return str(item)
