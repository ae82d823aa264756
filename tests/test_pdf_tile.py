"""Where a page puts ink, for `journeymap pdf --tile`."""

from __future__ import annotations

import io
from pathlib import Path

import click
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from generator.cli import cli
from generator.pdf_ink import ink

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
