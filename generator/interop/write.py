"""Journey data -> YAML that people read and edit, and new files that never overwrite.

Keys come out in the order FORMAT.md shows them, defaults are left out, short
lists of ids stay on one line (`actors: [marco, giulia]`) and text with line
breaks becomes a literal block, so an imported file looks hand-written.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import yaml

from generator.content.diagnostics import display_path
from generator.content.model import Journey, Stage, Step

# The models declare the keys in the order FORMAT.md shows them: written out as declared.
JOURNEY_KEYS = tuple(Journey.model_fields)
STAGE_KEYS = tuple(Stage.model_fields)
STEP_KEYS = tuple(Step.model_fields)
# Values that read best on one line: lists of ids, and emotions per persona.
_FLOW_KEYS = {"persona", "tags", "lanes", "actors", "emotion"}
# Defaults that a hand-written file leaves out.
_DEFAULTS: dict[str, Any] = {"state": "current", "circular": False, "draft": False}


class CannotWrite(Exception):
    """Files that could not be written: none of them was."""


class TargetExists(CannotWrite):
    """A file that would be written is there already."""


class _Flow(list):  # type: ignore[type-arg]
    pass


class _FlowMap(dict):  # type: ignore[type-arg]
    pass


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # anchors and aliases are for machines, not for authors

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # `  - name:` under its key, as people indent


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow_list(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, _flow_list)
_Dumper.add_representer(_FlowMap, _flow_map)


def number(value: float) -> float | int:
    """1.0 -> 1: pydantic hands back floats, authors write whole numbers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _empty(key: str, value: Any) -> bool:
    if value is None or (key in _DEFAULTS and value == _DEFAULTS[key]):
        return True
    if key in ("moment_of_truth", "expectation_met"):
        return value is False
    return isinstance(value, list | dict) and not value and key != "steps"


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key in [*keys, *(k for k in data if k not in keys)]:
        if key not in data or _empty(key, data[key]):
            continue
        value = _clean(data[key])
        if key in _FLOW_KEYS and isinstance(value, list):
            value = _Flow(value)
        elif key in _FLOW_KEYS and isinstance(value, dict):
            value = _FlowMap(value)
        result[key] = value
    return result


def shaped(journey: dict[str, Any]) -> dict[str, Any]:
    """The journey with keys in FORMAT.md's order and its defaults left out."""
    result = _ordered(journey, JOURNEY_KEYS)
    result["stages"] = [
        {
            **_ordered(stage, STAGE_KEYS),
            "steps": [_ordered(step, STEP_KEYS) for step in stage.get("steps", [])],
        }
        for stage in journey.get("stages", [])
    ]
    return result


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,  # long text stays on its line rather than folding mid-sentence
    )


def journey_yaml(journey: dict[str, Any], source: str | None = None) -> str:
    """YAML text for a journey, with a first comment naming where it came from."""
    header = f"# Imported from {source} by journeymap.\n" if source else ""
    return header + dump(shaped(journey))


def persona_yaml(name: str) -> str:
    return dump({"name": name})


def write_new(files: dict[Path, str]) -> list[Path]:
    """Write every file, or none: all targets are checked before the first is written, and
    what was written (folders too) is taken back when a later one cannot be."""
    for path in files:
        if path.exists():
            raise TargetExists(f"{display_path(path)} exists already; nothing was written")
    written: list[Path] = []
    made: list[Path] = []
    try:
        for path, text in files.items():
            made.extend(_make_folders(path.parent))
            with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": even in a race
                written.append(path)
                handle.write(text)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        where = display_path(Path(error.filename)) if error.filename else "the files"
        if isinstance(error, FileExistsError):
            raise TargetExists(f"{where} exists already") from None
        reason = (error.strerror or str(error)).lower()
        raise CannotWrite(f"cannot write to {where}: {reason}; nothing was written") from None
    return written


def _make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; the ones made, outermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    missing.reverse()
    for each in missing:
        each.mkdir(exist_ok=True)
    return missing
