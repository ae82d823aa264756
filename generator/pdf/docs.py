"""Content -> the HTML of each printable document (poster, blank map, persona cards, book).

Each document's template gets one typed context; the map itself is built by
`mapview.build_map` (as the site's is), once for every sheet of the poster (a
sheet is a run of step columns sized by layout), and drawn by
`print/_map.html`: the site's map in the fewest elements paper needs (what paper
shows of it, and what its figures say, is `printview`'s). The emotion curve is
drawn for each sheet at the height its fitting chose, and again at each smaller
size the sheet may fall back on when laid out. A blank map's sheets are `grid`'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.common.paths import packaged_templates
from generator.content.model import Persona
from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep
from generator.content.root import Content, today
from generator.history import git as gitinfo
from generator.pdf.backlog import PAPER as BACKLOG_PAPER
from generator.pdf.backlog import BacklogPrint, backlog_print
from generator.pdf.grid import STYLE as GRID_STYLE
from generator.pdf.grid import blank_sheet
from generator.pdf.labels import print_labels
from generator.pdf.layout import (
    MARGIN_MM,
    Fit,
    Page,
    Paper,
    Part,
    halves,
    larger_papers,
    paginate,
    parse_paper,
)
from generator.pdf.measure import CHAR_EM, MIN_FONT_PT, PT_MM, measure
from generator.pdf.printview import curve_drawing, for_paper, paper_curve
from generator.pdf.render import Document, Refit, stylesheet_paths
from generator.pdf.text import breakable, clip
from generator.views.markdown import MEDIA_SRC, Markdown, render_inline

if TYPE_CHECKING:
    from generator.views.mapview import MapView

# two lines of a sheet's header at most: a title that runs on is cut (the bookmark keeps it)
TITLE_LIMIT = 200
# print-map.css: the sheet's header (title, facts) and its legend, at A3's scale
TITLE_PT, META_PT, LEGEND_PT = 18.0, 9.0, 7.5
HEAD_RULES_MM = 1.2 + 1.5 + 0.6 + 3.0  # the facts' margin, the rule's padding, rule, margin
LEGEND_RULES_MM = 2.5 + 1.5 + 0.2


# The lanes a workshop fills by hand; metrics, evidence, backstage and the rest are
# the team's homework, printed on a blank map only when asked for.
WORKSHOP_LANES = ("doing", "touchpoint", "thinking", "feeling", "emotion", "pains", "opportunities")


@dataclass(frozen=True)
class Workshop:
    """What a blank map keeps written, and which lanes it prints."""

    titles: bool = True  # the step titles stay, so that everyone knows where a note goes
    columns: int | None = None  # this many unnamed columns in place of the journey's
    lanes: tuple[str, ...] | None = None  # None: the journey's own `lanes:`, or WORKSHOP_LANES

    def lanes_of(self, content: Content, journey: ResolvedJourney) -> list[str]:
        every = content.site.lanes_of(journey)
        if self.lanes is not None:  # as asked, in the map's order; () is every lane
            return [lane for lane in content.site.known_lanes() if lane in self.lanes] or every
        if journey.lanes is not None:
            return every
        return [lane for lane in every if lane in WORKSHOP_LANES] or every

    def journey(self, journey: ResolvedJourney) -> ResolvedJourney:
        """The journey as the map draws it: with `columns`, one unnamed stage of so many
        untitled steps."""
        if self.columns is None:
            return journey
        steps = [
            ResolvedStep.model_construct(title="", id=f"column-{n}")
            for n in range(1, self.columns + 1)
        ]
        stage = ResolvedStage.model_construct(name="", id="columns", steps=steps)
        return journey.model_copy(update={"stages": [stage], "circular": False})


@dataclass(frozen=True)
class Revision:
    """The last commit that touched a file."""

    short: str
    date: str


@dataclass(frozen=True)
class LegendItem:
    kind: str  # curve, compare, truth, owner, grid
    label: str
    color: str | None = None


@dataclass
class MapPage:
    """One sheet of a map: the columns and lanes it holds, their sizes, and the map to draw."""

    page: Page
    map: Any
    number: int
    count: int
    continued: bool
    legend: list[LegendItem]
    least: Markup  # the sheet's own <style>: its smallest words held at 6 pt (least_type)
    grid: Markup | None = None  # a blank map's sheet: its grid one figure, words over it


@dataclass
class PosterContext:
    journey: ResolvedJourney
    personas: list[Persona]
    paper: Paper
    pages: list[MapPage]
    revision: Revision | None
    blank: bool
    anchor: str = ""
    one_sheet: Paper | None = None  # a poster of several sheets: the paper that holds it on one

    def sheet_id(self, page: MapPage) -> str:
        return _sheet_id(self.anchor, page.number)

    @property
    def grid_style(self) -> Markup:
        """A blank map's own rules for its sheets' grids (`grid.STYLE`)."""
        return GRID_STYLE if self.blank else Markup()


def one_sheet_note(journey_id: str, poster: PosterContext) -> str:
    """What the terminal says of a poster of several sheets: the paper that would hold it
    on one ("" for a poster of one sheet)."""
    count = len(poster.pages)
    if poster.blank or count < 2:
        return ""
    where = f"{journey_id}: {count} sheets of {poster.paper.name} (words at 9 pt or more)"
    if poster.one_sheet is not None:
        return f"{where}; one sheet of {poster.one_sheet.name} holds it"
    return f"{where}; no paper up to A0 holds it on one sheet"


def _sheet_id(anchor: str, number: int) -> str:
    """The id of a sheet's <section> (and, with -top and -end, of its header and foot)."""
    return f"jm-sheet-{anchor}-{number}"


# map.css's type sizes below the map's own, as print/_map.html nests them: on a sheet
# whose type is small, these words would be smaller than 6 pt
SMALL_TYPE = (
    (".jm-customer-type", 0.72),
    (".jm-badge", 0.74),
    (".jm-corner", 0.75),
    (".jm-legend-item", 0.82 * 0.92),  # in a lane's label
    (".jm-legend-note", 0.82 * 0.85),  # what a break in a line means, in a lane's label
    (".jm-cell--metrics", 0.78),
    (".jm-stage-number", 0.8),
    (".jm-stage-continued", 0.8),
    (".jm-lane-label", 0.82),
    (".jm-stage-description", 0.92),
    (".jm-opp-status", 0.74),  # an opportunity's status on its chip
    (".jm-said-who", 0.85),  # who said a quote, and the study
)


def least_type(sheet: str, font_pt: float) -> Markup:
    """A sheet's own <style>: the words map.css sets smaller than the map's type, held
    at the least size where they would fall below it. Rules of fixed sizes, not CSS
    functions: WeasyPrint resolves a var() or max() in a font size element by element,
    at a sixth of a poster's time."""
    rules = [
        f"#{sheet} {selector}{{font-size:{_pt(MIN_FONT_PT)}}}"
        for selector, ratio in SMALL_TYPE
        if ratio * font_pt < MIN_FONT_PT
    ]
    if 0.78 * font_pt < MIN_FONT_PT:  # a metric's figure keeps its size
        rules.append(f"#{sheet} .jm-cell--metrics b{{font-size:{_pt(1.2 * font_pt)}}}")
    return Markup(f"<style>{''.join(rules)}</style>")


def _least_for(sheet: str, fit: Fit, grid: bool) -> Markup:
    """A sheet's own <style> (`least_type`), none for a blank sheet drawn by `grid` (by
    our own templates): none of its rules reaches the SVG or the words set over it,
    which carry their sizes, and WeasyPrint reads each <style> as a stylesheet of its
    own and matches every element of the document against it (about 500 elements on a
    blank map of 12 sheets, most of them its SVGs' shapes)."""
    return Markup() if grid else least_type(sheet, fit.font_pt)


def _pt(size: float) -> str:
    return f"{size:.2f}".rstrip("0").rstrip(".") + "pt"


@dataclass
class PersonaCard:
    id: str
    persona: Persona
    photo_url: str | None
    channels: list[str] = field(default_factory=list)
    description: Markup = field(default_factory=Markup)


@dataclass(frozen=True)
class BookEntry:
    """A journey in the book: its title and how many poster pages it fills."""

    title: str
    state: str
    anchor: str
    pages: int


@dataclass
class BookContext:
    title: str
    date: date
    paper: Paper
    entries: list[BookEntry] = field(default_factory=list)
    backlog: BacklogPrint | None = None  # the opportunities, after the contents


class Printer:
    """Renders the HTML of the printable documents of one content root."""

    def __init__(self, content: Content) -> None:
        from generator.views import environment as site
        from generator.views.i18n import labels_for

        self.content = content
        self.env = site.environment(content)
        self.labels = labels_for(content.site)
        self.print = print_labels(content.site.language)
        self.template_dirs: tuple[Path, ...] = tuple(site.template_dirs(content))
        self.roots = (content.root.resolve(), packaged_templates().resolve(), *self.template_dirs)
        self.stylesheets = stylesheet_paths(self.template_dirs)
        # a user's own print templates may write any HTML; ours write well-formed XML too
        self.xml = not any((folder / "print").exists() for folder in self.template_dirs)
        self._history: dict[Path, list[gitinfo.Commit]] | None = None
        self.plans: dict[str, _Plan] = {}  # each poster's sheets, by output
        # posters of several sheets: which paper holds each on one, said in plain English
        self.notes: dict[str, str] = {}

    def base_url(self) -> str:
        return self.content.root.resolve().as_uri() + "/"

    def revision(self, journey_id: str) -> Revision | None:
        """The journey file's last commit, from one `git log` of the whole root."""
        if self._history is None:
            self._history = gitinfo.history(self.content.root)
        path = self.content.journey_files.get(journey_id)
        commit = gitinfo.last_commit(path, self._history) if path else None
        return Revision(commit.short, commit.date.date().isoformat()) if commit else None

    def poster(
        self,
        journey_id: str,
        paper: Paper,
        *,
        blank: bool = False,
        refused: Sequence[Part] = (),
        workshop: Workshop | None = None,
    ) -> PosterContext:
        """A journey's sheets; `refused`: sheets found too full when laid out before;
        `workshop`: what a blank map keeps (by default its step titles and the workshop's
        lanes)."""
        return self._poster(journey_id, paper, blank, refused, workshop or Workshop())

    def _poster(
        self,
        journey_id: str,
        paper: Paper,
        blank: bool,
        refused: Sequence[Part],
        workshop: Workshop,
    ) -> PosterContext:
        from generator.views.mapview import build_map

        content = self.content
        journey = content.journeys[journey_id]
        chosen: Sequence[str] | None = None
        if blank:
            chosen = workshop.lanes_of(content, journey)
            journey = workshop.journey(journey)
        whole = build_map(content, journey, blank=blank, lanes=chosen)
        if blank:
            whole = replace(whole, blank_titles=workshop.titles and workshop.columns is None)
        personas = [content.personas[p] for p in journey.persona if p in content.personas]
        revision = self.revision(journey_id)
        frame = self._frame_mm(journey, personas, revision, paper, blank)
        texts = measure(whole)
        pages = paginate(texts, paper, blank=blank, header_mm=frame, refused=refused)
        one_sheet: Paper | None = None
        if not blank and len(pages) > 1:
            for larger in larger_papers(paper):
                frame_there = self._frame_mm(journey, personas, revision, larger, blank)
                if len(paginate(texts, larger, header_mm=frame_there)) == 1:
                    one_sheet = larger
                    break
        anchor = _anchor(journey_id)
        map_pages = []
        for number, page in enumerate(pages, start=1):
            view = build_map(
                content,
                journey,
                blank=blank,
                columns=page.columns,
                lanes=page.lanes,
            )
            view = for_paper(
                replace(view, blank_titles=whole.blank_titles), page.fit, self.labels, self.print
            )
            map_pages.append(
                MapPage(
                    page,
                    view,
                    number,
                    len(pages),
                    number > 1,
                    self.legend(journey, page, blank),
                    _least_for(_sheet_id(anchor, number), page.fit, blank and self.xml),
                    self._grid(view, page.fit, page.first_stage) if blank else None,
                )
            )
        return PosterContext(
            journey,
            personas,
            paper,
            map_pages,
            revision,
            blank,
            anchor=anchor,
            one_sheet=one_sheet,
        )

    def _grid(self, view: MapView, fit: Fit, first_stage: int) -> Markup:
        curve = curve_drawing(view, fit, self.print)
        return blank_sheet(view, fit, first_stage, self.labels, self.print, curve)

    def _frame_mm(
        self,
        journey: ResolvedJourney,
        personas: list[Persona],
        revision: Revision | None,
        paper: Paper,
        blank: bool,
    ) -> float:
        """The height of a sheet's header and legend: the rest is the map's."""
        width = paper.width - 2 * MARGIN_MM
        words = self.print
        facts = [words["state"], words[journey.state], journey.timeframe or ""]
        facts += [f"{p.name} ({p.role or ''})" for p in personas]
        if revision:
            facts.append(f"{revision.date} {revision.short} {words['revision']}")
        legend = [words["legend"], words["moment_of_truth"], words["draw_here"]]
        legend += [d.label for d in self.content.site.departments.values()]

        def lines(text: str, size: float) -> float:
            chars_a_line = width / (CHAR_EM * 1.15 * size * paper.scale * PT_MM)
            return max(1, math.ceil(len(text) / chars_a_line)) * size * paper.scale * PT_MM

        title = clip(journey.title, TITLE_LIMIT)
        title += f" {words['blank_map'] if blank else ''} {words['sheet']} 99/99"
        head = lines(title, TITLE_PT) * 1.1 + lines(" ".join(facts), META_PT) * 1.25
        foot = lines("  ".join(legend), LEGEND_PT) * 1.25
        return head + foot + (HEAD_RULES_MM + LEGEND_RULES_MM) * paper.scale

    def legend(self, journey: ResolvedJourney, page: Page, blank: bool) -> list[LegendItem]:
        """What the marks on this sheet mean: curves, moments of truth, owners."""
        words = self.print
        if blank:
            if "emotion" in page.lanes:
                return [LegendItem("grid", words["draw_here"])]
            return []
        # the curves' own legend sits in the emotion lane's label (the map's, shared
        # with the site); the foot of the sheet explains the other marks
        every: list[ResolvedStep | None] = []  # a column each: an empty stage's holds no step
        for stage in journey.stages:
            every.extend(stage.steps or [None])
        steps = [step for step in every[page.start : page.stop] if step is not None]
        items = []
        if any(step.moment_of_truth for step in steps):
            items.append(LegendItem("truth", words["moment_of_truth"]))
        owners = dict.fromkeys(step.owner for step in steps if step.owner)
        for owner in owners:
            department = self.content.site.departments.get(owner)
            if department is not None:
                items.append(LegendItem("owner", department.label, department.color))
        return items

    def _document(self, output: str, template: str, title: str, **context: Any) -> Document:
        html = self.env.get_template(template).render(
            labels=self.labels,
            print=self.print,
            inline=render_inline,
            clip=clip,
            title_limit=TITLE_LIMIT,
            **context,
        )
        # an image of the content root, taken from there (the site has its copy in media/)
        html = html.replace(f"{MEDIA_SRC}media/", f'src="{self.base_url()}')
        return Document(
            output=output,
            html=breakable(html),  # long words cut where WeasyPrint may wrap them cheaply
            base_url=self.base_url(),
            roots=self.roots,
            title=title,
            stylesheets=self.stylesheets,
            xml=self.xml,
        )

    def poster_document(
        self,
        journey_id: str,
        paper: Paper,
        *,
        blank: bool,
        tile: Paper | None,
        output: str,
        refused: Sequence[Part] = (),
        workshop: Workshop | None = None,
    ) -> Document:
        context = self.poster(journey_id, paper, blank=blank, refused=refused, workshop=workshop)
        template = "print/blank.html" if blank else "print/poster.html"
        note = one_sheet_note(journey_id, context)
        if note:
            self.notes[output] = note
        else:
            self.notes.pop(output, None)
        document = self._document(output, template, context.journey.title, poster=context)
        refits = []
        for sheet in context.pages:
            name = context.sheet_id(sheet)

            def parts(fit: Fit, sheet: MapPage = sheet, name: str = name) -> tuple[str, ...]:
                curve = ""
                if sheet.grid is not None:  # the whole figure, its rows and scale with it
                    grid = (
                        sheet.grid
                        if fit is sheet.page.fit  # drawn already, at the sheet's own sizes
                        else self._grid(sheet.map, fit, sheet.page.first_stage)
                    )
                    curve = str(grid)
                elif fit.curve_mm:
                    curve = str(paper_curve(sheet.map, fit, self.labels, self.print))
                least = _least_for(name, fit, sheet.grid is not None and self.xml)
                return f'style="{fit.css()}"', str(least), curve

            first = parts(sheet.page.fit)
            refits.append(Refit(name, first, tuple(parts(fit) for fit in sheet.page.refits)))
        pages = tuple((context.sheet_id(sheet), sheet.page) for sheet in context.pages)
        self.plans[output] = _Plan(journey_id, paper, blank, tile, tuple(refused), pages, workshop)
        return _with(document, tile=tile, refits=tuple(refits))

    def refit(self, output: str, key: str, overflow: Sequence[str]) -> Document | None:
        """A poster again, with the sheets that ran over at their least sizes split; None
        if none of them can be (a sheet of one column and, on a blank map, one lane)."""
        plan = self.plans.get(output)
        if plan is None:
            return None
        refused = list(plan.refused)
        for sheet, page in plan.pages:
            if sheet in overflow:
                refused += halves(page, blank=plan.blank)
        if len(refused) == len(plan.refused):
            return None
        document = self.poster_document(
            plan.journey_id,
            plan.paper,
            blank=plan.blank,
            tile=plan.tile,
            output=output,
            refused=refused,
            workshop=plan.workshop,
        )
        return _with(document, key=key)

    def personas_document(self, output: str) -> Document:
        cards = [
            PersonaCard(
                pid,
                persona,
                self._photo_url(pid, persona),
                [self.labels.channel(c) for c in persona.channels],
                Markdown.of(self.content.persona_files.get(pid), self.content.root).render(
                    persona.description
                ),
            )
            for pid, persona in self.content.personas.items()
        ]
        return self._document(
            output,
            "print/persona-card.html",
            self.content.site.title,
            cards=cards,
            paper=parse_paper("A5", "portrait"),
        )

    def book_document(
        self,
        posters: list[tuple[str, Path]],
        paper: Paper,
        output: str,
        published: Callable[[str], bool] | None = None,
    ) -> Document:
        """The book's cover and contents, the opportunities' backlog where there are some
        (`published`: the journeys whose steps it names), and an empty page for each page
        of each poster."""
        from generator.pdf.book import page_count

        book = BookContext(self.content.site.title, today(), paper)
        if published is not None and self.content.links.opportunities:
            book.backlog = backlog_print(self.content, self.labels, published, book.date, paper)
        for journey_id, pdf in posters:
            journey = self.content.journeys[journey_id]
            book.entries.append(
                BookEntry(journey.title, journey.state, _anchor(journey_id), page_count(pdf))
            )
        document = self._document(output, "print/book.html", self.content.site.title, book=book)
        return _with(document, parts=tuple(pdf for _, pdf in posters))

    def backlog_document(self, output: str, published: Callable[[str], bool]) -> Document:
        """The opportunities' backlog alone, on A4: the matrix, then the table."""
        backlog = backlog_print(self.content, self.labels, published, today())
        title = f"{self.content.site.title}: {self.labels.nav_opportunities}"
        return self._document(
            output, "print/backlog.html", title, backlog=backlog, paper=BACKLOG_PAPER
        )

    def _photo_url(self, pid: str, persona: Persona) -> str | None:
        if not persona.photo:
            return None
        source = self.content.persona_files.get(pid)
        if source is None:
            return None
        # the path as written, not resolved: the fetcher resolves it and judges the target
        return (source.parent.absolute() / persona.photo).as_uri()


@dataclass(frozen=True)
class _Plan:
    """How a poster's document was made, to make it again with some sheets split."""

    journey_id: str
    paper: Paper
    blank: bool
    tile: Paper | None
    refused: tuple[Part, ...]
    pages: tuple[tuple[str, Page], ...]  # each sheet's id and its columns, lanes and sizes
    workshop: Workshop | None = None


def _anchor(journey_id: str) -> str:
    return f"journey-{journey_id.replace('/', '-')}"


def _with(document: Document, **changes: Any) -> Document:
    return replace(document, **changes)
