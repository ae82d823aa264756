"""External programs that some tests need: skip where missing, fail on CI."""

from __future__ import annotations

import os
import shutil

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def need(name: str) -> str:
    """The path of `name`, or a skip with the reason (a failure when CI=true)."""
    path = shutil.which(name)
    if path is not None:
        return path
    reason = f"{name} is not installed: apt-get install the package that provides it"
    if on_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)
