"""What a team installs without a checkout: the declared dependency ranges, and a wheel
and an sdist that carry the templates and fonts and work from a virtual environment
of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.tools import need

REPOSITORY = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENTS = [
    Requirement(text)
    for text in [*PYPROJECT["dependencies"], *PYPROJECT["optional-dependencies"]["dev"]]
]


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_every_dependency_has_a_range_and_the_tests_run_inside_it(
    requirement: Requirement,
) -> None:
    # a lower bound for the features used, an upper one for the releases not yet tested:
    # a new major release reaches users only after CI has run with it
    operators = sorted(spec.operator for spec in requirement.specifier)
    assert operators == ["<", ">="], requirement
    assert requirement.specifier.contains(version(requirement.name)), requirement


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it (as `python -m build` does), as a release has them.

    Built with this environment's hatchling (no isolation), so no index is needed."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPOSITORY, cwd=out)
    return out


def only(folder: Path, pattern: str) -> Path:
    (found,) = folder.glob(pattern)
    return found


@pytest.mark.slow
def test_the_wheel_and_the_sdist_carry_the_templates_and_fonts(dist: Path) -> None:
    release = version("journeymap")
    wheel = only(dist, f"journeymap-{release}-py3-none-any.whl")
    sdist = only(dist, f"journeymap-{release}.tar.gz")
    templates = [p.relative_to(REPOSITORY).as_posix() for p in REPOSITORY.glob("templates/**/*")]
    templates = [p for p in templates if (REPOSITORY / p).is_file()]
    assert any(p.startswith("templates/assets/fonts/") for p in templates)
    assert "templates/scaffold/workflow.yml" in templates
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert {f"generator/{p}" for p in templates} <= in_wheel
    assert "generator/cli.py" in in_wheel
    assert f"journeymap-{release}.dist-info/licenses/LICENSE" in in_wheel
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE", "generator/cli.py", *templates} <= in_sdist


@pytest.mark.slow
def test_installed_from_the_wheel_outside_a_checkout_init_and_build_work(
    dist: Path, tmp_path: Path
) -> None:
    wheel = only(dist, "journeymap-*.whl")
    env = tmp_path / "env"
    run(sys.executable, "-m", "venv", env, cwd=tmp_path)
    python = env / "bin" / "python"
    # the libraries come from this environment (no index needed), journeymap only from the
    # wheel: the .pth adds this environment's folders, but not the checkout an editable
    # install of journeymap points to (a .pth inside them is not read)
    inside = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    shared = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (inside / "libraries.pth").write_text("\n".join(sorted(shared)) + "\n", encoding="utf-8")
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL"))
    }
    clean["PATH"] = os.pathsep.join([str(env / "bin"), clean.get("PATH", "")])
    where = run(
        python, "-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=clean
    )
    assert Path(where.strip()).is_relative_to(env)
    journeymap = env / "bin" / "journeymap"
    run(journeymap, "init", "cx", cwd=tmp_path, env=clean)
    workflow = (tmp_path / "cx/.github/workflows/journeys.yml").read_text(encoding="utf-8")
    assert f"git+https://github.com/journeymap/journeymap@v{version('journeymap')}" in workflow
    run(journeymap, "build", cwd=tmp_path / "cx", env=clean)
    site = tmp_path / "cx/output/site"
    assert "First purchase" in (site / "journeys/first-purchase/index.html").read_text("utf-8")
    assert (site / "pdf/first-purchase.pdf").read_bytes().startswith(b"%PDF-")
    # the packaged fonts are found where the wheel put them: in the poster, and in the
    # footer of a tiled sheet, which fontTools measures
    fonts = run(need("pdffonts"), site / "pdf/first-purchase.pdf", cwd=tmp_path)
    assert "DejaVu-Sans-Condensed" in fonts
    run(
        journeymap,
        "pdf",
        "first-purchase",
        "--paper",
        "A1",
        "--tile",
        "A4",
        "-o",
        "t.pdf",
        cwd=tmp_path / "cx",
        env=clean,
    )
    assert "DejaVu-Sans-Condensed" in run(need("pdffonts"), tmp_path / "cx/t.pdf", cwd=tmp_path)
