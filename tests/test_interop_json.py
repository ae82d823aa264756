"""JSON out: the validated model, in the shape of the JSON Schema, for other tools."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from interop.helpers import EXAMPLES, example_root, run

from generator.content.model import Persona, Site
from generator.content.resolved import ResolvedJourney
from generator.content.schema import json_schema
from generator.content.validate import check_root

JOURNEYS = sorted(
    p.relative_to(EXAMPLES).with_suffix("").as_posix()
    for p in EXAMPLES.glob("*/*.yaml")
    if p.parts[len(EXAMPLES.parts)] not in ("personas", "opportunities", "research")
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return example_root(tmp_path)


@pytest.mark.parametrize("journey_id", JOURNEYS)
def test_a_journey_matches_the_schema_and_the_model(root: Path, journey_id: str) -> None:
    code, stdout, stderr = run("export", "json", journey_id)
    assert (code, stderr) == (0, "")
    data = json.loads(stdout)
    jsonschema.validate(data, json_schema("journey"))
    assert ResolvedJourney.model_validate(data) == check_root(root).journeys[journey_id]
    assert data["id"] == journey_id


def test_the_whole_site(root: Path) -> None:
    code, stdout, _ = run("export", "json")
    assert code == 0
    data = json.loads(stdout)
    assert sorted(data) == ["journeys", "opportunities", "personas", "site", "studies"]
    content = check_root(root)
    jsonschema.validate(data["site"], json_schema("site"))
    assert Site.model_validate(data["site"]) == content.site
    assert sorted(data["personas"]) == ["giulia", "luca", "marco", "sara"]
    for persona_id, persona in data["personas"].items():
        jsonschema.validate(persona, json_schema("persona"))
        assert Persona.model_validate(persona) == content.personas[persona_id]
    assert sorted(data["journeys"]) == JOURNEYS
    for journey_id, journey in data["journeys"].items():
        jsonschema.validate(journey, json_schema("journey"))
        assert ResolvedJourney.model_validate(journey) == content.journeys[journey_id]
    assert "Perché devo chiamare per sapere il prezzo?" in stdout  # unicode kept, not escaped
    for key, kind, found in (
        ("opportunities", "opportunity", content.opportunities),
        ("studies", "research", content.studies),
    ):
        assert list(data[key]) == sorted(found)  # by id, as their files are named
        for item_id, item in data[key].items():
            jsonschema.validate(item, json_schema(kind))
            # the id is the file's path, never a key of the file: the key of the object
            assert "id" not in item
            assert item == found[item_id].model_dump(mode="json", exclude_none=True)
    assert list(data["opportunities"]) == [
        "checkout/guest-checkout",
        "onboarding/handoff-meeting",
        "pricing/transparent-price-list",
        "sales/record-the-demo",
        "support/one-knowledge-base",
    ]
    assert data["studies"]["interviews/it-managers-2026"]["quotes"][0]["step"].startswith("b2b/")


def test_unknown_journey_and_invalid_root(root: Path) -> None:
    code, stdout, stderr = run("export", "json", "ecommerce/cart")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: unknown journey 'ecommerce/cart' (did you mean 'ecommerce/cart-abandonment'?) "
        "in journeys\n"
    )
    (root / "site.yaml").write_text("emotion_scale: [2, -2]\n")
    code, stdout, stderr = run("export", "json")
    assert (code, stdout) == (1, "")
    assert stderr.startswith(
        "journeys/site.yaml:1:16: error: emotion_scale: expected [min, max], two numbers with "
        "min below max, like [-2, 2]\n"
    )


def test_numbers_that_are_no_figures_never_reach_the_output(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # refused where they are written ...
    (root / "nan.yaml").write_text(
        "title: N\nstages:\n  - name: S\n    steps:\n      - title: T\n"
        "        metrics: {z: .nan, w: -.inf, drop_off: .inf}\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run("export", "json")
    assert (code, stdout) == (1, "")
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert errors[:3] == [
        "journeys/nan.yaml:6:22: error: stages[0].steps[0].metrics.z (S > T): expected a finite "
        "number, "
        "got .nan",
        "journeys/nan.yaml:6:31: error: stages[0].steps[0].metrics.w (S > T): expected a finite "
        "number, "
        "got -.inf",
        "journeys/nan.yaml:6:48: error: stages[0].steps[0].metrics.drop_off (S > T): expected a "
        "finite "
        "number, got .inf",
    ]
    # ... and, should one slip through (a bug of ours: exit 70), the output is strict JSON
    # or nothing
    (root / "nan.yaml").unlink()
    from generator.interop import jsonio

    monkeypatch.setattr(jsonio, "site_data", lambda content: {"z": float("nan")})
    code, stdout, stderr = run("export", "json")
    assert (code, stdout) == (70, "")
    assert "NaN" not in stderr and "Traceback" not in stderr
