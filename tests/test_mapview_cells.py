"""The site's map cells, drawn in Python (LaneView.cells_html), are what the template
loop they replace drew: byte for byte, every author's word escaped the same way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.content.links import Links
from generator.content.validate import check_root
from generator.views import environment as site
from generator.views.mapview import build_map
from tests.hostile.content import write_hostile_root
from tests.hostile.vectors import XSS

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"

# partials/map.html's loop over a lane's cells, as it was before cells_html
LOOP = """\
      {%- for cell in lane.cells %}
      <td class="jm-cell jm-cell--{{ cell.kind }}{% if cell.first_of_stage %} jm-stage-start{% endif %}">
        {%- if cell.kind == "markdown" %}<div class="jm-md">{{ cell.html }}</div>
        {%- elif cell.kind == "text" %}{{ cell.html }}
        {%- elif cell.kind == "gap" %}<span class="jm-badge jm-badge--gap" title="{{ labels.gap_help }}"><span aria-hidden="true">&#9888;</span> {{ cell.badge }}</span> {{ cell.html }}
        {%- elif cell.kind == "met" %}<span class="jm-badge jm-badge--met" title="{{ labels.met_help }}"><span aria-hidden="true">&#10003;</span> {{ cell.badge }}</span> {{ cell.html }}
        {%- elif cell.kind == "list" %}<ul class="jm-list">{% for item in cell.items %}<li>{{ item }}</li>{% endfor %}</ul>
        {%- elif cell.kind == "channel" %}<span class="jm-channel-name">{{ cell.html }}</span>{% if cell.badge %} <span class="jm-badge jm-badge--{{ cell.badge_kind }}">{{ cell.badge }}</span>{% endif %}
        {%- elif cell.kind == "owner" %}<span class="jm-owner"{% if cell.colour %} style="--jm-dept: {{ cell.colour }}"{% endif %}><span class="jm-owner-dot" aria-hidden="true"></span>{{ cell.html }}</span>
        {%- elif cell.kind == "metrics" %}<dl class="jm-metrics">{% for name, figure, drop in cell.pairs %}<div class="jm-metric{% if drop %} jm-metric--drop{% endif %}"><dt>{{ name }}</dt><dd>{{ figure }}</dd></div>{% endfor %}</dl>
        {%- endif -%}
      </td>
      {%- endfor %}
"""  # noqa: E501


def hostile(tmp_path: Path, language: str) -> Path:
    return write_hostile_root(tmp_path / "journeys", XSS[:12], language=language)


@pytest.mark.parametrize("source", ["example", "hostile-en", "hostile-it"])
def test_cells_are_drawn_as_the_template_loop_drew_them(tmp_path: Path, source: str) -> None:
    root = EXAMPLE if source == "example" else hostile(tmp_path, source.split("-")[1])
    # the journeys' own words: what opportunities and studies add to a cell (chips, study
    # titles, quotes) came after the loop, and test_backlog_views checks it
    content = dataclasses.replace(check_root(root), links=Links())
    env, labels = site.environment(content), site.labels(content)
    loop = env.from_string(LOOP)
    drawn = 0
    for journey in content.journeys.values():
        for view in (
            build_map(content, journey),
            build_map(content, journey, blank=True),
            build_map(content, journey, stages=slice(0, 1)),
        ):
            for lane in view.lanes:
                if not lane.curve:
                    assert lane.cells_html(labels) == loop.render(lane=lane, labels=labels)
                    drawn += len(lane.cells)
    assert drawn > 100
