"""`journeymap pdf`: printable maps of chosen journeys."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

import click

from generator.cli import guarded, root_option
from generator.content.diagnostics import ContentError, display_path, format_diagnostics
from generator.content.messages import suggestion
from generator.content.root import Content
from generator.content.validate import check_root
from generator.pdf.docs import Workshop
from generator.pdf.layout import PaperError, parse_paper, site_paper
from generator.pdf.tile import needs_tiling


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@root_option
@click.option(
    "--paper",
    metavar="PAPER",
    help="A4, A3, A2, A1, A0, letter, tabloid, or WIDTHxHEIGHT in mm taken as written "
    "(default: site.yaml's pdf.paper, A3).",
)
@click.option(
    "--orientation",
    type=click.Choice(["landscape", "portrait"]),
    help="Default: site.yaml's pdf.orientation, landscape.",
)
@click.option(
    "--blank",
    is_flag=True,
    help="A workshop map for sticky notes: empty cells a 76 mm note high, an emotion scale "
    "to draw on, the step titles kept; doing, touchpoint, thinking, feeling, emotion, "
    "pains and opportunities (or the journey's own lanes:).",
)
@click.option(
    "--no-titles",
    is_flag=True,
    help="With --blank: leave the step titles empty too, for the workshop to write.",
)
@click.option(
    "--columns",
    type=click.IntRange(1, 60),
    metavar="N",
    help="With --blank: N empty columns, no stage or step named, in place of the journey's.",
)
@click.option(
    "--lanes",
    metavar="LANE,...",
    help="With --blank: the lanes to print, in the map's order (e.g. doing,emotion,metrics), "
    "or 'all' for every lane of the journey.",
)
@click.option(
    "--tile",
    metavar="PAPER",
    help="Split the poster across sheets of this smaller paper (A4), with overlaps, crop "
    "marks and sheet numbers, to tape together; sheets with nothing on them are left out.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="One PDF holding every map, or - for standard output (default: ID.pdf in the "
    "current folder, its / written as -).",
)
@guarded
def pdf(
    ids: tuple[str, ...],
    root: Path,
    paper: str | None,
    orientation: str | None,
    blank: bool,
    no_titles: bool,
    columns: int | None,
    lanes: str | None,
    tile: str | None,
    output: Path | None,
) -> None:
    """Print the map of each journey ID as a PDF poster."""
    from generator.commands.validate import require_root
    from generator.pdf.maps import make_pdfs

    require_root(root)
    content = check_root(root, images=False)  # those it cannot have are warned of as it prints
    if content.errors:
        raise ContentError(content.diagnostics, content.files)
    for journey_id in ids:
        if journey_id not in content.journeys:
            hint = suggestion(journey_id, content.journeys)
            raise click.ClickException(f"no journey '{journey_id}' in {display_path(root)}{hint}")
    workshop = _workshop(content, blank=blank, no_titles=no_titles, columns=columns, lanes=lanes)
    try:
        sheet = site_paper(content.site, paper, orientation)
        tiles = parse_paper(tile, "portrait") if tile else None
    except PaperError as error:
        raise click.UsageError(str(error)) from error
    if tiles is not None and not needs_tiling(sheet, tiles):
        raise click.ClickException(
            f"--tile {tiles.name}: the {sheet.name} poster fits on one {tiles.name} sheet, "
            "there is nothing to tile; print it without --tile, or choose a larger --paper"
        )
    to_stdout = output is not None and str(output) == "-"
    stdout = binary_stdout()
    if to_stdout and stdout.isatty():
        raise click.ClickException(
            "-o -: not writing a PDF to a terminal; send it to a file or a program "
            "(-o - > map.pdf, -o - | lp), or name a file with -o"
        )
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="journeymap-pdf-") as scratch:
        written, warnings = make_pdfs(
            content,
            list(dict.fromkeys(ids)),
            paper=sheet,
            blank=blank,
            workshop=workshop,
            tile=tiles,
            output=Path(scratch, "out", "journeys.pdf") if to_stdout else output,
            cache_dir=Path(scratch, "cache"),
            jobs=min(len(ids), os.cpu_count() or 1),
            notes=notes,
        )
        if warnings:
            click.echo(format_diagnostics(warnings, "text", content.files), err=True)
        if to_stdout:
            for note in notes:  # standard output carries the PDF
                click.echo(note, err=True)
            _send(written[0].read_bytes(), stdout)
            return
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    for note in notes:
        click.echo(note)


def _workshop(
    content: Content, *, blank: bool, no_titles: bool, columns: int | None, lanes: str | None
) -> Workshop | None:
    """What a blank map keeps, from the options that only a blank map takes."""
    for given, name in ((no_titles, "--no-titles"), (columns, "--columns"), (lanes, "--lanes")):
        if given and not blank:
            raise click.UsageError(f"{name} is for a blank map: add --blank")
    if not blank:
        return None
    chosen: tuple[str, ...] | None = None
    if lanes is not None and lanes.strip() != "all":
        known = content.site.known_lanes()
        chosen = tuple(dict.fromkeys(name.strip() for name in lanes.split(",") if name.strip()))
        for name in chosen:
            if name not in known:
                raise click.UsageError(
                    f"--lanes: no lane '{name}'{suggestion(name, known)}; "
                    f"the lanes are {', '.join(known)}"
                )
        if not chosen:
            raise click.UsageError("--lanes: name at least one lane, or 'all'")
    elif lanes is not None:
        chosen = ()  # every lane of the journey
    return Workshop(titles=not (no_titles or columns), columns=columns, lanes=chosen)


def _send(pdf: bytes, stdout: BinaryIO) -> None:
    """The PDF on standard output, and nothing else there; a reader that stops early
    (`| head -c 100`) is no error."""
    try:
        stdout.write(pdf)
        stdout.flush()
    except BrokenPipeError:
        sys.exit(1)  # quietly: the flush at exit (cli.leave) forgives the closed pipe too


def binary_stdout() -> BinaryIO:
    """Standard output for bytes (the text stream's buffer, which click's runner gives too)."""
    return sys.stdout.buffer
