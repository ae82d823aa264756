"""The opportunities' backlog on paper: the context of `print/_backlog.html`.

One section, printed alone on A4 (`pdf/opportunities.pdf`) and in the book
after its contents: the impact x effort matrix on the first page, then every
opportunity in priority order, numbered as on the matrix, with its status,
owner, ratings, target and the steps it addresses, journey by journey.

The rows and the matrix are the site's (views/backlog.py, views/matrix.py):
the same ranks, labels and drawing on paper as on screen. The table is cut
into runs of rows, each a table of its own: WeasyPrint lays out a table that
runs over many pages slowly (Kozea/WeasyPrint #1296).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator.content.root import Content
from generator.pdf.layout import MARGIN_MM, Paper, parse_paper
from generator.views.backlog import Backlog, OpportunityRow
from generator.views.i18n import Labels

PAPER = parse_paper("A4", "landscape")  # eight columns read best across the page
RUN = 12  # rows a table: a page's worth, or less where steps are many
MATRIX_RATIO = 1.3  # the matrix' width to its height, with its legend, at most


@dataclass(frozen=True)
class Addressed:
    """The steps of one journey that an opportunity addresses."""

    journey: str  # its title
    steps: tuple[str, ...]  # the steps' titles, in the order the opportunity lists them


@dataclass(frozen=True)
class PrintedRow:
    row: OpportunityRow
    addresses: tuple[Addressed, ...]


@dataclass(frozen=True)
class BacklogPrint:
    """What the backlog's section shows."""

    title: str  # the site's
    date: date
    rows: tuple[PrintedRow, ...]
    runs: tuple[tuple[PrintedRow, ...], ...]  # the rows, cut for the tables
    open: int  # how many are still to do
    matrix: Markup  # the SVG, "" when no opportunity is rated
    unrated: tuple[OpportunityRow, ...]
    style: str  # its type size and the matrix' height, for the paper it is printed on
    anchor: str = "jm-backlog"


def backlog_print(
    content: Content,
    labels: Labels,
    published: Callable[[str], bool],
    today: date,
    paper: Paper = PAPER,
) -> BacklogPrint:
    """The backlog of `content`; steps of journeys not `published` (drafts) are left out.
    Its type grows with the paper (the book's may be A3 or larger), its matrix fills the
    first page under the header."""
    made = Backlog(
        content.links,
        content.journeys,
        published,
        {pid: p.name for pid, p in content.personas.items()},
        content.site,
        labels,
    )
    page = made.opportunities()
    rows = []
    for row in page.rows:
        grouped: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for key in content.links.steps_of(row.opportunity_id):
            view = made.step(key)
            if view is not None:
                titles[key.journey] = view.journey_title
                grouped.setdefault(key.journey, []).append(view.step_title)
        addressed = tuple(Addressed(titles[j], tuple(steps)) for j, steps in grouped.items())
        rows.append(PrintedRow(row, addressed))
    opened = sum(1 for o in content.links.opportunities.values() if o.is_open)
    return BacklogPrint(
        title=content.site.title,
        date=today,
        rows=tuple(rows),
        runs=runs(rows),
        open=opened,
        matrix=page.matrix,
        unrated=page.unrated,
        style=_sizes(paper),
    )


def _sizes(paper: Paper) -> str:
    grow = min(max(min(paper.width, paper.height) / PAPER.height, 1.0), 1.6)
    width, height = paper.width - 2 * MARGIN_MM, paper.height - 2 * MARGIN_MM
    # the header, the matrix' heading and the unrated line take about 50 mm at A4's type
    matrix = min(height - 50 * grow, width / MATRIX_RATIO)
    return f"font-size: {8.5 * grow:.1f}pt; --jm-matrix: {matrix:.0f}mm"


def runs(rows: Sequence[PrintedRow], size: int = RUN) -> tuple[tuple[PrintedRow, ...], ...]:
    return tuple(tuple(rows[i : i + size]) for i in range(0, len(rows), size))
