"""The emotion curve: points in, SVG out, no files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import cli
from generator.views import curve
from tests.conftest import WriteRoot

SVG = "{http://www.w3.org/2000/svg}"


def chart(**changes: object) -> curve.Chart:
    base: dict[str, object] = {
        "columns": 4,
        "scale": (-2.0, 2.0),
        "series": (curve.Series("Marco", ((0, 1), (1, -2), (3, 2))),),
    }
    base.update(changes)
    return curve.Chart(**base)  # type: ignore[arg-type]


def test_each_column_is_one_unit_and_points_sit_in_its_middle() -> None:
    svg = ET.fromstring(curve.curve_svg(chart()))
    assert svg.get("viewBox") == f"0 0 400 {curve._fmt(curve.HEIGHT)}"
    assert svg.get("width") == "100%"
    points = svg.findall(f"{SVG}circle[@class='jm-point']")
    assert [p.get("cx") for p in points] == ["50", "150", "350"]
    assert [p.get("cy") for p in points] == [curve._fmt(curve.y_of(v, (-2, 2))) for v in (1, -2, 2)]


def test_peak_valley_zero_line_and_moments_are_drawn() -> None:
    svg = ET.fromstring(curve.curve_svg(chart(moments=(1,))))
    labels = [t.text for t in svg.findall(f"{SVG}text[@class='jm-extreme-label']")]
    assert labels == ["Peak", "Valley"]
    assert len(svg.findall(f"{SVG}line[@class='jm-zero']")) == 1
    assert len(svg.findall(f"{SVG}path[@class='jm-moment']")) == 1


def test_only_paths_circles_lines_and_text_are_used() -> None:
    text = curve.curve_svg(chart(texts=curve.Texts(loop="loops back to A"), moments=(0,)))
    tags = {el.tag.removeprefix(SVG) for el in ET.fromstring(text).iter()}
    assert tags <= {"svg", "path", "circle", "line", "text", "title"}


def test_series_differ_by_shape_and_dash_not_by_colour_alone() -> None:
    series = (
        curve.Series("A", ((0, 1), (1, 0)), curve.PALETTE[0], "circle"),
        curve.Series("B", ((0, -1), (1, 0)), curve.PALETTE[1], "square"),
        curve.Series("A later", ((0, 2), (1, 1)), curve.PALETTE[0], "circle", dashed=True),
    )
    svg = ET.fromstring(curve.curve_svg(chart(series=series)))
    lines = svg.findall(f"{SVG}path[@class='jm-line']")
    assert [line.get("stroke-dasharray") for line in lines] == [None, None, "5 3"]
    assert len(svg.findall(f"{SVG}path[@class='jm-point']")) == 2  # B's squares


def test_author_words_are_escaped() -> None:
    series = (curve.Series('<script>"x"</script>', ((0, 1), (1, 2))),)
    text = curve.curve_svg(chart(series=series, texts=curve.Texts(title='"><b>')))
    assert "<script>" not in text and '"><b>' not in text
    assert ET.fromstring(text).find(f"{SVG}path/{SVG}title").text == '<script>"x"</script>'


def test_a_blank_chart_has_the_grid_and_no_curve() -> None:
    svg = ET.fromstring(curve.curve_svg(chart(series=())))
    assert not svg.findall(f"{SVG}path[@class='jm-line']")
    assert svg.findall(f"{SVG}line[@class='jm-zero']")


@given(st.lists(st.floats(-2, 2), min_size=2, max_size=30))
def test_the_smooth_curve_never_overshoots_the_points(values: list[float]) -> None:
    points = [(i * 100.0 + 50, curve.y_of(v, (-2, 2))) for i, v in enumerate(values)]
    path = curve.smooth_path(points)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    ys = numbers[1::2]
    low, high = min(p[1] for p in points), max(p[1] for p in points)
    # monotone cubic control points stay inside the band of the data
    assert all(low - 0.02 <= y <= high + 0.02 for y in ys)


def test_sparkline_is_small_and_labelled() -> None:
    svg = ET.fromstring(curve.sparkline([1, -1, 2], (-2, 2), "Emotion <curve>"))
    assert svg.get("width") == "120" and svg.get("aria-label") == "Emotion <curve>"
    assert curve.sparkline([], (-2, 2), "x") == ""


def test_the_neutral_line_of_a_one_to_five_scale_is_three() -> None:
    svg = ET.fromstring(curve.curve_svg(chart(scale=(1.0, 5.0), series=())))
    (neutral,) = svg.findall(f"{SVG}line[@class='jm-zero']")
    assert neutral.get("y1") == curve._fmt(curve.y_of(3, (1, 5)))


def test_a_chart_of_another_height_keeps_its_points_over_their_columns_and_round() -> None:
    svg = ET.fromstring(curve.curve_svg(chart(unit=250.0, height=60.0)))
    assert svg.get("viewBox") == "0 0 1000 60"
    points = svg.findall(f"{SVG}circle[@class='jm-point']")
    assert [p.get("cx") for p in points] == ["125", "375", "875"]
    assert {p.get("r") for p in points} == {"4.4"}  # marks keep their size in the units
    heights = [float(p.get("cy") or 0) for p in points]
    assert heights[2] == curve.TOP and heights[1] == 60 - curve.BOTTOM


def test_a_part_of_a_journey_marks_only_the_journeys_own_peak_and_valley() -> None:
    def labels(extremes: object) -> list[tuple[str | None, str | None]]:
        svg = ET.fromstring(curve.curve_svg(chart(extremes=extremes)))
        found = svg.findall(f"{SVG}text[@class='jm-extreme-label']")
        return [(t.text, t.get("x")) for t in found]

    assert labels(None) == [("Peak", "350"), ("Valley", "150")]  # the chart's own
    assert labels(((0, 1.0), None)) == [("Peak", "50")]  # the journey's low is elsewhere
    assert labels((None, None)) == []


def test_on_paper_a_moments_star_stands_clear_of_the_peak_label() -> None:
    svg = ET.fromstring(curve.curve_svg(chart(moments=(3,), clear=True)))
    (label,) = [t for t in svg.iter(f"{SVG}text") if t.text == "Peak"]
    baseline = float(label.get("y") or 0)
    word = (baseline - curve.FONT, baseline + 2)  # the word's height, descenders and all
    star = svg.find(f"{SVG}path[@class='jm-moment']")
    assert star is not None
    ys = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", star.get("d") or "")][1::2]
    assert max(ys) < word[0]
    for rule in svg.findall(f"{SVG}line[@class='jm-moment-rule']"):
        y1, y2 = float(rule.get("y1") or 0), float(rule.get("y2") or 0)
        assert y2 < word[0] or y1 >= word[1]  # the rule stops above the word and goes on below


def test_seven_personas_each_have_a_shape_of_their_own_in_the_curve_and_the_legend(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    names = ["Anna", "Bruno", "Carla", "Dario", "Elena", "Fabio", "Giò"]
    ids = [name.lower().replace("ò", "o") for name in names]
    emotions = ", ".join(f"{pid}: {n % 5 - 2}" for n, pid in enumerate(ids))
    root = write_root(
        {
            **{
                f"personas/{pid}.yaml": f"name: {name}\n"
                for pid, name in zip(ids, names, strict=True)
            },
            "gruppo.yaml": f"""
                title: Sette persone
                persona: [{", ".join(ids)}]
                stages:
                  - name: Scoperta
                    steps:
                      - {{title: Cerca, emotion: {{{emotions}}}}}
                      - {{title: Trova, emotion: {{{emotions}}}}}
                """,
        }
    )
    result = CliRunner().invoke(
        cli, ["build", str(root), "--out", str(tmp_path / "out"), "--no-pdf"]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out/site/journeys/gruppo/index.html").read_text(encoding="utf-8")
    legend = page[page.index('<ul class="jm-legend"') :]
    legend = legend[: legend.index("</ul>")]
    items = re.findall(r"<li class=\"jm-legend-item\">(.*?)</li>", legend, re.S)
    assert [re.search(r"<span>(.*)</span>", item)[1] for item in items] == names  # type: ignore[index]

    def drawn(item: str) -> str:  # the point of a swatch, its colour aside
        point = re.search(r'<(circle|path) class="jm-point"[^>]*>', item)
        assert point is not None
        return re.sub(r'stroke="[^"]*"', "", point[0])

    # the legend's swatch is drawn by the chart's own marker of each series
    assert len({drawn(item) for item in items}) == 7
