"""`journeymap pdf --tile`: where a page puts ink, and the sheets' footers in the site's
language."""

from __future__ import annotations

import io
import re
from pathlib import Path

import click
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from generator.cli import cli
from generator.pdf_ink import ink
from generator.pdf_labels import print_labels
from generator.pdf_tile import Tile, _label, _width_mm
from tests.conftest import WriteRoot

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
MM = 72 / 25.4
MARGIN, OVERLAP = 10.0, 10.0  # what docs/cli.md promises: 10 mm margins, 10 mm overlaps
DPI = 36


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- where a page puts ink -----------------------------------------------------------------


def page_drawing(content: bytes, width: float = 200, height: float = 100) -> PdfReader:
    """A one-page PDF, `width` x `height` pt, whose content stream is `content`."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=width, height=height)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


def test_ink_is_what_is_painted_other_than_white() -> None:
    page = page_drawing(
        b"1 1 1 rg 0 0 200 100 re f\n"  # a white background: no ink
        b"0.2 0.3 0.4 rg 10 20 30 5 re f\n"  # a filled box
        b"q 2 0 0 2 100 0 cm 0 0 0 RG 1 w 0 10 m 20 10 l S Q\n"  # a line, scaled and moved
        b"20 20 30 30 re W n 0 g 60 60 10 10 re f\n"  # clipped away entirely
        b"10 10 10 10 re n\n"  # a path never painted
    ).pages[0]
    assert [tuple(round(v, 3) for v in box) for box in ink(page)] == [
        (10, 20, 40, 25),
        (99, 19, 141, 21),  # half the line's width each side, at twice the scale
    ]


def test_text_is_ink_where_it_is_set_and_invisible_text_is_not() -> None:
    font = b"/F1 10 Tf "
    page = page_drawing(
        b"BT " + font + b"1 0 0 1 50 40 Tm (Hi) Tj ET\n"
        b"BT " + font + b"3 Tr 1 0 0 1 150 40 Tm (no) Tj ET\n"  # mode 3: not painted
    ).pages[0]
    boxes = ink(page)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert (x0, round(y0), round(y1)) == (50, 37, 50)  # from its baseline, down and up
    assert 50 < x1 <= 70  # two glyphs of at most an em each


# -- the footer ----------------------------------------------------------------------------


def test_the_footer_gives_up_the_advice_then_the_title_never_the_place() -> None:
    tile = Tile(2, 3, 2, 4, 0, 0, 100, 100)
    en = print_labels("en")
    title = "Onboarding of a new supplier for the whole group"
    place = "sheet 2 of 3 · row 2 of 2, column 3 of 4"
    whole = f"{title} · {place} · trim top and left at the marks, overlap 10 mm"
    assert _label(1, tile, title, 3, en, _width_mm(whole)) == whole
    assert _label(1, tile, title, 3, en, _width_mm(whole) - 1) == f"{title} · {place}"
    shortened = _label(1, tile, title, 3, en, _width_mm(f"{title} · {place}") - 1)
    assert shortened == f"Onboarding of a new supplier for the whole… · {place}"
    assert _label(1, tile, title, 3, en, _width_mm(place) + 5) == place
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
