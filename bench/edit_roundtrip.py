"""An edit made on a map page, from the request to the page reloaded, on a root of N journeys.

    python bench/edit_roundtrip.py [N] [--edits E]    (default N = 100, E = 15)

Generates N journeys with `bench/generate.py`, starts `journeymap serve --edit`
on them, listens to its reload events as an open page does, and times E edits
(`POST /__journeymap/edit`, an emotion set to another value each time):

- answered: the request until its 200 (validated with the whole root,
  written, the site rebuilt);
- reload event: until the open page is told to reload;
- page reloaded: until the page, fetched again, carries the new file's sha.

The baseline, in the same run and on the same server: the emotion changed
back, saved into the file directly as a text editor does, until the page is
reloaded (the watcher hears the save and waits for the burst to end, the
preview updates the site): the same change, made by hand. Medians are printed with
their ratio to the baseline, the machine and the load average.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build_vs_hugo import journey_files, machine
from bench.generate import generate
from bench.serve_vs_hugo import free_port


class Events(threading.Thread):
    """The server's reload events, as live.js reads them: each new build number."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.builds: list[tuple[float, int]] = []
        self.arrived = threading.Condition()

    def run(self) -> None:
        client = socket.create_connection(("127.0.0.1", self.port))
        client.sendall(
            f"GET /__journeymap/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode()
        )
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            buffer += client.recv(65536)
        buffer = buffer.split(b"\r\n\r\n", 1)[1]  # past the headers
        while True:
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if event.startswith(b"data: "):
                    build = json.loads(event[6:])["build"]
                    with self.arrived:
                        self.builds.append((time.perf_counter(), build))
                        self.arrived.notify_all()
            chunk = client.recv(65536)
            if not chunk:
                return
            buffer += chunk

    def after(self, build: int, timeout: float = 60) -> tuple[float, int]:
        """When a build newer than `build` was announced."""
        with self.arrived:
            deadline = time.perf_counter() + timeout
            while True:
                for at, number in self.builds:
                    if number > build:
                        return at, number
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("no reload event")
                self.arrived.wait(left)

    def last(self) -> int:
        with self.arrived:
            return self.builds[-1][1] if self.builds else 0


def request(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(raw)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    return answer


def page(port: int, path: str) -> bytes:
    host = f"127.0.0.1:{port}"
    return request(
        port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )


def meta(html: bytes, name: str) -> str:
    found = re.search(
        rb'<meta name="journeymap-edit-' + name.encode() + rb'" content="([^"]+)"', html
    )
    assert found, f"no {name} in the page"
    return found[1].decode()


def post(port: int, body: dict[str, object]) -> bytes:
    data = json.dumps(body).encode()
    host = f"127.0.0.1:{port}"
    head = (
        f"POST /__journeymap/edit HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    return request(port, head.encode() + data)


def reloaded(port: int, path: str, sha: str) -> None:
    """The page fetched again until it is the one built from the file with this sha."""
    while meta(page(port, path), "base") != sha:
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jm-bench-edit-"))
    root = generate(args.count, work / "root")
    port = free_port()
    log = (work / "serve.log").open("w")
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port), "--edit"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    try:
        while "serving " not in (work / "serve.log").read_text():
            assert server.poll() is None, (work / "serve.log").read_text()
            time.sleep(0.05)
        print(f"first build and start: {time.perf_counter() - started:.2f} s")
        events = Events(port)
        events.start()
        while not events.last():
            time.sleep(0.01)
        journey = journey_files(root)[0]
        journey_id = journey.relative_to(root).with_suffix("").as_posix()
        path = f"/journeys/{journey_id}/"
        first = page(port, path)
        token = meta(first, "token")
        source = json.loads(re.search(rb'id="jm-edit-source">(.*?)</script>', first, re.S)[1])  # type: ignore[index]
        step = source["stages"][0]["steps"][0]
        persona = source["personas"][0]["id"]
        low, high = source["scale"]
        answered, evented, pages, saves = [], [], [], []
        emotion = step["emotion"]
        value = emotion.get(persona) if isinstance(emotion, dict) else emotion
        value = low if value == high else high  # another value than the file's
        for _ in range(args.edits):
            before = journey.read_bytes()
            base = hashlib.sha256(before).hexdigest()
            build = events.last()
            start = time.perf_counter()
            answer = post(
                port,
                {
                    "token": token,
                    "journey": journey_id,
                    "base": base,
                    "op": "set",
                    "step": step["id"],
                    "field": "emotion",
                    "persona": persona,
                    "value": value,
                },
            )
            done = time.perf_counter()
            assert answer.startswith(b"HTTP/1.0 200"), answer[:300]
            sha = json.loads(answer.split(b"\r\n\r\n", 1)[1])["sha256"]
            at, _ = events.after(build)
            reloaded(port, path, sha)
            end = time.perf_counter()
            answered.append(done - start)
            evented.append(at - start)
            pages.append(end - start)
            # the baseline: the emotion changed back, saved by hand as an editor does
            build = events.last()
            start = time.perf_counter()
            journey.write_bytes(before)
            events.after(build)
            reloaded(port, path, base)
            saves.append(time.perf_counter() - start)
            time.sleep(0.4)  # past the watcher's next look
        print(f"machine: {machine()}")
        print(f"root: {args.count} journeys; {args.edits} edits of one emotion")

        def row(name: str, times: list[float]) -> None:
            median = statistics.median(times)
            base = statistics.median(saves)
            print(
                f"  {name:<28} median {median * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, "
                f"max {max(times) * 1000:.1f})  {median / base:.2f}x the save by hand"
            )

        row("edit -> answered (written)", answered)
        row("edit -> reload event", evented)
        row("edit -> page reloaded", pages)
        row("save by hand -> page reloaded", saves)
        built = [
            float(x)
            for x in re.findall(r"rebuilt in ([0-9.]+) s", (work / "serve.log").read_text())
        ]
        rebuild = statistics.median(built[1:]) if len(built) > 1 else float("nan")
        # the answer waits for the whole rebuild; the reload event only for the maps
        edit = statistics.median(answered)
        print(
            f"  of which the site's rebuild   median {rebuild * 1000:7.1f} ms (the server's log; "
            f"the page is told once the maps are written, before it ends); the edit itself "
            f"(checks, validation, write) {(edit - rebuild) * 1000:.1f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


if __name__ == "__main__":
    main()
