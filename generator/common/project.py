"""Where this version of journeymap comes from, as its package metadata states.

The addresses are declared once, in pyproject.toml's [project.urls]; an installed
package carries them in its metadata, and a checkout run without installing reads
them from pyproject.toml beside the package.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

from generator import __version__

DISTRIBUTION = "journeymap"


@cache
def _urls() -> dict[str, str]:
    try:
        entries = metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["urls"]
        return {str(label): str(url) for label, url in declared.items()}
    urls = {}
    for entry in entries:  # "Label, URL" (core metadata)
        label, _, url = entry.partition(",")
        urls[label.strip()] = url.strip()
    return urls


def project_url(label: str) -> str:
    """The address pyproject.toml declares under `label` ("Repository", "Issues")."""
    return _urls()[label]


def requirement() -> str:
    """This very version, as pip installs it from the tag its release is built from.

    Never the bare name: nothing is published under it, and whoever published
    something there later would have their code run wherever it is installed.
    """
    return f"{DISTRIBUTION} @ git+{project_url('Repository')}@v{__version__}"
