"""What each page of the site is made of, as a key: same key, same page.

A journey's page is made of the journey's file (and the one it is compared with),
of the opportunities and studies its map shows, and of what every page is made
of (`base_key`: the tool, the templates, the settings, the date, the personas).
An opportunities or research page is made of the files it shows. The keys are
digests: the renderer takes over, from the last good site, every page whose key
is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.content.root import Content, today
from generator.site.incremental import digest, file_digest, templates_digest, tool_digest
from generator.views import environment as site
from generator.views import kinds, pages


def base_key(content: Content, *, drafts: bool, pdf: bool) -> str:
    """What every page depends on: the tool, the templates, the settings, the date."""
    personas = [f"{pid}:{file_digest(path)}" for pid, path in content.persona_files.items()]
    return digest(
        tool_digest(),
        templates_digest(site.template_dirs(content)),
        file_digest(content.site_file),
        f"drafts={drafts} pdf={pdf}",
        f"sections={pages.backlog_sections(content)}",  # in every page's navigation
        today().isoformat(),
        *personas,
    )


def journey_key(
    base: str, content: Content, journey_id: str, backlog: Mapping[str, str] | None = None
) -> str:
    """`backlog`: `backlog_of_journeys`, the opportunities and studies each map shows."""
    compare_to = content.journeys.facts[journey_id].compare_to
    return digest(
        base,
        journey_id,
        file_digest(content.journey_files.get(journey_id)),
        file_digest(content.journey_files.get(compare_to or "")),
        (backlog or {}).get(journey_id, ""),
    )


def backlog_of_journeys(content: Content) -> dict[str, str]:
    """Journey id -> the files of the opportunities addressing its steps, of the studies
    its steps cite and of those whose quotes are placed at them (a map shows them all)."""
    links = content.links
    found: dict[str, set[str]] = {}
    for journey, ids in links.journey_opportunities.items():
        found.setdefault(journey, set()).update(f"o:{i}" for i in ids)
    for key, studies in links.step_studies.items():
        found.setdefault(key.journey, set()).update(f"s:{i}" for i in studies)
    for key, quotes in links.step_quotes.items():
        found.setdefault(key.journey, set()).update(f"s:{q.study}" for q in quotes)
    return {journey: _files_digest(content, names) for journey, names in found.items()}


def _files_digest(content: Content, names: Iterable[str]) -> str:
    files = {"o": content.opportunity_files, "s": content.study_files, "j": content.journey_files}
    return digest(
        *(f"{name}:{file_digest(files[name[0]].get(name[2:]))}" for name in sorted(names))
    )


def backlog_keys(base: str, content: Content, planner: pages.Planner) -> dict[str, str]:
    """The key of every opportunities and research page: the files it shows."""
    keys = {}
    for path, (kind, identifier) in kinds.backlog_pages(content.links).items():
        inputs = kind.inputs(content.links, identifier)
        names = [
            *(f"o:{i}" for i in inputs.opportunities),
            *(f"s:{i}" for i in inputs.studies),
            *(f"j:{i}" for i in inputs.journeys),
        ]
        published = ",".join(j for j in sorted(inputs.journeys) if j in planner.journeys)
        keys[path] = digest(base, path, _files_digest(content, names), published, inputs.extra)
    return keys


def backlog_key(content: Content) -> str:
    """Every opportunity and study file: what the pages that join them with the maps (the
    insights) are made of, beside what they show of each journey."""
    files = sorted([*content.opportunity_files.values(), *content.study_files.values()])
    root = content.root
    return digest(
        *(f"{_relative(path, root)}:{file_digest(path)}" for path in files),
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
