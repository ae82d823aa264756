"""The one Markdown renderer: what authors write, with raw HTML off.

The `js-default` preset keeps `html=False`, so `<script>` stays text, and its
`validateLink` refuses `javascript:`, `vbscript:`, `file:` and most `data:`
links. One instance is built and reused: constructing it costs more than
rendering a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from generator.content import media

_MD = MarkdownIt("js-default")

# An image of the content root, as the page that shows it will find it. The renderer
# knows the file that names the image (`Markdown.of`), not the page it lands on (a card
# is made once for several pages), so it writes the image's place in the site after
# MEDIA, which the page's writer turns into a path from the page, and a PDF's into a
# file's URL.
# What is replaced is MEDIA_SRC, the marker with the attribute's opening quote: text an
# author writes reaches a page with its " escaped (&quot; &#34;, \" in JSON), so no
# author text can hold it, and it is replaced only where the renderer put it.
MEDIA = "journeymap-media:"
MEDIA_SRC = f'src="{MEDIA}'


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    named_in = env.get("named_in") if env else None
    if named_in is not None:
        placed = media.site_path(str(token.attrGet("src") or ""), *named_in)
        if placed is not None:
            token.attrSet("src", MEDIA + placed)
    return str(self.image(tokens, idx, options, env))


_MD.add_render_rule("image", _image)


def place_images(html: str, root: str) -> str:
    """A page's images of the content root, as paths from the page (`root`: the way back
    to the site's root, "../../")."""
    return html.replace(MEDIA_SRC, f'src="{root}') if MEDIA_SRC in html else html


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


@dataclass(frozen=True)
class Markdown:
    """Renders the Markdown of one file, its images of the content root placed (see
    MEDIA): made for each file whose text a page shows, and handed to what renders it.
    `PLAIN` places no image: text that names none, or not from a file of the root."""

    named_in: tuple[Path, Path] | None = None  # the file's folder, the root resolved

    @classmethod
    def of(cls, source: Path | None, root: Path) -> Markdown:
        """The renderer of the file `source` of the content root `root`."""
        return cls((source.parent, root.resolve())) if source is not None else PLAIN

    def render(self, text: str | None) -> Markup:
        """Block Markdown (paragraphs, lists) as trusted HTML."""
        if not text:
            return Markup("")
        if _plain(text):
            return Markup("<p>" + text.replace('"', "&quot;") + "</p>")
        # the one place where rendered Markdown becomes trusted HTML: the renderer escapes
        return Markup(_MD.render(text, {"named_in": self.named_in}).strip())

    def render_inline(self, text: str | None) -> Markup:
        """One line of Markdown (emphasis, links), without a wrapping paragraph."""
        if not text:
            return Markup("")
        if _plain(text):
            return Markup(text.replace('"', "&quot;"))
        return Markup(_MD.renderInline(text, {"named_in": self.named_in}).strip())


PLAIN = Markdown()


def render(text: str | None) -> Markup:
    """Block Markdown of no file (`PLAIN`): the templates' `markdown` filter."""
    return PLAIN.render(text)


def render_inline(text: str | None) -> Markup:
    """One line of Markdown of no file (`PLAIN`): the templates' `markdown_inline` filter."""
    return PLAIN.render_inline(text)
