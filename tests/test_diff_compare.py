"""The comparison itself, on journeys validated from files: what each kind of change reads as."""

from __future__ import annotations

from pathlib import Path

from conftest import WriteRoot

from generator.content.validate import check_root
from generator.history.diff import compare
from generator.history.formats import markdown, text

SITE = """
departments:
  marketing: {label: Marketing}
  vendite: {label: Vendite}
"""
PERSONAS = {"personas/marco.yaml": "name: Marco\n", "personas/giulia.yaml": "name: Giulia\n"}


def changes(write_root: WriteRoot, tmp_path: Path, before: str, after: str) -> str:
    """The text diff of one journey `j`, written `before` and `after`."""
    roots = []
    for name, journey in (("prima", before), ("dopo", after)):
        files = {"site.yaml": SITE, **PERSONAS, "j.yaml": journey}
        content = check_root(write_root(files, root=tmp_path / name))
        assert not content.errors, content.errors
        roots.append(content.journeys)
    lines = text(compare(*roots), "a", "b").splitlines()[3:]  # after the summary and the journey
    return "\n".join(line.strip() for line in lines)


def test_a_single_emotion_becomes_one_per_persona(write_root: WriteRoot, tmp_path: Path) -> None:
    before = """
    title: Rinnovo
    persona: [marco, giulia]
    stages:
      - name: Già cliente
        steps:
          - {title: Riceve la fattura, emotion: 0}
          - {title: Paga, emotion: 1}
          - {title: Scrive al supporto}
    """
    after = """
    title: Rinnovo
    persona: [marco, giulia]
    stages:
      - name: Già cliente
        steps:
          - {title: Riceve la fattura, emotion: {marco: 1, giulia: -1}}
          - {title: Paga, emotion: -1}
          - {title: Scrive al supporto, emotion: {giulia: -2}}
    """
    assert changes(write_root, tmp_path, before, after) == (
        'emotion rose: "Riceve la fattura", marco: 0 -> 1\n'
        'emotion fell: "Riceve la fattura", giulia: 0 -> -1\n'
        'emotion fell: "Paga": 1 -> -1\n'
        'emotion set: "Scrive al supporto", giulia: none -> -2'
    )


def test_journey_keys_stages_and_the_other_lanes(write_root: WriteRoot, tmp_path: Path) -> None:
    before = """
    title: Rinnovo
    persona: marco
    tags: [b2b]
    reviewed: 2026-01-10
    stages:
      - name: Scoperta
        steps:
          - title: Legge l'email
            touchpoint: Newsletter
            doing: Apre l'email
            metrics: {open_rate: 40%, clic: 12}
      - name: Scelta
        steps: []
    """
    after = """
    title: Rinnovo del contratto
    persona: [marco, giulia]
    tags: [b2b, rinnovo]
    reviewed: 2026-03-01
    state: future
    summary: Nuovo
    stages:
      - name: Scelta
        description: Confronta le offerte
        steps: []
      - name: Scoperta
        steps:
          - title: Legge l'email
            touchpoint: Newsletter di marzo
            doing: Apre l'email dal telefono
            moment_of_truth: true
            metrics: {open_rate: 45%, csat: 4.5}
    """
    assert changes(write_root, tmp_path, before, after) == (
        'title: "Rinnovo" -> "Rinnovo del contratto"\n'
        "state: current -> future\n"
        "reviewed: 2026-01-10 -> 2026-03-01\n"
        "persona added: giulia\n"
        "tag added: rinnovo\n"
        "summary edited\n"
        'stage edited: "Scelta": description\n'
        "stages reordered: Scoperta, Scelta -> Scelta, Scoperta\n"
        'touchpoint: "Legge l\'email": Newsletter -> Newsletter di marzo\n'
        'moment of truth: "Legge l\'email": no -> yes\n'
        'metric: "Legge l\'email", open_rate: 40% -> 45%\n'
        'metric: "Legge l\'email", csat: none -> 4.5\n'
        'metric: "Legge l\'email", clic: 12 -> none\n'
        'step edited: "Legge l\'email": doing'
    )


def test_look_alike_steps_are_not_guessed(write_root: WriteRoot, tmp_path: Path) -> None:
    # two new titles, two old ones, all empty alike: no way to tell which is which
    before = "title: T\nstages:\n  - name: S\n    steps: [{title: Uno}, {title: Due}]\n"
    after = "title: T\nstages:\n  - name: S\n    steps: [{title: Tre}, {title: Quattro}]\n"
    assert changes(write_root, tmp_path, before, after) == (
        'step added: "Tre" in "S"\n'
        'step added: "Quattro" in "S"\n'
        'step removed: "Uno" from "S"\n'
        'step removed: "Due" from "S"'
    )


def test_markdown_keeps_authors_words_as_words(write_root: WriteRoot, tmp_path: Path) -> None:
    before = "title: T\nstages:\n  - name: S\n    steps: [{title: Uno}]\n"
    after = (
        "title: T\nstages:\n  - name: S\n    steps:\n"
        "      - title: Uno\n"
        "        pains: ['<img src=x onerror=alert(1)> *tutto* [qui](http://x) `c` | è']\n"
    )
    roots = []
    for name, journey in (("prima", before), ("dopo", after)):
        roots.append(check_root(write_root({"j.yaml": journey}, root=tmp_path / name)).journeys)
    assert markdown(compare(*roots), "main", None).splitlines()[-1] == (
        r"- pain added: **Uno**: \<img src=x onerror=alert(1)> \*tutto\* \[qui\](http://x) "
        r"\`c\` \| è"
    )


def test_a_journey_moved_to_another_folder(write_root: WriteRoot, tmp_path: Path) -> None:
    journey = "title: Già cliente\nstages:\n  - name: S\n    steps: [{title: Uno}]\n"
    sides = []
    for name, path in (("prima", "vecchio/rinnovo.yaml"), ("dopo", "nuovo/rinnovo.yaml")):
        root = write_root({path: journey}, root=tmp_path / name)
        content = check_root(root)
        files = {key: p.relative_to(root).as_posix() for key, p in content.journey_files.items()}
        sides.append((content.journeys, files))
    (before, files_before), (after, files_after) = sides
    assert text(compare(before, after, files_before, files_after), "a", None) == (
        "Journeys changed from a to the working tree: 0 added, 0 removed, 1 changed.\n"
        "\n"
        "changed nuovo/rinnovo: Già cliente\n"
        "  id changed: vecchio/rinnovo -> nuovo/rinnovo\n"
        "  file renamed: vecchio/rinnovo.yaml -> nuovo/rinnovo.yaml"
    )
