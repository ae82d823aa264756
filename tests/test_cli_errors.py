"""Problems outside the journeys (templates, the output folder) named like content problems:
a place, a message, exit status 1, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import WriteRoot

JOURNEY = "title: J{n}\nstages: [{{name: S, steps: [{{title: T, emotion: 1}}]}}]\n"


def build(root: Path, out: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content root of 20 journeys (enough to render on several processes), as ./journeys."""
    monkeypatch.chdir(tmp_path)
    write_root({f"j{n:02}.yaml": JOURNEY.format(n=n) for n in range(20)})
    (tmp_path / "templates").mkdir()
    return tmp_path


OVERRIDE = '{% extends "default:journey.html" %}\n{% block content %}\n<p>mine</p>\n'

TEMPLATE_CASES = {
    "a syntax error": (
        OVERRIDE + "{{ oops }\n{% endblock %}\n",
        "templates/journey.html:4: error: template syntax: unexpected '}'",
    ),
    "a template that is not there": (
        OVERRIDE + '{% include "/etc/passwd" %}\n{% endblock %}\n',
        "templates/journey.html:4: error: template: no template '/etc/passwd' in templates/ "
        "or among the packaged ones",
    ),
    "a name that is not defined": (
        OVERRIDE + "{{ oops.x }}\n{% endblock %}\n",
        "templates/journey.html:4: error: template: 'oops' is undefined",
    ),
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("case", list(TEMPLATE_CASES))
def test_a_template_mistake_is_named_at_its_file_and_line(repo: Path, case: str, jobs: str) -> None:
    text, expected = TEMPLATE_CASES[case]
    (repo / "templates/journey.html").write_text(text, encoding="utf-8")
    code, stdout, stderr = build(repo / "journeys", repo / "out", "--jobs", jobs)
    assert (code, stdout, stderr) == (1, "", expected + "\n")
    assert not (repo / "out/site").exists()


def test_an_output_folder_that_cannot_be_written(repo: Path) -> None:
    (repo / "afile").write_text("mine", encoding="utf-8")
    code, stdout, stderr = build(repo / "journeys", repo / "afile/out")
    assert (code, stdout) == (1, "")
    assert stderr == "Error: cannot write to 'afile/out': not a directory\n"
    assert (repo / "afile").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not bind root"
)
def test_an_output_folder_without_permission(repo: Path) -> None:
    (repo / "ro").mkdir(mode=0o555)
    code, stdout, stderr = build(repo / "journeys", repo / "ro")
    assert (code, stdout, stderr) == (1, "", "Error: cannot write to 'ro': permission denied\n")
    assert list((repo / "ro").iterdir()) == []
