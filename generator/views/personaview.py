"""A persona and a journey -> the persona's own view of it: the steps they take part in,
their emotion at each, and their curve through those steps only (pure).

The persona page shows one for each journey the persona lives some step of. The
curve's columns are the persona's steps, in the journey's order, so it reads as
the journey they lived; its colour and shape are the persona's on the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep
from generator.content.root import Content
from generator.views import curve as emotion_curve
from generator.views.aggregates import tone
from generator.views.i18n import Labels
from generator.views.mapview import per_persona
from generator.views.steps import step_anchor

# One step's width in the curve's units: narrower than the map's column, so that a curve
# of a dozen steps drawn a page wide stays as tall, and its words as large, as the map's.
UNIT = 60.0

# A persona page draws what the persona lived, step by step with a curve, on this many
# journeys at most; on more, one row a journey (a page of a persona on every journey of
# a large root would otherwise carry them all: 16 MB at 1,000 journeys), and each
# journey's own map shows the persona's curve.
LIVED_IN_FULL = 12


@dataclass(frozen=True)
class LivedStep:
    """A step the persona takes part in, with their emotion at it."""

    anchor: str  # the step's anchor on the journey's map
    title: str
    stage: str
    emotion: str  # signed, "" where none is given for the persona
    tone: str  # high | low | neutral, "" where none
    feeling: str | None
    moment_of_truth: bool


@dataclass(frozen=True)
class LivedRow:
    """One journey as one persona lives it, in a row: what a journey's card keeps of it
    (the steps and the curve are drawn from the journey, on the pages that show them)."""

    journey_id: str
    title: str
    taken: int  # the steps they take part in
    total: int  # the journey's steps, theirs and the others'
    average: str  # their average emotion over their steps, signed; "" where none
    average_tone: str


@dataclass(frozen=True)
class Lived:
    """One journey as one persona lives it, step by step."""

    row: LivedRow
    steps: tuple[LivedStep, ...]  # the curve's columns, one a step of theirs
    chart: emotion_curve.Chart | None  # their curve through their steps; None where they
    # felt nothing given

    @cached_property
    def curve(self) -> Markup:
        if self.chart is None:
            return Markup("")
        # the one place where a persona's curve becomes trusted HTML: curve.py escapes its words
        return Markup(emotion_curve.curve_svg(self.chart))


def lived(
    content: Content, journey: ResolvedJourney, persona_id: str, labels: Labels
) -> Lived | None:
    """The persona's own view of a journey; None where they take part in no step of it."""
    scale = content.site.emotion_scale
    mine = _theirs(journey, persona_id)
    if not mine:
        return None
    steps, points, moments = [], [], []
    for column, (stage, step) in enumerate(mine):
        value = step.emotion_of(persona_id)
        if value is not None:
            points.append((column, value))
        if step.moment_of_truth:
            moments.append(column)
        steps.append(
            LivedStep(
                anchor=step_anchor(step.id),
                title=step.title,
                stage=stage.name,
                emotion=labels.signed(value) if value is not None else "",
                tone=tone(value, scale) if value is not None else "",
                feeling=step.feeling,
                moment_of_truth=step.moment_of_truth,
            )
        )
    return Lived(
        row=_row(content, journey, labels, len(steps), [value for _, value in points]),
        steps=tuple(steps),
        chart=_chart(
            content, journey, persona_id, labels, tuple(points), tuple(moments), len(mine)
        ),
    )


def lived_row(
    content: Content, journey: ResolvedJourney, persona_id: str, labels: Labels
) -> LivedRow | None:
    """The row of `lived` alone, what a journey's card keeps: without the steps and the
    curve, which every card of a build would make for nothing."""
    mine = _theirs(journey, persona_id)
    if not mine:
        return None
    values = [value for _, step in mine if (value := step.emotion_of(persona_id)) is not None]
    return _row(content, journey, labels, len(mine), values)


def _theirs(journey: ResolvedJourney, persona_id: str) -> list[tuple[ResolvedStage, ResolvedStep]]:
    return [
        (stage, step) for stage, step in journey.steps() if persona_id in journey.actors_of(step)
    ]


def _row(
    content: Content, journey: ResolvedJourney, labels: Labels, taken: int, values: list[float]
) -> LivedRow:
    scale = content.site.emotion_scale
    average = sum(values) / len(values) if values else None
    return LivedRow(
        journey_id=journey.id,
        title=journey.title,
        taken=taken,
        total=journey.step_count(),
        average=labels.signed(round(average, 1)) if average is not None else "",
        average_tone=tone(average, scale),
    )


def _chart(
    content: Content,
    journey: ResolvedJourney,
    persona_id: str,
    labels: Labels,
    points: tuple[emotion_curve.Point, ...],
    moments: tuple[int, ...],
    columns: int,
) -> emotion_curve.Chart | None:
    if not points:
        return None
    persona = content.personas.get(persona_id)
    name = persona.name if persona else persona_id
    people = journey.people()
    slot = people.index(persona_id) if per_persona(journey) and persona_id in people else 0
    low, high = content.site.emotion_scale
    return emotion_curve.Chart(
        columns=columns,
        scale=(low, high),
        series=(
            emotion_curve.Series(
                name,
                points,
                emotion_curve.PALETTE[slot % len(emotion_curve.PALETTE)],
                emotion_curve.SHAPES[slot % len(emotion_curve.SHAPES)],
            ),
        ),
        moments=moments,
        texts=emotion_curve.Texts(
            title=f"{labels.emotion_curve}: {name}, {journey.title}",
            peak=labels.peak,
            valley=labels.valley,
            moment=labels.moment_of_truth,
        ),
        ticks=tuple(labels.signed(v) for v in _integers(low, high)),
        unit=UNIT,
        clear=True,  # a star over the Peak stands clear of its label
    )


def _integers(low: float, high: float) -> range:
    if high - low > 10:
        return range(0)
    first = int(low) if float(low).is_integer() else int(low) + 1
    return range(first, int(high) + 1)
