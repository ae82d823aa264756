"""Journeys as checking leaves them: every journey, stage and step with its id.

Authors may leave ids out, so the models of the file format (`model`, and the
schema made from them) keep them optional. `resolve` makes, from a journey as
read, a copy whose types say that every id is there, with the ids the author
left out derived from names. Whatever reads checked content (views, printable
maps, the site, history, interop) gets these, and never meets a missing id.
The journey as read is left as it was; the resolved one is frozen.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from generator.content.ids import assign
from generator.content.model import Journey, Stage, Step

_FROZEN = ConfigDict(frozen=True)


class ResolvedStep(Step):
    """A step of a checked journey: its id written out, or derived from its title."""

    model_config = _FROZEN

    id: str


class ResolvedStage(Stage):
    """A stage of a checked journey: its id written out, or derived from its name."""

    model_config = _FROZEN

    id: str
    steps: Sequence[ResolvedStep] = ()


class ResolvedJourney(Journey):
    """A checked journey: its id written out, or its path below the content root."""

    model_config = _FROZEN

    id: str
    stages: Sequence[ResolvedStage]

    def steps(self) -> Iterator[tuple[ResolvedStage, ResolvedStep]]:
        """Each step with its stage, in map order (as `Journey.steps`, typed for these)."""
        for stage in self.stages:
            for step in stage.steps:
                yield stage, step


def resolve(journey: Journey, journey_id: str) -> ResolvedJourney:
    """The journey with every id: its own is `journey_id` (the one it sets, or its path);
    those of stages and steps left out are derived from names, made unique in the
    journey with -2, -3 ... Written ids stay as written, even one the file uses twice
    (an error of its own)."""
    stage_ids = assign([(stage.id, stage.name) for stage in journey.stages], "stage")
    step_ids = iter(assign([(step.id, step.title) for _, step in journey.steps()], "step"))
    stages = [
        _as(
            ResolvedStage,
            stage,
            stage_id,
            steps=[_as(ResolvedStep, step, next(step_ids)) for step in stage.steps],
        )
        for stage, stage_id in zip(journey.stages, stage_ids, strict=True)
    ]
    return _as(ResolvedJourney, journey, journey_id, stages=stages)


Resolved = TypeVar("Resolved", bound=BaseModel)


def _as(kind: type[Resolved], model: BaseModel, identifier: str, **parts: Any) -> Resolved:
    """A copy of a checked model as `kind`, with its id and the given parts; its other
    values are the model's own, checked already, so not checked again (its lists and
    mappings are shared: neither model is changed once made).

    Made as pydantic's own `model_copy` makes a copy, its dict and slots set: 3.5x faster
    than `model_construct`, which looks at every field of every step of every journey
    (tests/test_validate_resolved.py checks the copy against a validated model).
    """
    made = kind.__new__(kind)
    object.__setattr__(made, "__dict__", {**model.__dict__, "id": identifier, **parts})
    fields_set = model.__pydantic_fields_set__ | {"id", *parts}
    object.__setattr__(made, "__pydantic_fields_set__", fields_set)
    object.__setattr__(made, "__pydantic_extra__", None)  # extra keys are refused
    object.__setattr__(made, "__pydantic_private__", None)  # none is declared
    return made
