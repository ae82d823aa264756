"""The impact x effort matrix: opportunities in, SVG out, no files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.views import matrix

SVG = "{http://www.w3.org/2000/svg}"


def point(
    label: str, impact: int, effort: int, status: str = "idea", title: str = ""
) -> matrix.Point:
    return matrix.Point(label, title or f"Opportunity {label}", impact, effort, status)


def markers(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f"{SVG}g[@class='jm-matrix-point']")


def centre(group: ET.Element) -> tuple[float, float]:
    text = group.find(f"{SVG}text")
    assert text is not None
    return float(text.get("x", "")), float(text.get("y", ""))


def test_points_sit_in_the_cell_of_their_impact_and_effort() -> None:
    svg = ET.fromstring(matrix.matrix_svg([point("1", 5, 1), point("2", 1, 5)], matrix.Texts()))
    first, second = markers(svg)
    x1, y1 = centre(first)
    x2, y2 = centre(second)
    assert x1 == matrix.x_of(1) < x2 == matrix.x_of(5)
    assert y1 < y2  # impact 5 is drawn above impact 1
    assert [g.findtext(f"{SVG}text") for g in (first, second)] == ["1", "2"]
    assert first.findtext(f"{SVG}title") == "1. Opportunity 1"


def test_points_sharing_a_cell_do_not_overlap() -> None:
    points = [point(str(n), 4, 2) for n in range(1, 8)]
    svg = ET.fromstring(matrix.matrix_svg(points, matrix.Texts()))
    centres = [centre(g) for g in markers(svg)]
    assert len(set(centres)) == 7
    for index, (x, y) in enumerate(centres):
        for ox, oy in centres[index + 1 :]:
            assert max(abs(x - ox), abs(y - oy)) >= 2 * matrix.RADIUS
        # and they stay inside their cell
        assert abs(x - matrix.x_of(2)) + matrix.RADIUS < matrix.CELL / 2 + 1
        assert abs(y - matrix.y_of(4) - matrix.FONT * 0.35) + matrix.RADIUS < matrix.CELL / 2 + 1


def test_a_crowded_cell_counts_what_it_cannot_draw() -> None:
    points = [point(str(n), 3, 3) for n in range(1, 13)]
    svg = ET.fromstring(matrix.matrix_svg(points, matrix.Texts()))
    assert len(markers(svg)) == matrix.PER_CELL - 1
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert "+4" in texts


def test_status_is_told_by_shape_and_named_in_the_legend() -> None:
    texts = matrix.Texts(statuses={"done": "Fatto", "idea": "Idea", "dropped": "Scartata"})
    points = [point("1", 4, 2, "done"), point("2", 3, 3, "idea"), point("3", 2, 4, "dropped")]
    svg = ET.fromstring(matrix.matrix_svg(points, texts))
    shapes = [
        [child.tag.removeprefix(SVG) for child in g if child.tag != f"{SVG}title"]
        for g in markers(svg)
    ]
    assert shapes == [["path", "text"], ["circle", "text"], ["path", "text"]]
    legend = [t.text for t in svg.findall(f"{SVG}text") if t.text in {"Fatto", "Idea", "Scartata"}]
    assert legend == ["Idea", "Fatto", "Scartata"]  # in the order of the statuses
    assert len({matrix.STATUS_STYLE[s][0] for s in matrix.STATUS_STYLE}) == len(matrix.STATUS_STYLE)


def test_quadrants_axes_title_and_description_are_the_given_words() -> None:
    texts = matrix.Texts(
        title="Impatto e sforzo",
        description="5 opportunità valutate; 1 non ancora valutata.",
        impact="Impatto",
        effort="Sforzo",
        quick_wins="Vittorie rapide",
        big_bets="Grandi scommesse",
        fill_ins="Riempitivi",
        money_pits="Pozzi senza fondo",
    )
    svg = ET.fromstring(matrix.matrix_svg([point("1", 2, 2)], texts, ident="m1"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "m1-title m1-desc"
    assert svg.findtext(f"{SVG}title") == "Impatto e sforzo"
    assert svg.findtext(f"{SVG}desc") == "5 opportunità valutate; 1 non ancora valutata."
    words = {t.text for t in svg.findall(f"{SVG}text")}
    assert {"Vittorie rapide", "Grandi scommesse", "Riempitivi", "Pozzi senza fondo"} <= words
    assert {"Impatto \u2192", "Sforzo \u2192", "1", "5"} <= words


def test_every_author_word_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & è'
    texts = matrix.Texts(title=hostile, description=hostile, statuses={"idea": hostile})
    text = matrix.matrix_svg([point("1", 3, 3, "idea", title=hostile)], texts, ident='a"b')
    assert "<script>" not in text
    svg = ET.fromstring(text)  # well-formed
    assert svg.findtext(f"{SVG}title") == hostile
    assert markers(svg)[0].findtext(f"{SVG}title") == f"1. {hostile}"


def test_only_what_weasyprint_draws() -> None:
    text = matrix.matrix_svg(
        [point(str(n), n % 5 + 1, (n * 2) % 5 + 1, s) for n, s in enumerate(matrix.STATUS_STYLE)],
        matrix.Texts(),
    )
    tags = {el.tag.removeprefix(SVG) for el in ET.fromstring(text).iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "line", "path", "circle", "text"}
    assert "var(" not in text and "textPath" not in text
    assert not re.search(r"\bstyle=", text)


def test_the_legend_fits_its_longest_word() -> None:
    long = "In lavorazione presso il reparto vendite"
    svg = ET.fromstring(
        matrix.matrix_svg(
            [point("1", 3, 3, "in-progress")], matrix.Texts(statuses={"in-progress": long})
        )
    )
    width = float(svg.get("viewBox", "").split()[2])
    assert width >= matrix.LEFT + 5 * matrix.CELL + len(long) * matrix.FONT * 0.5
