"""Blank maps for a wall and posters read from a metre, as a printer sees them: the
words' boxes that pdftotext -bbox reports, on real PDFs made by the real CLI."""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.tools import need

pytestmark = pytest.mark.poppler

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
MM = 72 / 25.4
# pdftotext's box of a word is its font's ascent to descent: 1.164 em in DejaVu Sans
BOX_EM = 1.164
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r"<page ")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content, outside any Git repository (so no revision is printed)."""
    root = tmp_path_factory.mktemp("workshop") / "journeys"
    shutil.copytree(EXAMPLE, root)
    return root


def make(root: Path, *args: str) -> tuple[int, str, Path]:
    out = root.parent / ("-".join(a.strip("-").replace("/", "-") for a in args) + ".pdf")
    result = CliRunner().invoke(
        cli, ["pdf", *args, "--root", str(root), "-o", str(out)], catch_exceptions=False
    )
    return result.exit_code, result.stdout + result.stderr, out


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes, in pt."""
    text = subprocess.run(
        [need("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = _PAGE.split(text)[1:]
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in _WORD.findall(page)]
        for page in pages
    ]


def sizes(pdf: Path) -> list[float]:
    """Every word's type size in pt, smallest first."""
    return sorted((w[3] - w[1]) / BOX_EM for page in words(pdf) for w in page)


@pytest.mark.parametrize("paper", ["A3", "A0", "A4"])
def test_the_blank_emotion_lane_is_a_scale_60_mm_high_named_at_its_ends(
    example: Path, paper: str
) -> None:
    code, output, pdf = make(example, "b2b/first-purchase", "--blank", "--paper", paper)
    assert code == 0, output
    scales = 0
    for page in words(pdf):
        ticks = {w[4]: w for w in page if w[4] in ("+2", "+1", "0", "\u22121", "\u22122")}
        if len(ticks) < 5:
            continue
        scales += 1
        tops = [ticks[t][1] for t in ("+2", "+1", "0", "\u22121", "\u22122")]
        assert tops == sorted(tops)  # +2 on top, -2 at the bottom
        assert (tops[-1] - tops[0]) / MM >= 60
        assert min(b - a for a, b in itertools.pairwise(tops)) / MM >= 14
        text = " ".join(w[4] for w in page)
        assert "+2 very positive" in text and "\u22122 very negative" in text
    assert scales >= 1


def test_the_blank_scale_is_named_in_the_sites_language(tmp_path: Path) -> None:
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    site = root / "site.yaml"
    text = re.sub(r"(?m)^language: .*$", "language: it", site.read_text(encoding="utf-8"))
    site.write_text(text, encoding="utf-8")
    code, output, pdf = make(root, "workshop/blank-map", "--blank")
    assert code == 0, output
    text = " ".join(w[4] for page in words(pdf) for w in page)
    assert "molto positivo" in text and "molto negativo" in text


def test_a_users_own_print_stylesheet_leaves_the_blank_words_in_their_rows(
    tmp_path: Path,
) -> None:
    # a user's print-map.css replaces ours whole: the words still sit over the grid,
    # in the stage, step and lane rows at the top of the sheet, not heaped below it
    root = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, root)
    own = tmp_path / "templates" / "assets"  # beside the root, where a user keeps them
    own.mkdir(parents=True)
    (own / "print-map.css").write_text(
        "html { font-family: 'DejaVu Sans Condensed', sans-serif; color: #000; }\n",
        encoding="utf-8",
    )
    code, output, pdf = make(root, "b2b/first-purchase", "--blank")
    assert code == 0, output
    first = words(pdf)[0]
    height = 297 * MM  # A3 landscape

    def top(word: str) -> float:
        return next(w[1] for w in first if w[4] == word)

    assert top("Stage") < top("Step") < top("Searches") < top("DOING") < height / 3
    assert top("Awareness") < top("Searches")


def test_a_blank_map_keeps_its_step_titles_and_names_its_moments_of_truth(
    example: Path,
) -> None:
    code, output, pdf = make(example, "b2b/first-purchase", "--blank")
    assert code == 0, output
    text = " ".join(w[4] for page in words(pdf) for w in page)
    assert "Searches for a management software" in text
    assert "\u2605 Moment of truth" in text  # never a yellow cell alone
    lanes = {"DOING", "TOUCHPOINT", "THINKING", "FEELING", "EMOTION", "PAINS"}
    found = {w for w in text.split() if w.isupper() and len(w) > 3}
    assert lanes <= found and "OPPORTUNIT" in text
    assert not {"METRICS", "EVIDENCE", "BACKSTAGE"} & found  # the team's homework


def test_rows_a_note_high_go_on_over_further_sheets(example: Path) -> None:
    code, output, pdf = make(example, "b2b/first-purchase", "--blank", "--lanes", "doing,pains")
    assert code == 0, output
    pages = words(pdf)
    for page in pages:
        labels = [w for w in page if w[4] in ("DOING", "PAINS")]
        if len(labels) == 2:  # one row's label to the next: a 76 mm note's height at least
            assert abs(labels[1][1] - labels[0][1]) / MM >= 76
    text = " ".join(w[4] for page in pages for w in page)
    assert "THINKING" not in text


def test_empty_columns_name_no_step(example: Path) -> None:
    code, output, pdf = make(
        example, "b2b/first-purchase", "--blank", "--columns", "5", "--lanes", "emotion"
    )
    assert code == 0, output
    pages = words(pdf)
    assert len(pages) == 1
    text = " ".join(w[4] for w in pages[0])
    assert "Searches" not in text and "Awareness" not in text
    code, output, pdf = make(example, "b2b/first-purchase", "--blank", "--no-titles")
    assert code == 0, output
    assert "Searches" not in " ".join(w[4] for page in words(pdf) for w in page)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--columns", "4"], "Error: --columns is for a blank map: add --blank\n"),
        (["--no-titles"], "Error: --no-titles is for a blank map: add --blank\n"),
        (
            ["--blank", "--lanes", "doing,emotoin"],
            "Error: --lanes: no lane 'emotoin' (did you mean 'emotion'?); the lanes are "
            "doing, touchpoint, channel, thinking, feeling, emotion, pains, opportunities, "
            "expectation, reality, backstage, owner, metrics, evidence, kpi\n",
        ),
        (["--blank", "--columns", "0"], "Error: Invalid value for '--columns': 0 is not in "),
    ],
)
def test_the_blank_options_refuse_what_makes_no_sense(
    example: Path, args: list[str], message: str
) -> None:
    code, output, _ = make(example, "b2b/first-purchase", *args)
    assert code == 2
    assert output.splitlines()[-1].startswith(message.rstrip("\n"))


@pytest.mark.parametrize("paper", ["A3", "A1", "A4"])
def test_the_densest_poster_keeps_its_type_on_every_paper(example: Path, paper: str) -> None:
    code, output, pdf = make(example, "b2b/first-purchase", "--paper", paper)
    assert code == 0, output
    found = sizes(pdf)
    assert statistics.median(found) >= 9 - 0.05
    assert found[len(found) // 10] >= 7.5 - 0.05
    assert found[0] >= 7.5 - 0.05  # lane labels, badges, chips' status and quotes' sources


def test_a_poster_of_several_sheets_names_the_paper_that_holds_it_on_one(
    example: Path,
) -> None:
    code, output, pdf = make(example, "b2b/first-purchase", "--paper", "A3")
    assert code == 0, output
    sheets = len(words(pdf))
    assert sheets > 1
    assert f"b2b/first-purchase: {sheets} sheets of A3" in output
    assert "one sheet of A1 holds it" in output
    first = " ".join(w[4] for w in words(pdf)[0])
    assert "whole on one sheet of A1" in first
    code, output, pdf = make(example, "b2b/first-purchase", "--paper", "A1")
    assert code == 0, output
    assert len(words(pdf)) == 1 and "holds it" not in output
