"""A poster cut into sheets of office paper, to be taped together.

Tiling works on the finished PDF: each sheet gets the poster page placed
with a translation and clipped to the sheet's printable area (pikepdf), then a
small overlay with crop marks and the sheet's row and column on top. Laying
the HTML out again for every sheet would cost a full WeasyPrint layout per
sheet and could move text between sheets; cutting the finished page cannot.
The poster stays vector, so its text stays selectable on every sheet.

A sheet on which the poster prints nothing is left out. Where the page puts
ink is seen as a printer would: the page rendered small, in gray, by PDFium
(pypdfium2), and a sheet is kept where a pixel of its part is darker than
paper. The others keep their row and column in the full grid, so they are
assembled as if the missing ones were there. The sheets speak the poster's
language: its /Lang, which the print templates set from site.yaml.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from generator.pdf.grid import width_mm
from generator.pdf.labels import print_labels
from generator.pdf.layout import Paper

if TYPE_CHECKING:
    from pikepdf import Object, Page, Pdf
    from PIL.Image import Image

PT = 72 / 25.4  # points a millimetre
MARGIN_MM = 10.0  # office printers leave 4-6 mm unprinted; the rest holds marks and labels
OVERLAP_MM = 10.0  # printed twice, once on each neighbour, to glue over
CUT_MM = 6.0  # length of a crop mark, drawn in the margin only
NUMBER_MM = 14.0  # room for the sheet's number at the end of its footer
FOOTER_PT = 7.0
EDGE_MM = 0.5  # ink reaching less far into a sheet lies in its overlap: the neighbour prints it
INK_DPI = 72  # a pixel is 0.35 mm: ink reaching EDGE_MM and a pixel into a sheet is always seen
INK_PIXELS = 20_000_000  # a page larger than about 2A0 is looked at coarser, in 40 MB at most
PAPER_GRAY = 250  # a pixel this light or lighter (of 255) puts no toner on paper to speak of

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm from the poster's top-left


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


def needs_tiling(poster: Paper, sheet: Paper) -> bool:
    """Whether the poster is larger than the sheet, whichever way the sheet is turned."""
    long_side, short_side = max(sheet.width, sheet.height), min(sheet.width, sheet.height)
    return (
        max(poster.width, poster.height) > long_side
        or min(poster.width, poster.height) > short_side
    )


def best_sheet(poster_w: float, poster_h: float, sheet: Paper, ink: Ink | None = None) -> Paper:
    """The sheet's orientation that prints fewer sheets (landscape on a tie).

    With `ink`, only the sheets with ink on them count, in a grid over the ink's extent;
    without, all of them, over the whole page."""
    turned = Paper(sheet.name, sheet.height, sheet.width)
    extent = ink.extent() if ink is not None else None

    def cost(paper: Paper) -> tuple[int, int, bool]:
        tiles = plan(poster_w, poster_h, paper, extent)
        used = len(tiles) if ink is None else len(printed(tiles, ink))
        return used, len(tiles), not paper.landscape

    return min((sheet, turned), key=cost)


def plan(poster_w: float, poster_h: float, sheet: Paper, extent: Box | None = None) -> list[Tile]:
    """The sheets that cover a poster of this size, row by row: the whole page, or with
    `extent` the part of it where the ink lies, the grid centred on it.

    Centred, the first and the last row (and column) each hold about as much of the
    poster as the other, rather than the last getting what the others left: a poster
    whose map ends just above a row of sheets no longer prints that row for its legend
    alone."""
    x0, y0, x1, y1 = extent if extent is not None else (0.0, 0.0, poster_w, poster_h)
    rows, columns = _counts(x1 - x0, y1 - y0, sheet)
    area_w = sheet.width - 2 * MARGIN_MM
    area_h = sheet.height - 2 * MARGIN_MM
    if extent is None:
        left = top = 0.0
    else:
        left = x0 - (columns * (area_w - OVERLAP_MM) + OVERLAP_MM - (x1 - x0)) / 2
        top = y0 - (rows * (area_h - OVERLAP_MM) + OVERLAP_MM - (y1 - y0)) / 2
    tiles = []
    for row in range(rows):
        for column in range(columns):
            x = left + column * (area_w - OVERLAP_MM)
            y = top + row * (area_h - OVERLAP_MM)
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


def printed(tiles: list[Tile], ink: Ink) -> list[Tile]:
    """The tiles with some ink in their own part, counted in a grid that ends at the last
    of them.

    A page with no ink at all keeps its first tile, so that every page is there."""
    kept = [tile for tile in tiles if ink.within(_own_part(tile))] or tiles[:1]
    rows = max(tile.row for tile in kept)
    columns = max(tile.column for tile in kept)
    return [replace(tile, rows=rows, columns=columns) for tile in kept]


def _own_part(tile: Tile) -> Box:
    """The tile's region less EDGE_MM all round: ink reaching no further in lies in an
    overlap, and the neighbour prints it whole."""
    return (
        tile.x_mm + EDGE_MM,
        tile.y_mm + EDGE_MM,
        tile.x_mm + tile.width_mm - EDGE_MM,
        tile.y_mm + tile.height_mm - EDGE_MM,
    )


@dataclass(frozen=True)
class Ink:
    """Where a poster page puts ink: a mask, white where a pixel of the page is darker than
    paper, black elsewhere, covering the page's `width_mm` x `height_mm`."""

    mask: Image
    width_mm: float
    height_mm: float

    def extent(self) -> Box | None:
        """Where the ink lies on the page, to the pixel (None on a page without any)."""
        box = self.mask.getbbox()
        if box is None:
            return None
        x_scale = self.width_mm / self.mask.width
        y_scale = self.height_mm / self.mask.height
        return (box[0] * x_scale, box[1] * y_scale, box[2] * x_scale, box[3] * y_scale)

    def within(self, box: Box) -> bool:
        """Whether any ink lies in `box` (mm from the page's top-left corner). Only whole
        pixels inside the box are looked at, so ink that stops short of it never counts."""
        x_scale = self.mask.width / self.width_mm
        y_scale = self.mask.height / self.height_mm
        left, top = max(0, math.ceil(box[0] * x_scale)), max(0, math.ceil(box[1] * y_scale))
        right = min(self.mask.width, math.floor(box[2] * x_scale))
        bottom = min(self.mask.height, math.floor(box[3] * y_scale))
        if left >= right or top >= bottom:
            return False
        return self.mask.crop((left, top, right, bottom)).getbbox() is not None


def ink_of(pdf: bytes) -> Iterator[Ink]:
    """Where each page of `pdf` puts ink, from the page rendered small and in gray; one
    page at a time, so that a long poster holds one page's pixels.

    Annotations are left out: a tiled sheet copies the page's content alone."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            page.set_cropbox(*page.get_mediabox())  # a sheet prints all of the media box
            width, height = page.get_width(), page.get_height()  # pt
            scale = min(INK_DPI / 72, math.sqrt(INK_PIXELS / (width * height)))
            bitmap = page.render(
                scale=scale, grayscale=True, draw_annots=False, may_draw_forms=False
            )
            mask = bitmap.to_pil().point([255 if v < PAPER_GRAY else 0 for v in range(256)])
            bitmap.close()
            page.close()
            yield Ink(mask, width / PT, height / PT)
    finally:
        document.close()


def tile_pdf(
    poster: bytes,
    sheet: Paper,
    title: str,
    render_html: Callable[[str], bytes],
) -> bytes:
    """Every page of `poster` cut into sheets of `sheet` paper, with marks and numbers;
    the sheets it would print nothing on are left out."""
    import pikepdf  # here: `journeymap pdf` asks this module whether to tile at start-up
    from pikepdf import Dictionary, Name, Rectangle, String

    with pikepdf.open(io.BytesIO(poster)) as source:
        placements: list[tuple[int, Tile, Paper]] = []
        boxes = [Rectangle(page.mediabox) for page in source.pages]
        for index, (box, ink) in enumerate(zip(boxes, ink_of(poster), strict=True)):
            paper = best_sheet(box.width / PT, box.height / PT, sheet, ink)
            tiles = printed(plan(box.width / PT, box.height / PT, paper, ink.extent()), ink)
            placements.extend((index, tile, paper) for tile in tiles)
        labels = print_labels(_language(source))
        markup = overlay_html(placements, title, len(boxes), labels)
        with pikepdf.open(io.BytesIO(render_html(markup))) as marks, pikepdf.new() as sheets:
            forms = [page_as_form(sheets, page) for page in source.pages]
            for number, (index, tile, paper) in enumerate(placements):
                left = tile.x_mm * PT
                bottom = boxes[index].height - (tile.y_mm + tile.height_mm) * PT
                # the region's top-left corner lands on the printable area's top-left corner
                dx = MARGIN_MM * PT - left
                dy = (paper.height - MARGIN_MM - tile.height_mm) * PT - bottom
                clip = (MARGIN_MM * PT, dy + bottom, tile.width_mm * PT, tile.height_mm * PT)
                target = sheets.add_blank_page(page_size=(paper.width * PT, paper.height * PT))
                # the marks' page is the sheet's size: drawn as it is, over the poster
                target.Resources.XObject = Dictionary(
                    Poster=forms[index], Marks=page_as_form(sheets, marks.pages[number])
                )
                operators = (
                    "q {:.3f} {:.3f} {:.3f} {:.3f} re W n 1 0 0 1 {:.3f} {:.3f} cm /Poster Do Q"
                    " /Marks Do"
                ).format(*clip, dx, dy)
                target.Contents = sheets.make_stream(operators.encode("ascii"))
            sheets.docinfo[Name.Title] = f"{title} (tiled)"
            # cut pieces of a poster, for paper: no structure tree survives the cutting, so
            # the sheets claim none (no /MarkInfo, no PDF/UA identification); they keep the
            # title and language a reader announces
            sheets.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
            if "/Lang" in source.Root:  # for readers aloud, and hyphenation on copy
                sheets.Root.Lang = String(str(source.Root.Lang))
            return saved(sheets, source)


def saved(pdf: Pdf, like: Pdf | None = None) -> bytes:
    """`pdf` written out, the same bytes for the same input; a new one at `like`'s version
    of PDF at least (a new PDF is 1.3, older than the /Lang and the structure it gets).

    Its small objects go into object streams, as WeasyPrint writes them: a book's
    thousands of structure elements take a third of the bytes, and less time to write."""
    from pikepdf import ObjectStreamMode

    out = io.BytesIO()
    pdf.save(
        out,
        min_version=like.pdf_version if like else "",
        object_stream_mode=ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return out.getvalue()


def _language(pdf: Pdf) -> str:
    """The poster's language (`it` of `it-IT`), English when it names none."""
    lang = pdf.Root.get("/Lang")
    return str(lang).split("-")[0].strip().lower() if lang else "en"


def page_as_form(pdf: Pdf, page: Page) -> Object:
    """A page of another PDF as a form XObject in `pdf`, its content copied as bytes,
    never parsed: drawn on every sheet (or book page) that needs it, stored once."""
    form = page.as_form_xobject()
    # qpdf bounds the form by the trim box; a sheet (and a book page) prints all of the
    # media box, as the ink was looked for on it
    form.BBox = page.mediabox
    return pdf.copy_foreign(form)


def overlay_html(
    placements: list[tuple[int, Tile, Paper]], title: str, pages: int, labels: dict[str, Any]
) -> str:
    """One page a sheet: crop marks at the printable area's corners, overlap ticks, labels."""
    sizes: dict[tuple[float, float], str] = {}
    present = {(index, tile.row, tile.column) for index, tile, _ in placements}
    parts = []
    for index, tile, paper in placements:
        name = sizes.setdefault((paper.width, paper.height), f"sheet{len(sizes)}")
        footer = _footer(tile, paper)
        label = _label(index, tile, title, pages, labels, footer[1] - footer[0] - NUMBER_MM)
        right = (index, tile.row, tile.column + 1) in present
        below = (index, tile.row + 1, tile.column) in present
        parts.append(
            _sheet_html(tile, paper, name, html.escape(label), footer, right=right, below=below)
        )
    rules = "".join(f"@page {name}{{size:{w}mm {h}mm;margin:0}}" for (w, h), name in sizes.items())
    return (
        f"<!doctype html><html lang='{html.escape(labels['lang'])}'><head><meta charset='utf-8'>"
        "<style>"
        + rules
        + "@font-face{font-family:'DejaVu Sans Condensed';src:url(fonts/DejaVuSansCondensed.ttf)}"
        "@font-face{font-family:'DejaVu Sans Condensed';font-weight:bold;"
        "src:url(fonts/DejaVuSansCondensed-Bold.ttf)}"
        f"body{{margin:0;font-family:'DejaVu Sans Condensed';font-size:{FOOTER_PT}pt;"
        "color:#333}"
        ".sheet{position:relative;break-after:page;overflow:hidden}"
        ".sheet:last-child{break-after:auto}"
        ".m{position:absolute;background:#000}"
        ".o{position:absolute;border:0 dashed #888}"
        ".label{position:absolute;white-space:nowrap;overflow:hidden}"
        ".big{position:absolute;font-weight:bold;font-size:11pt}"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )


def _label(
    index: int, tile: Tile, title: str, pages: int, labels: dict[str, Any], room_mm: float
) -> str:
    """`Title · sheet 2 of 3 · row 1 of 2, column 1 of 4 · trim ...`, in the poster's language.

    Where it does not fit, the advice goes first, then the title loses words from its end:
    the place of the sheet is always there. (CSS's text-overflow would cut it anywhere, and
    WeasyPrint maps its ellipsis glyph to all the hidden text, which PDF readers refuse.)
    """
    place = labels["tile_place"].format(
        row=tile.row, rows=tile.rows, column=tile.column, columns=tile.columns
    )
    if pages > 1:  # the poster's own pages, which its header calls sheets too
        place = labels["tile_page"].format(page=index + 1, pages=pages) + " · " + place
    trim = labels["tile_trim"].format(overlap=f"{OVERLAP_MM:.0f}")
    for label in (f"{title} · {place} · {trim}", f"{title} · {place}"):
        if width_mm(label, FOOTER_PT) <= room_mm:
            return label
    words = title.split()
    for count in range(len(words) - 1, 0, -1):
        label = f"{' '.join(words[:count]).rstrip(',;:·-')}… · {place}"
        if width_mm(label, FOOTER_PT) <= room_mm:
            return label
    return place


def _footer(tile: Tile, paper: Paper) -> tuple[float, float]:
    """Where the footer runs, left to right, clear of the crop marks below the region's
    corners: under the region, or beside it where a narrow last column leaves the rest
    of the sheet empty; the whole width when the region ends above the footer."""
    m = MARGIN_MM
    end_x, end_y = m + tile.width_mm, m + tile.height_mm
    if end_y + 1 + CUT_MM < paper.height - m + 1.5:
        return m, paper.width - m
    under, beside = (m + 2, end_x - 2), (end_x + 2, paper.width - m)
    return max(under, beside, key=lambda span: span[1] - span[0])


def _sheet_html(
    tile: Tile,
    paper: Paper,
    name: str,
    label: str,
    footer: tuple[float, float],
    *,
    right: bool,
    below: bool,
) -> str:
    """Crop marks at the corners of the printed region; a dashed tick where the sheet to the
    right (or below) is laid, if there is one; the label and the sheet's number beneath."""
    m = MARGIN_MM
    left, top = m, m
    end_x, end_y = m + tile.width_mm, m + tile.height_mm
    cut = CUT_MM
    marks = []
    for x in (left, end_x):
        marks.append(_line(x - 0.1, top - cut - 1, 0.2, cut))  # vertical, above
        marks.append(_line(x - 0.1, end_y + 1, 0.2, cut))  # vertical, below
    for y in (top, end_y):
        marks.append(_line(left - cut - 1, y - 0.1, cut, 0.2))  # horizontal, left
        marks.append(_line(end_x + 1, y - 0.1, cut, 0.2))  # horizontal, right
    if right:
        x = end_x - OVERLAP_MM
        marks.append(
            f"<div class='o' style='left:{x:.2f}mm;top:2mm;height:{m - 3}mm;"
            "border-left-width:0.3mm'></div>"
        )
    if below:
        y = end_y - OVERLAP_MM
        marks.append(
            f"<div class='o' style='top:{y:.2f}mm;left:2mm;width:{m - 3}mm;"
            "border-top-width:0.3mm'></div>"
        )
    start, stop = footer
    return (
        f"<section class='sheet' style='page:{name};width:{paper.width}mm;"
        f"height:{paper.height}mm'>"
        + "".join(marks)
        + f"<div class='label' style='left:{start:.2f}mm;top:{paper.height - m + 2.5:.2f}mm;"
        f"width:{max(stop - start - NUMBER_MM, 0):.1f}mm'>{label}</div>"
        f"<div class='big' style='right:{paper.width - stop:.2f}mm;"
        f"top:{paper.height - m + 1.8:.2f}mm'>{tile.row},{tile.column}</div></section>"
    )


def _line(x: float, y: float, w: float, h: float) -> str:
    return (
        f"<div class='m' style='left:{x:.2f}mm;top:{y:.2f}mm;width:{w:.2f}mm;"
        f"height:{h:.2f}mm'></div>"
    )
