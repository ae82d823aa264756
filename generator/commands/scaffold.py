"""`journeymap init` and `journeymap new`: files from templates, never overwriting."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click

from generator.cli import guarded, root_option
from generator.content.diagnostics import display_path
from generator.content.messages import suggestion
from generator.content.model import ID_PATTERN, JOURNEY_ID_PATTERN
from generator.content.sources import discover
from generator.interop.scaffold import (
    ScaffoldError,
    init_repository,
    new_journey,
    new_opportunity,
    new_persona,
    new_study,
    stage_names,
)


def _check_id(identifier: str, pattern: str) -> None:
    if not re.fullmatch(pattern, identifier):
        raise click.BadParameter(
            f"'{identifier}' is not a valid id: use lowercase letters a-z, digits, - and _",
            param_hint="ID",
        )


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@guarded
def init(directory: Path) -> None:
    """Start a journey repository in DIRECTORY (new or empty).

    Writes a content root with site.yaml, a persona and an example journey,
    a .gitignore for output/, and a workflow that validates and publishes.
    """
    try:
        written = init_repository(directory)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(f"created {display_path(path)}")


@click.group()
def new() -> None:
    """A new journey, persona, opportunity or research file, from a template.
    Never overwrites."""


@new.command("journey")
@click.argument("identifier", metavar="ID")
@root_option
@click.option("--persona", "personas", multiple=True, help="A persona id (repeatable).")
@click.option("--stages", default="", help='Stage names, comma-separated: "A,B,C".')
@guarded
def new_journey_command(
    identifier: str, root: Path, personas: tuple[str, ...], stages: str
) -> None:
    """Write ROOT/ID.yaml, a journey with the given stages."""
    _check_id(identifier, JOURNEY_ID_PATTERN)
    known = {path.stem for path in discover(root).personas} if root.is_dir() else set()
    for persona in personas:
        if persona not in known:
            raise click.ClickException(
                f"unknown persona '{persona}'{suggestion(persona, known)}; "
                f"create it with 'journeymap new persona {persona}'"
            )
    _created(lambda: new_journey(root, identifier, list(personas), stage_names(stages)))


@new.command("persona")
@click.argument("identifier", metavar="ID")
@root_option
@guarded
def new_persona_command(identifier: str, root: Path) -> None:
    """Write ROOT/personas/ID.yaml."""
    _check_id(identifier, ID_PATTERN)
    _created(lambda: new_persona(root, identifier))


@new.command("opportunity")
@click.argument("identifier", metavar="ID")
@root_option
@guarded
def new_opportunity_command(identifier: str, root: Path) -> None:
    """Write ROOT/opportunities/ID.yaml."""
    _check_id(identifier, JOURNEY_ID_PATTERN)
    _created(lambda: new_opportunity(root, identifier))


@new.command("research")
@click.argument("identifier", metavar="ID")
@root_option
@guarded
def new_research_command(identifier: str, root: Path) -> None:
    """Write ROOT/research/ID.yaml, a study."""
    _check_id(identifier, JOURNEY_ID_PATTERN)
    _created(lambda: new_study(root, identifier))


def _created(write: Callable[[], Path]) -> None:
    """Write a new file, saying where, or why not (it exists, the path is not one the root
    would read as asked)."""
    try:
        path = write()
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"created {display_path(path)}")
