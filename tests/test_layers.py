"""The layers of `generator/`, as a contract: data flows one way, and each package
imports only the packages below it.

    common   <- content <- history <- views <- pdf <- site
                content <- interop
                content <- edit
    commands: the command line's, imported by nobody but cli.py

Every import counts, those inside functions and under TYPE_CHECKING too: a
lazy import is still a dependency. Read from the source with `ast`, so a
module need not be importable (nor WeasyPrint loaded) to be checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# package -> the packages it may import (besides itself)
ALLOWED: dict[str, frozenset[str]] = {
    "common": frozenset(),
    "content": frozenset({"common"}),
    "history": frozenset({"common", "content"}),
    "views": frozenset({"common", "content", "history"}),
    "pdf": frozenset({"common", "content", "history", "views"}),
    "site": frozenset({"common", "content", "history", "views", "pdf"}),
    "interop": frozenset({"common", "content"}),
    "edit": frozenset({"common", "content"}),
    "commands": frozenset(
        {"common", "content", "history", "views", "pdf", "site", "interop", "edit", "cli"}
    ),
}
TOP_LEVEL = {"__init__.py", "__main__.py", "cli.py"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The modules of generator that a module imports, as dotted names."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                here = _name(path)
                package = here if path.name == "__init__.py" else here.rpartition(".")[0]
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from generator.views import pages`: the module `pages` is what is used
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "generator" or name.startswith("generator.")}


def layer(module: str) -> str | None:
    """`generator.views.pages` -> `views`; None for `generator` and `generator.__version__`."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1].startswith("__"):
        return None
    return parts[1]


def violations(path: Path, own: str) -> set[str]:
    """What a module of the layer `own` imports that its layer may not."""
    return {
        name
        for name in imported(path)
        if (other := layer(name)) is not None and other != own and other not in ALLOWED[own]
    }


def test_top_level_holds_only_packages_and_the_entry_points():
    loose = {path.name for path in PACKAGE.glob("*.py")} - TOP_LEVEL
    assert loose == set()
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert packages <= set(ALLOWED), "a new package needs its place in ALLOWED"


LAYERED = [path for path in _modules() if path.parent != PACKAGE]


@pytest.mark.parametrize("path", LAYERED, ids=_name)
def test_imports_follow_the_layers(path: Path):
    own = _name(path).split(".")[1]
    assert violations(path, own) == set(), f"{own} may import only {sorted(ALLOWED[own])}"


def test_the_command_line_reaches_commands_by_name_only():
    """cli.py finds each command in the registry (generator.commands), and imports its
    module when it is run: importing one directly would load them all at start-up."""
    wrong = {
        name
        for name in imported(PACKAGE / "cli.py")
        if layer(name) == "commands"
        and name not in ("generator.commands", "generator.commands.COMMANDS")
    }
    assert wrong == set()


def test_the_contract_sees_a_wrong_way_import(tmp_path: Path):
    """A view that imports the site, even inside a function, breaks it."""
    fake = tmp_path / "generator" / "views" / "fake.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "from generator.views import curve\ndef f():\n    from generator.site.build import build\n",
        encoding="utf-8",
    )
    assert violations(fake, "views") == {"generator.site.build", "generator.site.build.build"}


def test_the_held_whole_threshold_is_read_where_it_is_set():
    """A module that imported KEEP_UP_TO by name would hold a copy, which a test's
    monkeypatch of content.cache does not reach: every stage asks cache.held_whole."""
    copies = [_name(p) for p in _modules() if "generator.content.cache.KEEP_UP_TO" in imported(p)]
    assert copies == []
