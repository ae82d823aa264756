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
        "Journeys changed from HEAD~1 to HEAD: 0 added, 0 removed, 1 changed; "
        "opportunities: 1 added, 1 removed, 1 changed; studies: 1 added, 0 removed.\n"
        "\n"
        "changed b2b/acquisto: Primo acquisto di un gestionale\n"
        '  evidence added: "Chiede una demo": sondaggio-resi\n'
        '  evidence removed: "Chiede una demo": Ticket di assistenza\n'
        "\n"
        "opportunity added resi/etichetta-prepagata: Etichetta di reso prepagata\n"
        "opportunity removed demo/demo-registrata: Una demo registrata\n"
        "opportunity prezzi/listino-pubblico: status planned -> done\n"
        "opportunity prezzi/listino-pubblico: owner marketing -> vendite\n"
        "opportunity prezzi/listino-pubblico: impact 4 -> 5\n"
        "opportunity prezzi/listino-pubblico: effort 2 -> 3\n"
        "opportunity prezzi/listino-pubblico: target none -> 2026-09-30\n"
        "\n"
        "study added sondaggio-resi: Sondaggio sui resi, 300 risposte\n",
        "",
    )


def test_a_reviewed_backlog_as_markdown(repo: Path) -> None:
    assert run("HEAD~1", "HEAD", "--format", "markdown") == (
        0,
        "**journeymap**: Journeys changed from `HEAD~1` to `HEAD`: 0 added, 0 removed, "
        "1 changed; opportunities: 1 added, 1 removed, 1 changed; studies: 1 added, 0 removed.\n"
        "\n"
        "### Changed: Primo acquisto di un gestionale (`b2b/acquisto`)\n"
        "\n"
        "- **Chiede una demo**\n"
        "  - evidence added: sondaggio-resi\n"
        "  - evidence removed: Ticket di assistenza\n"
        "\n"
        "### Opportunities\n"
        "\n"
        "- opportunity added: **Etichetta di reso prepagata** (`resi/etichetta-prepagata`)\n"
        "- opportunity removed: **Una demo registrata** (`demo/demo-registrata`)\n"
        "- opportunity `prezzi/listino-pubblico`: status planned -> done\n"
        "- opportunity `prezzi/listino-pubblico`: owner marketing -> vendite\n"
        "- opportunity `prezzi/listino-pubblico`: impact 4 -> 5\n"
        "- opportunity `prezzi/listino-pubblico`: effort 2 -> 3\n"
        "- opportunity `prezzi/listino-pubblico`: target none -> 2026-09-30\n"
        "\n"
        "### Studies\n"
        "\n"
        "- study added: **Sondaggio sui resi, 300 risposte** (`sondaggio-resi`)\n",
        "",
    )


def test_backwards_the_study_and_the_evidence_go(repo: Path) -> None:
    assert run("HEAD", "HEAD~2") == (
        0,
        "Journeys changed from HEAD to HEAD~2: 0 added, 0 removed, 1 changed; "
        "opportunities: 0 added, 2 removed, 0 changed; studies: 0 added, 2 removed.\n"
        "\n"
        "changed b2b/acquisto: Primo acquisto di un gestionale\n"
        '  evidence removed: "Chiede una demo": interviste-2026\n'
        '  evidence removed: "Chiede una demo": sondaggio-resi\n'
        "\n"
        "opportunity removed prezzi/listino-pubblico: Pubblicare un listino è più onesto\n"
        "opportunity removed resi/etichetta-prepagata: Etichetta di reso prepagata\n"
        "\n"
        "study removed interviste-2026: Dodici interviste a responsabili IT\n"
        "study removed sondaggio-resi: Sondaggio sui resi, 300 risposte\n",
        "",
    )


def test_only_the_backlog_changed(repo: Path) -> None:
    root = repo / ROOT
    path = root / "opportunities/resi/etichetta-prepagata.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("in-progress", "dropped"), "utf-8")
    # against the working tree, as before a commit
    assert run("HEAD") == (
        0,
        "No journey changed from HEAD to the working tree; "
        "opportunities: 0 added, 0 removed, 1 changed.\n"
        "\n"
        "opportunity resi/etichetta-prepagata: status in-progress -> dropped\n",
        "",
    )
    assert run("HEAD", "--format", "markdown")[1].splitlines()[0] == (
        "**journeymap**: No journey changed from `HEAD` to the working tree; "
        "opportunities: 0 added, 0 removed, 1 changed."
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
