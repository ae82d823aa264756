"""A journey's text, patched where a node is and nowhere else.

The file is composed (its nodes' marks are indexes into this very string) and
every change is a splice of the text: a scalar replaced between its marks, a
block-sequence item cut or inserted as whole lines. Everything outside
the splice (comments, key order, quoting, blank lines, flow or block style, line
endings) stays byte for byte, which a round-trip library cannot promise: ruamel.yaml
re-indents a file whose indentation differs from its settings.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

import yaml

# libyaml where there is one: its marks' indexes count characters of the text, as the
# pure loader's do, and it composes a journey ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_STR = "tag:yaml.org,2002:str"


class Refused(Exception):
    """An edit that cannot be made to this text, with the reason, for people."""


def compose(text: str) -> yaml.MappingNode:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise Refused(f"the file does not parse as YAML: {error}") from None
    if not isinstance(node, yaml.MappingNode):
        raise Refused("the file's top level is not a mapping")
    return node


def newline_of(text: str) -> str:
    """The file's own line ending: the first one it uses (LF for a file of one line)."""
    found = re.search(r"\r\n|\r|\n", text)
    return found.group() if found else "\n"


@dataclass
class Lines:
    """The text as lines that keep their endings, with each line's start index."""

    lines: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Lines:
        lines = _LINE.findall(text)
        starts: list[int] = []
        at = 0
        for line in lines:
            starts.append(at)
            at += len(line)
        return cls(lines, starts)

    def line_of(self, index: int) -> int:
        return max(0, bisect.bisect_right(self.starts, index) - 1)

    def column_of(self, index: int) -> int:
        return index - self.starts[self.line_of(index)]


def body(line: str) -> str:
    return line.rstrip("\r\n")


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_blank(line: str) -> bool:
    return body(line).strip() == ""


def is_comment(line: str) -> bool:
    return body(line).lstrip(" ").startswith("#")


# -- scalars --------------------------------------------------------------


def _composes_to(candidate: str, value: str, *, flow: bool) -> bool:
    """Whether `candidate`, written as a value, reads back as the text `value`."""
    probe = f"{{k: {candidate}}}" if flow else f"k: {candidate}\n"
    try:
        node = yaml.compose(probe, Loader=_LOADER)
    except yaml.YAMLError:
        return False
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    found = node.value[0][1]
    return isinstance(found, yaml.ScalarNode) and found.tag == _STR and found.value == value


def _plain(value: str, *, flow: bool) -> str | None:
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return None
    return value if _composes_to(value, value, flow=flow) else None


def _single(value: str, *, flow: bool) -> str | None:
    if "\n" in value or "\r" in value:
        return None
    quoted = "'" + value.replace("'", "''") + "'"
    return quoted if _composes_to(quoted, value, flow=flow) else None


def _double(value: str, *, flow: bool) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    if not _composes_to(quoted, value, flow=flow):
        raise Refused("the text holds characters YAML cannot write (control characters)")
    return quoted


def _block(value: str, content_indent: int, newline: str) -> str | None:
    """A literal block (`|`): the text as written, line by line, with no escapes."""
    text = value.rstrip("\n")
    if "\r" in text or text[:1] in (" ", "\t") or not text.strip():
        return None
    chomp = "" if value.endswith("\n") else "-"
    pad = " " * content_indent
    lines = [pad + line if line.strip() else "" for line in text.split("\n")]
    try:
        read = yaml.safe_load("k: |" + chomp + "\n" + "\n".join(lines) + "\n")
    except yaml.YAMLError:
        return None
    expected = text + ("\n" if value.endswith("\n") else "")
    if not isinstance(read, dict) or read.get("k") != expected:
        return None
    return "|" + chomp + newline + newline.join(lines)


def scalar_text(
    value: object,
    *,
    flow: bool,
    key_indent: int,
    newline: str,
    style: str | None = None,
) -> str:
    """A value written in the file's manner: a number or boolean as YAML writes it; text
    plain when that reads back the same, else in the style it had, else quoted; text
    of several lines as a literal block (outside flow collections)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if not isinstance(value, str):
        raise Refused("a value must be text, a number or true/false")
    if "\n" in value.rstrip("\n") and not flow:
        block = _block(value, key_indent + 2, newline)
        if block is not None:
            return block
    value = value.rstrip("\n") if "\n" not in value.rstrip("\n") else value
    if style == "'":
        quoted = _single(value, flow=flow)
        if quoted is not None:
            return quoted
    if style == '"':
        return _double(value, flow=flow)
    return _plain(value, flow=flow) or _double(value, flow=flow)


def scalar_span(text: str, node: yaml.ScalarNode) -> tuple[int, int]:
    """Where a scalar is written: a block scalar up to its last character of text (its
    trailing line breaks, and the blank lines after it, stay in the file)."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        end = start + len(text[start:end].rstrip())
    return start, end
