"""Property-based fuzzing of load -> validate -> render, with a fixed budget.

Journey-shaped documents are generated with hostile text in every field;
whatever they hold, validation ends in diagnostics and a valid one renders
pages that carry no script. Inputs that once failed are kept in corpus/ and
replayed first, as regression tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.validate import check_root
from generator.site.incremental import Manifest
from generator.site.render import render_pages
from tests.hostile.inspect_html import inspect_page
from tests.hostile.vectors import ALL

CORPUS = Path(__file__).parent / "corpus"
OUR_SCRIPTS = {"search.js", "search-index.js", "map.js"}

TEXT = st.one_of(
    st.sampled_from(ALL),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["", " ", "\u202e", "\x00", "a" * 3000, "é" * 500, "{{", "{%", "#"]),
)
SCORE = st.one_of(st.integers(-2, 2), st.floats(-2, 2, allow_nan=False), st.none())
STEP = st.fixed_dictionaries(
    {"title": TEXT},
    optional={
        "doing": TEXT,
        "thinking": TEXT,
        "feeling": TEXT,
        "emotion": st.one_of(SCORE, st.fixed_dictionaries({"ada": SCORE})),
        "touchpoint": TEXT,
        "channel": st.sampled_from(["web", "phone", "word-of-mouth"]),
        "pains": st.lists(TEXT, max_size=3),
        "opportunities": st.lists(TEXT, max_size=3),
        "expectation": TEXT,
        "reality": TEXT,
        "backstage": TEXT,
        "metrics": st.dictionaries(TEXT, st.one_of(st.integers(), st.just("35%")), max_size=2),
        "evidence": st.lists(TEXT, max_size=2),
        "moment_of_truth": st.booleans(),
    },
)
STAGE = st.fixed_dictionaries(
    {"name": TEXT, "steps": st.lists(STEP, max_size=4)},
    optional={"description": TEXT, "customer_type": st.sampled_from(["prospect", "lost"])},
)
JOURNEY = st.fixed_dictionaries(
    {"title": TEXT, "stages": st.lists(STAGE, min_size=1, max_size=3)},
    optional={
        "summary": TEXT,
        "persona": st.just("ada"),
        "tags": st.lists(TEXT, max_size=3),
        "circular": st.booleans(),
        "timeframe": TEXT,
        "maintainer": TEXT,
    },
)


def run(tmp: Path, journey: dict[str, Any]) -> bool:
    """Whether the journey was valid, and so rendered (its pages checked)."""
    root = tmp / "journeys"
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "personas" / "ada.yaml").write_text("name: Ada\n", encoding="utf-8")
    text = yaml.safe_dump(journey, allow_unicode=True)
    (root / "fuzz.yaml").write_text(text, encoding="utf-8")
    content = check_root(root)
    if content.errors:
        assert all(d.line >= 1 and d.column >= 1 for d in content.errors)
        return False
    target = tmp / "site"
    render_pages(
        content,
        target,
        previous=tmp / "none",
        manifest=Manifest(tmp / "none.json"),
        history={},
        drafts=True,
        pdf=False,
        jobs=1,
    )
    findings = [f for page in target.rglob("*.html") for f in inspect_page(page, OUR_SCRIPTS)]
    assert findings == []
    return True


@pytest.mark.parametrize("case", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.stem)
def test_past_failures(tmp_path: Path, case: Path) -> None:
    run(tmp_path, yaml.safe_load(case.read_text(encoding="utf-8")))


def test_load_validate_render(tmp_path_factory: pytest.TempPathFactory) -> None:
    rendered: list[bool] = []

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,  # the same budget of the same examples on every run, in CI too
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(JOURNEY)
    def fuzz(journey: dict) -> None:
        rendered.append(run(tmp_path_factory.mktemp("fuzz"), journey))

    fuzz()
    # a fuzzer whose documents all fail validation would test nothing past it
    assert sum(rendered) >= 20, rendered
