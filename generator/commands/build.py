"""`journeymap build`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.cli import guarded, root_argument
from generator.commands.validate import require_root
from generator.content.diagnostics import ContentError, display_path, warnings_as_errors
from generator.site.build import OutputError
from generator.site.build import build as run_build


@click.command()
@root_argument
@click.option(
    "--out",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write: the site goes to OUT/site.",
)
@click.option("--no-pdf", is_flag=True, help="Write the site only, without the printable maps.")
@click.option("--drafts", is_flag=True, help="Include draft journeys, marked DRAFT.")
@click.option("--strict", is_flag=True, help="Warnings fail the build too (exit 1), for CI.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that render pages and PDFs (default: the number of cores).",
)
@click.option("--clean", is_flag=True, help="Forget every cache and render everything again.")
@guarded
def build(
    root: Path, out: Path, no_pdf: bool, drafts: bool, strict: bool, jobs: int | None, clean: bool
) -> None:
    """Validate ROOT, then write the static site (and the printable maps) to OUT."""
    require_root(root)
    try:
        result = run_build(
            root,
            out,
            pdf=not no_pdf,
            drafts=drafts,
            strict=strict,
            jobs=jobs or os.cpu_count(),
            clean=clean,
        )
    except OutputError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        reason = _unwritable(error, out)
        if reason is None:
            raise
        raise click.ClickException(f"cannot write to '{display_path(out)}': {reason}") from None
    except ContentError as error:
        if strict:
            raise ContentError(warnings_as_errors(error.diagnostics), error.files) from None
        raise
    if result.warnings:
        click.echo("\n".join(d.text() for d in sorted(result.warnings)), err=True)
    for note in result.notes[:NOTES_SHOWN]:
        click.echo(note)
    if len(result.notes) > NOTES_SHOWN:
        more = len(result.notes) - NOTES_SHOWN
        click.echo(f"... and {more} more posters of several sheets (each says so on its first)")
    pdfs = f", {result.pdfs} PDFs" if not no_pdf else ""
    click.echo(
        f"built {result.pages} pages ({result.rendered} rendered){pdfs} into "
        f"{display_path(result.site)} in {result.seconds:.2f} s"
    )


NOTES_SHOWN = 5  # posters of several sheets named one a line; past these, counted


def _unwritable(error: OSError, out: Path) -> str | None:
    """Why the output folder (or what the build writes in it) cannot be written, if that
    is what `error` is about: "permission denied", "no space left on device"."""
    if not error.filename or not error.strerror:
        return None
    place, target = Path(os.fsdecode(error.filename)).absolute(), out.absolute()
    if place.is_relative_to(target) or target.is_relative_to(place):
        return error.strerror[0].lower() + error.strerror[1:]
    return None
