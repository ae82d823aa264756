"""Problems outside the journeys (templates, the output folder) named like content problems:
a place, a message, exit status 1, no traceback."""

from __future__ import annotations

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
