"""The book of every journey, assembled from the posters already rendered.

Laying every map out a second time for the book would double the cost of a
build. Instead WeasyPrint lays out only the cover, the contents and one empty
page per poster page (with the journeys' ids and bookmark titles, so CSS
`target-counter()` and `bookmark-level` still make the page numbers and the
outline); pikepdf then draws each poster page onto its empty page, and the
poster's structure tree goes with it into the slot's section (pdf/structure.py):
the book is as tagged as its parts.
"""

from __future__ import annotations

import io
from contextlib import nullcontext
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, OutlineItem, Page, String

from generator.pdf.structure import Graft, kids_of
from generator.pdf.tile import page_as_form, saved


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has. pdfium reads the page tree alone: a millisecond a
    poster, where opening one with pikepdf takes six."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def assemble(skeleton: bytes, parts: tuple[Path, ...]) -> bytes:
    """Draw the pages of `parts`, in order, onto the skeleton's last pages."""
    with pikepdf.open(io.BytesIO(skeleton)) as book:
        # the posters' pages counted first, so that each poster is opened once and let go
        # once drawn: a book of every journey would otherwise hold them all at a time
        slot = len(book.pages) - sum(page_count(part) for part in parts)
        if slot < 0:
            raise ValueError("the book has fewer pages than its posters")
        graft = Graft(book)
        sections = _sections(book) if graft.tagged else {}
        for number, part in enumerate(parts):
            with pikepdf.open(part) as poster:
                for index, page in enumerate(poster.pages):
                    target = book.pages[slot]
                    form = page_as_form(book, page)
                    _draw_onto(target, form, Name(f"/JMPage{slot}"))
                    section = sections.get(target.obj.objgen)
                    if section is not None:
                        graft.page(poster, index, form, target, section, f"b{number}-")
                    slot += 1
        return saved(book)


def concatenate(parts: list[Path], titles: list[str]) -> bytes:
    """Several tagged PDFs in one, a bookmark and a section of the structure tree each:
    each page drawn as a form onto a page of its size, its elements grafted into that
    section. Title, language and the structure's marks come from the first part."""
    with pikepdf.open(parts[0]) as first, pikepdf.new() as merged:
        document: Object | None = None
        if "/StructTreeRoot" in first.Root:
            root = merged.make_indirect(Dictionary(Type=Name.StructTreeRoot))
            root.ParentTree = merged.make_indirect(Dictionary(Nums=Array()))
            document = merged.make_indirect(_element(Name.Document, root))
            root.K = Array([document])
            merged.Root.StructTreeRoot = root
            merged.Root.MarkInfo = Dictionary(Marked=True)
        graft = Graft(merged)
        with merged.open_outline() as outline:
            for number, (part, title) in enumerate(zip(parts, titles, strict=True)):
                start = len(merged.pages)
                section: Object | None = None
                with nullcontext(first) if number == 0 else pikepdf.open(part) as source:
                    for index, page in enumerate(source.pages):
                        box = pikepdf.Rectangle(page.mediabox)
                        target = merged.add_blank_page(page_size=(box.width, box.height))
                        form = page_as_form(merged, page)
                        _draw_onto(target, form, Name("/JMPage"))
                        if document is not None:
                            if section is None:
                                section = merged.make_indirect(
                                    _element(Name.Sect, document, target)
                                )
                                document.K.append(section)
                            graft.page(source, index, form, target, section, f"m{number}-")
                outline.root.append(OutlineItem(title, start))
        own = str(first.docinfo.get("/Title", ""))
        merged.docinfo[Name.Title] = own if len(titles) > 1 and own else titles[0]
        merged.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if "/Lang" in first.Root:
            merged.Root.Lang = String(str(first.Root.Lang))
        return saved(merged, first)


def _element(kind: Name, parent: Object, page: Page | None = None) -> Dictionary:
    element = Dictionary(Type=Name.StructElem, S=kind, P=parent, K=Array())
    if page is not None:
        element.Pg = page.obj
    return element


def _sections(book: pikepdf.Pdf) -> dict[tuple[int, int], Object]:
    """The skeleton's top-level elements by the page they begin on: a slot's section."""
    found: dict[tuple[int, int], Object] = {}
    for top in kids_of(book.Root.StructTreeRoot.get("/K")):
        if not isinstance(top, Dictionary):
            continue
        for kid in kids_of(top.get("/K")):
            # a marked-content id or a kid written direct cannot be a slot's section
            section = isinstance(kid, Dictionary) and kid.is_indirect and "/Pg" in kid
            if section and kid.get("/S") == Name.Sect:
                found.setdefault(kid.Pg.objgen, kid)
    return found


def _draw_onto(target: Page, form: Object, name: Name) -> None:
    """Add a form XObject over a page's own content (its page number) without parsing either.

    By hand rather than with `Page.add_overlay`, which names the form at random: the
    same posters make the same book, byte for byte."""
    target.add_resource(form, Name.XObject, name)
    target.contents_add(b"q\n", prepend=True)
    target.contents_add(b"\nQ q " + name.unparse() + b" Do Q\n")
