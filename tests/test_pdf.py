"""`journeymap pdf` and the build's PDFs, checked as a printer sees them (poppler-utils)."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli
from generator.content.diagnostics import ContentError
from generator.content.validate import check_root
from generator.pdf.maps import write_pdfs
from tests.conftest import WriteRoot
from tests.tools import need

pytestmark = pytest.mark.poppler

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
ONCE: dict[str, Any] = {"jobs": 1, "progress": False, "drafts": False}
MM = 72 / 25.4


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example content, outside any Git repository (so no revision is printed)."""
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    return root


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    with _chdir(cwd):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class _chdir:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.old: Path | None = None

    def __enter__(self) -> None:
        if self.path is not None:
            import os

            self.old = Path.cwd()
            os.chdir(self.path)

    def __exit__(self, *exc: object) -> None:
        if self.old is not None:
            import os

            os.chdir(self.old)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's size in mm, as pdfinfo reports it."""
    out = subprocess.run(
        [need("pdfinfo"), "-f", "1", "-l", "999", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(round(float(w) / MM), round(float(h) / MM)) for w, h in sizes]


def text_of(pdf: Path, page: int | None = None) -> str:
    """The extracted text, with runs of white space made one space."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        [need("pdftotext"), "-layout", *pages, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def words_of(pdf: Path, page: int | None = None) -> str:
    """The text in reading order (no layout), white space collapsed: titles that wrap stay whole."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        [need("pdftotext"), *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unhyphenated(" ".join(out.split()))


def unhyphenated(text: str) -> str:
    """pdftotext joins a word that wraps after its own hyphen ("support-plan") without it,
    or keeps a space after it ("Re- sends"): compare words without their hyphens."""
    return re.sub(r"(\w)[-\u2010] ?(\w)", r"\1\2", text)


@pytest.mark.parametrize(
    ("paper", "orientation", "size"),
    [
        ("A4", "landscape", (297, 210)),
        ("A3", "portrait", (297, 420)),
        ("A2", "landscape", (594, 420)),
        ("A1", "landscape", (841, 594)),
        ("A0", "portrait", (841, 1189)),
        ("letter", "landscape", (279, 216)),
        ("tabloid", "landscape", (432, 279)),
        ("500x300", "landscape", (500, 300)),
    ],
)
def test_poster_on_each_paper(
    example: Path, tmp_path: Path, paper: str, orientation: str, size: tuple[int, int]
) -> None:
    out = tmp_path / "map.pdf"
    code, stdout, _ = run(
        "pdf", "workshop/blank-map", "--root", str(example), "--paper", paper,
        "--orientation", orientation, "-o", str(out),
    )  # fmt: skip
    assert code == 0
    wrote, *notes = stdout.splitlines()
    assert wrote == f"wrote {_rel(out)}"
    # on small paper the map goes on over more sheets, and the note names a larger one
    assert all(n.startswith("workshop/blank-map: ") and "holds it" in n for n in notes)
    assert set(page_sizes(out)) == {size}


def _rel(path: Path) -> str:
    import os

    return os.path.relpath(path)


def test_default_paper_is_site_yaml_a3_landscape_and_every_name_is_text(
    example: Path, tmp_path: Path
) -> None:
    code, stdout, _ = run("pdf", "service/support-ticket", "--root", str(example), cwd=tmp_path)
    assert code == 0
    assert stdout.splitlines()[0] == "wrote service-support-ticket.pdf"
    pdf = tmp_path / "service-support-ticket.pdf"
    assert set(page_sizes(pdf)) == {(420, 297)}
    text = words_of(pdf)
    journey = check_root(example).journeys["service/support-ticket"]
    for stage in journey.stages:
        assert unhyphenated(stage.name) in text
        for step in stage.steps:
            assert unhyphenated(step.title) in text
    assert "Revision" not in text  # not in a Git repository: no revision is made up


def test_a_long_journey_continues_stage_by_stage_with_the_lanes_repeated(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "long.pdf"
    code, _, _ = run("pdf", "b2b/first-purchase", "--root", str(example), "-o", str(out))
    assert code == 0
    journey = check_root(example).journeys["b2b/first-purchase"]
    # on A3 at 9 pt its lanes take two bands of sheets, one above the other, for each
    # of its two runs of stages
    sizes = page_sizes(out)
    assert len(sizes) == 4
    sheets = [words_of(out, page) for page in range(1, 5)]
    left, right = sheets[0] + sheets[1], sheets[2] + sheets[3]
    for half in (left.lower(), right.lower()):  # lane labels are set in capitals
        assert "doing" in half and "touchpoint" in half and "pains" in half
    assert "doing" in sheets[0].lower() and "doing" not in sheets[1].lower()
    assert "Awareness" in left and "Awareness" not in right
    assert "Onboarding" in right and "Onboarding" not in left
    assert "Sheet 2/4 · continued" in sheets[1]
    for stage in journey.stages:
        for step in stage.steps:
            assert unhyphenated(step.title) in sheets[0] + sheets[2]  # every band says its steps
            assert unhyphenated(step.title) in sheets[1] + sheets[3]


def test_blank_map_keeps_stages_lanes_and_step_titles_but_no_cell_text(
    example: Path, tmp_path: Path
) -> None:
    # the step titles stay, so that everyone knows where a note goes (docs/cli.md)
    out = tmp_path / "blank.pdf"
    code, _, _ = run(
        "pdf", "service/support-ticket", "--root", str(example), "--blank", "-o", str(out)
    )
    assert code == 0
    text = " ".join(words_of(out, page) for page in range(1, len(page_sizes(out)) + 1))
    journey = check_root(example).journeys["service/support-ticket"]
    for stage in journey.stages:
        assert unhyphenated(stage.name) in text
        for step in stage.steps:
            assert unhyphenated(step.title) in text
            for value in (step.doing, step.thinking, step.touchpoint):
                assert value is None or value[:20] not in text
    assert "doing" in text.lower() and "emotion" in text.lower()
    assert "Draw the emotion curve" in text


def test_several_ids_without_o_write_one_file_each(example: Path, tmp_path: Path) -> None:
    code, stdout, _ = run(
        "pdf", "workshop/blank-map", "service/support-ticket", "--root", str(example),
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 0
    wrote = [line for line in stdout.splitlines() if line.startswith("wrote ")]
    assert wrote == ["wrote workshop-blank-map.pdf", "wrote service-support-ticket.pdf"]


def test_several_ids_with_o_make_one_pdf_with_a_bookmark_each(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "both.pdf"
    code, _, _ = run(
        "pdf", "workshop/blank-map", "service/support-ticket", "--root", str(example),
        "-o", str(out),
    )  # fmt: skip
    assert code == 0
    outline = [item.title for item in PdfReader(out).outline]
    assert outline == [
        "Reordering office supplies (workshop template)",
        "Electronic invoices rejected at month end",
    ]


def test_unknown_id_suggests_the_nearest(example: Path) -> None:
    code, _, stderr = run("pdf", "b2b/first-purchse", "--root", str(example))
    assert code == 1
    assert stderr == (
        f"Error: no journey 'b2b/first-purchse' in {_rel(example)} "
        "(did you mean 'b2b/first-purchase'?)\n"
    )


def test_tiled_poster_sheets(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiled.pdf"
    code, _, _ = run(
        "pdf", "workshop/blank-map", "--root", str(example), "--paper", "A2", "--tile", "A4",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0
    sizes = page_sizes(out)
    assert set(sizes) <= {(210, 297), (297, 210)}
    assert len(sizes) < 8  # 4 x 2 sheets cover the poster; those left blank are not printed
    first = text_of(out, 1)
    assert re.search(
        r"Reordering office supplies \(workshop template\) · row 1 of \d, column 1 of \d", first
    )
    assert "Reordering office supplies" in first  # the poster's text stays text


def test_fonts_are_embedded(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    run("pdf", "workshop/blank-map", "--root", str(example), "--tile", "A4", "-o", str(out))
    report = subprocess.run(
        [need("pdffonts"), str(out)], capture_output=True, text=True, check=True
    ).stdout
    rows = report.splitlines()[2:]
    assert rows, report
    for row in rows:
        assert "DejaVu" in row, row
        assert re.search(r"\s(yes)\s+(yes)\s+(yes)\s", row), row  # embedded, subset, unicode


ITALIAN = {
    "site.yaml": """
        title: Percorsi dei clienti
        language: it
    """,
    "personas/anna.yaml": """
        name: Anna Rossi
        role: Responsabile acquisti
        quote: "Perché devo richiamare tre volte?"
        goals: [Più velocità]
        frustrations: [Attese al telefono]
    """,
    "acquisto.yaml": """
        title: Acquisto di un'auto usata
        persona: anna
        timeframe: due settimane
        stages:
          - name: Consapevolezza
            steps:
              - title: Cerca un'auto più economica
                doing: Confronta città e prezzi; è già stanca
                emotion: -1
          - name: Considerazione
            steps:
              - title: Telefona all'agenzia
                doing: Aspetta venti minuti
                emotion: -2
    """,
}


def test_italian_text_is_extractable(write_root: WriteRoot, tmp_path: Path) -> None:
    root = write_root(ITALIAN)
    out = tmp_path / "it.pdf"
    code, _, stderr = run("pdf", "acquisto", "--root", str(root), "-o", str(out))
    assert code == 0, stderr
    text = words_of(out)
    for words in (
        "Acquisto di un'auto usata",
        "Cerca un'auto più economica",
        "Confronta città e prezzi; è già stanca",
        "Consapevolezza",
        "Periodo: due settimane",
    ):
        assert words in text


@pytest.fixture
def loopback() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()


def test_images_outside_the_root_are_refused_reported_and_not_fetched(
    write_root: WriteRoot, tmp_path: Path, loopback: tuple[int, list[str]]
) -> None:
    port, requests = loopback
    (tmp_path / "secret.png").write_bytes(b"not for the PDF")
    root = write_root(
        {
            "j.yaml": f"""
                title: Images
                stages:
                  - name: Only
                    steps:
                      - title: Looks
                        doing: "![tracker](http://127.0.0.1:{port}/pixel.png)"
                        thinking: "![secret](../secret.png)"
            """
        }
    )
    out = tmp_path / "j.pdf"
    code, stdout, stderr = run("pdf", "j", "--root", str(root), "-o", str(out))
    assert code == 0
    assert requests == []
    file = _rel(root / "j.yaml")
    assert stderr.splitlines() == [
        f"{file}:6:28: warning: image 'http://127.0.0.1:{port}/pixel.png' not loaded: "
        "only files inside the content root are read",
        f"{file}:7:30: warning: image '{_rel(tmp_path / 'secret.png')}' not loaded: "
        "it is outside the content root",
        "0 errors, 2 warnings in 1 file",
    ]
    assert stdout == f"wrote {_rel(out)}\n"


def test_build_writes_every_pdf_and_renders_only_what_changed(
    example: Path, tmp_path: Path
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    once: dict[str, Any] = {"jobs": 2, "progress": False, "drafts": False}
    content = check_root(example)
    rendered = write_pdfs(content, site, cache, jobs=2, progress=False, drafts=False)
    written = sorted(str(p.relative_to(site)) for p in site.rglob("*.pdf"))
    assert written == [
        "pdf/b2b/first-purchase-blank.pdf",
        "pdf/b2b/first-purchase-future-blank.pdf",
        "pdf/b2b/first-purchase-future.pdf",
        "pdf/b2b/first-purchase.pdf",
        "pdf/ecommerce/cart-abandonment-blank.pdf",
        "pdf/ecommerce/cart-abandonment.pdf",
        "pdf/journeys.pdf",
        "pdf/opportunities.pdf",
        "pdf/personas.pdf",
        "pdf/service/support-ticket-blank.pdf",
        "pdf/service/support-ticket.pdf",
        "pdf/workshop/blank-map-blank.pdf",
        "pdf/workshop/blank-map.pdf",
    ]
    assert rendered == 13
    assert write_pdfs(content, tmp_path / "again", cache, jobs=2, progress=False, drafts=False) == 0
    assert (tmp_path / "again/pdf/journeys.pdf").read_bytes() == (
        site / "pdf/journeys.pdf"
    ).read_bytes()

    ticket = example / "service/support-ticket.yaml"
    source = ticket.read_text(encoding="utf-8")
    ticket.write_text(source.replace("Re-sends the 14 invoices", "Re-sends 14 invoices"), "utf-8")
    # a cell's text: the journey's poster and the book; the blank map has no cell text
    assert write_pdfs(check_root(example), tmp_path / "3", cache, **once) == 2
    ticket.write_text(source.replace("at month end", "at the end of the month"), "utf-8")
    # the title: the poster, the blank map, the book, and the backlog, which names the
    # journey of the steps an opportunity addresses
    assert write_pdfs(check_root(example), tmp_path / "4", cache, **once) == 4

    # the persona cards: one A5 page a persona
    cards = site / "pdf/personas.pdf"
    assert page_sizes(cards) == [(148, 210)] * len(content.personas)
    assert "Marco Bianchi" in text_of(cards, 1) or "Marco Bianchi" in text_of(cards)


def test_the_book_has_a_cover_contents_with_page_numbers_and_bookmarks(
    example: Path, tmp_path: Path
) -> None:
    content = check_root(example)
    write_pdfs(content, tmp_path / "site", tmp_path / "cache", jobs=1, progress=False, drafts=False)
    book = tmp_path / "site/pdf/journeys.pdf"
    # the opportunities' backlog after the contents, then the maps
    titles = ["Opportunities"] + [j.title for j in content.journeys.values() if not j.draft]
    reader = PdfReader(book)
    outline = reader.outline
    assert [item.title for item in outline] == titles
    first_pages = [reader.get_destination_page_number(item) + 1 for item in outline]
    assert first_pages[:2] == [3, 5]  # after the cover and the contents; the backlog's 2 pages
    assert "Customer journeys of Acme Gestionale" in text_of(book, 1)
    contents = text_of(book, 2)
    for title, page in zip(titles, first_pages, strict=True):
        assert re.search(re.escape(title) + r".*?\s" + str(page) + r"(\s|$)", contents), title


def test_the_header_names_the_last_commit_of_the_journey_file(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    git = need("git")
    root = write_root(ITALIAN)
    env = {
        "GIT_AUTHOR_DATE": "2026-03-15T10:00:00",
        "GIT_COMMITTER_DATE": "2026-03-15T10:00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "first"]):
        subprocess.run([git, *args], cwd=root, env=env, check=True)
    short = subprocess.run(
        [git, "log", "-1", "--format=%h"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    out = tmp_path / "it.pdf"
    code, _, _ = run("pdf", "acquisto", "--root", str(root), "-o", str(out))
    assert code == 0
    assert f"Revisione: 2026-03-15 · {short}" in text_of(out)


def test_a_bad_paper_is_a_usage_error(example: Path) -> None:
    code, _, stderr = run("pdf", "workshop/blank-map", "--root", str(example), "--paper", "B5")
    assert code == 2
    assert stderr.endswith(
        "Error: unknown paper 'B5': use A4, A3, A2, A1, A0, letter, tabloid or WIDTHxHEIGHT "
        "in mm like 841x594\n"
    )


def test_a_refused_image_fails_the_build_with_its_place(
    write_root: WriteRoot, tmp_path: Path, loopback: tuple[int, list[str]]
) -> None:
    port, requests = loopback
    root = write_root(
        {
            "j.yaml": f"""
                title: Images
                stages:
                  - name: Only
                    steps:
                      - title: Looks
                        doing: "![tracker](http://127.0.0.1:{port}/pixel.png)"
            """
        }
    )
    with pytest.raises(ContentError) as error:
        write_pdfs(check_root(root), tmp_path / "site", tmp_path / "cache", **ONCE)
    assert [d.text() for d in error.value.diagnostics] == [
        f"{_rel(root / 'j.yaml')}:6:28: error: image 'http://127.0.0.1:{port}/pixel.png' "
        "not loaded: only files inside the content root are read"
    ]
    assert requests == []
    assert not (tmp_path / "site").exists()
    # the poster with a hole in it is not kept; the blank map (no cell text, no image) is
    assert len(list((tmp_path / "cache").glob("*.pdf"))) == 1


def sheet_marks(pdf: Path) -> list[tuple[int, int] | None]:
    """Each page's "Sheet n/N" (None on a page without one)."""
    marks: list[tuple[int, int] | None] = []
    for page in range(1, len(PdfReader(pdf).pages) + 1):
        found = re.search(r"(?:Sheet|Foglio) (\d+)/(\d+)", text_of(pdf, page))
        marks.append((int(found[1]), int(found[2])) if found else None)
    return marks


def smallest_type(pdf: Path) -> float:
    """The smallest size of any word on any page, in pt."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[3] ** 2 + tm[1] ** 2) ** 0.5 * (cm[3] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(size * scale)

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return min(sizes)


def assert_one_page_a_sheet(pdf: Path) -> None:
    marks = sheet_marks(pdf)
    if len(marks) > 1 or marks != [None]:  # a map of one sheet has no "Sheet 1/1"
        assert marks == [(n, len(marks)) for n in range(1, len(marks) + 1)], pdf.name


EXAMPLE_IDS = sorted(j for j in check_root(EXAMPLE).journeys)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize("paper", ["A4", "letter", "A3", "A0"])
def test_every_example_map_has_one_page_a_sheet_and_no_word_under_6pt(
    example: Path, tmp_path: Path, paper: str, orientation: str
) -> None:
    code, _, stderr = run(
        "pdf", *EXAMPLE_IDS, "--root", str(example), "--paper", paper,
        "--orientation", orientation, cwd=tmp_path,
    )  # fmt: skip
    assert code == 0, stderr
    for journey_id in EXAMPLE_IDS:
        pdf = tmp_path / (journey_id.replace("/", "-") + ".pdf")
        assert_one_page_a_sheet(pdf)
        assert smallest_type(pdf) >= 6 - 0.01, pdf.name


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_every_example_blank_map_has_one_page_a_sheet(
    example: Path, tmp_path: Path, paper: str
) -> None:
    code, _, stderr = run(
        "pdf", *EXAMPLE_IDS, "--root", str(example), "--paper", paper, "--blank", cwd=tmp_path
    )
    assert code == 0, stderr
    for journey_id in EXAMPLE_IDS:
        pdf = tmp_path / (journey_id.replace("/", "-") + "-blank.pdf")
        assert_one_page_a_sheet(pdf)
        assert smallest_type(pdf) >= 6 - 0.01, pdf.name


def test_a_stage_of_forty_steps_goes_on_over_sheets_whole_words_at_6pt_at_least(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    steps = [
        {"title": f"Checks the order {n}", "doing": "Opens the app and reads the status.",
         "channel": "web", "emotion": n % 5 - 2, "metrics": {"drop_off": "3%"}}
        for n in range(1, 41)
    ]  # fmt: skip
    journey = {"title": "Forty", "stages": [{"name": "Waiting", "steps": steps}]}
    root = write_root({"forty.yaml": yaml.safe_dump(journey)})
    out = tmp_path / "forty.pdf"
    code, _, stderr = run("pdf", "forty", "--root", str(root), "-o", str(out))
    assert code == 0, stderr
    assert_one_page_a_sheet(out)
    assert len(page_sizes(out)) >= 4
    assert smallest_type(out) >= 6 - 0.01
    text = words_of(out)
    for n in range(1, 41):
        assert f"Checks the order {n} " in text + " "  # never broken letter by letter
    assert "Waiting (continued)" in words_of(out, 2)


def test_peak_and_valley_are_marked_once_a_journey(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "future.pdf"
    code, _, _ = run(
        "pdf", "b2b/first-purchase-future", "--root", str(example), "--paper", "A4",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0
    pages = [words_of(out, n) for n in range(1, len(page_sizes(out)) + 1)]
    assert len(pages) > 1
    assert sum(re.findall(r"\bPeak\b", p) != [] for p in pages) == 1
    assert sum(re.findall(r"\bValley\b", p) != [] for p in pages) == 1


def test_a_sheet_without_marks_to_explain_has_no_legend(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    code, _, _ = run("pdf", "workshop/blank-map", "--root", str(example), "-o", str(out))
    assert code == 0
    assert "Legend" not in text_of(out)


def test_a_sheet_that_runs_over_is_made_smaller_then_split(
    write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fitting estimates far too little text: the sheet runs over, is laid out again
    # smaller down to its least sizes, still runs over, and is split
    from generator.pdf import measure as pdf_measure

    monkeypatch.setattr(pdf_measure, "SAFETY", 0.3)
    text = "The customer reads the long terms and conditions page twice, then calls. " * 20
    steps = [
        {"title": f"Reads the terms {n}", "doing": text, "thinking": text, "emotion": n - 2}
        for n in range(4)
    ]
    journey = {"title": "Dense", "stages": [{"name": "Only", "steps": steps}]}
    root = write_root({"dense.yaml": yaml.safe_dump(journey)})
    out = tmp_path / "dense.pdf"
    code, _, stderr = run("pdf", "dense", "--root", str(root), "--paper", "A4", "-o", str(out))
    assert code == 0, stderr
    assert_one_page_a_sheet(out)
    assert len(page_sizes(out)) > 2  # the one sheet its fitting planned, split and split again
    text_read = words_of(out)
    for n in range(4):
        assert f"Reads the terms {n}" in text_read


def test_a_blank_sheet_that_runs_over_gets_shorter_rows_then_fewer_lanes(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rows estimated 40 mm too tall: they shrink to a sticky note's height, then the
    # lanes of a sheet still too full go on over more sheets
    from generator.pdf import layout as pdf_layout

    monkeypatch.setattr(pdf_layout, "BLANK_SLACK_MM", -40.0)
    out = tmp_path / "blank.pdf"
    code, _, stderr = run(
        "pdf", "service/support-ticket", "--root", str(example), "--blank", "-o", str(out)
    )
    assert code == 0, stderr
    assert_one_page_a_sheet(out)
