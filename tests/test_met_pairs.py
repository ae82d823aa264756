"""An expectation the reality meets (`expectation_met: true`): shown as met on the map,
on screen and on paper, and not counted among the gaps."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.model import Site
from generator.content.validate import check_root
from generator.views import environment as site
from generator.views import insights
from generator.views.mapview import build_map
from tests.conftest import WriteRoot
from tests.tools import need

JOURNEY = """
    title: Preventivo
    state: future
    stages:
      - name: Considerazione
        steps:
          - title: Chiede il preventivo
            expectation: Un prezzo in due clic
            reality: Il listino è sul sito
            expectation_met: true
          - title: Riceve il preventivo
            expectation: Un solo totale
            reality: Due preventivi separati
"""


def _pairs(root: Path) -> list[tuple[str, str]]:
    """(lane, cell) of the expectation and reality lanes, as the site draws them."""
    content = check_root(root)
    assert not content.diagnostics
    labels = site.labels(content)
    view = build_map(content, content.journeys["quote"])
    return [
        (lane.lane_id, lane.cells_html(labels))
        for lane in view.lanes
        if lane.lane_id in ("expectation", "reality")
    ]


@pytest.mark.parametrize(
    ("language", "met", "gap"),
    [
        ("en", ("Met", "the customer gets what they expect"), "Gap"),
        ("it", ("Rispettata", "il cliente riceve ciò che si aspetta"), "Divario"),
    ],
)
def test_a_met_pair_is_shown_as_met_and_the_others_as_gaps(
    write_root: WriteRoot, language: str, met: tuple[str, str], gap: str
) -> None:
    root = write_root({"site.yaml": f"language: {language}\n", "quote.yaml": JOURNEY})
    label, help_text = met
    (_, expectation), (_, reality) = _pairs(root)
    assert (
        f'<span class="jm-badge jm-badge--met" title="{help_text}">'
        f'<span aria-hidden="true">&#10003;</span> {label}</span> Il listino è sul sito'
    ) in reality
    assert f'<span aria-hidden="true">&#9888;</span> {gap}</span> Due preventivi' in reality
    assert expectation.count("jm-badge--met") == reality.count("jm-badge--met") == 1
    assert expectation.count("jm-badge--gap") == reality.count("jm-badge--gap") == 1


@pytest.mark.poppler
def test_the_printed_map_says_met_too(write_root: WriteRoot, tmp_path: Path) -> None:
    pdftotext = need("pdftotext")
    root = write_root({"site.yaml": "language: it\n", "quote.yaml": JOURNEY})
    pdf = tmp_path / "quote.pdf"
    result = CliRunner().invoke(cli, ["pdf", "quote", "--root", str(root), "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout
    words = " ".join(text.split())
    assert words.count("Rispettata") == 2 and words.count("Divario") == 2


def test_insights_count_only_the_pairs_not_met(write_root: WriteRoot) -> None:
    content = check_root(write_root({"quote.yaml": JOURNEY}))
    journeys = list(content.journeys.values())
    assert [g.reality for g in insights.gaps(journeys)] == ["Due preventivi separati"]
    found = insights.findings(journeys, Site(), date(2026, 11, 23), limit=1)
    assert [g.reality for g in found.gaps] == ["Due preventivi separati"]
    assert found.more["gaps"] == 0


def test_old_files_stay_valid_and_the_schema_says_what_met_means() -> None:
    schema = json.loads(CliRunner().invoke(cli, ["schema"]).output)
    step = schema["$defs"]["Step"]["properties"]["expectation_met"]
    assert step["type"] == "boolean" and step["default"] is False
    assert step["description"] == (
        "The reality meets the expectation: the pair is shown as met, not as a gap."
    )
