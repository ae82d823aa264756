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
from collections.abc import Iterable, Sequence
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


@dataclass
class _Renderer:
    env: Environment
    labels: Labels
    planner: pages.Planner
    target: Path

    def write(self, page: pages.Page) -> None:
        template = self.env.select_template(list(page.templates))
        html = template.render(chrome=page.chrome, page=page.context, labels=self.labels)
        path = self.target / page.chrome.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8", newline="\n")

    def journeys(self, journeys: Iterable[Journey]) -> None:
        for journey in journeys:
            self.write(self.planner.journey(journey))


# The renderer a forked worker inherits from its parent: set just before the pool starts.
_INHERITED: _Renderer | None = None


def _render_chunk(ids: Sequence[str]) -> int:
    assert _INHERITED is not None
    content = _INHERITED.planner.content
    _INHERITED.journeys(content.journeys[journey_id] for journey_id in ids)
    return len(ids)


def _render_in_parallel(renderer: _Renderer, journeys: list[Journey], jobs: int) -> None:
    global _INHERITED
    if jobs <= 1 or len(journeys) < PARALLEL_FROM or not hasattr(os, "fork"):
        renderer.journeys(journeys)
        return
    ids = [journey.id or "" for journey in journeys]
    chunks = [ids[start :: jobs * 4] for start in range(jobs * 4)]  # small chunks balance the load
    _INHERITED = renderer
    try:
        # fork: the workers inherit the validated content and compiled templates for free
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_render_chunk, [chunk for chunk in chunks if chunk])
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
    renderer = _Renderer(site.environment(content), site.labels(content), planner, target)
    result = Rendered(planner=planner)
    base = _base_key(content, drafts=drafts, pdf=pdf)

    stale: list[Journey] = []
    for journey in planner.journeys:
        path = f"journeys/{journey.id}/index.html"
        commits = "".join(commit.hash for commit in planner.commits(journey))
        key = result.keys[path] = digest(journey_key(base, content, journey), commits)
        source = manifest.reusable(path, key, previous)
        if source is None:
            stale.append(journey)
        else:
            reuse(source, target / path)
    _render_in_parallel(renderer, stale, jobs)
    result.rendered += len(stale)

    aggregates = [
        planner.index(),
        *planner.personas(),
        planner.touchpoints(),
        planner.owners(),
        planner.insights(),
        planner.not_found(),
    ]
    for page in aggregates:
        path = page.chrome.path
        key = result.keys[path] = digest(
            base, context_digest(page.chrome, page.templates, page.context)
        )
        source = manifest.reusable(path, key, previous)
        if source is None:
            renderer.write(page)
            result.rendered += 1
        else:
            reuse(source, target / path)
    return result
