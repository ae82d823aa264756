"""A bug of ours is told apart from a problem in the journeys: exit status 70 (EX_SOFTWARE,
as sysexits.h), one line that says it is a bug and where to report it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli
from generator.common.project import project_url
from tests.conftest import WriteRoot

JOURNEY = "title: Primo acquisto\nstages: [{name: Scoperta}]\n"


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that fails as only a bug can."""

    def check_root(_root: object) -> None:
        raise RuntimeError("la fase è rotta")

    monkeypatch.setattr("generator.commands.validate.check_root", check_root)


@pytest.mark.usefixtures("broken")
def test_a_bug_exits_70_with_one_line_that_says_so(write_root: WriteRoot) -> None:
    root = write_root({"a.yaml": JOURNEY})
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == (
        f"error: internal error in journeymap {__version__} (RuntimeError: la fase è rotta): "
        "a bug, not a problem in your files; run again with --debug and report the traceback "
        "at https://github.com/journeymap/journeymap/issues\n"
    )


@pytest.mark.usefixtures("broken")
def test_debug_shows_the_traceback(write_root: WriteRoot) -> None:
    root = write_root({"a.yaml": JOURNEY})
    result = CliRunner().invoke(cli, ["--debug", "validate", str(root)])
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith("RuntimeError: la fase è rotta\n")


def test_content_and_usage_keep_their_statuses(write_root: WriteRoot) -> None:
    root = write_root(
        {"a.yaml": "title: Primo acquisto\nstages: [{name: Scoperta, emozione: 1}]\n"}
    )
    assert CliRunner().invoke(cli, ["validate", str(root)]).exit_code == 1
    assert CliRunner().invoke(cli, ["validate", str(root), "--format", "xml"]).exit_code == 2


def test_the_report_address_is_the_one_the_package_states() -> None:
    assert project_url("Issues") == "https://github.com/journeymap/journeymap/issues"


def test_a_checkout_not_installed_reads_the_address_from_pyproject(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    from generator.common import project

    def missing(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "metadata", missing)
    project._urls.cache_clear()
    try:
        assert project_url("Repository") == "https://github.com/journeymap/journeymap"
    finally:
        project._urls.cache_clear()
