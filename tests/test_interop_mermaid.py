"""Mermaid `journey` diagrams in and out: Mermaid's own examples, edge cases, errors, trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from interop.helpers import CORPUS, EXAMPLES, effective, example_root, run, validate_ok

from generator.content.validate import check_root
from generator.interop.mermaid import from_score, to_score

MERMAID = CORPUS / "mermaid"

# file -> (stage names with their step counts, the journey's personas, new persona files)
EXPECTED: dict[str, tuple[list[tuple[str, int]], list[str], list[str]]] = {
    "docs-user-journey": ([("Go to work", 3), ("Go home", 2)], ["me", "cat"], ["cat", "me"]),
    "spec-title": ([("Adding journey diagram functionality to mermaid", 0)], [], []),
    "spec-accdescr": ([("Order from website", 0)], [], []),
    "spec-accdescr-multiline": ([("Order from website", 0)], [], []),
    "spec-acctitle": ([("Order from website", 0)], [], []),
    "spec-section": ([("Order from website", 0)], [], []),
    "spec-multiline-section": ([("Line1 Line2 Line3 Line4 Line5", 0)], [], []),
    "spec-tasks": (
        [("Documentation", 5), ("Another section", 3)],
        ["alice", "bob", "charlie"],
        ["alice", "bob", "charlie"],
    ),
    "db-shopping": (
        [("Journey to the shops", 3), ("Do shopping", 1)],
        ["dad", "mum", "child"],
        ["child", "dad", "mum"],
    ),
    "cypress-simple": ([("Order from website", 0)], [], []),
    "cypress-working-day": ([("Go to work", 3), ("Go home", 2)], ["me", "cat"], ["cat", "me"]),
    "cypress-ecommerce": (
        [("Order from website", 1), ("Checkout from website", 1)],
        ["me"],
        ["me"],
    ),
    "cypress-frontmatter-onboarding": ([("Onboarding", 3), ("Engagement", 2)], [], []),
    "cypress-webhook": (
        [("Darkoob", 3), ("External Service", 3), ("Darkoob", 2)],
        [
            "darkoob-user",
            "darkoob-userf-deliberately-increasing-the-size-of-this-label-to-check-if-distance-"
            "between-legend-and-diagram-is-maintained",
            "admin-exjjjnjjjj-qwerty",
            "external-service",
            "darkoobapi",
        ],
        [
            "admin-exjjjnjjjj-qwerty",
            "darkoob-user",
            "darkoob-userf-deliberately-increasing-the-size-of-this-label-to-check-if-distance-"
            "between-legend-and-diagram-is-maintained",
            "darkoobapi",
            "external-service",
        ],
    ),
    "cypress-long-word": (
        [("Test", 1)],
        ["supercalifragilisticexpialidocious"],
        ["supercalifragilisticexpialidocious"],
    ),
    "cypress-whitespace": (
        [("Test", 1)],
        ["gustavo-fring-is-played-by-giancarlo-esposito-and-is-a-character-in-breaking-bad"],
        ["gustavo-fring-is-played-by-giancarlo-esposito-and-is-a-character-in-breaking-bad"],
    ),
    "cypress-long-labels": (
        [("Onboarding", 3), ("Engagement", 2)],
        [
            "this-is-a-long-label-that-will-be-split-into-multiple-lines-to-test-the-wrapping-"
            "functionality",
            "this-is-another-long-label-that-will-be-split-into-multiple-lines-to-test-the-"
            "wrapping-functionality",
            "this-is-yet-another-long-label-that-will-be-split-into-multiple-lines-to-test-the-"
            "wrapping-functionality",
        ],
        [
            "this-is-a-long-label-that-will-be-split-into-multiple-lines-to-test-the-wrapping-"
            "functionality",
            "this-is-another-long-label-that-will-be-split-into-multiple-lines-to-test-the-"
            "wrapping-functionality",
            "this-is-yet-another-long-label-that-will-be-split-into-multiple-lines-to-test-the-"
            "wrapping-functionality",
        ],
    ),
    "cypress-title-styling": (
        [("Onboarding", 2), ("Engagement", 2), ("Retention", 3)],
        ["john", "shahir"],
        ["john", "shahir"],
    ),
    "demos-journey": ([("Go to work", 3), ("Go home", 2)], ["me", "cat"], ["cat", "me"]),
    "edge-comments-directives": (
        [("Ordine di cancelleria", 1), ("Scelta", 5)],
        ["sara", "luca"],
        [],
    ),
    "edge-entities": ([("Fase : scelta", 3)], ["rossi-mario"], ["rossi-mario"]),
    "edge-merge": ([("Valutazione", 3), ("Acquisto", 3)], ["marco", "giulia", "anna"], ["anna"]),
    "edge-scores": ([("Scores", 7)], ["me"], ["me"]),
    "edge-accents": (
        [("Consapevolezza", 2), ("Acquisto", 1)],
        ["sara", "niccolo-dell-acqua"],
        ["niccolo-dell-acqua"],
    ),
}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return example_root(tmp_path)


def test_the_corpus_is_complete() -> None:
    assert sorted(p.stem for p in MERMAID.glob("*.mmd")) == sorted(EXPECTED)
    for path in MERMAID.glob("*.mmd"):
        text = path.read_text(encoding="utf-8")
        assert "%% Source: mermaid-js/mermaid " in text or "%% Hand-written: " in text, path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_of_the_corpus(root: Path, name: str) -> None:
    stages, personas, new = EXPECTED[name]
    before = {p.stem for p in (root / "personas").glob("*.yaml")}
    out = root / "imported" / f"{name}.yaml"
    code, stdout, stderr = run("import", "mermaid", str(MERMAID / f"{name}.mmd"), "-o", str(out))
    assert code == 0, stderr
    assert f"created journeys/imported/{name}.yaml\n" in stdout
    validate_ok(root)
    content = check_root(root)
    journey = content.journeys[f"imported/{name}"]
    assert [(stage.name, len(stage.steps)) for stage in journey.stages] == stages
    assert journey.persona == personas
    added = sorted({p.stem for p in (root / "personas").glob("*.yaml")} - before)
    assert added == new
    for persona in new:
        assert content.personas[persona].name  # named as the diagram wrote them


def test_working_day_in_detail(root: Path) -> None:
    code, stdout, stderr = run("import", "mermaid", str(MERMAID / "docs-user-journey.mmd"))
    assert (code, stderr) == (0, "")
    assert stdout == (
        "created journeys/my-working-day.yaml\n"
        "created journeys/personas/me.yaml\n"
        "created journeys/personas/cat.yaml\n"
    )
    assert (root / "my-working-day.yaml").read_text(encoding="utf-8") == (
        "# Imported from docs-user-journey.mmd by journeymap.\n"
        "title: My working day\n"
        "persona: [me, cat]\n"
        "stages:\n"
        "  - name: Go to work\n"
        "    steps:\n"
        "      - title: Make tea\n"
        "        emotion: 2\n"
        "        actors: [me]\n"
        "      - title: Go upstairs\n"
        "        emotion: 0\n"
        "        actors: [me]\n"
        "      - title: Do work\n"
        "        emotion: -2\n"
        "  - name: Go home\n"
        "    steps:\n"
        "      - title: Go downstairs\n"
        "        emotion: 2\n"
        "        actors: [me]\n"
        "      - title: Sit down\n"
        "        emotion: 2\n"
        "        actors: [me]\n"
    )
    assert (root / "personas" / "cat.yaml").read_text(encoding="utf-8") == "name: Cat\n"


def _journey(root: Path, name: str) -> dict:  # type: ignore[type-arg]
    out = root / f"{name}.yaml"
    code, _, stderr = run("import", "mermaid", str(MERMAID / f"{name}.mmd"), "-o", str(out))
    assert code == 0, stderr
    return yaml.safe_load(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_accessibility_text_and_frontmatter(root: Path) -> None:
    data = _journey(root, "spec-accdescr-multiline")
    assert data["title"] == "Adding journey diagram functionality to mermaid"
    assert data["summary"] == "A user journey for\nfamily shopping"
    data = _journey(root, "demos-journey")
    assert data["title"] == "My working day"  # from the frontmatter
    assert data["summary"] == "2 main sections: work and home, each with just a few tasks"


def test_comments_directives_and_statements(root: Path) -> None:
    data = _journey(root, "edge-comments-directives")
    assert data["title"] == "Ordine di cancelleria"
    steps = [(s["title"], s.get("emotion"), s.get("actors")) for s in data["stages"][1]["steps"]]
    assert steps == [
        ("Confronta i prezzi", 0, None),
        ("Legge le recensioni", -1, None),
        ("Chiede al collega", 1, ["luca"]),
        ("Chiama il fornitore", -1, ["sara"]),
        ("Paga con la carta", 2, ["sara"]),
    ]


def test_entity_codes_are_text(root: Path) -> None:
    data = _journey(root, "edge-entities")
    assert data["title"] == "Prezzi ; sconti #1"
    assert [s["title"] for s in data["stages"][0]["steps"]] == [
        "Ore 9:30 — apre il sito",
        "Section sales call",
        'Caffè e "biscotti"',
    ]
    assert (root / "personas" / "rossi-mario.yaml").read_text(encoding="utf-8") == (
        "name: Rossi, Mario\n"
    )


def test_a_step_written_once_per_score_is_merged_back(root: Path) -> None:
    data = _journey(root, "edge-merge")
    valutazione, acquisto = data["stages"]
    assert valutazione["steps"] == [
        {
            "title": "Guarda la demo",
            "emotion": {"marco": 2, "giulia": 1},
            "actors": ["marco", "giulia"],
        },
        {"title": "Riceve il preventivo", "emotion": 0, "actors": ["marco", "giulia"]},
        # the same actor twice: two steps, not one
        {"title": "Riceve il preventivo", "emotion": 0, "actors": ["marco"]},
    ]
    assert acquisto["steps"] == [
        {"title": "Firma", "emotion": 1, "actors": ["giulia"]},
        {"title": "Firma", "emotion": -1, "actors": ["giulia"]},
        {"title": "Paga", "emotion": {"marco": -1, "giulia": 1, "anna": -2}},
    ]


def test_scores_outside_one_to_five_are_warned_about(root: Path) -> None:
    shutil.copy(MERMAID / "edge-scores.mmd", "scores.mmd")
    code, _, stderr = run("import", "mermaid", "scores.mmd")
    assert code == 0
    assert stderr == (
        "scores.mmd:5:11: warning: score 0 of 'Zero' is outside Mermaid's 1..5; read as 1\n"
        "scores.mmd:6:12: warning: score 7 of 'Seven' is outside Mermaid's 1..5; read as 5\n"
        "scores.mmd:9:12: warning: 'Blank' has no score; the step gets no emotion\n"
        "scores.mmd:10:11: warning: score 'good' of 'Word' is not a number from 1 to 5; "
        "the step gets no emotion\n"
        "scores.mmd:11:17: warning: text after the actors of 'Extra' is ignored, as Mermaid does\n"
    )
    steps = yaml.safe_load((root / "punteggi.yaml").read_text())["stages"][0]["steps"]
    assert [step.get("emotion") for step in steps] == [-2, 2, 0.5, 1, None, None, 1]


def test_percent_signs_inside_a_task_are_text_as_in_mermaid(root: Path) -> None:
    Path("d.mmd").write_text("journey\n  Save 50%% now: 5: Me %% not a comment here\n")
    code, _, stderr = run("import", "mermaid", "d.mmd", "-o", "journeys/d.yaml")
    assert code == 0, stderr
    data = yaml.safe_load((root / "d.yaml").read_text())
    assert data["stages"][0]["steps"][0]["title"] == "Save 50%% now"
    assert data["persona"] == ["me-not-a-comment-here"]


ERRORS = [
    (
        "flowchart LR\n  A --> B\n",
        "d.mmd:1:1: error: expected 'journey' to start the diagram, got 'flowchart'",
    ),
    ("%% only a comment\n", "d.mmd:2:1: error: no diagram here: expected 'journey' to start it"),
    (
        "journey\n  section A\n    Make tea\n",
        "d.mmd:3:13: error: expected ':' and a score after the task 'Make tea', "
        "like 'Make tea: 5: Me'",
    ),
    (
        "journey\n  section A\n    Make tea:\n",
        "d.mmd:3:14: error: expected a score after 'Make tea:', like 'Make tea: 5: Me'",
    ),
    ("journey\n  section A: B\n", "d.mmd:2:12: error: expected a task name before ':'"),
    (
        "journey\n  accDescr {\n  never closed\n",
        "d.mmd:2:3: error: 'accDescr {' is never closed with '}'",
    ),
    (
        "%%{init: {}\njourney\n",
        "d.mmd:1:1: error: directive opened with '%%{' is never closed with '}%%'",
    ),
    (
        "---\ntitle: x\njourney\n",
        "d.mmd:1:1: error: frontmatter opened with '---' is never closed with '---'",
    ),
    (
        "---\ntitle: [x\n---\njourney\n",
        "d.mmd:3:1: error: frontmatter is not valid YAML: "
        "expected ',' or ']', but got '<stream end>'",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_what_cannot_be_read_is_reported_at_its_place(root: Path, text: str, message: str) -> None:
    Path("d.mmd").write_text(text, encoding="utf-8")
    before = sorted(p for p in root.rglob("*"))
    code, stdout, stderr = run("import", "mermaid", "d.mmd")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[0] == message
    assert stderr.splitlines()[-1] == "1 error, 0 warnings in 1 file"
    assert sorted(p for p in root.rglob("*")) == before


def test_every_error_in_one_run(root: Path) -> None:
    Path("d.mmd").write_text("journey\n  a\n  b: 1\n  c\n", encoding="utf-8")
    code, _, stderr = run("import", "mermaid", "d.mmd")
    assert code == 1
    assert stderr == (
        "d.mmd:2:4: error: expected ':' and a score after the task 'a', like 'a: 5: Me'\n"
        "d.mmd:4:4: error: expected ':' and a score after the task 'c', like 'c: 5: Me'\n"
        "2 errors, 0 warnings in 1 file\n"
    )


def test_never_overwrites(root: Path) -> None:
    source = str(MERMAID / "docs-user-journey.mmd")
    assert run("import", "mermaid", source)[0] == 0
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, stdout, stderr = run("import", "mermaid", source)
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: journeys/my-working-day.yaml exists already; nothing was written "
        "(choose another file with -o, or remove it)\n"
    )
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == files


def test_all_or_nothing(tmp_path: Path) -> None:
    from generator.interop.write import TargetExists, write_new

    first, second = tmp_path / "a.yaml", tmp_path / "personas" / "b.yaml"
    second.parent.mkdir()
    second.write_text("name: B\n")
    with pytest.raises(TargetExists):
        write_new({first: "title: A\n", second: "name: Other\n"})
    assert not first.exists()
    assert second.read_text() == "name: B\n"


def test_import_needs_a_valid_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(MERMAID / "docs-user-journey.mmd", "d.mmd")
    code, _, stderr = run("import", "mermaid", "d.mmd", "--root", "nowhere")
    assert code == 1
    assert stderr == (
        "Error: no content root at 'nowhere': pass the folder of your journeys with --root, "
        "or create one with 'journeymap init'\n"
    )
    Path("bad").mkdir()
    Path("bad/a.yaml").write_text("title: A\nstages: []\n")
    code, _, stderr = run("import", "mermaid", "d.mmd", "--root", "bad")
    assert code == 1
    assert stderr.startswith("bad/a.yaml:2:9: error: stages: needs at least one item")
    assert sorted(p.name for p in Path("bad").rglob("*")) == ["a.yaml"]


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("journeys/My Map.yaml", "journeys/My Map.yaml: 'My Map' is not a valid journey id"),
        ("journeys/personas/x.yaml", "journeys/personas/x.yaml: that place is for personas files"),
        ("journeys/x.txt", "journeys/x.txt: a journey file ends in .yaml or .yml"),
        ("journeys/b2b/first-purchase.yml", "journey id 'b2b/first-purchase' is taken already"),
    ],
)
def test_out_must_name_a_journey(root: Path, out: str, message: str) -> None:
    code, _, stderr = run("import", "mermaid", str(MERMAID / "docs-user-journey.mmd"), "-o", out)
    assert code == 1
    assert stderr.startswith(f"Error: {message}")


# -- export and round trips -------------------------------------------------------


@pytest.mark.parametrize(
    "journey_id",
    sorted(
        p.relative_to(EXAMPLES).with_suffix("").as_posix()
        for p in EXAMPLES.glob("*/*.yaml")
        if p.parts[len(EXAMPLES.parts)] not in ("personas", "opportunities", "research")
    ),
)
def test_round_trip_of_every_example(root: Path, journey_id: str) -> None:
    code, diagram, stderr = run("export", "mermaid", journey_id)
    assert (code, stderr) == (0, "")
    Path("d.mmd").write_text(diagram, encoding="utf-8")
    code, stdout, stderr = run("import", "mermaid", "d.mmd", "-o", "journeys/back/trip.yaml")
    assert code == 0, stderr
    assert "personas/" not in stdout  # every actor is a persona of the root
    validate_ok(root)
    content = check_root(root)
    assert effective(content.journeys["back/trip"]) == effective(content.journeys[journey_id])


def test_the_export_renders_what_mermaid_reads(root: Path) -> None:
    code, diagram, _ = run("export", "mermaid", "b2b/first-purchase")
    assert code == 0
    lines = diagram.splitlines()
    assert lines[:2] == ["journey", "    title First purchase of a management software"]
    assert lines[2] == (
        "    %% From journeymap: journey 'b2b/first-purchase'; emotions -2..2 drawn as scores "
        "1..5, one task line per distinct score."
    )
    assert lines[3] == (
        "    %% Left out, Mermaid has no place for them: summary, stage descriptions, doing, "
        "touchpoints, channels, thinking, feelings, pains, opportunities, expectations, reality, "
        "backstage, owners, metrics, moments of truth, evidence, custom lanes."
    )
    assert "    section Consideration" in lines
    assert "      Watches a live demo: 5: Marco Bianchi" in lines
    assert "      Watches a live demo: 4: Giulia Ferri" in lines
    assert "      Signs the contract: 4: Marco Bianchi, Giulia Ferri" in lines
    code, fenced, _ = run("export", "mermaid", "b2b/first-purchase", "--markdown")
    assert fenced == f"```mermaid\n{diagram}```\n"


TRICKY = """\
title: "Prezzi: sconti; #1"
persona: [anna]
stages:
  - name: "Fase: scelta # uno"
    steps:
      - title: "Section review: 50%% off, #2; ok <b>"
        emotion: 0.5
      - title: "journey start"
        emotion: -2
      - title: "Title of the step"
        emotion: 1.25
  - name: Vuota
    steps: []
"""


def test_text_mermaid_would_misread_survives_the_round_trip(root: Path) -> None:
    (root / "personas" / "anna.yaml").write_text('name: "Anna: Rossi, #1"\n', encoding="utf-8")
    (root / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    code, diagram, stderr = run("export", "mermaid", "tricky")
    assert code == 0, stderr
    assert "      #83;ection review#58; 50#37;#37; off, #35;2#59; ok #60;b#62;: 3.5: " in diagram
    Path("d.mmd").write_text(diagram, encoding="utf-8")
    code, _, stderr = run("import", "mermaid", "d.mmd", "-o", "journeys/back.yaml")
    assert code == 0, stderr
    content = check_root(root)
    back, tricky = content.journeys["back"], content.journeys["tricky"]
    assert back.title == tricky.title
    assert effective(back) == effective(tricky)


@pytest.mark.parametrize("scale", [[-2, 2], [1, 5], [0, 10], [-3, 3], [-1, 1]])
def test_whole_emotions_map_onto_scores_and_back(scale: list[float]) -> None:
    low, high = scale
    for emotion in range(int(low), int(high) + 1):
        assert from_score(to_score(emotion, scale), scale) == emotion
    assert to_score(low, scale) == 1
    assert to_score(high, scale) == 5
    if scale == [1, 5]:
        assert [from_score(s, scale) for s in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    if scale == [-2, 2]:
        assert [to_score(e, scale) for e in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]
        assert to_score(0.5, scale) == 3.5


def test_on_a_one_to_five_site_scores_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("journeys").mkdir()
    Path("journeys/site.yaml").write_text("emotion_scale: [1, 5]\n")
    code, _, stderr = run("import", "mermaid", str(MERMAID / "docs-user-journey.mmd"))
    assert code == 0, stderr
    steps = [
        s
        for st in yaml.safe_load(Path("journeys/my-working-day.yaml").read_text())["stages"]
        for s in st["steps"]
    ]
    assert [s["emotion"] for s in steps] == [5, 3, 1, 5, 5]


def test_export_of_an_unknown_journey(root: Path) -> None:
    code, stdout, stderr = run("export", "mermaid", "b2b/first-purchse")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: unknown journey 'b2b/first-purchse' (did you mean 'b2b/first-purchase'?) "
        "in journeys\n"
    )


def test_export_of_an_invalid_root(root: Path) -> None:
    (root / "broken.yaml").write_text("title: B\nstages:\n  - nam: A\n")
    code, stdout, stderr = run("export", "mermaid", "b2b/first-purchase")
    assert (code, stdout) == (1, "")
    assert "journeys/broken.yaml:3:5: error: unknown key 'nam' (did you mean 'name'?)" in stderr


def test_semicolons_end_statements(root: Path) -> None:
    # Mermaid's own lexer has no rule for `;` and fails on it; we read it as a line break
    Path("d.mmd").write_text("journey; title T; section S; A: 4: Sara; B: 2: Luca;\n")
    code, _, stderr = run("import", "mermaid", "d.mmd")
    assert (code, stderr) == (0, "")
    data = yaml.safe_load((root / "t.yaml").read_text())
    assert data["stages"] == [
        {
            "name": "S",
            "steps": [
                {"title": "A", "emotion": 1, "actors": ["sara"]},
                {"title": "B", "emotion": -1, "actors": ["luca"]},
            ],
        }
    ]


SAME_TITLES = """\
title: Twice
persona: [marco, giulia]
stages:
  - name: S
    steps:
      - {title: Calls support, actors: [marco], emotion: 1}
      - {title: Calls support, actors: [giulia], emotion: -1}
      - {title: Calls support, emotion: {marco: 2, giulia: 0}}
"""


def test_steps_with_the_same_title_stay_apart(root: Path) -> None:
    (root / "twice.yaml").write_text(SAME_TITLES, encoding="utf-8")
    code, diagram, _ = run("export", "mermaid", "twice")
    assert code == 0
    assert diagram.split("    section S\n")[1] == (
        "      Calls support: 4: Marco Bianchi\n"
        "      %% another step with the same title\n"
        "      Calls support: 2: Giulia Ferri\n"
        "      %% another step with the same title\n"
        "      Calls support: 5: Marco Bianchi\n"
        "      Calls support: 3: Giulia Ferri\n"
    )
    Path("d.mmd").write_text(diagram, encoding="utf-8")
    assert run("import", "mermaid", "d.mmd", "-o", "journeys/back.yaml")[0] == 0
    content = check_root(root)
    assert effective(content.journeys["back"]) == effective(content.journeys["twice"])


def test_a_diagram_without_a_title_is_named_after_its_file(root: Path) -> None:
    Path("cliente_tipo.mmd").write_text("journey\n  Entra: 4: Sara\n  section Paga\n  Paga: 2\n")
    code, stdout, _ = run("import", "mermaid", "cliente_tipo.mmd")
    assert (code, stdout) == (0, "created journeys/cliente-tipo.yaml\n")
    data = yaml.safe_load((root / "cliente-tipo.yaml").read_text())
    assert data["title"] == "Cliente tipo"
    assert [stage["name"] for stage in data["stages"]] == ["Cliente tipo", "Paga"]
