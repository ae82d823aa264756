"""New files from the packaged templates: a repository, a journey, a persona, an
opportunity, a study.

Nothing here ever overwrites: every target is checked before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from generator.common.paths import packaged_templates
from generator.common.project import requirement
from generator.content.root import today
from generator.interop.write import CannotWrite, write_new


class ScaffoldError(Exception):
    """A target that exists already, or an id that cannot name a file."""


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(packaged_templates() / "scaffold"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML: values go through the `yaml` filter
    )
    # JSON strings are valid double-quoted YAML scalars, whatever they hold
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment


def _render(template: str, **context: object) -> str:
    return _environment().get_template(template).render(**context)


def _write_new(files: dict[Path, str]) -> list[Path]:
    try:
        return write_new(files)
    except CannotWrite as error:
        raise ScaffoldError(str(error)) from None


def _title_from_id(identifier: str) -> str:
    return identifier.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").capitalize()


def journey_text(identifier: str, personas: list[str], stages: list[str]) -> str:
    return _render(
        "journey.yaml",
        title=_title_from_id(identifier),
        personas=personas,
        stages=stages,
        maintainer="Customer experience team",
        today=today().isoformat(),
    )


def _ignored(identifier: str, kind: str) -> None:
    """FORMAT.md: a file or folder whose name starts with `_` is not read."""
    if any(part.startswith("_") for part in identifier.split("/")):
        raise ScaffoldError(
            f"'{identifier}': files and folders whose name starts with '_' are ignored, "
            f"so the {kind} would never be read; choose another id"
        )


# The folders FORMAT.md 1.1 gives to other kinds: the `new` command, one, many.
_FOLDERS = {
    "opportunities": ("opportunity", "an opportunity", "opportunities"),
    "research": ("research", "a study", "studies"),
}


def _reserved_for_journey(root: Path, identifier: str) -> None:
    """The paths FORMAT.md gives another meaning, and an id that another file has."""
    _ignored(identifier, "journey")
    first = identifier.split("/", 1)[0]
    if first == "personas" and "/" in identifier:
        name = identifier.rsplit("/", 1)[-1]
        raise ScaffoldError(
            f"'{identifier}' is in personas/, which holds personas, not journeys: for a "
            f"persona run 'journeymap new persona {name}'; for a journey choose another folder"
        )
    if first in _FOLDERS and "/" in identifier:
        command, one, many = _FOLDERS[first]
        rest = identifier.split("/", 1)[1]
        raise ScaffoldError(
            f"'{identifier}' is in {first}/, which holds {many}, not journeys: for {one} run "
            f"'journeymap new {command} {rest}'; for a journey choose another folder"
        )
    if identifier == "site":
        raise ScaffoldError(
            f"'{identifier}' would be {root / 'site.yaml'}, the site's settings; choose another id"
        )
    twin = root / f"{identifier}.yml"
    if twin.exists():
        raise ScaffoldError(f"journey id '{identifier}' is taken already by {twin}")


def new_journey(root: Path, identifier: str, personas: list[str], stages: list[str]) -> Path:
    _reserved_for_journey(root, identifier)
    path = root / f"{identifier}.yaml"
    return _write_new({path: journey_text(identifier, personas, stages)})[0]


def new_persona(root: Path, identifier: str) -> Path:
    _ignored(identifier, "persona")
    twin = root / "personas" / f"{identifier}.yml"
    if twin.exists():
        raise ScaffoldError(f"persona id '{identifier}' is taken already by {twin}")
    path = root / "personas" / f"{identifier}.yaml"
    name = _title_from_id(identifier)
    return _write_new({path: _render("persona.yaml", name=name)})[0]


def _new_in_folder(root: Path, folder: str, identifier: str, kind: str, template: str) -> Path:
    """ROOT/folder/ID.yaml from a template, unless a file has that id already."""
    _ignored(identifier, kind)
    twin = root / folder / f"{identifier}.yml"
    if twin.exists():
        raise ScaffoldError(f"{kind} id '{identifier}' is taken already by {twin}")
    path = root / folder / f"{identifier}.yaml"
    text = _render(template, title=_title_from_id(identifier), today=today().isoformat())
    return _write_new({path: text})[0]


def new_opportunity(root: Path, identifier: str) -> Path:
    return _new_in_folder(root, "opportunities", identifier, "opportunity", "opportunity.yaml")


def new_study(root: Path, identifier: str) -> Path:
    return _new_in_folder(root, "research", identifier, "study", "research.yaml")


def init_repository(directory: Path) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} is a file; init writes only into a new or empty folder")
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty; init writes only into an empty folder")
    root = directory / "journeys"
    persona = "customer"
    return _write_new(
        {
            root / "site.yaml": _render("site.yaml"),
            root / "personas" / f"{persona}.yaml": _render("persona.yaml", name="Customer"),
            root / "first-purchase.yaml": journey_text(
                "first-purchase",
                [persona],
                ["Awareness", "Consideration", "Purchase", "Post-purchase", "Loyalty"],
            ),
            directory / ".gitignore": _render("gitignore"),
            directory / ".github" / "workflows" / "journeys.yml": _render(
                "workflow.yml", requirement=requirement()
            ),
        }
    )


def stage_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    return names or ["Awareness", "Consideration", "Purchase", "Post-purchase", "Loyalty"]
