"""The site `journeymap serve` shows, made again after each save at the cost of the save.

`build()` is made for a cold start: it digests every input to learn whether
anything changed, stages a whole site beside the old one and swaps it in. A
preview knows what changed (the watcher says which files) and keeps, between
saves, what the last good site was made of: the key of every page, what each
aggregate page shows of each journey, the journeys' cards, the Git history.
After a save it checks the content again (a journey that did not change is
not parsed again: the model cache holds it, checked), renders only the pages
whose key changed, each written beside its place and renamed over it, and
removes the pages no longer built. The server then tells the page at once.

A full build, staged and swapped in whole, is still the answer where it is
the honest one: for the first build; where the printable maps are made
(`--pdf`: only a full build renders them); where every page changes anyway
(site.yaml, personas, templates: the key of every page holds them, and a
whole site swapped in at once beats thousands of pages replaced one by one
under a reader); and where a burst changed more files than an edit does (a
`git checkout`: the full build shares the work among every core). Its
answer, read back from the manifest it records, is what the next save
starts from.

A save that breaks the content raises ContentError before a page is
written, as `build()` does: the last good site stays served, whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from generator.common import memory
from generator.common.paths import packaged_templates
from generator.common.writing import replacing
from generator.content.cache import KeptModels
from generator.content.root import Content
from generator.history import git
from generator.site import build as full
from generator.site.incremental import Manifest, git_head
from generator.site.render import CardCache, InPlace, Rendered, render_pages
from generator.views import aggregates, insights, pages, searchindex
from generator.views.environment import environment, template_dirs

# Told the paths of the site still to be written, once the journeys' pages are.
MapsWritten = Callable[[set[str]], None]

# A burst that changes more files than this (and more than a tenth of the journeys) is
# built whole: a checkout, not an edit.
EDIT_FILES = 16
SITE_FILES = ("site.yaml", "site.yml")


@dataclass
class _Cards:
    """The cards of the last good site, each with its journey page's key: what
    `render_pages` reads from a `CardCache`, kept in memory."""

    entries: dict[str, tuple[str, pages.Card]] = field(default_factory=dict)

    def read(self) -> dict[str, tuple[str, pages.Card]]:
        return self.entries


@dataclass
class _Last:
    """What the site being served was made of."""

    manifest: Manifest  # page keys, what aggregates show of each journey; no site state
    cards: _Cards
    files: set[str]  # the static files (assets, media, sitemap) beside the pages
    history: tuple[str, dict[Path, list[git.Commit]]]  # (Git HEAD, history at it)


class Preview:
    """The served site of `root` in `out/site`, made again by `update` after each save."""

    def __init__(self, root: Path, out: Path, *, pdf: bool = False) -> None:
        self.root = root
        self.out = out
        self.site = out / "site"
        self.pdf = pdf
        self.last: _Last | None = None
        self.built_whole = False  # whether the last update built the whole site
        # the templates compiled once for the updates in place (a template that changes
        # is built whole, and forgets it)
        self.env: Environment | None = None
        # the checked journeys, kept in memory from one save to the next
        self.models = KeptModels(out / ".cache" / "models")
        self.findings = insights.Kept()  # each journey's, for the insights page
        self.entries = aggregates.KeptEntries()  # its rows, for touchpoints and owners
        self.search: dict[str, list[object]] = {}  # its part of the search index

    def update(
        self,
        changed: set[Path] | None = None,
        *,
        maps_written: MapsWritten | None = None,
        page_written: Callable[[str], None] | None = None,
    ) -> int:
        """Make the site again after `changed` (None: anything may have changed); how many
        pages were rendered. Raises ContentError, writing nothing, on invalid content.

        `maps_written`: called, in an update in place that keeps the same journeys, once
        the journeys' pages are written, with the paths of the site still to be written
        (the pages that list journeys, the search index): the edited map can be shown
        while they are made; `page_written` is told each of them as it is written."""
        reason = self.whole_because(changed)
        self.built_whole = reason is not None
        if reason is not None:
            return self.build_whole()
        return self.build_in_place(maps_written, page_written)

    def whole_because(self, changed: set[Path] | None) -> str | None:
        """Why this change is built whole, staged and swapped in; None: it is not."""
        if self.last is None:
            return "no site yet, or the last was built whole and failed"
        if self.pdf:
            return "the printable maps are made by a full build"
        if changed is None:
            return "not told what changed"
        root = self.root.resolve()
        journeys = len(self.last.manifest.shown)
        if len(changed) > max(EDIT_FILES, journeys // 10):
            return "a burst of many files: a checkout, not an edit"
        for path in (path.resolve() for path in changed):
            if not path.is_relative_to(root):
                return "a template changed: every page holds it"
            relative = path.relative_to(root)
            if relative.parts[:1] == ("personas",) or relative.as_posix() in SITE_FILES:
                return "site settings or a persona changed: every page holds them"
        return None

    def build_whole(self) -> int:
        if self.last is not None and not (self.out / ".cache" / "pages.json").exists():
            # the site was changed in place since the last full build: what its pages are
            # made of now, for the build to take over those whose key it finds unchanged
            manifest = self.last.manifest
            manifest.write(manifest.keys, None, manifest.shown, manifest.aggregates)
        self.env = None
        result = full.build(self.root, self.out, pdf=self.pdf, drafts=True)
        cache = self.out / ".cache"
        manifest = Manifest.read(cache / "pages.json")
        cards = _Cards(CardCache(cache / "cards.pickle").read())
        self.last = _Last(manifest, cards, _static_names(manifest, self.site), ("", {}))
        return result.rendered

    def build_in_place(
        self,
        maps_written: MapsWritten | None = None,
        page_written: Callable[[str], None] | None = None,
    ) -> int:
        assert self.last is not None
        last = self.last

        static: list[str] | None = None  # written before the page is told, where it is

        def journeys_written(rendered: Rendered, to_come: set[str]) -> None:
            nonlocal static
            # a journey added or removed changes the site map and every list at once
            if maps_written is None or rendered.shown.keys() != last.manifest.shown.keys():
                return
            # the images a map shows are in place before it is shown (the site map too:
            # the set of pages is known, though not all are written yet)
            static = self.write_static_files(content, rendered)
            # and a page no longer built is not served until it is removed, at the end
            gone = set(last.manifest.keys) - set(rendered.keys)
            maps_written(to_come | gone | (last.files - set(static)))

        try:
            # only the files that changed are read and checked again: the others come
            # from the model cache, checked, kept in memory since the last save
            content = full.load(self.root, strict=False, cache=self.models)
            # from here on the served site changes: the manifest on disk, which says what
            # the site was at the last full build, must not be trusted by the next one
            (self.out / ".cache" / "pages.json").unlink(missing_ok=True)
            try:
                history = self.history(content)
                rendered = self.render(content, history, last, journeys_written, page_written)
                files = static if static is not None else self.write_static_files(content, rendered)
                _remove(self.site, set(last.manifest.keys) - set(rendered.keys))
                _remove(self.site, last.files - set(files))
            except BaseException:
                # pages replaced before the failure (a template that fails on one
                # journey's page, say) are not what the manifest says: the next save
                # builds the whole site
                self.last = None
                raise
        finally:
            memory.release()
        self.last = _Last(
            Manifest(
                last.manifest.path,
                rendered.keys,
                None,
                rendered.shown,
                rendered.aggregates,
                served=True,
            ),
            _Cards(_cards(rendered)),
            set(files),
            last.history,
        )
        return rendered.rendered

    def render(
        self,
        content: Content,
        history: dict[Path, list[git.Commit]],
        last: _Last,
        journeys_written: Callable[[Rendered, set[str]], None] | None = None,
        page_written: Callable[[str], None] | None = None,
    ) -> Rendered:
        env = self.env = self.env or environment(content, self.out / ".cache" / "templates")
        return render_pages(
            content,
            self.site,
            previous=self.site,
            manifest=last.manifest,
            cards=last.cards,
            search=self.out / ".cache" / "search.json",
            history=history,
            drafts=True,
            pdf=False,
            jobs=1,  # a save renders a few pages: forking workers would cost more
            in_place=InPlace(
                env,
                self.findings,
                self.entries,
                self.search,
                journeys_written,
                page_written,
            ),
        )

    def history(self, content: Content) -> dict[Path, list[git.Commit]]:
        """The Git history of the root's files, read again only when HEAD moved."""
        assert self.last is not None
        head = git_head(content.root)
        if self.last.history[0] != head:
            self.last.history = (head, git.history(content.root))
        return self.last.history[1]

    def write_static_files(self, content: Content, rendered: Rendered) -> list[str]:
        """The sitemap, schemas, assets and media, each replaced whole where it changed."""
        assert rendered.planner is not None
        files = full.static_files(content, rendered.planner, list(rendered.keys))
        for relative, data in sorted(files.items()):
            _replace(self.site / relative, data)
        return list(files)


def _cards(rendered: Rendered) -> dict[str, tuple[str, pages.Card]]:
    assert rendered.planner is not None
    keys = rendered.keys
    return {
        jid: (keys[f"journeys/{jid}/index.html"], card)
        for jid, card in rendered.planner.cards.made.items()
        if f"journeys/{jid}/index.html" in keys
    }


def _static_names(manifest: Manifest, site: Path) -> set[str]:
    """The files of a site built whole that are not pages: every file but those the
    manifest keys, the search index included (it is always written again)."""
    names = set()
    for directory, _, files in os.walk(site):
        relative = Path(directory).relative_to(site)
        for name in files:
            names.add((relative / name).as_posix())
    return names - set(manifest.keys) - set(searchindex.SEARCH_FILES)


def _replace(path: Path, data: str | bytes | Path) -> None:
    """A file of the served site replaced whole, if what it holds changed."""
    if isinstance(data, Path):
        data = data.read_bytes()
    elif isinstance(data, str):
        data = data.encode("utf-8")
    with suppress(OSError):
        if path.read_bytes() == data:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():  # a folder where a file goes now: what was in it is no longer built
        shutil.rmtree(path)
    with replacing(path) as part:
        part.write_bytes(data)


def _remove(site: Path, paths: set[str]) -> None:
    """Files no longer built, and the folders they leave empty."""
    for relative in sorted(paths):
        path = site / relative
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == site or not folder.is_relative_to(site):
                break
            try:
                folder.rmdir()
            except OSError:
                break  # not empty


def watched(root: Path) -> list[Path]:
    """What a preview of `root` is made from, to be watched: the root, the user's
    templates beside it, and the packaged templates."""
    return [root, *template_dirs(Content(root=root)), packaged_templates()]
