"""The preview server: serve the built site, rebuild on save, reload the open page.

The page learns of rebuilds through server-sent events; a build that fails
keeps the last good site on screen and lays its errors over it, in the page
and in the terminal. Nothing a file says can stop the server.

A save of a journey is on screen as soon as its map is written: the page is
told then (the images it shows and the site map written already), while the
pages that list the journey and the search index are made and the pages the
save removes are removed; a request for one of those waits until it is done
(at most HOLD_SECONDS), so a page told to reload is not served the site as it
was before the save.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import yaml

from generator.content.diagnostics import Diagnostic
from generator.views.i18n import LANGUAGES, catalog

EVENTS_PATH = "/__journeymap/events"
SCRIPT_PATH = "/__journeymap/live.js"
HEARTBEAT_SECONDS = 15.0
# The longest a request waits for a page still being made; then it is served as it is.
HOLD_SECONDS = 30.0

# Served from its own URL rather than inline, so a page's own policy can allow it.
LIVE_SCRIPT = r"""(function () {
  var overlay = null, seen = null;
  function show(errors, words) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "jm-live-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;" +
        "margin:0;padding:1em 1.5em;background:#2d0a0a;color:#ffe4e4;z-index:99999;" +
        "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;" +
        "box-shadow:0 -4px 24px rgba(0,0,0,.4)";
      document.body.appendChild(overlay);
    }
    var count = errors.length === 1 ? words.problem_one :
      words.problems.replace("{count}", errors.length);
    overlay.textContent = count + "; " + words.last_good + "\n\n" +
      errors.map(function (e) {
        // as the terminal says it: the author's place after the exact path
        var said = e.where && e.path && e.message.indexOf(e.path) === 0 ?
          e.path + " (" + e.where + ")" + e.message.slice(e.path.length) : e.message;
        return e.file + ":" + e.line + ":" + e.column + ": " + e.severity + ": " + said;
      }).join("\n");
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var source = new EventSource("/__journeymap/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) { show(state.errors, state.words); return; }
    hide();
    if (seen !== null && state.build !== seen) {
      // once: the editor's script, told by its own answer, may be reloading already
      if (!window.journeymapReloading) { window.journeymapReloading = true; location.reload(); }
      return;
    }
    seen = state.build;
  };
})();
"""


OVERLAY_WORDS = ("problem_one", "problems", "last_good", "waiting")


def site_language(root: Path) -> str:
    """The language site.yaml asks for; English when it is missing, broken or unknown.

    Read on its own, so the overlay speaks the site's language while a journey is broken.
    """
    for name in ("site.yaml", "site.yml"):
        try:
            data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeError, yaml.YAMLError):
            continue
        language = data.get("language") if isinstance(data, dict) else None
        return language if language in LANGUAGES else "en"
    return "en"


def overlay_words(language: str) -> dict[str, str]:
    """The fixed words of the page the errors are laid over, from the site's catalog."""
    labels = catalog(language if language in LANGUAGES else "en")
    return {key: labels[f"serve_{key}"] for key in OVERLAY_WORDS}


class LiveState:
    """The number of the last good build and the errors of the last attempt.

    With a content root, the words of the overlay follow its site.yaml, read at each attempt.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.build = 0
        self.version = 0  # counts every attempt, good or bad
        self.errors: list[Diagnostic] = []
        lock = threading.Lock()
        self.changed = threading.Condition(lock)  # a build tried: the pages are told
        self.written = threading.Condition(lock)  # a path held is written: its requests go on
        self.root = root
        self.words = overlay_words("en")
        self.held: frozenset[str] = frozenset()  # paths of the site a build is still making
        self.told_early = False  # whether the page was told of the build under way

    def maps_written(self, to_come: set[str]) -> None:
        """A build has written the journeys' pages and is making the rest of the site
        (`to_come`, paths in it): the page is told now, as if the build were done, and
        a request for one of those paths waits until it is written (`page_written`), or
        until `publish` ends the build."""
        with self.changed:
            self.held = frozenset(to_come)
            self.told_early = True
            self.build += 1
            self.errors = []
            self.version += 1
            self.changed.notify_all()

    def publish(self, errors: list[Diagnostic]) -> None:
        words = overlay_words(site_language(self.root)) if self.root else self.words
        with self.changed:
            told, self.told_early, self.held = self.told_early, False, frozenset()
            self.written.notify_all()  # the held requests go on
            if told and not errors:
                return  # the page knows already
            if not errors:
                self.build += 1
            self.errors = errors
            self.words = words
            self.version += 1
            self.changed.notify_all()

    def page_written(self, path: str) -> None:
        """A path of the site the build under way was still making is written."""
        with self.changed:
            if path in self.held:
                self.held = self.held - {path}
                self.written.notify_all()

    def wait_written(self, path: str) -> None:
        """Until `path` (in the site) is not among those a build is still making."""
        with self.written:
            self.written.wait_for(lambda: path not in self.held, timeout=HOLD_SECONDS)

    def message(self) -> bytes:
        state = {
            "build": self.build,
            "errors": [asdict(e) for e in self.errors],
            "words": self.words,
        }
        return f"data: {json.dumps(state, ensure_ascii=False)}\n\n".encode()


# A browser that cancels a load, or closes the page, drops its connection: ordinary.
_CLIENT_GONE = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)

_HOST = re.compile(r"(?:\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[a-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?")
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _normal(name: str) -> str:
    """A host as compared: lowercase, an IP address in its one short form."""
    name = name.strip("[]").lower()
    address = _address(name)
    return str(address) if address is not None else name


def host_is_ours(header: str | None, listen: str, port: int) -> bool:
    """Whether a request's Host header names the address the server listens on.

    A page of another site can rebind its own name to 127.0.0.1 and then read the
    preview as if it were its own: its requests say that name in Host, so a name
    that is not ours is refused. Loopback answers to its usual names; a server
    listening on every interface (0.0.0.0, ::) to any IP address and localhost,
    since a rebinding attack needs a name of the attacker's.
    """
    found = _HOST.fullmatch((header or "").strip().lower())
    if found is None or int(found["port"] or 80) != port:
        return False
    name = _normal(found["ip6"] or found["name"])
    listening = _normal(listen)
    address = _address(listening)
    if listening in ("", "0.0.0.0", "::"):
        return name == "localhost" or _address(name) is not None
    if listening == "localhost" or (address is not None and address.is_loopback):
        return name in _LOOPBACK_NAMES or name == listening
    return name == listening


@dataclass(frozen=True)
class PostRoute:
    """A POST the server answers: `handle(body, headers by lowercase name)` gives the
    status and a JSON body; a body over `limit` bytes is refused unread (413)."""

    handle: Callable[[bytes, Mapping[str, str]], tuple[int, bytes]]
    limit: int


@dataclass(frozen=True)
class Extras:
    """What a server run adds to the site it serves (`serve --edit`): POST routes, files
    of its own, and a hook that rewrites an HTML page as it is sent (URL path, page)."""

    posts: Mapping[str, PostRoute] = field(default_factory=dict)
    files: Mapping[str, tuple[bytes, str]] = field(default_factory=dict)
    page: Callable[[str, bytes], bytes] = lambda path, page: page


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    listen_host = "127.0.0.1"

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], _CLIENT_GONE):
            return  # not worth a line: the page was cancelled, closed or reloaded
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(SimpleHTTPRequestHandler):
    state: LiveState
    extras: Extras
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build results, not for every request

    def admitted(self) -> bool:
        """Whether the request is for this server, and its path a path; else refused."""
        if not host_is_ours(
            self.headers.get("Host"), self.server.listen_host, self.server.server_address[1]
        ):
            self.send_error(403, "not this server's address (Host header)")
            return False
        if "\x00" in unquote(self.path):  # no file name holds one: open() would raise
            self.send_error(400, "a path cannot hold a NUL character")
            return False
        return True

    def do_HEAD(self) -> None:
        if self.admitted():
            self.wait_written(self.path.split("?", 1)[0])
            super().do_HEAD()

    def do_GET(self) -> None:
        if not self.admitted():
            return
        path = self.path.split("?", 1)[0]
        if path == EVENTS_PATH:
            self.stream_events()
        elif path == SCRIPT_PATH:
            self.send_bytes(LIVE_SCRIPT.encode(), "text/javascript; charset=utf-8")
        elif path in self.extras.files:
            self.send_bytes(*self.extras.files[path])
        else:
            self.wait_written(path)
            page = self.html_page(path)
            if page is None:
                super().do_GET()
            else:
                html = self.extras.page(unquote(path), page.read_bytes())
                self.send_bytes(inject_script(html), "text/html; charset=utf-8")

    def do_POST(self) -> None:
        if not self.admitted():
            return
        route = self.extras.posts.get(self.path.split("?", 1)[0])
        if route is None:
            self.send_error(404, "nothing to post to here")
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self.send_error(411, "a POST needs its Content-Length")
            return
        if int(length) > route.limit:
            self.close_connection = True  # the body is not read
            self.send_error(413, f"the body is over {route.limit} bytes")
            return
        body = self.rfile.read(int(length))
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, answer = route.handle(body, headers)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(answer)

    def wait_written(self, path: str) -> None:
        """A page the build under way is still making is served once it is made."""
        if not self.state.held:
            return
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        with suppress(ValueError):
            self.state.wait_written(local.relative_to(self.directory).as_posix())

    def html_page(self, path: str) -> Path | None:
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return None  # http.server redirects to the slash form
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        last = -1
        try:
            while True:
                with state.changed:
                    if last == state.version:
                        state.changed.wait(HEARTBEAT_SECONDS)
                    version, message = state.version, state.message()
                # written outside the lock: a slow page must not hold up a rebuild
                self.wfile.write(message if version != last else b": heartbeat\n\n")
                self.wfile.flush()
                last = version
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def inject_script(html: bytes) -> bytes:
    tag = f'<script src="{SCRIPT_PATH}"></script>'.encode()
    index = html.lower().rfind(b"</body>")
    if index == -1:
        return html + tag
    return html[:index] + tag + html[index:]


def make_server(
    site_dir: Path, host: str, port: int, state: LiveState, extras: Extras | None = None
) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"state": state, "extras": extras or Extras()})
    server = _Server((host, port), partial(handler, directory=str(site_dir)))
    server.listen_host = host
    return server


def run_rebuild(
    rebuild: Callable[[], list[Diagnostic]],
    state: LiveState,
    report: Callable[[list[Diagnostic], float], None],
) -> None:
    """One rebuild; whatever it raises becomes an error on the page, not a dead server."""
    start = time.perf_counter()
    try:
        errors = rebuild()
    except Exception as error:  # the server must outlive any build
        errors = [Diagnostic("(build)", 1, 1, "error", f"{type(error).__name__}: {error}")]
    state.publish(errors)
    report(errors, time.perf_counter() - start)
