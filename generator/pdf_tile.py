"""A poster cut into sheets of office paper, to be taped together.

Tiling works on the finished PDF: each sheet gets the poster page placed
with a translation and clipped to the sheet's printable area (pypdf), then a
small overlay with crop marks and the sheet's row and column on top. Laying
the HTML out again for every sheet would cost a full WeasyPrint layout per
sheet and could move text between sheets; cutting the finished page cannot.
The poster stays vector, so its text stays selectable on every sheet.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from generator.pdf_layout import Paper

PT = 72 / 25.4  # points a millimetre
MARGIN_MM = 10.0  # office printers leave 4-6 mm unprinted; the rest holds marks and labels
OVERLAP_MM = 10.0  # printed twice, once on each neighbour, to glue over


@dataclass(frozen=True)
class Tile:
    row: int  # 1-based, top to bottom
    column: int  # 1-based, left to right
    rows: int
    columns: int
    x_mm: float  # the poster region's top-left corner, from the poster's top-left
    y_mm: float
    width_mm: float
    height_mm: float


def _counts(poster_w: float, poster_h: float, sheet: Paper) -> tuple[int, int]:
    area_w = sheet.width - 2 * MARGIN_MM
    area_h = sheet.height - 2 * MARGIN_MM
    columns = max(1, math.ceil((poster_w - OVERLAP_MM) / (area_w - OVERLAP_MM) - 1e-9))
    rows = max(1, math.ceil((poster_h - OVERLAP_MM) / (area_h - OVERLAP_MM) - 1e-9))
    return rows, columns


def best_sheet(poster_w: float, poster_h: float, sheet: Paper) -> Paper:
    """The sheet's orientation that needs fewer sheets (landscape on a tie)."""
    turned = Paper(sheet.name, sheet.height, sheet.width)
    options = sorted(
        (sheet, turned), key=lambda p: (math.prod(_counts(poster_w, poster_h, p)), not p.landscape)
    )
    return options[0]


def plan(poster_w: float, poster_h: float, sheet: Paper) -> list[Tile]:
    """The sheets that cover a poster of this size, row by row."""
    rows, columns = _counts(poster_w, poster_h, sheet)
    area_w = sheet.width - 2 * MARGIN_MM
    area_h = sheet.height - 2 * MARGIN_MM
    tiles = []
    for row in range(rows):
        for column in range(columns):
            x = column * (area_w - OVERLAP_MM)
            y = row * (area_h - OVERLAP_MM)
            tiles.append(
                Tile(
                    row + 1,
                    column + 1,
                    rows,
                    columns,
                    x,
                    y,
                    min(area_w, poster_w - x),
                    min(area_h, poster_h - y),
                )
            )
    return tiles


def tile_pdf(
    poster: bytes,
    sheet: Paper,
    title: str,
    render_html: Callable[[str], bytes],
) -> bytes:
    """Every page of `poster` cut into sheets of `sheet` paper, with marks and numbers."""
    reader = PdfReader(io.BytesIO(poster))
    placements: list[tuple[int, Tile, Paper]] = []
    for index, page in enumerate(reader.pages):
        poster_w = float(page.mediabox.width) / PT
        poster_h = float(page.mediabox.height) / PT
        paper = best_sheet(poster_w, poster_h, sheet)
        placements.extend((index, tile, paper) for tile in plan(poster_w, poster_h, paper))
    pages = len(reader.pages)
    marks = PdfReader(io.BytesIO(render_html(overlay_html(placements, title, pages))))
    writer = PdfWriter()
    forms = [page_as_form(writer, page) for page in reader.pages]
    for number, (index, tile, paper) in enumerate(placements):
        poster_h_pt = float(reader.pages[index].mediabox.height)
        left = tile.x_mm * PT
        bottom = poster_h_pt - (tile.y_mm + tile.height_mm) * PT
        # the region's top-left corner lands on the printable area's top-left corner
        dx = MARGIN_MM * PT - left
        dy = (paper.height - MARGIN_MM - tile.height_mm) * PT - bottom
        clip = (MARGIN_MM * PT, dy + bottom, tile.width_mm * PT, tile.height_mm * PT)
        target = writer.add_blank_page(width=paper.width * PT, height=paper.height * PT)
        target[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Poster"): forms[index]})}
        )
        operators = (
            "q {:.3f} {:.3f} {:.3f} {:.3f} re W n 1 0 0 1 {:.3f} {:.3f} cm /Poster Do Q"
        ).format(*clip, dx, dy)
        stream = DecodedStreamObject()
        stream.set_data(operators.encode("ascii"))
        target[NameObject("/Contents")] = writer._add_object(stream)
        target.merge_page(marks.pages[number])
    writer.add_metadata({"/Title": f"{title} (tiled)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A page as a form XObject in `writer`, its content copied as bytes, never parsed:
    drawn on every sheet (or book page) that needs it, stored once."""
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def overlay_html(placements: list[tuple[int, Tile, Paper]], title: str, pages: int) -> str:
    """One page a sheet: crop marks at the printable area's corners, overlap ticks, labels."""
    sizes: dict[tuple[float, float], str] = {}
    parts = []
    for index, tile, paper in placements:
        name = sizes.setdefault((paper.width, paper.height), f"sheet{len(sizes)}")
        parts.append(_sheet_html(index, tile, paper, name, html.escape(title), pages))
    rules = "".join(f"@page {name}{{size:{w}mm {h}mm;margin:0}}" for (w, h), name in sizes.items())
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        + rules
        + "@font-face{font-family:'DejaVu Sans Condensed';src:url(fonts/DejaVuSansCondensed.ttf)}"
        "@font-face{font-family:'DejaVu Sans Condensed';font-weight:bold;"
        "src:url(fonts/DejaVuSansCondensed-Bold.ttf)}"
        "body{margin:0;font-family:'DejaVu Sans Condensed';font-size:7pt;color:#333}"
        ".sheet{position:relative;break-after:page;overflow:hidden}"
        ".sheet:last-child{break-after:auto}"
        ".m{position:absolute;background:#000}"
        ".o{position:absolute;border:0 dashed #888}"
        ".label{position:absolute;left:10mm;white-space:nowrap;overflow:hidden;"
        "text-overflow:ellipsis}"
        ".big{position:absolute;font-weight:bold;font-size:11pt}"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )


def _sheet_html(index: int, tile: Tile, paper: Paper, name: str, title: str, pages: int) -> str:
    m = MARGIN_MM
    left, top = m, m
    right, bottom = m + tile.width_mm, m + tile.height_mm
    cut = 6.0  # length of a crop mark, drawn in the margin only
    marks = []
    for x in (left, right):
        marks.append(_line(x - 0.1, top - cut - 1, 0.2, cut))  # vertical, above
        marks.append(_line(x - 0.1, bottom + 1, 0.2, cut))  # vertical, below
    for y in (top, bottom):
        marks.append(_line(left - cut - 1, y - 0.1, cut, 0.2))  # horizontal, left
        marks.append(_line(right + 1, y - 0.1, cut, 0.2))  # horizontal, right
    # where the next sheet's edge lies over this one: a dashed tick in the margin
    if tile.column < tile.columns:
        x = right - OVERLAP_MM
        marks.append(
            f"<div class='o' style='left:{x:.2f}mm;top:2mm;height:{m - 3}mm;"
            "border-left-width:0.3mm'></div>"
        )
    if tile.row < tile.rows:
        y = bottom - OVERLAP_MM
        marks.append(
            f"<div class='o' style='top:{y:.2f}mm;left:2mm;width:{m - 3}mm;"
            "border-top-width:0.3mm'></div>"
        )
    page = f" · page {index + 1} of {pages}" if pages > 1 else ""
    label = (
        f"{title}{page} · sheet row {tile.row} of {tile.rows}, column {tile.column} of "
        f"{tile.columns} · trim top and left at the marks, overlap {OVERLAP_MM:.0f} mm"
    )
    return (
        f"<section class='sheet' style='page:{name};width:{paper.width}mm;"
        f"height:{paper.height}mm'>"
        + "".join(marks)
        + f"<div class='label' style='top:{paper.height - m + 2.5:.2f}mm;"
        f"width:{paper.width - 2 * m - 12:.1f}mm'>{label}</div>"
        f"<div class='big' style='right:{m}mm;top:{paper.height - m + 1.8:.2f}mm'>"
        f"{tile.row},{tile.column}</div></section>"
    )


def _line(x: float, y: float, w: float, h: float) -> str:
    return (
        f"<div class='m' style='left:{x:.2f}mm;top:{y:.2f}mm;width:{w:.2f}mm;"
        f"height:{h:.2f}mm'></div>"
    )
