"""The book of every journey, assembled from the posters already rendered.

Laying every map out a second time for the book would double the cost of a
build. Instead WeasyPrint lays out only the cover, the contents and one empty
page per poster page (with the journeys' ids and bookmark titles, so CSS
`target-counter()` and `bookmark-level` still make the page numbers and the
outline); pypdf then draws each poster page onto its empty page, and the
poster's structure tree goes with it into the slot's section (pdf/structure.py):
the book is as tagged as its parts.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from generator.pdf.structure import Graft
from generator.pdf.tile import page_as_form


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has. pdfium reads the page tree alone; pypdf parses every
    object of a stream to reach it, a tagged poster's thousand structure elements
    (about 0.1 s a poster, in the parent, before the book can start)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def assemble(skeleton: bytes, parts: tuple[Path, ...]) -> bytes:
    """Draw the pages of `parts`, in order, onto the skeleton's last pages."""
    writer = PdfWriter(clone_from=io.BytesIO(skeleton))
    readers = [PdfReader(part) for part in parts]
    slot = len(writer.pages) - sum(len(reader.pages) for reader in readers)
    if slot < 0:
        raise ValueError("the book has fewer pages than its posters")
    graft = Graft(writer)
    sections = _sections(writer) if graft.tagged else {}
    for number, reader in enumerate(readers):
        for index, page in enumerate(reader.pages):
            target: Any = writer.pages[slot]
            form = page_as_form(writer, page)
            _draw_onto(writer, target, form, f"/JMPage{slot}")
            section = sections.get(target.indirect_reference.idnum)
            if section is not None:
                graft.page(reader, index, form, target.indirect_reference, section, f"b{number}-")
            slot += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def concatenate(parts: list[Path], titles: list[str]) -> bytes:
    """Several tagged PDFs in one, a bookmark and a section of the structure tree each:
    each page drawn as a form onto a page of its size, its elements grafted into that
    section. Title, language and the structure's marks come from the first part."""
    writer = PdfWriter()
    first = PdfReader(parts[0])
    catalog: Any = first.trailer["/Root"]
    tagged = "/StructTreeRoot" in catalog
    document: Any = None
    if tagged:
        root: Any = writer._add_object(
            DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        )
        tree = DictionaryObject({NameObject("/Nums"): ArrayObject()})
        root.get_object()[NameObject("/ParentTree")] = writer._add_object(tree)
        document = writer._add_object(_element("/Document", root))
        root.get_object()[NameObject("/K")] = ArrayObject([document])
        writer.root_object[NameObject("/StructTreeRoot")] = root
        writer.root_object[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
    graft = Graft(writer)
    for number, (part, title) in enumerate(zip(parts, titles, strict=True)):
        reader = first if number == 0 else PdfReader(part)
        start = len(writer.pages)
        section: Any = None
        for index, page in enumerate(reader.pages):
            target: Any = writer.add_page(
                PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
            )
            form = page_as_form(writer, page)
            _draw_onto(writer, target, form, "/JMPage")
            if document is not None:
                if section is None:
                    section = writer._add_object(_element("/Sect", document, target))
                    document.get_object()["/K"].append(section)
                graft.page(reader, index, form, target.indirect_reference, section, f"m{number}-")
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata(
        {
            "/Title": titles[0]
            if len(titles) == 1
            else str(first.metadata.title if first.metadata and first.metadata.title else titles[0])
        }
    )
    writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    if "/Lang" in catalog:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(catalog["/Lang"]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _element(kind: str, parent: IndirectObject, page: Any = None) -> DictionaryObject:
    element = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject(kind),
            NameObject("/P"): parent,
            NameObject("/K"): ArrayObject(),
        }
    )
    if page is not None:
        element[NameObject("/Pg")] = page.indirect_reference
    return element


def _sections(writer: PdfWriter) -> dict[int, IndirectObject]:
    """The skeleton's top-level elements by the page they begin on: a slot's section."""
    root: Any = writer.root_object["/StructTreeRoot"].get_object()
    found: dict[int, IndirectObject] = {}
    for top in root["/K"]:
        for kid in top.get_object()["/K"]:
            element: Any = kid.get_object()
            if (
                isinstance(kid, IndirectObject)
                and element.get("/S") == "/Sect"
                and "/Pg" in element
            ):
                found.setdefault(element.raw_get("/Pg").idnum, kid)
    return found


def _draw_onto(writer: PdfWriter, target: PageObject, form: IndirectObject, name: str) -> None:
    """Add a form XObject over a page's own content (its page number) without parsing either:
    pypdf's merge_page parses and rewrites both content streams, seconds per poster page."""
    resources = target.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    target[NameObject("/Resources")] = resources
    contents = ArrayObject([_stream(writer, b"q")])
    existing = target.get("/Contents")
    if existing is not None:
        inner = existing.get_object()
        contents.extend(inner if isinstance(inner, ArrayObject) else [existing])
    contents.append(_stream(writer, f"Q q {name} Do Q".encode("ascii")))
    target[NameObject("/Contents")] = contents


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)
