"""Break opportunities in long words, for the HTML handed to WeasyPrint.

WeasyPrint wraps a word wider than its box (`overflow-wrap`) by trying ever
shorter first lines, which is quadratic in the word's length: a 3,000-letter
word without a space took minutes to print. Inserting a zero-width space
every few letters of a long run gives the line breaker places to cut, so such
a word costs what ordinary text costs.

U+200B rather than `<wbr>`: WeasyPrint 70 draws `<wbr>` as a separate inline
box and does not break there (the word overflows its cell), and the zero-width
space draws no glyph, so text extracted from the PDF has no trace of it.
Only text nodes are touched: never tags, attributes, entities, comments, or
the content of elements where the character would be read as data (`<title>`,
`<style>`, `<script>`, `<textarea>`) or is not text at all (`<svg>`, `<math>`).
"""

from __future__ import annotations

import re
import unicodedata

BREAK = "\u200b"
LONG = 30  # runs longer than this get break opportunities...
EVERY = 20  # ...every this many characters

# a comment, a tag (quoted attribute values may hold '>'), or the text up to the next '<'
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<[/!?]?[A-Za-z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+|<", re.S
)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_SKIPPED = frozenset({"title", "style", "script", "textarea", "svg", "math"})
_RUN = re.compile(rf"\S{{{LONG + 1},}}")
# a long run of anything but spaces and angle brackets: in text if a tag ended before it
_LONG = re.compile(rf"[^\s<>]{{{LONG + 1},}}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_JOINERS = frozenset("\u200d\u034f")  # zero-width joiner, combining grapheme joiner


def breakable(html: str) -> str:
    """The same HTML with a zero-width space every EVERY characters of each long word."""
    if not _has_long_text(html):  # nearly every document: nothing to do
        return html
    out = []
    skipping: str | None = None
    depth = 0
    for token in _TOKEN.findall(html):
        if token.startswith("<"):
            out.append(token)
            name = _TAG_NAME.match(token)
            if name is None:
                continue
            closing, tag = name[1] == "/", name[2].lower()
            if skipping is None:
                if not closing and tag in _SKIPPED and not token.endswith("/>"):
                    skipping, depth = tag, 1
            elif tag == skipping and not token.endswith("/>"):
                depth += -1 if closing else 1
                if depth == 0:
                    skipping = None
        elif skipping is None:
            out.append(_RUN.sub(lambda run: _split(run.group()), token))
        else:
            out.append(token)
    return "".join(out)


def _has_long_text(html: str) -> bool:
    """A quick look: ids, styles and path data inside tags do not count."""
    for match in _LONG.finditer(html):
        if html.rfind("<", 0, match.start()) <= html.rfind(">", 0, match.start()):
            return True
    return False


def _split(run: str) -> str:
    """A zero-width space after every EVERY units: an entity or a character with its marks."""
    units = _units(run)
    if len(units) <= LONG:
        return run
    return BREAK.join("".join(units[i : i + EVERY]) for i in range(0, len(units), EVERY))


def _units(run: str) -> list[str]:
    """Pieces that must stay together: entities, and characters with their combining marks,
    variation selectors and joined emoji (so a break never splits what a reader sees as one)."""
    units: list[str] = []
    index = 0
    while index < len(run):
        entity = _ENTITY.match(run, index) if run[index] == "&" else None
        piece = entity.group() if entity else run[index]
        index += len(piece)
        glued = units and (_is_mark(piece) or units[-1][-1] in _JOINERS or piece in _JOINERS)
        if glued:
            units[-1] += piece
        else:
            units.append(piece)
    return units


def _is_mark(piece: str) -> bool:
    if len(piece) != 1:
        return False
    code = ord(piece)
    return (
        unicodedata.category(piece).startswith("M")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (flags of regions)
    )


def clip(text: str, limit: int) -> str:
    """A heading of at most `limit` characters: a title that runs on is cut with an ellipsis,
    so it cannot push the map off its sheet (the PDF's bookmark keeps it whole)."""
    if len(text) <= limit:
        return text
    units = _units(text)
    return text if len(units) <= limit else "".join(units[: limit - 1]).rstrip() + "\u2026"
