"""The touchpoints and owners pages: a summary of each channel and department, each
linking to pages of its own that list its steps, journey by journey (pure).

A site of thousands of journeys would make one page of every step unreadable and
costly: the summaries have a row per channel or department, and the pages below
them hold at most `PER_PAGE` journeys each, so every page stays small and the
whole grows with the content, linearly. Nothing here knows about files or
templates: each page comes out as its path, title and context.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.common.kept import KeptByKey
from generator.content.model import Site
from generator.content.resolved import ResolvedJourney
from generator.views import insights
from generator.views.aggregate_rows import RowsHtml
from generator.views.i18n import Labels
from generator.views.rows import HandoffRow, OwnedStep, TouchpointRow
from generator.views.steps import step_anchor

# The key of steps with no channel or no owner: ids are [a-z0-9_-]+ (model.ID_PATTERN),
# so no channel or department can be called this, not even on a case-blind disk.
NONE = "~none"

# The most journeys a page of one channel or department lists; more go on further pages.
PER_PAGE = 50

# How many page numbers the pager shows on either side of the current page.
PAGER_SPAN = 2


@dataclass(frozen=True)
class Summary:
    """One channel or department, as its summary row and its own pages' heading show it."""

    key: str  # its id, or NONE
    label: str
    path: str  # its first page, below the site folder; "" when it has none
    kind: str  # online | offline for channels; "" otherwise
    colour: str  # departments' colour; "" otherwise
    steps: int
    journeys: int
    emotion: str  # the average emotion, signed; "" when no step has one
    tone: str
    pains: int
    handoffs_out: int = 0
    handoffs_in: int = 0
    falling: int = 0  # hand-offs out or in where the emotion falls

    @property
    def unset(self) -> bool:
        """The steps with no channel, or no owner."""
        return self.key == NONE


@dataclass(frozen=True)
class JourneyRows:
    """What one page of a channel or department shows of one journey."""

    journey_id: str
    journey_title: str
    rows: tuple[TouchpointRow, ...]
    owned: tuple[OwnedStep, ...] = ()  # on a department's pages: its rows, with hand-offs


@dataclass(frozen=True)
class PagerLink:
    number: int  # 0 for a gap in the numbers
    path: str  # below the site folder


@dataclass(frozen=True)
class Pager:
    number: int  # this page, from 1
    count: int
    first: int  # the number of this page's first journey, from 1
    last: int
    total: int  # journeys on all the pages
    links: tuple[PagerLink, ...]
    previous: str  # path of the previous page, "" on the first
    next: str


@dataclass(frozen=True)
class TouchpointsContext:
    channels: tuple[Summary, ...]  # online, then offline, then the steps with no channel
    departments: tuple[Summary, ...]  # a short view by owner; the detail is on owners pages
    steps: int
    journeys: int


@dataclass(frozen=True)
class OwnersContext:
    departments: tuple[Summary, ...]  # site.yaml's order, then the steps with no owner
    handoffs: int  # hand-offs in all journeys
    falling: int


@dataclass(frozen=True)
class GroupContext:
    """One page of a channel's or a department's steps, journey by journey."""

    summary: Summary
    pager: Pager
    parent: str  # the summary page, below the site folder
    parent_label: str
    section: str  # touchpoints | owners
    chunk: tuple[tuple[Entry, tuple[TouchpointRow, ...]], ...]
    site: Site
    labels: Labels

    @property
    def journeys(self) -> tuple[JourneyRows, ...]:
        """What the page lists, made as it is written: the pages of a site are all
        planned before the first is written, and need not all hold their rows meanwhile."""
        key = self.summary.key
        owners = self.section == "owners"
        handoff_rows = _HandoffRows(self.site, self.labels)
        return tuple(
            JourneyRows(
                entry.journey_id,
                entry.title,
                rows,
                _owned(key, entry, rows, handoff_rows) if owners else (),
            )
            for entry, rows in self.chunk
        )

    def rows_html(self, labels: Labels) -> RowsHtml:
        """What draws the rows of the page's journeys, one journey at a time."""
        return RowsHtml(labels)


@dataclass(frozen=True)
class Made:
    """A page to render: where it goes, its title and context."""

    path: str
    title: str
    template: str
    context: object


@dataclass(frozen=True, slots=True)
class Entry:
    """What the touchpoints and owners pages need of one journey (not the journey: a
    site of thousands is not held whole)."""

    journey_id: str
    title: str
    rows: tuple[TouchpointRow, ...]
    handoffs: tuple[insights.Handoff, ...]


Grouped = dict[str, list[tuple[Entry, tuple[TouchpointRow, ...]]]]
RowsOf = Callable[[ResolvedJourney], Sequence[TouchpointRow]]


def tone(score: float | None, scale: Sequence[float]) -> str:
    if score is None:
        return ""
    middle = (scale[0] + scale[1]) / 2
    return "high" if score > middle else "low" if score < middle else "neutral"


def touchpoint_rows(journey: ResolvedJourney, site: Site, labels: Labels) -> list[TouchpointRow]:
    """The steps of a journey that are touchpoints: with a touchpoint, channel or owner."""
    # a journey of dozens of steps names a few channels and departments: each is looked
    # up once (the rows of every journey are made in every build, even an incremental one)
    channels: dict[str, tuple[str, str]] = {"": ("", "")}
    owner_of = _Departments(site, labels)
    journey_id = journey.id
    journey_title = journey.title
    scale = site.emotion_scale
    signed = labels.signed
    rows = []
    for stage, step in journey.steps():
        channel_id = step.channel or ""
        owner_id = step.owner or ""
        if not (step.touchpoint or channel_id or owner_id):
            continue
        channel = channels.get(channel_id)
        if channel is None:
            channel = channels[channel_id] = (
                labels.channel(channel_id),
                labels.channel_kind(channel_id) or "",
            )
        owner = owner_of(owner_id)
        score = insights.step_score(step)
        rows.append(
            TouchpointRow(
                journey_id,
                journey_title,
                step_anchor(step.id),
                step.title,
                stage.name,
                step.touchpoint or step.title,
                channel[0],
                channel[1],
                owner[0],
                owner[1],
                signed(score) if score is not None else "",
                tone(score, scale),
                channel_id,
                owner_id,
                score,
                len(step.pains),
            )
        )
    return rows


def handoff_row(handoff: insights.Handoff, site: Site, labels: Labels) -> HandoffRow:
    return _HandoffRows(site, labels)(handoff)


class _Departments:
    """A department's label and colour by its id, each looked up once: the rows of a
    journey or of a page name the same few again and again ("" for no department)."""

    def __init__(self, site: Site, labels: Labels) -> None:
        self.site = site
        self.labels = labels
        self.known: dict[str, tuple[str, str]] = {"": ("", "")}

    def __call__(self, key: str) -> tuple[str, str]:
        found = self.known.get(key)
        if found is None:
            department = self.site.departments.get(key)
            colour = department.color or "" if department else ""
            found = self.known[key] = (self.labels.department(key), colour)
        return found


class _HandoffRows:
    """Makes the rows of hand-offs: a page of a department shows hundreds of hand-offs
    between the same few departments."""

    def __init__(self, site: Site, labels: Labels) -> None:
        self.labels = labels
        self.department = _Departments(site, labels)

    def __call__(self, handoff: insights.Handoff) -> HandoffRow:
        source = self.department(handoff.from_owner)
        target = self.department(handoff.to_owner)
        change = handoff.change
        return HandoffRow(
            handoff,
            source[0],
            target[0],
            source[1],
            target[1],
            self.labels.signed(change) if change is not None else "\u2013",
        )


# -- grouping -------------------------------------------------------------------


def _group(entries: Iterable[Entry], key: Callable[[TouchpointRow], str]) -> Grouped:
    grouped: Grouped = {}
    for entry in entries:
        mine: dict[str, list[TouchpointRow]] = {}
        for row in entry.rows:
            mine.setdefault(key(row) or NONE, []).append(row)
        for name, rows in mine.items():
            grouped.setdefault(name, []).append((entry, tuple(rows)))
    return grouped


def by_channel(entries: Iterable[Entry], site: Site) -> Grouped:
    """Each channel's steps by journey: online, then offline (each the most used first),
    then the steps with no channel."""
    grouped = _group(entries, lambda row: row.channel_id)
    kinds = {key: channel.kind for key, channel in site.all_channels().items()}

    def order(item: tuple[str, list[tuple[Entry, tuple[TouchpointRow, ...]]]]) -> tuple:
        key, found = item
        rank = 2 if key == NONE else 0 if kinds.get(key) == "online" else 1
        return rank, -sum(len(rows) for _, rows in found), key

    return dict(sorted(grouped.items(), key=order))


def by_owner(entries: Iterable[Entry], site: Site) -> Grouped:
    """Each department's steps by journey, in site.yaml's order, then the steps with no owner."""
    grouped = _group(entries, lambda row: row.owner_id)
    return {key: grouped[key] for key in [*site.departments, NONE] if key in grouped}


def keys_of(rows: Iterable[TouchpointRow], section: str) -> frozenset[str]:
    """The channels (section "touchpoints") or departments ("owners") whose pages show a
    journey with these rows."""
    if section == "touchpoints":
        return frozenset(row.channel_id or NONE for row in rows)
    return frozenset(row.owner_id or NONE for row in rows)


def paths_of(section: str, site: Site, journeys: Mapping[str, int]) -> list[str]:
    """Every page of a section, from how many journeys each channel or department has
    (see `keys_of`): the summary, then each one's pages in a fixed order (channels
    online, offline, then none, each by id; departments in site.yaml's order)."""
    if section == "touchpoints":
        kinds = {key: channel.kind for key, channel in site.all_channels().items()}
        rank = {"online": 0, "offline": 1}
        order = sorted(
            journeys, key=lambda k: (2 if k == NONE else rank.get(kinds.get(k, ""), 1), k)
        )
    else:
        order = [key for key in [*site.departments, NONE] if key in journeys]
    pages = (page_paths(section, key, journeys[key]) for key in order if journeys[key])
    return [f"{section}/index.html", *(path for paths in pages for path in paths)]


def page_paths(section: str, key: str, journeys: int) -> list[str]:
    """The pages of one channel or department: index.html, then page-2/index.html ..."""
    count = max(1, -(-journeys // PER_PAGE))
    base = f"{section}/{key}/"
    return [
        base + ("index.html" if n == 1 else f"page-{n}/index.html") for n in range(1, count + 1)
    ]


def _pager(pages: list[str], number: int, total: int) -> Pager:
    count = len(pages)
    near = {1, count, *range(number - PAGER_SPAN, number + PAGER_SPAN + 1)}
    links: list[PagerLink] = []
    for n in range(1, count + 1):
        if n in near:
            links.append(PagerLink(n, pages[n - 1]))
        elif links[-1].number != 0:
            links.append(PagerLink(0, ""))
    return Pager(
        number=number,
        count=count,
        first=(number - 1) * PER_PAGE + 1,
        last=min(total, number * PER_PAGE),
        total=total,
        links=tuple(links),
        previous=pages[number - 2] if number > 1 else "",
        next=pages[number] if number < count else "",
    )


def _owned(
    key: str, entry: Entry, rows: tuple[TouchpointRow, ...], handoff_rows: _HandoffRows
) -> tuple[OwnedStep, ...]:
    came: dict[str, insights.Handoff] = {}
    goes: dict[str, insights.Handoff] = {}
    for handoff in entry.handoffs:  # never to and from the same department
        if handoff.to_owner == key:
            came[handoff.after.anchor] = handoff
        elif handoff.from_owner == key:
            goes[handoff.before.anchor] = handoff
    if not came and not goes:
        return tuple(OwnedStep(row) for row in rows)
    owned = []
    for row in rows:
        into, out = came.get(row.anchor), goes.get(row.anchor)
        owned.append(
            OwnedStep(
                row,
                handoff_rows(into) if into else None,
                handoff_rows(out) if out else None,
            )
        )
    return tuple(owned)


def _average(rows: Iterable[TouchpointRow]) -> float | None:
    scores = [row.score for row in rows if row.score is not None]
    return sum(scores) / len(scores) if scores else None


# -- the pages --------------------------------------------------------------------


# Each journey's `Entry`, kept between the saves of a preview.
KeptEntries = KeptByKey[Entry]


class Aggregates:
    """The touchpoints and owners pages of one build: the journeys are read once."""

    def __init__(
        self,
        journeys: Iterable[ResolvedJourney],
        rows_of: RowsOf,
        site: Site,
        labels: Labels,
        kept: KeptEntries | None = None,
    ) -> None:
        self.journeys = journeys
        self.rows_of = rows_of
        self.site = site
        self.labels = labels
        self.kept = kept

    @cached_property
    def entries(self) -> list[Entry]:
        return [self._entry(journey) for journey in self.journeys]

    def _entry(self, journey: ResolvedJourney) -> Entry:
        def made() -> Entry:
            rows = tuple(self.rows_of(journey))
            return Entry(journey.id, journey.title, rows, tuple(insights.handoffs(journey)))

        return made() if self.kept is None else self.kept.get(journey.id, made)

    @cached_property
    def channels(self) -> Grouped:
        return by_channel(self.entries, self.site)

    @cached_property
    def departments(self) -> Grouped:
        return by_owner(self.entries, self.site)

    def paths(self, section: str) -> list[str]:
        """The paths `touchpoints()` or `owners()` make, without making their contexts."""
        counts = Counter(key for entry in self.entries for key in keys_of(entry.rows, section))
        return paths_of(section, self.site, counts)

    def _summary(self, section: str, key: str, found: list, **extra: Any) -> Summary:
        rows = [row for _, rows in found for row in rows]
        average = _average(rows)
        if average is not None:
            average = round(average, 1)  # the figure shown, and the tone of what is shown
        values: dict[str, Any] = {"kind": "", "colour": "", **extra}
        return Summary(
            key=key,
            path=page_paths(section, key, len(found))[0] if found else "",
            steps=len(rows),
            journeys=len(found),
            emotion=self.labels.signed(average) if average is not None else "",
            tone=tone(average, self.site.emotion_scale),
            pains=sum(row.pains for row in rows),
            **values,
        )

    def _channel(self, key: str) -> Summary:
        found = self.channels[key]
        if key == NONE:
            return self._summary("touchpoints", key, found, label=self.labels.no_channel)
        kind = self.labels.channel_kind(key) or ""
        return self._summary("touchpoints", key, found, label=self.labels.channel(key), kind=kind)

    def _department(self, key: str, *, handoffs: bool = True) -> Summary:
        found = self.departments.get(key, [])
        if key == NONE:
            return self._summary("owners", key, found, label=self.labels.no_owner)
        department = self.site.departments[key]
        own = {"label": department.label, "colour": department.color or ""}
        if not handoffs:
            return self._summary("owners", key, found, **own)
        mine = [
            h for entry, _ in found for h in entry.handoffs if key in (h.from_owner, h.to_owner)
        ]
        return self._summary(
            "owners",
            key,
            found,
            **own,
            handoffs_out=sum(1 for h in mine if h.from_owner == key),
            handoffs_in=sum(1 for h in mine if h.to_owner == key),
            falling=sum(1 for h in mine if h.change is not None and h.change < 0),
        )

    def touchpoints(self) -> list[Made]:
        summaries = tuple(self._channel(key) for key in self.channels)
        owners = tuple(self._department(key, handoffs=False) for key in self.departments)
        context = TouchpointsContext(
            summaries,
            owners,
            sum(s.steps for s in summaries),
            sum(1 for entry in self.entries if entry.rows),
        )
        made = [
            Made("touchpoints/index.html", self.labels.nav_touchpoints, "touchpoints.html", context)
        ]
        by_key = {summary.key: summary for summary in summaries}
        for key in self._order("touchpoints", self.channels):
            made.extend(self._pages("touchpoints", by_key[key], self.channels[key]))
        return made

    def _order(self, section: str, grouped: Grouped) -> list[str]:
        """The keys in the order of `paths_of`, which computes the paths alone."""
        counts = {key: len(found) for key, found in grouped.items()}
        pages = paths_of(section, self.site, counts)
        return list(dict.fromkeys(path.split("/")[1] for path in pages[1:]))

    def owners(self) -> list[Made]:
        # every declared department has its row, those that own nothing too (with no page)
        keys = [*self.site.departments, *([NONE] if NONE in self.departments else [])]
        summaries = tuple(self._department(key) for key in keys)
        every = [h for entry in self.entries for h in entry.handoffs]
        falling = sum(1 for h in every if h.change is not None and h.change < 0)
        context = OwnersContext(summaries, len(every), falling)
        made = [Made("owners/index.html", self.labels.nav_owners, "owners.html", context)]
        by_key = {summary.key: summary for summary in summaries}
        for key in self._order("owners", self.departments):
            made.extend(self._pages("owners", by_key[key], self.departments[key]))
        return made

    def _pages(
        self, section: str, summary: Summary, found: list[tuple[Entry, tuple[TouchpointRow, ...]]]
    ) -> list[Made]:
        pages = page_paths(section, summary.key, len(found))
        parent = self.labels[f"nav_{section}"]
        template = "channel.html" if section == "touchpoints" else "department.html"
        made = []
        for number, path in enumerate(pages, start=1):
            chunk = found[(number - 1) * PER_PAGE : number * PER_PAGE]
            title = summary.label
            if number > 1:
                title += " · " + self.labels.format("page_number", number=number)
            pager = _pager(pages, number, len(found))
            context = GroupContext(
                summary,
                pager,
                f"{section}/index.html",
                parent,
                section,
                tuple(chunk),
                self.site,
                self.labels,
            )
            made.append(Made(path, title, template, context))
        return made
