"""The site's pages, rendered into a staging folder: only what changed, on every core.

A journey page is keyed by the files it is made from; a page that aggregates
journeys (index, personas, touchpoints, owners, insights) by its context, so
it is rendered again only when what it shows changed. A page whose key is
the last build's is linked from the last good site instead. Journey pages
that must be rendered are shared among worker processes, each writing its
own files; nothing is held in memory for the whole site.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from generator import gitinfo, pages, site
from generator.i18n import Labels
from generator.incremental import (
    Manifest,
    context_digest,
    digest,
    file_digest,
    reuse,
    templates_digest,
    tool_digest,
)
from generator.model import Journey
from generator.validate import Content, today

# Below this many journeys to render, starting processes costs more than it saves.
PARALLEL_FROM = 16


@dataclass
class Rendered:
    """What went into the staging folder: every page's key, and how many were rendered."""

    keys: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    planner: pages.Planner | None = None

    @property
    def pages(self) -> int:
        return len(self.keys)


Task = tuple[dict[str, str], int]  # the keys of the pages it made, how many were rendered


@dataclass
class _Renderer:
    env: Environment
    labels: Labels
    planner: pages.Planner
    target: Path
    previous: Path
    manifest: Manifest
    base: str

    def write(self, page: pages.Page) -> None:
        template = self.env.select_template(list(page.templates))
        html = template.render(chrome=page.chrome, page=page.context, labels=self.labels)
        path = self.target / page.chrome.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")

    def journeys(self, ids: Sequence[str]) -> Task:
        journeys = self.planner.content.journeys
        for journey_id in ids:
            self.write(self.planner.journey(journeys[journey_id]))
        return {}, len(ids)

    def aggregates(self, names: Sequence[str]) -> Task:
        """Pages that show many journeys, keyed by their context: rendered only if it changed."""
        keys, rendered = {}, 0
        for name in names:
            made = getattr(self.planner, name)()
            for page in made if isinstance(made, list) else [made]:
                path = page.chrome.path
                key = keys[path] = digest(
                    self.base, context_digest(page.chrome, page.templates, page.context)
                )
                source = self.manifest.reusable(path, key, self.previous)
                if source is None:
                    self.write(page)
                    rendered += 1
                else:
                    reuse(source, self.target / path)
        return keys, rendered

    def run(self, task: tuple[str, Sequence[str]]) -> Task:
        kind, names = task
        return self.aggregates(names) if kind == "aggregates" else self.journeys(names)


# The aggregate pages, in groups of about the same cost; a group shares what it computes
# (touchpoints and owners list the same rows). The costliest first: a worker that is
# given them at the start finishes with the others.
AGGREGATES = (("touchpoints", "owners"), ("insights",), ("index", "personas", "not_found"))

# The renderer a forked worker inherits from its parent: set just before the pool starts.
_INHERITED: _Renderer | None = None


def _run_inherited(task: tuple[str, Sequence[str]]) -> Task:
    assert _INHERITED is not None
    return _INHERITED.run(task)


def _render_all(renderer: _Renderer, stale: list[str], jobs: int) -> list[Task]:
    """The aggregate pages and the stale journey pages, on `jobs` processes."""
    global _INHERITED
    tasks: list[tuple[str, Sequence[str]]] = [("aggregates", group) for group in AGGREGATES]
    many = len(renderer.planner.journeys) >= PARALLEL_FROM
    if jobs <= 1 or not many or not hasattr(os, "fork"):
        return [renderer.run(task) for task in [*tasks, ("journeys", stale)]]
    count = jobs * 4  # small chunks balance the load
    tasks += [("journeys", stale[start::count]) for start in range(count) if stale[start::count]]
    _INHERITED = renderer
    try:
        # fork: the workers inherit the validated content and compiled templates for free
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return list(pool.imap_unordered(_run_inherited, tasks))
    finally:
        _INHERITED = None


def _base_key(content: Content, *, drafts: bool, pdf: bool) -> str:
    """What every page depends on: the tool, the templates, the settings, the date."""
    personas = [f"{pid}:{file_digest(path)}" for pid, path in content.persona_files.items()]
    return digest(
        tool_digest(),
        templates_digest(site.template_dirs(content)),
        file_digest(content.site_file),
        f"drafts={drafts} pdf={pdf}",
        today().isoformat(),
        *personas,
    )


def journey_key(base: str, content: Content, journey: Journey) -> str:
    compare = content.journey_files.get(journey.compare_to or "")
    return digest(
        base,
        journey.id or "",
        file_digest(content.journey_files.get(journey.id or "")),
        file_digest(compare),
    )


def render_pages(
    content: Content,
    target: Path,
    *,
    previous: Path,
    manifest: Manifest,
    drafts: bool,
    pdf: bool,
    jobs: int,
) -> Rendered:
    """Every page of the site into `target`, reusing what `previous` has unchanged."""
    history = gitinfo.history(content.root)  # one git log for the whole root
    planner = pages.Planner(content, drafts=drafts, pdf=pdf, today=today(), history=history)
    base = _base_key(content, drafts=drafts, pdf=pdf)
    env, labels = site.environment(content), site.labels(content)
    renderer = _Renderer(env, labels, planner, target, previous, manifest, base)
    result = Rendered(planner=planner)

    stale: list[str] = []
    for journey in planner.journeys:
        path = f"journeys/{journey.id}/index.html"
        commits = "".join(commit.hash for commit in planner.commits(journey))
        key = result.keys[path] = digest(journey_key(base, content, journey), commits)
        source = manifest.reusable(path, key, previous)
        if source is None:
            stale.append(journey.id or "")
        else:
            reuse(source, target / path)
    for keys, rendered in _render_all(renderer, stale, jobs):
        result.keys.update(keys)
        result.rendered += rendered
    return result
