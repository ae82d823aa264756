"""Papers, fitting and tiling plans: arithmetic, no PDF is made here."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.content.validate import check_root
from generator.pdf.docs import Printer, least_type
from generator.pdf.layout import (
    BLANK_CURVE_MM,
    BLANK_MIN_COLUMN_MM,
    BLANK_ROW_MM,
    MARGIN_MM,
    MAX_CURVE_SHARE,
    MIN_COLUMN_MM,
    Fit,
    Page,
    PaperError,
    _runs,
    halves,
    parse_paper,
)
from generator.pdf.measure import MIN_FONT_PT, PT_MM
from generator.pdf.tile import best_sheet, plan
from generator.views import curve
from generator.views.mapview import build_map
from tests.conftest import WriteRoot

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
Sheets = Callable[..., list[Page]]


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


def _journey(stages: list[int], text: str = "word ") -> dict[str, object]:
    return {
        "title": "T",
        "stages": [
            {
                "name": f"Stage {s}",
                "steps": [
                    {"title": f"Step {s}.{i}", "doing": text, "emotion": (i % 5) - 2}
                    for i in range(count)
                ],
            }
            for s, count in enumerate(stages)
        ],
    }


@pytest.fixture
def sheets(write_root: WriteRoot) -> Sheets:
    """`sheets([4, 4], "A3")`: the sheets of a journey with stages of so many steps."""

    def make(
        stages: list[int], paper: str = "A3", *, text: str = "word ", blank: bool = False
    ) -> list[Page]:
        root = write_root({"j.yaml": yaml.safe_dump(_journey(stages, text))})
        context = Printer(check_root(root)).poster("j", parse_paper(paper), blank=blank)
        return [sheet.page for sheet in context.pages]

    return make


def _spans(pages: list[Page]) -> list[tuple[int, int]]:
    return [(p.start, p.stop) for p in pages]


def test_a_short_journey_fits_one_sheet_with_large_type(sheets: Sheets) -> None:
    pages = sheets([2, 2])
    assert _spans(pages) == [(0, 4)]
    assert pages[0].fit.font_pt == 11


def test_a_long_journey_continues_stage_by_stage(sheets: Sheets) -> None:
    pages = sheets([4] * 6)
    assert _spans(pages) == [(0, 12), (12, 24)]  # the sheets begin where stages begin
    assert all(p.fit.column_mm >= MIN_COLUMN_MM for p in pages)


def test_the_same_journey_fits_a_larger_paper(sheets: Sheets) -> None:
    assert len(sheets([4] * 6, "A0")) == 1


def test_more_text_means_smaller_type_then_more_sheets_never_smaller_type(
    sheets: Sheets,
) -> None:
    short = sheets([5], text="a few words")[0].fit
    long = sheets([5], text="many words " * 150)[0].fit
    assert short.font_pt > long.font_pt > MIN_FONT_PT
    huge = sheets([5], text="many words " * 1000)
    assert len(huge) > 1
    assert all(page.fit.font_pt >= MIN_FONT_PT for page in huge)


@pytest.mark.parametrize(("steps", "paper"), [(40, "A3"), (16, "A3"), (40, "A4")])
def test_a_stage_wider_than_a_sheet_goes_on_over_the_next(
    sheets: Sheets, steps: int, paper: str
) -> None:
    pages = sheets([steps], paper)
    assert len(pages) > 1
    assert _spans(pages)[0][0] == 0 and _spans(pages)[-1][1] == steps
    assert all(a.stop == b.start for a, b in itertools.pairwise(pages))
    assert all(p.fit.column_mm >= MIN_COLUMN_MM for p in pages)
    assert all(p.fit.font_pt >= MIN_FONT_PT for p in pages)
    widths = [p.stop - p.start for p in pages]
    assert max(widths) - min(widths) <= 1  # as even as can be


def test_runs_keep_stages_whole_when_it_costs_no_sheet() -> None:
    def fits(start: int, stop: int) -> bool:
        return True

    starts = frozenset({0, 4, 8, 12, 16})
    assert _runs(20, starts, 12, fits) == [(0, 8), (8, 20)]
    assert _runs(14, frozenset({0}), 12, fits) == [(0, 7), (7, 14)]  # one stage, split even
    assert _runs(30, frozenset(range(30)), 12, fits) == [(0, 10), (10, 20), (20, 30)]
    # a run found too full is never used, nor any run that holds it
    assert _runs(8, frozenset({0}), 12, lambda a, b: not (a <= 2 and b >= 6)) == [(0, 4), (4, 8)]


def test_a_sheet_too_full_at_its_least_sizes_is_split_in_two() -> None:
    fit = Fit(6, 22, 30, 5, 0, 30)
    page = Page(10, 15, 2, ("doing", "emotion", "pains"), fit)
    # no sheet may hold four of its five columns again
    assert [(p.start, p.stop) for p in halves(page, blank=False)] == [(10, 14), (11, 15)]
    assert [p.lanes for p in halves(page, blank=True)] == [("doing", "emotion", "pains")]
    one = Page(3, 4, 0, ("doing",), fit)
    assert halves(one, blank=False) == halves(one, blank=True) == []  # nothing left to split


def test_type_columns_and_curve_grow_with_the_paper(sheets: Sheets) -> None:
    a3, a1, a0 = (sheets([3], paper)[0].fit for paper in ("A3", "A1", "A0"))
    assert a3.font_pt < a1.font_pt < a0.font_pt
    assert a0.font_pt > 20
    assert a3.column_mm <= 80 < a1.column_mm < a0.column_mm
    assert a3.curve_mm < a1.curve_mm < a0.curve_mm


def test_the_curves_height_does_not_follow_the_columns_width(sheets: Sheets) -> None:
    for paper in ("A4", "A3", "letter"):
        (wide,) = sheets([2], paper)
        (narrow,) = sheets([7], paper)
        assert wide.fit.column_mm > 1.5 * narrow.fit.column_mm
        assert wide.fit.curve_mm == narrow.fit.curve_mm  # what the sheet's height allows
        usable = parse_paper(paper).height - 2 * MARGIN_MM
        assert wide.fit.curve_mm <= MAX_CURVE_SHARE * usable
        for refit in wide.refits:
            assert refit.curve_mm <= wide.fit.curve_mm


def test_the_curves_words_are_never_smaller_than_the_least_type() -> None:
    for font in (6.0, 7.0, 11.0, 25.0):
        for column, steps in ((30.0, 12), (80.0, 3), (255.0, 1)):
            fit = Fit(font, 22, column, steps, 0, 40)
            unit, height = fit.curve_units()
            mm_a_unit = (column * steps - 0.26) / (unit * steps)  # the SVG's width: the columns
            assert curve.FONT * mm_a_unit / PT_MM >= MIN_FONT_PT - 1e-9
            assert height * mm_a_unit == pytest.approx(40)  # the chosen height, circles round


def test_blank_rows_take_a_76_mm_note_and_the_lanes_go_on_over_further_sheets(
    sheets: Sheets,
) -> None:
    for paper in ("A3", "A4", "A0"):
        pages = sheets([3, 4, 5], paper, blank=True)
        width = parse_paper(paper).width - 2 * MARGIN_MM
        for page in pages:
            assert page.fit.row_mm >= BLANK_ROW_MM >= 76  # a 76 x 76 mm note, every row
            assert page.fit.column_mm >= BLANK_MIN_COLUMN_MM >= 38  # the note is 38 x 51 mm
            if "emotion" in page.lanes:
                assert page.fit.curve_mm >= BLANK_CURVE_MM >= 60
            assert width - 0.1 * page.fit.steps <= page.fit.table_mm <= width
        # every lane of every column is on some sheet, once
        cells = [(lane, c) for p in pages for lane in p.lanes for c in p.columns]
        lanes = {lane for p in pages for lane in p.lanes}
        assert len(cells) == len(set(cells)) == len(lanes) * 12
    a0 = sheets([3, 4, 5], "A0", blank=True)
    assert len({p.lanes for p in a0}) == 1  # every lane on each sheet
    a3 = sheets([3, 4, 5], "A3", blank=True)
    assert len({p.lanes for p in a3}) > 1  # the lanes go on over further sheets


def test_peak_and_valley_are_the_journeys_not_each_sheets() -> None:
    content = check_root(EXAMPLE)
    journey = content.journeys["b2b/first-purchase-future"]
    sheets = Printer(content).poster("b2b/first-purchase-future", parse_paper("A4")).pages
    assert len(sheets) > 1
    sheets = [s for s in sheets if "emotion" in s.page.lanes]  # the band with the curve
    labels = [
        re.findall(r'class="jm-extreme-label"[^>]*>([^<]+)<', str(s.map.curve)) for s in sheets
    ]
    every = [label for found in labels for label in found]
    assert every.count("Peak") == 1 and every.count("Valley") == 1
    whole = build_map(content, journey)
    high, low = curve.extremes(whole.series)
    assert high is not None and low is not None
    for sheet, found in zip(sheets, labels, strict=True):
        assert ("Peak" in found) == (high[0] in sheet.page.columns)
        assert ("Valley" in found) == (low[0] in sheet.page.columns)


def test_small_words_are_held_at_the_least_type() -> None:
    assert str(least_type("s", 11)) == "<style></style>"
    nine = str(least_type("s", 9))  # a wall's least map type: labels held at 7.5 pt
    for selector in (".jm-badge", ".jm-customer-type", ".jm-opp-status", ".jm-lane-label"):
        assert f"#s {selector}{{font-size:7.5pt}}" in nine
    assert ".jm-cell--metrics" in nine and ".jm-stage-description" not in nine
    assert "#s .jm-cell--metrics b{font-size:10.8pt}" in nine  # a figure keeps its size
    assert ".jm-customer-type" in str(least_type("s", 10)) and ".jm-badge" not in str(
        least_type("s", 10.2)
    )


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
