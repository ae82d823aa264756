"""The edits a map page can ask for, each a splice of the journey's text.

`apply(text, edit)` returns the new text or raises `Refused`; it never judges
whether the result is a valid journey (the caller validates it with the rest of
the root). Set ops replace a scalar between its marks, or add or remove one
`key: value`; step and stage ops cut and insert whole lines of block lists,
re-indented to where they land.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from generator.edit.journey import JourneyText, entry
from generator.edit.text import Refused, scalar_span, scalar_text

STEP_TEXTS = frozenset(
    {"title", "doing", "thinking", "feeling", "touchpoint", "expectation", "reality", "backstage"}
)
STEP_IDS = frozenset({"channel", "owner"})
STEP_FLAGS = frozenset({"moment_of_truth", "expectation_met"})
STEP_LISTS = frozenset({"pains", "opportunities", "evidence"})
STEP_FIELDS = STEP_TEXTS | STEP_IDS | STEP_FLAGS | STEP_LISTS | {"emotion"}
STAGE_FIELDS = frozenset({"name", "description", "customer_type"})
REQUIRED = frozenset({"title", "name"})

Edit = Mapping[str, Any]


# -- splicing a mapping -----------------------------------------------------


def _splice(journey: JourneyText, start: int, end: int, new: str) -> str:
    return journey.whole(journey.text[:start] + new + journey.text[end:])


def _insert_lines(journey: JourneyText, line: int, new: list[str]) -> str:
    lines = list(journey.lines.lines)
    if line > 0 and not lines[line - 1].endswith(("\n", "\r")):
        lines[line - 1] += journey.newline  # the file's last line had no line ending
    lines[line:line] = new
    return journey.whole("".join(lines))


def _flow_insert(journey: JourneyText, mapping: yaml.Node, pair: str) -> str:
    close = mapping.end_mark.index - 1
    if journey.text[close] != "}":
        raise Refused("a mapping is not written where its marks say; edit it in the file")
    inside = journey.text[mapping.start_mark.index + 1 : close]
    if not inside.strip():
        return _splice(journey, mapping.start_mark.index + 1, close, pair)
    last = close
    while journey.text[last - 1] in " \r\n":
        last -= 1
    return _splice(journey, last, last, ", " + pair)


def _flow_remove(journey: JourneyText, key: yaml.Node, value: yaml.Node) -> str:
    text = journey.text
    start, end = key.start_mark.index, value.end_mark.index
    after = end
    while after < len(text) and text[after] == " ":
        after += 1
    if after < len(text) and text[after] == ",":
        after += 1
        while after < len(text) and text[after] == " ":
            after += 1
        return _splice(journey, start, after, "")
    before = start
    while before > 0 and text[before - 1] in " \r\n":
        before -= 1
    if text[before - 1] == ",":
        before -= 1
    else:
        before = start
    return _splice(journey, before, end, "")


def set_key(
    journey: JourneyText, mapping: yaml.Node, key: str, value: object, *, raw: str | None = None
) -> str:
    """`key: value` in a mapping: replaced where it is, added after its last key, or
    removed with its lines when `value` is None. `raw` is a value written already."""
    if not isinstance(mapping, yaml.MappingNode):
        raise Refused("the place of this value is not a mapping")
    flow = bool(mapping.flow_style)
    found = entry(mapping, key)
    key_column = journey.column(mapping.value[0][0].start_mark.index) if mapping.value else 0
    if isinstance(value, list) and found is not None:
        return _set_list(journey, found[1], value)
    if isinstance(value, list):
        raw = _flow_list(value, journey.newline)
    if found is not None:
        key_node, value_node = found
        if value is None:
            return _remove_key(journey, mapping, key_node, value_node)
        if not isinstance(value_node, yaml.ScalarNode):
            raise Refused(f"'{key}' is a list or a mapping here; edit it in the file")
        start, end = scalar_span(journey.text, value_node)
        style = value_node.style if value_node.style in ("'", '"') else None
        written = scalar_text(
            value,
            flow=flow,
            key_indent=journey.column(key_node.start_mark.index),
            newline=journey.newline,
            style=style,
        )
        return _splice(journey, start, end, written)
    if value is None:
        return journey.whole(journey.text)  # nothing to remove
    written = raw or scalar_text(value, flow=flow, key_indent=key_column, newline=journey.newline)
    if flow:
        return _flow_insert(journey, mapping, f"{key}: {written}")
    line = journey.mapping_end(mapping)
    pair = f"{' ' * key_column}{key}: {written}{journey.newline}"
    return _insert_lines(journey, line, [pair])


def _flow_list(items: list[str], newline: str) -> str:
    written = (scalar_text(item, flow=True, key_indent=0, newline=newline) for item in items)
    return "[" + ", ".join(written) + "]"


def _set_list(journey: JourneyText, node: yaml.Node, items: list[str]) -> str:
    """A list of texts in place of the old value: in flow style (`[a, b]`) where it was
    one text or a flow list, else as block items at the old items' indentation."""
    if isinstance(node, yaml.ScalarNode):
        start, end = scalar_span(journey.text, node)
        return _splice(journey, start, end, _flow_list(items, journey.newline))
    if not isinstance(node, yaml.SequenceNode):
        raise Refused("this value is a mapping here; edit it in the file")
    if node.flow_style or not node.value:
        return _splice(
            journey, node.start_mark.index, node.end_mark.index, _flow_list(items, journey.newline)
        )
    first = journey.item(node, 0)
    last = journey.item(node, len(node.value) - 1)
    pad = " " * first.column
    lines = [
        pad
        + "- "
        + scalar_text(item, flow=False, key_indent=first.column, newline=journey.newline)
        + journey.newline
        for item in items
    ]
    kept = journey.lines.lines
    return journey.whole("".join(kept[: first.first] + lines + kept[last.end :]))


def _remove_key(
    journey: JourneyText, mapping: yaml.MappingNode, key: yaml.Node, value: yaml.Node
) -> str:
    if mapping.flow_style:
        return _flow_remove(journey, key, value)
    lines = journey.lines
    first = lines.line_of(key.start_mark.index)
    if lines.lines[first][: lines.column_of(key.start_mark.index)].strip(" "):
        raise Refused(f"'{key.value}' opens a list item; it cannot be removed here")
    index = mapping.value.index((key, value))
    if index + 1 < len(mapping.value):
        end = lines.line_of(mapping.value[index + 1][0].start_mark.index)
    else:
        end = journey.mapping_end(mapping)
    kept = lines.lines[:first] + lines.lines[end:]
    return journey.whole("".join(kept))


# -- set ops ----------------------------------------------------------------


def _participants(journey: JourneyText, step: yaml.Node) -> list[str]:
    found = entry(step, "actors")
    if found is not None:
        node = found[1]
        if isinstance(node, yaml.ScalarNode):
            return [str(node.value)]
        if isinstance(node, yaml.SequenceNode) and node.value:
            return [str(n.value) for n in node.value if isinstance(n, yaml.ScalarNode)]
    return journey.personas()


def _set_emotion(journey: JourneyText, step: yaml.Node, persona: str | None, value: object) -> str:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise Refused("an emotion is a number on the site's scale")
    found = entry(step, "emotion")
    current = found[1] if found else None
    if isinstance(current, yaml.MappingNode):
        if persona is None:
            raise Refused("this step gives an emotion per persona: say which persona")
        return set_key(journey, current, persona, value)
    who = _participants(journey, step)
    if persona is None or who == [persona] or (current is None and len(journey.personas()) <= 1):
        return set_key(journey, step, "emotion", value)
    if value is None and current is None:
        return journey.whole(journey.text)
    # one emotion for every actor becomes one each, so that one of them can change
    old = str(current.value) if isinstance(current, yaml.ScalarNode) else None
    values: dict[str, str | None] = (
        {p: old for p in who} if old not in (None, "", "null", "~") else {}
    )
    values[persona] = (
        None
        if value is None
        else scalar_text(value, flow=True, key_indent=0, newline=journey.newline)
    )
    pairs = ", ".join(f"{p}: {v}" for p, v in values.items() if v is not None)
    if found is None:
        return set_key(journey, step, "emotion", value, raw=f"{{{pairs}}}")
    if not isinstance(found[1], yaml.ScalarNode):
        raise Refused("this step's emotion is a list; edit it in the file")
    start, end = scalar_span(journey.text, found[1])
    return _splice(journey, start, end, f"{{{pairs}}}")


def set_step(journey: JourneyText, edit: Edit) -> str:
    field = edit.get("field")
    if field not in STEP_FIELDS:
        raise Refused(f"'{field}' is not a field the map edits: one of {sorted(STEP_FIELDS)}")
    step = journey.step_node(_text(edit, "step"))
    value = _value(edit, field)
    if field == "emotion":
        return _set_emotion(journey, step, _persona(edit), value)
    if edit.get("persona") is not None:
        raise Refused("only an emotion is given per persona")
    return set_key(journey, step, field, value)


def set_stage(journey: JourneyText, edit: Edit) -> str:
    field = edit.get("field")
    if field not in STAGE_FIELDS:
        raise Refused(
            f"'{field}' is not a stage field the map edits: one of {sorted(STAGE_FIELDS)}"
        )
    stage = journey.stages[journey.stage(_text(edit, "stage"))]
    return set_key(journey, stage, field, _value(edit, field))


def _value(edit: Edit, field: str) -> object:
    value = edit.get("value")
    if field in STEP_LISTS:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Refused(f"'{field}' is a list of texts")
        kept = [item for item in value if item.strip()]
        return kept or None  # an emptied list: the key goes
    if field in STEP_FLAGS:
        if not isinstance(value, bool):
            raise Refused(f"'{field}' is true or false")
        return value if value else None  # false is the default: the key goes
    if field in STEP_TEXTS | STEP_IDS | STAGE_FIELDS:
        if value is not None and not isinstance(value, str):
            raise Refused(f"'{field}' is text")
        if isinstance(value, str) and not value.strip():
            value = None  # an emptied cell: the key goes
        if value is None and field in REQUIRED:
            raise Refused(f"'{field}' cannot be empty")
    return value


def _text(edit: Edit, key: str) -> str:
    value = edit.get(key)
    if not isinstance(value, str) or not value:
        raise Refused(f"'{key}' must name one, as text")
    return value


def _persona(edit: Edit) -> str | None:
    persona = edit.get("persona")
    if persona is not None and (not isinstance(persona, str) or not persona):
        raise Refused("'persona' is a persona id or null")
    return persona


# -- steps and stages -------------------------------------------------------


def _sequence(mapping: yaml.Node, key: str) -> yaml.SequenceNode:
    found = entry(mapping, key)
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        raise Refused(f"'{key}' is not a list here")
    return found[1]


def _item_lines(journey: JourneyText, first: int, end: int, column: int) -> list[str]:
    """Lines of an item, moved left to column 0 (blank lines as they are)."""
    moved = []
    for line in journey.lines.lines[first:end]:
        if line.strip() and line[:column].strip(" "):
            raise Refused("a list item is indented unevenly; edit it in the file")
        moved.append(line[column:] if line.strip() else line)
    if moved and not moved[-1].endswith(("\n", "\r")):
        moved[-1] += journey.newline
    return moved


def _indented(lines: list[str], column: int) -> list[str]:
    return [" " * column + line if line.strip() else line for line in lines]


def _cut(journey: JourneyText, sequence: yaml.SequenceNode, index: int) -> tuple[str, list[str]]:
    """The text without one item of a block list, and the item's lines at column 0. A
    list left empty is written `[]`, so that it stays a list."""
    item = journey.item(sequence, index)
    lines = _item_lines(journey, item.first, item.end, item.column)
    kept = journey.lines.lines[: item.first] + journey.lines.lines[item.end :]
    text = "".join(kept)
    if len(sequence.value) == 1:
        key_end = _key_before(journey, sequence)
        text = text[:key_end] + " []" + text[key_end:]
    return journey.whole(text), lines


def _key_before(journey: JourneyText, sequence: yaml.SequenceNode) -> int:
    """Just after the colon of the key whose value is `sequence`."""
    at = journey.text.rfind(":", 0, sequence.start_mark.index)
    if at < 0:
        raise Refused("a list has no key before it")
    return at + 1


def _place_in_stage(
    journey: JourneyText, stage_index: int, after: str | None, lines: list[str]
) -> str:
    """The text with an item's lines put among a stage's steps: after a step, or first."""
    stage = journey.stages[stage_index]
    found = entry(stage, "steps")
    offset = journey.list_offset()
    if after is not None:
        where_stage, index = journey.step(after)
        if where_stage != stage_index:
            raise Refused(f"step '{after}' is not in that stage")
        item = journey.item(_sequence(stage, "steps"), index)
        return _insert_lines(journey, item.end, _indented(lines, item.column))
    if found is not None and isinstance(found[1], yaml.SequenceNode) and found[1].value:
        item = journey.item(found[1], 0)
        return _insert_lines(journey, item.first, _indented(lines, item.column))
    key_column = journey.column(stage.value[0][0].start_mark.index)
    if found is None:
        head = f"{' ' * key_column}steps:{journey.newline}"
        if not isinstance(stage, yaml.MappingNode):
            raise Refused("a stage is not a mapping")
        line = journey.mapping_end(stage)
        return _insert_lines(journey, line, [head, *_indented(lines, key_column + offset)])
    key, value = found
    if not (
        (isinstance(value, yaml.SequenceNode) and value.flow_style)
        or (isinstance(value, yaml.ScalarNode) and value.value == "")
    ):
        raise Refused("a stage's steps are not a list")
    # `steps: []` (or `steps:` with nothing) becomes a block list of one item
    colon = journey.text.index(":", key.end_mark.index) + 1
    end = value.end_mark.index if isinstance(value, yaml.SequenceNode) else colon
    text = journey.text[:colon] + journey.text[end:]
    line = journey.lines.line_of(key.start_mark.index) + 1
    again = JourneyText(journey.whole(text))
    return _insert_lines(again, line, _indented(lines, key_column + offset))


def add_step(journey: JourneyText, edit: Edit) -> str:
    title = _value({"value": edit.get("title")}, "title")
    item = ["- title: " + scalar_text(title, flow=False, key_indent=0, newline=journey.newline)]
    item[0] += journey.newline
    after = edit.get("after")
    if after is not None:
        stage_index = journey.step(_text(edit, "after"))[0]
    else:
        stage_index = journey.stage(_text(edit, "stage"))
    return _place_in_stage(journey, stage_index, after, item)


def remove_step(journey: JourneyText, edit: Edit) -> str:
    stage_index, index = journey.step(_text(edit, "step"))
    return _cut(journey, _sequence(journey.stages[stage_index], "steps"), index)[0]


def move_step(journey: JourneyText, edit: Edit) -> str:
    step_id = _text(edit, "step")
    after = edit.get("after")
    if after == step_id:
        raise Refused("a step cannot move after itself")
    if after is not None:
        stage_id = journey.stage_ids[journey.step(_text(edit, "after"))[0]]
    else:
        stage_id = journey.stage_ids[journey.stage(_text(edit, "stage"))]
    stage_index, index = journey.step(step_id)
    without, lines = _cut(journey, _sequence(journey.stages[stage_index], "steps"), index)
    again = JourneyText(without)
    return _place_in_stage(again, again.stage(stage_id), after, lines)


def add_stage(journey: JourneyText, edit: Edit) -> str:
    name = _value({"value": edit.get("name")}, "name")
    found = entry(journey.root, "stages")
    if found is None or not isinstance(found[1], yaml.SequenceNode) or not found[1].value:
        raise Refused("this journey has no list of stages to add to")
    written = scalar_text(name, flow=False, key_indent=0, newline=journey.newline)
    lines = [f"- name: {written}{journey.newline}"]
    after = edit.get("after")
    if after is None:
        item = journey.item(found[1], 0)
        return _insert_lines(journey, item.first, _indented(lines, item.column))
    item = journey.item(found[1], journey.stage(_text(edit, "after")))
    return _insert_lines(journey, item.end, _indented(lines, item.column))


def remove_stage(journey: JourneyText, edit: Edit) -> str:
    index = journey.stage(_text(edit, "stage"))
    return _cut(journey, _sequence(journey.root, "stages"), index)[0]


OPS: dict[str, Callable[[JourneyText, Edit], str]] = {
    "set": set_step,
    "set_stage": set_stage,
    "add_step": add_step,
    "remove_step": remove_step,
    "move_step": move_step,
    "add_stage": add_stage,
    "remove_stage": remove_stage,
}


def apply(text: str, edit: Edit) -> str:
    """The journey's text with one edit made; `Refused` says why it cannot be."""
    op = OPS.get(str(edit.get("op")))
    if op is None:
        raise Refused(f"unknown op '{edit.get('op')}': one of {sorted(OPS)} or undo")
    return op(JourneyText(text), edit)
