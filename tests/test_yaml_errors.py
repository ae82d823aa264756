"""YAML that does not parse is reported where the mistake is, not where libyaml gave up."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.content import load

if not yaml.__with_libyaml__:  # pragma: no cover - the places are libyaml's
    pytest.skip("libyaml is not installed", allow_module_level=True)

# a journey up to its first step
HEAD = "title: T\nstages:\n  - name: A\n    steps:\n"

CASES = {
    "a quoted text never closed": (
        'title: "T\nstages:\n  - name: A\n',
        "1:8: invalid YAML: this quoted text is never closed (the file ends at line 4)",
    ),
    "a single-quoted text closed by nothing but a new document": (
        "title: 'T\n---\nstages: []\n",
        "1:8: invalid YAML: this quoted text is never closed (the document ends at line 2)",
    ),
    "a list never closed": (
        HEAD + "      - title: x\n        pains: [No price\n      - title: y\n",
        "6:16: invalid YAML: this list is never closed: a ',' or ']' is missing "
        "before line 7, column 14",
    ),
    "a mapping never closed": (
        HEAD + "      - title: x\n        metrics: {csat: 3\n      - title: y\n",
        "6:18: invalid YAML: this mapping is never closed: a ',' or '}' is missing "
        "before line 7, column 14",
    ),
    "a closing quote forgotten, taken up by the next quote": (
        HEAD + '      - title: x\n        thinking: "Is it for us?\n'
        "        feeling: hopeful\n"
        '      - title: y\n        thinking: "People like it."\n',
        "6:19: invalid YAML: this quoted text runs on to line 9, where the parser gives up "
        "(did not find expected key); is its closing quote missing?",
    ),
    "a tab that indents": (
        "title: T\nstages:\n\t- name: A\n",
        "3:1: invalid YAML: a tab character; YAML indents with spaces only",
    ),
    "a tab after a value": (
        "title: T\n\tstages: []\n",
        "2:1: invalid YAML: a tab character; YAML indents with spaces only",
    ),
    # a block has no closing mark to forget: the line that breaks it is the culprit
    "a line indented wrongly": (
        "title: A\nstages:\n  - name: S\n   steps: []\n",
        "4:4: invalid YAML: did not find expected '-' indicator "
        "(in the list that starts at line 3, column 3); check the indentation of line 4 "
        "(3 spaces) against the line above (2 spaces)",
    ),
    "a key of a step indented less than the one above": (
        HEAD + "      - title: x\n        emotion: 1\n\n        # after a blank line\n"
        "       doing: y\n",
        "9:8: invalid YAML: did not find expected '-' indicator "
        "(in the list that starts at line 5, column 7); check the indentation of line 9 "
        "(7 spaces) against the line above (8 spaces)",
    ),
    "a key indented under a value": (
        "title: Più veloce\n  summary: x\nstages: []\n",
        "2:3: invalid YAML: mapping values are not allowed in this context; check the "
        "indentation of line 2 (2 spaces) against the line above (0 spaces)",
    ),
    "a colon inside a value": (
        HEAD + '      - title: Nota: il "preventivo" è lento\n',
        "5:20: invalid YAML: a ': ' inside a value; write the value in quotes: "
        'title: "Nota: il \\"preventivo\\" è lento"',
    ),
    "text after a quoted value": (
        'title: "A" B\nstages: []\n',
        "1:12: invalid YAML: did not find expected key "
        "(in the mapping that starts at line 1, column 1)",
    ),
    # no control character is YAML text: libyaml says where as a byte offset, PyYAML as a
    # character's, and neither as a line
    "a control character in line 40, after accented text": (
        "title: Caffè è più buono\n" + "summary: perché\n" * 38 + "note: ab\x07c\n",
        "40:9: invalid YAML: a control character (U+0007) cannot be in YAML text; remove it",
    ),
    "a control character in a quoted text": (
        'title: "Più\x1b[31m rosso"\n',
        "1:12: invalid YAML: a control character (U+001B) cannot be in YAML text; remove it",
    ),
    "a C1 control character": (
        "title: T\nstages: []\nsummary: 'à\x9f'\n",
        "3:12: invalid YAML: a control character (U+009F) cannot be in YAML text; remove it",
    ),
    "a noncharacter": (
        "title: T\r\nsummary: x\ufffe\r\n",
        "2:11: invalid YAML: a control character (U+FFFE) cannot be in YAML text; remove it",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_yaml_errors_point_at_the_culprit(case: str, tmp_path: Path) -> None:
    text, expected = CASES[case]
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    (diagnostic,) = load.read(path)  # type: ignore[misc]
    place, message = expected.split(": ", 1)
    line, column = place.split(":")
    assert (diagnostic.line, diagnostic.column) == (int(line), int(column))
    assert diagnostic.message == message
    if "never closed" in message or "closing quote" in message:  # at the opening quote or bracket
        assert text.splitlines()[diagnostic.line - 1][diagnostic.column - 1] in "\"'[{"


def test_no_message_is_pyyaml_s_own(tmp_path: Path) -> None:
    """Every message of a file that does not load says its place as ours, never PyYAML's
    `in "<unicode string>", position 6610`, whichever loader reads it."""
    texts = [*(text for text, _ in CASES.values()), "a: \x00\x07", "- [\n", "&a [*a]\n"]
    for pure in (False, True):
        for text in texts:
            path = tmp_path / "t.yaml"
            path.write_bytes(text.encode())
            with pytest.MonkeyPatch.context() as patch:
                if pure:  # as where libyaml is missing
                    patch.setattr(load, "_Composer", yaml.SafeLoader)
                    patch.setattr(load, "_Loader", yaml.SafeLoader)
                found = load.read(path)
            assert isinstance(found, list), text
            for diagnostic in found:
                assert "<unicode string>" not in diagnostic.message
                assert "position" not in diagnostic.message
                assert "\n" not in diagnostic.message
