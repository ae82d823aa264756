"""Papers, fitting and tiling plans: arithmetic, no PDF is made here."""

from __future__ import annotations

import pytest

from generator.model import Journey, Site
from generator.pdf_layout import (
    MIN_FONT_PT,
    PaperError,
    _balanced_runs,
    paginate,
    parse_paper,
)
from generator.pdf_tile import best_sheet, plan


@pytest.mark.parametrize(
    ("name", "orientation", "size"),
    [
        ("A4", "portrait", (210, 297)),
        ("A4", "landscape", (297, 210)),
        ("A3", "landscape", (420, 297)),
        ("a2", "landscape", (594, 420)),
        ("A1", "portrait", (594, 841)),
        ("A0", "landscape", (1189, 841)),
        ("letter", "portrait", (215.9, 279.4)),
        ("tabloid", "landscape", (431.8, 279.4)),
        ("841x594", "portrait", (841, 594)),
    ],
)
def test_papers(name: str, orientation: str, size: tuple[float, float]) -> None:
    paper = parse_paper(name, orientation)
    assert (paper.width, paper.height) == size


def test_unknown_paper() -> None:
    with pytest.raises(PaperError) as error:
        parse_paper("B5")
    assert str(error.value) == (
        "unknown paper 'B5': use A4, A3, A2, A1, A0, letter, tabloid or WIDTHxHEIGHT in mm "
        "like 841x594"
    )


def _journey(stages: list[int], text: str = "word ") -> Journey:
    return Journey.model_validate(
        {
            "title": "T",
            "stages": [
                {
                    "name": f"Stage {s}",
                    "steps": [{"title": f"Step {s}.{i}", "doing": text} for i in range(count)],
                }
                for s, count in enumerate(stages)
            ],
        }
    )


LANES = Site().lanes_of(_journey([1]))


def test_a_short_journey_fits_one_sheet_with_large_type() -> None:
    pages = paginate(_journey([2, 2]), LANES, parse_paper("A3"))
    assert [(p.start, p.stop) for p in pages] == [(0, 2)]
    assert pages[0].fit.font_pt == 11


def test_a_long_journey_continues_stage_by_stage() -> None:
    pages = paginate(_journey([4] * 6), LANES, parse_paper("A3"))
    assert [(p.start, p.stop) for p in pages] == [(0, 3), (3, 6)]
    assert all(p.fit.column_mm >= 30 for p in pages)


def test_the_same_journey_fits_a_larger_paper() -> None:
    assert len(paginate(_journey([4] * 6), LANES, parse_paper("A0"))) == 1


def test_more_text_means_smaller_type_but_never_below_the_minimum() -> None:
    short = paginate(_journey([5], "a few words"), LANES, parse_paper("A3"))[0].fit
    long = paginate(_journey([5], "many words " * 60), LANES, parse_paper("A3"))[0].fit
    huge = paginate(_journey([5], "many words " * 600), LANES, parse_paper("A3"))[0].fit
    assert short.font_pt > long.font_pt > MIN_FONT_PT
    assert huge.font_pt == MIN_FONT_PT


def test_pages_are_balanced_and_never_cut_a_stage() -> None:
    assert _balanced_runs([4, 4, 4, 4, 4], 12) == [(0, 2), (2, 5)]
    assert _balanced_runs([14], 12) == [(0, 1)]  # a stage wider than a sheet stays whole
    assert _balanced_runs([1] * 30, 12) == [(0, 10), (10, 20), (20, 30)]


def test_a_blank_map_has_wider_columns_and_rows_for_notes() -> None:
    page = paginate(_journey([4, 4]), LANES, parse_paper("A0"), blank=True)[0]
    assert page.fit.column_mm >= 44
    assert page.fit.row_mm >= 12


def test_tiling_an_a2_poster_on_a4() -> None:
    sheet = best_sheet(594, 420, parse_paper("A4", "portrait"))
    tiles = plan(594, 420, sheet)
    assert (sheet.width, sheet.height) == (210, 297)  # 4 x 2 portrait beats 3 x 3 landscape
    assert [(t.row, t.column) for t in tiles][:5] == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1)]
    assert len(tiles) == 8
    # neighbours overlap by 10 mm, and together they cover the whole poster
    assert tiles[1].x_mm == tiles[0].x_mm + tiles[0].width_mm - 10
    assert max(t.x_mm + t.width_mm for t in tiles) == pytest.approx(594)
    assert max(t.y_mm + t.height_mm for t in tiles) == pytest.approx(420)
