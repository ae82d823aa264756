"""`journeymap validate` and `journeymap schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli import guarded, root_argument
from generator.content.diagnostics import format_diagnostics, warnings_as_errors
from generator.content.schema import KINDS, json_schema
from generator.content.validate import check_root


def require_root(root: Path) -> None:
    if not root.is_dir():
        raise click.ClickException(
            f"no content root at '{root}': pass the folder of your journeys, "
            "or create one with 'journeymap init'"
        )


@click.command()
@root_argument
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1), for CI.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
@guarded
def validate(root: Path, strict: bool, fmt: str) -> None:
    """Check every file of ROOT and print every problem, with its file, line and column."""
    require_root(root)
    content = check_root(root)
    diagnostics = warnings_as_errors(content.diagnostics) if strict else content.diagnostics
    click.echo(format_diagnostics(diagnostics, fmt, content.files))
    sys.exit(1 if content.failed(strict=strict) else 0)


@click.command()
@click.argument("kind", type=click.Choice(sorted(KINDS)), default="journey")
@guarded
def schema(kind: str) -> None:
    """Print the JSON Schema of a file kind, for editors.

    Save it and point your editor at it, e.g. with a first line
    `# yaml-language-server: $schema=journey.schema.json`.
    """
    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
