"""Where the packaged templates and assets live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def packaged_templates() -> Path:
    """The wheel carries them inside the package; a checkout keeps them beside it."""
    inside = _PACKAGE / "templates"
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / "templates"
