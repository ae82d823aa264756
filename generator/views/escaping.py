"""Values written into HTML drawn in Python as a template's `{{ value }}` writes them:
Markup as it is, every other value through markupsafe.escape (Jinja's autoescape).

The pages' largest parts (a map's cells, the rows of a channel's or a department's
pages) are drawn in Python, byte for byte as the template loops they replace drew them;
their words go through here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

# what markupsafe.escape replaces in a str: a text with none of them is written as it is
_SPECIAL = re.compile("[&<>'\"]").search


def html(value: object) -> str:
    """A value as the template's `{{ value }}` wrote it: Markup as it is, the rest escaped.
    Most author text has nothing to escape, and looking costs half what escaping does."""
    if type(value) is Markup or (type(value) is str and _SPECIAL(value) is None):
        return value
    return escape(value)


def word(value: object) -> str:
    """`html` of a word that recurs in every row (a label, a colour, a figure, a stage's
    name), escaped once: they were most of the escaping a map's cells did."""
    return _escaped_word(value) if type(value) is str else escape(value)


@lru_cache(maxsize=4096)
def _escaped_word(text: str) -> str:
    return escape(text)
