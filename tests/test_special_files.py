"""Only regular files are read from a content root: a named pipe or a socket, wherever
it is and whatever its name, is never opened for reading (it would wait forever for a
writer). One named as content is an error at it; one named as nothing is left alone.

Run as a user would, in a process of its own with a time limit: a hang fails the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import WriteRoot

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")

JOURNEY = """
    title: Primo caffè
    persona: giulia
    stages:
      - name: Scelta
        steps:
          - title: Entra nel bar
            emotion: 1
"""
PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )


@pytest.fixture
def root(write_root: WriteRoot, tmp_path: Path) -> Path:
    return write_root({"personas/giulia.yaml": "name: Giulia\n", "caffe.yaml": JOURNEY})


def test_a_named_pipe_named_as_a_journey_is_an_error_at_it(root: Path, tmp_path: Path) -> None:
    os.mkfifo(root / "attesa.yaml")
    os.mkfifo(root / "personas" / "luca.yml")
    message = "is a named pipe (FIFO), not a regular file: only regular files are read"
    expected = [
        f"journeys/attesa.yaml:1:1: error: 'attesa.yaml' {message}; remove it",
        f"journeys/personas/luca.yml:1:1: error: 'luca.yml' {message}; remove it",
        "2 errors, 0 warnings in 4 files",
    ]
    checked = run("validate", "journeys", cwd=tmp_path)
    assert checked.stdout.splitlines() == expected
    assert checked.returncode == 1
    built = run("build", "journeys", "--out", "out", "--no-pdf", cwd=tmp_path)
    assert built.stderr.splitlines() == expected
    assert built.returncode == 1
    assert not (tmp_path / "out" / "site").exists()


def test_a_socket_named_as_a_journey_is_an_error_at_it(root: Path, tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(root / "presa.yaml"))
        checked = run("validate", "journeys", cwd=tmp_path)
    assert checked.stdout.splitlines() == [
        "journeys/presa.yaml:1:1: error: 'presa.yaml' is a socket, not a regular file: "
        "only regular files are read; remove it",
        "1 error, 0 warnings in 3 files",
    ]


def test_a_named_pipe_that_is_not_content_is_left_alone(root: Path, tmp_path: Path) -> None:
    # the build digests every file below the root, to know whether anything changed
    os.mkfifo(root / "appunti.txt")
    os.mkfifo(root / "images.fifo")
    built = run("build", "journeys", "--out", "out", "--no-pdf", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    again = run("build", "journeys", "--out", "out", "--no-pdf", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Primo caffè" in (tmp_path / "out/site/journeys/caffe/index.html").read_text()


def test_a_link_to_a_named_pipe_is_not_read(root: Path, tmp_path: Path) -> None:
    os.mkfifo(root / "_tubo")
    (root / "legame.yaml").symlink_to("_tubo")
    checked = run("validate", "journeys", cwd=tmp_path)
    assert checked.stdout.splitlines()[0] == (
        "journeys/legame.yaml:1:1: error: 'legame.yaml' is a named pipe (FIFO), not a regular "
        "file: only regular files are read; remove it"
    )


def test_images_and_photos_that_are_named_pipes_are_errors(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = write_root(
        {
            "personas/giulia.yaml": "name: Giulia\nphoto: ../images/giulia.svg\n",
            "caffe.yaml": textwrap.dedent(JOURNEY) + "summary: Bar ![banco](images/banco.svg)\n",
            "images/ok.svg": PIXEL,
        }
    )
    os.mkfifo(root / "images" / "giulia.svg")
    os.mkfifo(root / "images" / "banco.svg")
    checked = run("validate", "journeys", cwd=tmp_path)
    assert checked.stdout.splitlines() == [
        "journeys/caffe.yaml:8:10: error: summary: image 'images/banco.svg' is not a regular file",
        "journeys/personas/giulia.yaml:2:8: error: photo: '../images/giulia.svg' is not a "
        "regular file",
        "2 errors, 0 warnings in 2 files",
    ]
    built = run("build", "journeys", "--out", "out", "--no-pdf", cwd=tmp_path)
    assert built.returncode == 1
