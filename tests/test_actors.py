"""A step's `actors:` say who lives it: their curves, the map, the warnings, the
averages and the persona's own page, read as a user reads them (Italian site)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.validate import check_root
from generator.views import curve as emotion_curve
from generator.views.mapview import build_map
from tests.conftest import WriteRoot
from tests.test_site import Node, build, parse
from tests.tools import need

SITE = """\
title: Percorsi
language: it
departments:
  vendite: {label: Vendite}
"""

# Niccolò takes no part in filling in the form, nor in the negotiation; the
# negotiation gives him an emotion all the same (a warning, counted nowhere)
JOURNEY = """\
title: Acquisto del gestionale
persona: [giulia, niccolo]
stages:
  - name: Considerazione
    steps:
      - title: Legge il listino
        emotion: 1
      - title: Chiede una demo
        emotion: {giulia: 0, niccolo: 1}
      - title: Compila il modulo
        actors: [giulia]
        emotion: -2
      - title: Negozia le clausole
        actors: [giulia]
        owner: vendite
        emotion: {giulia: -1, niccolo: 2}
      - title: Firma il contratto
        emotion: {giulia: 1, niccolo: 2}
"""

FILES = {
    "site.yaml": SITE,
    "personas/giulia.yaml": "name: Giulia Ferri\n",
    "personas/niccolo.yaml": "name: Niccolò Dell'Acqua\n",
    "b2b/acquisto.yaml": JOURNEY,
}

WARNING = (
    "journeys/b2b/acquisto.yaml:16:31: warning: stages[0].steps[3].emotion.niccolo "
    "(Considerazione > Negozia le clausole): "
    "an emotion for 'niccolo', who takes no part in step 'Negozia le clausole' "
    "(its actors: giulia); add niccolo to the step's actors, or remove this emotion"
)


@pytest.fixture
def root(write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_root(FILES)


@pytest.fixture
def site(root: Path, tmp_path: Path) -> Path:
    code, _stdout, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    return tmp_path / "out" / "site"


def _validate(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(root)])
    return result.exit_code, result.output.splitlines()


# -- the curve ------------------------------------------------------------------


def test_each_persona_has_points_only_at_the_steps_they_take_part_in(root: Path) -> None:
    content = check_root(root)
    view = build_map(content, content.journeys["b2b/acquisto"])
    points = {series.name: series.points for series in view.series}
    assert points == {
        "Giulia Ferri": ((0, 1), (1, 0), (2, -2), (3, -1), (4, 1)),
        "Niccolò Dell'Acqua": ((0, 1), (1, 1), (4, 2)),
    }
    assert {series.name: series.gaps for series in view.series} == {
        "Giulia Ferri": (),
        "Niccolò Dell'Acqua": (2, 3),
    }


def test_a_line_breaks_at_the_steps_its_persona_skips_and_the_legend_says_so(
    site: Path,
) -> None:
    page = parse(site / "journeys/b2b/acquisto/index.html")
    svg = page.one("svg", "jm-curve-svg")
    lines = {line.one("title").text(): line.attrs["d"] for line in svg.all("path", "jm-line")}
    # Giulia's line runs through all five steps; Niccolò's joins his first two, then stops:
    # his last point stands alone, with no line across the two steps he takes no part in
    assert lines["Giulia Ferri"].count("M") == 1
    assert re.fullmatch(r"M50 \S+ C[^MC]+", lines["Niccolò Dell'Acqua"])
    # his points are squares (the second persona's shape), drawn from their top left corner
    marks = [
        (p.one("title").text(), p.attrs["d"].split()[0])
        for p in svg.all("path", "jm-point")
        if p.one("title").text().startswith("Niccolò")
    ]
    assert [(title, round(float(x[1:]) + 2.97, 2)) for title, x in marks] == [
        ("Niccolò Dell'Acqua: 1", 50),
        ("Niccolò Dell'Acqua: 1", 150),
        ("Niccolò Dell'Acqua: 2", 450),
    ]
    note = page.one("p", "jm-legend-note").text()
    assert note == "Una linea si interrompe ai passi a cui la sua persona non partecipa."
    rows = page.one("table", "jm-emotion-table").one("tbody").all("tr")
    assert [row.text() for row in rows] == [
        "Legge il listino +1 +1",
        "Chiede una demo 0 +1",
        "Compila il modulo \u22122 non partecipa",
        "Negozia le clausole \u22121 non partecipa",
        "Firma il contratto +1 +2",
    ]


def test_the_runs_of_a_series_break_only_at_its_gaps() -> None:
    series = emotion_curve.Series("x", ((0, 1), (2, 0), (3, 1), (5, 2)), gaps=(4,))
    # column 1 has no emotion but is lived: crossed; column 4 is not lived: a break
    assert emotion_curve.runs(series) == [[(0, 1), (2, 0), (3, 1)], [(5, 2)]]


def test_a_journey_without_actors_keeps_one_unbroken_line(write_root: WriteRoot) -> None:
    root = write_root(
        {
            "site.yaml": SITE,
            "personas/giulia.yaml": "name: Giulia\n",
            "a.yaml": "title: A\npersona: giulia\nstages:\n  - name: S\n    steps:\n"
            "      - {title: Uno, emotion: 1}\n      - {title: Due}\n"
            "      - {title: Tre, emotion: -1}\n",
        }
    )
    content = check_root(root)
    view = build_map(content, content.journeys["a"])
    assert [(s.name, s.points, s.gaps) for s in view.series] == [("Giulia", ((0, 1), (2, -1)), ())]
    assert view.gaps_note == ""
    assert all(column.actors == () for column in view.columns)


# -- the map --------------------------------------------------------------------


def _step_headers(page: Node) -> dict[str, str]:
    row = page.one("tr", "jm-step-row")
    return {
        th.one("a", "jm-step-title").text(): " ".join(s.text() for s in th.all("span", "jm-actors"))
        for th in row.all("th", "jm-step")
    }


def test_the_map_names_who_takes_part_where_not_everyone_does(site: Path) -> None:
    page = parse(site / "journeys/b2b/acquisto/index.html")
    assert _step_headers(page) == {
        "Legge il listino": "",
        "Chiede una demo": "",
        "Compila il modulo": "Solo Giulia Ferri",
        "Negozia le clausole": "Solo Giulia Ferri",
        "Firma il contratto": "",
    }


def test_the_printed_map_names_who_takes_part(root: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "acquisto.pdf"
    result = CliRunner().invoke(
        cli, ["pdf", "b2b/acquisto", "--root", str(root), "--paper", "A3", "-o", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        [need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("Solo Giulia Ferri") == 2
    assert "Una linea si interrompe ai passi a cui la sua persona non partecipa." in " ".join(
        text.split()
    )


# -- validate -------------------------------------------------------------------


def test_an_emotion_for_a_persona_who_takes_no_part_is_a_warning_at_its_key(root: Path) -> None:
    code, lines = _validate(root)
    assert code == 0
    assert lines == [WARNING, "0 errors, 1 warning in 4 files"]


def test_the_warning_suggests_the_actor_meant_and_knows_the_journeys_personas(
    write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = write_root(
        {
            "site.yaml": SITE,
            "personas/giulia.yaml": "name: Giulia\n",
            "personas/giulio.yaml": "name: Giulio\n",
            "personas/luca.yaml": "name: Luca\n",
            "a.yaml": "title: A\npersona: [giulia, luca]\nstages:\n  - name: S\n    steps:\n"
            "      - title: Firma\n        actors: [giulio]\n        emotion: {giulia: 1}\n"
            "      - title: Paga\n        emotion: {giulio: -1}\n",
        }
    )
    code, lines = _validate(root)
    assert code == 0
    assert lines == [
        "journeys/a.yaml:8:19: warning: stages[0].steps[0].emotion.giulia (S > Firma): an emotion "
        "for "
        "'giulia', who takes no part in step 'Firma' (its actors: giulio) (did you mean "
        "'giulio'?); add giulia to the step's actors, or remove this emotion",
        "journeys/a.yaml:10:19: warning: stages[0].steps[1].emotion.giulio (S > Paga): "
        "an emotion for "
        "'giulio', who takes no part in step 'Paga' (the journey's personas: giulia, luca) "
        "(did you mean 'giulia'?); add giulio to the journey's persona or to the step's "
        "actors, or remove this emotion",
        "0 errors, 2 warnings in 5 files",
    ]


def test_the_warning_fails_a_strict_run(root: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--strict", str(root)])
    assert result.exit_code == 1
    strict = WARNING.replace(": warning: ", ": error: ", 1) + " [--strict]"
    assert result.output.splitlines()[0] == strict


# -- what is counted ------------------------------------------------------------


def test_the_card_writes_out_what_its_share_counts(site: Path) -> None:
    card = parse(site / "index.html").one("article", "jm-card")
    stats = card.one("dl", "jm-card-stats").all("div")[0]
    assert stats.text() == "Soddisfazione 60%"
    assert "title" not in stats.one("dd").attrs  # read, not hovered
    # 1, 0.5, -2, -1 (Niccolò's 2 is not his: he does not negotiate) and 1.5
    note = card.one("p", "jm-card-note").text()
    assert note == "3 su 5 passi vissuti positivamente (media sopra 0)"


def test_a_card_counts_the_steps_with_an_emotion_when_some_have_none(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = write_root(
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n"
            "      - {title: One, emotion: 1}\n      - {title: Two}\n"
            "      - {title: Three, emotion: -1}\n",
        }
    )
    code, _stdout, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    card = parse(tmp_path / "out/site/index.html").one("article", "jm-card")
    assert card.one("p", "jm-card-note").text() == (
        "1 of the 2 steps with an emotion felt positively (average above 0)"
    )


def test_the_owner_page_averages_only_what_was_lived(site: Path) -> None:
    row = parse(site / "owners/index.html").by_id("jm-department-vendite")
    assert row is not None
    # one step owned, Giulia's -1 alone (Niccolò's 2 would have made it +0.5)
    assert [cell.text() for cell in row.all("td")][:3] == ["1", "1", "\u22121"]


def test_the_insights_valleys_count_only_the_actors(site: Path) -> None:
    page = parse(site / "insights/index.html")
    valleys = [item.text() for item in page.all("li") if "Negozia le clausole" in item.text()]
    assert valleys and valleys[0].startswith("\u22121 Negozia le clausole")


# -- the persona's own view -----------------------------------------------------


def test_the_persona_page_shows_their_curve_and_their_steps(site: Path) -> None:
    page = parse(site / "personas/niccolo/index.html")
    lived = page.one("section", "jm-lived")
    assert lived.one("h2").text() == "Il percorso di Niccolò Dell'Acqua"
    journey = lived.one("section", "jm-lived-journey")
    assert journey.one("h3").text() == "Acquisto del gestionale"
    assert journey.one("p", "jm-lived-meta").text() == "3 su 5 passi · Emozione media: +1,3"
    steps = journey.one("ol", "jm-lived-steps").all("li")
    assert [step.text() for step in steps] == [
        "Legge il listino Considerazione +1",
        "Chiede una demo Considerazione +1",
        "Firma il contratto Considerazione +2",
    ]
    # each step links to its anchor on the map
    map_page = parse(site / "journeys/b2b/acquisto/index.html")
    for step in steps:
        href = step.one("a").attrs["href"]
        path, _, anchor = href.partition("#")
        assert path == "../../journeys/b2b/acquisto/index.html"
        assert map_page.by_id(anchor) is not None, anchor
    # his curve: his three steps as its columns, one point each
    svg = journey.one("svg", "jm-curve-svg")
    marks = [p.one("title").text() for p in svg.all(None, "jm-point")]
    assert marks == ["Niccolò Dell'Acqua: 1", "Niccolò Dell'Acqua: 1", "Niccolò Dell'Acqua: 2"]
    assert svg.attrs["viewbox"].split()[2] == "180"


def test_the_persona_page_of_an_actor_shows_only_their_steps(site: Path) -> None:
    page = parse(site / "personas/giulia/index.html")
    journey = page.one("section", "jm-lived-journey")
    assert journey.one("p", "jm-lived-meta").text() == "5 su 5 passi · Emozione media: \u22120,2"
    steps = [li.one("a").text() for li in journey.one("ol", "jm-lived-steps").all("li")]
    assert steps == [
        "Legge il listino",
        "Chiede una demo",
        "Compila il modulo",
        "Negozia le clausole",
        "Firma il contratto",
    ]


def test_a_persona_on_many_journeys_has_a_row_for_each(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    # one journey more than are drawn in full: the page would otherwise carry every step of
    # every journey (16 MB at 1,000 journeys), and each map shows the persona's curve
    from generator.views.personaview import LIVED_IN_FULL

    files = dict(FILES)
    del files["b2b/acquisto.yaml"]
    count = LIVED_IN_FULL + 1
    for number in range(count):
        files[f"rinnovi/r{number:02d}.yaml"] = JOURNEY.replace(
            "Acquisto del gestionale", f"Rinnovo n. {number:02d} è più caro"
        )
    root = write_root(files)
    code, _stdout, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    page = parse(tmp_path / "out/site/personas/niccolo/index.html")
    lived = page.one("section", "jm-lived")
    assert lived.one("h2").text() == "Il percorso di Niccolò Dell'Acqua"
    assert lived.one("p").text() == (
        f"Niccolò Dell'Acqua partecipa a {count} percorsi: qui una riga ciascuno, e sulla "
        "mappa di ogni percorso la curva e i passi di Niccolò Dell'Acqua."
    )
    assert lived.all("section", "jm-lived-journey") == []
    assert lived.all("svg") == []
    table = lived.one("table", "jm-lived-table")
    heads = [th.text() for th in table.one("thead").all("th")]
    assert heads == ["Percorso", "Passi a cui partecipa", "Emozione media"]
    rows = table.one("tbody").all("tr")
    assert len(rows) == count
    first = rows[0]
    assert first.one("th").attrs["scope"] == "row"
    assert first.one("a").text() == "Rinnovo n. 00 è più caro"
    assert first.one("a").attrs["href"] == "../../journeys/rinnovi/r00/index.html"
    assert [td.text() for td in first.all("td")] == ["3 su 5 passi", "+1,3"]
    # one journey fewer, and each is drawn in full again
    (root / f"rinnovi/r{count - 1:02d}.yaml").unlink()
    code, _stdout, stderr = build(root, tmp_path / "out2")
    assert code == 0, stderr
    page = parse(tmp_path / "out2/site/personas/niccolo/index.html")
    assert len(page.all("section", "jm-lived-journey")) == LIVED_IN_FULL
    assert page.all("table", "jm-lived-table") == []


def test_a_card_keeps_the_row_of_what_each_persona_lived(root: Path) -> None:
    from generator.views.i18n import labels_for
    from generator.views.personaview import lived, lived_row

    ours = check_root(root)
    example = check_root(Path(__file__).resolve().parents[1] / "journeys")
    for content in (ours, example):
        labels = labels_for(content.site)
        for journey in content.journeys.values():
            for persona in [*journey.people(), "nobody"]:
                view = lived(content, journey, persona, labels)
                row = lived_row(content, journey, persona, labels)
                assert row == (view.row if view is not None else None)
    labels = labels_for(ours.site)
    niccolo = lived_row(ours, ours.journeys["b2b/acquisto"], "niccolo", labels)
    assert niccolo is not None
    assert (niccolo.taken, niccolo.total, niccolo.average) == (3, 5, "+1,3")
