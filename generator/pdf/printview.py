"""A map's view made for paper: what a printed sheet shows, in the fewest elements, and
what a screen reader is told of its figures.

WeasyPrint's time goes by the element, so a sheet's map leaves out what paper has no
use for and draws the rest plainly (`for_paper`); its emotion curve is drawn at the
sheet's size (`paper_curve`), its alike shapes merged (`compact_svg`); each figure
(the curve, a legend's swatch) carries its text alternative as the SVG's title, which
a tagged PDF gives it as /Alt.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from generator.views.curve import curve_svg

if TYPE_CHECKING:
    from generator.pdf.layout import Fit
    from generator.views.curve import Series
    from generator.views.i18n import Labels
    from generator.views.mapview import Cell, LegendEntry, MapView


def paper_curve(view: MapView, fit: Fit, labels: Labels, words: dict[str, Any]) -> Markup:
    """The sheet's curve (`curve_drawing`) with its text alternative (`curve_alt`) as
    the SVG's title, which a tagged PDF gives its figure as /Alt."""
    return _titled_svg(curve_drawing(view, fit, words), curve_alt(view, labels))


def curve_drawing(view: MapView, fit: Fit, words: dict[str, Any]) -> Markup:
    """The curve at the height the sheet's fitting chose: the columns' width and that
    height in the SVG's units (its words at the curve's type size, its circles round).
    A blank map's scale says in words which end is which; drawn inside the sheet's one
    figure (`grid`), it needs no title of its own."""
    if view.chart is None or not fit.curve_mm:
        return view.curve
    unit, height = fit.curve_units()
    chart = replace(view.chart, unit=unit, height=height, clear=True)
    if view.blank:
        ends = {"high_end": words["scale_high"], "low_end": words["scale_low"]}
        chart = replace(chart, texts=replace(chart.texts, **ends))
    return Markup(compact_svg(SVG_TITLE.sub("", curve_svg(chart))))


def curve_alt(view: MapView, labels: Labels) -> str:
    """The curve in words, for a screen reader: its scale, then each step's emotion in
    each series ("Emotion curve. The emotion at each step (Scale: -2 to +2): Visit the
    site: Giulia +1, Marco -1; ..."). A step without an emotion says so."""
    scale = labels.format(
        "emotion_scale", min=labels.signed(view.scale[0]), max=labels.signed(view.scale[1])
    )
    heads = view.emotion_head
    steps = []
    for row in view.emotion_rows:
        if len(heads) == 1:
            values = row.values[0] if row.values else ""
        else:
            values = ", ".join(f"{h} {v}" for h, v in zip(heads, row.values, strict=False))
        steps.append(f"{row.title}: {values}")
    alt = f"{labels.emotion_curve}. {labels.emotion_table} ({scale})"
    return f"{alt}: {'; '.join(steps)}." if steps else f"{alt}."


def _titled_svg(svg: Markup, title: str) -> Markup:
    """An <svg> with `title` as its first child: what WeasyPrint takes for its /Alt."""
    text = str(svg)
    start = text.find("<svg")
    end = text.find(">", start)
    if start < 0 or end < 0 or text[end - 1] == "/":
        return svg
    return Markup(text[: end + 1] + f"<title>{escape(title)}</title>" + text[end + 1 :])


def _swatch_alt(entry: LegendEntry, series: Series | None, words: dict[str, Any]) -> Markup:
    """A legend's swatch with its alternative: whose line it is and how it is drawn."""
    line = words["line_dashed"] if entry.dashed else words["line_solid"]
    shape = words["shapes"].get(series.shape, "") if series is not None else ""
    alt = f"{entry.name}: {line}" + (f", {shape}" if shape else "")
    return _titled_svg(entry.swatch, alt)


def for_paper(view: MapView, fit: Fit, labels: Labels, words: dict[str, Any]) -> MapView:
    """The map with only what paper shows. WeasyPrint's time goes by the element, and
    hiding by CSS does not spare it: a hidden element is styled all the same.

    - no emotion table: its values are the curve's text alternative instead (the
      table was a quarter of a poster's time); the rows stay in the view for that;
    - a cell or a stage description holding one plain paragraph is drawn as its text,
      without the paragraph (the print style gives a lone paragraph no margin anyway);
    - the curve's tooltips (SVG titles) go: paper has no pointer to hover with;
    - the curve's shapes drawn alike (its grid lines, a series' points) are one path each;
    - the curve is drawn at the sheet's size (`paper_curve`);
    - the legend's swatches say whose line they show (a figure needs its /Alt).

    print/_map.html then draws the rest in as few elements as it can.
    """
    lanes = tuple(
        replace(lane, cells=tuple(_plain_cell(cell) for cell in lane.cells)) for lane in view.lanes
    )
    stages = tuple(
        replace(stage, description=_unwrapped(stage.description)) for stage in view.stages
    )
    # a blank sheet is one figure, its scale drawn in it (`blank_sheet`), not the map's curve
    curve = view.curve if view.blank else paper_curve(view, fit, labels, words)
    shown = view.series if len(view.series) == len(view.legend) else (None,) * len(view.legend)
    legend = tuple(
        replace(entry, swatch=_swatch_alt(entry, series, words))
        for entry, series in zip(view.legend, shown, strict=True)
    )
    return replace(view, lanes=lanes, stages=stages, curve=curve, legend=legend)


# one paragraph of text with inline markup at most: no block inside, no second paragraph
_ONE_PARAGRAPH = re.compile(r"<p>(.*)</p>", re.S)
_BLOCK = re.compile(r"</?(?:p|div|ul|ol|li|pre|blockquote|table|hr|h[1-6])\b")
SVG_TITLE = re.compile(r"<title>[^<]*</title>")  # escaped text holds no "<"


def _plain_cell(cell: Cell) -> Cell:
    if cell.kind != "markdown":
        return cell
    html = _unwrapped(cell.html)
    return cell if html is cell.html else cell._replace(kind="text", html=html)


def _unwrapped(html: Markup) -> Markup:
    """One paragraph's inline markup without its <p>; anything else as it was."""
    match = _ONE_PARAGRAPH.fullmatch(str(html))
    if match is None or _BLOCK.search(match[1]):
        return html
    return Markup(match[1])


_SVG_NS = "http://www.w3.org/2000/svg"
# the attributes that place a shape; shapes alike in every other attribute make one path
_GEOMETRY = {"line": ("x1", "y1", "x2", "y2"), "circle": ("cx", "cy", "r"), "path": ("d",)}


def compact_svg(svg: str) -> str:
    """The same drawing with each run of shapes that differ only in where they are (the
    grid's lines, a series' points) merged into one path: WeasyPrint's time goes by the
    element, and a curve's SVG was a tenth of a poster's. A run may pass over text (the
    grid's tick labels), which is then drawn after the run's shapes instead of between
    them. Anything that is not plain XML is returned as it was.
    """
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return svg
    if root.tag != f"{{{_SVG_NS}}}svg":
        return svg
    children = list(root)
    placed: list[list[ElementTree.Element]] = []  # a run sits where its first shape was
    run: list[ElementTree.Element] = []
    look: tuple[tuple[str, str], ...] | None = None
    for element in children:
        style = _shape_style(element)
        if style is not None and style == look:
            run.append(element)
            continue
        if style is not None or element.tag != f"{{{_SVG_NS}}}text":
            run, look = [element], style  # anything but text ends the run
            placed.append(run)
        else:
            placed.append([element])
    for element in children:
        root.remove(element)
    for run in placed:
        if len(run) == 1:
            root.append(run[0])
        else:
            path = ElementTree.SubElement(
                root, f"{{{_SVG_NS}}}path", dict(_shape_style(run[0]) or ())
            )
            path.set("d", "".join(_path_data(shape) for shape in run))
    ElementTree.register_namespace("", _SVG_NS)
    return ElementTree.tostring(root, encoding="unicode")


def _shape_style(element: Any) -> tuple[tuple[str, str], ...] | None:
    """What a shape looks like (its attributes but where it is), or None if it is not a
    bare line, circle or path."""
    kind = element.tag.removeprefix(f"{{{_SVG_NS}}}")
    if kind not in _GEOMETRY or len(element) or (element.text or "").strip():
        return None
    if any(name not in element.attrib for name in _GEOMETRY[kind]):
        return None
    if kind == "path" and not element.attrib["d"].lstrip().startswith("M"):
        return None  # a relative first move would continue from the previous shape
    if any("opacity" in name for name in element.attrib):
        return None  # shapes seen through each other do not look the same merged
    look = {k: v for k, v in element.attrib.items() if k not in _GEOMETRY[kind] and k != "class"}
    if kind == "line":
        look.setdefault("fill", "none")  # a line has no inside; the path must not get one
    return tuple(sorted(look.items()))


def _path_data(element: Any) -> str:
    kind = element.tag.removeprefix(f"{{{_SVG_NS}}}")
    at = element.attrib
    if kind == "line":
        return f"M{at['x1']} {at['y1']}L{at['x2']} {at['y2']}"
    if kind == "circle":
        x, y, r = float(at["cx"]), float(at["cy"]), float(at["r"])
        return f"M{x - r:g} {y:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0z"
    return str(at["d"])
