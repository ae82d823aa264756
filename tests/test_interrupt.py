"""A build stopped from outside: SIGTERM ends it cleanly, and after SIGKILL its workers
end with it and the next build clears what it left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "journeys"

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_and_wait_for_workers(root: Path, out: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """A build with PDFs, caught while its workers lay out the PDFs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(root), "--out", str(out), "--jobs", "2"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if len(workers) >= 2 and any(out.glob(".staging-*")):
            return process, workers
        if process.poll() is not None:
            pytest.fail(f"the build ended before its workers were seen: {process.stderr}")
        time.sleep(0.02)
    process.kill()
    pytest.fail("no worker seen in 60 s")


def wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    return {pid for pid in pids if alive(pid)}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "journeys"))


def test_sigterm_stops_the_build_its_workers_and_removes_its_staging(root, tmp_path) -> None:
    out = tmp_path / "out"
    process, workers = start_and_wait_for_workers(root, out)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    assert wait_gone(workers) == set()
    assert not list(out.glob(".staging-*"))
    assert not (out / "site").exists()  # nothing was published


def test_after_sigkill_the_workers_end_and_the_next_build_clears_the_staging(
    root, tmp_path
) -> None:
    out = tmp_path / "out"
    process, workers = start_and_wait_for_workers(root, out)
    process.kill()
    process.communicate(timeout=30)  # a worker left alive would hold its stderr open
    assert wait_gone(workers) == set()
    assert list(out.glob(".staging-*"))  # what the build was writing
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(root), "--out", str(out), "--no-pdf"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 30  # removed in the background
    while list(out.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(out.glob(".staging-*"))
