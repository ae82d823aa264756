"""The rows the touchpoints and owners pages list: a step where a journey meets a
channel or a department, and the hand-offs between departments. Made by
`aggregates`, drawn by `aggregate_rows`; neither needs the other's module for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.views import insights


@dataclass(frozen=True, slots=True)
class TouchpointRow:
    journey_id: str
    journey_title: str
    anchor: str
    step_title: str
    stage_name: str
    touchpoint: str
    channel: str
    kind: str  # online | offline | ""
    owner: str
    colour: str
    emotion: str
    tone: str = ""  # high | low | neutral: emotion figures read by sign, not by colour alone
    channel_id: str = ""
    owner_id: str = ""
    score: float | None = None  # the emotion as a number, for averages
    pains: int = 0


@dataclass(frozen=True, slots=True)
class HandoffRow:
    handoff: insights.Handoff
    from_label: str
    to_label: str
    from_colour: str
    to_colour: str
    change: str


@dataclass(frozen=True)
class OwnedStep:
    """A step a department owns, with the hand-offs that bring the customer to it from
    another department and take them from it to another (a hand-off of the department
    always has one of its steps at one end)."""

    row: TouchpointRow
    came: HandoffRow | None = None
    goes: HandoffRow | None = None
