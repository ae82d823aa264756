"""Ids derived from names: slugs, made unique inside their journey."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str) -> str:
    """`Legge una recensione` -> `legge-una-recensione`; `Perché?` -> `perche`."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-") or fallback


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3` ... whichever is still free; records the choice."""
    candidate = slug
    number = 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def assign(named: list[tuple[str | None, str | None]], fallback: str) -> list[str]:
    """The ids of a journey's stages, or of its steps, in order, from (written id, name):
    written ids kept as written (even one written twice, an error of its own), the others
    slugs of their names made unique among them all, with -2, -3 ..."""
    taken = {written for written, _ in named if written is not None}
    return [
        written if written is not None else unique(slugify(name or "", fallback), taken)
        for written, name in named
    ]
