"""A journey -> the view model of its map: columns, stage spans, lane rows, cells, curve.

Pure: no files, no templates. `templates/partials/map.html` draws a MapView
on the site's journey page, and `templates/print/_map.html` on every printed
poster, so the map is built once here and dressed twice (site.css,
print-map.css). The site's cells are the one part drawn here
(`LaneView.cells_html`): a map has hundreds, and a template loop was too slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from markupsafe import Markup, escape

from generator.content.backlog_model import Opportunity, Study
from generator.content.links import Links
from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep
from generator.content.root import Content
from generator.views import curve as emotion_curve
from generator.views.escaping import html, word
from generator.views.i18n import Labels, labels_for
from generator.views.markdown import PLAIN, Markdown
from generator.views.steps import is_drop_off, stage_anchor, step_anchor

_URL = re.compile(r"^https?://\S+$")
EMPTY = Markup("")


@dataclass(frozen=True)
class Column:
    """One step column (or the single empty column of a stage without steps)."""

    index: int
    stage: int  # index into MapView.stages
    anchor: str | None
    title: str
    step_id: str | None = None
    moment_of_truth: bool = False
    first_of_stage: bool = False
    placeholder: bool = False
    # the names of those who take part, where they are not the journey's personas
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageView:
    anchor: str
    stage_id: str
    name: str
    description: Markup
    customer_type: str | None  # the translated label
    customer_type_id: str | None
    span: int
    empty: bool
    continued: bool = False  # a printed sheet that begins within the stage


class Chip(NamedTuple):
    """An opportunity that addresses a step, as its chip on the map."""

    opportunity_id: str
    title: str
    status: str  # idea | planned | in-progress | done | dropped
    status_label: str  # the status as a word: a chip never says it by colour alone
    href: str = ""  # its page, relative to the map's page; "" where nothing links (paper)

    @property
    def closed(self) -> bool:
        """Done or dropped: drawn apart from the work still to do."""
        return self.status in ("done", "dropped")


class Said(NamedTuple):
    """A study's quote placed at a step: the customer's own words."""

    text: str
    who: str
    study_id: str
    study_title: str
    href: str = ""  # the study's page, relative to the map's page; "" on paper


class Cell(NamedTuple):
    """What one lane says at one step; `kind` chooses how the partial draws it.

    A named tuple: a map has hundreds, and a frozen dataclass took 3x as long to make
    (a fifth of making a map)."""

    kind: str = "empty"  # empty | text | markdown | list | channel | owner | metrics | gap | met
    html: Markup = EMPTY
    items: tuple[Markup, ...] = ()
    pairs: tuple[tuple[str, str, bool], ...] = ()  # metrics: name, figure, is a drop-off
    badge: str = ""  # channel kind label, or the gap's or met pair's label
    badge_kind: str = ""  # online | offline | gap | met
    colour: str = ""  # a department's colour (validated #hex)
    first_of_stage: bool = False
    chips: tuple[Chip, ...] = ()  # the opportunities lane: opportunities addressing the step
    quotes: tuple[Said, ...] = ()  # the feeling lane: the customer's words placed at the step


# Cells without words are alike: one object each, not one a column.
_EMPTY_CELL = Cell()
_EMPTY_CELL_FIRST = Cell(first_of_stage=True)


@dataclass(frozen=True)
class LaneView:
    lane_id: str
    label: str
    curve: bool
    cells: tuple[Cell, ...]

    def cells_html(self, labels: Labels) -> Markup:
        """The lane's cells as partials/map.html draws them: one `<td>` each."""
        helps = {"gap": word(labels.gap_help), "met": word(labels.met_help)}
        marks = (word(labels.map_quote_open), word(labels.map_quote_close))
        return Markup("".join([_cell_html(cell, helps, marks) for cell in self.cells]))


@dataclass(frozen=True)
class LegendEntry:
    name: str
    swatch: Markup
    dashed: bool


@dataclass(frozen=True)
class EmotionRow:
    """A row of the curve's table equivalent, for screen readers and for print."""

    title: str
    anchor: str | None
    values: tuple[str, ...]


@dataclass(frozen=True)
class MapView:
    journey_id: str
    title: str
    stages: tuple[StageView, ...]
    columns: tuple[Column, ...]
    lanes: tuple[LaneView, ...]
    curve: Markup
    legend: tuple[LegendEntry, ...]
    emotion_head: tuple[str, ...]
    emotion_rows: tuple[EmotionRow, ...]
    scale: tuple[float, float]
    circular: bool
    loop_to: str
    blank: bool
    aspect: float = emotion_curve.ASPECT
    compare_title: str = ""
    blank_titles: bool = False  # a blank map that keeps its step titles (paper's workshop map)
    gaps_note: str = ""  # what a break in a line means, where some line has one
    series: tuple[emotion_curve.Series, ...] = field(default=(), repr=False)
    chart: emotion_curve.Chart | None = field(default=None, repr=False)  # what `curve` draws

    @property
    def width(self) -> int:
        """The number of step columns."""
        return len(self.columns)


def build_map(
    content: Content,
    journey: ResolvedJourney,
    *,
    blank: bool = False,
    stages: slice | None = None,
    columns: range | None = None,
    lanes: Sequence[str] | None = None,
    root: str | None = None,
) -> MapView:
    """The map of a journey; `blank` keeps stages, lanes and columns but empties the cells
    and the curve. `root` is the way from the map's page back to the site's root: with
    it, the opportunities' chips, the studies and the quotes link to their pages (the
    site's map); without, they are words only (paper).

    A printed sheet shows a part of it: `stages` keeps only those stages, `columns` only
    those of the journey's step columns (numbered across all its stages, an empty stage's
    one column included), `lanes` only those of the shown lanes. The curve of a part
    marks the journey's own peak and valley, where they fall on it.
    """
    labels = labels_for(content.site)
    # its Markdown's images, found from its file
    markdown = Markdown.of(content.journey_files.get(journey.id), content.root)
    chosen = list(range(len(journey.stages)))[stages or slice(None)]
    if columns is not None:
        chosen = [i for i in chosen if _stage_columns(journey, i).start < columns.stop]
        chosen = [i for i in chosen if _stage_columns(journey, i).stop > columns.start]
    map_columns, stage_views, steps = _columns(journey, chosen, labels, columns, markdown)
    if not blank:
        map_columns = _with_actors(content, journey, map_columns, steps)
    series = () if blank else _series(content, journey, map_columns, steps)
    moments = () if blank else tuple(c.index for c in map_columns if c.moment_of_truth)
    low, high = content.site.emotion_scale
    loop_to = journey.stages[0].name if journey.circular else ""
    extremes = None
    if not blank and (stages is not None or columns is not None):
        extremes = _part_extremes(content, journey, labels, chosen, columns)
    chart = emotion_curve.Chart(
        columns=len(map_columns),
        scale=(low, high),
        series=series,
        moments=moments,
        texts=emotion_curve.Texts(
            title=labels.emotion_curve,
            peak=labels.peak,
            valley=labels.valley,
            moment=labels.moment_of_truth,
            loop=f"{labels.loops_back} {loop_to}" if loop_to and not blank else "",
        ),
        ticks=_ticks(labels, low, high),
        extremes=extremes,
    )
    if stages is None and columns is None and lanes is None:
        # the whole map: its own cells tell which default lanes are empty (no second pass)
        views = tuple(
            _lane(content, journey, lane, map_columns, steps, labels, blank, root, markdown)
            for lane in content.site.lanes_of(journey)
        )
        if _prunable(content, journey, blank):
            views = tuple(lane for lane in views if _filled(lane, journey))
    else:
        shown = shown_lanes(content, journey, blank=blank)
        views = tuple(
            _lane(content, journey, lane, map_columns, steps, labels, blank, root, markdown)
            for lane in shown
            if lanes is None or lane in lanes
        )
    compare = content.journeys.get(journey.compare_to or "")
    return MapView(
        journey_id=journey.id,
        title=journey.title,
        stages=tuple(stage_views),
        columns=tuple(map_columns),
        lanes=views,
        # the one place where our SVG becomes trusted HTML: curve.py escapes every text
        curve=Markup(emotion_curve.curve_svg(chart)),
        legend=tuple(
            LegendEntry(s.name, Markup(emotion_curve.legend_swatch(s)), s.dashed) for s in series
        ),
        emotion_head=tuple(s.name for s in series),
        emotion_rows=_emotion_rows(map_columns, series, labels),
        scale=(low, high),
        circular=journey.circular,
        loop_to=loop_to,
        blank=blank,
        compare_title=compare.title if compare and not blank else "",
        gaps_note=labels.curve_gaps if any(s.gaps for s in series) else "",
        series=series,
        chart=chart,
    )


def _with_actors(
    content: Content,
    journey: ResolvedJourney,
    columns: list[Column],
    steps: dict[int, ResolvedStep],
) -> list[Column]:
    """The columns of steps lived by others than the journey's personas say by whom."""
    everyone = set(journey.persona)
    out = []
    for column in columns:
        step = steps.get(column.index)
        if step is not None and step.actors and set(step.actors) != everyone:
            names = tuple(_persona_name(content, journey, actor) for actor in step.actors)
            column = replace(column, actors=names)
        out.append(column)
    return out


def _stage_columns(journey: ResolvedJourney, index: int) -> range:
    """The journey's step columns that one stage holds (an empty stage holds one)."""
    start = sum(max(1, len(stage.steps)) for stage in journey.stages[:index])
    return range(start, start + max(1, len(journey.stages[index].steps)))


def _part_extremes(
    content: Content,
    journey: ResolvedJourney,
    labels: Labels,
    chosen: list[int],
    kept: range | None,
) -> tuple[emotion_curve.Point | None, emotion_curve.Point | None]:
    """The journey's peak and valley, in the columns of a part of its map (None where one
    falls outside it): found on the whole journey, as the site's map finds them."""
    every, _, steps = _columns(journey, list(range(len(journey.stages))), labels)
    high, low = emotion_curve.extremes(_series(content, journey, every, steps))
    if not chosen:
        return None, None
    first = _stage_columns(journey, chosen[0]).start
    if kept is not None:
        first = max(first, kept.start)
    last = _stage_columns(journey, chosen[-1]).stop
    if kept is not None:
        last = min(last, kept.stop)

    def local(point: emotion_curve.Point | None) -> emotion_curve.Point | None:
        if point is None or not first <= point[0] < last:
            return None
        return point[0] - first, point[1]

    return local(high), local(low)


def shown_lanes(content: Content, journey: ResolvedJourney, *, blank: bool = False) -> list[str]:
    """The lanes the map draws, in order: those of `lanes:`, or by default every lane
    that some step of the journey fills (an empty default lane is only noise).

    Judged on the whole journey, so every sheet of a poster has the same lanes; a blank
    map and a journey without steps keep them all, to be filled in by hand.
    """
    lanes = content.site.lanes_of(journey)
    if not _prunable(content, journey, blank):
        return lanes
    labels = labels_for(content.site)
    steps = [step for _, step in journey.steps()]

    def filled(lane: str) -> bool:
        if lane == "emotion":
            return any(step.has_emotion for step in steps)
        make = _cell_maker(content, journey, lane, labels)
        return any(make(step, False).kind != "empty" for step in steps)

    return [lane for lane in lanes if filled(lane)]


def _prunable(content: Content, journey: ResolvedJourney, blank: bool) -> bool:
    chosen = journey.lanes is not None or content.site.lanes is not None
    return not (blank or chosen or not journey.step_count())


def _filled(lane: LaneView, journey: ResolvedJourney) -> bool:
    if lane.curve:
        return any(step.has_emotion for _, step in journey.steps())
    return any(cell.kind != "empty" for cell in lane.cells)


def _ticks(labels: Labels, low: float, high: float) -> tuple[str, ...]:
    if high - low > 10:
        return ()
    first = int(low) if float(low).is_integer() else int(low) + 1
    return tuple(labels.signed(v) for v in range(first, int(high) + 1))


def _columns(
    journey: ResolvedJourney,
    chosen: list[int],
    labels: Labels,
    kept: range | None = None,
    markdown: Markdown = PLAIN,
) -> tuple[list[Column], list[StageView], dict[int, ResolvedStep]]:
    """The columns of the chosen stages; `kept`: only those of the journey's columns."""
    columns: list[Column] = []
    views: list[StageView] = []
    steps: dict[int, ResolvedStep] = {}
    for position, stage_index in enumerate(chosen):
        stage: ResolvedStage = journey.stages[stage_index]
        kept_steps = stage.steps
        skipped = 0  # the stage's steps on the sheets before
        if kept is not None:
            held = _stage_columns(journey, stage_index)
            skipped = max(0, kept.start - held.start)
            kept_steps = stage.steps[skipped : max(0, kept.stop - held.start)]
        if not stage.steps:
            columns.append(
                Column(len(columns), position, None, labels.no_steps, None, False, True, True)
            )
        for number, step in enumerate(kept_steps):
            steps[len(columns)] = step
            step_id = step.id
            columns.append(
                Column(
                    index=len(columns),
                    stage=position,
                    anchor=step_anchor(step_id),
                    title=step.title,
                    step_id=step_id,
                    moment_of_truth=step.moment_of_truth,
                    first_of_stage=number == 0,
                )
            )
        span = max(1, len(kept_steps)) if stage.steps else 1
        views.append(
            StageView(
                anchor=stage_anchor(stage.id),
                stage_id=stage.id,
                name=stage.name,
                description=markdown.render(stage.description),
                customer_type=labels.customer_type_label(stage.customer_type)
                if stage.customer_type
                else None,
                customer_type_id=stage.customer_type,
                span=span,
                empty=not stage.steps,
                continued=skipped > 0,
            )
        )
    return columns, views, steps


def per_persona(journey: ResolvedJourney) -> bool:
    """One curve a persona: where emotions are given per persona, or where some steps
    are lived by some of the journey's personas only (each curve then skips the others')."""
    everyone = set(journey.persona)
    return any(
        isinstance(step.emotion, dict) or (step.actors and set(step.actors) != everyone)
        for _, step in journey.steps()
    )


def _series(
    content: Content,
    journey: ResolvedJourney,
    columns: list[Column],
    steps: dict[int, ResolvedStep],
) -> tuple[emotion_curve.Series, ...]:
    personas: list[str | None] = list(journey.people()) if per_persona(journey) else [None]
    names = {p: _persona_name(content, journey, p) for p in personas}
    out: list[emotion_curve.Series] = []
    for number, persona in enumerate(personas):
        points = tuple(
            (index, value)
            for index, step in steps.items()
            if (value := step.emotion_of(persona)) is not None
        )
        if points:
            out.append(
                emotion_curve.Series(
                    names[persona],
                    points,
                    emotion_curve.PALETTE[number % len(emotion_curve.PALETTE)],
                    emotion_curve.SHAPES[number % len(emotion_curve.SHAPES)],
                    gaps=_skipped(persona, steps),
                )
            )
    other = content.journeys.get(journey.compare_to or "")
    if other is None:
        return tuple(out)
    labels = labels_for(content.site)
    state = labels.state_future if other.state == "future" else labels.state_current
    other_personas: list[str | None] = list(other.persona) if per_persona(other) else [None]
    for number, persona in enumerate(other_personas):
        if persona is not None and persona not in personas and personas != [None]:
            continue
        pairs = _match(journey, other, steps)
        matched = tuple(
            (index, value)
            for index, step in pairs.items()
            if (value := step.emotion_of(persona)) is not None
        )
        if not matched:
            continue
        slot = personas.index(persona) if persona in personas else number
        name = _persona_name(content, other, persona)
        out.append(
            emotion_curve.Series(
                f"{name} \u2014 {state}" if persona is not None else f"{other.title} ({state})",
                matched,
                emotion_curve.PALETTE[slot % len(emotion_curve.PALETTE)]
                if len(personas) > 1
                else emotion_curve.COMPARE_COLOUR,
                emotion_curve.SHAPES[slot % len(emotion_curve.SHAPES)],
                dashed=True,
                gaps=_skipped(persona, pairs),
            )
        )
    return tuple(out)


def _skipped(persona: str | None, steps: dict[int, ResolvedStep]) -> tuple[int, ...]:
    """The columns of the steps a persona takes no part in (none for the single curve)."""
    if persona is None:
        return ()
    return tuple(index for index, step in steps.items() if not step.takes_part(persona))


def _match(
    journey: ResolvedJourney, other: ResolvedJourney, steps: dict[int, ResolvedStep]
) -> dict[int, ResolvedStep]:
    """The compared journey's steps at our columns: by step id, or else by position."""
    ours = {step.id for _, step in journey.steps()}
    theirs = {step.id: step for _, step in other.steps() if step.id}
    if ours & set(theirs):
        return {
            index: theirs[step.id]
            for index, step in steps.items()
            if step.id is not None and step.id in theirs
        }
    # no shared id: the n-th step of one is the n-th step of the other
    order = [step.id for _, step in journey.steps()]
    other_order = [step for _, step in other.steps()]
    out = {}
    for index, step in steps.items():
        position = order.index(step.id)
        if position < len(other_order):
            out[index] = other_order[position]
    return out


def _persona_name(content: Content, journey: ResolvedJourney, persona: str | None) -> str:
    if persona is None:
        names = [content.personas[p].name for p in journey.persona if p in content.personas]
        return names[0] if len(names) == 1 else labels_for(content.site).everyone
    found = content.personas.get(persona)
    return found.name if found else persona


def _emotion_rows(
    columns: list[Column], series: tuple[emotion_curve.Series, ...], labels: Labels
) -> tuple[EmotionRow, ...]:
    """Each step's emotion in each series, "\u2013" where a series has none."""
    shown: list[dict[int, str]] = []
    for one in series:
        values: dict[int, str] = dict.fromkeys(one.gaps, labels.no_part)
        for index, value in one.points:
            if index not in values:  # the first point of a column, as a search finds it
                values[index] = labels.signed(value)
        shown.append(values)
    return tuple(
        EmotionRow(c.title, c.anchor, tuple([values.get(c.index, "\u2013") for values in shown]))
        for c in columns
        if not c.placeholder
    )


def _lane(
    content: Content,
    journey: ResolvedJourney,
    lane: str,
    columns: list[Column],
    steps: dict[int, ResolvedStep],
    labels: Labels,
    blank: bool,
    root: str | None = None,
    markdown: Markdown = PLAIN,
) -> LaneView:
    if lane == "emotion":
        return LaneView(lane, labels.lane_label("emotion"), True, ())
    cells = []
    make = _cell_maker(content, journey, lane, labels, root, markdown)
    for column in columns:
        first = column.first_of_stage or column.placeholder
        step = None if blank else steps.get(column.index)
        if step is None:
            cells.append(_EMPTY_CELL_FIRST if first else _EMPTY_CELL)
        else:
            cells.append(make(step, first))
    return LaneView(lane, labels.lane_label(lane), False, tuple(cells))


_CellMaker = Callable[[ResolvedStep, bool], Cell]  # (step, first of its stage) -> the lane's cell


def _cell_maker(
    content: Content,
    journey: ResolvedJourney,
    lane: str,
    labels: Labels,
    root: str | None = None,
    markdown: Markdown = PLAIN,
) -> _CellMaker:
    """How one lane makes its cells: chosen once a lane, not asked again of each cell.

    Three lanes also show what other files say of the step (content.links): the
    opportunities lane the opportunities addressing it, as chips after the step's own
    lines; the evidence lane a study named by id as the study's title; the feeling lane
    the quotes placed at the step, under the feeling they explain."""
    links, journey_id = content.links, journey.id

    def empty(first: bool) -> Cell:
        return _EMPTY_CELL_FIRST if first else _EMPTY_CELL

    if lane in ("doing", "thinking", "backstage"):

        def written(step: ResolvedStep, first: bool) -> Cell:
            text = getattr(step, lane)
            return (
                Cell("markdown", markdown.render(text), first_of_stage=first)
                if text
                else empty(first)
            )

        return written
    if lane == "touchpoint":

        def text(step: ResolvedStep, first: bool) -> Cell:
            text = step.touchpoint
            return Cell("text", escape(text), first_of_stage=first) if text else empty(first)

        return text
    if lane == "feeling":
        said = _Said(links, root)

        def feeling(step: ResolvedStep, first: bool) -> Cell:
            quotes = said(journey_id, step.id) if links.step_quotes else ()
            if not (step.feeling or quotes):
                return empty(first)
            shown = escape(step.feeling) if step.feeling else EMPTY
            return Cell("text", shown, quotes=quotes, first_of_stage=first)

        return feeling
    if lane in ("expectation", "reality"):
        gap, met = labels.gap, labels.met

        def promise(step: ResolvedStep, first: bool) -> Cell:
            text = getattr(step, lane)
            if not text:
                return empty(first)
            if step.expectation and step.reality:
                kind, badge = ("met", met) if step.expectation_met else ("gap", gap)
                return Cell(kind, escape(text), badge=badge, badge_kind=kind, first_of_stage=first)
            return Cell("text", escape(text), first_of_stage=first)

        return promise
    if lane == "pains":

        def items(step: ResolvedStep, first: bool) -> Cell:
            items = tuple([markdown.render_inline(item) for item in step.pains])
            return Cell("list", items=items, first_of_stage=first) if items else empty(first)

        return items
    if lane == "opportunities":
        chips_of = _Chips(links, labels, root)

        def opportunities(step: ResolvedStep, first: bool) -> Cell:
            items = tuple([markdown.render_inline(item) for item in step.opportunities])
            chips = chips_of(journey_id, step.id) if links.step_opportunities else ()
            if not (items or chips):
                return empty(first)
            return Cell("list", items=items, chips=chips, first_of_stage=first)

        return opportunities
    if lane == "evidence":
        studies = links.studies

        def evidence(step: ResolvedStep, first: bool) -> Cell:
            items = tuple(
                [
                    _study_item(studies[item], root)
                    if item in studies
                    else markdown.render_inline(f"<{item}>")
                    if _URL.match(item)
                    else escape(item)
                    for item in step.evidence
                ]
            )
            return Cell("list", items=items, first_of_stage=first) if items else empty(first)

        return evidence
    # a journey's channels and owners are a few, met again and again along its steps:
    # their cells are made once each (cells are immutable, so they may be shared)
    made: dict[tuple[str, bool], Cell] = {}
    if lane == "channel":

        def channel(step: ResolvedStep, first: bool) -> Cell:
            if not step.channel:
                return empty(first)
            cell = made.get((step.channel, first))
            if cell is None:
                kind = labels.channel_kind(step.channel) or ""
                cell = made[step.channel, first] = Cell(
                    "channel",
                    escape(labels.channel(step.channel)),
                    badge=labels[kind] if kind else "",
                    badge_kind=kind,
                    first_of_stage=first,
                )
            return cell

        return channel
    if lane == "owner":
        departments = content.site.departments

        def owner(step: ResolvedStep, first: bool) -> Cell:
            if not step.owner:
                return empty(first)
            cell = made.get((step.owner, first))
            if cell is None:
                department = departments.get(step.owner)
                colour = department.color if department and department.color else ""
                cell = made[step.owner, first] = Cell(
                    "owner",
                    escape(labels.department(step.owner)),
                    colour=colour or "",
                    first_of_stage=first,
                )
            return cell

        return owner
    if lane == "metrics":

        def metrics(step: ResolvedStep, first: bool) -> Cell:
            pairs = tuple(
                [
                    (labels.metric_label(name), labels.number(value), is_drop_off(name))
                    for name, value in step.metrics.items()
                ]
            )
            return Cell("metrics", pairs=pairs, first_of_stage=first) if pairs else empty(first)

        return metrics

    def custom(step: ResolvedStep, first: bool) -> Cell:
        text = step.custom.get(lane)
        return Cell("text", escape(text), first_of_stage=first) if text else empty(first)

    return custom


def research_page(study_id: str) -> str:
    """A study's page, below the site's root."""
    return f"research/{study_id}/index.html"


def opportunity_page(opportunity_id: str) -> str:
    """An opportunity's page, below the site's root."""
    return f"opportunities/{opportunity_id}/index.html"


def _study_item(study: Study, root: str | None) -> Markup:
    """A study named in a step's evidence: its title, linked to its page on the site."""
    if root is None:
        return escape(study.title)
    href = escape(root + research_page(study.id))
    return Markup(f'<a class="jm-study" href="{href}">{escape(study.title)}</a>')


class _Chips:
    """A step's opportunities as chips; each opportunity's chip is made once a map."""

    def __init__(self, links: Links, labels: Labels, root: str | None) -> None:
        self.links, self.labels, self.root = links, labels, root
        self.made: dict[str, Chip] = {}

    def __call__(self, journey_id: str, step_id: str) -> tuple[Chip, ...]:
        return tuple([self.chip(o) for o in self.links.opportunities_at(journey_id, step_id)])

    def chip(self, opportunity: Opportunity) -> Chip:
        chip = self.made.get(opportunity.id)
        if chip is None:
            href = "" if self.root is None else self.root + opportunity_page(opportunity.id)
            label = self.labels[f"opp_status_{opportunity.status}"]
            chip = Chip(opportunity.id, opportunity.title, opportunity.status, label, href)
            self.made[opportunity.id] = chip
        return chip


class _Said:
    """The quotes placed at a step, with the study each comes from."""

    def __init__(self, links: Links, root: str | None) -> None:
        self.links, self.root = links, root

    def __call__(self, journey_id: str, step_id: str) -> tuple[Said, ...]:
        out = []
        for placed in self.links.quotes_at(journey_id, step_id):
            study = self.links.studies[placed.study]
            href = "" if self.root is None else self.root + research_page(study.id)
            out.append(Said(placed.quote.text, placed.quote.who or "", study.id, study.title, href))
        return tuple(out)


# The site's map cells, drawn. partials/map.html drew each of a map's ~300 cells with a
# loop whose tests and outputs, each passed up through the include, the block and the
# page's parent, were most of a journey page's render time. Each cell is written as that
# template wrote it, byte for byte, whitespace included: Markup as it is, every other
# value through markupsafe.escape, as `{{ value }}` did. The printed maps draw their own
# (print/_map.html), so none of this is made for them.

_KINDS = frozenset(
    {"empty", "text", "markdown", "list", "channel", "owner", "metrics", "gap", "met"}
)
# The sign before a pair's label: a warning for a gap, a tick for a pair that is met.
_PAIR_SIGNS = {"gap": "&#9888;", "met": "&#10003;"}


def _cell_html(cell: Cell, helps: dict[str, str], marks: tuple[str, str] = ("", "")) -> str:
    """One cell's `<td>`; Markdown and text arrive as Markup, escaped when they were made;
    the opportunities' chips and the quotes, author text, are escaped here."""
    kind = cell.kind
    start = " jm-stage-start" if cell.first_of_stage else ""
    if kind == "markdown":
        inner = f'<div class="jm-md">{html(cell.html)}</div>'
    elif kind == "text":
        inner = html(cell.html)
    elif kind in _PAIR_SIGNS:
        inner = (
            f'<span class="jm-badge jm-badge--{kind}" title="{helps[kind]}">'
            f'<span aria-hidden="true">{_PAIR_SIGNS[kind]}</span> {word(cell.badge)}</span> '
            f"{html(cell.html)}"
        )
    elif kind == "list":
        items = "".join([f"<li>{html(item)}</li>" for item in cell.items])
        inner = f'<ul class="jm-list">{items}</ul>' if items or not cell.chips else ""
    elif kind == "channel":
        inner = f'<span class="jm-channel-name">{html(cell.html)}</span>'
        if cell.badge:
            inner += (
                f' <span class="jm-badge jm-badge--{word(cell.badge_kind)}">'
                f"{word(cell.badge)}</span>"
            )
    elif kind == "owner":
        style = f' style="--jm-dept: {word(cell.colour)}"' if cell.colour else ""
        inner = (
            f'<span class="jm-owner"{style}><span class="jm-owner-dot" aria-hidden="true">'
            f"</span>{html(cell.html)}</span>"
        )
    elif kind == "metrics":
        pairs = "".join(
            [
                f'<div class="jm-metric{" jm-metric--drop" if drop else ""}">'
                f"<dt>{word(name)}</dt><dd>{word(figure)}</dd></div>"
                for name, figure, drop in cell.pairs
            ]
        )
        inner = f'<dl class="jm-metrics">{pairs}</dl>'
    else:  # empty
        inner = ""
    if cell.chips:  # (inner may be Markup, which would escape what is added to it)
        inner = str(inner) + _chips_html(cell.chips)
    if cell.quotes:
        inner = str(inner) + _quotes_html(cell.quotes, marks)
    name = kind if kind in _KINDS else escape(kind)
    # the six spaces before each cell are the template's (its `{%-` took the line break)
    return f'      <td class="jm-cell jm-cell--{name}{start}">{inner}</td>'


def _chips_html(chips: tuple[Chip, ...]) -> str:
    """The opportunities' chips: each says its status in words (a tick for done, the
    title struck through for dropped), and links to the opportunity's page."""
    out = []
    for chip in chips:
        status = word(chip.status)
        mark = '<span aria-hidden="true">&#10003; </span>' if chip.status == "done" else ""
        inner = (
            f'<span class="jm-opp-status">{mark}{word(chip.status_label)}</span> '
            f'<span class="jm-opp-title">{escape(chip.title)}</span>'
        )
        if chip.href:
            inner = f'<a class="jm-opp-link" href="{escape(chip.href)}">{inner}</a>'
        closed = " jm-opp--closed" if chip.closed else ""
        out.append(f'<li class="jm-opp jm-opp--{status}{closed}">{inner}</li>')
    return f'<ul class="jm-opps">{"".join(out)}</ul>'


def _quotes_html(quotes: tuple[Said, ...], marks: tuple[str, str]) -> str:
    """The customer's own words, each with who said it and the study, linked."""
    out = []
    for said in quotes:
        source = escape(said.study_title)
        if said.href:
            source = Markup(f'<a href="{escape(said.href)}">{source}</a>')
        who = f"{escape(said.who)}, " if said.who else ""
        out.append(
            f'<figure class="jm-said"><blockquote><p>{marks[0]}{escape(said.text)}{marks[1]}'
            f"</p></blockquote><figcaption>&#8212; {who}{source}</figcaption></figure>"
        )
    return "".join(out)
