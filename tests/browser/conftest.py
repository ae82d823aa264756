"""The example site, built once for the browser tests that look at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

EXAMPLE = Path(__file__).resolve().parents[2] / "journeys"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples built without PDFs: what a reader of the published site gets."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    return out / "site"
