"""The emotion curve's SVG on paper: shapes drawn alike become one path, nothing else moves."""

from __future__ import annotations

from generator.pdf.printview import compact_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">'
GRID = 'stroke="#d5dbe3" stroke-width="0.5"'


def test_lines_alike_become_one_path_passing_over_their_labels() -> None:
    svg = (
        f'{HEAD}<line class="jm-grid" x1="0" y1="10" x2="100" y2="10" {GRID}/>'
        '<text x="3" y="9">+1 &amp; più</text>'
        f'<line class="jm-grid" x1="0" y1="30" x2="100" y2="30" {GRID}/></svg>'
    )
    assert compact_svg(svg) == (
        f'{HEAD}<path fill="none" stroke="#d5dbe3" stroke-width="0.5" '
        'd="M0 10L100 10M0 30L100 30" /><text x="3" y="9">+1 &amp; più</text></svg>'
    )


def test_points_become_one_path_of_circles_and_keep_their_order_with_other_shapes() -> None:
    points = 'fill="#fff" stroke="#2563eb" stroke-width="1.6"'
    svg = (
        f'{HEAD}<circle cx="10" cy="20" r="4" {points}/><circle cx="30" cy="20" r="4" {points}/>'
        '<path d="M0 0L100 40" stroke="#000"/>'
        f'<circle cx="50" cy="20" r="2" {points}/></svg>'
    )
    assert compact_svg(svg) == (
        f'{HEAD}<path fill="#fff" stroke="#2563eb" stroke-width="1.6" '
        'd="M6 20a4 4 0 1 0 8 0a4 4 0 1 0 -8 0zM26 20a4 4 0 1 0 8 0a4 4 0 1 0 -8 0z" />'
        '<path d="M0 0L100 40" stroke="#000" />'
        f'<circle cx="50" cy="20" r="2" {points} /></svg>'
    )


def test_what_cannot_be_merged_safely_is_left_as_it_was() -> None:
    svg = (
        f'{HEAD}<path d="m1 1h2" stroke="#000"/><path d="m5 5h2" stroke="#000"/>'
        '<circle cx="1" cy="1" r="1" fill-opacity="0.5"/>'
        '<circle cx="3" cy="1" r="1" fill-opacity="0.5"/>'
        '<line x1="0" y1="0" x2="1" stroke="#000"/><line x1="0" y1="0" x2="1" stroke="#000"/></svg>'
    )
    assert compact_svg(svg).count("<path") == 2
    assert compact_svg(svg).count("<circle") == 2
    assert compact_svg(svg).count("<line") == 2


def test_markup_that_is_not_xml_is_returned_untouched() -> None:
    assert compact_svg("<svg><p>not xml") == "<svg><p>not xml"
    assert compact_svg("<div>not svg</div>") == "<div>not svg</div>"
