"""The workflow that publishes a release of journeymap, and what a release states."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator import __version__
from generator.common.project import requirement

REPOSITORY = Path(__file__).resolve().parent.parent


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub does not
    return data


def step(job: dict[str, Any], name_starts: str) -> dict[str, Any]:
    (found,) = [s for s in job["steps"] if s.get("name", "").startswith(name_starts)]
    return found


def test_a_tag_builds_tests_and_publishes_the_sdist_and_the_wheel() -> None:
    workflow = load(REPOSITORY / ".github/workflows/release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    # the tests are the README's, on the machine the README promises
    assert build["container"] == "debian:12"
    runs = [s.get("run", "") for s in build["steps"]]
    assert any(run.endswith(".ci/run") for run in runs)
    assert step(build, "Set up")["env"] == {"CI": "true"}
    assert ".venv/bin/python -m build --no-isolation --outdir dist" in runs
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"contents": "write"}
    assert 'gh release create "$TAG" dist/*' in step(publish, "Publish")["run"]
    for job in (build, publish):
        for s in job["steps"]:
            # expressions go through env: pasted into a script, a tag name could run code
            assert "${{" not in s.get("run", "")


def tag_check(tag: str, tmp_path: Path) -> int:
    build = load(REPOSITORY / ".github/workflows/release.yml")["jobs"]["build"]
    script = step(build, "The tag names")["run"]
    # the job runs the journeymap its set-up installed in .venv: here, this one
    venv = tmp_path / ".venv/bin"
    if not venv.exists():
        venv.mkdir(parents=True)
        (venv / "journeymap").symlink_to(Path(sys.executable).parent / "journeymap")
    process = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={"TAG": tag, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    return process.returncode


def test_a_tag_that_is_not_the_version_publishes_nothing(tmp_path: Path) -> None:
    assert tag_check(f"v{__version__}", tmp_path) == 0
    assert tag_check("v9.9.9", tmp_path) != 0
    assert tag_check(__version__, tmp_path) != 0


def test_the_readme_installs_this_release() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert re.findall(r'pip install "(journeymap @ [^"]+)"', readme) == [requirement()]
