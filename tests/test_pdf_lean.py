"""The lean user-agent stylesheet: the same PDF, fewer styles computed."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from generator.pdf.lean import NOTES, print_html

LISTS = """<!doctype html><html lang="it"><body>
<ol><li>primo perché</li><li>secondo già</li></ol>
<ul><li>qualità</li></ul><p>Città</p></body></html>"""
FOOTNOTE = """<!doctype html><html lang="it"><body>
<p>Attesa<span style="float: footnote">Nota a piè di pagina</span> lunga.</p></body></html>"""


def text_of(markup: str, *, notes: bool) -> str:
    pdf = print_html(string=markup, notes=notes, base_url=None).write_pdf()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def styled_pseudo_elements(markup: str, *, notes: bool) -> set[str]:
    """The pseudo-elements of the document's elements (not its pages') given a style."""
    document = print_html(string=markup, notes=notes, base_url=None)
    rendered: list[str] = []
    from weasyprint.css import StyleFor

    original = StyleFor.set_computed_styles

    def spy(self: StyleFor, element: object, *args: object, **kwargs: object) -> None:
        if kwargs.get("pseudo_type") and hasattr(element, "tag"):
            rendered.append(str(kwargs["pseudo_type"]))
        original(self, element, *args, **kwargs)

    StyleFor.set_computed_styles = spy  # type: ignore[method-assign]
    try:
        document.render()
    finally:
        StyleFor.set_computed_styles = original  # type: ignore[method-assign]
    return set(rendered)


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
