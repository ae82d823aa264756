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


def _ignored(relative: Path) -> bool:
    return any(part.startswith(("_", ".")) for part in relative.parts)


def _leaves(path: Path, base: Path) -> bool:
    """Whether `path` is a link whose real path is outside `base` (the resolved root)."""
    return path.is_symlink() and not path.resolve().is_relative_to(base)


def discover(root: Path) -> Sources:
    """Which files of the root are the site's settings, personas and journeys.

    A file or folder that is a link out of the root is not read (as a photo that
    leaves the root is not copied). A link to a folder inside the root is not
    followed either: its files are found where they really are.
    """
    base = root.resolve()
    site: Path | None = None
    personas: list[Path] = []
    journeys: list[Path] = []
    outside: list[Path] = []
    opportunities: list[Path] = []
    studies: list[Path] = []
    for directory, folders, files in os.walk(root):
        kept = sorted(f for f in folders if not f.startswith(("_", ".")))
        outside.extend(p for p in (Path(directory, f) for f in kept) if _leaves(p, base))
        folders[:] = kept  # os.walk does not go into links to folders
        for name in sorted(files):
            if not name.endswith(YAML_SUFFIXES) or name.startswith(("_", ".")):
                continue
            path = Path(directory, name)
            relative = path.relative_to(root)
            if _ignored(relative):
                continue
            if _leaves(path, base):
                outside.append(path)
            elif len(relative.parts) == 1 and relative.stem == "site":
                site = path
            elif relative.parts[0] == "personas":
                personas.append(path)
            elif relative.parts[0] == "opportunities" and len(relative.parts) > 1:
                opportunities.append(path)
            elif relative.parts[0] == "research" and len(relative.parts) > 1:
                studies.append(path)
            else:
                journeys.append(path)
    return Sources(site, personas, journeys, sorted(outside), opportunities, studies)


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
