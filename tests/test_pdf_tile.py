"""`journeymap pdf --tile`: a poster cut into office sheets, checked as the person who
prints and tapes them would: no empty sheet, every printed part on some sheet, the
overlaps where the footer says, the footer in the site's language; and `-o -`."""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from generator.cli import cli
from generator.commands import pdf as pdf_command
from generator.pdf.grid import width_mm
from generator.pdf.labels import print_labels
from generator.pdf.layout import parse_paper
from generator.pdf.tile import (
    FOOTER_PT,
    Box,
    Ink,
    Tile,
    _label,
    best_sheet,
    ink_of,
    needs_tiling,
    plan,
    printed,
)
from tests.conftest import WriteRoot
from tests.tools import need

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
MM = 72 / 25.4
MARGIN, OVERLAP = 10.0, 10.0  # what docs/cli.md promises: 10 mm margins, 10 mm overlaps
DPI = 36


def footer_mm(text: str) -> float:
    """How wide the footer sets `text`."""
    return width_mm(text, FOOTER_PT)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- where a page puts ink -----------------------------------------------------------------


def page_drawing(content: bytes, width: float = 200, height: float = 100) -> bytes:
    """A one-page PDF, `width` x `height` pt, whose content stream is `content`, with
    Helvetica as /F1."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=width, height=height)
    helvetica = {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica"}
    font = DictionaryObject({NameObject(k): NameObject(v) for k, v in helvetica.items()})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def boxes_drawn(width_mm: float, height_mm: float, boxes: list[Box]) -> Ink:
    """The ink of a page of this size with black boxes on it (mm from its top left)."""
    content = "".join(
        f"0 g {x0 * MM:.3f} {(height_mm - y1) * MM:.3f} {(x1 - x0) * MM:.3f} "
        f"{(y1 - y0) * MM:.3f} re f\n"
        for x0, y0, x1, y1 in boxes
    )
    (ink,) = ink_of(page_drawing(content.encode(), width_mm * MM, height_mm * MM))
    return ink


def at(ink: Ink, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether there is ink in this rectangle of a page 100 pt high, in pt from its bottom
    left as a content stream places things."""
    return ink.within((x0 / MM, (100 - y1) / MM, x1 / MM, (100 - y0) / MM))


def test_ink_is_what_the_page_prints_darker_than_paper() -> None:
    (ink,) = ink_of(
        page_drawing(
            b"1 1 1 rg 0 0 200 100 re f\n"  # a white background: no ink
            b"0.99 0.99 0.99 rg 0 0 100 100 re f\n"  # a tint no printer puts toner for
            b"0.2 0.3 0.4 rg 10 20 30 5 re f\n"  # a filled box
            b"q 0.9 G 0.1 w 120 90 m 190 90 l S Q\n"  # a light hairline
            b"20 20 30 30 re W n 0 g 60 60 10 10 re f\n"  # clipped away entirely
            b"10 10 10 10 re n\n"  # a path never painted
        )
    )
    assert (ink.width_mm, ink.height_mm) == (pytest.approx(200 / MM), pytest.approx(100 / MM))
    assert at(ink, 10, 20, 40, 25)  # the box
    assert not at(ink, 0, 0, 100, 19)  # the tint, and the path never painted
    assert not at(ink, 41, 0, 110, 100)  # the tint, and the box clipped away
    assert at(ink, 150, 85, 160, 95)  # the hairline
    assert not at(ink, 110, 0, 200, 85)


def test_text_is_ink_where_it_is_set_and_invisible_text_is_not() -> None:
    (ink,) = ink_of(
        page_drawing(
            b"BT /F1 10 Tf 1 0 0 1 50 40 Tm (Hi) Tj ET\n"
            b"BT /F1 10 Tf 3 Tr 1 0 0 1 150 40 Tm (no) Tj ET\n"  # mode 3: not painted
        )
    )
    assert at(ink, 50, 40, 62, 48)
    assert not at(ink, 0, 0, 49, 100)
    assert not at(ink, 65, 0, 200, 100)


# -- the footer ----------------------------------------------------------------------------


def test_the_footer_gives_up_the_advice_then_the_title_never_the_place() -> None:
    tile = Tile(2, 3, 2, 4, 0, 0, 100, 100)
    en = print_labels("en")
    title = "Onboarding of a new supplier for the whole group"
    place = "sheet 2 of 3 · row 2 of 2, column 3 of 4"
    whole = f"{title} · {place} · trim top and left at the marks, overlap 10 mm"
    assert _label(1, tile, title, 3, en, footer_mm(whole)) == whole
    assert _label(1, tile, title, 3, en, footer_mm(whole) - 1) == f"{title} · {place}"
    shortened = _label(1, tile, title, 3, en, footer_mm(f"{title} · {place}") - 1)
    assert shortened == f"Onboarding of a new supplier for the whole… · {place}"
    assert _label(1, tile, title, 3, en, footer_mm(place) + 5) == place
    # a poster of one page: no sheet number
    assert _label(0, tile, title, 1, en, 250).startswith(f"{title} · row 2 of 2, column 3 of 4 · ")


ITALIAN = {
    "site.yaml": """
        title: Percorsi dei clienti
        language: it
    """,
    "acquisto.yaml": """
        title: Acquisto di un'auto usata
        stages:
          - name: Consapevolezza
            steps:
              - title: Cerca un'auto più economica
                emotion: -1
          - name: Considerazione
            steps:
              - title: Telefona all'agenzia
                emotion: -2
    """,
}


def test_the_sheets_speak_the_sites_language(write_root: WriteRoot, tmp_path: Path) -> None:
    root = write_root(ITALIAN)
    out = tmp_path / "it.pdf"
    result = run(
        "pdf", "acquisto", "--root", str(root), "--paper", "A2", "--tile", "A4", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    assert len(texts) >= 2
    assert re.search(
        r"Acquisto di un'auto usata · riga 1 di \d, colonna 1 di \d · "
        r"tagliate in alto e a sinistra sui segni, sovrapposizione 10 mm",
        texts[0],
    )
    for text in texts:  # a narrow sheet may leave the advice out, never its place
        assert re.search(r"Acquisto di un'auto usata · riga \d di \d, colonna \d di \d", text)
        assert "row" not in text and "trim" not in text


# -- which sheets are printed ----------------------------------------------------------------


def test_sheets_with_nothing_on_them_are_left_out_and_the_rest_keep_their_place() -> None:
    sheet = parse_paper("A4", "portrait")
    tiles = plan(594, 420, sheet)  # an A2 poster: 4 columns, 2 rows
    # top left, and a dot low on the right
    kept = printed(tiles, boxes_drawn(594, 420, [(20, 20, 200, 60), (560, 300, 570, 310)]))
    assert [(t.row, t.column, t.rows, t.columns) for t in kept] == [
        (1, 1, 2, 4),
        (1, 2, 2, 4),  # the box runs 20 mm into it
        (2, 4, 2, 4),
    ]
    # the grid ends with the last printed row and column
    top_left = boxes_drawn(594, 420, [(20, 20, 30, 30)])
    assert [(t.rows, t.columns) for t in printed(tiles, top_left)] == [(1, 1)]
    # a poster with no ink at all still gives its first sheet
    assert [(t.row, t.column) for t in printed(tiles, boxes_drawn(594, 420, []))] == [(1, 1)]


def test_ink_in_an_overlap_is_left_to_the_neighbour_that_holds_it_whole() -> None:
    tiles = plan(594, 420, parse_paper("A4", "portrait"))
    # column 2 starts at 180 mm; a rule ending less than 0.5 mm into it is printed whole on
    # column 1 (0..190 mm); one reaching a pixel (0.35 mm) further is on both
    for end, columns in ((180.45, [1]), (180.9, [1, 2])):
        ink = boxes_drawn(594, 420, [(20, 20, end, 21)])
        assert [t.column for t in printed(tiles, ink)] == columns, end


def test_the_orientation_is_chosen_by_the_sheets_printed() -> None:
    # an A0 landscape poster with its map in the top 45 %: 5 x 5 landscape sheets
    # (15 printed) or 7 x 4 portrait sheets (14 printed)
    top = boxes_drawn(1189, 841, [(10, 10, 1179, 384)])
    assert best_sheet(1189, 841, parse_paper("A4"), top).landscape is False
    assert best_sheet(1189, 841, parse_paper("A4")).landscape is True  # all 25 against 28


# -- the sheets printed, end to end ------------------------------------------------------


@dataclass
class Printed:
    poster: Path
    tiled: Path


CASES = {
    # an A0 and an A1 map on A4, landscape and portrait, and a blank
    # map of three sheets on A4
    "A0-landscape": ("b2b/first-purchase", "A0", "landscape", False),
    "A1-portrait": ("b2b/first-purchase", "A1", "portrait", False),
    "A3-blank": ("b2b/first-purchase", "A3", "landscape", True),
    # a short map, which leaves most of an A0 sheet empty
    "A0-short": ("workshop/blank-map", "A0", "landscape", False),
}
# the cases whose posters leave whole sheets without ink (the others fill their paper)
ROOM_TO_SPARE = {"A0-short"}


@pytest.fixture(scope="module")
def printed_maps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Printed]]:
    """Each case printed twice, as a poster and tiled on A4 (once for the whole module)."""
    base = tmp_path_factory.mktemp("tiles")
    root = base / "journeys"
    shutil.copytree(EXAMPLE, root)
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795392000")
        for name, (journey, paper, orientation, blank) in CASES.items():
            common = [journey, "--root", str(root), "--paper", paper, "--orientation", orientation]
            common += ["--blank"] if blank else []
            made[name] = Printed(base / f"{name}.pdf", base / f"{name}-tiled.pdf")
            for args in (
                ["-o", str(made[name].poster)],
                ["--tile", "A4", "-o", str(made[name].tiled)],
            ):
                result = run("pdf", *common, *args)
                assert result.exit_code == 0, result.output
    yield made


@dataclass(frozen=True)
class Sheet:
    number: int  # its page in the tiled PDF
    poster_page: int
    row: int
    column: int
    rows: int
    columns: int
    width: float  # mm
    height: float


def _runs(page: PageObject) -> list[str]:
    """The page's text as the PDF draws it, one run of glyphs at a time."""
    runs: list[str] = []
    page.extract_text(visitor_text=lambda text, *_: runs.append(" ".join(text.split())))
    return runs


def sheets(pdf: Path) -> list[Sheet]:
    """What each page's footer says it is, and its paper."""
    reader = PdfReader(pdf)
    found = []
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(_text(pdf, number, "-layout").split())
        place = re.search(r"row (\d+) of (\d+), column (\d+) of (\d+)", text)
        if place is None:
            # the map's words on the footer's height are laid out into its line: in the
            # order of reading, the footer's words stay together
            text = " ".join(_text(pdf, number).split())
            place = re.search(r"row (\d+) of (\d+), column (\d+) of (\d+)", text)
        if place is None:
            # a word of the map cut at the sheet's foot may run on under the footer, glyph
            # beside glyph: the footer read as the one line the PDF draws it in
            text = next((line for line in _runs(page) if " · row " in line), text)
            place = re.search(r"row (\d+) of (\d+), column (\d+) of (\d+)", text)
        assert place, text
        poster_page = re.search(r"· sheet (\d+) of \d+ ·", text)
        row, rows, column, columns = (int(v) for v in place.groups())
        width = float(page.mediabox.width) / MM
        height = float(page.mediabox.height) / MM
        page_number = int(poster_page.group(1)) if poster_page else 1
        found.append(Sheet(number, page_number, row, column, rows, columns, width, height))
    return found


def _text(pdf: Path, page: int, *options: str) -> str:
    return subprocess.run(
        [need("pdftotext"), *options, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@dataclass
class Gray:
    """A page rendered by poppler, 8-bit gray, one byte a pixel."""

    width: int
    height: int
    pixels: bytes

    def extent(self) -> tuple[float, float, float, float]:
        """Where the ink lies (mm from the top left): its first and last inked pixels."""
        lines = [
            y
            for y in range(self.height)
            if min(self.pixels[y * self.width : (y + 1) * self.width]) < 250
        ]
        columns = [x for x in range(self.width) if min(self.pixels[x :: self.width]) < 250]
        mm = 25.4 / DPI
        return (columns[0] * mm, lines[0] * mm, (columns[-1] + 1) * mm, (lines[-1] + 1) * mm)

    def inked(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether anything darker than paper lies in this rectangle (mm from top left)."""
        scale = DPI / 25.4
        left, right = max(0, math.ceil(x0 * scale)), min(self.width, math.floor(x1 * scale))
        top, bottom = max(0, math.ceil(y0 * scale)), min(self.height, math.floor(y1 * scale))
        return any(
            min(self.pixels[y * self.width + left : y * self.width + right], default=255) < 250
            for y in range(top, bottom)
        )


def rendered(pdf: Path, page: int) -> Gray:
    out = subprocess.run(
        [need("pdftoppm"), "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    assert match, out[:20]
    return Gray(int(match[1]), int(match[2]), out[match.end() :])


@pytest.mark.poppler
@pytest.mark.parametrize("case", list(CASES))
def test_every_sheet_printed_has_part_of_the_map_and_every_part_is_printed(
    printed_maps: dict[str, Printed], case: str
) -> None:
    """The grid of each poster page, worked out from the sheets' size, the margins, the
    overlaps and where the page has ink alone (the grid is centred on the ink): a sheet
    is printed where the poster has ink, and only there."""
    maps = printed_maps[case]
    tiled = sheets(maps.tiled)
    posters = PdfReader(maps.poster).pages
    full_grids = 0
    positions = [(s.poster_page, s.row, s.column) for s in tiled]
    assert len(set(positions)) == len(positions)
    for number in range(1, len(posters) + 1):
        poster = rendered(maps.poster, number)
        on_page = [s for s in tiled if s.poster_page == number]
        assert on_page, f"poster page {number} has no sheet"
        width, height = on_page[0].width, on_page[0].height
        area_w, area_h = width - 2 * MARGIN, height - 2 * MARGIN
        poster_w = float(posters[number - 1].mediabox.width) / MM
        poster_h = float(posters[number - 1].mediabox.height) / MM
        printed_here = {(s.row, s.column) for s in on_page}
        assert max(r for r, _ in printed_here) == on_page[0].rows
        assert max(c for _, c in printed_here) == on_page[0].columns
        full_grids += math.ceil((poster_h - OVERLAP) / (area_h - OVERLAP) - 1e-9) * math.ceil(
            (poster_w - OVERLAP) / (area_w - OVERLAP) - 1e-9
        )
        ink_x0, ink_y0, ink_x1, ink_y1 = poster.extent()
        rows = math.ceil((ink_y1 - ink_y0 - OVERLAP) / (area_h - OVERLAP) - 1e-9)
        columns = math.ceil((ink_x1 - ink_x0 - OVERLAP) / (area_w - OVERLAP) - 1e-9)
        left = ink_x0 - (columns * (area_w - OVERLAP) + OVERLAP - (ink_x1 - ink_x0)) / 2
        top = ink_y0 - (rows * (area_h - OVERLAP) + OVERLAP - (ink_y1 - ink_y0)) / 2
        for row in range(1, rows + 1):
            for column in range(1, columns + 1):
                x = left + (column - 1) * (area_w - OVERLAP)
                y = top + (row - 1) * (area_h - OVERLAP)
                x1, y1 = min(x + area_w, poster_w), min(y + area_h, poster_h)
                where = f"page {number}, row {row}, column {column}"
                if (row, column) in printed_here:
                    assert poster.inked(x + 0.3, y + 0.3, x1 - 0.3, y1 - 0.3), f"{where} is empty"
                else:
                    # ink reaching less than 0.5 mm in is its neighbour's; a pixel is 0.7 mm
                    assert not poster.inked(x + 1.5, y + 1.5, x1 - 1.5, y1 - 1.5), (
                        f"{where} is missing"
                    )
    if case in ROOM_TO_SPARE:
        assert len(tiled) < full_grids  # fewer than a grid over the whole page


@pytest.mark.poppler
@pytest.mark.parametrize("case", ["A0-landscape", "A1-portrait"])  # a blank map has few words
def test_neighbours_print_the_same_words_in_their_overlap(
    printed_maps: dict[str, Printed], case: str
) -> None:
    """A word wholly in a sheet's right (bottom) overlap is on the sheet to its right (below),
    at the place the marks say: moved by the printable width (height) less the overlap."""
    tiled = sheets(printed_maps[case].tiled)
    at = {(s.poster_page, s.row, s.column): s for s in tiled}
    compared = 0
    for sheet in tiled:
        area_w, area_h = sheet.width - 2 * MARGIN, sheet.height - 2 * MARGIN
        mine = _words(printed_maps[case].tiled, sheet.number)
        for step, shift in (((0, 1), (area_w - OVERLAP, 0.0)), ((1, 0), (0.0, area_h - OVERLAP))):
            neighbour = at.get((sheet.poster_page, sheet.row + step[0], sheet.column + step[1]))
            if neighbour is None:
                continue
            theirs = _words(printed_maps[case].tiled, neighbour.number)
            lo_x, lo_y = MARGIN + shift[0], MARGIN + shift[1]
            for word, x0, y0, x1, y1 in mine:
                in_overlap = (
                    x0 >= lo_x and y0 >= lo_y and x1 <= MARGIN + area_w and y1 <= MARGIN + area_h
                )
                if not in_overlap:
                    continue
                compared += 1
                assert any(
                    w == word
                    and abs(a - (x0 - shift[0])) < 0.05
                    and abs(b - (y0 - shift[1])) < 0.05
                    for w, a, b, _, _ in theirs
                ), f"{word!r} of sheet {sheet.number} is not on sheet {neighbour.number}"
    assert compared > 5


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        _text(pdf, page, "-bbox"),
    )
    return [
        (w, float(a) / MM, float(b) / MM, float(c) / MM, float(d) / MM) for a, b, c, d, w in found
    ]


# -- -o -: the PDF on standard output ------------------------------------------------------


def test_dash_writes_the_pdf_to_standard_output_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(tmp_path)
    result = run("pdf", "b2b/first-purchase", "service/support-ticket", "--root", "journeys",
                 "--tile", "A4", "-o", "-")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(result.stdout_bytes))
    assert [item.title for item in reader.outline] == [
        "First purchase of a management software",
        "Electronic invoices rejected at month end",
    ]
    # standard error says which paper holds each map on one sheet, and nothing else
    assert all(line.endswith(" holds it") for line in result.stderr.splitlines())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]  # no file named -


def test_dash_will_not_write_a_pdf_to_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(pdf_command, "binary_stdout", lambda: screen)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLE, tmp_path / "journeys")
    result = run("pdf", "b2b/first-purchase", "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: -o -: not writing a PDF to a terminal; send it to a file or a program "
        "(-o - > map.pdf, -o - | lp), or name a file with -o\n"
    )
    assert screen.getvalue() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]


def test_dash_through_a_pipe_as_a_user_runs_it(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "journeys")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "pdf", "workshop/blank-map", "-o", "-"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(io.BytesIO(done.stdout)).pages) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]


# -- a tile paper as large as the poster ----------------------------------------------------


@pytest.mark.parametrize(
    ("poster", "sheet", "tiled"),
    [
        (("A0", "landscape"), ("A4", "portrait"), True),
        (("A4", "landscape"), ("A3", "portrait"), False),
        (("A4", "landscape"), ("A4", "portrait"), False),  # as large as the poster
        (("A3", "portrait"), ("A4", "landscape"), True),
    ],
)
def test_a_sheet_as_large_as_the_poster_needs_no_tiling(
    poster: tuple[str, str], sheet: tuple[str, str], tiled: bool
) -> None:
    assert needs_tiling(parse_paper(*poster), parse_paper(*sheet)) is tiled


def test_a_tile_no_smaller_than_the_poster_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    for tile in ("A3", "A4"):
        result = run(
            "pdf", "b2b/first-purchase", "--root", str(root), "--paper", "A4", "--tile", tile,
            "-o", str(tmp_path / "x.pdf"),
        )  # fmt: skip
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            f"Error: --tile {tile}: the A4 poster fits on one {tile} sheet, there is nothing "
            "to tile; print it without --tile, or choose a larger --paper\n"
        )
    assert not (tmp_path / "x.pdf").exists()


def _legend_words(poster: Path) -> set[str]:
    """The words of the poster's legends, at the foot of each sheet: what follows
    "Legend" on the line it begins (pdftotext -layout keeps a line's words together)."""
    words: set[str] = set()
    for line in _text(poster, 1, "-layout").splitlines():
        if "Legend" in line:
            words |= set(line[line.index("Legend") :].split())
    return words


@pytest.mark.poppler
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize(
    "journey", ["b2b/first-purchase", "ecommerce/cart-abandonment", "service/support-ticket"]
)
def test_no_row_of_sheets_carries_the_legend_alone(
    tmp_path: Path, journey: str, orientation: str
) -> None:
    """An A1 poster on A4: every row of sheets holds some of the map itself."""
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    poster, tiled = tmp_path / "poster.pdf", tmp_path / "tiled.pdf"
    common = ["pdf", journey, "--root", str(root), "--paper", "A1", "--orientation", orientation]
    assert run(*common, "-o", str(poster)).exit_code == 0
    assert run(*common, "--tile", "A4", "-o", str(tiled)).exit_code == 0
    legend = _legend_words(poster)
    assert "Legend" in legend
    rows: dict[int, set[str]] = {}
    for sheet in sheets(tiled):
        text = _text(tiled, sheet.number)
        # the sheet's own footer (its title and place) is not the poster's
        words = [w for line in text.splitlines() if " · row " not in line for w in line.split()]
        rows.setdefault(sheet.row, set()).update(words)
    assert len(rows) > 1
    for row, words in sorted(rows.items()):
        assert words - legend, f"row {row} of {len(rows)} holds only the legend: {sorted(words)}"


@pytest.mark.parametrize("bottom", [300.0, 548.0, 555.0, 570.0, 584.0])
def test_the_grid_is_centred_on_the_ink_so_the_last_row_holds_a_good_part_of_it(
    bottom: float,
) -> None:
    """A1 landscape on A4: the map and its legend end at `bottom` (a legend 8 mm high). A
    grid from the page's corner put its last row at 540 mm, where a map ending at 538 mm
    (its legend at 548 mm) left that row the legend alone; centred on the ink, the first
    and the last row each hold more than half a row's height of it."""
    a4 = parse_paper("A4", "landscape")
    step_h = a4.height - 2 * MARGIN - OVERLAP
    extent = (10.0, 10.0, 831.0, bottom)
    tiles = plan(841, 594, a4, extent)
    rows = {tile.y_mm for tile in tiles}
    assert len(rows) == math.ceil((bottom - 10 - OVERLAP) / step_h - 1e-9)
    first, last = min(rows), max(rows)
    assert first <= extent[1] and last + a4.height - 2 * MARGIN >= bottom  # all of it covered
    assert bottom - last > step_h / 2 and first + a4.height - 2 * MARGIN - extent[1] > step_h / 2
    assert bottom - last > 8 + OVERLAP  # more than the legend: some of the map
