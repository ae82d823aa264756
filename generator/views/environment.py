"""The Jinja environment of the site and the printable maps, and the pages a build renders.

Templates are looked up in the user's `templates/` folder beside the content
root first, then in the packaged ones; `default:journey.html` always names
the packaged file, so an override can extend what it replaces. A template
typo fails the build (StrictUndefined) instead of printing an empty string.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

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

from generator.common.paths import packaged_templates
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
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
        self.kept: dict[tuple[str, str, str], Markup] = {}

    def __call__(self, name: str, journey_id: str, **values: Any) -> Markup:
        key = self.keys.get(journey_id)
        page = getattr(values.get("chrome"), "path", None)  # links are relative to it
        if key is None or not isinstance(page, str):
            return self.draw(name, values)
        place = (name, key, page)
        found = self.kept.get(place)
        if found is None:
            found = self.kept[place] = self.draw(name, values)
        return found

    def draw(self, name: str, values: dict[str, Any]) -> Markup:
        return Markup(self.env.get_template(name).render(values))

    def remember(self, keys: Mapping[str, str]) -> None:
        """Keep what is drawn from now on, for journeys of these keys (id -> key); forget
        what was drawn for keys no longer any journey's (journeys changed or gone)."""
        current = set(keys.values())
        self.kept = {place: html for place, html in self.kept.items() if place[1] in current}
        self.keys = keys


def labels(content: Content) -> Labels:
    return labels_for(content.site)
