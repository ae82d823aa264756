"""The one Markdown renderer: what authors write, with raw HTML off.

The `js-default` preset keeps `html=False`, so `<script>` stays text, and its
`validateLink` refuses `javascript:`, `vbscript:`, `file:` and most `data:`
links. One instance is built and reused: constructing it costs more than
rendering a paragraph.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

_MD = MarkdownIt("js-default")

# Text that no Markdown rule can touch: one line that starts with a letter (not a
# list's digit, a heading's #, a quote's >, indentation), ends without a space, and
# holds only letters, digits, spaces and punctuation that no rule reads (no * _ ` [ ]
# < > & \\ ~ | # + =). Most of what authors write in a map is such text; markdown-it
# renders it as itself, HTML-escaped (only " can occur), which costs a hundredth.
# The letters are matched with \w, which has the _ the test then refuses: one class
# repeated is matched three times faster than a choice between two at every letter.
_PLAIN = re.compile(r"[^\W\d_][\w ,.;:?!'\"%/()\-]*(?<! )")


def _plain(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None and "_" not in text


def render(text: str | None) -> Markup:
    """Block Markdown (paragraphs, lists) as trusted HTML."""
    if not text:
        return Markup("")
    if _plain(text):
        return Markup("<p>" + text.replace('"', "&quot;") + "</p>")
    # the one place where rendered Markdown becomes trusted HTML: the renderer escapes
    return Markup(_MD.render(text).strip())


def render_inline(text: str | None) -> Markup:
    """One line of Markdown (emphasis, links), without a wrapping paragraph."""
    if not text:
        return Markup("")
    if _plain(text):
        return Markup(text.replace('"', "&quot;"))
    return Markup(_MD.renderInline(text).strip())
