"""The words of `journeymap diff` in the site's language: both catalogs say the same things,
and a pull request of an Italian site reads in Italian, renames included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_diff_renames import JOURNEY
from test_diff_repo import git, write

from generator.cli import cli
from generator.history.formats import CATALOGS, words


def test_every_language_has_the_same_words() -> None:
    english = yaml.safe_load((CATALOGS / "en.yaml").read_text(encoding="utf-8"))
    italian = yaml.safe_load((CATALOGS / "it.yaml").read_text(encoding="utf-8"))
    assert sorted(italian) == sorted(english)
    assert words("fr") == words("en")  # a language without words falls back on English


@pytest.fixture
def italian_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(
        repo, {"site.yaml": "title: Percorsi\nlanguage: it\n", "personas/marco.yaml": "name: M\n"}
    )
    write(repo, {"preventivo.yaml": JOURNEY})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Il percorso del preventivo")
    monkeypatch.chdir(repo)
    return repo


def test_a_pull_request_of_an_italian_site_reads_in_italian(italian_repo: Path) -> None:
    journey = (
        JOURNEY.replace("name: Consapevolezza", "name: Perché è qui")
        .replace("      - {title: Confronta i prezzi, emotion: -1}\n", "")
        .replace(
            "      - {title: Guarda un video, emotion: 0}\n",
            "      - {title: Guarda un video, emotion: 0}\n"
            "      - {title: Confronta i prezzi più bassi, emotion: -1}\n",
        )
    )
    write(italian_repo, {"preventivo.yaml": journey})
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--root", ".", "--format", "markdown"])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout == (
        "**journeymap**: Percorsi cambiati da `HEAD` alla copia di lavoro: "
        "aggiunti 0, rimossi 0, modificati 1.\n"
        "\n"
        "### Modificato: Richiesta di un preventivo (`preventivo`)\n"
        "\n"
        "- fase rinominata: **Consapevolezza** -> **Perché è qui**\n"
        "- passo rinominato e spostato: **Confronta i prezzi** -> "
        "**Confronta i prezzi più bassi**, "
        "da **Considerazione** a **Perché è qui** "
        "(ancora `#confronta-i-prezzi` -> `#confronta-i-prezzi-piu-bassi`)\n"
    )
    text = CliRunner().invoke(cli, ["diff", "HEAD", "--root", "."]).stdout
    assert text.splitlines()[2:4] == [
        "modificato preventivo: Richiesta di un preventivo",
        '  fase rinominata: "Consapevolezza" -> "Perché è qui"',
    ]
