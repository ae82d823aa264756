"""`POST /__journeymap/edit`: one edit request, checked, validated, written.

Every write passes, in order: the Origin of the page (the Host header is the
server's to check), a JSON body, the server run's token, a journey of the
content root, the file's sha256 against the base the page was built from
(409), the op itself and `validate` on the whole root with the new text
(422); then the file is replaced atomically and the answer gives its new
sha256. Undo takes back this server run's edits of a journey, newest first.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.common.writing import WRITING_SUFFIX
from generator.content.cache import ModelCache
from generator.content.diagnostics import Diagnostic, format_diagnostics
from generator.content.root import Content
from generator.content.sources import discover
from generator.content.validate import check_root
from generator.edit import ops
from generator.edit.journey import JourneyText, text_of
from generator.edit.text import Refused

EDIT_PATH = "/__journeymap/edit"
MAX_BODY = 64 * 1024
_SHA = re.compile(r"[0-9a-f]{64}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Answer:
    status: int
    body: dict[str, Any]

    def encoded(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode()


@dataclass
class Done:
    """An edit made by this server run: what the file was, and the sha it left."""

    path: Path
    before: bytes
    after: str


@dataclass
class Built:
    """The journey files as the shown site was built from them: id -> (path, bytes)."""

    files: dict[str, tuple[Path, bytes]] = field(default_factory=dict)


def journey_id(root: Path, path: Path, text: str) -> str:
    """The id a journey file gives itself (`id:`), or its path below the root."""
    written = re.search(r"(?m)^id:[ \t]*['\"]?([a-z0-9/_-]+)", text)
    if written:
        try:
            found = text_of(JourneyText(text).root, "id")
        except Refused:
            found = None
        if found:
            return found
    return path.relative_to(root).with_suffix("").as_posix()


class JourneyFiles:
    """The journey files of a root by id, as `read` finds them now: a file is read (and its
    id found, a parse where it writes one) again only where its size or times changed,
    since the server asks before every build and every edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[Path, tuple[tuple[int, int, int, int], str, bytes]] = {}

    def read(self) -> dict[str, tuple[Path, bytes]]:
        files: dict[str, tuple[Path, bytes]] = {}
        known: dict[Path, tuple[tuple[int, int, int, int], str, bytes]] = {}
        for path in discover(self.root).journeys:
            try:
                info = path.stat()
                stamp = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
                found = self._known.get(path)
                if found is None or found[0] != stamp:
                    data = path.read_bytes()
                    text = data.decode("utf-8", "replace")
                    found = (stamp, journey_id(self.root, path, text), data)
            except OSError:
                continue
            known[path] = found
            files.setdefault(found[1], (path, found[2]))
        self._known = known  # files gone are forgotten
        return files


def write_atomic(path: Path, data: bytes) -> None:
    """The file replaced in one step: readers see the old text or the new, never half."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=WRITING_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _refused(message: str, status: int = 422, **more: Any) -> Answer:
    return Answer(status, {"error": message, **more})


class EditSession:
    """The edits of one server run: its token, its undo history, one edit at a time."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.cache = cache
        # told before a file is written, and after (None: it failed), to build the site again
        self.before_write: Callable[[Path, bytes], None] = lambda path, data: None
        self.on_write: Callable[[Path | None], None] = lambda path: None
        self.token = secrets.token_urlsafe(32)
        self.built = Built()
        self.journeys = JourneyFiles(root)
        self.content: Content | None = None  # the root as last checked: the site's choices
        self.words: dict[str, str] = {}  # the editor's words in the site's language
        self.history: list[Done] = []
        self.lock = threading.Lock()

    # -- the site being built ----------------------------------------------

    def before_build(self) -> dict[str, tuple[Path, bytes]]:
        """The journey files as a build starts to read them."""
        return self.journeys.read()

    def after_build(self, files: dict[str, tuple[Path, bytes]]) -> None:
        """The build from `files` succeeded: its pages' base is their sha."""
        self.built = Built(files)

    # -- a request ------------------------------------------------------------

    def handle(self, body: bytes, headers: Mapping[str, str]) -> Answer:
        """One request; `headers` by their lowercase names."""
        origin = headers.get("origin")
        host = headers.get("host")
        if not origin or not host or origin.lower() != f"http://{host}".lower():
            return _refused("the request does not come from this server's pages (Origin)", 403)
        kind = (headers.get("content-type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            return _refused("send the edit as application/json", 415)
        try:
            edit = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _refused("the body is not JSON", 400)
        if not isinstance(edit, dict):
            return _refused("the body is not a JSON object", 400)
        token = edit.get("token")
        if not isinstance(token, str) or not hmac.compare_digest(token, self.token):
            return _refused("wrong or missing token: reload the page", 403)
        journey = edit.get("journey")
        base = edit.get("base")
        if not isinstance(journey, str) or not journey:
            return _refused("'journey' must be a journey id", 400)
        if not isinstance(base, str) or not _SHA.fullmatch(base):
            return _refused("'base' must be the sha256 of the file the page was built from", 400)
        with self.lock:
            answer, written = self._edit(journey, base, edit)
        if written is not False:  # built at once, for the page to reload
            self.on_write(written if isinstance(written, Path) else None)
        return answer

    def _file(self, journey: str) -> Path | None:
        path = self.journeys.read().get(journey, (None, b""))[0]
        if path is None:
            return None
        real = path.resolve()
        return path if real.is_relative_to(self.real_root) and real.is_file() else None

    def _edit(
        self, journey: str, base: str, edit: dict[str, Any]
    ) -> tuple[Answer, Path | bool | None]:
        """The answer, and the file written (None: a write was tried and failed; False:
        none was tried)."""
        path = self._file(journey)
        if path is None:
            return _refused(f"no journey '{journey}' in the content root", 404), False
        try:
            current = path.read_bytes()
        except OSError as error:
            return _refused(f"cannot read the journey: {error.strerror}", 500), False
        now = sha256(current)
        if now != base:
            return _refused(
                "the file changed on disk since the page was built; reload it",
                409,
                sha256=now,
            ), False
        done = None
        if edit.get("op") == "undo":
            done = next((d for d in reversed(self.history) if d.path == path), None)
            if done is None or done.after != now:
                return _refused("nothing to undo in this journey", 400), False
            new = done.before
        else:
            try:
                text = current.decode("utf-8")
                new = ops.apply(text, edit).encode("utf-8")
            except UnicodeDecodeError:
                return _refused("the file is not UTF-8 text"), False
            except Refused as refused:
                return _refused(str(refused), diagnostics=[]), False
        if new == current:
            return Answer(200, {"sha256": now, "changed": False}), False
        problems, files = self._problems(path, new)
        if problems:
            return _refused(
                format_diagnostics(problems, "text", files),
                diagnostics=[asdict(d) for d in sorted(problems)],
            ), False
        self.before_write(path, new)
        try:
            write_atomic(path, new)
        except OSError as error:
            return _refused(f"cannot write the journey: {error.strerror}", 500), None
        if done is not None:
            self.history.remove(done)
        else:
            self.history.append(Done(path, current, sha256(new)))
        return Answer(200, {"sha256": sha256(new), "changed": True}), path

    def _problems(self, path: Path, new: bytes) -> tuple[list[Diagnostic], int]:
        """The errors `validate` finds in the root with the new text, and the files it
        checked: an edit is written only where the whole root still passes (warnings do
        not stop it)."""
        text = new.decode("utf-8").removeprefix("\ufeff")
        models = ModelCache(self.cache)
        try:
            content = check_root(self.root, cache=models, texts={path: text})
        finally:
            models.discard()
        return content.errors, content.files

    def warm(self) -> None:
        """Check the root once, so that an edit parses only its own file again. The first
        time, every file is parsed, on every core: an edit asked for meanwhile waits."""
        with self.lock:
            models = ModelCache(self.cache)
            self.content = check_root(self.root, cache=models, jobs=os.cpu_count() or 1)
            if self.content.errors:
                models.discard()
            else:
                models.save()
