"""html() writes what markupsafe.escape writes, looking before it escapes."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from generator.views.escaping import html, word

TEXTS = [
    "",
    "plain words",
    "Caffè «più» è qui",
    "a & b",
    "<script>alert(1)</script>",
    "l'assistenza",
    'il "sì"',
    "&amp; already",
    "a > b",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_is_written_as_escape_writes_it(text: str) -> None:
    assert html(text) == escape(text)
    assert word(text) == escape(text)


def test_markup_is_written_as_it_is_and_other_values_escaped() -> None:
    trusted = Markup("<b>bold</b>")
    assert html(trusted) is trusted
    assert html(3) == "3"
    assert html(None) == "None"
