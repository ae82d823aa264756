"""Papers and the fitting of a map onto them: pure arithmetic, no WeasyPrint.

A map is legible on paper when its type is at least 6 pt and its step
columns are wide enough for a few words a line. The sizes are computed here,
from the paper and from how much text the journey holds, so the template only
receives numbers: a short journey gets large type on wide columns, a long one
continues on further pages, stage by stage, rather than shrinking to dust.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.curve import ASPECT
from generator.model import Journey, Site

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
PT_MM = 25.4 / 72
# DejaVu Sans Condensed: the average advance of a lowercase Latin text is
# about 0.5 em; the estimate errs wide on purpose, so what fits on paper fits.
CHAR_EM = 0.5
LINE_EM = 1.38  # map.css
# measured against WeasyPrint: rows come out taller than the estimate (badges, rules,
# words that do not break); a sheet that still runs over is refitted in pdf_render
SAFETY = 1.2
CURVE_ASPECT = ASPECT  # the curve keeps its aspect: its height over one column's width
MIN_FONT_PT = 6.0
MAX_FONT_PT = 11.0
MIN_COLUMN_MM = 30.0
# A blank map's cell takes a 38 x 51 mm sticky note with room around it.
BLANK_MIN_COLUMN_MM = 44.0
# Wider columns only make longer lines and, since the curve keeps its aspect, a
# taller curve: past these widths the map stays narrower than the sheet.
MAX_COLUMN_MM = 80.0
BLANK_MAX_COLUMN_MM = 64.0
BLANK_MIN_ROW_MM = 10.0
BLANK_FONT_PT = 9.0  # a blank map holds only stage names and lane labels
BLANK_MAX_ROW_MM = 60.0


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


def site_paper(site: Site, paper: str | None = None, orientation: str | None = None) -> Paper:
    """The paper of site.yaml's `pdf:` settings, with the command line's overrides."""
    return parse_paper(paper or site.pdf.paper, orientation or site.pdf.orientation)


@dataclass(frozen=True)
class Fit:
    """The sizes of one page of a map, in pt and mm, as the print stylesheet uses them."""

    font_pt: float
    label_mm: float
    column_mm: float
    steps: int
    row_mm: float  # a blank map's row height; 0 for a filled map (rows take their text)
    curve_mm: float

    @property
    def table_mm(self) -> float:
        return self.label_mm + self.column_mm * self.steps

    def css(self) -> str:
        """Custom properties read by print-map.css."""
        return (
            f"--jm-font: {self.font_pt:.2f}pt; --jm-label: {self.label_mm:.1f}mm; "
            f"--jm-table: {self.table_mm:.1f}mm; "
            f"--jm-column: {self.column_mm:.1f}mm; --jm-row: {self.row_mm:.1f}mm; "
            f"--jm-curve: {self.curve_mm:.1f}mm;"
        )


@dataclass(frozen=True)
class Page:
    """One sheet of a map: a run of whole stages, `stages[start:stop]`, and its sizes."""

    start: int
    stop: int
    fit: Fit

    @property
    def stages(self) -> slice:
        return slice(self.start, self.stop)


Cell = list[tuple[int, float]]  # paragraphs: (characters, relative type size)


def _lane_texts(journey: Journey, lanes: list[str], stage_range: range) -> dict[str, list[Cell]]:
    """The paragraphs each lane holds, step by step, for the stages of one page."""
    cells: dict[str, list[Cell]] = {lane: [] for lane in lanes}
    for index in stage_range:
        for step in journey.stages[index].steps:
            for lane in lanes:
                cells[lane].append(_paragraphs(step, lane))
    return cells


def _paragraphs(step: object, lane: str) -> Cell:
    value = getattr(step, lane, None)
    if value is None:
        custom = getattr(step, "custom", {}) or {}
        value = custom.get(lane)
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, list):  # one item a paragraph, each starting a line
        return [(len(str(item)) + 3, 1.0) for item in value]
    if isinstance(value, dict):  # a metric: its name small, its figure large, on two lines
        return [p for k, v in value.items() for p in ((len(str(k)), 0.8), (len(str(v)), 1.2))]
    return [(len(str(value)), 1.0)]


def _height_mm(font_pt: float, column_mm: float, cells: dict[str, list[Cell]]) -> float:
    """The estimated height of the lanes' rows at this type size and column width."""
    em_mm = font_pt * PT_MM
    chars_a_line = max(1.0, (column_mm - 1.4 * em_mm) / (CHAR_EM * em_mm))
    total = 0.0
    for lane_cells in cells.values():
        tallest = LINE_EM
        for cell in lane_cells:
            height = sum(
                math.ceil(chars * size / chars_a_line) * LINE_EM * size + 0.35 * (len(cell) > 1)
                for chars, size in cell
            )
            tallest = max(tallest, height)
        total += (tallest + 1.1) * em_mm  # cell padding and rule
    return total


def _label_mm(lanes: list[str], font_pt: float) -> float:
    # lane labels are short words; give the longest one room for about 12 characters a line
    em_mm = font_pt * PT_MM
    return max(22.0, min(40.0, 13 * CHAR_EM * em_mm + 2 * em_mm))


def paginate(
    journey: Journey,
    lanes: list[str],
    paper: Paper,
    *,
    blank: bool = False,
    header_mm: float = 24.0,
) -> list[Page]:
    """Split a journey into pages of whole stages, and size the map on each.

    Stages go on one page while their columns stay at least the minimum legible
    width; a page holds one stage at least (a stage is never cut in two).
    """
    usable_w = paper.width - 2 * MARGIN_MM
    min_column = BLANK_MIN_COLUMN_MM if blank else MIN_COLUMN_MM
    label = _label_mm(lanes, MAX_FONT_PT)
    capacity = max(1, int((usable_w - label) // min_column))
    widths = [max(1, len(stage.steps)) for stage in journey.stages]  # an empty stage: one column
    runs = _balanced_runs(widths, capacity)
    return [Page(a, b, fit_page(journey, lanes, paper, a, b, blank, header_mm)) for a, b in runs]


def _balanced_runs(widths: list[int], capacity: int) -> list[tuple[int, int]]:
    """Contiguous runs of stages: as few pages as fit, then the widest page as narrow as can be.

    Greedy filling would leave a long first page and a short last one; with
    the page count fixed, a small dynamic programme evens the columns out.
    """
    pages = 0
    count = 0
    for width in widths:
        if count and count + width > capacity:
            pages, count = pages + 1, 0
        count += width
    pages += 1
    n = len(widths)
    prefix = [0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    inf = float("inf")
    # best[k][i]: the smallest widest page when the first i stages fill k pages
    best = [[inf] * (n + 1) for _ in range(pages + 1)]
    cut = [[0] * (n + 1) for _ in range(pages + 1)]
    best[0][0] = 0
    for k in range(1, pages + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                widest = max(best[k - 1][j], prefix[i] - prefix[j])
                if widest < best[k][i]:
                    best[k][i], cut[k][i] = widest, j
    runs = []
    stop = n
    for k in range(pages, 0, -1):
        start = cut[k][stop]
        runs.append((start, stop))
        stop = start
    return runs[::-1]


def fit_page(
    journey: Journey,
    lanes: list[str],
    paper: Paper,
    start: int,
    stop: int,
    blank: bool,
    header_mm: float,
) -> Fit:
    """The largest type that lets this page's stages fit the sheet (6 pt at least)."""
    usable_w = paper.width - 2 * MARGIN_MM
    usable_h = paper.height - 2 * MARGIN_MM - header_mm
    steps = sum(max(1, len(s.steps)) for s in journey.stages[start:stop])
    lengths = _lane_texts(
        journey, [lane for lane in lanes if lane != "emotion"], range(start, stop)
    )
    has_curve = "emotion" in lanes
    stage_head_mm = 14.0
    font = BLANK_FONT_PT if blank else MAX_FONT_PT
    while True:
        label = _label_mm(lanes, font)
        column = min((usable_w - label) / steps, BLANK_MAX_COLUMN_MM if blank else MAX_COLUMN_MM)
        # the curve's SVG keeps its aspect: its height follows the column width
        curve = column * CURVE_ASPECT + 4 if has_curve else 0.0
        if blank:
            rows = max(1, len(lanes) - int(has_curve))
            row = (usable_h - curve - 4 * stage_head_mm) / rows
            row = min(BLANK_MAX_ROW_MM, max(BLANK_MIN_ROW_MM, row))
            return Fit(font, label, column, steps, row, curve)
        needed = (
            SAFETY * _height_mm(font, column, lengths) + curve + stage_head_mm * font / MAX_FONT_PT
        )
        if needed <= usable_h or font <= MIN_FONT_PT:
            return Fit(font, label, column, steps, 0.0, curve)
        font = max(MIN_FONT_PT, font - 0.5)
