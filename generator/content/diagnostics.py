"""Problems found in a content root, and the three forms they are printed in."""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. `line` and `column` are 1-based, as editors count;
    column 0 where only the line is known (a template's mistake)."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    path: str = ""
    where: str = ""
    """The place as the author thinks of it, `Consideration > Fills in the quote form`,
    beside the exact `path` (`stages[1].steps[3]`); empty outside stages and steps."""

    def text(self) -> str:
        column = f"{self.column}:" if self.column else ""
        return f"{self.file}:{self.line}:{column} {self.severity}: {self.said()}"

    def said(self) -> str:
        """The message with the author's place after the path it starts with."""
        if self.where and self.path and self.message.startswith(self.path):
            return f"{self.path} ({self.where}){self.message[len(self.path) :]}"
        return self.message

    def github(self) -> str:
        """A GitHub Actions workflow command, escaped as the runner unescapes it."""
        kind = "error" if self.severity == "error" else "warning"
        file = _github_escape(self.file, _GITHUB_PROPERTY)
        message = _github_escape(self.message, _GITHUB_DATA)
        column = f",col={self.column}" if self.column else ""
        return f"::{kind} file={file},line={self.line}{column}::{message}"


# what the runner unescapes in a command's message, and in its properties (% first)
_GITHUB_DATA = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_GITHUB_PROPERTY = (*_GITHUB_DATA, (":", "%3A"), (",", "%2C"))


def _github_escape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for character, escaped in table:
        text = text.replace(character, escaped)
    return text


def warnings_as_errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """--strict: every warning is an error, said so as compilers say -Werror."""
    return [
        replace(d, severity="error", message=f"{d.message} [--strict]")
        if d.severity == "warning"
        else d
        for d in diagnostics
    ]


class ContentError(Exception):
    """Content that cannot be used: carries every diagnostic that explains why."""

    def __init__(self, diagnostics: list[Diagnostic], files: int = 1) -> None:
        super().__init__("\n".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics
        self.files = files


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def counts(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors, warnings = counts(diagnostics)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str, files: int) -> str:
    """The whole report in `text`, `json` or `github` form."""
    ordered = sorted(diagnostics)
    if fmt == "json":
        return json.dumps([asdict(d) for d in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = [d.github() for d in ordered]
        lines.append(summary(ordered, files))
        return "\n".join(lines)
    lines = [d.text() for d in ordered]
    lines.append(summary(ordered, files))
    return "\n".join(lines)


# The frames Jinja gives a template in a traceback: its file, its line, and what runs there.
_TEMPLATE_FRAME = re.compile(
    r'File "([^"]+)", line (\d+), in (?:top-level template code|template|block \'|macro \')'
)


def template_diagnostic(error: BaseException) -> Diagnostic | None:
    """A mistake in a template as a diagnostic at the template's file and line, or None
    when `error` is no template error.

    A syntax error knows its place; an error while rendering (a name that is not
    defined) is placed at the innermost template frame of its traceback, which a
    process that rendered pages for the build sends back as text.
    """
    jinja2 = sys.modules.get("jinja2")
    if jinja2 is None or not isinstance(error, jinja2.TemplateError):
        return None
    message = error.message or type(error).__name__
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"no template '{error.name}' in templates/ or among the packaged ones"
    if isinstance(error, jinja2.TemplateSyntaxError) and (error.filename or error.name):
        file = display_path(Path(error.filename)) if error.filename else str(error.name)
        return Diagnostic(file, error.lineno, 0, "error", f"template syntax: {message}")
    frames = "".join(traceback.format_tb(error.__traceback__))
    if error.__cause__ is not None:  # multiprocessing's RemoteTraceback: the worker's frames
        frames += str(error.__cause__)
    found = _TEMPLATE_FRAME.findall(frames)
    if not found:
        return None
    file, line = found[-1]
    return Diagnostic(display_path(Path(file)), int(line), 0, "error", f"template: {message}")
