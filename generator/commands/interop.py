"""`journeymap import` and `journeymap export`: Mermaid, CSV and JSON in and out."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from generator.cli import guarded, root_option
from generator.common.files import NotRegular, TooLarge, read_regular
from generator.content import load
from generator.content.backlog_model import OPPORTUNITIES_FOLDER
from generator.content.diagnostics import ContentError, Diagnostic, display_path
from generator.content.messages import suggestion
from generator.content.resolved import ResolvedJourney
from generator.content.root import Content
from generator.content.validate import check_root
from generator.interop import backlog, csvio, jsonio, mermaid
from generator.interop.importing import Imported, ImportProblem, check, diagnostic, plan, target
from generator.interop.people import People
from generator.interop.write import CannotWrite, write_new

Reader = Callable[[str, str, Content, People], Imported]

# `export csv opportunities`: the backlog, named as its folder is
BACKLOG = OPPORTUNITIES_FOLDER


def _content(root: Path) -> Content:
    """The root, validated: an import or export needs it whole."""
    if not root.is_dir():
        raise click.ClickException(
            f"no content root at '{root}': pass the folder of your journeys with --root, "
            "or create one with 'journeymap init'"
        )
    content = check_root(root)
    if content.errors:
        raise ContentError(content.diagnostics, content.files)
    return content


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _read_text(path: Path) -> str:
    """The file's text; refused unread when it is not a regular file or is larger than the
    journey it would make may be (what validate refuses, refused before it is read)."""
    display = display_path(path)
    try:
        raw = read_regular(path, load.MAX_FILE_BYTES)
    except NotRegular as error:
        message = load.not_regular_message(path.name, error.kind)
        raise ContentError([Diagnostic(display, 1, 1, "error", message)]) from None
    except TooLarge as error:
        message = f"file is {_megabytes(error.size)}, over {_LIMIT}; split it"
        raise ContentError([Diagnostic(display, 1, 1, "error", message)]) from None
    except OSError as error:
        raise click.ClickException(f"{display}: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        message = (
            "this is not UTF-8 text; save it as UTF-8 "
            "(in Excel: 'CSV UTF-8', in other editors: encoding UTF-8)"
        )
        raise ContentError(
            [Diagnostic(display_path(path), line, column, "error", message)]
        ) from None


_LIMIT = "the 5 MB limit of a journey file"


def _refused(text: str, path: Path) -> str | None:
    """What validate would say of the journey file as it is to be written, beyond its model
    (checked before): its size, and that it reads back."""
    size = len(text.encode())
    if size > load.MAX_FILE_BYTES:
        return f"its file would be {_megabytes(size)}, over {_LIMIT}; import it in parts"
    found = load.parse(text, display_path(path), path)
    problems = found if isinstance(found, list) else found.problems
    return problems[0].message if problems else None


def _warn(diagnostics: list[Diagnostic]) -> None:
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if warnings:
        click.echo("\n".join(d.text() for d in sorted(warnings)), err=True)


def _import(
    file: Path, root: Path, out: Path | None, reader: Reader, title: str | None = None
) -> None:
    display = display_path(file)
    text = _read_text(file)
    content = _content(root)
    people = People(content.personas)
    imported = reader(text, display, content, people)
    if any(d.severity == "error" for d in imported.diagnostics):
        raise ContentError(imported.diagnostics)
    journey = imported.journey
    if title:
        journey["title"] = title
    try:
        path = target(root, out, journey["title"], content)
    except ImportProblem as error:
        raise click.ClickException(str(error)) from None
    problems = check(journey, content, set(content.personas) | set(imported.new_personas))
    if problems:
        raise ContentError(
            [diagnostic(display, f"the journey would not be valid: {p}") for p in problems]
        )
    files = plan(root, path, journey, imported.new_personas, file.name)
    problem = _refused(files[path], path)
    if problem:
        raise ContentError([diagnostic(display, f"the journey would not be valid: {problem}")])
    try:
        written = write_new(files)
    except CannotWrite as error:
        raise click.ClickException(str(error)) from None
    _warn(imported.diagnostics)
    for written_path in written:
        click.echo(f"created {display_path(written_path)}")


def _mermaid_reader(text: str, display: str, content: Content, people: People) -> Imported:
    return mermaid.read(text, display, content.site, people)


def _csv_reader(text: str, display: str, content: Content, people: People) -> Imported:
    return csvio.read(text, display, content, people)


_OUT = click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The journey file to write (default: ROOT/<slug of its title>.yaml).",
)
_FILE = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))


@click.group("import")
def import_group() -> None:
    """A journey file from a Mermaid diagram or a spreadsheet. Never overwrites."""


@import_group.command("mermaid")
@_FILE
@root_option
@_OUT
@guarded
def import_mermaid(file: Path, root: Path, out: Path | None) -> None:
    """Write a journey from the Mermaid `journey` diagram in FILE.

    Sections become stages, tasks steps, actors personas (new people get a file in
    ROOT/personas/) and scores 1..5 emotions on the site's scale.
    """
    _import(file, root, out, _mermaid_reader)


@import_group.command("csv")
@_FILE
@root_option
@_OUT
@click.option("--title", help="The journey's title (default: the sheet's, or the file name).")
@guarded
def import_csv(file: Path, root: Path, out: Path | None, title: str | None) -> None:
    """Write a journey from a spreadsheet saved as CSV, one row a step.

    Columns: stage, title, and any lane (doing, emotion, pains ...); comma or
    semicolon separated, UTF-8 with or without BOM; a row with a stage and no
    title is a stage with no steps.
    """
    _import(file, root, out, _csv_reader, title)


@click.group("export")
def export_group() -> None:
    """A journey as a Mermaid diagram, a CSV sheet or JSON, on standard output; the
    opportunities as a sheet for issue trackers."""


def _journey(content: Content, journey_id: str) -> ResolvedJourney:
    if journey_id not in content.journeys:
        raise click.ClickException(
            f"unknown journey '{journey_id}'{suggestion(journey_id, content.journeys)} "
            f"in {display_path(content.root)}"
        )
    return content.journeys[journey_id]


@export_group.command("mermaid")
@click.argument("journey_id", metavar="ID")
@root_option
@click.option("--markdown", is_flag=True, help="Wrap the diagram in a ```mermaid fence.")
@guarded
def export_mermaid(journey_id: str, root: Path, markdown: bool) -> None:
    """Print journey ID as a Mermaid `journey` diagram."""
    content = _content(root)
    journey = _journey(content, journey_id)
    text = mermaid.journey_to_mermaid(journey, content.site, content.personas)
    click.echo(f"```mermaid\n{text}```" if markdown else text, nl=markdown)


@export_group.command("csv")
@click.argument("journey_id", metavar="ID")
@root_option
@click.option(
    "--delimiter",
    type=click.Choice([",", ";"]),
    default=",",
    show_default=True,
    help="; for spreadsheets set up for Italian and other comma-decimal languages.",
)
@click.option("--bom", is_flag=True, help="Start with a BOM, so that Excel reads it as UTF-8.")
@guarded
def export_csv(journey_id: str, root: Path, delimiter: str, bom: bool) -> None:
    """Print journey ID as CSV, one row a step, for spreadsheets.

    `export csv opportunities` prints the backlog instead, one row an
    opportunity in priority order, in the columns issue trackers import:
    title, description, status, owner, labels, link, then id, impact,
    effort, target, addresses, evidence.
    """
    content = _content(root)
    if journey_id == BACKLOG:
        if BACKLOG in content.journeys:  # a journey saved as opportunities.yaml at the root
            click.echo(
                f"warning: '{BACKLOG}' names the opportunities here, not the journey "
                f"'{BACKLOG}'; export that one as json or mermaid, or rename its file",
                err=True,
            )
        if not content.links.opportunities:
            click.echo(f"warning: {display_path(root)} has no opportunities", err=True)
        text = backlog.write(content.links.opportunities.values(), delimiter)
        click.echo(("\ufeff" if bom else "") + text, nl=False)
        return
    journey = _journey(content, journey_id)
    text, warnings = csvio.write(journey, content.site, delimiter)
    if bom:
        text = "\ufeff" + text
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(text, nl=False)


@export_group.command("json")
@click.argument("journey_id", metavar="[ID]", required=False)
@root_option
@guarded
def export_json(journey_id: str | None, root: Path) -> None:
    """Print journey ID, or the whole site, as validated JSON for other tools."""
    content = _content(root)
    if journey_id is None:
        data = jsonio.site_data(content)
    else:
        data = jsonio.journey_data(_journey(content, journey_id))
    # strict JSON: a number that is no figure (NaN, Infinity) is a bug, never output
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
