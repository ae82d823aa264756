"""Mermaid `journey` diagrams -> sections of tasks, read as Mermaid's own grammar reads them.

The grammar is packages/mermaid/src/diagrams/user-journey/parser/journey.jison in
mermaid-js/mermaid. Its lexer is mirrored here rule by rule, tried in the same
order at each position (jison takes the first rule that matches):

- `%%` starts a comment to the end of the line (but `%%{` opens a directive,
  which Mermaid strips before parsing, on one line or several); so does `#`,
  and so does `%%` after the first character of a statement (`x%% ...`);
- `title TEXT` runs to `#`, `;` or the end of the line; `section TEXT` also
  stops at `:`; keywords are case-insensitive and need a blank after them;
- `accTitle: ...` and `accDescr: ...` take the rest of the line, `#` and all;
  `accDescr { ... }` runs to the next `}`, across lines;
- anything else is a task: a name up to `:`, then `: score: actor, actor`
  up to `#`, `;` or the end of the line; Mermaid splits that on `:` and `,`.

Mermaid replaces `#name;` and `#123;` with HTML entities before lexing, so
`#58;` writes a `:` that is not a delimiter; we decode them the same way.
Frontmatter (`---` ... `---`) may come first; its `title:` names the diagram.

Where we accept more than Mermaid: `;` ends a statement (Mermaid's lexer has
no rule for it and fails), and a task whose name starts with `journey`.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

import yaml

from generator.content.diagnostics import Diagnostic

_ENTITY = re.compile(r"#(\w+);", re.ASCII)
# placeholders of the same length as `#` and `;`, so columns stay true
_OPEN, _CLOSE = "\ue000", "\ue001"
_HIDDEN_ENTITY = re.compile(f"{_OPEN}(\\w+){_CLOSE}", re.ASCII)
_BREAK = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)

_JOURNEY = re.compile(r"journey", re.IGNORECASE)
_TITLE = re.compile(r"title[ \t]([^#;\n]*)", re.IGNORECASE)
_ACC_TITLE = re.compile(r"acctitle[ \t]*:[ \t]*([^\n]*)", re.IGNORECASE)
_ACC_DESCR = re.compile(r"accdescr[ \t]*:[ \t]*([^\n]*)", re.IGNORECASE)
_ACC_DESCR_BLOCK = re.compile(r"accdescr\s*\{", re.IGNORECASE)
_SECTION = re.compile(r"section[ \t]([^#:;\n]*)", re.IGNORECASE)
_TASK_NAME = re.compile(r"[^#:;\n]+")
_TASK_DATA = re.compile(r":([^#;\n]*)")
_SCORE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_FRONTMATTER_END = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)


@dataclass
class Task:
    name: str
    score: float | None
    actors: list[str]
    line: int
    column: int
    after_comment: bool = False  # a `%%` line before it: a new step, even under the same title


@dataclass
class Section:
    name: str | None  # None: the tasks written before any `section`
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def decode(text: str) -> str:
    """Mermaid's text conventions -> plain text: entity codes, `<br>` as a space."""
    text = _BREAK.sub(" ", text)

    def entity(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code)
            return chr(number) if 0 < number < 0x110000 else f"#{code};"
        decoded = html.unescape(f"&{code};")
        return f"#{code};" if decoded == f"&{code};" else decoded

    text = _HIDDEN_ENTITY.sub(entity, text)
    return " ".join(text.split())


class _Reader:
    def __init__(self, text: str, display: str) -> None:
        self.display = display
        # a same-length mask for entities: their `#` and `;` are text, not delimiters
        self.text = _ENTITY.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.diagram = Diagram()
        self.started = False
        self.comment = False

    # -- places and messages ---------------------------------------------

    def place(self, index: int) -> tuple[int, int]:
        low, high = 0, len(self.starts) - 1
        while low < high:  # the last line start at or before index
            middle = (low + high + 1) // 2
            if self.starts[middle] <= index:
                low = middle
            else:
                high = middle - 1
        return low + 1, index - self.starts[low] + 1

    def report(self, index: int, message: str, severity: str = "error") -> None:
        line, column = self.place(index)
        self.diagram.diagnostics.append(
            Diagnostic(self.display, line, column, severity, message)  # type: ignore[arg-type]
        )

    def end_of_line(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    # -- the document ------------------------------------------------------

    def frontmatter(self) -> int:
        """Read a leading `---` block; return where the diagram starts."""
        match = re.match(r"\s*", self.text)
        start = match.end() if match else 0
        line_end = self.end_of_line(start)
        if self.text[start:line_end].strip() != "---":
            return 0
        closing = _FRONTMATTER_END.search(self.text, line_end + 1)
        if closing is None:
            self.report(start, "frontmatter opened with '---' is never closed with '---'")
            return len(self.text)
        block = textwrap.dedent(self.text[line_end + 1 : closing.start()])
        try:
            data = yaml.safe_load(block)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = self.place(line_end + 1)[0] + (mark.line if mark else 0)
            problem = getattr(error, "problem", None) or "it does not parse"
            self.diagram.diagnostics.append(
                Diagnostic(
                    self.display, line, 1, "error", f"frontmatter is not valid YAML: {problem}"
                )
            )
            return closing.end()
        if isinstance(data, dict) and isinstance(data.get("title"), str | int | float):
            self.diagram.title = decode(str(data["title"])) or None
        return closing.end()

    def read(self) -> Diagram:
        index = self.frontmatter()
        text = self.text
        while index < len(text):
            char = text[index]
            if char.isspace():
                index += 1
            elif text.startswith("%%{", index):
                end = text.find("}%%", index)
                if end < 0:
                    self.report(index, "directive opened with '%%{' is never closed with '}%%'")
                    return self.diagram
                index = end + 3
            elif (
                text.startswith("%%", index)
                or char == "#"
                or (char != "}" and text.startswith("%%", index + 1))
            ):
                self.comment = self.comment or text.startswith("%%", index)
                index = self.end_of_line(index)
            elif char == ";":
                index += 1
            elif not self.started:
                match = _JOURNEY.match(text, index)
                if match is None:
                    word = text[index : self.end_of_line(index)].split()[0]
                    self.report(index, f"expected 'journey' to start the diagram, got '{word}'")
                    return self.diagram
                self.started = True
                index = match.end()
            else:
                index = self.statement(index)
        if not self.started and not self.diagram.errors:
            self.report(len(text), "no diagram here: expected 'journey' to start it")
        return self.diagram

    def statement(self, index: int) -> int:
        text = self.text
        if match := _ACC_TITLE.match(text, index):
            self.diagram.acc_title = decode(match.group(1)) or None
            return match.end()
        if match := _ACC_DESCR.match(text, index):
            self.diagram.acc_descr = decode(match.group(1)) or None
            return match.end()
        if match := _ACC_DESCR_BLOCK.match(text, index):
            end = text.find("}", match.end())
            if end < 0:
                self.report(index, "'accDescr {' is never closed with '}'")
                return len(text)
            lines = [decode(line) for line in text[match.end() : end].strip().splitlines()]
            self.diagram.acc_descr = "\n".join(lines) or None
            return end + 1
        if match := _TITLE.match(text, index):
            self.diagram.title = decode(match.group(1)) or self.diagram.title
            return match.end()
        if match := _SECTION.match(text, index):
            line, _ = self.place(index)
            self.diagram.sections.append(Section(decode(match.group(1)), line))
            return match.end()
        if text[index] == ":":
            self.report(index, "expected a task name before ':'")
            data = _TASK_DATA.match(text, index)
            return data.end() if data else index + 1
        match = _TASK_NAME.match(text, index)
        assert match is not None  # every other character starts a task name
        name = decode(match.group(0))
        data = _TASK_DATA.match(text, match.end())
        if data is None:
            self.report(
                match.end(),
                f"expected ':' and a score after the task '{name}', like '{name}: 5: Me'",
            )
            return match.end()
        if not data.group(1).strip():
            self.report(data.end(), f"expected a score after '{name}:', like '{name}: 5: Me'")
            return data.end()
        self.task(name, index, data.start(1), data.group(1))
        return data.end()

    def task(self, name: str, index: int, at: int, data: str) -> None:
        pieces = data.split(":")
        score_text = pieces[0].strip()
        score_at = at + len(pieces[0]) - len(pieces[0].lstrip())
        score: float | None = None
        if _SCORE.fullmatch(score_text):
            score = float(score_text)
            if not 1 <= score <= 5:
                clamped = min(max(score, 1.0), 5.0)
                self.report(
                    score_at,
                    f"score {score_text} of '{name}' is outside Mermaid's 1..5; "
                    f"read as {clamped:g}",
                    "warning",
                )
                score = clamped
        elif not score_text:
            self.report(score_at, f"'{name}' has no score; the step gets no emotion", "warning")
        else:
            self.report(
                score_at,
                f"score '{decode(score_text)}' of '{name}' is not a number from 1 to 5; "
                "the step gets no emotion",
                "warning",
            )
        actors: list[str] = []
        if len(pieces) > 1:
            actors = [decode(actor) for actor in pieces[1].split(",")]
            actors = list(dict.fromkeys(actor for actor in actors if actor))
        if len(pieces) > 2:
            extra = at + len(pieces[0]) + len(pieces[1]) + 1
            self.report(
                extra, f"text after the actors of '{name}' is ignored, as Mermaid does", "warning"
            )
        line, column = self.place(index)
        if not self.diagram.sections:
            self.diagram.sections.append(Section(None, line))
        task = Task(name, score, actors, line, column, self.comment)
        self.diagram.sections[-1].tasks.append(task)
        self.comment = False


def parse(text: str, display: str) -> Diagram:
    """Read a diagram; its `diagnostics` say what could not be read, with line and column."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _Reader(text, display).read()
