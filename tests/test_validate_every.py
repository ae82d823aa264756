"""Every problem of every file in one run: the parts of a file that are well formed are
checked even when another part is not, and nothing is blamed on what a broken file set aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content import validate as validation
from generator.content.cache import ModelCache
from generator.content.validate import check_root
from tests.conftest import WriteRoot

PERSONAS = {"personas/marco.yaml": "name: Marco\n", "personas/giulia.yaml": "name: Giulia\n"}

# One unknown key, an emotion of 7 and an unknown persona in one file.
QUOTE = """
    title: Preventivo
    persona: [marco, giulia]
    stages:
      - name: Considerazione
        steps:
          - title: Legge una recensione
            emotion: 1
            emtion: 2
          - title: Compila il modulo del preventivo
            emotion: 7
            actors: [franco]
"""


def validate(root: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["validate", str(root), *args])
    assert result.exit_code == 1
    return result.output.splitlines()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_unknown_key_an_emotion_and_a_persona_in_one_file_in_one_run(
    write_root: WriteRoot, here: Path
) -> None:
    lines = validate(write_root({**PERSONAS, "quote.yaml": QUOTE}))
    assert lines == [
        "journeys/quote.yaml:8:9: error: unknown key 'emtion' (did you mean 'emotion'?)",
        "journeys/quote.yaml:10:18: error: stages[0].steps[1].emotion (Considerazione > Compila "
        "il modulo del preventivo): "
        "7 is outside the scale -2..2",
        "journeys/quote.yaml:11:18: error: stages[0].steps[1].actors[0] (Considerazione > Compila "
        "il modulo del preventivo): "
        "unknown persona 'franco'; declare it in personas/",
        "3 errors, 0 warnings in 3 files",
    ]


def test_a_broken_journey_uses_its_personas_even_in_its_broken_parts(
    write_root: WriteRoot, here: Path
) -> None:
    journey = """
        title: A
        persona: marco
        stages:
          - name: S
            steps:
              - {title: T, emotion: {giulia: 1, marco: high}}
              - {title: U, emotion: 1, expectation: Veloce, reality: [lento]}
    """
    lines = validate(write_root({**PERSONAS, "a.yaml": journey}))
    assert lines == [
        "journeys/a.yaml:6:48: error: stages[0].steps[0].emotion.marco (S > T): "
        "expected a number, got text",
        "journeys/a.yaml:7:62: error: stages[0].steps[1].reality (S > U): expected text, got a "
        "list",
        "2 errors, 0 warnings in 3 files",
    ]


def test_what_points_at_a_broken_file_is_not_blamed_too(write_root: WriteRoot, here: Path) -> None:
    root = write_root(
        {
            **PERSONAS,
            "personas/luca.yaml": "name: Luca\nrole: [IT]\n",
            "a.yaml": "title: A\npersona: [marco, giulia, luca]\ncompare_to: b\n"
            "stages: [{name: S}]\n",
            "b.yaml": "title: B\nsate: future\nstages: [{name: S}]\n",
        }
    )
    assert validate(root) == [
        "journeys/b.yaml:2:1: error: unknown key 'sate' (did you mean 'state'?)",
        "journeys/personas/luca.yaml:2:7: error: role: expected text, got a list",
        "2 errors, 0 warnings in 5 files",
    ]


def test_a_journey_that_cannot_be_read_leaves_its_personas_unjudged(
    write_root: WriteRoot, here: Path
) -> None:
    root = write_root({**PERSONAS, "a.yaml": 'title: "A\nstages: []\n'})
    assert validate(root) == [
        "journeys/a.yaml:1:8: error: invalid YAML: this quoted text is never closed "
        "(the file ends at line 3)",
        "1 error, 0 warnings in 3 files",
    ]


def test_a_broken_journey_says_the_same_from_the_cache_and_from_parallel_workers(
    write_root: WriteRoot, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fine = {f"j{n:02}.yaml": "title: J\nstages: [{name: S}]\n" for n in range(20)}
    root = write_root({**PERSONAS, **fine, "quote.yaml": QUOTE})
    alone = check_root(root)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    cache = ModelCache(here / "cache")
    together = check_root(root, cache=cache, jobs=2)
    assert cache.placed  # the workers checked the files
    assert sorted(together.diagnostics) == sorted(alone.diagnostics)
    assert [d.message for d in sorted(together.diagnostics)] == [
        "unknown key 'emtion' (did you mean 'emotion'?)",
        "stages[0].steps[1].emotion: 7 is outside the scale -2..2",
        "stages[0].steps[1].actors[0]: unknown persona 'franco'; declare it in personas/",
    ]  # and no persona "is used by no journey"
