"""search.json: what the index page's search looks in, kept small.

One entry a journey and one a step, with short keys and plain text (no
Markdown syntax, no HTML), so that a site of a few hundred maps stays far
below a megabyte.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.content.cache import JourneyList
from generator.content.model import Journey, Persona
from generator.views.steps import step_anchor

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


# In a journey's JSON alone, its steps point at it with this; no text can hold it,
# since JSON writes every quote inside a string as \".
_PARENT = ',"j":-1,'


def journey_json(journey: Journey, personas: dict[str, Persona]) -> tuple[str, int]:
    """A journey's entries as they appear in search.json, their `j` left open; and how
    many entries they are."""
    found = entries([journey], personas)
    for entry in found[1:]:
        entry["j"] = -1
    text = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    return text[1:-1], len(found)


def joined(parts: Iterable[tuple[str, int]]) -> Iterator[str]:
    """search.json, piece by piece, from the journeys' own parts: the same text as
    `search_json`."""
    offset = 0
    yield "["
    for number, (text, count) in enumerate(parts):
        yield ("," if number else "") + text.replace(_PARENT, f',"j":{offset},')
        offset += count
    yield "]"


def write_search(
    journeys: JourneyList,
    personas: dict[str, Persona],
    keys: dict[str, str],
    cache: Path,
    site: Path,
) -> None:
    """search.json and its script twin into `site`, written as they are made (at 10,000
    journeys the index is tens of MB: it is never held whole), with the part of each
    journey whose key (its page's: the journey's files, the personas, the tool) is
    unchanged taken from the last build's cache, which is written anew beside them."""
    try:
        old = json.loads(cache.read_text(encoding="utf-8"))
        old = old if isinstance(old, dict) else {}
    except (OSError, ValueError):
        old = {}  # no cache, or one we cannot read: every part is made again
    kept = cache.with_suffix(".tmp")
    (site / "assets").mkdir(parents=True, exist_ok=True)
    with (
        open(site / "search.json", "w", encoding="utf-8", newline="\n") as index,
        open(site / "assets/search-index.js", "w", encoding="utf-8", newline="\n") as script,
        _cache_writer(kept) as remember,
    ):
        script.write(SCRIPT_START)
        for piece in joined(_parts(journeys, personas, keys, old, remember)):
            index.write(piece)
            script.write(_in_script(piece))
        script.write(SCRIPT_END)
    with suppress(OSError):  # a cache that cannot be written only costs time
        os.replace(kept, cache)


def _parts(
    journeys: JourneyList,
    personas: dict[str, Persona],
    keys: dict[str, str],
    old: dict[str, object],
    remember: Callable[[str, list[object]], None],
) -> Iterator[tuple[str, int]]:
    for jid in journeys.ids:
        entry = old.get(jid)
        if isinstance(entry, list) and len(entry) == 3 and entry[0] == keys[jid]:
            part = (str(entry[1]), int(entry[2]))
        else:
            part = journey_json(journeys.source[jid], personas)
        remember(jid, [keys[jid], *part])
        yield part


@contextmanager
def _cache_writer(path: Path) -> Iterator[Callable[[str, list[object]], None]]:
    """Something that writes a JSON object entry by entry into `path`; nothing if the
    file cannot be written."""
    try:
        handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError:
        yield lambda key, value: None
        return
    first = [True]

    def remember(key: str, value: list[object]) -> None:
        separator = "{" if first[0] else ","
        first[0] = False
        handle.write(f"{separator}{json.dumps(key)}:{json.dumps(value, ensure_ascii=False)}")

    try:
        yield remember
        handle.write("{}" if first[0] else "}")
    finally:
        handle.close()


SCRIPT_START = "window.journeymapSearch = "
SCRIPT_END = ";\n"


def _in_script(text: str) -> str:
    return text.replace("</", "<\\/")
