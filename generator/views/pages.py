"""The pages of the site, each with its typed context: what a template may use.

`Planner` makes each page (path, templates, context) when the renderer asks
for it (`journey`, and the kinds of `views.kinds`), and records the files those pages need
copied beside them (`plan.copies`); nothing is written here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from generator.common.paths import packaged_templates
from generator.content.cache import JourneyList
from generator.content.model import Persona
from generator.content.resolved import ResolvedJourney
from generator.content.root import Content
from generator.history.git import Commit
from generator.views import aggregates, backlog, curve, insights
from generator.views.environment import template_dirs
from generator.views.i18n import Labels, labels_for
from generator.views.mapview import MapView, build_map
from generator.views.markdown import Markdown
from generator.views.personaview import LIVED_IN_FULL, Lived, LivedRow, lived, lived_row
from generator.views.rows import HandoffRow, TouchpointRow


@dataclass(frozen=True)
class Chrome:
    """What every page shares: where it sits, how to link out of it, the site's words."""

    path: str  # below the site folder: "journeys/b2b/first-purchase/index.html"
    root: str  # the relative way back to the site's root: "../../../" (on 404: site_path)
    site_title: str
    language: str
    title: str
    section: str  # the navigation entry to highlight
    built: date
    description: str = ""
    draft: bool = False
    # the navigation's entries of sections a site may not have: (section, its page)
    sections: tuple[tuple[str, str], ...] = ()

    def url(self, target: str) -> str:
        """A link to a file of the site, relative to this page."""
        return f"{self.root}{target}"

    def journey(self, journey_id: str) -> str:
        return self.url(f"journeys/{journey_id}/index.html")

    def step(self, journey_id: str, anchor: str) -> str:
        return f"{self.journey(journey_id)}#{anchor}"

    def persona(self, persona_id: str) -> str:
        return self.url(f"personas/{persona_id}/index.html")


@dataclass(frozen=True)
class PersonaRef:
    persona_id: str
    name: str
    role: str | None
    quote: str | None
    photo: str | None  # below the site folder: "media/images/marco.svg"


@dataclass(frozen=True)
class Card:
    """A journey as the index and the persona pages show it."""

    journey_id: str
    title: str
    summary: Markup
    personas: tuple[PersonaRef, ...]
    state: str
    state_label: str
    tags: tuple[str, ...]
    stage_count: int
    step_count: int
    sparkline: Markup
    happiness: int | None
    draft: bool
    stale: bool
    changed: datetime | None = None  # the file's last commit, where the root is in Git
    changed_by: str | None = None
    opportunities: int = 0  # the opportunities addressing its steps, whatever their status
    open_opportunities: int = 0  # those still to do (idea, planned, in-progress)
    happiness_note: str = ""  # what `happiness` counts, in words: "4 of 12 steps felt ..."
    # the journey as each persona taking part lives it, by persona id: their pages show it
    # (held here, so that a persona page is made of cards, not of every journey read back)
    lived: tuple[tuple[str, LivedRow], ...] = ()

    @property
    def opportunities_filter(self) -> str:
        """The opportunities page showing this journey's only, below the site's root."""
        return f"opportunities/index.html?journey={quote(self.journey_id, safe='/')}"


@dataclass(frozen=True)
class IndexContext:
    cards: tuple[Card, ...]
    tags: tuple[str, ...]
    personas: tuple[PersonaRef, ...]
    states: tuple[tuple[str, str], ...]
    book: str | None = None  # every map in one PDF, when PDFs are built


@dataclass(frozen=True)
class JourneyContext:
    journey: ResolvedJourney
    card: Card
    summary: Markup
    map: MapView
    compare_id: str | None
    compare_title: str | None
    compare_published: bool
    reviewed: date | None
    stale_days: int | None
    pdf: str | None  # below the site folder, when PDFs are built
    pdf_blank: str | None
    history: tuple[Commit, ...] = ()  # newest first; empty outside Git


@dataclass(frozen=True)
class PersonaContext:
    ref: PersonaRef
    persona: Persona
    customer_type: str | None
    description: Markup
    goals: tuple[Markup, ...]
    frustrations: tuple[Markup, ...]
    channels: tuple[str, ...]
    cards: tuple[Card, ...]
    lived_rows: tuple[LivedRow, ...] = ()  # each journey the persona takes part in
    # and the same step by step, where they are few enough to be drawn so (LIVED_IN_FULL)
    lived: tuple[Lived, ...] = ()


@dataclass(frozen=True)
class PersonasContext:
    personas: tuple[PersonaRef, ...]
    cards_pdf: str | None = None  # the printable persona cards, when PDFs are built


@dataclass(frozen=True)
class InsightsContext:
    findings: insights.Findings
    handoffs: tuple[HandoffRow, ...]
    stale_after_days: int | None = None  # site.yaml's: when research is judged old


@dataclass(frozen=True)
class NotFoundContext:
    stylesheet: Markup  # site.css, to be held inline in a <style>


@dataclass(frozen=True)
class Page:
    chrome: Chrome
    templates: tuple[str, ...]  # most specific first
    context: object


@dataclass
class Plan:
    copies: dict[str, Path] = field(default_factory=dict)  # site path -> source file


_NUMBERS = re.compile(r"(\d+)")


def reading_order(text: str) -> tuple[object, ...]:
    """Names in the order a reader looks them up: accents and case do not count first
    (`È` beside `E`), numbers by their value (`2` before `10`). The index's script sorts
    alike (Intl.Collator, numeric) when the sort changes."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUMBERS.split(bare))
    return parts, text


def title_order(card: Card) -> tuple[object, ...]:
    return reading_order(card.title), card.journey_id


def site_path(base_url: str) -> str:
    """Where the site starts on its host, from base_url: "/journeys/" for
    "https://cx.example.org/journeys" or "journeys/", "/" for "/" or a bare host."""
    inner = urlsplit(base_url).path.strip("/")
    return f"/{inner}/" if inner else "/"


def inline_stylesheet(text: str) -> Markup:
    """A stylesheet to hold in a <style>: nothing in it can close the element."""
    # the one place where a stylesheet becomes trusted HTML; in CSS `<\/` reads as `</`
    return Markup(text.replace("</", "<\\/"))


def relative_root(path: str) -> str:
    depth = len(PurePosixPath(path).parts) - 1
    return "../" * depth


def published(content: Content, *, drafts: bool) -> JourneyList:
    facts = content.journeys.facts
    return JourneyList(content.journeys, [jid for jid in facts if drafts or not facts[jid].draft])


def _ref(persona_id: str, persona: Persona, photo: tuple[str, Path] | None) -> PersonaRef:
    """A persona as cards and lists show it; `photo`: `Planner._photo`."""
    placed = photo[0] if photo is not None else None
    return PersonaRef(persona_id, persona.name, persona.role, persona.quote, placed)


class Cards(Mapping[str, Card]):
    """The published journeys' cards by id, in order, each made when first asked for:
    a process that renders some journeys makes only their cards, and one that lists
    them all (the index) makes every card it was not given (`made`), reading each of
    those journeys once."""

    def __init__(
        self,
        journeys: JourneyList,
        make: Callable[[ResolvedJourney], Card],
        known: Mapping[str, Card],
    ) -> None:
        self.journeys = journeys
        self.make = make
        self.made = {jid: known[jid] for jid in journeys.ids if jid in known}

    def __getitem__(self, journey_id: str) -> Card:
        card = self.made.get(journey_id)
        if card is None:
            if journey_id not in self.journeys:
                raise KeyError(journey_id)
            card = self.made[journey_id] = self.make(self.journeys.source[journey_id])
        return card

    def __iter__(self) -> Iterator[str]:
        return iter(self.journeys.ids)

    def __len__(self) -> int:
        return len(self.journeys.ids)

    def fill(self) -> None:
        """Make every card not made yet."""
        for journey_id in self.journeys.ids:
            self[journey_id]


def backlog_sections(content: Content) -> tuple[tuple[str, str], ...]:
    """The navigation's entries of opportunities and research, where the site has some."""
    links = content.links
    found = [("opportunities", links.opportunities), ("research", links.studies)]
    return tuple((name, f"{name}/index.html") for name, kind in found if kind)


class Planner:
    """Turns validated content into the list of pages; one instance per build."""

    def __init__(
        self,
        content: Content,
        *,
        drafts: bool,
        pdf: bool,
        today: date,
        history: Mapping[Path, list[Commit]] | None = None,
        cards: Mapping[str, Card] | None = None,
    ) -> None:
        """`cards`: cards made by an earlier build, of journeys that did not change since."""
        self.content = content
        self.history = history or {}
        self.site = content.site
        self.labels: Labels = labels_for(content.site)
        self.today = today
        self.pdf = pdf
        self.journeys = published(content, drafts=drafts)
        self.plan = Plan()
        self._touchpoints: dict[str, list[TouchpointRow]] = {}
        photos = {pid: self._photo(pid, p) for pid, p in content.personas.items()}
        self.plan.copies.update(photo for photo in photos.values() if photo is not None)
        self.refs = {pid: _ref(pid, p, photos[pid]) for pid, p in content.personas.items()}
        self.cards = Cards(self.journeys, self._card, cards or {})
        self.sections = backlog_sections(content)
        # each journey's findings, kept from an earlier plan of the same site (a preview)
        self.kept_findings: insights.Kept | None = None
        self.kept_entries: aggregates.KeptEntries | None = None  # and rows, likewise

    # -- shared pieces --------------------------------------------------------

    def chrome(self, path: str, title: str, section: str, **extra: object) -> Chrome:
        return Chrome(
            path=path,
            root=relative_root(path),
            site_title=self.site.title,
            language=self.site.language,
            title=title,
            section=section,
            built=self.today,
            sections=self.sections,
            **extra,  # type: ignore[arg-type]
        )

    def _photo(self, persona_id: str, persona: Persona) -> tuple[str, Path] | None:
        """Where a persona's photo goes in the site, and the file it is copied from."""
        source = self.content.persona_files.get(persona_id)
        if not persona.photo or source is None:
            return None
        target = (source.parent / persona.photo).resolve()
        relative = target.relative_to(self.content.root.resolve()).as_posix()
        return f"media/{relative}", target

    def markdown_of(self, journey: ResolvedJourney) -> Markdown:
        """The renderer of its Markdown: its images found from its file (markdown.MEDIA)."""
        return Markdown.of(self.content.journey_files.get(journey.id), self.content.root)

    def _card(self, journey: ResolvedJourney) -> Card:
        commits = self.commits(journey)
        scale = (self.site.emotion_scale[0], self.site.emotion_scale[1])
        values = insights.scores(journey)  # made once for the three that read them
        happiness = insights.happiness(journey, scale, values)
        positive, rated = insights.felt_positively(journey, scale, values)
        note = self.labels.format(
            "happiness_note" if rated == journey.step_count() else "happiness_note_rated",
            positive=self.labels.number(positive),
            rated=self.labels.number(rated),
            middle=self.labels.number((scale[0] + scale[1]) / 2),
        )
        label = self.labels.emotion_curve
        summary = self.markdown_of(journey).render(journey.summary)
        return Card(
            journey_id=journey.id,
            title=journey.title,
            summary=summary,
            personas=tuple(self.refs[p] for p in journey.persona if p in self.refs),
            state=journey.state,
            state_label=self.labels[f"state_{journey.state}"],
            tags=tuple(journey.tags),
            stage_count=len(journey.stages),
            step_count=journey.step_count(),
            # the one place where a sparkline becomes trusted HTML: curve.py escapes its label
            sparkline=Markup(curve.sparkline(values, scale, label)),
            happiness=happiness,
            draft=journey.draft,
            stale=insights.is_stale(journey, self.site, self.today),
            changed=commits[0].date if commits else None,
            changed_by=commits[0].author if commits else None,
            opportunities=len(self.content.links.journey_opportunities.get(journey.id, ())),
            open_opportunities=len(self.content.links.open_opportunities(journey.id)),
            happiness_note=note if rated else "",
            lived=tuple(
                (persona_id, row)
                for persona_id in journey.people()
                if (row := lived_row(self.content, journey, persona_id, self.labels)) is not None
            ),
        )

    def commits(self, journey: ResolvedJourney) -> list[Commit]:
        return self.history.get(self.content.journey_files.get(journey.id, Path()), [])

    def rows(self, journey: ResolvedJourney) -> list[TouchpointRow]:
        """The journey's touchpoint rows, which the touchpoints and owners pages show."""
        # the last journey's only: its rows are asked for by several aggregates in a row,
        # and a process that renders thousands of journeys must not keep them all
        key = journey.id
        if key not in self._touchpoints:
            self._touchpoints = {key: self._touchpoint_rows(journey)}
        return self._touchpoints[key]

    def _touchpoint_rows(self, journey: ResolvedJourney) -> list[TouchpointRow]:
        return aggregates.touchpoint_rows(journey, self.site, self.labels)

    def _handoff_row(self, handoff: insights.Handoff) -> HandoffRow:
        return aggregates.handoff_row(handoff, self.site, self.labels)

    # -- the pages ------------------------------------------------------------

    def index(self) -> Page:
        cards = tuple(sorted(self.cards.values(), key=title_order))
        used = [p for c in cards for p in c.personas]
        personas = tuple(
            sorted({p.persona_id: p for p in used}.values(), key=lambda p: reading_order(p.name))
        )
        states = tuple(
            (s, self.labels[f"state_{s}"])
            for s in ("current", "future")
            if any(c.state == s for c in cards)
        )
        context = IndexContext(
            cards,
            tuple(sorted({t for c in cards for t in c.tags})),
            personas,
            states,
            book="pdf/journeys.pdf" if self.pdf and cards else None,
        )
        chrome = self.chrome(
            "index.html", self.site.title, "journeys", description=self.labels.index_intro
        )
        return Page(chrome, ("index.html",), context)

    def journey(self, journey: ResolvedJourney) -> Page:
        jid = journey.id
        path = f"journeys/{jid}/index.html"
        compare = self.content.journeys.get(journey.compare_to or "")
        stale_days = None
        if journey.reviewed and self.site.stale_after_days is not None:
            stale_days = (self.today - journey.reviewed).days
        summary = self.markdown_of(journey).render(journey.summary)
        journey_map = build_map(self.content, journey, root=relative_root(path))
        context = JourneyContext(
            journey=journey,
            card=self.cards[jid],
            summary=summary,
            map=journey_map,
            compare_id=journey.compare_to,
            compare_title=compare.title if compare else None,
            compare_published=compare is not None and compare.id in self.journeys,
            reviewed=journey.reviewed,
            stale_days=stale_days,
            pdf=f"pdf/{jid}.pdf" if self.pdf else None,
            pdf_blank=f"pdf/{jid}-blank.pdf" if self.pdf else None,
            history=tuple(self.commits(journey)),
        )
        chrome = self.chrome(path, journey.title, "journeys", draft=journey.draft)
        templates = (f"journey-{jid.replace('/', '-')}.html", "journey.html")
        return Page(chrome, templates, context)

    def personas(self) -> list[Page]:
        return [*self.persona_pages(), self.persona_list()]

    def persona_pages(self) -> list[Page]:
        pages = []
        for pid, persona in self.content.personas.items():
            cards = tuple(
                sorted(
                    (c for c in self.cards.values() if pid in {p.persona_id for p in c.personas}),
                    key=title_order,
                )
            )
            markdown = Markdown.of(self.content.persona_files[pid], self.content.root)
            description = markdown.render(persona.description)
            goals = tuple(markdown.render_inline(g) for g in persona.goals)
            frustrations = tuple(markdown.render_inline(f) for f in persona.frustrations)
            rows = self._lived_rows(pid)
            context = PersonaContext(
                ref=self.refs[pid],
                persona=persona,
                customer_type=self.labels.customer_type_label(persona.customer_type)
                if persona.customer_type
                else None,
                description=description,
                goals=goals,
                frustrations=frustrations,
                channels=tuple(self.labels.channel(c) for c in persona.channels),
                cards=cards,
                lived_rows=rows,
                lived=self._lived(pid, rows),
            )
            chrome = self.chrome(f"personas/{pid}/index.html", persona.name, "personas")
            pages.append(Page(chrome, ("persona.html",), context))
        return pages

    def _lived_rows(self, persona_id: str) -> tuple[LivedRow, ...]:
        """The published journeys a persona takes part in, as they live them, by title."""
        found = ((card, dict(card.lived).get(persona_id)) for card in self.cards.values())
        return tuple(
            row
            for card, row in sorted(
                ((card, row) for card, row in found if row is not None),
                key=lambda pair: title_order(pair[0]),
            )
        )

    def _lived(self, persona_id: str, rows: tuple[LivedRow, ...]) -> tuple[Lived, ...]:
        """Those journeys step by step, where they are few enough to be drawn so."""
        if len(rows) > LIVED_IN_FULL:
            return ()
        journeys = self.content.journeys
        views = (
            lived(self.content, journeys[row.journey_id], persona_id, self.labels) for row in rows
        )
        return tuple(view for view in views if view is not None)

    def persona_list(self) -> Page:
        listing = PersonasContext(
            tuple(self.refs.values()),
            cards_pdf="pdf/personas.pdf" if self.pdf and self.refs else None,
        )
        chrome = self.chrome("personas/index.html", self.labels.nav_personas, "personas")
        return Page(chrome, ("personas.html",), listing)

    @cached_property
    def _aggregates(self) -> aggregates.Aggregates:
        """The touchpoints and owners pages, which share one reading of the journeys."""
        return aggregates.Aggregates(
            self.journeys, self.rows, self.site, self.labels, self.kept_entries
        )

    def _made(self, made: list[aggregates.Made], section: str) -> list[Page]:
        return [Page(self.chrome(m.path, m.title, section), (m.template,), m.context) for m in made]

    def touchpoints(self) -> list[Page]:
        """A summary of the channels, and the pages of each channel's steps."""
        return self._made(self._aggregates.touchpoints(), "touchpoints")

    def owners(self) -> list[Page]:
        """A summary of the departments, and the pages of each one's steps and hand-offs."""
        return self._made(self._aggregates.owners(), "owners")

    def section_paths(self, section: str) -> list[str]:
        """Where the pages of `touchpoints()` or `owners()` go, without making them."""
        return self._aggregates.paths(section)

    def insights(self) -> Page:
        links = self.content.links
        found = insights.findings(
            self.journeys, self.site, self.today, links=links, kept=self.kept_findings
        )
        rows = tuple(self._handoff_row(h) for h in found.handoffs)
        chrome = self.chrome("insights/index.html", self.labels.nav_insights, "insights")
        return Page(
            chrome, ("insights.html",), InsightsContext(found, rows, self.site.stale_after_days)
        )

    def not_found(self) -> Page:
        chrome = self.chrome("404.html", self.labels.page_not_found, "")
        # a host serves 404.html at any address: its links start from base_url, not from
        # here, and its stylesheet comes inline (the user's own site.css, if there is one)
        chrome = Chrome(**{**chrome.__dict__, "root": site_path(self.site.base_url)})
        folders = [*template_dirs(self.content), packaged_templates()]
        css = next(f / "assets/site.css" for f in folders if (f / "assets/site.css").is_file())
        context = NotFoundContext(inline_stylesheet(css.read_text(encoding="utf-8")))
        return Page(chrome, ("404.html",), context)

    # -- opportunities and research -------------------------------------------

    @cached_property
    def backlog(self) -> backlog.Backlog:
        return backlog.Backlog(
            self.content.links,
            self.content.journeys,
            self.journeys.__contains__,
            {pid: p.name for pid, p in self.content.personas.items()},
            self.site,
            self.labels,
        )

    def opportunity_list(self) -> Page:
        chrome = self.chrome(
            "opportunities/index.html", self.labels.nav_opportunities, "opportunities"
        )
        return Page(chrome, ("opportunities.html",), self.backlog.opportunities())

    def opportunity(self, identifier: str) -> Page:
        context = self.backlog.opportunity(identifier)
        path = f"opportunities/{identifier}/index.html"
        return Page(
            self.chrome(path, context.row.title, "opportunities"), ("opportunity.html",), context
        )

    def research_list(self) -> Page:
        chrome = self.chrome("research/index.html", self.labels.nav_research, "research")
        return Page(chrome, ("research.html",), self.backlog.research())

    def study(self, identifier: str) -> Page:
        study = self.backlog.study(identifier)
        path = f"research/{identifier}/index.html"
        return Page(self.chrome(path, study.row.title, "research"), ("study.html",), study)
