"""`journeymap serve` at the edges, through raw sockets: a page load the browser cancels,
a path with a NUL, a Host that is not the server's. What the terminal shows is asserted
whole: build results, never a traceback."""

from __future__ import annotations

import json
import socket
import struct
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.content.diagnostics import Diagnostic
from generator.site.serve import LiveState, make_server
from tests.conftest import WriteRoot
from tests.served import Served, serving

JOURNEY = """
    title: Primo acquisto
    persona: giulia
    stages:
      - name: Consapevolezza
        steps:
          - title: Legge una recensione è più facile
            emotion: 1
"""


@pytest.fixture
def served(write_root: WriteRoot, tmp_path: Path) -> Iterator[Served]:
    root = write_root({"personas/giulia.yaml": "name: Giulia\n", "primo.yaml": JOURNEY})
    yield from serving(root, tmp_path / "serve.log")


def status(answer: bytes) -> str:
    return answer.split(b"\r\n", 1)[0].decode()


def test_a_cancelled_page_load_prints_nothing(served: Served) -> None:
    # a browser that cancels a load closes its connection at once, with a reset: the
    # server finds it gone while it reads the request or writes the answer
    for path in (
        "/",
        "/journeys/primo/",
        "/assets/site.css",
        "/__journeymap/live.js",
        "/__journeymap/events",
        "/search.json",
    ):
        for _ in range(5):
            client = socket.create_connection(("127.0.0.1", served.port), timeout=10)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
            client.close()
    assert status(served.get("/journeys/primo/")) == "HTTP/1.0 200 OK"
    output = served.output()
    assert "Traceback" not in output
    assert "Exception" not in output
    assert output.splitlines()[1] == f"serving http://127.0.0.1:{served.port}/ (Ctrl-C to stop)"
    assert len(output.splitlines()) == 2


def test_a_nul_in_the_path_is_a_bad_request(served: Served) -> None:
    answer = served.get("/index.html%00.txt")
    assert status(answer) == "HTTP/1.0 400 a path cannot hold a NUL character"
    assert status(served.get("/journeys/primo/%00")) == (
        "HTTP/1.0 400 a path cannot hold a NUL character"
    )
    assert status(served.get("/")) == "HTTP/1.0 200 OK"
    output = served.output()
    assert "Traceback" not in output
    assert "embedded null byte" not in output


# Each list is tried on one server: a server started for each would cost a second apiece.
ANSWERED = ("127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}")
REFUSED = (
    "evil.example:{port}",  # a name of someone else's, rebound to 127.0.0.1
    "evil.example",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example:{port}",
    "127.0.0.1:{other}",  # another port: another server's address
    "127.0.0.1",
    "10.0.0.1:{port}",
    "",
    "127.0.0.1:{port}:{port}",
    "[::1:{port}",
)


def test_the_served_address_is_answered(served: Served) -> None:
    for host in ANSWERED:
        answer = served.get("/journeys/primo/", host.format(port=served.port))
        assert status(answer) == "HTTP/1.0 200 OK", host
        assert "Legge una recensione è più facile".encode() in answer, host


def test_a_host_that_is_not_the_server_is_refused(served: Served) -> None:
    for host in REFUSED:
        wrong = host.format(port=served.port, other=served.port + 1)
        for path in ("/journeys/primo/", "/__journeymap/events", "/search.json", "/nowhere"):
            answer = served.get(path, wrong)
            assert status(answer) == "HTTP/1.0 403 not this server's address (Host header)", (
                host,
                path,
            )
            assert b"Primo acquisto" not in answer, (host, path)
            assert b"Legge" not in answer, (host, path)
        head = served.request(
            f"HEAD / HTTP/1.1\r\nHost: {wrong}\r\nConnection: close\r\n\r\n".encode()
        )
        assert status(head) == "HTTP/1.0 403 not this server's address (Host header)", host
    assert "Traceback" not in served.output()


def test_a_request_without_host_is_refused(served: Served) -> None:
    answer = served.request(b"GET / HTTP/1.0\r\n\r\n")
    assert status(answer) == "HTTP/1.0 403 not this server's address (Host header)"


def first_event(served: Served) -> dict[str, object]:
    """The state the server sends a page as soon as it listens for rebuilds."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as client:
        client.sendall(
            f"GET /__journeymap/events HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode()
        )
        answer = b""
        while b"\n\n" not in answer.partition(b"data: ")[2]:
            answer += client.recv(65536)
    return dict(json.loads(answer.partition(b"data: ")[2].partition(b"\n\n")[0]))


BROKEN = JOURNEY.replace("emotion: 1", "emotion: 9")


@pytest.mark.parametrize(
    ("site", "problems", "waiting"),
    [
        (
            "language: it\n",
            "la pagina mostra l'ultima versione senza errori",
            "<p>In attesa di una versione senza errori.</p>",
        ),
        # English where the site says nothing, or cannot be read at all
        ("title: Percorsi\n", "the page shows the last good build", "<p>Waiting for a build"),
        ("language: [it\n", "the page shows the last good build", "<p>Waiting for a build"),
    ],
)
def test_the_overlay_speaks_the_site_language(
    write_root: WriteRoot, tmp_path: Path, site: str, problems: str, waiting: str
) -> None:
    root = write_root(
        {"site.yaml": site, "personas/giulia.yaml": "name: Giulia\n", "primo.yaml": BROKEN}
    )
    with contextmanager(serving)(root, tmp_path / "serve.log") as served:
        state = first_event(served)
        page = served.get("/")
    assert state["errors"] != []
    words = state["words"]
    assert isinstance(words, dict)
    assert words["last_good"] == problems
    assert waiting in page.decode("utf-8")
    if site == "language: it\n":
        assert words == {
            "problem_one": "1 problema",
            "problems": "{count} problemi",
            "last_good": "la pagina mostra l'ultima versione senza errori",
            "waiting": "In attesa di una versione senza errori.",
        }


def test_a_page_still_being_made_is_served_once_it_is_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "journeys" / "caffè").mkdir(parents=True)
    (site / "index.html").write_text("<body>prima</body>", encoding="utf-8")
    (site / "journeys" / "caffè" / "index.html").write_text("<body>mappa</body>", "utf-8")
    state = LiveState()
    server = make_server(site, "127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        state.maps_written({"index.html"})
        assert state.build == 1
        # the map, written already, is served at once
        with urllib.request.urlopen(f"{base}/journeys/caff%C3%A8/", timeout=5) as answer:
            assert b"mappa" in answer.read()
        home: list[bytes] = []
        asking = threading.Thread(
            target=lambda: home.append(urllib.request.urlopen(f"{base}/", timeout=10).read())
        )
        asking.start()
        asking.join(0.5)
        assert asking.is_alive() and not home  # held while the build makes it
        (site / "index.html").write_text("<body>dopo</body>", encoding="utf-8")
        state.page_written("index.html")  # served once written, before the build ends
        asking.join(5)
        assert home and b"dopo" in home[0]
        state.publish([])
        assert state.build == 1  # the page was told once, when the maps were written
    finally:
        server.shutdown()
        server.server_close()


def test_a_build_that_fails_after_the_maps_lets_the_held_pages_go_and_says_why() -> None:
    state = LiveState()
    state.maps_written({"index.html"})
    failed = Diagnostic("templates/index.html", 3, 1, "error", "undefined: più")
    state.publish([failed])
    assert state.held == frozenset()  # served as they are, no longer waiting
    assert state.errors == [failed] and state.version == 2
    assert state.build == 1  # the maps were good: the page keeps them, with the errors over
    state.wait_written("index.html")  # at once
