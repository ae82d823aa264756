"""What a page was made from, so that a rebuild renders only what changed.

Each page of the last build is recorded in a manifest with a key: a digest of
every input that can change it (its files, the site settings, the templates,
the tool itself). A page whose key is unchanged is taken from the last good
site instead of being rendered again. The manifest is versioned and checked;
a missing, corrupt or foreign one simply means a full build.
"""

from __future__ import annotations

import dataclasses
import io
import json
import operator
import os
import pickle
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator import __version__
from generator.common.digests import digest, file_digest, tool_digest
from generator.common.paths import packaged_templates

MANIFEST_VERSION = 3


def tree_digest(folders: Iterable[Path], skip: str = "__pycache__") -> str:
    """Every file below the folders, by name and content (folders named `skip` left out)."""
    parts: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for directory, subfolders, files in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if name != skip)
            for name in sorted(files):
                path = Path(directory, name)
                parts.append(f"{path.relative_to(folder).as_posix()}:{file_digest(path)}")
    return digest(*parts)


def templates_digest(user_templates: list[Path]) -> str:
    return tree_digest([*user_templates, packaged_templates()])


def context_digest(*objects: object) -> str:
    """A page's context, for pages that aggregate journeys: same context, same page.

    A pickle, made by C code in one pass (a walk in Python over a context of
    thousands of rows cost ten times more), with two changes that make equal
    contexts give equal bytes from one run to the next: no memo (an object met
    twice is written twice, whoever shares it), and no sets in their hash order
    (pydantic keeps one per model: models are written as their JSON).
    """
    buffer = io.BytesIO()
    pickler = _ContextPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: contexts hold no cycles
    pickler.dump(objects)
    return digest(buffer.getvalue())


class _ContextPickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        fields = _FIELDS.get(kind)
        if fields is None and dataclasses.is_dataclass(kind):
            fields = _FIELDS[kind] = _fields_of(kind)
        if fields is not None:
            # its class name and field values, read in C: the pickle of a slotted
            # dataclass calls a Python method for each object, and rows come in thousands
            return tuple, ((kind.__qualname__, fields(obj)),)
        if isinstance(obj, str):
            return str, (str(obj),)  # Markup: the text is what a page shows
        if isinstance(obj, BaseModel):
            return str, (f"{kind.__name__}:{obj.model_dump_json()}",)
        if isinstance(obj, set | frozenset):
            return tuple, (tuple(sorted(obj, key=repr)),)
        return NotImplemented


# Dataclass -> a function giving the tuple of its field values.
_FIELDS: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _fields_of(kind: type) -> Callable[[object], tuple[object, ...]]:
    names = [field.name for field in dataclasses.fields(kind)]
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return operator.attrgetter(*names)  # type: ignore[return-value]


def inputs_digest(root: Path, user_templates: list[Path], *settings: str) -> str:
    """Everything a build reads: every file below the root (journeys, personas, photos),
    the templates, the tool, the Git commit whose history the pages show, and the
    settings (flags, date, working folder). Equal digests, equal sites."""
    return digest(
        tree_digest([root], skip=".git"),
        templates_digest(user_templates),
        tool_digest(),
        git_head(root),
        *settings,
    )


def git_head(root: Path) -> str:
    """The commit checked out in the root's repository, or why there is none."""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, check=False
        )
    except OSError:
        return "no git"
    return f"{found.returncode}:{found.stdout.decode(errors='replace').strip()}"


def site_state(folder: Path) -> dict[str, list[int]]:
    """Every file of a built site with its size and modification time: to tell, on the
    next build, that nobody changed or removed anything in it."""
    state: dict[str, list[int]] = {}
    for directory, _, files in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        for name in files:
            stat = os.stat(os.path.join(directory, name))
            key = name if relative == "." else f"{relative}/{name}"
            state[key.replace(os.sep, "/")] = [stat.st_size, stat.st_mtime_ns]
    return state


@dataclasses.dataclass
class LastBuild:
    """What the last good build was made from and what it printed, for a build that finds
    nothing changed and gives the same answer without doing the work again."""

    inputs: str
    site: dict[str, list[int]]
    warnings: list[dict[str, object]]
    pages: int
    files: int
    pdfs: int
    checked: int  # files read, for the error a --strict build raises on the warnings


class Manifest:
    """Page path -> key of the last good build, read from and written to the cache folder."""

    def __init__(
        self,
        path: Path,
        keys: dict[str, str] | None = None,
        last: LastBuild | None = None,
        shown: dict[str, tuple[str, dict[str, str]]] | None = None,
        aggregates: dict[str, tuple[str, list[str]]] | None = None,
        *,
        served: bool = False,
    ) -> None:
        self.path = path
        # the keys of the site a preview serves and keeps: its pages are where the keys
        # say, as the preview wrote them, and are not looked at again
        self.served = served
        self.keys = keys or {}
        self.last = last
        # journey id -> (its page's key, digest of what each aggregate page shows of it)
        self.shown = shown or {}
        # aggregate -> (its key, the paths of its pages): unchanged, they need no journey
        self.aggregates = aggregates or {}

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
            last = LastBuild(**data["last"]) if data.get("last") else None
            shown = {
                str(jid): (str(key), {str(n): str(d) for n, d in digests.items()})
                for jid, (key, digests) in data.get("shown", {}).items()
            }
            aggregates = {
                str(name): (str(key), [str(page) for page in pages])
                for name, (key, pages) in data.get("aggregates", {}).items()
            }
            return cls(path, keys, last, shown, aggregates)
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return cls(path)  # no cache, or one we cannot trust: build everything

    def write(
        self,
        keys: dict[str, str],
        last: LastBuild | None = None,
        shown: dict[str, tuple[str, dict[str, str]]] | None = None,
        aggregates: dict[str, tuple[str, list[str]]] | None = None,
    ) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        data = {
            "version": MANIFEST_VERSION,
            "tool": __version__,
            "pages": keys,
            "last": dataclasses.asdict(last) if last else None,
            "shown": shown or {},
            "aggregates": aggregates or {},
        }
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)

    def unchanged(self, inputs: str, site: Path) -> LastBuild | None:
        """The last build, if it was made from these inputs and its site is as it left it."""
        if self.last is None or self.last.inputs != inputs:
            return None
        return self.last if site_state(site) == self.last.site else None

    def reusable(self, page: str, key: str, previous_site: Path) -> Path | None:
        """The last build's file for this page, if it was made from the same inputs."""
        if self.keys.get(page) != key:
            return None
        path = previous_site / page
        if self.served:
            return path
        try:
            stat = path.stat()
        except OSError:
            return None
        if self.last is not None and self.last.site.get(page) != [stat.st_size, stat.st_mtime_ns]:
            return None  # changed since that build wrote it
        return path


def reuse(source: Path, target: Path) -> None:
    """Bring a page of the last build into the new one: a hard link, or a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)
