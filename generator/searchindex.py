"""search.json: what the index page's search looks in, kept small.

One entry a journey and one a step, with short keys and plain text (no
Markdown syntax, no HTML), so that a site of a few hundred maps stays far
below a megabyte.
"""

from __future__ import annotations

import json
import re

from generator.mapview import step_anchor
from generator.model import Journey, Persona

_MARKUP = re.compile(r"[*_`#>]+|\[([^\]\0]*)\]\([^)\0]*\)")


def plain(text: str | None) -> str:
    """Markdown -> the words a person would type: links keep their text, marks go."""
    if not text:
        return ""
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return " ".join(text.split())


def words(*texts: str | None) -> str:
    """The distinct words of the texts, in first-seen order: what a search can match.

    The browser tests every word of a query against this string, so order and
    repetition add bytes and nothing else.
    """
    # one pass over all the texts: NUL keeps a link from spanning two of them
    joined = _MARKUP.sub(lambda m: m.group(1) or "", "\0".join(t for t in texts if t))
    seen = dict.fromkeys(
        word.strip(".,;:!?()\"'") for word in joined.replace("\0", " ").lower().split()
    )
    return " ".join(w for w in seen if w)


def entries(journeys: list[Journey], personas: dict[str, Persona]) -> list[dict[str, str | int]]:
    """A journey entry, then its steps; a step's `j` is the index of its journey's entry."""
    out: list[dict[str, str | int]] = []
    for journey in journeys:
        url = f"journeys/{journey.id}/index.html"
        names = [personas[p].name for p in journey.persona if p in personas]
        parent = len(out)
        out.append(
            {"u": url, "t": journey.title, "x": words(journey.summary, *journey.tags, *names)}
        )
        for stage, step in journey.steps():
            out.append(
                {
                    "u": f"{url}#{step_anchor(step.id or '')}",
                    "t": step.title,
                    "j": parent,
                    "x": words(
                        stage.name,
                        step.doing,
                        step.thinking,
                        step.feeling,
                        step.touchpoint,
                        step.expectation,
                        step.reality,
                        *step.pains,
                        *step.opportunities,
                    ),
                }
            )
    return out


def search_json(journeys: list[Journey], personas: dict[str, Persona]) -> str:
    return json.dumps(entries(journeys, personas), ensure_ascii=False, separators=(",", ":"))


def search_script(index_json: str) -> str:
    """The same index as a script, for pages opened from file:// where fetch() is refused."""
    safe = index_json.replace("</", "<\\/")
    return f"window.journeymapSearch = {safe};\n"
