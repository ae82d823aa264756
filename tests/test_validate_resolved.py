"""Checking fills in the ids an author left out on a copy: the journey as read stays as
it was, and what later stages get has every id (content/resolved.py). Opportunities
and studies get theirs, their paths, as they are validated, not set afterwards."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.content import cache as cache_module
from generator.content import validate
from generator.content.backlog_model import Opportunity, Study
from generator.content.cache import ModelCache
from generator.content.model import Journey
from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep, resolve
from tests.conftest import WriteRoot

AUTHORED = {
    "title": "Primo acquisto",
    "stages": [
        {
            "name": "Consapevolezza",
            "steps": [
                {"title": "Legge una recensione"},
                {"title": "Legge una recensione"},
                {"title": "Chiede un preventivo", "id": "preventivo"},
            ],
        },
        {"name": "Consapevolezza", "id": "scelta", "steps": [{"title": "Perché?"}]},
        {"name": "Consapevolezza"},
    ],
}


def test_resolving_fills_every_id_and_leaves_the_journey_as_read() -> None:
    authored = Journey.model_validate(AUTHORED)
    before = copy.deepcopy(authored)
    fields_set = [stage.model_fields_set for stage in authored.stages]

    resolved = resolve(authored, "b2b/primo")

    assert authored == before
    assert authored.id is None
    assert [stage.id for stage in authored.stages] == [None, "scelta", None]
    assert [step.id for _, step in authored.steps()] == [None, None, "preventivo", None]
    assert [stage.model_fields_set for stage in authored.stages] == fields_set
    assert resolved.id == "b2b/primo"
    assert [stage.id for stage in resolved.stages] == [
        "consapevolezza",
        "scelta",
        "consapevolezza-2",
    ]
    assert [step.id for _, step in resolved.steps()] == [
        "legge-una-recensione",
        "legge-una-recensione-2",
        "preventivo",
        "perche",
    ]
    assert all(type(stage) is ResolvedStage for stage in resolved.stages)
    assert all(type(step) is ResolvedStep for _, step in resolved.steps())
    # a whole model, as pydantic would have made it from the values
    assert ResolvedJourney.model_validate(resolved.model_dump()) == resolved
    # the same journey resolved again: the same ids, nothing carried over from the first time
    assert resolve(authored, "b2b/primo") == resolved
    # every other value is the author's, unchanged
    assert resolved.model_dump(exclude={"id", "stages"}) == authored.model_dump(
        exclude={"id", "stages"}
    )
    for ours, theirs in zip(resolved.steps(), authored.steps(), strict=True):
        assert ours[1].model_dump(exclude={"id"}) == theirs[1].model_dump(exclude={"id"})


def test_a_resolved_journey_is_frozen() -> None:
    resolved = resolve(Journey.model_validate(AUTHORED), "j")
    with pytest.raises(ValidationError):
        resolved.id = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        resolved.stages[0].steps[0].id = "other"  # type: ignore[misc]


def test_the_schema_keeps_ids_optional() -> None:
    schema = Journey.model_json_schema()
    assert "id" not in schema["required"]
    for kind in ("Stage", "Step"):
        assert "id" not in schema["$defs"][kind]["required"]


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Journey, Journey]]:
    """Every journey as read that checking resolves, with a deep copy made before."""
    seen: list[tuple[Journey, Journey]] = []

    def spy(journey: Journey, journey_id: str) -> ResolvedJourney:
        seen.append((journey, copy.deepcopy(journey)))
        return resolve(journey, journey_id)

    monkeypatch.setattr(validate, "resolve", spy)
    return seen


BROKEN = """
title: Rotto
stages:
  - name: Fase
    steps:
      - title: Uno
        emotion: tanto
      - title: Due
"""


def test_checking_a_root_changes_no_journey_as_read(
    write_root: WriteRoot, spied: list[tuple[Journey, Journey]]
) -> None:
    root = write_root(
        {
            "a.yaml": "title: A\nstages:\n  - name: Fase\n    steps:\n      - title: Uno\n",
            "b/c.yaml": "title: C\nid: cc\nstages:\n  - name: Fase\n  - name: Fase\n",
            "broken.yaml": BROKEN,  # its well-formed parts are checked too
        }
    )
    content = validate.check_root(root)

    assert len(spied) == 3
    for journey, before in spied:
        assert journey == before
        assert journey.id == before.id
        assert [s.id for s in journey.stages] == [s.id for s in before.stages]
    assert sorted(content.journeys) == ["a", "cc"]
    assert [step.id for _, step in content.journeys["a"].steps()] == ["uno"]
    assert [stage.id for stage in content.journeys["cc"].stages] == ["fase", "fase-2"]
    assert all(isinstance(j, ResolvedJourney) for j in content.journeys.values())


def test_checked_twice_with_the_cache_the_same_journeys(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    """A journey read back from the model cache is the journey checking made."""
    root = write_root({"a.yaml": AUTHORED_YAML, "b.yaml": AUTHORED_YAML.replace("Primo", "Altro")})
    fresh = validate.check_root(root)
    cache = ModelCache(tmp_path / "cache")
    first = validate.check_root(root, cache=cache)
    cache.save()
    again = ModelCache(tmp_path / "cache")
    second = validate.check_root(root, cache=again)
    assert again.pending == {}  # every journey came from the cache
    for journey_id in ("a", "b"):
        assert first.journeys[journey_id] == fresh.journeys[journey_id]
        assert second.journeys[journey_id] == fresh.journeys[journey_id]
        assert type(second.journeys[journey_id]) is ResolvedJourney


AUTHORED_YAML = """
title: Primo acquisto
stages:
  - name: Consapevolezza
    steps:
      - title: Legge una recensione
      - title: Legge una recensione
"""


def test_an_opportunity_has_its_id_from_its_validation() -> None:
    """Opportunities and studies take their ids (their paths) as they are validated,
    never set afterwards; one made without an id has none, rather than an empty one."""
    data = {"title": "Listino trasparente"}
    made = Opportunity.model_validate(data, context={"id": "prezzi/listino"})
    assert made.id == "prezzi/listino"
    study = Study.model_validate({"title": "Interviste"}, context={"id": "interviste/2026"})
    assert study.id == "interviste/2026"
    with pytest.raises(AttributeError):
        _ = Opportunity.model_validate(data).id


def test_checked_opportunities_carry_their_paths(write_root: WriteRoot) -> None:
    root = write_root(
        {
            "a.yaml": "title: A\nstages:\n  - name: Fase\n",
            "opportunities/prezzi/listino.yaml": "title: Listino\n",
            "research/interviste/primavera.yaml": "title: Interviste\n",
        }
    )
    content = validate.check_root(root)
    assert content.errors == []
    assert [o.id for o in content.opportunities.values()] == ["prezzi/listino"]
    assert [s.id for s in content.studies.values()] == ["interviste/primavera"]


def test_entries_of_another_format_are_not_read_back(
    write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written when entries held journeys of another shape is not read back."""
    root = write_root({"a.yaml": AUTHORED_YAML})
    cache = ModelCache(tmp_path / "cache")
    validate.check_root(root, cache=cache)
    cache.save()
    same = ModelCache(tmp_path / "cache")
    validate.check_root(root, cache=same)
    assert same.pending == {}
    monkeypatch.setattr(cache_module, "ENTRY_FORMAT", cache_module.ENTRY_FORMAT + 1)
    other = ModelCache(tmp_path / "cache")
    content = validate.check_root(root, cache=other)
    assert len(other.pending) == 1  # checked again
    assert type(content.journeys["a"]) is ResolvedJourney
