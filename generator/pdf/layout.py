"""Papers and the fitting of a map onto them: pure arithmetic, no WeasyPrint.

A map is legible on a wall when its words are at least 9 pt (7.5 pt for the
smallest labels) and its step columns are wide enough for a few words a line.
The sizes are computed here, from the paper and from how much text the journey
holds, so the template only receives numbers: a short journey gets large type
on wide columns, a long one continues on further sheets, rather than shrinking
to dust. A sheet holds a run of step columns, whole stages where it can; a
stage wider than a sheet goes on over the next one; lanes taller than a sheet
go on over a band of sheets below, each with the same columns (`_poster_bands`).
A blank map's rows take a 76 mm sticky note, its
emotion lane a scale no lower than 60 mm; the lanes a sheet cannot hold go on
over further sheets.

Larger paper is read from further away: type, columns and the curve grow
with the paper's size, from A3 up (`Paper.scale`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from generator.content.model import Site
from generator.pdf.measure import (
    GAP_MM,
    MIN_FONT_PT,
    MIN_MAP_PT,
    PT_MM,
    MapTexts,
    Run,
    heads_mm,
    height_mm,
    label_mm,
    legend_mm,
)
from generator.views.curve import BOTTOM as CURVE_BOTTOM
from generator.views.curve import FONT as CURVE_FONT_UNITS
from generator.views.curve import STAR_ROOM
from generator.views.curve import TOP as CURVE_TOP

# ISO 216 and the two North American sizes, portrait, in millimetres.
PAPERS_MM: dict[str, tuple[float, float]] = {
    "A5": (148, 210),
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "A1": (594, 841),
    "A0": (841, 1189),
    "letter": (215.9, 279.4),
    "tabloid": (279.4, 431.8),
}
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)\s*[xX\u00d7]\s*(\d+(?:\.\d+)?)$")

MARGIN_MM = 10.0
REFERENCE_MM = 297.0  # A3's short side: the paper the sizes below are set for
MAX_FONT_PT = 11.0
FONT_STEP_PT = 0.25
MIN_COLUMN_MM = 30.0
# ...and at larger type, room for this many characters a line
MIN_CHARACTERS_A_LINE = 16
# Wider columns only make longer lines: past this width the map stays narrower than the sheet.
MAX_COLUMN_MM = 80.0
# The curve's words are this share of the map's type (6 pt at least). Its least height is
# counted in those words' size: room for its labels above and below, and for the scale's
# steps between (and for the stars of moments of truth above). It takes what the text
# leaves of the sheet, up to a share of it.
CURVE_TYPE = 0.85
MIN_CURVE_EM = 80 / CURVE_FONT_UNITS
STAR_EM = STAR_ROOM / CURVE_FONT_UNITS
MAX_CURVE_SHARE = 0.3
# A blank map's column takes a 38 x 51 mm sticky note, upright, with 3 mm beside it; its
# rows the common 76 x 76 mm note with a millimetre above and below. The emotion lane is
# a scale drawn by hand: +2 to -2 no less than 60 mm apart on any paper, or its steps
# run together.
# A sheet too low for a note's row shares what it has (never less than two written lines).
BLANK_MIN_COLUMN_MM = 44.0
BLANK_ROW_MM = 78.0
BLANK_CURVE_MM = 60.0
BLANK_MIN_ROW_MM = 14.0
BLANK_FONT_PT = 9.0  # a blank map holds only stage names, step titles and lane labels
BLANK_MAX_FONT_PT = 16.0  # larger, a step's title no longer fits a note's column
BLANK_SLACK_MM = 2.0  # its rows fill the sheet, but for this: the header rows are estimated
# A sheet whose map still ran onto another page is laid out again at the next of these
# sizes (render), then split (maps): type, then curve, then rows give way.
REFITS = 4


class PaperError(ValueError):
    """A paper name or size that we cannot print on."""


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # mm, as the sheet is printed (orientation applied)
    height: float

    @property
    def css_size(self) -> str:
        return f"{_mm(self.width)}mm {_mm(self.height)}mm"

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def scale(self) -> float:
        """How much larger than on A3 the map's type, columns and curve may grow."""
        return max(1.0, min(self.width, self.height) / REFERENCE_MM)


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def paper_names() -> list[str]:
    return [name for name in PAPERS_MM if name != "A5"]


def parse_paper(name: str, orientation: str = "landscape") -> Paper:
    """`A3` + `landscape` -> 420 x 297 mm. `WIDTHxHEIGHT` in mm is taken as written."""
    for known, (width, height) in PAPERS_MM.items():
        if name.lower() == known.lower():
            short, long = sorted((width, height))
            if orientation == "landscape":
                return Paper(known, long, short)
            return Paper(known, short, long)
    match = _CUSTOM.match(name.strip())
    if match:
        width, height = float(match[1]), float(match[2])
        if not (50 <= width <= 5000 and 50 <= height <= 5000):
            raise PaperError(f"paper {name}: each side must be between 50 and 5000 mm")
        return Paper(f"{_mm(width)}x{_mm(height)}mm", width, height)
    raise PaperError(
        f"unknown paper '{name}': use {', '.join(paper_names())} or WIDTHxHEIGHT in mm like 841x594"
    )


def larger_papers(paper: Paper) -> list[Paper]:
    """The known papers larger than `paper`, smallest first, turned as it is."""
    orientation = "landscape" if paper.landscape else "portrait"
    area = paper.width * paper.height
    found = [parse_paper(name, orientation) for name in paper_names()]
    return sorted(
        (p for p in found if p.width * p.height > area + 1), key=lambda p: p.width * p.height
    )


def site_paper(site: Site, paper: str | None = None, orientation: str | None = None) -> Paper:
    """The paper of site.yaml's `pdf:` settings, with the command line's overrides."""
    return parse_paper(paper or site.pdf.paper, orientation or site.pdf.orientation)


@dataclass(frozen=True)
class Fit:
    """The sizes of one sheet of a map, in pt and mm, as the print stylesheet uses them."""

    font_pt: float
    label_mm: float
    column_mm: float
    steps: int
    row_mm: float  # a blank map's row height; 0 for a filled map (rows take their text)
    curve_mm: float  # the emotion curve's height; 0 without one
    scale: float = 1.0  # Paper.scale: the header and legend grow with the map

    @property
    def table_mm(self) -> float:
        return self.label_mm + self.column_mm * self.steps

    @property
    def curve_font_pt(self) -> float:
        return max(MIN_FONT_PT, CURVE_TYPE * self.font_pt)

    def curve_units(self) -> tuple[float, float]:
        """One column's width and the curve's height in the SVG's units, which draw its
        words (curve.FONT units high) at `curve_font_pt`: circles stay round, and each
        point stays over its column, at any height."""
        unit_mm = self.curve_font_pt * PT_MM / CURVE_FONT_UNITS
        # the curve's cell spans the columns but the rule before the first (print-map.css)
        drawn = self.column_mm - GAP_MM / max(1, self.steps)
        return drawn / unit_mm, self.curve_mm / unit_mm

    def css(self) -> str:
        """Custom properties read by print-map.css."""
        return (
            f"--jm-font: {self.font_pt:.2f}pt; --jm-label: {self.label_mm:.1f}mm; "
            f"--jm-table: {self.table_mm:.1f}mm; "
            f"--jm-column: {self.column_mm:.1f}mm; --jm-row: {self.row_mm:.1f}mm; "
            f"--jm-curve: {self.curve_mm:.1f}mm; --jm-scale: {self.scale:.3f};"
        )


@dataclass(frozen=True)
class Page:
    """One sheet of a map: the journey's step columns `start:stop` (numbered across its
    stages, an empty stage's one column included), the lanes it shows, and its sizes."""

    start: int
    stop: int
    first_stage: int  # the stage, whole or in part, that the sheet begins with
    lanes: tuple[str, ...]
    fit: Fit
    refits: tuple[Fit, ...] = ()  # smaller sizes to fall back on, in order

    @property
    def columns(self) -> range:
        return range(self.start, self.stop)


@dataclass(frozen=True)
class Part:
    """A sheet found too full when laid out: no sheet may hold all of it again."""

    start: int
    stop: int
    lanes: tuple[str, ...]


def halves(page: Page, *, blank: bool) -> list[Part]:
    """What no sheet may hold once this one ran over at its least sizes: more than about
    half of its columns (of a blank map's, of its lanes), so that it splits in two."""
    if blank or len(page.columns) == 1:  # a poster's one column: its lanes split in two
        return [
            Part(page.start, page.stop, page.lanes[a:b]) for a, b in _over_half(len(page.lanes))
        ]
    return [Part(page.start + a, page.start + b, ()) for a, b in _over_half(len(page.columns))]


def _over_half(count: int) -> list[tuple[int, int]]:
    """Every run of just over half of `count` things in a row (none of fewer than two)."""
    if count < 2:
        return []
    size = min(count, (count + 1) // 2 + 1)
    return [(first, first + size) for first in range(count - size + 1)]


def _usable(paper: Paper, header_mm: float) -> tuple[float, float]:
    return paper.width - 2 * MARGIN_MM, paper.height - 2 * MARGIN_MM - header_mm


def paginate(
    texts: MapTexts,
    paper: Paper,
    *,
    blank: bool = False,
    header_mm: float = 30.0,
    refused: Sequence[Part] = (),
) -> list[Page]:
    """Split a map into sheets and size the map on each.

    Columns go on one sheet while they stay at least the minimum legible width and
    their text fits at the smallest sizes; sheets begin where stages begin unless
    that takes more sheets. `refused` are sheets found too full when laid out.
    """
    usable_w, usable_h = _usable(paper, header_mm)
    if blank:
        return _blank_pages(texts, paper, usable_w, usable_h, refused)
    min_label = label_mm(MIN_MAP_PT)
    capacity = max(1, int((usable_w - min_label) // MIN_COLUMN_MM))
    refused_runs = [(p.start, p.stop) for p in refused if not p.lanes]
    # lanes that a sheet of one column could not hold together, at any size
    apart = [set(p.lanes) for p in refused if p.lanes]

    def fits(start: int, stop: int, lanes: tuple[str, ...]) -> bool:
        if any(start <= a and b <= stop for a, b in refused_runs):
            return False
        if stop - start == 1:
            return True  # one column cannot be split: it goes on a sheet of its own
        sheet = _Sheet(texts.run(start, stop, lanes), paper, usable_w, usable_h, wide=True)
        return sheet.fits(MIN_MAP_PT)

    groups, runs = _poster_bands(texts, paper, usable_w, usable_h, capacity, fits, apart)
    pages = []
    for start, stop in runs:
        for lanes in groups:
            run = texts.run(start, stop, lanes)
            sheet = _Sheet(run, paper, usable_w, usable_h, wide=False)
            if not sheet.fits(MIN_MAP_PT):  # columns wider than usual rather than a spill
                sheet = _Sheet(run, paper, usable_w, usable_h, wide=True)
            fit = sheet.best()
            pages.append(Page(start, stop, texts.stage_of(start), lanes, fit, sheet.refits(fit)))
    return pages


def _poster_bands(
    texts: MapTexts,
    paper: Paper,
    usable_w: float,
    usable_h: float,
    capacity: int,
    fits: Callable[[int, int, tuple[str, ...]], bool],
    apart: Sequence[set[str]] = (),
) -> tuple[list[tuple[str, ...]], list[tuple[int, int]]]:
    """The lanes in bands, one above the other on the wall, and the runs of columns every
    band shares: as few sheets in all as can be, then as few bands. A map whose lanes are
    taller than the sheet at the least type goes on over a band of sheets below; a band
    no single column of which fits the sheet is not made."""
    lanes = list(texts.lanes)

    def runs_of(groups: list[tuple[str, ...]]) -> list[tuple[int, int]]:
        """The runs of columns every band of `groups` fits."""

        def every_band(start: int, stop: int) -> bool:
            return all(fits(start, stop, band) for band in groups)

        return _runs(texts.width, texts.stage_starts, capacity, every_band)

    best: tuple[int, list[tuple[str, ...]], list[tuple[int, int]]] | None = None
    for count in range(1, len(lanes) + 1):
        if best is not None and count >= best[0]:
            break  # a band more cannot make fewer sheets than one a band
        groups = _bands(texts, lanes, count)
        if any(part <= set(g) for part in apart for g in groups):
            continue  # a band found too tall when laid out
        if not all(_one_column_fits(texts, g, paper, usable_w, usable_h) for g in groups):
            continue
        runs = runs_of(groups)
        sheets = len(runs) * len(groups)
        if best is None or sheets < best[0]:
            best = (sheets, groups, runs)
    if best is None:  # not even a lane alone fits a column's sheet: a band a lane
        groups = [(lane,) for lane in lanes]
        return groups, runs_of(groups)
    return best[1], best[2]


def _bands(texts: MapTexts, lanes: list[str], count: int) -> list[tuple[str, ...]]:
    """`lanes` in `count` runs of about the same height (each lane weighed by its tallest
    cell at the least type on a column of the usual width)."""
    if count <= 1:
        return [tuple(lanes)]
    weights = [_lane_weight(texts, lane) for lane in lanes]
    total = sum(weights)
    groups: list[tuple[str, ...]] = []
    current: list[str] = []
    done = 0.0
    for index, (lane, weight) in enumerate(zip(lanes, weights, strict=True)):
        left = len(lanes) - index  # lanes still to place, this one included
        bands_left = count - len(groups)
        if current and (left < bands_left or done + weight / 2 > total * (len(groups) + 1) / count):
            groups.append(tuple(current))
            current = []
        current.append(lane)
        done += weight
    groups.append(tuple(current))
    return groups


def _lane_weight(texts: MapTexts, lane: str) -> float:
    if lane == texts.curve_lane:
        return _curve_limits(MIN_MAP_PT, 0.0, texts.run(0, texts.width, (lane,)))[0]
    run = texts.run(0, texts.width, (lane,))
    return height_mm(run, MIN_MAP_PT, MIN_COLUMN_MM * 2)


def _one_column_fits(
    texts: MapTexts, lanes: tuple[str, ...], paper: Paper, usable_w: float, usable_h: float
) -> bool:
    return all(
        _Sheet(texts.run(c, c + 1, lanes), paper, usable_w, usable_h, wide=False).fits(MIN_MAP_PT)
        for c in range(texts.width)
    )


def _runs(
    width: int,
    stage_starts: frozenset[int],
    capacity: int,
    fits: Callable[[int, int], bool],
) -> list[tuple[int, int]]:
    """Contiguous runs of columns: as few sheets as fit; then as few stages cut between
    two sheets as can be; then sheets as even as can be (the least sum of their
    widths' squares).

    A small dynamic programme over where sheets begin. A run that does not fit makes
    every longer run from the same column unfit too, so each column's runs stop there.
    """
    inf = (math.inf, math.inf, math.inf)
    # best[i]: (sheets, stages cut, sum of squared widths) for the first i columns, and
    # where the last of those sheets begins
    best: list[tuple[float, float, float]] = [(0, 0, 0)] + [inf] * width
    begin = [0] * (width + 1)
    for start in range(width):
        if best[start] == inf:
            continue
        sheets, cuts, squares = best[start]
        for stop in range(start + 1, min(width, start + capacity) + 1):
            if not fits(start, stop):
                break
            cut = 0 if stop == width or stop in stage_starts else 1
            score = (sheets + 1, cuts + cut, squares + (stop - start) ** 2)
            if score < best[stop]:
                best[stop], begin[stop] = score, start
    runs = []
    stop = width
    while stop > 0:
        runs.append((begin[stop], stop))
        stop = begin[stop]
    return runs[::-1]


class _Sheet:
    """The sizes of one sheet's map, as functions of its type size."""

    def __init__(
        self, run: Run, paper: Paper, usable_w: float, usable_h: float, *, wide: bool
    ) -> None:
        self.run, self.paper = run, paper
        self.usable_w, self.usable_h = usable_w, usable_h
        # with `wide`, columns fill the sheet's width past their usual most
        self.max_column = math.inf if wide else MAX_COLUMN_MM * paper.scale

    def sizes(self, font: float) -> tuple[float, float, float, float]:
        """The label column, a step column, the text's height and the curve's least."""
        label = _floor(label_mm(font))
        column = _floor(min((self.usable_w - label) / self.run.steps, self.max_column))
        text = height_mm(self.run, font, column) + heads_mm(self.run, font, column)
        least = _curve_limits(font, self.usable_h, self.run)[0]
        return label, column, text, max(least, legend_mm(self.run, font, label))

    def fits(self, font: float) -> bool:
        _, column, text, curve = self.sizes(font)
        wide_enough = column >= _min_column(font) or font <= MIN_MAP_PT
        return wide_enough and text + curve <= self.usable_h

    def best(self) -> Fit:
        """The largest type that fits (the least if none does), then the tallest curve."""
        font = _largest(MIN_MAP_PT, MAX_FONT_PT * self.paper.scale, self.fits)
        label, column, text, least = self.sizes(font)
        best = max(least, _curve_limits(font, self.usable_h, self.run)[1])
        curve = min(best, max(least, self.usable_h - text)) if self.run.curve else 0.0
        return Fit(font, label, column, self.run.steps, 0.0, curve, self.paper.scale)

    def refits(self, fit: Fit) -> tuple[Fit, ...]:
        """Smaller sizes for a sheet that ran over: the type in up to three steps down to
        the least, then the curve down to its least height."""
        out: list[Fit] = []
        step = max(0.5, (fit.font_pt - MIN_MAP_PT) / 3)
        font = fit.font_pt
        while font > MIN_MAP_PT and len(out) < REFITS - 1:
            font = max(MIN_MAP_PT, font - step)
            label, column, _, least = self.sizes(font)
            curve = max(least, fit.curve_mm) if self.run.curve else 0.0
            out.append(replace(fit, font_pt=font, label_mm=label, column_mm=column, curve_mm=curve))
        last = out[-1] if out else fit
        least = self.sizes(last.font_pt)[3]
        if self.run.curve and last.curve_mm > least:
            out.append(replace(last, curve_mm=least))
        return tuple(out)


def _largest(low: float, high: float, fits: Callable[[float], bool]) -> float:
    """The largest size on a FONT_STEP_PT grid from low to high that fits (else `low`);
    what fits at one size fits at every smaller one."""
    grid = int((high - low) / FONT_STEP_PT + 1e-9)
    if fits(low + grid * FONT_STEP_PT):
        return low + grid * FONT_STEP_PT
    lo, hi = 0, grid  # lo fits (or is the floor), hi does not
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if fits(low + middle * FONT_STEP_PT):
            lo = middle
        else:
            hi = middle
    return low + lo * FONT_STEP_PT


def _floor(mm: float) -> float:
    """A width as print-map.css receives it (0.1 mm), never rounded past the sheet's."""
    return math.floor(mm * 10) / 10


def _min_column(font: float) -> float:
    em = font * PT_MM
    return max(MIN_COLUMN_MM, (MIN_CHARACTERS_A_LINE * 0.5 + 1.4) * em)


def _curve_limits(font: float, usable_h: float, run: Run) -> tuple[float, float]:
    """The curve's least and best height at this type size (0 without a curve)."""
    if not run.curve:
        return 0.0, 0.0
    em = max(MIN_FONT_PT, CURVE_TYPE * font) * PT_MM
    low = (MIN_CURVE_EM + STAR_EM * run.moments) * em
    return low, max(low, MAX_CURVE_SHARE * usable_h)


def _blank_pages(
    texts: MapTexts, paper: Paper, usable_w: float, usable_h: float, refused: Sequence[Part]
) -> list[Page]:
    """A blank map's sheets: columns that take a sticky note and rows of a note's height
    (BLANK_ROW_MM), the emotion lane no lower than BLANK_CURVE_MM; the lanes that do not
    fit go on over further sheets, the columns' runs repeated."""
    font = min(BLANK_FONT_PT * paper.scale, BLANK_MAX_FONT_PT)
    label = _floor(label_mm(font))
    # the scale's own height, +2 to -2, and the room its drawing keeps above and below
    margins = (CURVE_TOP + CURVE_BOTTOM) * max(MIN_FONT_PT, CURVE_TYPE * font) * PT_MM
    scale_mm = BLANK_CURVE_MM + margins / CURVE_FONT_UNITS
    capacity = max(1, int((usable_w - label) // BLANK_MIN_COLUMN_MM))
    runs = _runs(texts.width, texts.stage_starts, capacity, lambda start, stop: True)
    heads = max(heads_mm(texts.run(a, b), font, (usable_w - label) / (b - a)) for a, b in runs)
    room = usable_h - heads - BLANK_SLACK_MM
    lanes = list(texts.lanes)
    per_sheet = max(1, int(room // (BLANK_ROW_MM + GAP_MM)))
    groups = _lane_groups(lanes, per_sheet, [p.lanes for p in refused])
    # every row of the map alike: a note's height, or what a low sheet has for a row
    row = _floor(max(BLANK_MIN_ROW_MM, room / max(len(g) for g in groups) - GAP_MM))
    row = min(row, _floor(max(BLANK_ROW_MM, room / per_sheet - GAP_MM)))
    pages = []
    for start, stop in runs:
        column = _floor((usable_w - label) / (stop - start))
        for group in groups:
            curve = _floor(max(row, scale_mm)) if texts.curve_lane in group else 0.0
            fit = Fit(font, label, column, stop - start, row, curve, paper.scale)
            # shorter rows, down to the least, should the sheet run over; never the scale
            rows = dict.fromkeys(max(BLANK_MIN_ROW_MM, _floor(row * s)) for s in (0.95, 0.85, 0))
            refits = tuple(replace(fit, row_mm=smaller) for smaller in rows if smaller < row)
            pages.append(Page(start, stop, texts.stage_of(start), group, fit, refits))
    return pages


def _lane_groups(
    lanes: list[str], per_sheet: int, refused: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The lanes in runs of at most `per_sheet` (fewer if a sheet with such a run was found
    too full), as even as can be: as few sheets as that takes."""
    for size in range(per_sheet, 0, -1):
        count = math.ceil(len(lanes) / size)
        bounds = [round(i * len(lanes) / count) for i in range(count + 1)]
        groups = [tuple(lanes[a:b]) for a, b in itertools.pairwise(bounds)]
        too_full = any(set(bad) <= set(group) for bad in refused if bad for group in groups)
        if not too_full or size == 1:
            return groups
    return [tuple(lanes)]
