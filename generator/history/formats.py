"""A Diff written out: `text` for a terminal, `markdown` for a pull-request comment."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.history.diff import Change, Diff, ItemChange, JourneyDiff, Status

# What each kind of change is called at the start of its line
LABELS = {
    "file-renamed": "file renamed",
    "id-changed": "id changed",
    "field": "",  # a journey's key, named by the change itself
    "title": "title",
    "summary-edited": "summary edited",
    "persona-added": "persona added",
    "persona-removed": "persona removed",
    "tag-added": "tag added",
    "tag-removed": "tag removed",
    "stage-added": "stage added",
    "stage-removed": "stage removed",
    "stage-renamed": "stage renamed",
    "stage-edited": "stage edited",
    "stages-reordered": "stages reordered",
    "step-added": "step added",
    "step-removed": "step removed",
    "step-renamed": "step renamed",
    "step-moved": "step moved",
    "step-renamed-moved": "step renamed and moved",
    "step-edited": "step edited",
    "emotion-rose": "emotion rose",
    "emotion-fell": "emotion fell",
    "emotion-set": "emotion set",
    "emotion-cleared": "emotion cleared",
    "pain-added": "pain added",
    "pain-resolved": "pain resolved",
    "opportunity-added": "opportunity added",
    "opportunity-resolved": "opportunity resolved",
    "evidence-added": "evidence added",
    "evidence-removed": "evidence removed",
    "channel": "channel",
    "owner": "owner",
    "touchpoint": "touchpoint",
    "feeling": "feeling",
    "moment-of-truth": "moment of truth",
    "metric": "metric",
}

# The kinds whose subject is a step: a step's changes can be shown together
STEP_KINDS = frozenset(
    [
        "step-moved",
        "step-edited",
        "emotion-rose",
        "emotion-fell",
        "emotion-set",
        "emotion-cleared",
        "pain-added",
        "pain-resolved",
        "opportunity-added",
        "opportunity-resolved",
        "evidence-added",
        "evidence-removed",
        "channel",
        "owner",
        "touchpoint",
        "feeling",
        "moment-of-truth",
        "metric",
    ]
)

# Markdown that an author's words could start inside a line: emphasis, code, links, HTML,
# tables (every line starts with our own words, so `#`, `>` and lists cannot begin)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<|~&])")


@dataclass(frozen=True)
class _Style:
    name: Callable[[str], str]  # a step's, stage's or journey's title
    code: Callable[[str], str]  # ids, paths, revisions
    plain: Callable[[str], str]  # any other text an author wrote


def _one_line(text: str) -> str:
    """Authors' Markdown may span lines; each change stays on one."""
    return " ".join(text.split())


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))  # a newline would end the item


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


TEXT = _Style(name=lambda s: f'"{_one_line(s)}"', code=str, plain=_one_line)
MARKDOWN = _Style(name=lambda s: f"**{_markdown_escape(s)}**", code=_code, plain=_markdown_escape)


def describe(change: Change, style: _Style, *, subject: bool = True) -> str:
    """One change as one line: `step moved: "Chiede una demo" from "A" to "B"`.

    Without `subject`, the step it is about is left out (it heads a group).
    """
    label = LABELS[change.kind]
    name, plain, code = style.name, style.plain, style.code
    before, after = change.before or "none", change.after or "none"
    kind = change.kind
    if kind in ("id-changed", "file-renamed"):
        return f"{label}: {code(before)} -> {code(after)}"
    if kind in ("title", "stage-renamed", "step-renamed"):
        was, _, now = change.detail.partition(" -> ")  # ids hold no spaces
        anchor = f" (anchor {code('#' + was)} -> {code('#' + now)})" if now else ""
        if change.moved:  # one step, one line: its new title and its new stage together
            left, into = change.moved
            return (
                f"{LABELS['step-renamed-moved']}: {name(before)} -> {name(after)}, "
                f"from {name(left)} to {name(into)}{anchor}"
            )
        return f"{label}: {name(before)} -> {name(after)}{anchor}"
    if kind == "field":
        return f"{change.detail}: {plain(before)} -> {plain(after)}"
    if kind in ("persona-added", "persona-removed", "tag-added", "tag-removed"):
        return f"{label}: {code(change.subject)}"
    if kind == "summary-edited":
        return label
    if kind == "stages-reordered":
        return f"{label}: {plain(before)} -> {plain(after)}"
    about = f": {name(change.subject)}" if subject else ""
    if kind in ("stage-added", "stage-removed"):
        return f"{label}{about}"
    if kind in ("stage-edited", "step-edited"):
        return f"{label}{about}: {change.detail}"
    if kind == "step-added":
        return f"{label}{about} in {name(after)}"
    if kind == "step-removed":
        return f"{label}{about} from {name(before)}"
    if kind == "step-moved":
        return f"{label}{about} from {name(before)} to {name(after)}"
    if kind in ("pain-added", "opportunity-added", "evidence-added"):
        return f"{label}{about}: {plain(after)}"
    if kind in ("pain-resolved", "opportunity-resolved", "evidence-removed"):
        return f"{label}{about}: {plain(before)}"
    detail = f", {code(change.detail)}" if change.detail else ""
    return f"{label}{about}{detail}: {plain(before)} -> {plain(after)}"


def _by_step(changes: tuple[Change, ...]) -> list[tuple[str, list[Change]]]:
    """Changes in runs about one step ("" for the others), in their order."""
    runs: list[tuple[str, list[Change]]] = []
    for change in changes:
        step = change.subject if change.kind in STEP_KINDS else ""
        if runs and step and runs[-1][0] == step:
            runs[-1][1].append(change)
        else:
            runs.append((step, [change]))
    return runs


def _size(journey: JourneyDiff) -> str:
    stages = "1 stage" if journey.stages == 1 else f"{journey.stages} stages"
    steps = "1 step" if journey.steps == 1 else f"{journey.steps} steps"
    return f"{stages}, {steps}"


def summary(diff: Diff, before: str, after: str | None, style: _Style) -> str:
    """`Journeys changed from X to Y: 1 added, 0 removed, 2 changed.`; Y None: the working tree.

    Opportunities and studies that changed are counted after the journeys.
    """
    span = (
        f"from {style.code(before)} to {'the working tree' if after is None else style.code(after)}"
    )
    if diff.journeys:
        counts = ", ".join(
            f"{diff.count(status)} {status}" for status in ("added", "removed", "changed")
        )
        said = f"Journeys changed {span}: {counts}"
    else:
        said = f"No journey changed {span}"
    if diff.opportunities:
        said += f"; opportunities: {_counts(diff.opportunities, ('added', 'removed', 'changed'))}"
    if diff.studies:
        said += f"; studies: {_counts(diff.studies, ('added', 'removed'))}"
    return said + "."


def _counts(items: tuple[ItemChange, ...], statuses: tuple[Status, ...]) -> str:
    """How many items were added, removed, changed (an item with two keys changed counts once)."""
    ids = {status: {item.id for item in items if item.status == status} for status in statuses}
    return ", ".join(f"{len(ids[status])} {status}" for status in statuses)


def describe_item(kind: str, item: ItemChange, style: _Style) -> str:
    """`opportunity pricing/list: status planned -> done`, `study added interviews: Interviste`."""
    if item.status == "changed":
        before, after = style.plain(item.before or "none"), style.plain(item.after or "none")
        return f"{kind} {style.code(item.id)}: {item.key} {before} -> {after}"
    if style is TEXT:
        return f"{kind} {item.status} {item.id}: {_one_line(item.title)}"
    return f"{kind} {item.status}: {style.name(item.title)} ({style.code(item.id)})"


def _items(diff: Diff) -> list[tuple[str, str, tuple[ItemChange, ...]]]:
    """(heading, kind, changes) of the opportunities and the studies that changed."""
    groups = [
        ("Opportunities", "opportunity", diff.opportunities),
        ("Studies", "study", diff.studies),
    ]
    return [group for group in groups if group[2]]


def text(diff: Diff, before: str, after: str | None) -> str:
    lines = [summary(diff, before, after, TEXT)]
    for journey in diff.journeys:
        lines.append("")
        lines.append(f"{journey.status} {journey.id}: {_one_line(journey.title)}")
        if journey.status != "changed":
            lines.append(f"  {_size(journey)}")
        lines.extend(f"  {describe(change, TEXT)}" for change in journey.changes)
    for _, kind, items in _items(diff):
        lines.append("")
        lines.extend(describe_item(kind, item, TEXT) for item in items)
    return "\n".join(lines)


def markdown(diff: Diff, before: str, after: str | None) -> str:
    lines = [f"**journeymap**: {summary(diff, before, after, MARKDOWN)}"]
    for journey in diff.journeys:
        title = _markdown_escape(journey.title)
        lines.extend(["", f"### {journey.status.capitalize()}: {title} ({_code(journey.id)})", ""])
        if journey.status != "changed":
            lines.append(f"{_size(journey)}.")
        # a reviewer reads a step's changes together, under its title
        for step, changes in _by_step(journey.changes):
            if len(changes) == 1:
                lines.append(f"- {describe(changes[0], MARKDOWN)}")
                continue
            lines.append(f"- {MARKDOWN.name(step)}")
            lines.extend(f"  - {describe(c, MARKDOWN, subject=False)}" for c in changes)
    for heading, kind, items in _items(diff):
        lines.extend(["", f"### {heading}", ""])
        lines.extend(f"- {describe_item(kind, item, MARKDOWN)}" for item in items)
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Diff, str, str | None], str]] = {"text": text, "markdown": markdown}
