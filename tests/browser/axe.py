"""axe-core in a page of headless Chromium: its WCAG 2.2 A/AA violations.

The axe-core that selenium-axe-python bundles is read from the package and
injected by hand, then run through `execute_async_script`: the package's own
wrapper waits forever when `axe.run` rejects (an unknown tag, say).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
  .then(function (result) { done({violations: result.violations}); })
  .catch(function (error) { done({error: String(error)}); });
"""


def axe_source() -> str:
    return (files("selenium_axe_python") / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def violations(driver: Any, tags: tuple[str, ...] = TAGS) -> list[str]:
    """The rules the loaded page breaks, one line each with the elements that break them."""
    driver.set_script_timeout(60)
    driver.execute_script(axe_source())
    answer = driver.execute_async_script(_RUN, list(tags))
    if "error" in answer:
        raise AssertionError(f"axe-core failed: {answer['error']}")
    return [
        f"{v['id']} ({v['impact']}): " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in answer["violations"]
    ]
