"""The opportunities' backlog on paper: pdf/opportunities.pdf and its section of the book."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.content.validate import check_root
from generator.pdf.maps import write_pdfs
from tests.conftest import WriteRoot
from tests.test_pdf import EXAMPLE, page_sizes, text_of, words_of
from tests.tools import need


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    return root


def lines_of(pdf: Path, page: int) -> list[str]:
    """The page's lines as pdftotext lays them out, each with its runs of spaces made one."""
    out = subprocess.run(
        [need("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def build(root: Path, site: Path, *, drafts: bool = False) -> Path:
    content = check_root(root)
    write_pdfs(content, site, site.parent / "cache", jobs=1, progress=False, drafts=drafts)
    return site / "pdf"


def test_the_backlog_of_the_example(example: Path, tmp_path: Path) -> None:
    pdf = build(example, tmp_path / "site") / "opportunities.pdf"
    assert page_sizes(pdf) == [(297, 210), (297, 210)]  # A4 landscape: the matrix, the table
    assert PdfReader(pdf).metadata.title == "Customer journeys of Acme Gestionale: Opportunities"
    matrix = text_of(pdf, 1)
    assert matrix.startswith(
        "Opportunities Customer journeys of Acme Gestionale · 5 opportunities, 3 open · "
        "2026-11-23 Every piece of work that would change the experience"
    )
    for words in ("IMPACT AND EFFORT", "Quick wins", "Big bets", "Fill-ins", "Money pits"):
        assert words in matrix
    assert "Effort →" in matrix and "Impact →" in matrix
    table = lines_of(pdf, 2)
    assert table[:5] == [
        "# Opportunity Status Owner Impact Effort Target What it addresses",
        "1 Bring back guest checkout Done E-commerce 5 2 2026-09-30 Cart abandonment and "
        "win-back in the online shop: Is asked to log in or",
        "checkout, mobile register; Fills in a long registration form",
        "2 Publish a transparent price list Planned Marketing 4 2 2027-03-31 First purchase "
        "of a management software: Looks for the price on the",
        "pricing, website website",
    ]
    # priority order, numbered as on the matrix; done and dropped kept for the record
    starts = [line.split(" ")[0] for line in table if line[:1].isdigit() and " " in line]
    assert starts == ["1", "2", "3", "4", "5"]
    table = " ".join(table)
    for rank, title in enumerate(
        ["Bring back", "Publish", "Hand-off meeting", "Record the demo", "One knowledge base"],
        start=1,
    ):
        assert f"{rank} {title}" in table
    assert "Dropped Sales 2 2 First purchase" in table
    assert "Idea Customer 3 4 Electronic invoices" in table


def test_the_book_carries_the_backlog_after_its_contents(example: Path, tmp_path: Path) -> None:
    book = build(example, tmp_path / "site") / "journeys.pdf"
    contents = text_of(book, 2)
    assert "Opportunities 5 opportunities ...." in contents
    assert contents.index("Opportunities") < contents.index("First purchase")
    backlog = text_of(book, 3)
    assert backlog.startswith("Opportunities Customer journeys of Acme Gestionale · 5 opp")
    assert "Quick wins" in backlog
    assert "Bring back guest checkout" in text_of(book, 4)
    # the maps follow, drawn onto the last pages as before
    assert text_of(book, 5).startswith("First purchase of a management software")
    # the section is laid out on the book's own paper, A3 here
    assert set(page_sizes(book)) == {(420, 297)}


@pytest.fixture
def italian(write_root: WriteRoot) -> Path:
    return write_root(
        {
            "site.yaml": """
                title: Percorsi di Caffè Più
                language: it
                departments:
                  vendite: {label: Vendite e qualità}
            """,
            "negozio.yaml": """
                title: Acquisto in negozio
                stages:
                  - name: Scelta
                    steps:
                      - id: cerca-il-prezzo
                        title: Cerca il prezzo sullo scaffale è già un'impresa
                        emotion: -2
                  - name: Cassa
                    steps:
                      - id: paga
                        title: Paga alla cassa
                        emotion: 1
            """,
            "bozza.yaml": """
                title: Un percorso in bozza
                draft: true
                stages:
                  - name: Fase
                    steps:
                      - {id: passo-nascosto, title: Un passo che non si pubblica}
            """,
            "opportunities/prezzi.yaml": """
                title: Etichette di prezzo più leggibili, perché sì
                status: in-progress
                owner: vendite
                impact: 5
                effort: 1
                addresses:
                  - negozio#cerca-il-prezzo
                  - bozza#passo-nascosto
                target: 2027-01-31
                tags: [prezzi, scaffale]
            """,
            "opportunities/cassa.yaml": """
                title: Una cassa veloce
                addresses: [negozio#paga]
            """,
        }
    )


def test_in_italian_with_an_unrated_opportunity_and_a_draft(italian: Path, tmp_path: Path) -> None:
    pdf = build(italian, tmp_path / "site") / "opportunities.pdf"
    first = text_of(pdf, 1)
    assert first.startswith("Opportunità Percorsi di Caffè Più · 2 opportunità, 2 aperte · ")
    for words in ("IMPATTO E SFORZO", "Vittorie rapide", "Pozzi senza fondo", "Sforzo →"):
        assert words in first
    assert "Non ancora valutate: 2. Una cassa veloce" in first
    assert lines_of(pdf, 2) == [
        "# Opportunità Stato Responsabile Impatto Sforzo Scadenza Cosa migliora",
        "1 Etichette di prezzo più leggibili, In corso Vendite e qualità 5 1 2027-01-31 "
        "Acquisto in negozio: Cerca il prezzo sullo scaffale è già un'impresa",
        "perché sì",
        "prezzi, scaffale",
        "2 Una cassa veloce Idea \u2013 \u2013 Acquisto in negozio: Paga alla cassa",  # unrated
        "2",  # the page's number
    ]
    words = words_of(pdf)
    assert "passo che non si pubblica" not in words  # a draft's step, left out with the draft
    # published with the drafts, the draft's step is named too
    drafted = build(italian, tmp_path / "drafts", drafts=True) / "opportunities.pdf"
    assert "Un percorso in bozza: Un passo che non si pubblica" in words_of(drafted)
    # looked at: the pages as images, each of them drawn (none blank)
    need("pdftoppm")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 2


def test_no_opportunities_no_backlog(example: Path, tmp_path: Path) -> None:
    shutil.rmtree(example / "opportunities")
    # the studies the opportunities cited are cited by steps too: nothing else changes
    pdfs = build(example, tmp_path / "site")
    assert not (pdfs / "opportunities.pdf").exists()
    book = PdfReader(pdfs / "journeys.pdf")
    assert "Opportunities" not in [item.title for item in book.outline]
