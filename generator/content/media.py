"""The images an author's Markdown shows: found, and judged before anything is built.

A site works offline and fetches nothing at view time, so an image must come
from the content root: one on the network would be fetched by every reader
(and tell its host who reads), one outside the root or missing would be a
broken picture. Paths are relative to the file that names them, as a
persona's photo is. A `data:` image carries itself and is fine.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt

from generator.common.files import not_regular
from generator.content.load import Loc
from generator.content.model import Journey, Persona

_MD = MarkdownIt("js-default")  # the renderer's own parser: what it shows as an image
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def images(text: str | None) -> list[str]:
    """The sources of the images a Markdown text shows, as the renderer reads them."""
    if not text or "![" not in text:  # most text: no image can hide in it
        return []
    found = []
    for token in _MD.parse(text):
        for child in token.children or ():
            if child.type == "image":
                found.append(str(child.attrs.get("src", "")))
    return found


def journey_texts(journey: Journey) -> Iterator[tuple[Loc, str | None]]:
    """Every Markdown text of a journey, with where it is written."""
    yield ("summary",), journey.summary
    for stage_index, stage in enumerate(journey.stages):
        yield ("stages", stage_index, "description"), stage.description
        for step_index, step in enumerate(stage.steps):
            at = ("stages", stage_index, "steps", step_index)
            yield (*at, "doing"), step.doing
            yield (*at, "thinking"), step.thinking
            yield (*at, "backstage"), step.backstage
            for lane in ("pains", "opportunities"):
                for index, item in enumerate(getattr(step, lane)):
                    yield (*at, lane, index), item


def persona_texts(persona: Persona) -> Iterator[tuple[Loc, str | None]]:
    yield ("description",), persona.description
    for lane in ("goals", "frustrations"):
        for index, item in enumerate(getattr(persona, lane)):
            yield (lane, index), item


def problem(source: str, folder: Path, root: Path) -> str | None:
    """Why an image cannot be shown from the site, or None if it can. `folder` holds the
    file that names it; `root` is the content root, resolved."""
    if source.startswith("data:"):
        return None  # the renderer lets through only images' data
    if _SCHEME.match(source) or source.startswith("//"):
        return (
            f"image '{source}' is on the network: the site fetches nothing; "
            "copy it into the content root"
        )
    target = _file(source, folder, root)
    if target is None:
        return f"image '{source}' names no file"
    if not target.is_relative_to(root):
        return f"image '{source}' is outside the content root"
    if not target.is_file():
        if not_regular(target) is not None:  # a named pipe would hang the copy
            return f"image '{source}' is not a regular file"
        return f"image '{source}' does not exist"
    return None


def copied(source: str, folder: Path, root: Path) -> tuple[str, Path] | None:
    """Where the site keeps an image of the content root ("media/images/x.png", beside
    the personas' photos) and the file it is copied from; None for an image the site
    does not copy (data:, or one that cannot be had)."""
    if source.startswith("data:") or problem(source, folder, root) is not None:
        return None
    target = _file(source, folder, root)
    assert target is not None  # problem() found it
    return posixpath.join("media", target.relative_to(root).as_posix()), target


def site_path(source: str, folder: Path, root: Path) -> str | None:
    found = copied(source, folder, root)
    return found[0] if found else None


def _file(source: str, folder: Path, root: Path) -> Path | None:
    """The file a local image names, resolved: relative to `folder`, or to the content
    root when it starts with /; None when it names none."""
    path = unquote(source.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    return (root / path.lstrip("/") if path.startswith("/") else folder / path).resolve()
