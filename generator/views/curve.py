"""Emotion points -> the SVG of the emotion curve (pure: no files, no templates).

The SVG's viewBox gives every step column the same width, `UNIT`, so an SVG
drawn at 100% of the width of the map's columns (a table with
`table-layout: fixed` and equal step columns) puts each point over the middle
of its column, on screen and on paper. The height follows from the width
(`ASPECT`), so circles stay round. Paper chooses its curve's height apart from
its columns' width: it gives the chart another column width and height in
the same units (`Chart.unit`, `Chart.height`), which keeps the drawing's
marks and words at one size and its circles round. Only paths, circles,
lines and text are used: WeasyPrint draws those faithfully (no markers, no
textPath).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from markupsafe import escape

UNIT = 100.0  # the width of one step column, in viewBox units
HEIGHT = 96.0  # the curve's height, in the same units
ASPECT = HEIGHT / UNIT  # height of the curve / width of one column
TOP, BOTTOM = 16.0, 18.0  # room above the highest and below the lowest point, for labels
FONT = 6.5
PEAK_DY, VALLEY_DY = -6.5, 10.5  # a Peak or Valley label's baseline, from its point
STAR_ROOM = 10.0  # on a chart that keeps its marks clear, the stars' band above the labels

PALETTE = ("#2563eb", "#e8590c", "#2f9e44", "#9c36b5", "#c2255c", "#0c8599")
COMPARE_COLOUR = "#5c6670"
# a shape for each of up to seven personas, one more than the colours: no two of the
# first seven differ by colour alone, and the seventh is not the first again
SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down", "cross", "star")


@dataclass(frozen=True)
class Series:
    """One line of the chart: a persona's emotions, or the compared journey's."""

    name: str
    points: tuple[tuple[int, float], ...]  # (column index, emotion)
    colour: str = PALETTE[0]
    shape: str = "circle"
    dashed: bool = False
    # the columns of steps its persona takes no part in: the line breaks there, where a
    # step they take part in but gave no emotion is crossed (see `runs`)
    gaps: tuple[int, ...] = ()


@dataclass(frozen=True)
class Texts:
    """The words drawn inside the SVG, already in the site's language."""

    title: str = "Emotion curve"
    peak: str = "Peak"
    valley: str = "Valley"
    moment: str = "Moment of truth"
    loop: str = ""  # e.g. "loops back to Awareness"; empty: no loop arrow
    # the scale's ends in words, beside its highest and lowest tick (a blank map's grid,
    # drawn on by hand); empty: the numbers alone
    high_end: str = ""
    low_end: str = ""


Point = tuple[int, float]  # (column index, emotion)


@dataclass(frozen=True)
class Chart:
    columns: int
    scale: tuple[float, float]
    series: tuple[Series, ...] = ()
    moments: tuple[int, ...] = ()
    texts: Texts = field(default_factory=Texts)
    ticks: tuple[str, ...] = ()  # labels for each integer of the scale, lowest first
    unit: float = UNIT  # one column's width: with `height`, the drawing's proportions
    height: float = HEIGHT
    # the points to mark Peak and Valley, when the chart shows part of a journey whose
    # extremes were found on the whole (None where it lies outside this part); unset,
    # the chart's own highest and lowest points are marked
    extremes: tuple[Point | None, Point | None] | None = None
    clear: bool = False  # keep the stars of moments of truth off the Peak label

    @property
    def top(self) -> float:
        """The room above the highest point: more if a star must stand clear of a label."""
        return TOP + STAR_ROOM if self.clear and self.moments else TOP


# A map's curve writes some 600 numbers, and a site's few hundred distinct ones (points
# sit at whole or half emotions, in the middle of a column): remembered, not formatted.
# Bounded, since no site is known to stay so few. Equal numbers format alike (0 and -0.0,
# 2 and 2.0), so one entry serves all of them.
_FORMATTED: dict[float, str] = {}
_FORMATTED_MAX = 8192


def _fmt(value: float) -> str:
    text = _FORMATTED.get(value)
    if text is None:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
        if len(_FORMATTED) < _FORMATTED_MAX:
            _FORMATTED[value] = text
    return text


def x_of(column: int, unit: float = UNIT) -> float:
    return (column + 0.5) * unit


def y_of(
    value: float, scale: tuple[float, float], height: float = HEIGHT, top: float = TOP
) -> float:
    low, high = scale
    share = (value - low) / (high - low)
    return height - BOTTOM - share * (height - top - BOTTOM)


def _y(chart: Chart, value: float) -> float:
    return y_of(value, chart.scale, chart.height, chart.top)


def smooth_path(points: Sequence[tuple[float, float]]) -> str:
    """A monotone cubic through the points (Fritsch-Carlson): smooth, never overshooting.

    An emotion curve must not swing above a peak or below a valley that the
    data does not have, which a Catmull-Rom spline would do.
    """
    if not points:
        return ""
    if len(points) == 1:
        x, y = points[0]
        return f"M{_fmt(x)} {_fmt(y)}"
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    n = len(points)
    slopes = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(n - 1)]
    tangents = [slopes[0]] + [
        0.0 if slopes[i - 1] * slopes[i] <= 0 else (slopes[i - 1] + slopes[i]) / 2
        for i in range(1, n - 1)
    ]
    tangents.append(slopes[-1])
    for i, slope in enumerate(slopes):
        if slope == 0:
            tangents[i] = tangents[i + 1] = 0.0
            continue
        a, b = tangents[i] / slope, tangents[i + 1] / slope
        norm = a * a + b * b
        if norm > 9:
            t = 3 / norm**0.5
            tangents[i], tangents[i + 1] = t * a * slope, t * b * slope
    parts = [f"M{_fmt(xs[0])} {_fmt(ys[0])}"]
    for i in range(n - 1):
        h = (xs[i + 1] - xs[i]) / 3
        parts.append(
            f"C{_fmt(xs[i] + h)} {_fmt(ys[i] + tangents[i] * h)} "
            f"{_fmt(xs[i + 1] - h)} {_fmt(ys[i + 1] - tangents[i + 1] * h)} "
            f"{_fmt(xs[i + 1])} {_fmt(ys[i + 1])}"
        )
    return " ".join(parts)


def marker(shape: str, x: float, y: float, colour: str, size: float = 3.6, title: str = "") -> str:
    """A point drawn with its series' shape: colour is never the only difference."""
    point = _marker(shape, x, y, colour, size)
    return _titled(point, escape(title)) if title else point


def _titled(point: str, title: str) -> str:
    """A point with a tooltip on screen ("Marco: -2"); `title` is already escaped."""
    return point.replace("/>", f"><title>{title}</title></{point[1 : point.index(' ')]}>", 1)


@lru_cache(maxsize=4096)  # a site's points sit at a few places, in a few shapes and colours
def _marker(shape: str, x: float, y: float, colour: str, size: float) -> str:
    fill = f'fill="#fff" stroke="{escape(colour)}" stroke-width="1.6"'
    if shape == "square":
        s = size * 0.9
        d = f"M{_fmt(x - s)} {_fmt(y - s)}h{_fmt(2 * s)}v{_fmt(2 * s)}h{_fmt(-2 * s)}z"
        return f'<path class="jm-point" d="{d}" {fill}/>'
    if shape == "diamond":
        s = size * 1.25
        return (
            f'<path class="jm-point" d="M{_fmt(x)} {_fmt(y - s)}L{_fmt(x + s)} {_fmt(y)}'
            f'L{_fmt(x)} {_fmt(y + s)}L{_fmt(x - s)} {_fmt(y)}z" {fill}/>'
        )
    if shape in ("triangle", "triangle-down"):
        s = size * 1.2
        k = 1 if shape == "triangle" else -1  # pointing up, or down
        return (
            f'<path class="jm-point" d="M{_fmt(x)} {_fmt(y - k * s)}'
            f"L{_fmt(x + s)} {_fmt(y + k * s * 0.8)}"
            f'L{_fmt(x - s)} {_fmt(y + k * s * 0.8)}z" {fill}/>'
        )
    if shape == "cross":
        s, a = size * 1.15, size * 0.42  # half the span, half an arm's width
        arm = s - a
        d = (
            f"M{_fmt(x - a)} {_fmt(y - s)}h{_fmt(2 * a)}v{_fmt(arm)}h{_fmt(arm)}v{_fmt(2 * a)}"
            f"h{_fmt(-arm)}v{_fmt(arm)}h{_fmt(-2 * a)}v{_fmt(-arm)}h{_fmt(-arm)}v{_fmt(-2 * a)}"
            f"h{_fmt(arm)}z"
        )
        return f'<path class="jm-point" d="{d}" {fill}/>'
    if shape == "star":
        outer = size * 1.45
        corners = (
            (outer if n % 2 == 0 else outer * 0.45, math.pi * (n / 5 - 0.5)) for n in range(10)
        )
        d = "L".join(f"{_fmt(x + r * math.cos(t))} {_fmt(y + r * math.sin(t))}" for r, t in corners)
        return f'<path class="jm-point" d="M{d}z" {fill}/>'
    return f'<circle class="jm-point" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(size)}" {fill}/>'


def _text(x: float, y: float, text: str, cls: str, anchor: str = "middle") -> str:
    return (
        f'<text class="{cls}" x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" '
        f'font-size="{FONT}">{escape(text)}</text>'
    )


def _grid(chart: Chart) -> list[str]:
    width = chart.columns * chart.unit
    low, high = chart.scale
    out = []
    for column in range(1, chart.columns):
        x = _fmt(column * chart.unit)
        out.append(
            f'<line class="jm-col-rule" x1="{x}" y1="0" x2="{x}" y2="{_fmt(chart.height)}" '
            'stroke="#e3e7ee" stroke-width="0.5"/>'
        )
    values = []
    if high - low <= 10:
        first = int(low) if float(low).is_integer() else int(low) + 1
        values = [v for v in range(first, int(high) + 1)]
    for index, value in enumerate(values):
        y = _fmt(_y(chart, value))
        # the neutral line: 0 on a scale around it, else the middle (3 on 1..5)
        zero = value == (0 if low < 0 < high else (low + high) / 2)
        style = (
            'stroke="#8a94a3" stroke-width="0.8"'
            if zero
            else 'stroke="#d5dbe3" stroke-width="0.5" stroke-dasharray="2 2"'
        )
        cls = "jm-zero" if zero else "jm-grid"
        out.append(f'<line class="{cls}" x1="0" y1="{y}" x2="{_fmt(width)}" y2="{y}" {style}/>')
        tick = chart.ticks[index] if index < len(chart.ticks) else _fmt(value)
        if index == len(values) - 1 and chart.texts.high_end:
            tick = f"{tick} {chart.texts.high_end}"
        elif index == 0 and chart.texts.low_end:
            tick = f"{tick} {chart.texts.low_end}"
        out.append(_text(3, _y(chart, value) - 1.5, tick, "jm-tick", "start"))
    return out


def _moments(chart: Chart) -> list[str]:
    out = []
    peak = _marked(chart)[0] if chart.clear else None
    for column in chart.moments:
        x = x_of(column, chart.unit)
        spans = [(8.0, chart.height - BOTTOM + 4)]
        if peak is not None and peak[0] == column:
            # the rule passes behind the Peak label: it stops above the word, goes on below
            label = _y(chart, peak[1]) + PEAK_DY
            spans = [(8.0, label - FONT - 1), (label + 2, spans[0][1])]
        for y1, y2 in spans:
            if y2 <= y1:
                continue
            out.append(
                f'<line class="jm-moment-rule" x1="{_fmt(x)}" y1="{_fmt(y1)}" x2="{_fmt(x)}" '
                f'y2="{_fmt(y2)}" stroke="#b08900" stroke-width="0.7" '
                'stroke-dasharray="1.5 1.5"/>'
            )
        out.append(
            f'<path class="jm-moment" d="M{_star(x)}z" fill="#f2b705" stroke="#8f6b00" '
            f'stroke-width="0.5"><title>{escape(chart.texts.moment)}</title></path>'
        )
    return out


@cache  # one per column a site's moments of truth stand in: few
def _star(x: float) -> str:
    """A five-pointed star over x: the same sign as the step header's badge."""
    points = []
    for i in range(10):
        radius = 4.2 if i % 2 == 0 else 1.8
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(f"{_fmt(x + radius * math.cos(angle))} {_fmt(5 + radius * math.sin(angle))}")
    return "L".join(points)


def extremes(series: Sequence[Series]) -> tuple[Point | None, Point | None]:
    """The highest and the lowest point of a journey's own curves (not a compared
    journey's): the first of each where several are equal; none if the curve is flat."""
    points = [(c, v) for s in series if not s.dashed for c, v in s.points]
    if len(points) < 2:
        return None, None
    high = max(points, key=lambda p: p[1])
    low = min(points, key=lambda p: p[1])
    if high[1] == low[1]:
        return None, None
    return high, low


def _marked(chart: Chart) -> tuple[Point | None, Point | None]:
    return extremes(chart.series) if chart.extremes is None else chart.extremes


def _extremes(chart: Chart) -> list[str]:
    """Label the highest and the lowest point of the journey's own curves."""
    out = []
    high, low = _marked(chart)
    for point, text, dy in (
        (high, chart.texts.peak, PEAK_DY),
        (low, chart.texts.valley, VALLEY_DY),
    ):
        if point is None:
            continue
        column, value = point
        x, y = x_of(column, chart.unit), _y(chart, value)
        out.append(
            f'<circle class="jm-extreme" cx="{_fmt(x)}" cy="{_fmt(y)}" r="6.5" fill="none" '
            'stroke="#1b2430" stroke-width="0.6" stroke-dasharray="1.5 1"/>'
        )
        out.append(_text(x, y + dy, text, "jm-extreme-label"))
    return out


def _loop(chart: Chart) -> list[str]:
    if not chart.texts.loop:
        return []
    width = chart.columns * chart.unit
    y = chart.height - 3.5
    left, right = 12.0, width - 12.0
    path = (
        f"M{_fmt(right)} {_fmt(y - 9)} Q{_fmt(right)} {_fmt(y)} {_fmt(right - 10)} {_fmt(y)} "
        f"L{_fmt(left + 10)} {_fmt(y)} Q{_fmt(left)} {_fmt(y)} {_fmt(left)} {_fmt(y - 9)}"
    )
    head = (
        f"M{_fmt(left - 3)} {_fmt(y - 6)} L{_fmt(left)} {_fmt(y - 11)} "
        f"L{_fmt(left + 3)} {_fmt(y - 6)}"
    )
    return [
        f'<path class="jm-loop" d="{path}" fill="none" stroke="#5c6670" stroke-width="0.9" '
        'stroke-dasharray="3 2"/>',
        f'<path class="jm-loop-head" d="{head}" fill="none" stroke="#5c6670" stroke-width="0.9"/>',
        _text(width / 2, y - 1.5, "\u21ba " + chart.texts.loop, "jm-loop-label"),
    ]


def runs(series: Series) -> list[list[Point]]:
    """A series' points in stretches the line joins: it breaks at every column of a step
    the persona takes no part in (a line across would say they felt something there)."""
    out: list[list[Point]] = []
    gaps = sorted(series.gaps)
    for point in sorted(series.points):
        if out and not any(out[-1][-1][0] < gap < point[0] for gap in gaps):
            out[-1].append(point)
        else:
            out.append([point])
    return out


def curve_svg(chart: Chart) -> str:
    """The whole chart as one `<svg>` element, every author's word escaped."""
    width = max(chart.columns, 1) * chart.unit
    body: list[str] = [*_grid(chart), *_moments(chart), *_loop(chart)]
    for series in chart.series:
        paths = [
            smooth_path([(x_of(c, chart.unit), _y(chart, v)) for c, v in run])
            for run in runs(series)
            if len(run) > 1
        ]
        if paths:
            dash = ' stroke-dasharray="5 3"' if series.dashed else ""
            body.append(
                f'<path class="jm-line" d="{" ".join(paths)}" fill="none" '
                f'stroke="{escape(series.colour)}" stroke-width="{2 if series.dashed else 2.4}" '
                f'stroke-linecap="round" stroke-linejoin="round"{dash}>'
                f"<title>{escape(series.name)}</title></path>"
            )
    body.extend(_extremes(chart))
    own = 0
    for series in chart.series:
        # where two curves share a point, the later, smaller marker sits inside the earlier
        size = 2.8 if series.dashed else max(4.4 - 1.1 * own, 2.6)
        own += 0 if series.dashed else 1
        name = escape(series.name)  # once a series, not once a point (a number needs none)
        for column, value in sorted(series.points):
            point = _marker(
                series.shape, x_of(column, chart.unit), _y(chart, value), series.colour, size
            )
            body.append(_titled(point, f"{name}: {_fmt(value)}"))
    return (
        f'<svg class="jm-curve-svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(chart.height)}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{escape(chart.texts.title)}" '
        f'font-family="DejaVu Sans Condensed, Arial, sans-serif">'
        + "".join(part for part in body if part)
        + "</svg>"
    )


def legend_swatch(series: Series) -> str:
    """A small SVG of a series' line and point, for the legend beside the chart."""
    dash = ' stroke-dasharray="5 3"' if series.dashed else ""
    return (
        '<svg class="jm-swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 12" '
        'width="28" height="12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="27" y2="6" stroke="{escape(series.colour)}" '
        f'stroke-width="2"{dash}/>' + marker(series.shape, 14, 6, series.colour, 3.2) + "</svg>"
    )


def sparkline(values: Sequence[float], scale: tuple[float, float], label: str) -> str:
    """A small curve of a journey's emotions, for its card on the index."""
    width, height, pad = 120.0, 32.0, 4.0
    low, high = scale
    if not values:
        return ""

    def y(value: float) -> float:
        return height - pad - (value - low) / (high - low) * (height - 2 * pad)

    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + i * step, y(v)) for i, v in enumerate(values)]
    if len(points) == 1:
        points = [(pad, points[0][1]), (width - pad, points[0][1])]
    zero = y(0) if low < 0 < high else y((low + high) / 2)
    return (
        f'<svg class="jm-sparkline" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="120" height="32" role="img" '
        f'aria-label="{escape(label)}">'
        f'<line x1="0" y1="{_fmt(zero)}" x2="{_fmt(width)}" y2="{_fmt(zero)}" '
        'stroke="#c5ccd6" stroke-width="0.8" stroke-dasharray="2 2"/>'
        f'<path d="{smooth_path(points)}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.8" '
        'stroke-linecap="round"/>'
        "</svg>"
    )
