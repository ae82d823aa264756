"""A journey file's stages and steps, found in its composed nodes, by the ids the site uses."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.content.ids import assign
from generator.edit.text import Lines, Refused, compose, indent, is_blank, is_comment, newline_of


@dataclass
class Item:
    """A block-sequence item as whole lines: [first, end), its dash at `column`."""

    first: int
    end: int
    column: int


def entry(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The key node and value node of `key` in a mapping node."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def text_of(mapping: yaml.Node, key: str) -> str | None:
    found = entry(mapping, key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    return str(found[1].value)


def items(mapping: yaml.Node, key: str) -> list[yaml.Node]:
    found = entry(mapping, key)
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        return []
    return list(found[1].value)


class JourneyText:
    """One journey's text, composed, with its stages and steps by id."""

    def __init__(self, text: str) -> None:
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.text = text[len(self.bom) :]
        self.root = compose(self.text)
        self.lines = Lines.of(self.text)
        self.newline = newline_of(self.text)
        self.stages = items(self.root, "stages")
        self.stage_ids = assign(
            [(text_of(s, "id"), text_of(s, "name")) for s in self.stages], "stage"
        )
        steps = [(text_of(step, "id"), text_of(step, "title")) for step in self._all_steps()]
        self.step_ids = assign(steps, "step")

    def _all_steps(self) -> list[yaml.Node]:
        return [step for stage in self.stages for step in items(stage, "steps")]

    def whole(self, text: str) -> str:
        return self.bom + text

    # -- finding ------------------------------------------------------------

    def stage(self, stage_id: str) -> int:
        for index, found in enumerate(self.stage_ids):
            if found == stage_id:
                return index
        raise Refused(f"no stage '{stage_id}' in this journey")

    def step(self, step_id: str) -> tuple[int, int]:
        """(stage index, step index in its stage)."""
        flat = 0
        for stage_index, stage in enumerate(self.stages):
            for index, _ in enumerate(items(stage, "steps")):
                if self.step_ids[flat] == step_id:
                    return stage_index, index
                flat += 1
        raise Refused(f"no step '{step_id}' in this journey")

    def step_node(self, step_id: str) -> yaml.Node:
        stage_index, index = self.step(step_id)
        return items(self.stages[stage_index], "steps")[index]

    def personas(self) -> list[str]:
        found = entry(self.root, "persona")
        if found is None:
            return []
        node = found[1]
        if isinstance(node, yaml.ScalarNode):
            return [str(node.value)]
        if isinstance(node, yaml.SequenceNode):
            return [str(n.value) for n in node.value if isinstance(n, yaml.ScalarNode)]
        return []

    # -- layout -------------------------------------------------------------

    def column(self, index: int) -> int:
        return self.lines.column_of(index)

    def item(self, sequence: yaml.SequenceNode, index: int) -> Item:
        """The lines of one item of a block sequence, with the comment lines just above it
        at its dash's indentation (they speak of it and go where it goes)."""
        if sequence.flow_style:
            raise Refused("this list is written in flow style ([...]); edit it in the file")
        line, column = self._dash(sequence.value[index])
        if index + 1 < len(sequence.value):
            end = self._dash(sequence.value[index + 1])[0]
            while end > line + 1 and self._leading(end - 1, column):
                end -= 1  # the next item's own comments
        else:
            end = self.end_line(sequence.value[index].end_mark.index)
        lines = self.lines.lines
        while end > line + 1 and (
            is_blank(lines[end - 1])
            or (is_comment(lines[end - 1]) and indent(lines[end - 1]) <= column)
        ):
            end -= 1
        first = line
        while first > 0 and self._leading(first - 1, column):
            first -= 1
        return Item(first, end, column)

    def _leading(self, line: int, column: int) -> bool:
        text = self.lines.lines[line]
        return is_comment(text) and indent(text) == column

    def end_line(self, index: int) -> int:
        """The first line after a node that ends at `index` (the start of the next token)."""
        if index >= len(self.text):
            return len(self.lines.lines)
        line = self.lines.line_of(index)
        before = self.text[self.lines.starts[line] : index]
        return line if before.strip(" ") == "" else line + 1

    def _dash(self, node: yaml.Node) -> tuple[int, int]:
        at = node.start_mark.index - 1
        while at >= 0 and self.text[at] in " \r\n":
            at -= 1
        if at < 0 or self.text[at] != "-":
            raise Refused("a list item is not where a block list puts it; edit it in the file")
        line = self.lines.line_of(at)
        column = at - self.lines.starts[line]
        if self.lines.lines[line][:column].strip(" "):
            raise Refused("a list item shares its line with another; edit it in the file")
        return line, column

    def mapping_end(self, mapping: yaml.MappingNode) -> int:
        """The line after the last line of a block mapping's content."""
        key_column = self.column(mapping.value[0][0].start_mark.index)
        end = self.end_line(mapping.end_mark.index)
        first = self.lines.line_of(mapping.start_mark.index)
        lines = self.lines.lines
        while end > first + 1 and (
            is_blank(lines[end - 1])
            or (is_comment(lines[end - 1]) and indent(lines[end - 1]) < key_column)
        ):
            end -= 1
        return end

    def list_offset(self) -> int:
        """How far this file indents a list's dashes under its key (2, or 0 for `key:\\n- a`)."""
        for stage in self.stages:
            found = entry(stage, "steps")
            steps = found[1] if found else None
            if isinstance(steps, yaml.SequenceNode) and steps.value and not steps.flow_style:
                dash = self._dash(steps.value[0])[1]
                return max(0, dash - self.column(found[0].start_mark.index))  # type: ignore[index]
        return 2
