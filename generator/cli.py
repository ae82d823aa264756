"""The `journeymap` command: the only place that prints and exits.

Each subcommand lives in generator/commands/; this module holds the group,
and turns a content problem into its messages and exit status 1 instead of
a traceback.
"""

from __future__ import annotations

import atexit
import importlib
import os
import signal
import sys
import traceback
from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from generator import __version__
from generator.content.diagnostics import ContentError, format_diagnostics, template_diagnostic

F = TypeVar("F", bound=Callable[..., Any])

ROOT_HELP = "The content root (default: journeys)."


def root_argument(function: F) -> F:
    """`[ROOT]` as an optional argument, for the commands that take it so."""
    return click.argument(
        "root",
        required=False,
        default="journeys",
        type=click.Path(file_okay=False, path_type=Path),
    )(function)


def root_option(function: F) -> F:
    """`--root ROOT`, for the commands whose arguments are ids."""
    return click.option(
        "--root",
        default="journeys",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=ROOT_HELP,
    )(function)


def fail(message: str) -> None:
    """A problem the user can fix: one line on stderr, exit status 1."""
    raise click.ClickException(message)


# sysexits.h: "an internal software error has been detected"; CI tells a bug of ours
# (70) from journeys that are wrong (1) and from a command mistyped (2)
EX_SOFTWARE = 70


def _bug_report(error: BaseException) -> str:
    from generator.common.project import project_url

    return (
        f"error: internal error in journeymap {__version__} ({type(error).__name__}: {error}): "
        "a bug, not a problem in your files; run again with --debug and report the traceback "
        f"at {project_url('Issues')}"
    )


def guarded(function: F) -> F:
    """Content errors become messages and exit 1; our own bugs exit 70, shown with --debug."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ContentError as error:
            click.echo(format_diagnostics(error.diagnostics, "text", error.files), err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            context = click.get_current_context(silent=True)
            debug = bool(context and context.find_root().params.get("debug"))
            in_template = template_diagnostic(error)
            if debug:
                click.echo(traceback.format_exc(), err=True, nl=False)
            elif in_template is not None:  # the user's templates are content too
                click.echo(in_template.text(), err=True)
            else:
                click.echo(_bug_report(error), err=True)
            sys.exit(1 if in_template is not None else EX_SOFTWARE)

    return wrapper  # type: ignore[return-value]


class _Commands(click.Group):
    """The subcommands, each imported when it is looked up (see generator.commands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from generator.commands import COMMANDS

        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from generator.commands import COMMANDS

        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journeymap")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
def cli(debug: bool) -> None:
    """Customer-journey maps kept as YAML in Git, published as a site and printable maps."""


def main() -> None:
    # a build stopped with SIGTERM ends as one interrupted: its staging folder is removed
    # and its workers stopped on the way out, where the default would leave both
    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli(prog_name="journeymap")
        code: object = 0
    except SystemExit as done:
        code = done.code
    leave(code)


def _terminated(signum: int, _frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


def leave(code: object) -> NoReturn:
    """Exit without tearing down the objects one by one.

    A build leaves hundreds of thousands of objects behind; freeing them at exit,
    and the collector's last pass over them, took a third of a small rebuild's time.
    Everything is written and closed by now: the exit handlers run, the streams are
    flushed, and the process ends.
    """
    if isinstance(code, str):
        print(code, file=sys.stderr)  # as SystemExit("message") would
    status = code if isinstance(code, int) else 0 if code is None else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a reader that went away (a closed pipe) misses nothing it wanted
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
