"""The lean user-agent stylesheet: the same PDF, fewer styles computed."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from generator.common.paths import packaged_templates
from generator.pdf.lean import NOTES, page_areas, print_html

LISTS = """<!doctype html><html lang="it"><body>
<ol><li>primo perché</li><li>secondo già</li></ol>
<ul><li>qualità</li></ul><p>Città</p></body></html>"""
FOOTNOTE = """<!doctype html><html lang="it"><body>
<p>Attesa<span style="float: footnote">Nota a piè di pagina</span> lunga.</p></body></html>"""


def text_of(markup: str, *, notes: bool) -> str:
    pdf = print_html(string=markup, notes=notes, base_url=None).write_pdf()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def computed_styles(document: Any) -> list[tuple[object, object]]:
    """Each style WeasyPrint computes while laying the document out: what it is for (an
    element, or a page type) and its pseudo-element or page area (None: the thing itself)."""
    from weasyprint.css import StyleFor

    computed: list[tuple[object, object]] = []
    original = StyleFor.set_computed_styles

    def spy(self: StyleFor, element: object, *args: object, **kwargs: object) -> None:
        computed.append((element, kwargs.get("pseudo_type")))
        original(self, element, *args, **kwargs)

    StyleFor.set_computed_styles = spy  # type: ignore[method-assign]
    try:
        document.render()
    finally:
        StyleFor.set_computed_styles = original  # type: ignore[method-assign]
    return computed


def styled_pseudo_elements(markup: str, *, notes: bool) -> set[str]:
    """The pseudo-elements of the document's elements (not its pages') given a style."""
    document = print_html(string=markup, notes=notes, base_url=None)
    return {
        str(pseudo)
        for element, pseudo in computed_styles(document)
        if pseudo and hasattr(element, "tag")
    }


def test_list_markers_are_drawn_as_before() -> None:
    lean = text_of(LISTS, notes=False)
    assert lean == text_of(LISTS, notes=True)
    assert "1." in lean and "2." in lean and "•" in lean


def test_elements_that_are_not_list_items_get_no_pseudo_element_styles() -> None:
    assert "note-call" in styled_pseudo_elements(LISTS, notes=True)
    assert styled_pseudo_elements(LISTS, notes=False) == {"marker"}


def test_a_document_with_a_footnote_keeps_the_rules_that_number_it() -> None:
    assert NOTES.search(FOOTNOTE)
    kept = text_of(FOOTNOTE, notes=True)
    assert "Attesa1" in kept.replace(" ", "")
    assert "1.Notaapièdipagina" in kept.replace(" ", "")


def test_a_footnote_the_search_missed_is_laid_out_with_the_full_rules(tmp_path: Path) -> None:
    from generator.pdf.render import Document, render_document

    hidden = FOOTNOTE.replace('style="float: footnote"', 'class="nota"')
    assert not NOTES.search(hidden)
    imported = tmp_path / "notes.css"
    imported.write_text(".nota { float: footnote }", encoding="utf-8")
    sheet = tmp_path / "print.css"
    sheet.write_text(f'@import "{imported.name}";', encoding="utf-8")
    base = tmp_path.as_uri() + "/"
    document = Document("x.pdf", hidden, base, (tmp_path,), "x", stylesheets=(sheet,))
    outcome = render_document(document, tmp_path / "x.pdf")
    text = PdfReader(outcome.path).pages[0].extract_text().replace(" ", "")
    assert "Attesa1" in text


def test_journey_text_alone_does_not_ask_for_them() -> None:
    assert not NOTES.search("<p>Le note del cliente, e le sue annotazioni</p>")


NUMBERED = """<!doctype html><html lang="it"><head><style>
@page { @bottom-right { content: "Pagina " counter(page) } }
</style></head><body><p>Città</p></body></html>"""


def page_styles(markup: str, areas: frozenset[str] | None) -> int:
    """How many styles WeasyPrint computes for the document's pages and their areas."""
    document = print_html(string=markup, notes=False, areas=areas, base_url=None)
    return sum(1 for element, _ in computed_styles(document) if not hasattr(element, "tag"))


def test_the_page_areas_a_document_names_are_the_ones_it_keeps() -> None:
    assert page_areas(NUMBERED) == {"bottom-right"}
    assert page_areas("h1 { string-set: title content() }") == frozenset()
    assert page_areas("header { position: running(top) }") == {"note-area"}
    assert page_areas('@import "more.css";', NUMBERED) is None  # cannot be read: all
    # CSS names at-rules and functions in any case, and so does WeasyPrint
    assert page_areas("@page { @Bottom-Center { content: 'x' } }") == {"bottom-center"}
    assert page_areas("header { position: RUNNING(top) }") == {"note-area"}
    assert page_areas('@IMPORT "more.css";') is None


def test_a_margin_box_the_document_names_is_drawn_and_the_others_cost_nothing() -> None:
    every = text_of(NUMBERED, notes=False)
    assert "Pagina 1" in every
    named = print_html(string=NUMBERED, notes=False, areas=page_areas(NUMBERED), base_url=None)
    pdf = named.write_pdf()
    assert "Pagina 1" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # each page's sixteen margin boxes and two areas had a style of their own each
    assert page_styles(NUMBERED, page_areas(NUMBERED)) < page_styles(NUMBERED, None) - 10


LEAST_TYPE = re.compile(r"<style>#[\w-]+ [^<]*font-size")


def test_a_blank_sheet_gets_no_least_type_style_of_its_own(tmp_path: Path) -> None:
    from generator.content.validate import check_root
    from generator.pdf.docs import Printer
    from generator.pdf.layout import site_paper

    root = tmp_path / "journeys"
    shutil.copytree(Path(__file__).resolve().parents[1] / "journeys", root)

    def html(blank: bool) -> str:
        content = check_root(root)
        printer = Printer(content)
        paper = site_paper(content.site, "A4")  # small: the least sizes apply
        output = f"pdf/x{'-blank' if blank else ''}.pdf"
        document = printer.poster_document(
            "b2b/first-purchase", paper, blank=blank, tile=None, output=output
        )
        return document.html

    assert LEAST_TYPE.search(html(blank=False))  # a poster's sheets hold the least sizes
    assert not LEAST_TYPE.search(html(blank=True))  # its blank map's grid has no use for them
    # a user's own print templates may draw a blank sheet otherwise: it keeps its rules
    shutil.copytree(packaged_templates() / "print", tmp_path / "templates" / "print")
    assert LEAST_TYPE.search(html(blank=True))
