"""The Jinja environment of the site and the printable maps, and the pages a build renders.

Templates are looked up in the user's `templates/` folder beside the content
root first, then in the packaged ones; `default:journey.html` always names
the packaged file, so an override can extend what it replaces. A template
typo fails the build (StrictUndefined) instead of printing an empty string.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)
from markupsafe import Markup

from generator.common.digests import tool_digest
from generator.common.paths import packaged_templates
from generator.common.writing import dump_pickled, load_pickled
from generator.content.root import Content
from generator.views.i18n import Labels, labels_for
from generator.views.markdown import render, render_inline


def template_dirs(content: Content) -> list[Path]:
    """The user's own template folders, most specific first (today: ROOT/../templates)."""
    own = (content.root / ".." / "templates").resolve()
    return [own] if own.is_dir() and own != packaged_templates().resolve() else []


def environment(content: Content, compiled: Path | None = None) -> Environment:
    """`compiled`: a folder where the templates are kept compiled from one build to the
    next (each is checked against its source): a rebuild of one edited journey spent
    a fifth of its time compiling the same templates again."""
    loaders: list[BaseLoader] = [
        PrefixLoader({"default": FileSystemLoader(packaged_templates())}, delimiter=":"),
        *(FileSystemLoader(folder) for folder in template_dirs(content)),
        FileSystemLoader(packaged_templates()),
    ]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # an environment lives for one build, while its templates cannot change: a
        # template once loaded is not looked at on disk again for each page
        auto_reload=False,
        bytecode_cache=_bytecode_cache(compiled),
    )
    env.filters["markdown"] = render
    env.filters["markdown_inline"] = render_inline
    env.globals["fragment"] = Fragments(env)
    return env


def _bytecode_cache(folder: Path | None) -> FileSystemBytecodeCache | None:
    """Jinja matches a compiled template by its source alone: what compiles it (this
    module's settings, Jinja itself) is written beside them, and a change empties them."""
    if folder is None:
        return None
    made_by = f"jinja {jinja2.__version__}, journeymap {tool_digest()}\n"
    stamp = folder / "made-by"
    try:
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != made_by:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
            stamp.write_text(made_by, encoding="utf-8")
    except OSError:
        return None  # no cache: the templates are compiled, as without one
    return FileSystemBytecodeCache(str(folder))


class Fragments:
    """`fragment(name, journey_id, **values)` in a template: the partial `name` drawn for
    one journey of a page that shows many (its card, what a persona lived on it).

    A build draws each as it is asked for. A preview that renders the same pages again
    after each save tells it, with `remember`, the key of each journey's inputs (the
    journey's page key: its files, the site, personas, templates, tool and date): a
    part already drawn for the same key on the same page is then taken as it was, and
    an edit of one journey draws its parts alone."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.keys: Mapping[str, str] = {}
        self.kept: dict[Place, Markup] = {}
        self.used: dict[Place, Markup] | None = None  # while `keeping`: what was asked for

    def __call__(self, name: str, journey_id: str, **values: Any) -> Markup:
        key = self.keys.get(journey_id)
        page = getattr(values.get("chrome"), "path", None)  # links are relative to it
        if key is None or not isinstance(page, str):
            return self.draw(name, values)
        place = (name, key, page)
        found = self.kept.get(place)
        if found is None:
            found = self.kept[place] = self.draw(name, values)
        if self.used is not None:
            self.used[place] = found
        return found

    def draw(self, name: str, values: dict[str, Any]) -> Markup:
        return Markup(self.env.get_template(name).render(values))

    def remember(self, keys: Mapping[str, str]) -> None:
        """Keep what is drawn from now on, for journeys of these keys (id -> key); forget
        what was drawn for keys no longer any journey's (journeys changed or gone)."""
        current = set(keys.values())
        self.kept = {place: html for place, html in self.kept.items() if place[1] in current}
        self.keys = keys

    @contextmanager
    def keeping(self, store: Path, keys: Mapping[str, str]) -> Iterator[None]:
        """Draw the parts of some pages of a build, taking those of the same key from
        `store` (what the last build's same pages drew) and leaving there, once they are
        written, the parts they asked for: a build after one edited journey draws that
        journey's parts of the pages that list every journey, not all of them again."""
        self.remember(keys)
        current = set(keys.values())
        self.kept.update((place, html) for place, html in _read_parts(store) if place[1] in current)
        self.used = {}
        try:
            yield
            _write_parts(store, self.used)
        finally:
            self.used = None


Place = tuple[str, str, str]  # the partial, the journey's key, the page it is drawn for


def _read_parts(store: Path) -> list[tuple[Place, Markup]]:
    parts = load_pickled(store, lambda value: isinstance(value, dict))
    return [
        (place, html)
        for place, html in (parts or {}).items()
        if isinstance(place, tuple)
        and len(place) == 3
        and all(isinstance(item, str) for item in place)
        and isinstance(html, Markup)
    ]


def _write_parts(store: Path, parts: Mapping[Place, Markup]) -> None:
    if parts:
        dump_pickled(store, parts)
    else:  # pages that draw no parts
        store.unlink(missing_ok=True)


def labels(content: Content) -> Labels:
    return labels_for(content.site)
