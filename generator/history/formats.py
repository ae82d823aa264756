"""A Diff written out: `text` for a terminal, `markdown` for a pull-request comment."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from generator.history.diff import Change, Diff, ItemChange, JourneyDiff, Status

CATALOGS = Path(__file__).resolve().parent / "i18n"

Words = Mapping[str, str]
"""A diff's fixed words in one language: the kinds of change, the summary, the headings."""


@cache
def words(language: str) -> Words:
    """The words of `language` (a site's `language`), English for a language without them."""
    path = CATALOGS / f"{language}.yaml"
    if not path.is_file():
        path = CATALOGS / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


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


def describe(change: Change, style: _Style, said: Words, *, subject: bool = True) -> str:
    """One change as one line: `step moved: "Chiede una demo" from "A" to "B"`.

    Without `subject`, the step it is about is left out (it heads a group).
    """
    kind = change.kind
    label = said.get(kind, "")  # a journey's key (`field`) is named by the change itself
    name, plain, code = style.name, style.plain, style.code
    before, after = change.before or said["none"], change.after or said["none"]
    if kind in ("id-changed", "file-renamed"):
        return f"{label}: {code(before)} -> {code(after)}"
    if kind in ("title", "stage-renamed", "step-renamed"):
        was, _, now = change.detail.partition(" -> ")  # ids hold no spaces
        anchor = f" ({said['anchor']} {code('#' + was)} -> {code('#' + now)})" if now else ""
        if change.moved:  # one step, one line: its new title and its new stage together
            left, into = change.moved
            moved = said["from_to"].format(before=name(left), after=name(into))
            return f"{said['step-renamed-moved']}: {name(before)} -> {name(after)}, {moved}{anchor}"
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
        return f"{label}{about} {said['in'].format(stage=name(after))}"
    if kind == "step-removed":
        return f"{label}{about} {said['from'].format(stage=name(before))}"
    if kind == "step-moved":
        return f"{label}{about} {said['from_to'].format(before=name(before), after=name(after))}"
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


def _size(journey: JourneyDiff, said: Words) -> str:
    stages = said["stages_one"] if journey.stages == 1 else said["stages_many"]
    steps = said["steps_one"] if journey.steps == 1 else said["steps_many"]
    return f"{stages.format(count=journey.stages)}, {steps.format(count=journey.steps)}"


def summary(diff: Diff, before: str, after: str | None, style: _Style, said: Words) -> str:
    """`Journeys changed from X to Y: 1 added, 0 removed, 2 changed.`; Y None: the working tree.

    Opportunities and studies that changed are counted after the journeys.
    """
    if after is None:
        span = said["span_working_tree"].format(before=style.code(before))
    else:
        span = said["span"].format(before=style.code(before), after=style.code(after))
    if diff.journeys:
        counts = ", ".join(
            said["count"].format(count=diff.count(status), status=said[f"journeys_{status}"])
            for status in ("added", "removed", "changed")
        )
        text = said["summary"].format(span=span, counts=counts)
    else:
        text = said["summary_none"].format(span=span)
    if diff.opportunities:
        counts = _counts(diff.opportunities, ("added", "removed", "changed"), "opportunities", said)
        text += f"; {said['opportunities']}: {counts}"
    if diff.studies:
        counts = _counts(diff.studies, ("added", "removed"), "studies", said)
        text += f"; {said['studies']}: {counts}"
    return text + "."


def _counts(
    items: tuple[ItemChange, ...], statuses: tuple[Status, ...], group: str, said: Words
) -> str:
    """How many items were added, removed, changed (an item with two keys changed counts once)."""
    ids = {status: {item.id for item in items if item.status == status} for status in statuses}
    return ", ".join(
        said["count"].format(count=len(ids[status]), status=said[f"{group}_{status}"])
        for status in statuses
    )


def describe_item(kind: str, item: ItemChange, style: _Style, said: Words) -> str:
    """`opportunity pricing/list: status planned -> done`, `study added interviews: Interviste`."""
    if item.status == "changed":
        before = style.plain(item.before or said["none"])
        after = style.plain(item.after or said["none"])
        return f"{said['item_' + kind]} {style.code(item.id)}: {item.key} {before} -> {after}"
    label = said[f"item_{kind}_{item.status}"]
    if style is TEXT:
        return f"{label} {item.id}: {_one_line(item.title)}"
    return f"{label}: {style.name(item.title)} ({style.code(item.id)})"


def _items(diff: Diff, said: Words) -> list[tuple[str, str, tuple[ItemChange, ...]]]:
    """(heading, kind, changes) of the opportunities and the studies that changed."""
    groups = [
        (said["heading_opportunities"], "opportunity", diff.opportunities),
        (said["heading_studies"], "study", diff.studies),
    ]
    return [group for group in groups if group[2]]


def text(diff: Diff, before: str, after: str | None, language: str = "en") -> str:
    said = words(language)
    lines = [summary(diff, before, after, TEXT, said)]
    for journey in diff.journeys:
        lines.append("")
        status = said[f"journey_{journey.status}"]
        lines.append(f"{status} {journey.id}: {_one_line(journey.title)}")
        if journey.status != "changed":
            lines.append(f"  {_size(journey, said)}")
        lines.extend(f"  {describe(change, TEXT, said)}" for change in journey.changes)
    for _, kind, items in _items(diff, said):
        lines.append("")
        lines.extend(describe_item(kind, item, TEXT, said) for item in items)
    return "\n".join(lines)


def markdown(diff: Diff, before: str, after: str | None, language: str = "en") -> str:
    said = words(language)
    lines = [f"**journeymap**: {summary(diff, before, after, MARKDOWN, said)}"]
    for journey in diff.journeys:
        title = _markdown_escape(journey.title)
        status = said[f"journey_{journey.status}"].capitalize()
        lines.extend(["", f"### {status}: {title} ({_code(journey.id)})", ""])
        if journey.status != "changed":
            lines.append(f"{_size(journey, said)}.")
        # a reviewer reads a step's changes together, under its title
        for step, changes in _by_step(journey.changes):
            if len(changes) == 1:
                lines.append(f"- {describe(changes[0], MARKDOWN, said)}")
                continue
            lines.append(f"- {MARKDOWN.name(step)}")
            lines.extend(f"  - {describe(c, MARKDOWN, said, subject=False)}" for c in changes)
    for heading, kind, items in _items(diff, said):
        lines.extend(["", f"### {heading}", ""])
        lines.extend(f"- {describe_item(kind, item, MARKDOWN, said)}" for item in items)
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Diff, str, str | None, str], str]] = {
    "text": text,
    "markdown": markdown,
}
"""Each takes the diff, the two revisions (None: the working tree) and the site's language."""
