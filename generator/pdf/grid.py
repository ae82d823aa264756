"""A blank map's sheet: its rules and fills drawn as one SVG, its words set over it.

A blank map's rows are a sticky note high, so a journey's blank map takes many
sheets, and drawn as an HTML table each sheet cost as much to lay out as a poster's
(WeasyPrint's time goes by the element and the box). One SVG a sheet draws the
grid at a fraction of the time. Its words (stages, step titles, lanes) are HTML
paragraphs placed over it: WeasyPrint lays out SVG text letter by letter, two Pango
layouts a letter (about a tenth of a blank map's time went to its 3,000 letters); a
paragraph is laid out a line at a time. They are real text in reading order (a
search of the PDF finds a step's title, a screen reader reads the stages, steps and
lanes), and the drawing, a figure in a tagged PDF, says what it is in its title
(WeasyPrint's /Alt for it).

Words are wrapped here, with the advance widths of the map's own font (fontTools):
each line is placed where the drawing needs it, so no line may wrap again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from generator.common.paths import packaged_templates
from generator.pdf.measure import GAP_MM, LINE_EM, MIN_FONT_PT, PT_MM
from generator.pdf.printview import SVG_TITLE
from generator.views.curve import FONT as CURVE_FONT_UNITS

if TYPE_CHECKING:
    from generator.pdf.layout import Fit
    from generator.views.i18n import Labels
    from generator.views.mapview import MapView

FONTS = {
    False: "assets/fonts/DejaVuSansCondensed.ttf",
    True: "assets/fonts/DejaVuSansCondensed-Bold.ttf",
}
FAMILY = "DejaVu Sans Condensed, sans-serif"
# map.css's colours: ink, muted words, rules, a stage's rule, the lanes' labels
INK, MUTED, RULE, STAGE_RULE, LABEL_BG = "#1b2430", "#5c6670", "#dde3ea", "#9aa5b4", "#f4f6f9"
STEP_BG, TRUTH_BG, TINT_BG = "#fbfcfd", "#fff8db", "#f7f8fa"
# each stage's background and ink, in turn (map.css .jm-stage--0 to --5)
STAGE_COLOURS = (
    ("#e7f0fd", "#1d4f91"),
    ("#e6f6ef", "#1f6b45"),
    ("#fdf1e3", "#8a4b08"),
    ("#f1ebfb", "#5b3596"),
    ("#fce9f1", "#9c2a5b"),
    ("#e6f5f7", "#0b6475"),
)
TINTED = ("backstage",)  # the lanes map.css gives a background
STAGE_RULE_MM = 0.53  # 2 px: the rule where a stage begins, and under the steps
PAD_X_EM, PAD_TOP_EM, PAD_BOTTOM_EM = 0.65, 0.5, 0.6
EMPTY_STEP_EM = 3.4  # print-map.css: a row to write the steps in when their titles go


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont

    with TTFont(packaged_templates() / FONTS[bold], lazy=True) as font:
        metrics = font["hmtx"]
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return advances, int(font["head"].unitsPerEm)


def width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `text` is set at `size_pt` (kerning aside, which only narrows it)."""
    advances, units = _advances(bold)
    return sum(advances.get(ord(c), units) for c in text) / units * size_pt * PT_MM


def wrap(text: str, room_mm: float, size_pt: float, *, bold: bool = False) -> list[str]:
    """The lines of `text` in a box `room_mm` wide: whole words where they fit, a word
    wider than the box cut where it must."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if width_mm(candidate, size_pt, bold=bold) <= room_mm:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _cut(word, room_mm, size_pt, bold)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def _cut(word: str, room_mm: float, size_pt: float, bold: bool) -> list[str]:
    """A word in pieces no wider than the box (a letter at least each), in one pass: a
    word of thousands of letters costs what its letters do."""
    advances, units = _advances(bold)
    room = room_mm / (size_pt * PT_MM) * units  # in the font's units
    pieces, start, width = [], 0, 0.0
    for at, char in enumerate(word):
        advance = advances.get(ord(char), units)
        if width + advance > room and at > start:
            pieces.append(word[start:at])
            start, width = at, 0.0
        width += advance
    pieces.append(word[start:])
    return pieces


# What placing the words depends on, in the blank map's own <style> (print/blank.html),
# not in print-map.css, which a user's own templates may replace: the paragraphs over
# the drawing, each line as wrapped, at map.css's leading. One stylesheet for every
# sheet: a style attribute is parsed for each element that has one (written on each
# paragraph, these made a blank map 15% slower).
STYLE = Markup(
    f".jm-blank-grid{{position:relative;font-family:{FAMILY}}}"
    ".jm-blank-grid>svg{display:block}"
    ".jm-blank-grid>p{position:absolute;margin:0;padding:0;white-space:pre;"
    f"line-height:{LINE_EM}}}"
)


@dataclass
class _Drawing:
    parts: list[str]
    words: list[str] = field(default_factory=list)  # HTML, set over the drawing

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        if w > 0 and h > 0:
            self.parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>'
            )

    def lines(
        self,
        lines: Sequence[str],
        x: float,
        top: float,
        size_pt: float,
        *,
        room: float,
        fill: str = INK,
        bold: bool = False,
    ) -> float:
        """Set lines of text from `top` (mm) as one paragraph `room` mm wide over the
        drawing; returns the height they take. The width is given so that WeasyPrint
        need not measure the lines to shrink the paragraph to them (half of the
        paragraphs' layout)."""
        if not lines:
            return 0.0
        size = size_pt * PT_MM
        weight = ";font-weight:bold" if bold else ""
        text = escape("\n".join(lines))  # white-space: pre keeps them as they are
        self.words.append(
            f'<p style="left:{x:.2f}mm;top:{top:.2f}mm;width:{room:.2f}mm;'
            f'font-size:{size:.3f}mm;color:{fill}{weight}">{text}</p>'
        )
        return len(lines) * LINE_EM * size


def _small(font_pt: float, ratio: float) -> float:
    return max(MIN_FONT_PT, ratio * font_pt)


def blank_sheet(
    view: MapView,
    fit: Fit,
    first_stage: int,
    labels: Labels,
    words: dict[str, Any],
    curve: Markup,
) -> Markup:
    """One sheet of a blank map (`view`, the sheet's columns and lanes) at its sizes
    (`fit`), `curve` the emotion lane's scale drawn at the lane's height."""
    font = fit.font_pt
    em = font * PT_MM
    pad_x, pad_top, pad_bottom = PAD_X_EM * em, PAD_TOP_EM * em, PAD_BOTTOM_EM * em
    label_w, column = fit.label_mm, fit.column_mm
    width = label_w + column * view.width
    draw = _Drawing([])
    body: list[str] = []  # what is drawn once the heights are known
    # the stages' row
    corner_pt = _small(font, 0.75)
    stage_heights = [
        pad_top
        + pad_bottom
        + LINE_EM * corner_pt * PT_MM * len(wrap(labels.stage, label_w - 2 * pad_x, corner_pt))
    ]
    stage_texts = []
    at = 0
    type_pt = _small(font, 0.72)
    for number, stage in enumerate(view.stages):
        x = label_w + column * at
        room = column * stage.span - 2 * pad_x
        name = f"{first_stage + number + 1} {stage.name}" if stage.name else ""
        if stage.continued:
            name += f" ({words['continued']})"
        name_lines = wrap(name, room, font, bold=True)
        type_lines = wrap(stage.customer_type or "", room, type_pt)
        height = LINE_EM * (em * len(name_lines) + type_pt * PT_MM * len(type_lines))
        stage_heights.append(pad_top + height + pad_bottom)
        stage_texts.append((number, x, stage.span, name_lines, type_lines))
        at += stage.span
    stage_h = max(stage_heights)
    # the steps' row
    badge_pt = _small(font, 0.74)
    badge = f"\u2605 {words['moment_of_truth']}"
    step_texts = []
    step_h = EMPTY_STEP_EM * em
    for column_view in view.columns:
        title = column_view.title if view.blank_titles and not column_view.placeholder else ""
        title_lines = wrap(title, column - 2 * pad_x, font, bold=True)
        truth = column_view.moment_of_truth and not column_view.placeholder
        badge_lines = wrap(badge, column - 2 * pad_x, badge_pt, bold=True) if truth else []
        height = LINE_EM * (em * len(title_lines) + badge_pt * PT_MM * len(badge_lines))
        step_h = max(step_h, pad_top + height + pad_bottom)
        step_texts.append((column_view, title_lines, badge_lines, truth))
    # the lanes' rows
    top = stage_h + step_h + STAGE_RULE_MM
    rows = []
    for lane in view.lanes:
        height = fit.curve_mm if lane.curve and fit.curve_mm else fit.row_mm
        rows.append((lane, top, height))
        top += height
    total = top

    # backgrounds, then rules, then words
    for number, x, span, _, _ in stage_texts:
        background = STAGE_COLOURS[(first_stage + number) % len(STAGE_COLOURS)][0]
        draw.rect(x, 0, column * span, stage_h, background)
    draw.rect(0, 0, label_w, stage_h + step_h, LABEL_BG)
    for index, (_, _, _, truth) in enumerate(step_texts):
        draw.rect(label_w + column * index, stage_h, column, step_h, TRUTH_BG if truth else STEP_BG)
    for lane, y, height in rows:
        draw.rect(0, y, label_w, height, LABEL_BG)
        if lane.lane_id in TINTED:
            draw.rect(label_w, y, column * view.width, height, TINT_BG)
    thin = [f"M0 {stage_h:.2f}H{width:.2f}"]
    thin += [f"M0 {y:.2f}H{width:.2f}" for _, y, _ in rows[1:]]
    thin.append(f"M0 {total - GAP_MM / 2:.2f}H{width:.2f}")
    starts = {
        sum(stage.span for stage in view.stages[:number]) for number in range(len(view.stages))
    }
    thin += [
        f"M{label_w + column * index:.2f} {stage_h:.2f}V{total:.2f}"
        for index in range(1, view.width)
        if index not in starts
    ]
    strong = [f"M{label_w + column * index:.2f} 0V{total:.2f}" for index in sorted(starts)]
    strong.append(f"M0 {stage_h + step_h + STAGE_RULE_MM / 2:.2f}H{width:.2f}")
    body.append(
        f'<path fill="none" stroke="{RULE}" stroke-width="{GAP_MM}" d="{"".join(thin)}"/>'
        f'<path fill="none" stroke="{STAGE_RULE}" stroke-width="{STAGE_RULE_MM}" '
        f'd="{"".join(strong)}"/>'
    )
    draw.parts.extend(body)
    label_room, step_room = label_w - 2 * pad_x, column - 2 * pad_x
    # in reading order: the stages' corner and the stages, the steps' corner and the steps
    corner = wrap(labels.stage, label_room, corner_pt)
    draw.lines(corner, pad_x, pad_top, corner_pt, room=label_room, fill=MUTED)
    for number, x, span, name_lines, type_lines in stage_texts:
        ink = STAGE_COLOURS[(first_stage + number) % len(STAGE_COLOURS)][1]
        room = column * span - 2 * pad_x
        used = draw.lines(name_lines, x + pad_x, pad_top, font, room=room, fill=ink, bold=True)
        draw.lines(type_lines, x + pad_x, pad_top + used, type_pt, room=room, fill=MUTED)
    draw.lines(
        wrap(labels.step, label_room, corner_pt),
        pad_x,
        stage_h + pad_top,
        corner_pt,
        room=label_room,
        fill=MUTED,
    )
    for index, (_, title_lines, badge_lines, _) in enumerate(step_texts):
        x = label_w + column * index + pad_x
        used = draw.lines(title_lines, x, stage_h + pad_top, font, room=step_room, bold=True)
        draw.lines(badge_lines, x, stage_h + pad_top + used, badge_pt, room=step_room, bold=True)
    label_pt = _small(font, 0.82)
    for lane, y, _ in rows:
        lines = wrap(lane.label.upper(), label_room, label_pt, bold=True)
        draw.lines(lines, pad_x, y + pad_top, label_pt, room=label_room, fill=MUTED, bold=True)
        if lane.curve and curve:
            draw.parts.append(_placed(curve, label_w, y, fit))
    title = _alt(view, words)
    return Markup(
        f'<div class="jm-blank-grid" style="width:{width:.2f}mm;height:{total:.2f}mm">'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" '
        f'height="{total:.2f}mm" viewBox="0 0 {width:.2f} {total:.2f}" '
        f'font-family="{FAMILY}"><title>{escape(title)}</title>{"".join(draw.parts)}</svg>'
        f"{''.join(draw.words)}</div>"
    )


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def _placed(curve: Markup, x: float, y: float, fit: Fit) -> str:
    """The emotion lane's scale, its own drawing, moved into its row: its units are
    `curve_units`' (its words at the curve's type size)."""
    text = str(curve)
    opening = _SVG_OPEN.search(text)
    end = text.rfind("</svg>")
    if opening is None or end < 0:
        return ""
    inner = SVG_TITLE.sub("", text[opening.end() : end])  # the curve's tooltips
    unit = fit.curve_font_pt * PT_MM / CURVE_FONT_UNITS
    return f'<g transform="translate({x + GAP_MM:.2f} {y:.2f}) scale({unit:.5f})">{inner}</g>'


def _alt(view: MapView, words: dict[str, Any]) -> str:
    """The drawing in words: an empty grid of so many steps and lanes, and the emotion
    lane's scale where the sheet has it. The stages', steps' and lanes' names are
    the text set over it, which a screen reader reads next."""
    alt = words["blank_figure"].format(columns=view.width, rows=len(view.lanes))
    if any(lane.curve for lane in view.lanes):
        alt += " " + words["blank_scale"].format(low=words["scale_low"], high=words["scale_high"])
    return alt
