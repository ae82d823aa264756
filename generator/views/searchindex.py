"""search.json: what the index page's search looks in, kept small.

One entry a journey, one a step, one an opportunity and one a study: short keys and
plain text (no Markdown syntax, no HTML). The page builds its index (MiniSearch) from
these entries, and shows the words around a match, so an entry keeps its texts as
written, one a line, rather than a bag of words.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.common.writing import replacing
from generator.content.backlog_model import Opportunity, Study
from generator.content.cache import JourneyList
from generator.content.model import Persona
from generator.content.resolved import ResolvedJourney
from generator.views.steps import step_anchor

# emphasis and code marks anywhere, heading and quote marks where a line starts (a `>`
# inside a sentence is the author's: "<b>" stays "<b>", as the page shows it), links
_MARKUP = re.compile(r"[*_`]+|^[ \t]*[#>][#> \t]*|\[([^\]\0]*)\]\([^)\0]*\)", re.M)

Entry = dict[str, str | int]


def plain(text: str | None) -> str:
    """Markdown -> the words a person would type: links keep their text, marks go."""
    if not text:
        return ""
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return " ".join(text.split())


def lines(*texts: str | None) -> str:
    """The texts as plain text, one a line, each once: what a search matches and what a
    result quotes. A line is never quoted across into the next."""
    return "\n".join(dict.fromkeys(found for found in map(plain, texts) if found))


def entries(journeys: list[ResolvedJourney], personas: dict[str, Persona]) -> list[Entry]:
    """A journey entry, then its steps; a step's `j` is the index of its journey's entry,
    and its `a` its anchor on the journey's page (the page's address is the journey's:
    written once, the index of a large site is a fifth smaller)."""
    out: list[Entry] = []
    for journey in journeys:
        url = f"journeys/{journey.id}/index.html"
        names = [personas[p].name for p in journey.persona if p in personas]
        parent = len(out)
        out.append(
            {
                "u": url,
                "t": journey.title,
                "x": lines(journey.summary, " ".join(journey.tags), *names),
            }
        )
        for stage, step in journey.steps():
            out.append(
                {
                    "a": step_anchor(step.id),
                    "t": step.title,
                    "j": parent,
                    "x": lines(
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


def backlog_entries(
    opportunities: Mapping[str, Opportunity], studies: Mapping[str, Study]
) -> list[Entry]:
    """The opportunities' and studies' entries (`k`: "o" or "s"), after the journeys':
    a few hundred at most, made again on every build."""
    out: list[Entry] = [
        {
            "u": f"opportunities/{oid}/index.html",
            "t": opportunity.title,
            "k": "o",
            "x": lines(opportunity.description, " ".join(opportunity.tags)),
        }
        for oid, opportunity in opportunities.items()
    ]
    out.extend(
        {
            "u": f"research/{sid}/index.html",
            "t": study.title,
            "k": "s",
            "x": lines(study.summary, *study.findings, *(quote.text for quote in study.quotes)),
        }
        for sid, study in studies.items()
    )
    return out


# the index and its twin for pages read from file://, where a fetch is refused
SEARCH_FILES = ("search.json", "assets/search-index.js")


def search_json(
    journeys: list[ResolvedJourney],
    personas: dict[str, Persona],
    backlog: list[Entry] | None = None,
) -> str:
    found = entries(journeys, personas) + (backlog or [])
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


# In a journey's JSON alone, its steps point at it with this; no text can hold it,
# since JSON writes every quote inside a string as \".
_PARENT = ',"j":-1,'


def journey_json(journey: ResolvedJourney, personas: dict[str, Persona]) -> tuple[str, int]:
    """A journey's entries as they appear in search.json, their `j` left open; and how
    many entries they are."""
    found = entries([journey], personas)
    for entry in found[1:]:
        entry["j"] = -1
    text = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    return text[1:-1], len(found)


def joined(parts: Iterable[tuple[str, int]], backlog: list[Entry] | None = None) -> Iterator[str]:
    """search.json, piece by piece, from the journeys' own parts and then the backlog's
    entries: the same text as `search_json`."""
    offset = 0
    yield "["
    for number, (text, count) in enumerate(parts):
        yield ("," if number else "") + text.replace(_PARENT, f',"j":{offset},')
        offset += count
    if backlog:
        text = json.dumps(backlog, ensure_ascii=False, separators=(",", ":"))[1:-1]
        yield ("," if offset else "") + text
    yield "]"


def write_search(
    journeys: JourneyList,
    personas: dict[str, Persona],
    keys: dict[str, str],
    cache: Path,
    site: Path,
    backlog: list[Entry] | None = None,
    held: dict[str, list[object]] | None = None,
) -> None:
    """search.json and its script twin into `site`, written as they are made (at 10,000
    journeys the index is tens of MB: it is never held whole), with the part of each
    journey whose key (its page's: the journey's files, the personas, the tool) is
    unchanged taken from the last build's cache, which is written anew beside them;
    the `backlog`'s entries (`backlog_entries`) come last.

    `held`: the parts kept in memory instead (a preview writes the index after each
    save), taken from it and put back into it; the index is then written whole."""
    if held is not None:
        _write_held(journeys, personas, keys, site, backlog, held)
        return
    try:
        old = json.loads(cache.read_text(encoding="utf-8"))
        old = old if isinstance(old, dict) else {}
    except (OSError, ValueError):
        old = {}  # no cache, or one we cannot read: every part is made again
    kept = cache.with_suffix(".tmp")
    (site / "assets").mkdir(parents=True, exist_ok=True)
    # each written beside its place and renamed over it: a site served while it is made
    # again (`journeymap serve`) has the old index or the new one, never a part of one
    index, script = (site / name for name in SEARCH_FILES)
    with replacing(index) as index_part, replacing(script) as script_part:
        _write_index(journeys, personas, keys, old, kept, [index_part, script_part], backlog)
    with suppress(OSError):  # a cache that cannot be written only costs time
        os.replace(kept, cache)


def _write_held(
    journeys: JourneyList,
    personas: dict[str, Persona],
    keys: dict[str, str],
    site: Path,
    backlog: list[Entry] | None,
    held: dict[str, list[object]],
) -> None:
    old: dict[str, object] = dict(held)
    held.clear()
    text = "".join(joined(_parts(journeys, personas, keys, old, held.__setitem__), backlog))
    (site / "assets").mkdir(parents=True, exist_ok=True)
    texts = (text, SCRIPT_START + _in_script(text) + SCRIPT_END)
    for final, data in zip((site / name for name in SEARCH_FILES), texts, strict=True):
        with replacing(final) as part:
            part.write_text(data, encoding="utf-8", newline="\n")


def _write_index(
    journeys: JourneyList,
    personas: dict[str, Persona],
    keys: dict[str, str],
    old: dict[str, object],
    kept: Path,
    parts: list[Path],
    backlog: list[Entry] | None,
) -> None:
    with (
        open(parts[0], "w", encoding="utf-8", newline="\n") as index,
        open(parts[1], "w", encoding="utf-8", newline="\n") as script,
        _cache_writer(kept) as remember,
    ):
        script.write(SCRIPT_START)
        for piece in joined(_parts(journeys, personas, keys, old, remember), backlog):
            index.write(piece)
            script.write(_in_script(piece))
        script.write(SCRIPT_END)


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
