"""Whatever a file holds, loading and validating it ends in diagnostics, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import load
from generator.content.validate import check_root

KEYS = st.sampled_from(
    [
        "title",
        "stages",
        "steps",
        "name",
        "emotion",
        "persona",
        "id",
        "pains",
        "metrics",
        "channel",
        "owner",
        "custom",
        "lanes",
        "compare_to",
        "reviewed",
        "actors",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=30,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_parses_or_gives_diagnostics(text: str) -> None:
    result = load.parse(text, "fuzz.yaml", Path("fuzz.yaml"))
    if isinstance(result, list):
        assert result and all(d.line >= 1 and d.column >= 1 for d in result)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(DOCUMENTS)
def test_any_structure_validates_or_gives_diagnostics(tmp_path: Path, data: dict[str, Any]) -> None:
    root = tmp_path / "journeys"
    root.mkdir(exist_ok=True)
    (root / "j.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content = check_root(root)
    if content.errors:
        assert all(d.file.endswith("j.yaml") and d.line >= 1 for d in content.errors)
    else:
        assert list(content.journeys) == ["j"]
