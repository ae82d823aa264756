"""The CI workflow `init` writes, and the pre-commit hook: their commands run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from packaging.requirements import Requirement
from test_diff_repo import git

from generator import __version__
from generator.cli import cli

REPOSITORY = Path(__file__).resolve().parent.parent
INSTALL = f'pip install "journeymap @ git+https://github.com/journeymap/journeymap@v{__version__}"'
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# What GitHub would put in the expressions the workflow uses, for a pull request into main
GITHUB = {
    "github.base_ref": "main",
    "runner.temp": "RUNNER_TEMP",
}


def installed(command: str) -> str:
    """A command this package installs: beside the running Python (a virtual environment
    need not be on PATH), else on PATH."""
    beside = Path(sys.executable).parent / command
    return str(beside) if beside.is_file() else shutil.which(command) or command


def load_workflow(repo: Path) -> dict[str, Any]:
    data = yaml.safe_load((repo / ".github/workflows/journeys.yml").read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub does not
    return data


def journeymap_steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (job, step)
        for job, spec in workflow["jobs"].items()
        for step in spec["steps"]
        if "journeymap " in step.get("run", "") and "pip install" not in step["run"]
    ]


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository made by `init`, on a branch that changed a journey, with origin/main."""
    repo = tmp_path / "cx"
    assert CliRunner().invoke(cli, ["init", str(repo)]).exit_code == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Primo commit", author="Alice Bianchi")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "switch", "-q", "-c", "rinomina")
    journey = repo / "journeys/first-purchase.yaml"
    text = journey.read_text(encoding="utf-8")
    text = text.replace("title: First contact", "title: Primo contatto, già cliente")
    journey.write_text(text.replace("emotion: 0", "emotion: -1"), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Il primo passo in italiano", author="Bruno Esposito")
    return repo


def test_the_workflow_runs_what_it_promises(pull_request: Path) -> None:
    workflow = load_workflow(pull_request)
    assert set(workflow["on"]) == {"push", "pull_request"}
    jobs = workflow["jobs"]
    assert jobs["diff"]["if"] == "github.event_name == 'pull_request'"
    assert jobs["diff"]["permissions"]["pull-requests"] == "write"
    assert jobs["diff"]["steps"][0]["with"] == {"fetch-depth": 0}
    assert [s.get("uses", "").split("@")[0] for s in jobs["diff"]["steps"]][-1] == (
        "actions/github-script"
    )
    publish = jobs["publish"]
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert publish["steps"][-1]["uses"] == "actions/deploy-pages@v4"
    for job in jobs.values():
        assert [s["run"] for s in job["steps"] if "pip" in s.get("run", "")] == [INSTALL]
    for job in jobs.values():
        for step in job["steps"]:
            # expressions go through env: pasted into a script, a branch name could run code
            assert "${{" not in step.get("run", "")


def test_the_workflow_installs_the_version_that_wrote_it(pull_request: Path) -> None:
    # `pip install journeymap` would install whatever anyone publishes under that name
    text = (pull_request / ".github/workflows/journeys.yml").read_text(encoding="utf-8")
    assert text.count("run: pip install") == text.count(f"run: {INSTALL}\n") == 3
    requirement = Requirement(INSTALL.removeprefix("pip install ").strip('"'))
    assert (requirement.name, requirement.url) == (
        "journeymap",
        f"git+https://github.com/journeymap/journeymap@v{__version__}",
    )
    # the address is the one the package states, and the version the one that is running
    declared = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["urls"]
    assert requirement.url == f"git+{declared['Repository']}@v{version('journeymap')}"


def test_every_journeymap_step_succeeds(pull_request: Path, tmp_path: Path) -> None:
    temp = tmp_path / "runner"
    temp.mkdir()
    summary = temp / "summary.md"
    environment = dict(
        os.environ,
        RUNNER_TEMP=str(temp),
        GITHUB_STEP_SUMMARY=str(summary),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    )
    ran = []
    for job, step in journeymap_steps(load_workflow(pull_request)):
        script = step["run"]
        if job == "publish":
            # the printable maps have tests of their own; here, the command and its arguments
            assert script == "journeymap build journeys --out output"
            script += " --no-pdf"
        env = {
            key: EXPRESSION.sub(lambda m: GITHUB[m.group(1)], str(value)).replace(
                "RUNNER_TEMP", str(temp)
            )
            for key, value in step.get("env", {}).items()
        }
        result = subprocess.run(
            [
                shutil.which("bash") or "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                script,
            ],
            cwd=pull_request,
            env={**environment, **env},
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert result.returncode == 0, f"{job}: {script}\n{result.stdout}\n{result.stderr}"
        ran.append((job, script.split()[1]))
    assert ran == [
        ("validate", "validate"),
        ("validate", "build"),
        ("diff", "diff"),
        ("publish", "build"),
    ]
    comment = (temp / "journeys-diff.md").read_text(encoding="utf-8")
    assert comment == (
        "**journeymap**: Journeys changed from `origin/main` to `HEAD`: 0 added, 0 removed, "
        "1 changed.\n"
        "\n"
        "### Changed: First purchase (`first-purchase`)\n"
        "\n"
        "- step renamed: **First contact** -> **Primo contatto, già cliente** "
        "(anchor `#first-contact` -> `#primo-contatto-gia-cliente`)\n"
        "- emotion fell: **Primo contatto, già cliente**: 0 -> -1\n"
    )
    assert summary.read_text(encoding="utf-8") == comment
    assert (pull_request / "output/site/index.html").is_file()


def test_the_pre_commit_hook(tmp_path: Path) -> None:
    hooks = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["journeymap-validate"]
    hook = hooks[0]
    # what pre-commit requires of a hook, and what this one must be
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in ("journeys/a.yaml", "b.yml", "README.md")] == [
        True,
        True,
        False,
    ]
    # the entry is the command this package installs (language: python installs the repository)
    scripts = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["scripts"]
    command, *arguments = hook["entry"].split()
    assert command in scripts
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "cx")]).exit_code == 0
    result = subprocess.run(
        [installed(command), *arguments, "journeys"],
        cwd=tmp_path / "cx",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings in 3 files\n")
