"""The one Markdown renderer: what authors write, with raw HTML off.

The `js-default` preset keeps `html=False`, so `<script>` stays text, and its
`validateLink` refuses `javascript:`, `vbscript:`, `file:` and most `data:`
links. One instance is built and reused: constructing it costs more than
rendering a paragraph.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_MD = MarkdownIt("js-default")


def render(text: str | None) -> Markup:
    """Block Markdown (paragraphs, lists) as trusted HTML."""
    if not text:
        return Markup("")
    # the one place where rendered Markdown becomes trusted HTML: the renderer escapes
    return Markup(_MD.render(text).strip())


def render_inline(text: str | None) -> Markup:
    """One line of Markdown (emphasis, links), without a wrapping paragraph."""
    if not text:
        return Markup("")
    return Markup(_MD.renderInline(text).strip())
