"""`journeymap diff` of opportunities, studies and a step's evidence, on a real repository.

Two commits on top of the history of test_diff_repo: a backlog and a study
arrive, then the backlog is reviewed (a status, an owner, the ratings and a
target change; one opportunity goes, one comes) and a second study replaces a
line of free-text evidence on a step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_diff_repo import ROOT, build, git, write

from generator.cli import cli

INTERVISTE = """
title: Dodici interviste a responsabili IT
method: interviews
date: 2026-03-15
quotes:
  - text: "Perché devo chiamare per sapere un prezzo?"
    who: Responsabile IT, azienda di 40 persone
    step: b2b/acquisto#demo
"""

LISTINO = """
title: Pubblicare un listino è più onesto
status: planned
owner: marketing
impact: 4
effort: 2
addresses: [b2b/acquisto#demo]
evidence: [interviste-2026]
"""

DEMO = """
title: Una demo registrata
addresses: [b2b/acquisto#demo]
"""

ETICHETTA = """
title: Etichetta di reso prepagata
status: in-progress
addresses: [ecommerce/reso#stampa-l-etichetta]
evidence: [sondaggio-resi]
"""

SONDAGGIO = """
title: Sondaggio sui resi, 300 risposte
method: survey
"""


def _acquisto(root: Path, evidence: str) -> str:
    text = (root / "b2b/primo-acquisto.yaml").read_text(encoding="utf-8")
    return text.replace("        id: demo\n", f"        id: demo\n        evidence: {evidence}\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    root = build(repo)
    git(repo, "checkout", "-q", "--", ".")  # the working tree's edit is not ours
    plain = (root / "b2b/primo-acquisto.yaml").read_text(encoding="utf-8")
    write(
        root,
        {
            "research/interviste-2026.yaml": INTERVISTE,
            "opportunities/prezzi/listino-pubblico.yaml": LISTINO,
            "opportunities/demo/demo-registrata.yaml": DEMO,
            "b2b/primo-acquisto.yaml": _acquisto(root, "[interviste-2026, Ticket di assistenza]"),
        },
    )
    git(repo, "add", "-A", ROOT)
    git(repo, "commit", "-q", "-m", "Il backlog", date="2026-04-01T10:00:00+02:00")
    (root / "b2b/primo-acquisto.yaml").write_text(plain, encoding="utf-8")
    reviewed = LISTINO.replace("planned", "done").replace("marketing", "vendite")
    reviewed = reviewed.replace("impact: 4", "impact: 5").replace("effort: 2", "effort: 3")
    write(
        root,
        {
            "opportunities/prezzi/listino-pubblico.yaml": reviewed + "target: 2026-09-30\n",
            "opportunities/demo/demo-registrata.yaml": None,
            "opportunities/resi/etichetta-prepagata.yaml": ETICHETTA,
            "research/sondaggio-resi.yaml": SONDAGGIO,
            "b2b/primo-acquisto.yaml": _acquisto(root, "[interviste-2026, sondaggio-resi]"),
        },
    )
    git(repo, "add", "-A", ROOT)
    git(repo, "commit", "-q", "-m", "Il backlog rivisto", date="2026-05-01T10:00:00+02:00")
    monkeypatch.chdir(repo)
    return repo


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["diff", *args, "--root", ROOT])
    return result.exit_code, result.stdout, result.stderr


def test_a_reviewed_backlog_as_text(repo: Path) -> None:
    assert run("HEAD~1", "HEAD") == (
        0,
        "Percorsi cambiati da HEAD~1 a HEAD: aggiunti 0, rimossi 0, modificati 1; "
        "opportunità: aggiunte 1, rimosse 1, modificate 1; studi: aggiunti 1, rimossi 0.\n"
        "\n"
        "modificato b2b/acquisto: Primo acquisto di un gestionale\n"
        '  fonte aggiunta: "Chiede una demo": sondaggio-resi\n'
        '  fonte rimossa: "Chiede una demo": Ticket di assistenza\n'
        "\n"
        "opportunità aggiunta resi/etichetta-prepagata: Etichetta di reso prepagata\n"
        "opportunità rimossa demo/demo-registrata: Una demo registrata\n"
        "opportunità prezzi/listino-pubblico: status planned -> done\n"
        "opportunità prezzi/listino-pubblico: owner marketing -> vendite\n"
        "opportunità prezzi/listino-pubblico: impact 4 -> 5\n"
        "opportunità prezzi/listino-pubblico: effort 2 -> 3\n"
        "opportunità prezzi/listino-pubblico: target nessuno -> 2026-09-30\n"
        "\n"
        "studio aggiunto sondaggio-resi: Sondaggio sui resi, 300 risposte\n",
        "",
    )


def test_a_reviewed_backlog_as_markdown(repo: Path) -> None:
    assert run("HEAD~1", "HEAD", "--format", "markdown") == (
        0,
        "**journeymap**: Percorsi cambiati da `HEAD~1` a `HEAD`: aggiunti 0, rimossi 0, "
        "modificati 1; opportunità: aggiunte 1, rimosse 1, modificate 1; "
        "studi: aggiunti 1, rimossi 0.\n"
        "\n"
        "### Modificato: Primo acquisto di un gestionale (`b2b/acquisto`)\n"
        "\n"
        "- **Chiede una demo**\n"
        "  - fonte aggiunta: sondaggio-resi\n"
        "  - fonte rimossa: Ticket di assistenza\n"
        "\n"
        "### Opportunità\n"
        "\n"
        "- opportunità aggiunta: **Etichetta di reso prepagata** (`resi/etichetta-prepagata`)\n"
        "- opportunità rimossa: **Una demo registrata** (`demo/demo-registrata`)\n"
        "- opportunità `prezzi/listino-pubblico`: status planned -> done\n"
        "- opportunità `prezzi/listino-pubblico`: owner marketing -> vendite\n"
        "- opportunità `prezzi/listino-pubblico`: impact 4 -> 5\n"
        "- opportunità `prezzi/listino-pubblico`: effort 2 -> 3\n"
        "- opportunità `prezzi/listino-pubblico`: target nessuno -> 2026-09-30\n"
        "\n"
        "### Studi\n"
        "\n"
        "- studio aggiunto: **Sondaggio sui resi, 300 risposte** (`sondaggio-resi`)\n",
        "",
    )


def test_backwards_the_study_and_the_evidence_go(repo: Path) -> None:
    assert run("HEAD", "HEAD~2") == (
        0,
        "Percorsi cambiati da HEAD a HEAD~2: aggiunti 0, rimossi 0, modificati 1; "
        "opportunità: aggiunte 0, rimosse 2, modificate 0; studi: aggiunti 0, rimossi 2.\n"
        "\n"
        "modificato b2b/acquisto: Primo acquisto di un gestionale\n"
        '  fonte rimossa: "Chiede una demo": interviste-2026\n'
        '  fonte rimossa: "Chiede una demo": sondaggio-resi\n'
        "\n"
        "opportunità rimossa prezzi/listino-pubblico: Pubblicare un listino è più onesto\n"
        "opportunità rimossa resi/etichetta-prepagata: Etichetta di reso prepagata\n"
        "\n"
        "studio rimosso interviste-2026: Dodici interviste a responsabili IT\n"
        "studio rimosso sondaggio-resi: Sondaggio sui resi, 300 risposte\n",
        "",
    )


def test_only_the_backlog_changed(repo: Path) -> None:
    root = repo / ROOT
    path = root / "opportunities/resi/etichetta-prepagata.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("in-progress", "dropped"), "utf-8")
    # against the working tree, as before a commit
    assert run("HEAD") == (
        0,
        "Nessun percorso cambiato da HEAD alla copia di lavoro; "
        "opportunità: aggiunte 0, rimosse 0, modificate 1.\n"
        "\n"
        "opportunità resi/etichetta-prepagata: status in-progress -> dropped\n",
        "",
    )
    assert run("HEAD", "--format", "markdown")[1].splitlines()[0] == (
        "**journeymap**: Nessun percorso cambiato da `HEAD` alla copia di lavoro; "
        "opportunità: aggiunte 0, rimosse 0, modificate 1."
    )


def test_an_invalid_opportunity_in_a_revision_stops_the_comparison(repo: Path) -> None:
    path = repo / ROOT / "opportunities/resi/etichetta-prepagata.yaml"
    path.write_text(ETICHETTA.lstrip() + "impact: 7\n", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Rotto")
    code, output, errors = run("HEAD~1", "HEAD")
    assert (code, output) == (1, "")
    assert errors.splitlines()[:2] == [
        "error: the journeys in HEAD are not valid; nothing was compared",
        "HEAD:docs/journeys/opportunities/resi/etichetta-prepagata.yaml:5:9: error: "
        "impact: expected a whole number from 1 to 5, got 7",
    ]
