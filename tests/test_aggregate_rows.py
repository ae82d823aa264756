"""The rows of the channel and department pages, drawn in Python (aggregate_rows.RowsHtml),
are what the template loops they replace drew: byte for byte, every author's word escaped
the same way, in English and in Italian."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jinja2 import Environment

from generator.content.validate import check_root
from generator.views import environment as site
from generator.views.aggregates import Aggregates, GroupContext, touchpoint_rows
from generator.views.i18n import Labels
from tests.conftest import WriteRoot
from tests.hostile.content import write_hostile_root
from tests.hostile.vectors import XSS

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"

# channel.html's loop over a journey's rows, as it was before RowsHtml.channel
CHANNEL_LOOP = """\
  {% set no_owner %}<span class="jm-muted">{{ labels.no_owner }}</span>{% endset %}
    {% for row in group.rows %}
    <tr>
      <td>{{ row.touchpoint }}</td>
      <td><a href="{{ journey }}#{{ row.anchor }}">{{ row.step_title }}</a> <span class="jm-muted">· {{ row.stage_name }}</span></td>
      <td>{% if row.owner %}<span class="jm-owner"{% if row.colour %} style="--jm-dept: {{ row.colour }}"{% endif %}><span class="jm-owner-dot" aria-hidden="true"></span>{{ row.owner }}</span>{% else %}{{ no_owner }}{% endif %}</td>
      <td class="jm-num">{% if row.emotion %}<span class="jm-emotion-figure jm-emotion-figure--{{ row.tone }}">{{ row.emotion }}</span>{% else %}<span class="jm-muted">&#8211;</span>{% endif %}</td>
    </tr>
    {% endfor %}
"""  # noqa: E501

# department.html's loop over a journey's rows and their hand-offs, as it was before
# RowsHtml.department
DEPARTMENT_LOOP = """\
{% set no_channel %}<span class="jm-muted">{{ labels.no_channel }}</span>{% endset %}
{% set kinds = {"online": labels.online, "offline": labels.offline} %}
{% set came_from %}<span class="jm-handoff-way" aria-hidden="true">&#8592;</span> {{ labels.handoff_from }}{% endset %}
{% set goes_to %}<span class="jm-handoff-way" aria-hidden="true">&#8594;</span> {{ labels.handoff_to }}{% endset %}
    {% for item in group.owned %}{% set row = item.row %}
      <tr>
        <td><a href="{{ journey }}#{{ row.anchor }}">{{ row.step_title }}</a><br><span class="jm-muted">{{ row.stage_name }}{% if row.touchpoint != row.step_title %} · {{ row.touchpoint }}{% endif %}</span></td>
        <td>{% if row.channel %}{{ row.channel }}{% if row.kind %} <span class="jm-badge jm-badge--{{ row.kind }}">{{ kinds[row.kind] }}</span>{% endif %}{% else %}{{ no_channel }}{% endif %}</td>
        <td class="jm-num">{% if row.emotion %}<span class="jm-emotion-figure jm-emotion-figure--{{ row.tone }}">{{ row.emotion }}</span>{% else %}<span class="jm-muted">&#8211;</span>{% endif %}</td>
        {% if owned %}<td class="jm-handoffs-cell">
        {%- for way, handoff in (("in", item.came), ("out", item.goes)) if handoff %}
        {%- if way == "in" %}{% set arrow, label, colour, place = came_from, handoff.from_label, handoff.from_colour, handoff.handoff.before %}{% else %}{% set arrow, label, colour, place = goes_to, handoff.to_label, handoff.to_colour, handoff.handoff.after %}{% endif %}
        {%- set change = handoff.handoff.change -%}
<div class="jm-handoff{% if change is not none and change < 0 %} jm-falls{% elif change is not none and change > 0 %} jm-rises{% endif %}">{{ arrow }} <span class="jm-owner"{% if colour %} style="--jm-dept: {{ colour }}"{% endif %}><span class="jm-owner-dot" aria-hidden="true"></span>{{ label }}</span>: <a href="{{ journey }}#{{ place.anchor }}">{{ place.step_title }}</a>
 <span class="jm-change">{% if change is not none and change < 0 %}<span aria-hidden="true">&#9660;</span> {% elif change is not none and change > 0 %}<span aria-hidden="true">&#9650;</span> {% endif %}{{ handoff.change }}</span></div>
        {%- endfor %}</td>{% endif %}
      </tr>
    {% endfor %}
"""  # noqa: E501

# Author text where escaping shows, and every kind of row: a channel of each kind and
# none, a department with a colour, without one and none, no emotion, and hand-offs
# where the emotion falls, rises, stays and is not known.
SITE = {
    "title": 'Prova <script>alert("x")</script> & co',
    "channels": {
        "negozio": {"label": "Negozio <b>& figli</b> 'città'", "kind": "offline"},
        "portale": {"label": 'Portale "più" <i>veloce</i>', "kind": "online"},
    },
    "departments": {
        "vendite": {"label": "Vendite & <script>alert(1)</script>", "color": "#2f855a"},
        "assistenza": {"label": "Assistenza 'clienti' è qui", "color": "#dd6b20"},
        "amministrazione": {"label": 'Amministrazione "sì"'},
    },
}

STEPS = [
    {
        "title": "<script>alert('passo')</script>",
        "touchpoint": 'Caffè & "brioche"',
        "channel": "portale",
        "owner": "vendite",
        "emotion": 1,
    },
    {"title": "Chiama l'assistenza <b>", "owner": "assistenza", "emotion": -2},
    {"title": "Va in negozio & paga", "channel": "negozio", "touchpoint": "Cassa"},
    {"title": "Riceve la fattura", "channel": "email", "owner": "amministrazione", "emotion": 1},
    {"title": "Rinnova «subito»", "channel": "web", "owner": "vendite", "emotion": 1},
    {"title": "Scrive una recensione", "channel": "review", "owner": "assistenza"},
    {"title": "Solo un punto di contatto", "touchpoint": "Passaparola <3"},
    {"title": "Nessun canale né reparto", "doing": "niente"},
]


def journey(number: int) -> dict[str, object]:
    steps = STEPS[number % 2 :]  # the second journey starts with no hand-off in
    return {
        "title": f"Percorso {number} <em>& «più»</em>",
        "persona": "giulia",
        "stages": [
            {"name": "Scoperta & <scelta>", "steps": steps[:3]},
            {"name": 'Acquisto "sì"', "steps": steps[3:]},
        ],
    }


def hostile(write_root: WriteRoot, language: str) -> Path:
    files = {
        "site.yaml": {**SITE, "language": language},
        "personas/giulia.yaml": {"name": "Giulia <b>", "role": "Titolare & socia"},
        **{f"gruppo/p{n}.yaml": journey(n) for n in range(3)},
    }
    return write_root(
        {
            path: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            for path, data in files.items()
        }
    )


def xss(tmp_path: Path, language: str) -> Path:
    return write_hostile_root(tmp_path / "xss", XSS[:12], language=language)


def pages(root: Path) -> tuple[list[GroupContext], Environment, Labels]:
    content = check_root(root)
    env, labels = site.environment(content), site.labels(content)
    made = Aggregates(
        content.journeys.values(),
        lambda j: touchpoint_rows(j, content.site, labels),
        content.site,
        labels,
    )
    contexts = [page.context for page in [*made.touchpoints(), *made.owners()]]
    return [c for c in contexts if isinstance(c, GroupContext)], env, labels


@pytest.mark.parametrize("source", ["example", "hostile-en", "hostile-it", "xss-en", "xss-it"])
def test_rows_are_drawn_as_the_template_loops_drew_them(
    write_root: WriteRoot, tmp_path: Path, source: str
) -> None:
    kind, _, language = source.partition("-")
    root = (
        EXAMPLE
        if kind == "example"
        else hostile(write_root, language)
        if kind == "hostile"
        else xss(tmp_path, language)
    )
    groups, env, labels = pages(root)
    channel, department = env.from_string(CHANNEL_LOOP), env.from_string(DEPARTMENT_LOOP)
    drawn = []
    for page in groups:
        draw = page.rows_html(labels)
        owned = not page.summary.unset
        for group in page.journeys:
            for journey in (f"../../journeys/{group.journey_id}/index.html", '?a=1&b="<2>"'):
                values = {"group": group, "journey": journey, "labels": labels, "owned": owned}
                if page.section == "touchpoints":
                    html = draw.channel(group.rows, journey)
                    assert html == channel.render(values)
                else:
                    html = draw.department(group.owned, journey, owned)
                    assert html == department.render(values)
                drawn.append(html)
    whole = "".join(drawn)
    assert whole.count("<tr>") > (200 if kind == "example" else 20)
    if kind == "hostile":
        # every branch of the loops was taken
        for shown in (
            "&lt;script&gt;alert(&#39;passo&#39;)&lt;/script&gt;",
            "Caffè &amp; &#34;brioche&#34;",
            f'<span class="jm-muted">{labels.no_owner}</span>',
            f'<span class="jm-muted">{labels.no_channel}</span>',
            '<span class="jm-muted">&#8211;</span>',
            "jm-badge--online",
            "jm-badge--offline",
            'style="--jm-dept: #dd6b20"',
            '<span class="jm-owner"><span class="jm-owner-dot"',
            '<div class="jm-handoff jm-falls">',
            '<div class="jm-handoff jm-rises">',
            '<div class="jm-handoff">',
            '<span class="jm-change">\u2013</span>',
        ):
            assert shown in whole, shown
