"""The Jinja environment of the site and the printable maps, and the pages a build renders.

Templates are looked up in the user's `templates/` folder beside the content
root first, then in the packaged ones; `default:journey.html` always names
the packaged file, so an override can extend what it replaces. A template
typo fails the build (StrictUndefined) instead of printing an empty string.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)

from generator.common.paths import packaged_templates
from generator.content.root import Content
from generator.views.i18n import Labels, labels_for
from generator.views.markdown import render, render_inline


def template_dirs(content: Content) -> list[Path]:
    """The user's own template folders, most specific first (today: ROOT/../templates)."""
    own = (content.root / ".." / "templates").resolve()
    return [own] if own.is_dir() and own != packaged_templates().resolve() else []


def environment(content: Content) -> Environment:
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
    )
    env.filters["markdown"] = render
    env.filters["markdown_inline"] = render_inline
    return env


def labels(content: Content) -> Labels:
    return labels_for(content.site)
