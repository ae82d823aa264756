"""How tall a map's text stands at a type size and column width: an estimate, no WeasyPrint.

The fitting (layout) asks, for a run of step columns, how much of a sheet's
height their lanes take at some size. The text is read once from the map's view
model, as the print template will draw it (translated labels, rendered
Markdown), as paragraphs of so many characters at a size relative to the
map's type; the heights follow from print-map.css and map.css. A sheet whose
map still runs over is laid out again smaller (render).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

PT_MM = 25.4 / 72
# No word on a map is smaller, at any size of the map's type: lane labels, badges,
# chips' status words and quotes' sources included. A poster is read from a metre away.
MIN_FONT_PT = 7.5
MIN_MAP_PT = 9.0  # the map's own type, its cells' words, is never smaller
# DejaVu Sans Condensed: the average advance of a lowercase Latin text is
# about 0.5 em; the estimate errs wide on purpose, so what fits on paper fits.
CHAR_EM = 0.5
BOLD = 1.1  # bold text is wider
LINE_EM = 1.38  # map.css
PAD_EM = 1.0  # a cell's padding, top and bottom (map.css)
GAP_MM = 0.26  # the rule between two rows (print-map.css --jm-gap)
# measured against WeasyPrint: rows come out taller than the estimate (badges, rules,
# words that do not break)
SAFETY = 1.04
BLANK_STEP_EM = 3.4  # print-map.css: a blank map's step titles are written by hand

Paragraph = tuple[int, float]  # characters, type size relative to the map's
Cell = tuple[Paragraph, ...]

_TAG = re.compile(r"<[^>]*>")


def _chars(markup: object) -> int:
    return len(html.unescape(_TAG.sub("", str(markup))).strip())


@dataclass(frozen=True)
class StageHead:
    start: int  # the stage's first column in the journey
    stop: int
    name: Cell
    description: Cell


@dataclass(frozen=True)
class MapTexts:
    """The words of a whole map, column by column, as the fitting measures them."""

    lanes: tuple[str, ...]  # the lanes drawn, the curve's among them
    curve_lane: str | None
    cells: dict[str, tuple[Cell, ...]]  # a lane's cell at each column (not the curve's)
    titles: tuple[Cell, ...]  # each column's step title (and its moment-of-truth badge)
    stages: tuple[StageHead, ...]
    legend: Cell = ()  # the curve's legend, under its lane's label
    stage_starts: frozenset[int] = field(default=frozenset())
    blank: bool = False
    moments: frozenset[int] = field(default=frozenset())  # columns of moments of truth
    blank_titles: bool = False  # a blank map that keeps its step titles

    @property
    def width(self) -> int:
        return len(self.titles)

    def stage_of(self, column: int) -> int:
        return next(i for i, s in enumerate(self.stages) if s.start <= column < s.stop)

    def run(self, start: int, stop: int, lanes: tuple[str, ...] | None = None) -> Run:
        return Run(self, start, stop, self.lanes if lanes is None else lanes)


@dataclass(frozen=True)
class Run:
    """Some columns of a map, with some of its lanes: what one sheet holds."""

    texts: MapTexts
    start: int
    stop: int
    lanes: tuple[str, ...]

    @property
    def steps(self) -> int:
        return self.stop - self.start

    @property
    def curve(self) -> bool:
        return self.texts.curve_lane is not None and self.texts.curve_lane in self.lanes

    @property
    def moments(self) -> bool:
        """Whether a moment of truth's star stands over the curve."""
        return any(self.start <= column < self.stop for column in self.texts.moments)


def measure(view: Any) -> MapTexts:
    """The text of a whole map (a mapview.MapView), cell by cell."""
    cells: dict[str, tuple[Cell, ...]] = {}
    curve_lane = None
    for lane in view.lanes:
        if lane.curve:
            curve_lane = lane.lane_id
        else:
            cells[lane.lane_id] = tuple(_cell(cell) for cell in lane.cells)
    titles = tuple(
        ((_chars(c.title), BOLD),) + (((20, 0.74 * BOLD),) if c.moment_of_truth else ())
        for c in view.columns
    )
    stages = []
    start = 0
    for stage in view.stages:
        name = len(stage.name) * 1.12 * BOLD + 4 + len(stage.customer_type or "") * 0.72 * 1.2
        description = _chars(stage.description) if not view.blank else 0
        stages.append(
            StageHead(
                start,
                start + stage.span,
                ((int(name), 1.0),),
                ((description, 0.92),) if description else (),
            )
        )
        start += stage.span
    legend = tuple((len(entry.name) + 4, 0.754) for entry in view.legend)
    return MapTexts(
        lanes=tuple(lane.lane_id for lane in view.lanes),
        curve_lane=curve_lane,
        cells=cells,
        titles=titles,
        stages=tuple(stages),
        legend=legend,
        stage_starts=frozenset(s.start for s in stages),
        blank=view.blank,
        moments=frozenset(c.index for c in view.columns if c.moment_of_truth and not view.blank),
        blank_titles=view.blank_titles,
    )


def _cell(cell: Any) -> Cell:
    """A cell's paragraphs: its own words, then its opportunities' chips and its quotes."""
    own = _own(cell)
    chips = getattr(cell, "chips", ())
    quotes = getattr(cell, "quotes", ())
    if not (chips or quotes):
        return own
    if cell.kind == "text" and not _chars(cell.html):
        own = ()  # only quotes: the cell holds no words of its own
    # a chip: its status (small capitals, counted wide) and title, inside a box whose
    # padding and border take about a character on each side
    extra = tuple((len(c.status_label) + len(c.title) + 6, 1.0) for c in chips)
    for said in quotes:
        who = len(said.who) + 2 if said.who else 0
        extra += ((len(said.text) + 2, 1.0), (who + len(said.study_title) + 2, 0.85))
    return own + extra


def _own(cell: Any) -> Cell:
    kind = cell.kind
    if kind in ("markdown", "text", "owner"):
        return ((_chars(cell.html) + (2 if kind == "owner" else 0), 1.0),)
    if kind == "gap":
        return ((_chars(cell.html) + 6, 1.0),)
    if kind == "channel":
        return ((_chars(cell.html) + len(cell.badge) + 2, 1.0),)
    if kind == "list":
        return tuple((_chars(item) + 3, 1.0) for item in cell.items)
    if kind == "metrics":  # a metric's name small, its figure large, on two lines
        return tuple(
            p for name, figure, _ in cell.pairs for p in ((len(name), 0.78), (len(figure), 1.2))
        )
    return ()


def label_mm(font_pt: float) -> float:
    """The lane labels' column: room for about 13 capitals a line, 22 mm at least."""
    em_mm = font_pt * PT_MM
    return max(22.0, 13 * CHAR_EM * em_mm + 2 * em_mm)


@lru_cache(maxsize=16384)  # the fitting asks again of each cell at a few sizes and widths
def _lines_em(cell: Cell, font_pt: float, width_mm: float) -> float:
    """A cell's text height, in ems of the map's type, in a box `width_mm` wide."""
    em_mm = font_pt * PT_MM
    chars_a_line = max(1.0, (width_mm - 1.4 * em_mm) / (CHAR_EM * em_mm))
    height = 0.0
    for chars, size in cell:
        size = max(size, MIN_FONT_PT / font_pt)  # small words stop at the least size
        height += math.ceil(chars * size / chars_a_line) * LINE_EM * size
    return height + 0.35 * (len(cell) - 1) if cell else LINE_EM


def height_mm(run: Run, font_pt: float, column_mm: float) -> float:
    """The estimated height of the lanes' rows (but the curve's) at this size and width."""
    em_mm = font_pt * PT_MM
    total = 0.0
    for lane in run.lanes:
        lane_cells = run.texts.cells.get(lane)
        if lane_cells is None:
            continue
        tallest = max(
            _lines_em(cell, font_pt, column_mm) for cell in lane_cells[run.start : run.stop]
        )
        total += (tallest + PAD_EM) * em_mm + GAP_MM
    return SAFETY * total


def heads_mm(run: Run, font_pt: float, column_mm: float) -> float:
    """The stages' and steps' header rows, and the rules of the table."""
    em_mm = font_pt * PT_MM
    stage = 0.0
    for head in run.texts.stages:
        span = min(head.stop, run.stop) - max(head.start, run.start)
        if span <= 0:
            continue
        continued = head.start < run.start  # named as such, without its description
        name = ((head.name[0][0] + 12 * continued, 1.0),)
        width = span * column_mm
        height = _lines_em(name, font_pt, width)
        if head.description and not continued:
            height += _lines_em(head.description, font_pt, width) + 0.3
        stage = max(stage, height + 1.3)
    if run.texts.blank and not run.texts.blank_titles:
        step = BLANK_STEP_EM - PAD_EM  # an empty row to write the steps in
    else:
        titles = run.texts.titles[run.start : run.stop]
        step = max(_lines_em(title, font_pt, column_mm) for title in titles)
    return SAFETY * ((stage + step + 2 * PAD_EM) * em_mm) + GAP_MM * 3


def legend_mm(run: Run, font_pt: float, label: float) -> float:
    """The curve lane's label with the curves' legend under it: the lane is no shorter."""
    if not run.curve or not run.texts.legend:
        return 0.0
    em_mm = font_pt * PT_MM
    lines = _lines_em(((10, 0.82),), font_pt, label) + 0.6
    for paragraph in run.texts.legend:
        lines += _lines_em((paragraph,), font_pt, label - 2.2 * 0.754 * em_mm) + 0.35 * 0.754
    return SAFETY * (lines + PAD_EM) * em_mm
