"""The book of every journey, assembled from the posters already rendered.

Laying every map out a second time for the book would double the cost of a
build. Instead WeasyPrint lays out only the cover, the contents and one empty
page per poster page (with the journeys' ids and bookmark titles, so CSS
`target-counter()` and `bookmark-level` still make the page numbers and the
outline); pypdf then draws each poster page onto its empty page.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def assemble(skeleton: bytes, parts: tuple[Path, ...]) -> bytes:
    """Fill the skeleton's last pages with the pages of `parts`, in order."""
    writer = PdfWriter(clone_from=io.BytesIO(skeleton))
    readers = [PdfReader(part) for part in parts]
    slot = len(writer.pages) - sum(len(reader.pages) for reader in readers)
    if slot < 0:
        raise ValueError("the book has fewer pages than its posters")
    for reader in readers:
        for page in reader.pages:
            # a poster's links point at its own anchors, which the book does not have
            if "/Annots" in page:
                del page[NameObject("/Annots")]
            writer.pages[slot].merge_page(page)
            slot += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
