"""Journeys to and from Mermaid `journey` diagrams.

Mermaid draws one face per task, with ONE score (1..5) shared by all the
task's actors. A step whose personas feel differently is written as one task
line per distinct score, with the actors that have it, under the same title:

    Watches a live demo: 5: Marco Bianchi
    Watches a live demo: 4: Giulia Ferri

and reading a diagram merges consecutive tasks of a section with the same
title, disjoint actors and different scores back into one step with an
emotion per persona. Two steps that share a title are kept apart by a `%%`
line between them. So a journey survives the round trip with its stages,
steps, actors and emotions.

Scores map linearly onto the site's emotion scale: 1..5 <-> -2..2 by default,
kept as they are when the scale is [1, 5]. Whole emotions give whole scores on
[-2, 2]; other values give decimal scores (Mermaid draws them), rounded to
3 decimals going out and 2 coming back. A score outside 1..5 (Mermaid's docs
allow 0) is read as the nearest end, with a warning; one that is not a number
leaves the step without an emotion. A step without an emotion goes out at the
neutral score, and so comes back with it.

People are written by their persona's name where it is unambiguous, else by
id, and read back through `people.People`. The journey's personas are the
actors of its steps, in the order they first appear; a step whose actors are
all of them leaves `actors` out. A task without actors is a step of everyone.

The title is the diagram's `title`, its frontmatter `title:`, its `accTitle`
or the file's name; tasks before any section go into a stage named after it.
`accDescr` becomes the summary. What Mermaid cannot show (pains, channels,
owners ...) is left out, and a `%%` comment says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.content.model import Persona, Site
from generator.content.resolved import ResolvedJourney, ResolvedStep
from generator.interop.importing import Imported
from generator.interop.mermaid_parse import Diagram, Section, Task, parse
from generator.interop.people import People, display_names
from generator.interop.write import number

__all__ = ["Imported", "diagram_to_journey", "from_score", "journey_to_mermaid", "read", "to_score"]

# -- scores and emotions ------------------------------------------------------


def from_score(score: float, scale: list[float]) -> float | int:
    """A Mermaid score (1..5) -> an emotion on the site's scale."""
    low, high = scale
    return number(round(low + (score - 1) * (high - low) / 4, 2))


def to_score(emotion: float, scale: list[float]) -> float | int:
    """An emotion on the site's scale -> a Mermaid score (1..5)."""
    low, high = scale
    return number(round(1 + (emotion - low) * 4 / (high - low), 3))


# -- reading ------------------------------------------------------------------


def _mergeable(step: dict[str, Any], scored: dict[str, float], task: Task, ids: list[str]) -> bool:
    """The next line of a step written once per score (see the module's docstring)."""
    return (
        step["title"] == task.name
        and not task.after_comment
        and bool(ids)
        and bool(scored)
        and task.score is not None
        and not set(ids) & set(scored)
        and task.score not in scored.values()
    )


def _steps(section: Section, people: People) -> list[tuple[dict[str, Any], dict[str, float]]]:
    steps: list[tuple[dict[str, Any], dict[str, float]]] = []
    for task in section.tasks:
        ids = list(dict.fromkeys(people.resolve(actor) for actor in task.actors))
        if steps and _mergeable(steps[-1][0], steps[-1][1], task, ids):
            step, scored = steps[-1]
            step["actors"].extend(ids)
            scored.update({actor: task.score or 0 for actor in ids})  # _mergeable: a score
            continue
        step = {"title": task.name, "actors": ids}
        scores = {actor: task.score for actor in ids if task.score is not None}
        step["score"] = task.score
        steps.append((step, scores))
    return steps


def diagram_to_journey(
    diagram: Diagram, site: Site, people: People, fallback: str = "Journey"
) -> dict[str, Any]:
    """Sections become stages, tasks steps, actors personas, scores emotions."""
    title = diagram.title or diagram.acc_title or fallback
    stages: list[dict[str, Any]] = []
    everyone: list[str] = []
    for section in diagram.sections or [Section(None, 0)]:
        steps = []
        for step, scored in _steps(section, people):
            score = step.pop("score")
            distinct = set(scored.values())
            if len(distinct) > 1:
                step["emotion"] = {
                    actor: from_score(value, site.emotion_scale) for actor, value in scored.items()
                }
            elif score is not None:
                step["emotion"] = from_score(score, site.emotion_scale)
            everyone.extend(step["actors"])
            steps.append(step)
        stages.append({"name": section.name or title, "steps": steps})
    persona = list(dict.fromkeys(everyone))
    for stage in stages:
        for step in stage["steps"]:
            if set(step["actors"]) == set(persona):
                del step["actors"]  # everyone: the journey's default
    journey: dict[str, Any] = {"title": title, "persona": persona}
    if diagram.acc_descr:
        journey["summary"] = diagram.acc_descr
    journey["stages"] = stages
    return journey


def read(text: str, display: str, site: Site, people: People) -> Imported:
    diagram = parse(text, display)
    if diagram.errors:
        return Imported({}, {}, diagram.diagnostics)
    named = " ".join(Path(display).stem.replace("_", " ").split())
    fallback = named[:1].upper() + named[1:] or "Journey"
    journey = diagram_to_journey(diagram, site, people, fallback)
    return Imported(journey, dict(people.new), diagram.diagnostics)


# -- writing ------------------------------------------------------------------

# What `#`, `;`, `:` and `,` would end, `%%` (a comment), `<` and `>` (HTML) and a name
# that would read as a keyword go out as Mermaid's entity codes (`#58;` for `:`), which
# it draws as the character.
_CODES = {"#": "#35;", ";": "#59;", ":": "#58;", ",": "#44;", "<": "#60;", ">": "#62;"}
_KEYWORD = re.compile(r"(?:journey|title\s|section\s|acctitle|accdescr)", re.IGNORECASE)


def _escape(text: str, delimiters: str) -> str:
    text = " ".join(text.split())
    text = "".join(_CODES[c] if c in delimiters or c in "<>" else c for c in text)
    text = text.replace("%%", "#37;#37;")
    if _KEYWORD.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text


def _score_text(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


_LEFT_OUT = (
    ("summary", "summary"),
    ("description", "stage descriptions"),
    ("doing", "doing"),
    ("touchpoint", "touchpoints"),
    ("channel", "channels"),
    ("thinking", "thinking"),
    ("feeling", "feelings"),
    ("pains", "pains"),
    ("opportunities", "opportunities"),
    ("expectation", "expectations"),
    ("reality", "reality"),
    ("backstage", "backstage"),
    ("owner", "owners"),
    ("metrics", "metrics"),
    ("moment_of_truth", "moments of truth"),
    ("evidence", "evidence"),
    ("custom", "custom lanes"),
)


def _left_out(journey: ResolvedJourney) -> list[str]:
    present: set[str] = set()
    if journey.summary:
        present.add("summary")
    for stage in journey.stages:
        if stage.description:
            present.add("description")
    for _, step in journey.steps():
        present.update(key for key, _label in _LEFT_OUT if getattr(step, key, None))
    return [label for key, label in _LEFT_OUT if key in present]


def _task_lines(
    step: ResolvedStep, journey: ResolvedJourney, names: dict[str, str], scale: list[float]
) -> list[str]:
    title = _escape(step.title, "#;:") or "#32;"
    actors = list(step.actors or journey.persona)
    if isinstance(step.emotion, dict):
        actors += [persona for persona in step.emotion if persona not in actors]
    groups: dict[float | int, list[str]] = {}
    neutral = to_score((scale[0] + scale[1]) / 2, scale)
    for actor in actors or [""]:
        # what the file gives, an emotion of a persona outside `actors` too: it travels
        emotion = step.emotion.get(actor) if isinstance(step.emotion, dict) else step.emotion
        score = neutral if not isinstance(emotion, int | float) else to_score(emotion, scale)
        groups.setdefault(score, []).append(actor)
    lines = []
    for score, group in groups.items():
        people = ", ".join(_escape(names.get(a, a), "#;:,") for a in group if a)
        lines.append(f"{title}: {_score_text(score)}" + (f": {people}" if people else ""))
    return lines


def journey_to_mermaid(journey: ResolvedJourney, site: Site, personas: dict[str, Persona]) -> str:
    """A `journey` diagram for any Markdown host that renders Mermaid."""
    scale = site.emotion_scale
    names = display_names(personas)
    lines = ["journey", f"    title {_escape(journey.title, '#;')}"]
    lines.append(
        f"    %% From journeymap: journey '{journey.id}'; emotions {scale[0]:g}..{scale[1]:g} "
        "drawn as scores 1..5, one task line per distinct score."
    )
    left_out = _left_out(journey)
    if left_out:
        lines.append(f"    %% Left out, Mermaid has no place for them: {', '.join(left_out)}.")
    if any(not step.has_emotion for _, step in journey.steps()):
        lines.append("    %% Steps without an emotion are drawn at the neutral score.")
    for stage in journey.stages:
        lines.append(f"    section {_escape(stage.name, '#;:') or '#32;'}")
        previous = None
        for step in stage.steps:
            task_lines = _task_lines(step, journey, names, scale)
            title = _escape(step.title, "#;:")
            if title == previous:
                # without it, the reader would take this step for more lines of the one above
                lines.append("      %% another step with the same title")
            lines.extend(f"      {line}" for line in task_lines)
            previous = title
    return "\n".join(lines) + "\n"
