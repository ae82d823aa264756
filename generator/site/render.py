"""The site's pages, rendered into a staging folder: only what changed, on every core.

A journey page is keyed by the files it is made from (`pagekeys`); a page that aggregates
journeys (index, personas, touchpoints, owners, insights) by what it shows
of each journey (`kinds.Aggregate`), digested when the journey's page is
rendered and kept in the manifest, so it is made again only when that
changed, and an edit costs its journey, not the site. A page whose key is
the last build's is linked from the last good site instead. Pages that must
be rendered are shared among worker processes, each writing its own files.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from jinja2 import Environment, Template

from generator.common import memory
from generator.common.process import PROCESS, Slot
from generator.common.shares import shares
from generator.common.workers import end_with
from generator.common.writing import dump_pickled, load_pickled, replacing
from generator.content.cache import held_whole
from generator.content.resolved import ResolvedJourney
from generator.content.root import Content, today
from generator.history import git
from generator.site.incremental import (
    Manifest,
    context_digest,
    digest,
    reuse,
)
from generator.site.pagekeys import (
    backlog_key,
    backlog_keys,
    backlog_of_journeys,
    base_key,
    journey_key,
)
from generator.views import aggregates, insights, kinds, pages, searchindex
from generator.views import environment as site
from generator.views.i18n import Labels
from generator.views.markdown import place_images

# Below this many journeys to render, starting processes costs more than it saves.
PARALLEL_FROM = 16


@dataclass
class Rendered:
    """What went into the staging folder: every page's key, and how many were rendered."""

    keys: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    planner: pages.Planner | None = None
    # journey id -> its page's key, and what each aggregate page shows of it (digests)
    shown: dict[str, Shown] = field(default_factory=dict)
    # aggregate -> its key and the paths of its pages
    aggregates: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return len(self.keys)


Shown = tuple[str, dict[str, str]]
# ("journeys", ids, {}, b""), ("aggregates", names, digests, cards), ("backlog", paths, {},
# b"") or ("search", (), {}, b""); the digests: by aggregate keyed page by page, what it
# shows of each journey (where known: not while the journeys are rendered beside it); the
# cards: for the pages that list every journey's card, all of them pickled (or b"")
Task = tuple[str, Sequence[str], Mapping[str, Mapping[str, str]], bytes]
# pages rendered; journey id -> shown digests; journey id -> card (made where it was needed);
# a page of a channel or department: its aggregate, a digest of what it shows besides its
# journeys' rows, and those journeys
Described = tuple[str, str, tuple[str, ...]]
# path -> what an aggregate page keyed on its own is made of (`Described`)
Done = tuple[int, dict[str, dict[str, str]], dict[str, pages.Card], dict[str, Described]]


def page_key(base: str, path: str, described: Described, shown: Mapping[str, str]) -> str:
    """The key of a channel's or department's page: what it shows besides its journeys,
    and what its aggregate shows of each of them (`shown`: journey id -> digest)."""
    _, own, journeys = described
    return digest(base, path, own, *(f"{jid}:{shown[jid]}" for jid in journeys))


@dataclass
class _Renderer:
    env: Environment
    labels: Labels
    planner: pages.Planner
    target: Path
    # where the search index keeps its parts, and each journey's page key that they go by
    search_cache: Path | None = None
    search_keys: dict[str, str] = field(default_factory=dict)
    # every card made before the workers started: they need not send theirs back
    cards_filled: bool = False
    templates: frozenset[str] | None = None  # the names of all, once asked for
    # writing into the published site itself (`InPlace`): each page is written beside its
    # place and renamed over it, so a reader finds the old page or the new one, never a part
    in_place: InPlace | None = None
    # for the pages of channels and departments, keyed one by one (see `aggregate_pages`):
    # what every page depends on, and the last build's pages and keys
    base: str = ""
    manifest: Manifest | None = None
    previous: Path | None = None
    # where a build keeps, by aggregate, the parts its pages drew for each journey
    parts: Path | None = None

    def told(self, path: str) -> None:
        """A path written (or found as it should be) in place, for whom waits on it."""
        if self.in_place is not None and self.in_place.page_written is not None:
            self.in_place.page_written(path)

    def write(self, page: pages.Page, *, large: bool = False) -> None:
        template = self.env.select_template(self.existing(page.templates))
        values = {"chrome": page.chrome, "page": page.context, "labels": self.labels}
        final = self.target / page.chrome.path
        final.parent.mkdir(parents=True, exist_ok=True)
        if not self.in_place:
            self._write(template, values, page.chrome.root, final, large=large)
            return
        with replacing(final) as part:
            self._write(template, values, page.chrome.root, part, large=large)
        self.told(page.chrome.path)

    def _write(
        self, template: Template, values: dict[str, object], root: str, path: Path, *, large: bool
    ) -> None:
        if large:
            # written as it is made: a page of thousands of rows is never held whole
            # (its pieces joined in one string took more memory than the site's models)
            stream = template.stream(values)
            stream.enable_buffering(256)
            with path.open("w", encoding="utf-8", newline="\n") as file:
                file.writelines(place_images(chunk, root) for chunk in stream)
        else:
            path.write_text(
                place_images(template.render(values), root), encoding="utf-8", newline="\n"
            )

    def existing(self, names: Sequence[str]) -> list[str]:
        """Those of a page's templates that exist, the last kept whatever happens (it
        says what is missing): each journey's page may have a template of its own, and
        looking for it on disk took a call in every templates folder, page after page."""
        if self.templates is None:
            self.templates = frozenset(self.env.list_templates())
        return [name for name in names[:-1] if name in self.templates] + list(names[-1:])

    def shown(self, journey: ResolvedJourney) -> dict[str, str]:
        """What each aggregate shows of the journey, digested, by the aggregate's name; and
        the channels and departments whose pages list it (`Aggregate.keys_entry`): with
        every journey's, where those pages go, found without reading it back."""
        rows = self.planner.rows(journey)
        rows_digest = context_digest(rows)  # shown by two aggregates, digested once
        digests: dict[str, str] = {}
        for kind in kinds.AGGREGATES:
            shown = kind.shows(self.planner, journey)
            digests[kind.name] = (
                context_digest(rows_digest, shown) if kind.rows else context_digest(shown)
            )
            if kind.per_key:
                digests[kind.keys_entry] = "\n".join(sorted(aggregates.keys_of(rows, kind.name)))
        return digests

    def run(self, task: Task) -> Done:
        with memory.collected_after():
            return self._run(task)

    def _run(self, task: Task) -> Done:
        kind, names, digests, pickled_cards = task
        if kind == "search":
            assert self.search_cache is not None
            planner = self.planner
            searchindex.write_search(
                planner.journeys,
                planner.content.personas,
                self.search_keys,
                self.search_cache,
                self.target,
                searchindex.backlog_entries(
                    planner.content.links.opportunities, planner.content.links.studies
                ),
                self.in_place.search_held if self.in_place else None,
            )
            for name in searchindex.SEARCH_FILES:
                self.told(name)
            return 0, {}, {}, {}
        if kind == "backlog":
            found = kinds.backlog_pages(self.planner.content.links)
            for path in names:
                backlog, identifier = found[path]
                self.write(backlog.page(self.planner, identifier))
            return len(names), {}, {}, {}
        if kind == "aggregates":
            if pickled_cards:  # made by the journeys' pages: not made again from the journeys
                self.planner.cards.made.update(pickle.loads(pickled_cards))
            written, described = 0, {}
            for name in names:
                with self.keeping_parts(name):
                    done, about = self.aggregate_pages(kinds.AGGREGATE[name], digests.get(name))
                written += done
                described.update(about)
            return written, {}, {}, described
        journeys = self.planner.content.journeys
        shown = {}
        for journey_id in names:
            journey = journeys[journey_id]
            self.write(self.planner.journey(journey))
            shown[journey_id] = self.shown(journey)  # here, on every core, for the aggregates
        cards = {} if self.cards_filled else {jid: self.planner.cards[jid] for jid in names}
        return len(names), shown, cards, {}

    @contextmanager
    def keeping_parts(self, aggregate: str) -> Iterator[None]:
        """The parts of an aggregate's pages (cards, what a persona lived) kept from one
        build to the next, by journey key (a preview keeps them in memory already)."""
        fragments = self.env.globals.get("fragment")
        if self.parts is None or self.in_place or not isinstance(fragments, site.Fragments):
            yield
            return
        with fragments.keeping(self.parts / f"{aggregate}.pickle", self.search_keys):
            yield

    def aggregate_pages(
        self, kind: kinds.Aggregate, shown: Mapping[str, str] | None
    ) -> tuple[int, dict[str, Described]]:
        """The pages of an aggregate whose inputs changed; how many were written, and what
        those keyed one by one are made of.

        A channel's or department's pages list fifty journeys each: an edited
        journey changes the pages that list it (and its channel's summary, where its
        figures changed), not the others. Each of them is keyed by what it shows
        besides its journeys and by what the aggregate shows of each (`shown`), and
        taken over from the last build where that is unchanged; without `shown`
        (rendered beside the journeys, before it is known), each is written."""
        made = kind.pages(self.planner)
        if not kind.per_key:
            for page in made:
                self.write(page, large=True)
            return len(made), {}
        described: dict[str, Described] = {}
        written = 0
        for page in made:
            path = page.chrome.path
            context = page.context
            if isinstance(context, aggregates.GroupContext):
                own = context_digest(
                    page.chrome,
                    context.summary,
                    context.pager,
                    context.parent,
                    context.parent_label,
                    context.section,
                    tuple(page.templates),
                )
                journeys = tuple(entry.journey_id for entry, _ in context.chunk)
            else:  # the list of all channels or departments, made of all journeys
                own, journeys = context_digest(page.chrome, context, tuple(page.templates)), ()
            described[path] = (kind.name, own, journeys)
            source = None
            if shown is not None and self.manifest is not None and self.previous is not None:
                key = page_key(self.base, path, described[path], shown)
                source = self.manifest.reusable(path, key, self.previous)
            if source is None:
                self.write(page, large=True)
                written += 1
            elif not self.in_place:
                reuse(source, self.target / path)
            else:
                self.told(path)  # as it was, and as it should be
        return written, described


class CardSource(Protocol):
    """Where the cards of the last good build are read: a `CardCache`, or memory."""

    def read(self) -> dict[str, tuple[str, pages.Card]]: ...


class CardCache:
    """The journeys' cards of the last good build, each with its journey page's key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, tuple[str, pages.Card]]:
        entries = load_pickled(self.path, _card_entries)
        return entries if entries is not None else {}

    def write(self, rendered: Rendered) -> None:
        if rendered.planner is None:
            return
        keys = rendered.keys
        entries = {
            jid: (keys[f"journeys/{jid}/index.html"], card)
            for jid, card in rendered.planner.cards.items()
        }
        dump_pickled(self.path, entries)


def _card_entries(entries: object) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(key, str) and isinstance(card, pages.Card) for key, card in entries.values()
    )


# The aggregate pages, in groups of about the same cost; a group shares what it computes
# (touchpoints and owners list the same rows). The costliest first.
GROUPS: tuple[tuple[kinds.Aggregate, ...], ...] = (
    (kinds.TOUCHPOINTS, kinds.OWNERS),
    (kinds.INSIGHTS,),
    (kinds.INDEX,),  # apart from the persona pages: an edited summary renders both at once
    (kinds.PERSONA_PAGES, kinds.PERSONA_LIST, kinds.NOT_FOUND),
)

# The renderer a forked worker inherits from its parent: set just before the pool starts.
_INHERITED: Slot[_Renderer] = PROCESS.own("site renderer", Slot())


def _run_inherited(task: Task) -> Done:
    return _INHERITED.get().run(task)


@dataclass
class _Run:
    """Runs tasks: `run`, a list of them, returning once all are done; `aside`, one task
    that may take its time beside the others, its outcome asked for when needed."""

    run: Callable[[list[Task]], list[Done]]
    aside: Callable[[Task], Callable[[], Done]]
    forked: bool = False  # the tasks run in other processes


def _now(renderer: _Renderer) -> Callable[[Task], Callable[[], Done]]:
    """A task set aside, in one process: run at once, whether or not its outcome is asked."""

    def aside(task: Task) -> Callable[[], Done]:
        done = renderer.run(task)
        return lambda: done

    return aside


@contextmanager
def _workers(renderer: _Renderer, jobs: int) -> Iterator[_Run]:
    """Something that runs tasks: on `jobs` forked processes when the site is large."""
    many = len(renderer.planner.journeys) >= PARALLEL_FROM
    if jobs <= 1 or not many or not hasattr(os, "fork"):
        yield _Run(lambda tasks: [renderer.run(task) for task in tasks], _now(renderer))
        return
    # the collector of a worker would touch every inherited object, and so copy the
    # memory pages that hold them: what exists before the fork is left out of it
    # fork: the workers inherit the validated content and compiled templates for free
    with (
        _INHERITED.holding(renderer),
        memory.set_aside_while_forked(),
        multiprocessing.get_context("fork").Pool(
            jobs, initializer=end_with, initargs=(os.getpid(),)
        ) as pool,
    ):
        yield _Run(
            lambda tasks: list(pool.imap_unordered(_run_inherited, tasks)),
            lambda task: pool.apply_async(_run_inherited, (task,)).get,
            forked=True,
        )


def _shown_by(
    group: Sequence[kinds.Aggregate], shown: Mapping[str, Shown]
) -> dict[str, dict[str, str]]:
    """What each aggregate of the group keyed page by page shows of each journey."""
    return {
        kind.name: {jid: digests[kind.name] for jid, (_, digests) in shown.items()}
        for kind in group
        if kind.per_key
    }


def _lists_cards(group: Sequence[kinds.Aggregate]) -> bool:
    return any(kind.cards for kind in group)


def _names(group: Sequence[kinds.Aggregate]) -> list[str]:
    """A group of aggregates as a task names it: a worker finds each in `kinds.AGGREGATE`."""
    return [kind.name for kind in group]


@dataclass
class InPlace:
    """A render in place of the site a preview serves (`target` is `previous`), and what
    the preview keeps from one save to the next: its compiled templates (they must not
    have changed), each journey's findings, rows and part of the search index; and whom
    to tell as pages are written.

    `journeys_written`: called once the journeys' pages are written and before any other
    page is, with the result so far (every journey page's key) and the paths of the site
    still to be written (aggregate and backlog pages, search index): a preview shows the
    edited map at once, and holds those paths until they are; `page_written` is then
    told each path as it is written."""

    env: Environment
    findings: insights.Kept
    entries: aggregates.KeptEntries
    search_held: dict[str, list[object]]
    journeys_written: Callable[[Rendered, set[str]], None] | None = None
    page_written: Callable[[str], None] | None = None


def _left_in_place(source: Path, target: Path) -> None:
    """An unchanged page of a site rendered in place: it is where it belongs already."""


def render_pages(
    content: Content,
    target: Path,
    *,
    previous: Path,
    manifest: Manifest,
    cards: CardSource | None = None,
    search: Path | None = None,
    history: Mapping[Path, list[git.Commit]],
    drafts: bool,
    pdf: bool,
    jobs: int,
    in_place: InPlace | None = None,
    compiled: Path | None = None,
    parts: Path | None = None,
) -> Rendered:
    """Every page of the site into `target`, reusing what `previous` has unchanged, and
    the search index, its parts kept in `search`, when given. `history` is the Git
    history of the root's files (`history.git.history`), shown on the journeys' pages.

    `in_place` (`InPlace`): `target` is `previous`, the site being served; an unchanged
    page is left where it is, a changed one replaced whole (what is no longer built is
    the caller's to remove: every page built is in the result's keys).
    `compiled`: where the templates are kept compiled between builds; `parts`: where
    the parts of the pages that list journeys are kept between builds."""
    keep = _left_in_place if in_place else reuse
    base = base_key(content, drafts=drafts, pdf=pdf)
    result = Rendered()
    shows = backlog_of_journeys(content)
    for jid in pages.published(content, drafts=drafts).ids:
        commits = history.get(content.journey_files.get(jid, Path()), [])
        key = digest(journey_key(base, content, jid, shows), *(commit.hash for commit in commits))
        result.keys[f"journeys/{jid}/index.html"] = key
    # a journey's card is made of what its page is made of: a card of the same key holds
    known = {
        jid: card
        for jid, (key, card) in (cards.read() if cards else {}).items()
        if result.keys.get(f"journeys/{jid}/index.html") == key
    }
    planner = pages.Planner(
        content, drafts=drafts, pdf=pdf, today=today(), history=history, cards=known
    )
    env = in_place.env if in_place else site.environment(content, compiled)
    labels = site.labels(content)
    search_keys = {jid: result.keys[f"journeys/{jid}/index.html"] for jid in planner.journeys.ids}
    if in_place:
        fragments = env.globals.get("fragment")
        if isinstance(fragments, site.Fragments):
            # a preview renders these pages again and again: each journey's parts of them
            # are kept, drawn again when its key changes (a build draws them all once)
            fragments.remember(search_keys)
        # a journey's findings are made of it and of the opportunities and studies at its
        # steps, which its page shows too (`backlog_of_journeys`): its page's key is theirs
        in_place.findings.remember(search_keys)
        planner.kept_findings = in_place.findings
        in_place.entries.remember(search_keys)  # its rows are made of what its page is
        planner.kept_entries = in_place.entries
    renderer = _Renderer(
        env,
        labels,
        planner,
        target,
        search,
        search_keys,
        in_place=in_place,
        base=base,
        manifest=manifest,
        previous=previous,
        parts=parts,
    )
    result.planner = planner

    shown: dict[str, Shown] = {}
    stale: list[str] = []
    for jid in planner.journeys.ids:
        path = f"journeys/{jid}/index.html"
        key = result.keys[path]
        if key == manifest.shown.get(jid, ("", {}))[0]:
            shown[jid] = manifest.shown[jid]
        source = manifest.reusable(path, key, previous)
        if source is None:
            stale.append(jid)
        else:
            keep(source, target / path)

    # most journeys changed (a first build, new templates or settings): the aggregate
    # pages will change too, and are rendered beside the journeys, not after them; but
    # the groups of those that list every journey's card after them, given the cards
    # the journeys' pages made
    early = 2 * len(stale) > len(planner.journeys)
    if held_whole(len(planner.journeys)) and not early:
        # a root this small is held in memory: its cards, most of them kept from the last
        # build, are made once, here, and the workers inherit them
        planner.cards.fill()
        renderer.cards_filled = True

    with _workers(renderer, jobs) as workers:
        run = workers.run
        chunks = shares(stale, jobs)
        tasks: list[Task] = (
            [("aggregates", _names(group), {}, b"") for group in GROUPS if not _lists_cards(group)]
            if early
            else []
        )
        # beside the pages (it needs none of them), the aggregate pages after the journeys'
        # not waiting for it; where the maps are shown first, after them all
        searched: list[Task] = [("search", (), {}, b"")] if search is not None else []
        journeys_written = in_place.journeys_written if in_place else None
        after_journeys = journeys_written is not None and not early
        search_done = workers.aside(searched[0]) if searched and not after_journeys else None
        described: dict[str, Described] = {}  # aggregate pages keyed one by one
        for rendered, made, cards_made, found in run(
            [*tasks, *(("journeys", chunk, {}, b"") for chunk in chunks)]
        ):
            result.rendered += rendered
            described.update(found)
            shown.update(
                (jid, (result.keys[f"journeys/{jid}/index.html"], digests))
                for jid, digests in made.items()
            )
            planner.cards.made.update(cards_made)  # the parent keeps them for the next build
        for jid in planner.journeys.ids:  # a page reused from a build that kept no digests
            if jid not in shown:
                key = result.keys[f"journeys/{jid}/index.html"]
                shown[jid] = (key, renderer.shown(content.journeys[jid]))
        result.shown = shown

        # an aggregate page is made again only if what it shows of some journey changed
        todo = []
        backlog = backlog_key(content)
        for kind in kinds.AGGREGATES:
            name = kind.name
            showing = (f"{jid}:{shown[jid][1][name]}" for jid in planner.journeys.ids)
            # a page that shows opportunities or studies is made of their files too
            joined = (backlog,) if kind.backlog else ()
            key = digest(base, name, *joined, *showing)
            last_key, last_paths = manifest.aggregates.get(name, ("", []))
            # where its pages go depends on what it shows: the same key, the same paths
            if key == last_key:
                paths = last_paths
            elif kind.per_key and all(
                kind.keys_entry in shown[jid][1] for jid in planner.journeys.ids
            ):
                keys = (shown[jid][1][kind.keys_entry] for jid in planner.journeys.ids)
                counts = Counter(found for text in keys for found in text.split("\n") if found)
                paths = aggregates.paths_of(name, content.site, counts)
            else:
                paths = kind.paths(planner)
            result.aggregates[name] = (key, paths)
            reusable = []
            for path in paths:
                # a channel's or department's page has a key of its own (`aggregate_pages`),
                # unchanged with the aggregate's
                same = kind.per_key and key == last_key
                result.keys[path] = manifest.keys.get(path, "") if same else digest(key, path)
                reusable.append((manifest.reusable(path, result.keys[path], previous), path))
            if early:
                continue  # made beside the journeys, or queued below with their cards
            if all(source is not None for source, _ in reusable):
                for source, path in reusable:
                    keep(source, target / path)  # type: ignore[arg-type]
            else:
                todo.append(kind)
        groups = [[kind for kind in group if kind in todo] for group in GROUPS]
        tasks = [
            ("aggregates", _names(group), _shown_by(group, shown), b"") for group in groups if group
        ]
        if early:
            # what every worker would otherwise make again from each journey, read back;
            # those of journeys whose pages were reused, kept by no card cache, made here
            planner.cards.fill()
            every_card = planner.cards.made  # every published journey's, once filled
            pickled = pickle.dumps(every_card, pickle.HIGHEST_PROTOCOL) if workers.forked else b""
            listing = [group for group in GROUPS if _lists_cards(group)]
            tasks += [("aggregates", _names(group), {}, pickled) for group in listing]

        # the opportunities and research pages, each made again only if a file it shows changed
        stale_pages = []
        for path, key in backlog_keys(base, content, planner).items():
            result.keys[path] = key
            source = manifest.reusable(path, key, previous)
            if source is None:
                stale_pages.append(path)
            else:
                keep(source, target / path)
        tasks += [("backlog", chunk, {}, b"") for chunk in shares(stale_pages, jobs) if chunk]
        if after_journeys:
            assert journeys_written is not None
            to_come = {
                *(path for kind in todo for path in result.aggregates[kind.name][1]),
                *stale_pages,
                *(searchindex.SEARCH_FILES if searched else ()),
            }
            journeys_written(result, to_come)
            # the home page first, the page most often open beside the map; the search
            # index last: it is only read once a reader searches
            tasks.sort(key=lambda task: kinds.INDEX.name not in task[1])
            tasks += searched
        for rendered, _, _, found in run(tasks):
            result.rendered += rendered
            described.update(found)
        if search_done is not None:
            result.rendered += search_done()[0]
        for path, about in described.items():
            by_journey = {jid: shown[jid][1][about[0]] for jid in about[2]}
            result.keys[path] = page_key(base, path, about, by_journey)
    return result
