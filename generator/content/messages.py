"""pydantic's validation errors -> our diagnostics, in words an author understands."""

from __future__ import annotations

import collections.abc
import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.content.diagnostics import Diagnostic
from generator.content.load import Document, Loc, format_loc, type_name

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "date_type": "a date like 2026-03-15",
    "date_parsing": "a date like 2026-03-15",
    "date_from_datetime_parsing": "a date like 2026-03-15",
    "date_from_datetime_inexact": "a date like 2026-03-15, without a time",
}


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'emotion'?)`, or nothing when no candidate is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# how a model declares a list of models: stages and steps are read-only Sequences
_LISTS = (list, collections.abc.Sequence)


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                inner = _unwrap(arg)
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    return inner
                if typing.get_origin(inner) in (*_LISTS, dict):
                    return inner
        return annotation
    return annotation


def known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys that the mapping at `loc` accepts, for "did you mean" suggestions."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in _LISTS:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _got(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":str"):
            return f"'{node.value}'"
        return f"{type_name(node)} ({node.value})" if node.value else "nothing"
    return type_name(node)


# YAML reads these plain values as something else than text (yes, no, on, off,
# 2026-03-15): quotes keep them as written.
_READ_AS_OTHER = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}


def _hint(kind: str, node: yaml.Node) -> str:
    """What to write instead, where it is plain: a word YAML reads as a boolean or a date,
    where text is expected, kept as text by quoting it (`title: "yes"`)."""
    if kind == "string_type" and isinstance(node, yaml.ScalarNode) and node.tag in _READ_AS_OTHER:
        return f'; to keep it as text, write it in quotes: "{node.value}"'
    return ""


def _quoted_number(node: yaml.Node) -> bool:
    if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":str"):
        return False
    try:
        float(node.value)
    except ValueError:
        return False
    return True


def _message(error: Any, node: yaml.Node, where: str) -> str:
    kind = error["type"]
    prefix = f"{where}: " if where else ""
    if kind in _EXPECTED:
        return f"{prefix}expected {_EXPECTED[kind]}, got {_got(node)}{_hint(kind, node)}"
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        value = str(error["input"])
        return f"{prefix}expected {expected}, got {_got(node)}{suggestion(value, options)}"
    if kind == "string_pattern_mismatch":
        slash = ", / " if "/" in error["ctx"]["pattern"] else ""
        return (
            f"{prefix}{_got(node)} is not a valid id: use lowercase letters a-z, digits, "
            f"- and _{slash}"
        )
    if kind == "emotion" and _quoted_number(node):
        return f"{prefix}expected a number, got text ('{node.value}'); write it without quotes"
    if kind == "finite" and isinstance(node, yaml.ScalarNode):  # as written: 1e999 is .inf
        return f"{prefix}expected a finite number, got {node.value}"
    if kind == "too_short":
        return f"{prefix}needs at least one item, got none"
    if kind == "greater_than":
        return f"{prefix}expected a number above {error['ctx']['gt']}, got {_got(node)}"
    return f"{prefix}{error['msg']}"


def from_validation_error(
    document: Document, model: type[BaseModel], error: ValidationError
) -> list[Diagnostic]:
    diagnostics = []
    for item in error.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(item["loc"])
        kind = item["type"]
        persona = item.get("ctx", {}).get("persona")
        if isinstance(persona, str):  # one persona's emotion: blamed at its value
            loc = (*loc, persona)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown key '{key}'{suggestion(key, known_keys(model, loc[:-1]))}"
            diagnostics.append(document.diagnostic(loc, message, key=True))
        elif kind == "missing":
            where = format_loc(loc[:-1])
            prefix = f"{where}: " if where else ""
            message = f"{prefix}missing required key '{loc[-1]}'"
            diagnostics.append(document.diagnostic(loc[:-1], message))
        else:
            message = _message(item, document.node_at(loc), format_loc(loc))
            diagnostics.append(document.diagnostic(loc, message))
    return diagnostics
