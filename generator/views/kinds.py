"""Every kind of page besides a journey's, in one place: what makes its pages, where
they go, and what they are made of (pure).

A journey's page is keyed by its journey's files. The other pages come in two
families, each a tuple of typed entries here; a build renders, keys and reuses
them by walking these tuples, so a new kind of page is one entry, and what it
depends on is said where it is declared:

- `AGGREGATES`: pages that show many journeys (index, personas, touchpoints,
  owners, insights, 404), keyed by what they show of each journey (`shows`,
  `rows`) and, where `backlog`, by every opportunity and study file too.
- `BACKLOG`: the pages of opportunities and research, each keyed by the files
  it shows (`inputs`): an edited opportunity makes again only its page, the
  list, the pages of the studies it cites and the maps of the steps it addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.content.links import Links
from generator.content.resolved import ResolvedJourney
from generator.views import insights
from generator.views.pages import Page, Planner


def _nothing(planner: Planner, journey: ResolvedJourney) -> None:
    return None


@dataclass(frozen=True)
class Aggregate:
    """A kind of page that shows many journeys.

    Its pages are a function of what it `shows` of each published journey in
    order (and of its touchpoint rows, where `rows`), and of what every page
    depends on (site, personas, date, templates): an incremental build keys
    them by it, and makes them again only when it changed. A page that starts to
    show more of a journey must say so here.
    """

    name: str  # its entry in the manifest
    pages: Callable[[Planner], list[Page]]
    paths: Callable[[Planner], list[str]]  # where `pages` go, without making them
    # what it shows of one journey, besides its rows: digested, never read
    shows: Callable[[Planner, ResolvedJourney], object] = _nothing
    # it shows the journey's touchpoint rows (`Planner.rows`): digested once for all kinds
    rows: bool = False
    # a page per channel or department (the kind's name is its section): where they go
    # follows from the keys of each journey's rows (`aggregates.keys_of`)
    per_key: bool = False
    # it lists every journey's card (`Planner.cards`), which the journeys' pages make too
    cards: bool = False
    # it shows opportunities or studies beyond what `shows` says (the insights' stale
    # research, say): keyed by every such file as well
    backlog: bool = False

    @property
    def keys_entry(self) -> str:
        """Where a journey's keys of `per_key` pages are kept beside its digests."""
        return f"{self.name} keys"


def _persona_paths(planner: Planner) -> list[str]:
    return [f"personas/{pid}/index.html" for pid in planner.content.personas]


INDEX = Aggregate(
    "index",
    lambda planner: [planner.index()],
    lambda planner: ["index.html"],
    shows=lambda planner, journey: planner.cards[journey.id],
    cards=True,
)
PERSONA_PAGES = Aggregate(
    "persona_pages",
    Planner.persona_pages,
    _persona_paths,
    shows=lambda planner, journey: planner.cards[journey.id],
    cards=True,
)
PERSONA_LIST = Aggregate(
    "persona_list", lambda planner: [planner.persona_list()], lambda _: ["personas/index.html"]
)
TOUCHPOINTS = Aggregate(
    "touchpoints",
    Planner.touchpoints,
    lambda planner: planner.section_paths("touchpoints"),
    rows=True,  # the rows hold the emotions and pains summed up
    per_key=True,
)
OWNERS = Aggregate(
    "owners",
    Planner.owners,
    lambda planner: planner.section_paths("owners"),
    shows=lambda planner, journey: (journey.title, insights.handoffs(journey)),
    rows=True,
    per_key=True,
)
INSIGHTS = Aggregate(
    "insights",
    lambda planner: [planner.insights()],
    lambda _: ["insights/index.html"],
    # the findings of all journeys are made of each journey's (top lists are the top
    # of the tops, the rest follow the journeys' order), and each journey's of what
    # they read of it
    shows=lambda planner, journey: insights.basis(journey),
    backlog=True,
)
NOT_FOUND = Aggregate("not_found", lambda planner: [planner.not_found()], lambda _: ["404.html"])

AGGREGATES: tuple[Aggregate, ...] = (
    INDEX,
    PERSONA_PAGES,
    PERSONA_LIST,
    TOUCHPOINTS,
    OWNERS,
    INSIGHTS,
    NOT_FOUND,
)
AGGREGATE = {kind.name: kind for kind in AGGREGATES}


@dataclass(frozen=True)
class Inputs:
    """What one opportunities or research page is made from: ids of the files it shows,
    and `extra`, what it shows besides them (the links among those files)."""

    opportunities: frozenset[str] = frozenset()
    studies: frozenset[str] = frozenset()
    journeys: frozenset[str] = frozenset()
    extra: str = ""


@dataclass(frozen=True)
class Backlog:
    """A kind of opportunities or research page: one list, or one page per file."""

    name: str
    # path -> the id its page shows ("" for a list), of every page of this kind
    paths: Callable[[Links], dict[str, str]]
    page: Callable[[Planner, str], Page]
    # what the page of an id is made from, besides what every page depends on (site,
    # personas, date, templates, the published journeys)
    inputs: Callable[[Links, str], Inputs]


def _opportunity_list_inputs(links: Links, identifier: str) -> Inputs:
    # every opportunity, and the titles and personas of the journeys they address
    return Inputs(frozenset(links.opportunities), journeys=frozenset(links.journey_opportunities))


def _opportunity_inputs(links: Links, identifier: str) -> Inputs:
    # the studies' titles, the steps of the journeys (its rank is not shown)
    return Inputs(
        frozenset({identifier}),
        frozenset(links.opportunity_studies.get(identifier, ())),
        frozenset(k.journey for k in links.steps_of(identifier)),
    )


def _research_list_inputs(links: Links, identifier: str) -> Inputs:
    counts = (
        f"{s}:{len(a)}+{len(b)}" for s, (a, b) in ((s, links.cited_by(s)) for s in links.studies)
    )
    return Inputs(studies=frozenset(links.studies), extra="\n".join(counts))


def _study_inputs(links: Links, identifier: str) -> Inputs:
    steps, opportunities = links.cited_by(identifier)
    placed = (q.step.split("#")[0] for q in links.studies[identifier].quotes if q.step)
    return Inputs(
        frozenset(opportunities),
        frozenset({identifier}),
        frozenset({k.journey for k in steps} | set(placed)),
        # the steps citing it come from the journeys' files, the order of the
        # opportunities from all of them
        extra=" ".join([*(k.address for k in steps), *opportunities]),
    )


BACKLOG: tuple[Backlog, ...] = (
    Backlog(
        "opportunity_list",
        lambda links: {"opportunities/index.html": ""} if links.opportunities else {},
        lambda planner, _: planner.opportunity_list(),
        _opportunity_list_inputs,
    ),
    Backlog(
        "opportunity",
        lambda links: {f"opportunities/{o}/index.html": o for o in links.opportunities},
        Planner.opportunity,
        _opportunity_inputs,
    ),
    Backlog(
        "research_list",
        lambda links: {"research/index.html": ""} if links.studies else {},
        lambda planner, _: planner.research_list(),
        _research_list_inputs,
    ),
    Backlog(
        "study",
        lambda links: {f"research/{s}/index.html": s for s in links.studies},
        Planner.study,
        _study_inputs,
    ),
)


def backlog_pages(links: Links) -> dict[str, tuple[Backlog, str]]:
    """Path -> (its kind, the id it shows) of every opportunities and research page."""
    return {path: (kind, ident) for kind in BACKLOG for path, ident in kind.paths(links).items()}
