"""An imported journey -> checked files in the content root, or nothing at all.

Shared by every import format: where the journey goes (OUT or the slug of its
title), that its references resolve and its emotions fit the scale, so that
the root still passes `validate`; then the journey and the new personas are
written together, never over an existing file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.content.diagnostics import Diagnostic, display_path
from generator.content.ids import slugify
from generator.content.model import JOURNEY_ID_PATTERN, Journey
from generator.content.root import Content
from generator.content.sources import YAML_SUFFIXES
from generator.interop.write import journey_yaml, persona_yaml


@dataclass
class Imported:
    """A journey read from another format: its data, and the new people it names."""

    journey: dict[str, Any]
    new_personas: dict[str, str] = field(default_factory=dict)  # id -> name
    diagnostics: list[Diagnostic] = field(default_factory=list)


EXISTS = "exists already; nothing was written (choose another file with -o, or remove it)"


class ImportProblem(Exception):
    """The journey cannot be written where asked: one message for the user."""


def target(root: Path, out: Path | None, title: str, content: Content) -> Path:
    """OUT, or ROOT/<slug of the title>.yaml; its path below ROOT gives the journey's id."""
    path = out if out is not None else root / f"{slugify(title, 'journey')}.yaml"
    if path.suffix not in YAML_SUFFIXES:
        raise ImportProblem(f"{display_path(path)}: a journey file ends in .yaml or .yml")
    if path.exists():
        raise ImportProblem(f"{display_path(path)} {EXISTS}")
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return path  # outside the root: a file for somewhere else, its id set there
    journey_id = relative.with_suffix("").as_posix()
    if relative.parts[0] == "personas" or journey_id == "site":
        raise ImportProblem(
            f"{display_path(path)}: that place is for {relative.parts[0]} files, not journeys"
        )
    if any(part.startswith(("_", ".")) for part in relative.parts):
        raise ImportProblem(f"{display_path(path)}: files starting with _ or . are ignored")
    if not re.fullmatch(JOURNEY_ID_PATTERN, journey_id):
        raise ImportProblem(
            f"{display_path(path)}: '{journey_id}' is not a valid journey id: use lowercase "
            "letters a-z, digits, -, _ and /; choose another name with -o"
        )
    if journey_id in content.journeys:
        taken = display_path(content.journey_files[journey_id])
        raise ImportProblem(f"journey id '{journey_id}' is taken already by {taken}")
    return path


def _number(value: float) -> str:
    return f"{value:g}"


def check(journey: dict[str, Any], content: Content, known_personas: set[str]) -> list[str]:
    """What `validate` would refuse in the journey: each as `where: what`."""
    try:
        model = Journey.model_validate(journey)
    except ValidationError as error:
        return [
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}"
            for item in error.errors(include_url=False)
        ]
    site = content.site
    problems = []
    low, high = site.emotion_scale
    channels = site.all_channels()
    for index, persona in enumerate(model.persona):
        if persona not in known_personas:
            problems.append(f"persona[{index}]: unknown persona '{persona}'")
    if model.compare_to is not None and model.compare_to not in content.journeys:
        problems.append(f"compare_to: unknown journey '{model.compare_to}'")
    known_lanes = site.known_lanes()
    for lane in model.lanes or []:
        if lane not in known_lanes:
            problems.append(f"lanes: unknown lane '{lane}'")
    for stage_index, stage in enumerate(model.stages):
        for step_index, step in enumerate(stage.steps):
            at = f"stages[{stage_index}].steps[{step_index}]"
            if step.channel is not None and step.channel not in channels:
                problems.append(f"{at}.channel: unknown channel '{step.channel}'")
            if step.owner is not None and step.owner not in site.departments:
                problems.append(f"{at}.owner: unknown department '{step.owner}'")
            for key in step.custom:
                if key not in site.custom_lanes:
                    problems.append(f"{at}.custom: unknown custom lane '{key}'")
            for actor in step.actors:
                if actor not in known_personas:
                    problems.append(f"{at}.actors: unknown persona '{actor}'")
            emotions = step.emotion if isinstance(step.emotion, dict) else {"": step.emotion}
            for persona, value in emotions.items():
                if persona and persona not in known_personas:
                    problems.append(f"{at}.emotion: unknown persona '{persona}'")
                if value is not None and not low <= value <= high:
                    problems.append(
                        f"{at}.emotion: {_number(value)} is outside the scale "
                        f"{_number(low)}..{_number(high)}"
                    )
    return problems


def plan(
    root: Path,
    path: Path,
    journey: dict[str, Any],
    new_personas: dict[str, str],
    source: str,
) -> dict[Path, str]:
    """Every file to write: the journey, and a persona file for each new person."""
    files = {path: journey_yaml(journey, source)}
    for persona_id, name in new_personas.items():
        files[root / "personas" / f"{persona_id}.yaml"] = persona_yaml(name)
    return files


def diagnostic(display: str, message: str) -> Diagnostic:
    return Diagnostic(display, 1, 1, "error", message)
