"""What the interop tests share: the CLI run on files, and a copy of the example root."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.content.model import Journey

EXAMPLES = Path(__file__).parent.parent.parent / "journeys"
CORPUS = Path(__file__).parent


def run(*args: str) -> tuple[int, str, str]:
    """`journeymap ARGS` -> exit status, standard output, standard error."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def example_root(base: Path) -> Path:
    """A copy of the example content root under `base`, to import into."""
    root = base / "journeys"
    shutil.copytree(EXAMPLES, root)
    return root


def validate_ok(root: Path) -> None:
    code, out, err = run("validate", str(root))
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("0 errors"), out


Shape = list[tuple[str, list[tuple[str, list[tuple[str, float | None]]]]]]


def effective(journey: Journey) -> Shape:
    """Stages, step titles, and each step's actors with their emotions."""
    return [
        (
            stage.name,
            [
                (
                    step.title,
                    [
                        (actor, step.emotion_of(actor))
                        for actor in sorted(step.actors or journey.persona)
                    ],
                )
                for step in stage.steps
            ],
        )
        for stage in journey.stages
    ]
