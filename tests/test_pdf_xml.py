"""Print documents read by expat: the very tree WeasyPrint's own HTML parser builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5
from pypdf import PdfWriter

from generator.pdf.docs import Printer
from generator.pdf.layout import site_paper
from generator.pdf.maps import build_documents
from generator.pdf.render import Document
from generator.pdf.xml import parse
from generator.site.build import load
from tests.hostile.content import write_hostile_root

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"


def shape(element: Element) -> tuple[Any, ...]:
    return (
        element.tag,
        dict(element.attrib),
        element.text or "",
        element.tail or "",
        [shape(child) for child in element],
    )


def documents(root: Path, tmp_path: Path) -> list[Document]:
    content = load(root, strict=False)
    printer, made, ids = build_documents(content, drafts=True)
    poster = tmp_path / "poster.pdf"
    writer = PdfWriter()
    writer.add_blank_page(420, 297)
    writer.add_blank_page(420, 297)
    writer.write(poster)
    book = printer.book_document(
        [(jid, poster) for jid in ids], site_paper(content.site), "b.pdf", set(ids).__contains__
    )
    return [*made, book]


def html_parser_tree(markup: str) -> Element:
    return tinyhtml5.parse(markup, namespace_html_elements=False)


def test_every_document_of_the_example_is_read_by_expat_into_the_same_tree(tmp_path: Path) -> None:
    made = documents(EXAMPLE, tmp_path)
    kinds = {document.output.rsplit("/", 1)[-1].split("-")[-1] for document in made}
    assert {"blank.pdf", "personas.pdf", "opportunities.pdf", "b.pdf"} <= kinds
    for document in made:
        assert document.xml
        tree = parse(document.html)
        assert tree is not None, document.output
        assert shape(tree) == shape(html_parser_tree(document.html)), document.output


def test_hostile_text_is_either_read_into_the_same_tree_or_left_to_weasyprint(
    tmp_path: Path,
) -> None:
    root = write_hostile_root(tmp_path / "root")
    read = 0
    for document in documents(root, tmp_path):
        tree = parse(document.html)
        if tree is not None:
            read += 1
            assert shape(tree) == shape(html_parser_tree(document.html)), document.output
    assert read > 0


@pytest.mark.parametrize(
    "markup",
    [
        "<!doctype html><html><head></head><body><p>caf&eacute;</p></body></html>",
        "<!doctype html><html><head></head><body><p>\x01</p></body></html>",
        "<!doctype html><html><body><p>no head</p></body></html>",
        "<!doctype html><p>a fragment",
    ],
)
def test_what_expat_cannot_read_is_left_to_weasyprint(markup: str) -> None:
    assert parse(markup) is None


def test_a_users_own_print_templates_are_always_read_by_weasyprint(
    write_root: Any, tmp_path: Path
) -> None:
    root = write_root({"site.yaml": "title: Prova\n"})
    (root.parent / "templates" / "print").mkdir(parents=True)
    assert not Printer(load(root, strict=False)).xml
