"""`journeymap serve` run as a user runs it, in a process of its own, for the tests that
talk to it over HTTP or drive a browser against it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], object], seconds: float = 30.0) -> Any:
    """The first true value of `condition`, asked again and again; an exception counts as
    not yet (a page between two loads, a file being written)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {condition.__doc__ or condition}")


class Served:
    """A running server: its port, and what it printed."""

    def __init__(self, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
        self.port, self.process, self.log = port, process, log

    def request(self, raw: bytes) -> bytes:
        """The whole answer to one request written as it is."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as client:
            client.sendall(raw)
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        return answer

    def get(self, path: str, host: str | None = None) -> bytes:
        host = f"127.0.0.1:{self.port}" if host is None else host
        return self.request(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )

    def output(self) -> str:
        """Everything the server printed, once it has stopped."""
        self.process.terminate()
        self.process.wait(timeout=10)
        return self.log.read_text(encoding="utf-8")


def serving(root: Path, log: Path, *options: str, cwd: Path | None = None) -> Iterator[Served]:
    """`journeymap serve root --port P *options` running until the generator is closed;
    it has started once it says where it serves."""
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(root), "--port", str(port), *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    try:
        deadline = time.monotonic() + 120
        while "serving " not in log.read_text(encoding="utf-8"):
            assert process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the server did not start within 120 s"
            time.sleep(0.1)
        yield Served(port, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
