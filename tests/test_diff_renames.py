"""`journeymap diff` on renames: a stage or step under a new name is one line, not a removal
and an addition; moved, renamed and edited are told apart. Ids are left to the titles here,
as most authors leave them, so a new title is a new id too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_diff_repo import git, write

from generator.cli import cli

JOURNEY = """
title: Richiesta di un preventivo
persona: marco
stages:
  - name: Consapevolezza
    description: Scopre che esistiamo
    steps:
      - {title: Legge una recensione, emotion: 1}
      - {title: Guarda un video, emotion: 0}
  - name: Considerazione
    steps:
      - {title: Confronta i prezzi, emotion: -1}
      - {title: Compila il modulo del preventivo, emotion: -2}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one commit holds JOURNEY; the working tree is edited by each test."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"site.yaml": "title: Percorsi\n", "personas/marco.yaml": "name: Marco\n"})
    write(repo, {"preventivo.yaml": JOURNEY})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Il percorso del preventivo")
    monkeypatch.chdir(repo)
    return repo


def diff_after(repo: Path, journey: str) -> str:
    """The text diff from HEAD to the working tree where the journey reads `journey`."""
    write(repo, {"preventivo.yaml": journey})
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--root", "."])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def changes(output: str) -> list[str]:
    """The lines about the one journey, after the summary and its heading."""
    return [line.strip() for line in output.splitlines()[3:]]


def test_a_stage_renamed_is_one_line(repo: Path) -> None:
    output = diff_after(repo, JOURNEY.replace("name: Consapevolezza", "name: Scoperta"))
    assert output == (
        "Journeys changed from HEAD to the working tree: 0 added, 0 removed, 1 changed.\n"
        "\n"
        "changed preventivo: Richiesta di un preventivo\n"
        '  stage renamed: "Consapevolezza" -> "Scoperta"\n'
    )


def test_a_stage_renamed_and_edited_is_still_the_same_stage(repo: Path) -> None:
    journey = JOURNEY.replace("name: Consapevolezza", "name: Scoperta è il nome").replace(
        "description: Scopre che esistiamo", "description: Scopre che esistiamo, per caso"
    )
    journey = journey.replace(
        "      - {title: Guarda un video, emotion: 0}\n",
        "      - {title: Guarda un video, emotion: 1}\n      - {title: Chiede a un collega}\n",
    )
    assert changes(diff_after(repo, journey)) == [
        'stage renamed: "Consapevolezza" -> "Scoperta è il nome"',
        'stage edited: "Scoperta è il nome": description',
        'emotion rose: "Guarda un video": 0 -> 1',
        'step added: "Chiede a un collega" in "Scoperta è il nome"',
    ]


def test_a_stage_renamed_with_a_step_renamed_inside(repo: Path) -> None:
    journey = JOURNEY.replace("name: Considerazione", "name: Valutazione").replace(
        "title: Confronta i prezzi,", "title: Confronta i prezzi in euro,"
    )
    assert changes(diff_after(repo, journey)) == [
        'stage renamed: "Considerazione" -> "Valutazione"',
        'step renamed: "Confronta i prezzi" -> "Confronta i prezzi in euro" '
        "(anchor #confronta-i-prezzi -> #confronta-i-prezzi-in-euro)",
    ]


def test_a_step_renamed_and_moved_says_both_in_one_line(repo: Path) -> None:
    journey = JOURNEY.replace("      - {title: Guarda un video, emotion: 0}\n", "").replace(
        "      - {title: Confronta i prezzi, emotion: -1}\n",
        "      - {title: Confronta i prezzi, emotion: -1}\n"
        "      - {title: Guarda un video sul prodotto, emotion: 0}\n",
    )
    assert changes(diff_after(repo, journey)) == [
        'step renamed and moved: "Guarda un video" -> "Guarda un video sul prodotto", '
        'from "Consapevolezza" to "Considerazione" '
        "(anchor #guarda-un-video -> #guarda-un-video-sul-prodotto)",
    ]


def test_moved_renamed_and_edited_are_told_apart(repo: Path) -> None:
    journey = (
        JOURNEY.replace("      - {title: Guarda un video, emotion: 0}\n", "")
        .replace(
            "      - {title: Confronta i prezzi, emotion: -1}\n",
            "      - {title: Guarda un video, emotion: 0}\n"
            "      - {title: Confronta i prezzi, emotion: -1}\n",
        )
        .replace("Legge una recensione, emotion: 1", "Legge due recensioni, emotion: 1")
        .replace("emotion: -2", "emotion: -1")
    )
    assert changes(diff_after(repo, journey)) == [
        'step renamed: "Legge una recensione" -> "Legge due recensioni" '
        "(anchor #legge-una-recensione -> #legge-due-recensioni)",
        'step moved: "Guarda un video" from "Consapevolezza" to "Considerazione"',
        'emotion rose: "Compila il modulo del preventivo": -2 -> -1',
    ]
