"""Files -> YAML nodes that remember their place -> plain data.

libyaml composes the node graph (fast, and every node keeps its line and
column); this module turns it into dicts and lists itself, so that it can
refuse what PyYAML lets through silently: keys given twice, alias bombs,
tags that are not data.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.common.files import NotRegular, TooLarge, read_regular
from generator.content.diagnostics import Diagnostic, display_path

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # libyaml missing: the pure loader is slower but equivalent
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


# The safe loader's rules for plain scalars: class-level, with no path resolvers.
_SAFE_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=50_000)
def _resolved(kind: type, value: str | None, implicit: tuple[bool, bool] | None) -> str:
    return _SAFE_RESOLVER.resolve(kind, value, implicit)  # type: ignore[no-any-return]


class _Composer(_Loader):  # type: ignore[misc,valid-type]
    """The safe loader, remembering how it resolved scalars: the same keys and values
    ("title", "web", "true") come back thousands of times in a content root, and
    PyYAML resolves each with regular expressions, in Python. The memory is a C
    cache, asked without a Python call (a fifth of composing)."""

    # The resolver's hooks for path resolvers, called around every node: the safe loader
    # has none, so they do nothing, here without a Python call (9% of composing).
    descend_resolver = operator.is_  # type: ignore[assignment]  # (parent, index) -> ignored
    ascend_resolver = tuple  # type: ignore[assignment]  # () -> ignored
    resolve = staticmethod(_resolved)  # type: ignore[assignment]


MAX_FILE_BYTES = 5 * 1024 * 1024
# Every node takes at least a couple of bytes of text, so a document without
# aliases never visits more nodes than it has bytes; the slack allows modest,
# honest reuse of anchors while stopping "billion laughs" documents early.
ALIAS_SLACK = 100_000

# libyaml composes recursively in C and crashes the process on nesting in the
# tens of thousands; journeys need a handful of levels.
MAX_DEPTH = 100
_COMPOSER_SAFE_DEPTH = 2000
_OPENERS = "[{-?\n"
_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels; flatten the document"

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_TYPE_NAMES = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    _STR: "text",
}

Loc = Sequence[str | int]


@dataclass
class Document:
    """One YAML file: its data, and the nodes that say where each value came from."""

    path: Path
    display: str
    node: yaml.Node
    data: dict[str, Any]
    problems: list[Diagnostic] = field(default_factory=list)
    """What was wrong but still readable (a key given twice: the last one counts, as in YAML)."""
    images: bool = True
    """Whether its text holds "![", the start of an image in Markdown: most files show
    none, and are told so without a look at each of their texts."""

    def node_at(self, loc: Loc, *, key: bool = False) -> yaml.Node:
        """The deepest node along `loc`; with `key`, the key node of the last step."""
        if loc and loc[-1] == "[key]":  # pydantic's way of blaming a mapping's key
            loc, key = loc[:-1], True
        node = self.node
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            found = _child(node, part, key=key and last)
            if found is None:
                break
            node = found
        return node

    def diagnostic(
        self, loc: Loc, message: str, *, severity: str = "error", key: bool = False
    ) -> Diagnostic:
        mark = self.node_at(loc, key=key).start_mark
        return Diagnostic(
            self.display,
            mark.line + 1,
            mark.column + 1,
            severity,  # type: ignore[arg-type]
            message,
            format_loc(loc),
            self.where(loc),
        )

    def where(self, loc: Loc) -> str:
        """`Consideration > Fills in the quote form`: the stage and step `loc` is inside,
        by their names, as the author knows them ("" outside them, or if unnamed)."""
        names: list[str] = []
        node: Any = self.data
        for key, name in (("stages", "name"), ("steps", "title")):
            depth = 2 * len(names)
            if len(loc) < depth + 2 or loc[depth] != key:
                break
            index = loc[depth + 1]
            items = node.get(key) if isinstance(node, dict) else None
            if not isinstance(index, int) or not isinstance(items, list):
                break
            if not 0 <= index < len(items):
                break
            node = items[index]
            named = node.get(name) if isinstance(node, dict) else None
            names.append(" ".join(named.split()) if isinstance(named, str) else "")
        return " > ".join(name for name in names if name)


def _child(node: yaml.Node, part: str | int, *, key: bool) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node if key else value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def format_loc(loc: Loc) -> str:
    """`('stages', 1, 'steps', 0, 'emotion')` -> `stages[1].steps[0].emotion`."""
    text = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _Problem(Exception):
    def __init__(self, node: yaml.Node | yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = node.start_mark if isinstance(node, yaml.Node) else node
        self.message = message


def _unsupported(tag: str) -> str:
    return f"unsupported YAML tag '{tag}': write plain text instead"


class _Builder:
    """Plain Python data from a composed node graph, refusing what is not plain data."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.problems: list[_Problem] = []
        self.top_key: yaml.Node | None = None  # where an alias bomb is blamed
        self.depth = 0
        self.scalars = yaml.SafeLoader("")  # its constructors turn tagged scalars into values

    def build(self, node: yaml.Node) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Problem(
                self.top_key or node,
                "the document expands too much through YAML aliases (&anchor / *alias); "
                "write the values out or reuse fewer of them",
            )
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            if node.tag in _SCALAR_TAGS:
                try:
                    return self.scalars.yaml_constructors[node.tag](self.scalars, node)
                except (ValueError, OverflowError) as error:
                    raise _Problem(node, _unreadable_value(node, error)) from None
            raise _Problem(node, _unsupported(node.tag))
        if self.depth >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise _Problem(node, _TOO_DEEP)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _Problem(node, _unsupported(node.tag))
            self.depth += 1
            try:
                return [self.build(item) for item in node.value]
            finally:
                self.depth -= 1
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise _Problem(node, _unsupported(node.tag))
            return self.mapping(node)
        raise _Problem(node, "unsupported YAML node")  # pragma: no cover - libyaml makes no other

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        self.depth += 1
        try:
            return self._mapping(node)
        finally:
            self.depth -= 1

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        merged: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self.merge_sources(value_node))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Problem(key_node, "a key must be plain text, not a list or a mapping")
            key = key_node.value
            if key in first_seen:
                # reported, then read on: the rest of the file may hold more problems
                line = first_seen[key].start_mark.line + 1
                self.problems.append(
                    _Problem(
                        key_node, f"key '{key}' is given twice (first at line {line}); keep one"
                    )
                )
            first_seen[key] = key_node
            if self.depth == 1:
                self.top_key = key_node
            result[key] = self.build(value_node)
        for source in merged:
            for key, value in source.items():
                result.setdefault(key, value)
        return result

    def merge_sources(self, node: yaml.Node) -> list[dict[str, Any]]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        built = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise _Problem(source, "'<<' merges mappings only")
            built.append(self.mapping(source))
        return built


def _unreadable_value(node: yaml.ScalarNode, error: Exception) -> str:
    message = f"'{node.value}' cannot be read: {error}"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f'{message}; write a real date as YYYY-MM-DD, or "{node.value}" in quotes for text'
    return message


def _diagnostic(display: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(display, line, column, "error", message)


def _decode(raw: bytes, display: str) -> str | Diagnostic:
    if b"\x00" in raw:
        return _diagnostic(display, 1, 1, "binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return _diagnostic(
            display,
            line,
            column,
            f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read; save the file as UTF-8",
        )
    return text.removeprefix("\ufeff")


def _yaml_error(display: str, error: yaml.YAMLError, text: str) -> Diagnostic:
    """Where the culprit is, rather than where the parser gave up.

    libyaml gives up where the text stops making sense, often lines after the
    mistake; for a construct that is never closed it also gives the place the
    construct started (the context mark), and that is where the fix goes. Its
    context words are relied on ("while parsing a flow sequence"), and of its
    problem texts, which differ between the C and the pure loader, only words
    both use ("unexpected end of stream"); anything else keeps libyaml's text.
    """
    if isinstance(error, yaml.reader.ReaderError) or not isinstance(error, yaml.MarkedYAMLError):
        return _unreadable(display, error, text)
    if error.problem_mark is None:
        return _diagnostic(display, 1, 1, f"invalid YAML: {error.problem or 'cannot be read'}")
    mark, start = error.problem_mark, error.context_mark
    problem = error.problem or "cannot be read"
    context = error.context or ""
    if "expected a single document" in f"{problem} {context}":
        return _at(display, mark, "more than one YAML document (---) in one file; keep one")
    if start is not None and "quoted scalar" in context and "unexpected" in problem:
        ending = (
            f"the file ends at line {mark.line + 1}"
            if "end of stream" in problem
            else f"the document ends at line {mark.line + 1}"
        )
        return _at(display, start, f"invalid YAML: this quoted text is never closed ({ending})")
    for kind, closing, what in (("flow sequence", "]", "list"), ("flow mapping", "}", "mapping")):
        if start is not None and kind in context:
            return _at(
                display,
                start,
                f"invalid YAML: this {what} is never closed: a ',' or '{closing}' is missing "
                f"before {_place(mark)}",
            )
    if _character_at(text, mark) == "\t":
        return _at(display, mark, "invalid YAML: a tab character; YAML indents with spaces only")
    quoted = _quoted_before(text, mark)
    if quoted is not None:
        return _at(
            display,
            quoted,
            f"invalid YAML: this quoted text runs on to line {mark.line + 1}, where the "
            f"parser gives up ({problem}); is its closing quote missing?",
        )
    if "mapping values are not allowed" in problem:
        return _colon(display, text, mark, problem)
    hint = _indentation_hint(text, mark)
    for kind, what in (("block mapping", "mapping"), ("block collection", "list")):
        if start is not None and kind in context:
            where = f"in the {what} that starts at {_place(start)}"
            return _at(display, mark, f"invalid YAML: {problem} ({where}){hint}")
    message = f"invalid YAML: {problem}{hint}"
    if context and start is not None:
        message += f" {context} (line {start.line + 1})"
    return _at(display, mark, message)


# What YAML text cannot hold (YAML 1.1's printable set, complemented): the reader
# refuses it before any parsing, placing it as a byte offset (libyaml) or a character's
# (PyYAML), never as a line: so it is found again here.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _unreadable(display: str, error: yaml.YAMLError, text: str) -> Diagnostic:
    """An error of the reader, before parsing: a character YAML text cannot hold."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refuses nothing else of a str
        reason = getattr(error, "reason", None) or "cannot be read"
        return _diagnostic(display, 1, 1, f"invalid YAML: {reason}")
    start = found.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    code = f"U+{ord(found.group()):04X}"
    message = f"invalid YAML: a control character ({code}) cannot be in YAML text; remove it"
    return _diagnostic(display, line, column, message)


def _indentation_hint(text: str, mark: Any) -> str:
    """What to do where a block breaks at the start of a line: in YAML, that is its
    indentation, measured against the line above (blank lines and comments aside)."""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.line == 0:
        return ""
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" "))
    if mark.column != indent or not line.strip():
        return ""  # the parser stopped inside the line: not a matter of indentation
    above = next(
        (
            candidate
            for candidate in reversed(lines[: mark.line])
            if candidate.strip() and not candidate.lstrip().startswith("#")
        ),
        None,
    )
    if above is None:
        return ""
    over = len(above) - len(above.lstrip(" "))
    return (
        f"; check the indentation of line {mark.line + 1} ({_spaces(indent)}) against the line "
        f"above ({_spaces(over)})"
    )


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _colon(display: str, text: str, mark: Any, problem: str) -> Diagnostic:
    """A ': ' where no key can start: inside a value (`title: Ratio: 3`), which quotes
    keep as text, or on a line indented under a value, as a key of its own."""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    key, separator, value = line[: mark.column].partition(": ")
    if separator and value.strip():
        written = line[len(key) + 2 :].strip().replace('"', '\\"')
        return _at(
            display,
            mark,
            f"invalid YAML: a ': ' inside a value; write the value in quotes: "
            f'{key.strip().removeprefix("- ")}: "{written}"',
        )
    indent = len(line) - len(line.lstrip(" "))
    at = yaml.Mark("", 0, mark.line, indent, None, None)  # type: ignore[arg-type]
    return _at(display, at, f"invalid YAML: {problem}{_indentation_hint(text, at)}")


def _at(display: str, mark: Any, message: str) -> Diagnostic:
    return _diagnostic(display, mark.line + 1, mark.column + 1, message)


def _place(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _character_at(text: str, mark: Any) -> str:
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _quoted_before(text: str, mark: Any) -> Any:
    """The start of a quoted scalar spanning lines that ends just before `mark`, if any:
    a closing quote forgotten on one line takes the text up to the next quote."""
    limit = (mark.line, mark.column)
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= limit:
                break
            last = token
    except yaml.YAMLError:
        pass  # the tokens up to the error are all that is needed
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last.start_mark
    return None


def _nesting(text: str, loader: type) -> tuple[Any, int, int]:
    """Where (a yaml Mark) nesting first passes MAX_DEPTH, or None; else the depth and
    the index in `text` that the parser's events reached before the end or an error."""
    depth = reached = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:  # the level the builder refuses, at the same node
                    return event.start_mark, depth, reached
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if event.end_mark is not None:
                reached = event.end_mark.index
    except yaml.YAMLError:
        pass  # a problem before the nesting does: the composer reports it, at its place
    return None, depth, reached


def _too_deep(text: str) -> Any:
    """Where (a yaml Mark) nesting passes MAX_DEPTH, for a file that could crash the composer.

    Every level opens with a bracket, a dash, a question mark or a new line, so
    counting those bounds the depth cheaply; only a file whose bound is high is
    scanned event by event (a flat, streaming pass) before it is composed.
    """
    if sum(text.count(c) for c in _OPENERS) < _COMPOSER_SAFE_DEPTH:
        return None
    return _nesting(text, _Loader)[0]


def _too_deep_for_parser(text: str, error: yaml.YAMLError) -> Any:
    """Where nesting passed MAX_DEPTH in a file the parser refused, or None.

    libyaml 0.2.6 (PyYAML 6.0.4) refuses 1,000 levels with a message of its own; the
    limit is ours, and so are its message and place, whichever libyaml reads the file.
    libyaml's events stop short of its error by at most one line of 1,024 characters
    (the most it reads ahead for a key): only where that stretch holds enough openers
    is the file read again by PyYAML's Python parser, which has no such limit.
    """
    mark, depth, reached = _nesting(text, _Loader)
    if mark is not None:
        return mark
    problem = getattr(error, "problem_mark", None)
    end = len(text) if problem is None else problem.index + 1
    if depth + sum(text.count(c, reached, end) for c in _OPENERS) <= MAX_DEPTH:
        return None
    return _nesting(text[:end], yaml.SafeLoader)[0]


def parse(text: str, display: str, path: Path) -> Document | list[Diagnostic]:
    """Compose and build one YAML document whose top level must be a mapping."""
    deep = _too_deep(text)
    if deep is not None:
        return [_diagnostic(display, deep.line + 1, deep.column + 1, _TOO_DEEP)]
    try:
        loader = _Composer(text)  # PyYAML's own reader refuses a character here already
    except yaml.YAMLError as error:
        return [_yaml_error(display, error, text)]
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        deep = _too_deep_for_parser(text, error)
        if deep is not None:
            return [_diagnostic(display, deep.line + 1, deep.column + 1, _TOO_DEEP)]
        return [_yaml_error(display, error, text)]
    finally:
        loader.dispose()
    if node is None:
        return [_diagnostic(display, 1, 1, "empty file: write at least the required keys")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        mark = node.start_mark
        message = f"expected a mapping of keys at the top level, got {kind}"
        return [_diagnostic(display, mark.line + 1, mark.column + 1, message)]
    builder = _Builder(len(text) + ALIAS_SLACK)
    try:
        data = builder.build(node)
    except _Problem as problem:
        return [
            _diagnostic(display, problem.mark.line + 1, problem.mark.column + 1, problem.message)
        ]
    problems = [
        _diagnostic(display, p.mark.line + 1, p.mark.column + 1, p.message)
        for p in builder.problems
    ]
    return Document(path, display, node, data, problems, "![" in text)


def not_regular_message(name: str, kind: str) -> str:
    return f"'{name}' is {kind}, not a regular file: only regular files are read; remove it"


def too_large_message(size: int) -> str:
    return f"file is {size / 1024 / 1024:.1f} MB, over the 5 MB limit; split it"


def read(path: Path) -> Document | list[Diagnostic]:
    """One file of a content root, or the reason it cannot be read."""
    display = display_path(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotRegular as error:
        return [_diagnostic(display, 1, 1, not_regular_message(path.name, error.kind))]
    except TooLarge as error:
        return [_diagnostic(display, 1, 1, too_large_message(error.size))]
    except OSError as error:
        return [_diagnostic(display, 1, 1, f"cannot read the file: {error.strerror}")]
    text = _decode(raw, display)
    if isinstance(text, Diagnostic):
        return [text]
    return parse(text, display, path)


def type_name(node: yaml.Node) -> str:
    """How a value's kind is named in messages ("got a list")."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _TYPE_NAMES.get(node.tag, "a value")
