"""A journey repository with a known history, built with git itself, for diff and history tests.

The content root is a subfolder (`docs/journeys`), three authors commit at
pinned dates, and the texts are Italian, accents included.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

ROOT = "docs/journeys"

SITE = """
title: Percorsi dei clienti
language: it
departments:
  marketing: {label: Marketing}
  vendite: {label: Vendite}
"""

MARCO = "name: Marco\nrole: Responsabile IT\n"
GIULIA = "name: Giulia\nrole: Direttrice finanziaria\n"

ACQUISTO_1 = """
title: Primo acquisto di un gestionale
persona: [marco, giulia]
stages:
  - name: Consapevolezza
    id: consapevolezza
    steps:
      - id: recensione
        title: Legge una recensione
        emotion: {marco: 1}
      - title: Chiede una demo
        id: demo
        emotion: {marco: -1, giulia: 1}
        channel: web
        owner: marketing
        pains: [Il modulo è troppo lungo, Nessun prezzo sul sito]
        metrics: {drop_off: 35%}
      - title: Guarda un video
        emotion: {marco: 0}
  - name: Considerazione
    id: considerazione
    steps:
      - title: Confronta i prezzi
        emotion: {marco: 0, giulia: -1}
        opportunities: [Un listino pubblico]
"""

ACQUISTO_2 = """
title: Primo acquisto di un gestionale
persona: [marco, giulia]
stages:
  - name: Consapevolezza
    id: consapevolezza
    steps:
      - id: recensione
        title: Legge una recensione sul blog è utile
        emotion: {marco: 1}
  - name: Valutazione delle offerte
    id: considerazione
    steps:
      - title: Scarica il listino
        emotion: {giulia: 1}
      - title: Confronta i prezzi in euro
        emotion: {marco: 0, giulia: -1}
        opportunities: [Un listino pubblico]
      - title: Chiede una demo
        id: demo
        emotion: {marco: 1, giulia: -2}
        channel: phone
        owner: vendite
        pains: [Nessun prezzo sul sito, La demo arriva dopo una settimana]
        metrics: {drop_off: 20%}
"""

# the file moves; `id:` keeps the journey's id, so it is the same journey
ACQUISTO_3 = "id: b2b/acquisto\n" + ACQUISTO_2.lstrip("\n")

RECLAMO = """
title: Reclamo al servizio clienti
persona: giulia
stages:
  - name: Segnalazione
    steps:
      - title: Scrive una email
        emotion: -1
        channel: email
"""

RESO = """
title: Reso di un ordine
persona: marco
stages:
  - name: Richiesta
    steps:
      - title: Apre la pagina dei resi
        emotion: 0
      - title: Stampa l'etichetta
        emotion: -1
  - name: Rimborso
    steps: []
"""

# the working tree, not committed: a stage added, a pain resolved
ACQUISTO_WORK = (
    ACQUISTO_3.replace(
        "pains: [Nessun prezzo sul sito, La demo arriva dopo una settimana]",
        "pains: [La demo arriva dopo una settimana]",
    )
    + "  - name: Acquisto\n    steps: []\n"
)

COMMITS = [
    # (author, date, subject, files to write (None: delete), renames)
    (
        "Alice Bianchi",
        "2026-01-10T09:00:00+01:00",
        "Prima mappa: acquisto e reclamo",
        {
            "site.yaml": SITE,
            "personas/marco.yaml": MARCO,
            "personas/giulia.yaml": GIULIA,
            "b2b/acquisto.yaml": ACQUISTO_1,
            "servizio/reclamo.yaml": RECLAMO,
        },
    ),
    (
        "Bruno Esposito",
        "2026-02-03T14:30:00+01:00",
        "La demo passa alla considerazione; emozioni dopo le interviste",
        {"b2b/acquisto.yaml": ACQUISTO_2},
    ),
    (
        "Chiara Ricci",
        "2026-03-05T18:15:00+01:00",
        "Reso aggiunto, reclamo tolto, file rinominato",
        {
            "b2b/acquisto.yaml": None,
            "b2b/primo-acquisto.yaml": ACQUISTO_3,
            "servizio/reclamo.yaml": None,
            "ecommerce/reso.yaml": RESO,
        },
    ),
]


def git(repo: Path, *args: str, date: str = "2026-01-01T00:00:00+00:00", author: str = "") -> str:
    environment = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    name = author or "Test"
    email = name.lower().replace(" ", ".") + "@example.org"
    return subprocess.run(
        ["git", "-c", f"user.name={name}", "-c", f"user.email={email}", *args],
        cwd=repo,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def write(root: Path, files: dict[str, str | None]) -> None:
    for relative, text in files.items():
        path = root / relative
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def build(repo: Path) -> Path:
    """The repository at `repo` with COMMITS made, the working tree edited; returns the root."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    root = repo / ROOT
    for author, date, subject, files in COMMITS:
        write(root, files)
        git(repo, "add", "-A", ROOT)
        git(repo, "commit", "-q", "-m", subject, date=date, author=author)
    write(root, {"b2b/primo-acquisto.yaml": ACQUISTO_WORK})
    return root
