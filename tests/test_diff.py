"""`journeymap diff` on a real repository: exact output in both formats, and its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_diff_repo import ROOT, build, git, write

from generator.cli import cli

TEXT_HEAD2_HEAD = """\
Percorsi cambiati da HEAD~2 a HEAD: aggiunti 1, rimossi 1, modificati 1.

modificato b2b/acquisto: Primo acquisto di un gestionale
  file rinominato: b2b/acquisto.yaml -> b2b/primo-acquisto.yaml
  fase rinominata: "Considerazione" -> "Valutazione delle offerte"
  passo rinominato: "Legge una recensione" -> "Legge una recensione sul blog è utile"
  passo aggiunto: "Scarica il listino" in "Valutazione delle offerte"
  passo rinominato: "Confronta i prezzi" -> "Confronta i prezzi in euro" \
(ancora #confronta-i-prezzi -> #confronta-i-prezzi-in-euro)
  passo spostato: "Chiede una demo" da "Consapevolezza" a "Valutazione delle offerte"
  emozione salita: "Chiede una demo", marco: -1 -> 1
  emozione scesa: "Chiede una demo", giulia: 1 -> -2
  difficoltà aggiunta: "Chiede una demo": La demo arriva dopo una settimana
  difficoltà risolta: "Chiede una demo": Il modulo è troppo lungo
  canale: "Chiede una demo": web -> phone
  responsabile: "Chiede una demo": marketing -> vendite
  metrica: "Chiede una demo", drop_off: 35% -> 20%
  passo rimosso: "Guarda un video" da "Consapevolezza"

aggiunto ecommerce/reso: Reso di un ordine
  2 fasi, 2 passi

rimosso servizio/reclamo: Reclamo al servizio clienti
  1 fase, 1 passo
"""

MARKDOWN_HEAD2_WORKING_TREE = """\
**journeymap**: Percorsi cambiati da `HEAD~2` alla copia di lavoro: \
aggiunti 1, rimossi 1, modificati 1.

### Modificato: Primo acquisto di un gestionale (`b2b/acquisto`)

- file rinominato: `b2b/acquisto.yaml` -> `b2b/primo-acquisto.yaml`
- fase rinominata: **Considerazione** -> **Valutazione delle offerte**
- fase aggiunta: **Acquisto**
- passo rinominato: **Legge una recensione** -> **Legge una recensione sul blog è utile**
- passo aggiunto: **Scarica il listino** in **Valutazione delle offerte**
- passo rinominato: **Confronta i prezzi** -> **Confronta i prezzi in euro** \
(ancora `#confronta-i-prezzi` -> `#confronta-i-prezzi-in-euro`)
- **Chiede una demo**
  - passo spostato da **Consapevolezza** a **Valutazione delle offerte**
  - emozione salita, `marco`: -1 -> 1
  - emozione scesa, `giulia`: 1 -> -2
  - difficoltà aggiunta: La demo arriva dopo una settimana
  - difficoltà risolta: Il modulo è troppo lungo
  - difficoltà risolta: Nessun prezzo sul sito
  - canale: web -> phone
  - responsabile: marketing -> vendite
  - metrica, `drop_off`: 35% -> 20%
- passo rimosso: **Guarda un video** da **Consapevolezza**

### Aggiunto: Reso di un ordine (`ecommerce/reso`)

2 fasi, 2 passi.

### Rimosso: Reclamo al servizio clienti (`servizio/reclamo`)

1 fase, 1 passo.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository of test_diff_repo, as the current folder."""
    build(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_two_revisions_as_text(repo: Path) -> None:
    assert run("HEAD~2", "HEAD", "--root", ROOT) == (0, TEXT_HEAD2_HEAD, "")


def test_a_revision_and_the_working_tree_as_markdown(repo: Path) -> None:
    code, output, errors = run("HEAD~2", "--root", ROOT, "--format", "markdown")
    assert (code, errors) == (0, "")
    assert output == MARKDOWN_HEAD2_WORKING_TREE


def test_a_file_renamed_with_the_same_id_is_the_same_journey(repo: Path) -> None:
    os.chdir("docs")  # a root given relative to a subfolder of the repository
    assert run("HEAD~1", "HEAD", "--root", "journeys") == (
        0,
        "Percorsi cambiati da HEAD~1 a HEAD: aggiunti 1, rimossi 1, modificati 1.\n"
        "\n"
        "modificato b2b/acquisto: Primo acquisto di un gestionale\n"
        "  file rinominato: b2b/acquisto.yaml -> b2b/primo-acquisto.yaml\n"
        "\n"
        "aggiunto ecommerce/reso: Reso di un ordine\n"
        "  2 fasi, 2 passi\n"
        "\n"
        "rimosso servizio/reclamo: Reclamo al servizio clienti\n"
        "  1 fase, 1 passo\n",
        "",
    )


def test_no_change(repo: Path) -> None:
    assert run("HEAD", "HEAD", "--root", ROOT) == (
        0,
        "Nessun percorso cambiato da HEAD a HEAD.\n",
        "",
    )
    assert run("main", "HEAD", "--root", ROOT, "--format", "markdown") == (
        0,
        "**journeymap**: Nessun percorso cambiato da `main` a `HEAD`.\n",
        "",
    )


def test_a_root_that_no_revision_has_is_an_error(repo: Path) -> None:
    assert run("HEAD~2", "HEAD", "--root", "docs/altro") == (
        1,
        "",
        "Error: no content root 'docs/altro' at HEAD~2 or at HEAD: "
        "pass the folder of your journeys with --root\n",
    )
    os.chdir(ROOT + "/b2b")  # the default root, from a folder that has none
    assert run("HEAD~1", "HEAD") == (
        1,
        "",
        "Error: no content root 'journeys' (docs/journeys/b2b/journeys in the repository) "
        "at HEAD~1 or at HEAD: pass the folder of your journeys with --root\n",
    )
    assert run("HEAD", "HEAD", "--root", "altro")[::2] == (
        1,
        "Error: no content root 'altro' (docs/journeys/b2b/altro in the repository) at HEAD: "
        "pass the folder of your journeys with --root\n",
    )
    os.mkdir("nuova")  # not committed yet
    assert run("HEAD~1", "HEAD", "--root", "nuova")[::2] == (
        1,
        "Error: no content root 'nuova' (docs/journeys/b2b/nuova in the repository) at HEAD~1 "
        "or at HEAD: it is in the working tree only: commit it, or leave out REV2 to compare "
        "with the working tree\n",
    )
    # the working tree lacks it too
    assert run("HEAD~1", "--root", "altro")[::2] == (
        1,
        "Error: no content root at 'altro': pass the folder of your journeys, "
        "or create one with 'journeymap init'\n",
    )


def test_links_in_a_revision_are_checked_as_in_the_working_tree(repo: Path) -> None:
    root = repo / ROOT
    (root / "alias.yaml").symlink_to("ecommerce/reso.yaml")
    (root / "doppio.yaml").symlink_to("b2b/primo-acquisto.yaml")  # the same id twice
    (root / "fuori.yaml").symlink_to(repo / "README.yaml")
    git(repo, "add", "-A", ROOT)
    git(repo, "commit", "-q", "-m", "Collegamenti")
    assert run("HEAD~1", "HEAD", "--root", ROOT)[::2] == (
        1,
        "error: the journeys in HEAD are not valid; nothing was compared\n"
        "HEAD:docs/journeys/b2b/primo-acquisto.yaml:1:5: error: journey id 'b2b/acquisto' is "
        "taken already by HEAD:docs/journeys/doppio.yaml\n"
        "HEAD:docs/journeys/fuori.yaml:1:1: error: 'fuori.yaml' is a link to a file outside "
        "the content root (README.yaml); it is not read: copy the file into the root instead\n"
        "2 errors, 0 warnings in 8 files\n",
    )
    (root / "fuori.yaml").unlink()
    (root / "doppio.yaml").unlink()
    git(repo, "commit", "-q", "-a", "-m", "Senza")
    code, output, _ = run("HEAD~2", "HEAD", "--root", ROOT)
    assert (code, output.splitlines()[2]) == (0, "aggiunto alias: Reso di un ordine")


def test_a_revision_before_the_root_existed_has_no_journeys(repo: Path) -> None:
    write(repo / "docs/nuovo", {"a.yaml": "title: Nuovo\nstages: [{name: Fase}]\n"})
    git(repo, "add", "-A", "docs/nuovo")
    git(repo, "commit", "-q", "-m", "Nuovo")
    assert run("HEAD~1", "HEAD", "--root", "docs/nuovo") == (
        0,
        "Journeys changed from HEAD~1 to HEAD: 1 added, 0 removed, 0 changed.\n"
        "\n"
        "added a: Nuovo\n"
        "  1 stage, 0 steps\n",
        "note: no content root 'docs/nuovo' at HEAD~1: every journey counts as added\n",
    )
    code, output, errors = run("HEAD", "HEAD~1", "--root", "docs/nuovo")
    assert (code, output.splitlines()[-2:]) == (0, ["removed a: Nuovo", "  1 stage, 0 steps"])
    assert errors == (
        "note: no content root 'docs/nuovo' at HEAD~1: every journey counts as removed\n"
    )


def test_an_invalid_revision_is_reported_with_its_places(repo: Path) -> None:
    path = repo / ROOT / "b2b/primo-acquisto.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("emotion: {marco: 1}\n", "emozione: 1\n", 1), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Rotto")
    expected_errors = (
        "error: the journeys in HEAD are not valid; nothing was compared\n"
        "HEAD:docs/journeys/b2b/primo-acquisto.yaml:10:9: error: "
        "unknown key 'emozione' (did you mean 'emotion'?)\n"
        "1 error, 0 warnings in 5 files\n"
    )
    assert run("HEAD~1", "HEAD", "--root", ROOT) == (1, "", expected_errors)
    # the working tree is named as `validate` names it
    assert run("HEAD~1", "--root", ROOT) == (
        1,
        "",
        expected_errors.replace("HEAD:", "").replace("in HEAD", "in the working tree"),
    )


def test_an_unknown_revision(repo: Path) -> None:
    assert run("v9.9", "--root", ROOT) == (
        1,
        "",
        "Error: unknown revision 'v9.9': no such commit, branch or tag\n",
    )
    # after `--` a revision may start with a dash; git must not read it as an option
    assert run("--root", ROOT, "--", "--output=x")[::2] == (
        1,
        "Error: unknown revision '--output=x': no such commit, branch or tag\n",
    )


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeys").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert run("HEAD") == (1, "", "Error: 'journeys' is not inside a Git repository\n")


def test_end_to_end_as_a_subprocess(repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~2", "HEAD", "--root", ROOT],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, TEXT_HEAD2_HEAD, "")


def test_files_other_than_yaml_exist_in_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a persona's photo is checked for existence: the revision must have it, under any name
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    root = repo / "journeys"
    (root / "personas").mkdir(parents=True)
    (root / "immagini").mkdir()
    (root / "immagini/foto è.png").write_bytes(b"\x89PNG")
    (root / "personas/sara.yaml").write_text(
        "name: Sara\nphoto: '../immagini/foto è.png'\n", encoding="utf-8"
    )
    (root / "visita.yaml").write_text(
        "title: Visita in negozio\npersona: sara\nstages: [{name: Entra}]\n", encoding="utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Sara")
    monkeypatch.chdir(repo)
    assert run("HEAD", "HEAD") == (0, "No journey changed from HEAD to HEAD.\n", "")
