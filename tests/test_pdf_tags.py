"""Every PDF read as a screen reader reads it: tagged (pdfinfo), a structure tree with
tables, headers and figures that carry their alternative text (pikepdf), the document's
language and title; and the tiled sheets, cut for paper, claiming no tags."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.content.validate import check_root
from generator.pdf.maps import write_pdfs
from tests.conftest import WriteRoot
from tests.test_pdf import ITALIAN, example, run, text_of  # noqa: F401 (a fixture)
from tests.tools import need

pikepdf = pytest.importorskip("pikepdf")

pytestmark = pytest.mark.poppler


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        [need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", out, re.M))


def struct_text(pdf: Path) -> str:
    """Each element of the structure tree with the text it holds, as poppler reads it."""
    return subprocess.run(
        [need("pdfinfo"), "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout


class Tree:
    """A PDF's structure tree as a screen reader walks it: each element's type and id, the
    alternative text of each figure, and the ids of each cell's headers."""

    def __init__(self, pdf: Path) -> None:
        with pikepdf.open(pdf) as document:
            root = document.Root
            self.lang = str(root.get("/Lang", ""))
            self.title = str(document.docinfo.get("/Title", ""))
            preferences = root.get("/ViewerPreferences")
            self.shows_title = bool(preferences and preferences.get("/DisplayDocTitle"))
            marked = root.get("/MarkInfo")
            self.marked = bool(marked and marked.get("/Marked"))
            self.kinds: Counter[str] = Counter()
            self.figures: list[str | None] = []
            self.headers: list[str] = []
            self.ids: list[str] = []
            if "/StructTreeRoot" in root:
                self._walk(root.StructTreeRoot.K)

    def _walk(self, node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                self._walk(kid)
            return
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        kind = str(node.S)[1:]
        self.kinds[kind] += 1
        if kind == "Figure":
            self.figures.append(str(node.Alt) if "/Alt" in node else None)
        if "/ID" in node:
            self.ids.append(str(node.ID))
        if kind == "TD" and "/A" in node and "/Headers" in node.A:
            self.headers.append(" ".join(str(h) for h in node.A.Headers))
        if "/K" in node:
            self._walk(node.K)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's PDFs, built once for this module."""
    import shutil

    from tests.test_pdf import EXAMPLE

    base = tmp_path_factory.mktemp("tags")
    root = base / "journeys"
    shutil.copytree(EXAMPLE, root)
    content = check_root(root)
    write_pdfs(content, base / "site", base / "cache", jobs=2, progress=False, drafts=False)
    return base / "site/pdf"


KINDS = {
    "poster": "b2b/first-purchase.pdf",
    "blank map": "b2b/first-purchase-blank.pdf",
    "persona cards": "personas.pdf",
    "backlog": "opportunities.pdf",
    "book": "journeys.pdf",
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_pdf_is_tagged_with_tables_and_figures_with_alternatives(
    built: Path, kind: str
) -> None:
    pdf = built / KINDS[kind]
    assert pdfinfo(pdf)["Tagged"] == "yes"
    tree = Tree(pdf)
    assert tree.marked and tree.shows_title
    assert tree.lang == "en"
    assert tree.title
    assert tree.figures, "a figure in every kind: the curve, a swatch, a photo, the matrix"
    assert None not in tree.figures, tree.figures  # each with its /Alt
    if kind == "blank map":  # each sheet's grid one figure, which says what it is
        assert all(alt and alt.startswith("Blank map to fill in") for alt in tree.figures)
        assert any("very negative at the bottom" in alt for alt in tree.figures)
        # its stages, steps and lanes are text a reader reaches, not hidden in the figure
        said = struct_text(pdf)
        assert '"Searches for a management software for small firms"' in said
        assert '"DOING"' in said and '"1 Awareness"' in said
    elif kind != "persona cards":
        assert tree.kinds["Table"] and tree.kinds["TH"] and tree.kinds["TD"], tree.kinds


def test_the_curve_says_every_emotion_in_words(built: Path) -> None:
    tree = Tree(built / "service/support-ticket.pdf")
    curve = next(alt for alt in tree.figures if alt and alt.startswith("Emotion curve"))
    # the scale, then each step with its emotion, as the journey gives them
    assert "(Scale: \u22122 to +2)" in curve
    assert "Asks the chatbot: \u22122" in curve
    swatches = [alt for alt in tree.figures if alt and "solid line" in alt]
    assert set(swatches) == {"Luca Moretti: solid line, circles"}  # on each sheet


def test_a_map_cell_is_tied_to_its_step_and_its_lane(built: Path) -> None:
    tree = Tree(built / "service/support-ticket.pdf")
    # a cell of a lane names two headers: its step's (a column) and its lane's (a row)
    assert any(len(headers.split()) >= 2 for headers in tree.headers)


def test_the_book_keeps_the_structure_of_every_poster_it_holds(built: Path) -> None:
    book, poster = Tree(built / "journeys.pdf"), Tree(built / "b2b/first-purchase.pdf")
    posters = [Tree(path) for path in sorted(built.glob("*/*.pdf")) if "-blank" not in path.name]
    assert book.kinds["TD"] >= sum(p.kinds["TD"] for p in posters) > poster.kinds["TD"]
    assert book.figures.count(None) == 0
    assert sum(alt.startswith("Emotion curve") for alt in book.figures if alt) == sum(
        sum(alt.startswith("Emotion curve") for alt in p.figures if alt) for p in posters
    )
    # poppler finds each poster's words through the grafted tree
    assert '"Asks the chatbot"' in struct_text(built / "journeys.pdf")


def test_several_maps_in_one_file_keep_their_tags(example: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "two.pdf"
    code, _, stderr = run(
        "pdf",
        "b2b/first-purchase",
        "service/support-ticket",
        "--root",
        str(example),
        "-o",
        str(out),
    )
    assert code == 0, stderr
    assert pdfinfo(out)["Tagged"] == "yes"
    tree = Tree(out)
    assert tree.lang == "en" and tree.shows_title
    # a table a sheet: each map's sheets, one after the other
    assert tree.kinds["Table"] == int(pdfinfo(out)["Pages"]) > 2 and None not in tree.figures
    # both maps number their elements alike: each keeps its own ids, and its cells' headers
    assert tree.ids and len(set(tree.ids)) == len(tree.ids)
    assert tree.headers and all(set(names.split()) <= set(tree.ids) for names in tree.headers)
    # poppler finds the second map's words through its part of the tree
    assert '"Asks the chatbot"' in struct_text(out)


def test_merged_and_tiled_files_are_the_same_bytes_each_time(
    example: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    # each `journeymap pdf` lays its maps out afresh: the same maps, the same file
    made = {}
    for kind, options in (
        ("merged", ("b2b/first-purchase", "service/support-ticket")),
        ("tiled", ("service/support-ticket", "--paper", "A2", "--tile", "A4")),
    ):
        for attempt in (1, 2):
            out = tmp_path / f"{kind}-{attempt}.pdf"
            code, _, stderr = run("pdf", *options, "--root", str(example), "-o", str(out))
            assert code == 0, stderr
            made[kind, attempt] = out.read_bytes()
        assert made[kind, 1] == made[kind, 2], kind


def test_tiled_sheets_claim_no_tags_but_keep_title_and_language(
    example: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "tiled.pdf"
    code, _, stderr = run(
        "pdf", "service/support-ticket", "--root", str(example), "--paper", "A2",
        "--tile", "A4", "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    info = pdfinfo(out)
    assert info["Tagged"] == "no"
    tree = Tree(out)
    assert not tree.marked and not tree.kinds
    assert tree.lang == "en" and tree.shows_title and tree.title.endswith("(tiled)")


def test_italian_pdfs_say_their_language(write_root: WriteRoot, tmp_path: Path) -> None:
    root = write_root(ITALIAN)
    out = tmp_path / "it.pdf"
    code, _, stderr = run("pdf", "acquisto", "--root", str(root), "-o", str(out))
    assert code == 0, stderr
    tree = Tree(out)
    assert tree.lang == "it" and tree.title == "Acquisto di un'auto usata"
    curve = next(alt for alt in tree.figures if alt and alt.startswith("Curva"))
    assert "Telefona all'agenzia: \u22122" in curve


def test_a_blank_sheet_says_what_it_is_in_italian_and_names_the_scale_where_it_has_it(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = write_root(ITALIAN)
    every, some = tmp_path / "every.pdf", tmp_path / "some.pdf"
    for out, lanes in ((every, "all"), (some, "doing")):
        code, _, stderr = run(
            "pdf", "acquisto", "--blank", "--lanes", lanes, "--root", str(root), "-o", str(out)
        )
        assert code == 0, stderr
    scale = "La corsia delle emozioni ha una scala da molto negativo in basso a molto positivo"
    figures = Tree(every).figures
    assert figures and all(alt and alt.startswith("Mappa vuota da compilare") for alt in figures)
    assert any(alt and scale in alt for alt in figures)
    # a sheet without the emotion lane has no scale to speak of
    assert not any(alt and scale in alt for alt in Tree(some).figures)
    assert '"Telefona all\'agenzia"' in struct_text(some)  # its step, as text


def test_the_italian_book_of_one_journey_says_percorso(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = write_root(ITALIAN)
    content = check_root(root)
    write_pdfs(content, tmp_path / "site", tmp_path / "cache", jobs=1, progress=False, drafts=False)
    cover = text_of(tmp_path / "site/pdf/journeys.pdf", 1)
    assert "1 percorso ·" in cover and "percorsi" not in cover


def test_italian_maps_name_the_common_metrics_in_italian(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    files = dict(ITALIAN)
    files["acquisto.yaml"] = files["acquisto.yaml"].replace(
        "emotion: -1", "emotion: -1\n                metrics: {drop_off: 35%, ctr: 0.12}"
    )
    root = write_root(files)
    out = tmp_path / "it.pdf"
    code, _, stderr = run("pdf", "acquisto", "--root", str(root), "-o", str(out))
    assert code == 0, stderr
    text = text_of(out)
    assert "Abbandono" in text and "CTR" in text and "Drop off" not in text


def test_the_persona_card_prints_the_description(write_root: WriteRoot, tmp_path: Path) -> None:
    files = dict(ITALIAN)
    files["personas/anna.yaml"] = (
        files["personas/anna.yaml"].rstrip()
        + "\n        description: Compra per un'azienda di venti persone; decide da sola.\n"
    )
    root = write_root(files)
    content = check_root(root)
    write_pdfs(content, tmp_path / "site", tmp_path / "cache", jobs=1, progress=False, drafts=False)
    card = text_of(tmp_path / "site/pdf/personas.pdf")
    assert "Compra per un'azienda di venti persone; decide da sola." in card
