"""What a page was made from, so that a rebuild renders only what changed.

Each page of the last build is recorded in a manifest with a key: a digest of
every input that can change it (its files, the site settings, the templates,
the tool itself). A page whose key is unchanged is taken from the last good
site instead of being rendered again. The manifest is versioned and checked;
a missing, corrupt or foreign one simply means a full build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel

from generator import __version__
from generator.paths import packaged_templates

MANIFEST_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


def tree_digest(folders: Iterable[Path]) -> str:
    """Every file below the folders, by name and content."""
    parts: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts.append(f"{path.relative_to(folder)}:{file_digest(path)}")
    return digest(*parts)


def tool_digest() -> str:
    """The tool's version, and its code and catalogs as they are on disk (a checkout changes)."""
    parts = [__version__]
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            stat = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest(*parts)


def templates_digest(user_templates: list[Path]) -> str:
    return tree_digest([*user_templates, packaged_templates()])


def context_digest(*objects: object) -> str:
    """A page's context, for pages that aggregate journeys: same context, same page.

    Not a pickle: pickles of sets (pydantic keeps one per model) follow the
    process's string hashing, which changes from run to run.
    """
    text = json.dumps(_canonical(objects), sort_keys=True, ensure_ascii=False, default=str)
    return digest(text)


def _canonical(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value  # Markup is a str: its text is what counts
    if isinstance(value, BaseModel):
        return [type(value).__name__, _canonical(value.model_dump())]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)},
        ]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((_canonical(item) for item in value), key=repr)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class Manifest:
    """Page path -> key of the last good build, read from and written to the cache folder."""

    def __init__(self, path: Path, keys: dict[str, str] | None = None) -> None:
        self.path = path
        self.keys = keys or {}

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION or data.get("tool") != __version__:
                return cls(path)
            keys = data["pages"]
            if not isinstance(keys, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
            ):
                return cls(path)
            return cls(path, keys)
        except (OSError, ValueError, KeyError, AttributeError):
            return cls(path)  # no cache, or one we cannot trust: build everything

    def write(self, keys: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        data = {"version": MANIFEST_VERSION, "tool": __version__, "pages": keys}
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)

    def reusable(self, page: str, key: str, previous_site: Path) -> Path | None:
        """The last build's file for this page, if it was made from the same inputs."""
        if self.keys.get(page) != key:
            return None
        path = previous_site / page
        return path if path.is_file() else None


def reuse(source: Path, target: Path) -> None:
    """Bring a page of the last build into the new one: a hard link, or a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)
