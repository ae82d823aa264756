"""Each edit a map page can make, on the example journeys as they are: the new text is
asserted whole, so that a byte changed anywhere else fails. The same edits on the file
saved with CRLF line endings, and on files written with comments and flow style."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.edit.journey import JourneyText
from generator.edit.ops import apply
from generator.edit.text import Refused

EXAMPLES = Path(__file__).resolve().parent.parent / "journeys"
CART = (EXAMPLES / "ecommerce/cart-abandonment.yaml").read_text(encoding="utf-8")
B2B = (EXAMPLES / "b2b/first-purchase.yaml").read_text(encoding="utf-8")

SHOPPING_AD = """\
      - title: Sees a shopping ad
        doing: Searches the toner model on her phone and taps an Acme shopping ad.
        thinking: "Acme... I think I bought there once."
        feeling: curious
        emotion: 0
        touchpoint: Shopping ad with price
        channel: ads
        owner: marketing
        metrics: {ctr: 3.4%, cost_per_click: 0.42}
"""
NEWSLETTER = """\
    steps:
      - title: Ignores the newsletter
        doing: Receives the weekly newsletter she never asked for and unsubscribes.
        thinking: "I only made an account to buy toner."
        feeling: annoyed
        emotion: -1
        touchpoint: Weekly newsletter
        channel: email
        owner: marketing
        metrics: {open_rate: 11%, unsubscribe_rate: 1.8%}
        pains: [Newsletter opt-in pre-ticked in the registration form]
"""


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (edit, the text before, what it becomes) on cart-abandonment.yaml
CART_EDITS = [
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "thinking", "value": "Acme? Maybe."},
        '        thinking: "Acme... I think I bought there once."\n',
        '        thinking: "Acme? Maybe."\n',
        id="set-keeps-the-quotes",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "touchpoint", "value": "Ad: price"},
        "        touchpoint: Shopping ad with price\n",
        '        touchpoint: "Ad: price"\n',
        id="set-quotes-where-plain-would-not-read-back",
    ),
    pytest.param(
        {
            "op": "set",
            "step": "sees-a-shopping-ad",
            "field": "doing",
            "value": "Searches the toner.\n\n**Taps** the ad.\n",
        },
        "        doing: Searches the toner model on her phone and taps an Acme shopping ad.\n",
        "        doing: |\n          Searches the toner.\n\n          **Taps** the ad.\n",
        id="set-several-lines-as-a-literal-block",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "emotion", "value": -2},
        "        emotion: 0\n        touchpoint: Shopping ad with price\n",
        "        emotion: -2\n        touchpoint: Shopping ad with price\n",
        id="set-emotion",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "channel", "value": "social"},
        "        channel: ads\n",
        "        channel: social\n",
        id="set-channel",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "moment_of_truth", "value": True},
        SHOPPING_AD,
        SHOPPING_AD + "        moment_of_truth: true\n",
        id="toggle-moment-of-truth-on",
    ),
    pytest.param(
        {
            "op": "set",
            "step": "is-asked-to-log-in-or-register",
            "field": "moment_of_truth",
            "value": False,
        },
        "        moment_of_truth: true\n        expectation: Pay as a guest, as",
        "        expectation: Pay as a guest, as",
        id="toggle-moment-of-truth-off",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "owner", "value": None},
        "        channel: ads\n        owner: marketing\n        metrics: {ctr",
        "        channel: ads\n        metrics: {ctr",
        id="empty-a-field",
    ),
    pytest.param(
        {
            "op": "set",
            "step": "reads-the-product-page",
            "field": "pains",
            "value": ["Delivery time shown only for Milan", "Stock: not shown", " "],
        },
        "        pains: [Delivery time shown only for Milan]\n",
        '        pains: [Delivery time shown only for Milan, "Stock: not shown"]\n',
        id="set-a-flow-list",
    ),
    pytest.param(
        {"op": "set", "step": "sees-a-shopping-ad", "field": "opportunities", "value": ["Show it"]},
        SHOPPING_AD,
        SHOPPING_AD + "        opportunities: [Show it]\n",
        id="add-a-list",
    ),
    pytest.param(
        {"op": "add_step", "after": "sees-a-shopping-ad", "title": "Asks a colleague"},
        SHOPPING_AD,
        SHOPPING_AD + "      - title: Asks a colleague\n",
        id="add-step-after",
    ),
    pytest.param(
        {"op": "add_step", "after": None, "stage": "lost", "title": "Forgets: Acme"},
        "    steps:\n      - title: Ignores the newsletter\n",
        '    steps:\n      - title: "Forgets: Acme"\n      - title: Ignores the newsletter\n',
        id="add-step-first-in-stage",
    ),
    pytest.param(
        {"op": "remove_step", "step": "sees-a-shopping-ad"},
        SHOPPING_AD,
        "",
        id="remove-step",
    ),
    pytest.param(
        {"op": "remove_step", "step": "ignores-the-newsletter"},
        NEWSLETTER,
        "    steps: []\n",
        id="remove-the-last-step-of-a-stage",
    ),
    pytest.param(
        {"op": "add_stage", "after": "checkout", "name": "Waiting"},
        "        metrics: {cart_abandonment: 78%}\n  - name: Lost customer\n",
        "        metrics: {cart_abandonment: 78%}\n  - name: Waiting\n  - name: Lost customer\n",
        id="add-stage",
    ),
    pytest.param(
        {"op": "set_stage", "stage": "checkout", "field": "name", "value": "Payment"},
        "  - name: Checkout\n",
        "  - name: Payment\n",
        id="rename-stage",
    ),
]


@pytest.mark.parametrize(("edit", "old", "new"), CART_EDITS)
def test_an_edit_changes_only_its_lines(edit: dict[str, object], old: str, new: str) -> None:
    assert apply(CART, edit) == replaced(CART, old, new)


@pytest.mark.parametrize(("edit", "old", "new"), CART_EDITS)
def test_a_crlf_file_stays_crlf(edit: dict[str, object], old: str, new: str) -> None:
    crlf = CART.replace("\n", "\r\n")
    expected = replaced(crlf, old.replace("\n", "\r\n"), new.replace("\n", "\r\n"))
    assert apply(crlf, edit).encode() == expected.encode()


def test_moving_a_step_to_another_stage_moves_its_lines() -> None:
    moved = apply(
        CART, {"op": "move_step", "step": "sees-a-shopping-ad", "after": "reads-the-product-page"}
    )
    without = replaced(CART, SHOPPING_AD, "")
    anchor = "        pains: [Delivery time shown only for Milan]\n"
    assert moved == replaced(without, anchor, anchor + SHOPPING_AD)


def test_moving_a_step_first_in_a_stage_written_at_another_indentation() -> None:
    # the steps of the lost stage are written at 8 here: the one moved comes back to 6
    deeper = "".join(
        "  " + line if line.strip() else line for line in NEWSLETTER.splitlines(True)[1:]
    )
    text = replaced(CART, NEWSLETTER, "    steps:\n" + deeper)
    moved = apply(
        text,
        {"op": "move_step", "step": "ignores-the-newsletter", "after": None, "stage": "awareness"},
    )
    first = "    steps:\n      - title: Notices the toner"
    assert moved == replaced(
        replaced(text, "    steps:\n" + deeper, "    steps: []\n"),
        first,
        "    steps:\n" + "".join(NEWSLETTER.splitlines(True)[1:]) + first[len("    steps:\n") :],
    )


def test_a_persona_emotion_given_per_persona() -> None:
    edit = {
        "op": "set",
        "step": "searches-for-erp",
        "field": "emotion",
        "persona": "marco",
        "value": -2,
    }
    assert apply(B2B, edit) == replaced(
        B2B,
        "emotion: {marco: 1}\n        touchpoint: Search",
        "emotion: {marco: -2}\n        touchpoint: Search",
    )
    edit = {**edit, "persona": "giulia", "value": 2}
    assert apply(B2B, edit) == replaced(
        B2B,
        "emotion: {marco: 1}\n        touchpoint: Search",
        "emotion: {marco: 1, giulia: 2}\n        touchpoint: Search",
    )


def test_one_emotion_for_all_becomes_one_each_when_a_persona_moves() -> None:
    text = B2B.replace("emotion: {marco: -1, giulia: -1}", "emotion: -1")
    edit = {
        "op": "set",
        "step": "visits-pricing-page",
        "field": "emotion",
        "persona": "giulia",
        "value": 1,
    }
    assert apply(text, edit) == B2B.replace(
        "emotion: {marco: -1, giulia: -1}", "emotion: {marco: -1, giulia: 1}"
    )


COMMENTED = """\
# a journey written by hand
title: Primo acquisto   # the title
persona: giulia
stages:
- name: Consapevolezza  # stage one
  steps:
  # the first step
  - {title: Legge una recensione, emotion: 1}

  - title: 'Chiama l''assistenza'   # quoted
    emotion: -1
    pains: [Attesa, "Musica: troppo alta"]
  # the stage ends here
- name: Acquisto
  steps: []
"""


def test_comments_flow_style_and_indentless_lists() -> None:
    edit = {"op": "set", "step": "legge-una-recensione", "field": "emotion", "value": 2}
    assert apply(COMMENTED, edit) == replaced(COMMENTED, "emotion: 1}", "emotion: 2}")
    edit = {"op": "set", "step": "legge-una-recensione", "field": "feeling", "value": "curiosa, ma"}
    assert apply(COMMENTED, edit) == replaced(
        COMMENTED, "emotion: 1}", 'emotion: 1, feeling: "curiosa, ma"}'
    )
    edit = {
        "op": "set",
        "step": "chiama-l-assistenza",
        "field": "title",
        "value": "Chiama l'help desk",
    }
    assert apply(COMMENTED, edit) == replaced(
        COMMENTED, "'Chiama l''assistenza'", "'Chiama l''help desk'"
    )
    # a step with its comment moves into an empty stage, at the file's own indentation
    moved = apply(
        COMMENTED,
        {"op": "move_step", "step": "legge-una-recensione", "after": None, "stage": "acquisto"},
    )
    assert moved == (
        COMMENTED.replace(
            "  # the first step\n  - {title: Legge una recensione, emotion: 1}\n", ""
        ).replace(
            "  steps: []\n",
            "  steps:\n  # the first step\n  - {title: Legge una recensione, emotion: 1}\n",
        )
    )
    removed = apply(COMMENTED, {"op": "remove_step", "step": "chiama-l-assistenza"})
    assert removed == replaced(
        COMMENTED,
        "\n  - title: 'Chiama l''assistenza'   # quoted\n    emotion: -1\n"
        '    pains: [Attesa, "Musica: troppo alta"]\n',
        "\n",
    )


def test_a_file_without_a_final_line_ending() -> None:
    text = COMMENTED.replace("  steps: []\n", "  steps:\n  - title: Paga").rstrip("\n")
    added = apply(text, {"op": "add_step", "after": "paga", "title": "Riceve"})
    assert added == text + "\n  - title: Riceve\n"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"op": "set", "step": "nope", "field": "doing", "value": "x"}, "no step 'nope'"),
        ({"op": "set", "step": "sees-a-shopping-ad", "field": "id", "value": "x"}, "not a field"),
        (
            {"op": "set", "step": "sees-a-shopping-ad", "field": "title", "value": ""},
            "cannot be empty",
        ),
        (
            {"op": "set", "step": "sees-a-shopping-ad", "field": "emotion", "value": "high"},
            "a number",
        ),
        (
            {"op": "set", "step": "sees-a-shopping-ad", "field": "pains", "value": "x"},
            "a list of texts",
        ),
        ({"op": "frobnicate"}, "unknown op"),
        (
            {"op": "move_step", "step": "sees-a-shopping-ad", "after": "sees-a-shopping-ad"},
            "after itself",
        ),
        ({"op": "add_stage", "after": "nope", "name": "X"}, "no stage 'nope'"),
    ],
)
def test_an_edit_that_cannot_be_made_is_refused(edit: dict[str, object], message: str) -> None:
    with pytest.raises(Refused, match=message):
        apply(CART, edit)


def _journeys() -> list[Path]:
    from generator.content.sources import discover

    return discover(EXAMPLES).journeys


def _steps(data: dict[str, Any]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, stage in enumerate(data["stages"])
        for j, _ in enumerate(stage.get("steps") or [])
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", _journeys(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_step_of_every_example_reads_back_as_edited(path: Path) -> None:
    """Each op on each step and stage of the example journeys: the new text reads back as
    the data with that one change, whatever the file's layout."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    shape = JourneyText(text)
    flat = _steps(data)
    for number, (i, j) in enumerate(flat):
        step_id = shape.step_ids[number]
        expected = copy.deepcopy(data)
        expected["stages"][i]["steps"][j]["title"] = "Edited: a title"
        edited = apply(
            text, {"op": "set", "step": step_id, "field": "title", "value": "Edited: a title"}
        )
        assert yaml.safe_load(edited) == expected
        expected = copy.deepcopy(data)
        removed = expected["stages"][i]["steps"].pop(j)
        assert yaml.safe_load(apply(text, {"op": "remove_step", "step": step_id})) == expected
        if number + 1 < len(flat):
            k, m = flat[number + 1]
            expected["stages"][k]["steps"].insert(m if k == i else m + 1, removed)
            move = {"op": "move_step", "step": step_id, "after": shape.step_ids[number + 1]}
            assert yaml.safe_load(apply(text, move)) == expected
        expected = copy.deepcopy(data)
        expected["stages"][i]["steps"].insert(j + 1, {"title": "New"})
        added = apply(text, {"op": "add_step", "after": step_id, "title": "New"})
        assert yaml.safe_load(added) == expected
    for index, stage_id in enumerate(shape.stage_ids):
        expected = copy.deepcopy(data)
        expected["stages"][index]["name"] = "Renamed"
        renamed = apply(
            text, {"op": "set_stage", "stage": stage_id, "field": "name", "value": "Renamed"}
        )
        assert yaml.safe_load(renamed) == expected
        expected = copy.deepcopy(data)
        expected["stages"].insert(index + 1, {"name": "Added"})
        assert (
            yaml.safe_load(apply(text, {"op": "add_stage", "after": stage_id, "name": "Added"}))
            == expected
        )
        expected = copy.deepcopy(data)
        expected["stages"][index]["steps"] = expected["stages"][index].get("steps") or []
        expected["stages"][index]["steps"].insert(0, {"title": "First"})
        first = {"op": "add_step", "after": None, "stage": stage_id, "title": "First"}
        assert yaml.safe_load(apply(text, first)) == expected


def test_a_block_list_stays_a_block_list() -> None:
    text = (
        "title: T\nstages:\n- name: S\n  steps:\n  - title: A\n"
        "    pains:\n      - One\n      - 'Two'\n    emotion: 1\n"
    )
    edit = {"op": "set", "step": "a", "field": "pains", "value": ["One", "Two: or three\nlines\n"]}
    assert apply(text, edit) == replaced(
        text, "      - 'Two'\n", "      - |\n        Two: or three\n        lines\n"
    )
