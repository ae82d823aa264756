"""Opportunities -> the SVG of the impact x effort matrix (pure: no files, no templates).

Effort runs left to right (1..5), impact bottom to top (1..5); the four
quadrants are split through the middle of the scales and named (quick wins
top left, big bets top right, fill-ins bottom left, money pits bottom right)
in bands above and below the grid, where no point can cover them. Each
opportunity is a marker holding its short label (its rank in the backlog, the
number the page's table starts each row with); the opportunities of one cell
share it in a small grid, up to `PER_CELL`, the rest counted as "+n". A
marker's shape says its status, and the legend names each shape: colour is
never the only sign. Only paths, circles, lines and text, no CSS variables:
WeasyPrint draws the same SVG in the backlog's PDF.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import escape

CELL = 72.0  # one impact x effort cell, in viewBox units
LEFT = 58.0  # room left of the grid: the impact axis' title and numbers
TOP = 6.0
BAND = 20.0  # the quadrants' names, above and below the grid, inside the frame
BELOW = 50.0  # under the frame: the effort numbers and the axis' title
RADIUS = 10.0  # a marker's size
STEP = 23.0  # between the markers sharing a cell
PER_CELL = 9  # markers drawn in one cell (3 x 3); past it the last says "+n"
FONT = 11.0
LEGEND_GAP = 22.0  # between the frame and the legend
LEGEND_ROW = 22.0
CHAR = 0.58  # an average character's width, in font sizes: room for the legend's words

INK = "#1f2328"
BOLD = 'font-weight="bold"'
MUTED = "#57606a"

# status -> (shape, colour): the shape alone tells them apart, in print as on screen
STATUS_STYLE: Mapping[str, tuple[str, str]] = {
    "idea": ("circle", "#6e7781"),
    "planned": ("square", "#0969da"),
    "in-progress": ("diamond", "#9a6700"),
    "done": ("hexagon", "#1a7f37"),
    "dropped": ("triangle", "#8250df"),
}
DEFAULT_STYLE = ("circle", "#6e7781")


@dataclass(frozen=True)
class Point:
    """One opportunity on the matrix."""

    label: str  # short: "3", the rank the page's table shows
    title: str  # the marker's tooltip
    impact: int  # 1..5
    effort: int  # 1..5
    status: str  # a key of STATUS_STYLE


@dataclass(frozen=True)
class Texts:
    """The words drawn inside the SVG, already in the site's language."""

    title: str = "Impact and effort"
    description: str = ""
    impact: str = "Impact"
    effort: str = "Effort"
    quick_wins: str = "Quick wins"
    big_bets: str = "Big bets"
    fill_ins: str = "Fill-ins"
    money_pits: str = "Money pits"
    statuses: Mapping[str, str] = field(default_factory=dict)  # status -> its label


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def x_of(effort: float) -> float:
    """The middle of an effort's column."""
    return LEFT + (effort - 0.5) * CELL


def y_of(impact: float) -> float:
    """The middle of an impact's row (5 at the top)."""
    return TOP + BAND + (5.5 - impact) * CELL


def slots(count: int) -> list[tuple[float, float]]:
    """Where `count` markers sit around a cell's middle (at most PER_CELL), as offsets:
    one in the middle, more in rows of up to three, centred."""
    count = min(count, PER_CELL)
    columns = min(3, math.ceil(math.sqrt(count))) if count else 1
    rows = math.ceil(count / columns)
    offsets = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        dx = (column - (in_row - 1) / 2) * STEP
        dy = (row - (rows - 1) / 2) * STEP
        offsets.append((dx, dy))
    return offsets


def shape(kind: str, x: float, y: float, colour: str, size: float = RADIUS) -> str:
    """A marker's outline, white inside so that the label written on it reads in ink."""
    paint = f'fill="#ffffff" stroke="{colour}" stroke-width="2.2"'
    if kind == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(size)}" {paint}/>'
    if kind == "square":
        s = size * 0.9
        return (
            f'<rect x="{_fmt(x - s)}" y="{_fmt(y - s)}" width="{_fmt(2 * s)}" '
            f'height="{_fmt(2 * s)}" {paint}/>'
        )
    if kind == "diamond":
        s = size * 1.2
        points: tuple[tuple[float, float], ...] = ((x, y - s), (x + s, y), (x, y + s), (x - s, y))
    elif kind == "hexagon":
        s = size * 1.08
        points = tuple(
            (x + s * math.cos(math.radians(a)), y + s * math.sin(math.radians(a)))
            for a in range(0, 360, 60)
        )
    else:  # a triangle standing on its point, its outline broken: what is dropped
        points = (
            (x - 1.15 * size, y - 0.8 * size),
            (x + 1.15 * size, y - 0.8 * size),
            (x, y + 1.5 * size),
        )
        d = "M" + "L".join(f"{_fmt(px)} {_fmt(py)}" for px, py in points) + "Z"
        return f'<path d="{d}" {paint} stroke-dasharray="4 2"/>'
    d = "M" + "L".join(f"{_fmt(px)} {_fmt(py)}" for px, py in points) + "Z"
    return f'<path d="{d}" {paint}/>'


def _text(x: float, y: float, text: str, *extra: str, size: float = FONT) -> str:
    attributes = " ".join(('text-anchor="middle"', *extra))
    return (
        f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="{_fmt(size)}" fill="{INK}" '
        f"{attributes}>{escape(text)}</text>"
    )


def _frame() -> list[str]:
    left, right = LEFT, LEFT + 5 * CELL
    top, bottom = TOP, TOP + 2 * BAND + 5 * CELL
    grid_top = TOP + BAND
    parts = [
        f'<rect x="{_fmt(left)}" y="{_fmt(top)}" width="{_fmt(5 * CELL)}" '
        f'height="{_fmt(bottom - top)}" fill="#ffffff" stroke="{MUTED}" stroke-width="1"/>',
        # the quick wins' quadrant, the one to look at first, lightly tinted
        f'<rect x="{_fmt(left)}" y="{_fmt(top)}" width="{_fmt(2.5 * CELL)}" '
        f'height="{_fmt(BAND + 2.5 * CELL)}" fill="#eef6ee"/>',
    ]
    for index in range(1, 5):
        x, y = left + index * CELL, grid_top + index * CELL
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{_fmt(grid_top)}" x2="{_fmt(x)}" '
            f'y2="{_fmt(grid_top + 5 * CELL)}" stroke="#d0d7de" stroke-width="0.6"/>'
        )
        parts.append(
            f'<line x1="{_fmt(left)}" y1="{_fmt(y)}" x2="{_fmt(right)}" y2="{_fmt(y)}" '
            f'stroke="#d0d7de" stroke-width="0.6"/>'
        )
    middle_x, middle_y = x_of(3), y_of(3)
    parts.append(
        f'<path class="jm-matrix-split" d="M{_fmt(middle_x)} {_fmt(top)}V{_fmt(bottom)}'
        f'M{_fmt(left)} {_fmt(middle_y)}H{_fmt(right)}" fill="none" stroke="{MUTED}" '
        f'stroke-width="1.2" stroke-dasharray="5 3"/>'
    )
    return parts


def _quadrants(texts: Texts) -> list[str]:
    top = TOP + BAND * 0.7
    bottom = TOP + BAND + 5 * CELL + BAND * 0.7
    left, right = LEFT + 1.25 * CELL, LEFT + 3.75 * CELL
    return [
        _text(left, top, texts.quick_wins, BOLD, 'class="jm-quadrant"'),
        _text(right, top, texts.big_bets, BOLD, 'class="jm-quadrant"'),
        _text(left, bottom, texts.fill_ins, BOLD, 'class="jm-quadrant"'),
        _text(right, bottom, texts.money_pits, BOLD, 'class="jm-quadrant"'),
    ]


def _axes(texts: Texts) -> list[str]:
    bottom = TOP + 2 * BAND + 5 * CELL
    parts = []
    for value in range(1, 6):
        parts.append(_text(x_of(value), bottom + 15, str(value)))
        parts.append(_text(LEFT - 10, y_of(value) + FONT * 0.35, str(value)))
    parts.append(_text(LEFT + 2.5 * CELL, bottom + 38, f"{texts.effort} \u2192", BOLD))
    x, y = LEFT - 34, TOP + BAND + 2.5 * CELL
    parts.append(
        _text(x, y, f"{texts.impact} \u2192", BOLD, f'transform="rotate(-90 {_fmt(x)} {_fmt(y)})"')
    )
    return parts


def _markers(points: Sequence[Point]) -> list[str]:
    cells: dict[tuple[int, int], list[Point]] = {}
    for point in points:
        cells.setdefault((point.effort, point.impact), []).append(point)
    parts = []
    for (effort, impact), here in cells.items():
        shown = here if len(here) <= PER_CELL else here[: PER_CELL - 1]
        offsets = slots(len(here))
        cx, cy = x_of(effort), y_of(impact)
        for point, (dx, dy) in zip(shown, offsets, strict=False):
            kind, colour = STATUS_STYLE.get(point.status, DEFAULT_STYLE)
            x, y = cx + dx, cy + dy
            size = FONT if len(point.label) <= 2 else FONT * 0.75
            label = _text(x, y + size * 0.35, point.label, BOLD, size=size)
            parts.append(
                f'<g class="jm-matrix-point" data-status="{escape(point.status)}">'
                f"<title>{escape(point.label)}. {escape(point.title)}</title>"
                f"{shape(kind, x, y, colour)}"
                f"{label}</g>"
            )
        if len(here) > PER_CELL:
            dx, dy = offsets[-1]
            parts.append(
                _text(cx + dx, cy + dy + FONT * 0.35, f"+{len(here) - PER_CELL + 1}", BOLD)
            )
    return parts


def _legend(points: Sequence[Point], texts: Texts) -> tuple[list[str], float, float]:
    """The shapes of the statuses drawn, right of the frame: its parts, width and height."""
    used = [s for s in STATUS_STYLE if any(p.status == s for p in points)]
    used += sorted({p.status for p in points} - set(STATUS_STYLE))
    x = LEFT + 5 * CELL + LEGEND_GAP
    parts = []
    widest = 0.0
    for index, status in enumerate(used):
        kind, colour = STATUS_STYLE.get(status, DEFAULT_STYLE)
        y = TOP + BAND + LEGEND_ROW * (index + 0.5)
        label = texts.statuses.get(status, status)
        parts.append(shape(kind, x + RADIUS, y, colour, size=RADIUS * 0.7))
        parts.append(
            f'<text x="{_fmt(x + 2 * RADIUS + 6)}" y="{_fmt(y + FONT * 0.35)}" '
            f'font-size="{_fmt(FONT)}" fill="{INK}">{escape(label)}</text>'
        )
        widest = max(widest, 2 * RADIUS + 6 + len(label) * FONT * CHAR)
    return parts, (LEGEND_GAP + widest + 8 if used else 8), LEGEND_ROW * len(used)


def matrix_svg(points: Sequence[Point], texts: Texts, *, ident: str = "jm-matrix") -> str:
    """The whole matrix as one `<svg>` element, every author's word escaped.

    `points` are the rated opportunities, in the order their labels count; `ident`
    prefixes the ids of the title and description (unique on the page)."""
    legend, legend_width, legend_height = _legend(points, texts)
    width = LEFT + 5 * CELL + legend_width
    height = TOP + max(2 * BAND + 5 * CELL + BELOW, BAND + legend_height)
    title, desc = escape(f"{ident}-title"), escape(f"{ident}-desc")
    body = [*_frame(), *_quadrants(texts), *_axes(texts), *_markers(points), *legend]
    return (
        f'<svg class="jm-matrix-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" font-family="sans-serif" role="img" '
        f'aria-labelledby="{title} {desc}">'
        f'<title id="{title}">{escape(texts.title)}</title>'
        f'<desc id="{desc}">{escape(texts.description)}</desc>'
        f"{''.join(body)}</svg>"
    )
