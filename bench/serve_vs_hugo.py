"""`journeymap serve`, from a save to the event that reloads the page, against
`hugo server`, from the same save to the page written, in the same run.

    python bench/serve_vs_hugo.py [--journeys 100 1000] [--saves 9] [--shared]

For each size, generates the journeys (bench/generate.py; `--shared`: one persona and
three departments on every journey), starts `journeymap serve` on them and listens to
its events as the open page does; then saves one journey again and again and times,
from just before the write, the event that tells the page to reload (sent once the
edited map is written; the pages that list it are written after, and a request for
one of them waits until it is) and the map served with the change, as the reloaded
page asks for it; for the title, also the home page served with it:

- a step's text edited (`doing:`): shown on the journey's map and nowhere else;
- the summary edited: shown on the map and found by the search;
- the title edited: shown on every page that lists the journey (home, personas,
  channels, departments, insights), and the order of those lists.

The same journeys as a Hugo site (bench/build_vs_hugo.py) are served by
`hugo server --renderToDisk`, the page visited once; its save is the summary of the
Markdown page, timed to the page written with the new text. Medians of `--saves`
each. Hugo is not a dependency: without it (`apt-get install -y hugo`) the script
says so and prints journeymap's figures alone.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.build_vs_hugo import find_hugo, hugo_site, journey_files, machine  # noqa: E402
from bench.generate import generate  # noqa: E402

PAUSE = 0.3  # between two saves: an author does not save faster


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Events:
    """The server-sent events of `journeymap serve`, each with the time it arrived."""

    def __init__(self, port: int) -> None:
        self.arrived: queue.Queue[tuple[float, dict[str, object]]] = queue.Queue()
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=120)
        request = f"GET /__journeymap/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        self.socket.sendall(request.encode())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.socket.recv(65536):
                now = time.perf_counter()
                buffer += chunk
                while b"\n\n" in buffer:
                    message, buffer = buffer.split(b"\n\n", 1)
                    data = message.partition(b"data: ")[2]
                    if data:
                        self.arrived.put((now, json.loads(data)))
        except OSError:
            pass

    def next(self, timeout: float = 120) -> tuple[float, dict[str, object]]:
        return self.arrived.get(timeout=timeout)


def replace_line(path: Path, pattern: str, text: str) -> None:
    """The first line matching `pattern` (its indent and key kept) given new text."""
    old = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, lambda m: m.group(1) + text, old, count=1, flags=re.M)
    assert count == 1, f"no {pattern} in {path}"
    path.write_text(new, encoding="utf-8")


def served_with(url: str, marker: str, deadline: float = 120) -> float:
    """When `url` was served holding `marker` (asked again until it is)."""
    give_up = time.perf_counter() + deadline
    while True:
        with urllib.request.urlopen(url, timeout=deadline) as answer:
            body = answer.read().decode("utf-8")
        arrived = time.perf_counter()
        if marker in body:
            return arrived
        if arrived > give_up:
            sys.exit(f"{url} never showed the save")


def journeymap_saves(root: Path, saves: int, checkout: Path = REPO) -> dict[str, dict[str, float]]:
    """Median seconds from a save to the reload event, and to the edited map served as the
    reloaded page asks for it (and the home page, for a title), by kind of edit, of the
    journeymap in `checkout` (this one, or another commit's work tree: a baseline)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("serving "):
                break
        else:
            sys.exit(f"journeymap serve stopped: {process.wait()}")
        threading.Thread(target=process.stdout.read, daemon=True).start()  # drained
        events = Events(port)
        _, state = events.next()
        files = journey_files(root)
        path = files[len(files) // 2]
        edits = {
            "a step's text": (r"^(\s+doing: ).*$", "Modificato {}"),
            "the summary": (r"^(summary: ).*$", "Modificato {}"),
            "the title (every list)": (r"^(title: ).*$", "'Percorso {}'"),
        }
        page = (
            f"http://127.0.0.1:{port}/journeys/{path.relative_to(root).with_suffix('').as_posix()}/"
        )
        home = f"http://127.0.0.1:{port}/"
        found: dict[str, dict[str, float]] = {}
        for name, (pattern, text) in edits.items():
            times: dict[str, list[float]] = {}
            for _ in range(saves):
                time.sleep(PAUSE)
                marker = str(time.time_ns())
                started = time.perf_counter()
                replace_line(path, pattern, text.format(marker))
                while True:
                    arrived, new = events.next()
                    if new["errors"]:
                        sys.exit(f"the save was refused: {new['errors']}")
                    if new["build"] != state["build"]:
                        break
                state = new
                times.setdefault("reload event", []).append(arrived - started)
                times.setdefault("map served", []).append(served_with(page, marker) - started)
                if "title" in name:
                    times.setdefault("home served", []).append(served_with(home, marker) - started)
            found[name] = {what: statistics.median(each) for what, each in times.items()}
        return found
    finally:
        process.terminate()
        process.wait(timeout=30)


def hugo_saves(binary: str, site: Path, saves: int) -> float:
    """Median seconds from a save of one Markdown page to that page written again."""
    port = free_port()
    public = site / "public-served"
    shutil.rmtree(public, ignore_errors=True)
    process = subprocess.Popen(
        [
            binary,
            "server",
            "--source",
            str(site),
            "--port",
            str(port),
            "--renderToDisk",
            "--destination",
            str(public),
            "--disableLiveReload",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "Web Server is available" in line:
                break
        else:
            sys.exit(f"hugo server stopped: {process.wait()}")
        threading.Thread(target=process.stdout.read, daemon=True).start()
        pages = sorted((site / "content" / "journeys").glob("*/*.md"))
        source = pages[len(pages) // 2]
        relative = source.relative_to(site / "content").with_suffix("")
        written = public / relative / "index.html"
        # visited once, as an author looking at it would (Hugo re-renders those first)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/{relative.as_posix()}/").read()
        times = []
        for _ in range(saves):
            time.sleep(PAUSE)
            marker = f"Modificato {time.time_ns()}"
            text = source.read_text(encoding="utf-8")
            head, _, body = text.partition("\n---\n")
            lines = body.split("\n")
            lines[0] = marker  # the summary: the first line of the body
            started = time.perf_counter()
            source.write_text(head + "\n---\n" + "\n".join(lines), encoding="utf-8")
            deadline = started + 120
            while True:
                try:
                    if marker in written.read_text(encoding="utf-8"):
                        break
                except OSError:
                    pass  # between two writes
                if time.perf_counter() > deadline:
                    sys.exit("hugo server did not write the page within 120 s")
                time.sleep(0.002)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _commit(checkout: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--saves", type=int, default=9)
    parser.add_argument("--shared", action="store_true", help="one persona, three departments")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "_work" / "serve")
    parser.add_argument(
        "--before",
        type=Path,
        help="the work tree of another journeymap commit, timed too in the same run "
        "(git worktree add --detach /tmp/before main)",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    binary = find_hugo()
    print(machine())
    print(f"journeymap at {_commit(REPO)}")
    if binary is None:
        print("hugo is not installed (apt-get install -y hugo): journeymap's figures alone")
    else:
        version = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
        print(version.split("+")[0].strip())
    corpus = "shared" if args.shared else "default"
    for count in args.journeys:
        root = args.work / f"root-{corpus}-{count}"
        shutil.rmtree(root, ignore_errors=True)
        generate(count, root, shared=args.shared)
        print(f"\n{count} journeys ({corpus} corpus), median of {args.saves} saves")
        hugo = None
        if binary is not None:
            site = args.work / f"hugo-{corpus}-{count}"
            hugo_site(root, site)
            hugo = hugo_saves(binary, site, args.saves)
            print(f"  {'hugo server, save -> page written':60s} {1000 * hugo:7.0f} ms")
        runs = [("journeymap serve", REPO)]
        if args.before is not None:
            runs.insert(0, (f"before ({_commit(args.before)})", args.before))
        for who, checkout in runs:
            for name, figures in journeymap_saves(root, args.saves, checkout).items():
                for what, seconds in figures.items():
                    ratio = f"  {seconds / hugo:5.2f}x Hugo" if hugo else ""
                    label = f"{who}, {name}, {what}"
                    print(f"  {label:60s} {1000 * seconds:7.0f} ms{ratio}")


if __name__ == "__main__":
    main()
