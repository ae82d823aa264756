"""Which files of a content root are the site's settings, personas, journeys, opportunities
and research (FORMAT.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.diagnostics import Diagnostic, display_path

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Sources:
    site: Path | None
    personas: list[Path]
    journeys: list[Path]
    outside: list[Path] = field(default_factory=list)
    """Files and folders that are links leaving the root: reported, never read."""
    opportunities: list[Path] = field(default_factory=list)
    """Every file below `opportunities/` (FORMAT.md 1.1), whatever its shape."""
    studies: list[Path] = field(default_factory=list)
    """Every file below `research/` (FORMAT.md 1.1), whatever its shape."""


def _leaves(entry: os.DirEntry[str], base: Path) -> bool:
    """Whether the entry is a link whose real path is outside `base` (the resolved root)."""
    return entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(base)


def discover(root: Path) -> Sources:
    """Which files of the root are the site's settings, personas and journeys.

    A file or folder that is a link out of the root is not read (as a photo that
    leaves the root is not copied). A link to a folder inside the root is not
    followed either: its files are found where they really are. Names that start
    with `_` or `.` are left out, with all below them.
    """
    found = Sources(None, [], [])
    _walk(root, None, root.resolve(), found)
    found.outside.sort()
    return found


def _walk(folder: Path | str, top: str | None, base: Path, found: Sources) -> None:
    """The files of `folder` (below the root's folder `top`; None: the root itself), then
    its folders', each in the order of their names. The directory's own entries say
    which is a link, without a system call for each file (a preview walks the root at
    every save)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (e for e in listing if not e.name.startswith(("_", "."))), key=lambda e: e.name
            )
    except OSError:
        return  # a folder that cannot be read (as os.walk, which leaves it out)
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()  # a link to a folder counts as one, as os.walk counts it
        except OSError:
            is_folder = False
        if is_folder:
            folders.append(entry)
            continue
        if not entry.name.endswith(YAML_SUFFIXES):
            continue
        path = Path(entry.path)
        if _leaves(entry, base):
            found.outside.append(path)
        elif top is None and path.stem == "site":
            found.site = path
        elif top == "personas":
            found.personas.append(path)
        elif top == "opportunities":
            found.opportunities.append(path)
        elif top == "research":
            found.studies.append(path)
        else:
            found.journeys.append(path)
    for entry in folders:
        if _leaves(entry, base):
            found.outside.append(Path(entry.path))
        elif not entry.is_symlink():  # a link to a folder inside the root is not followed
            _walk(entry.path, entry.name if top is None else top, base, found)


def outside_diagnostic(path: Path) -> Diagnostic:
    """The error at a link that leads out of the root."""
    kind, what = (
        ("folder", "nothing in it is read") if path.is_dir() else ("file", "it is not read")
    )
    return Diagnostic(
        display_path(path),
        1,
        1,
        "error",
        f"'{path.name}' is a link to a {kind} outside the content root "
        f"({display_path(path.resolve())}); {what}: copy the {kind} into the root instead",
    )
