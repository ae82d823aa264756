"""Journeys to and from spreadsheets: CSV, one row a step.

Columns: `stage`, `title`, one per lane (`doing`, `touchpoint`, `channel`,
`thinking`, `feeling`, `emotion`, `pains`, `opportunities`, `expectation`,
`reality`, `backstage`, `owner`, `metrics`, `evidence`), `moment_of_truth`,
`expectation_met`, `actors`, `custom.<lane>`, the ids `stage_id` and `id`; the stage's
`stage_description` and `customer_type` on its first row; the journey's own
keys (`journey_title`, `persona`, `summary`, `state`, `compare_to`,
`timeframe`, `maintainer`, `reviewed`, `tags`, `circular`, `draft`, `lanes`)
on the first row. Only `stage` and `title` are required; an empty `stage`
cell continues the stage above.

Cells: `emotion` is a number or one per persona (`marco: 1; giulia: -1`);
lists (pains, opportunities, evidence) are items on separate lines of the
cell or separated by ` | `; `metrics` is `drop_off: 35%; csat: 3.1`; lists of
ids (actors, persona, tags, lanes) are comma-separated; `moment_of_truth`,
`expectation_met`, `circular` and `draft` are yes/no (sì, true, x ...). A decimal comma (`0,5`)
is read as a decimal point.

A stage with no steps is a row with the stage and an empty title. Stages keep
the order in which they first appear. Ids are written only where a name would
not give them back; the journey's own id comes from where the sheet is
imported to. List items that hold a line break or ` | ` cannot be told apart
from two items: the export warns about them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from generator.content.diagnostics import Diagnostic
from generator.content.ids import slugify
from generator.content.messages import suggestion
from generator.content.model import BUILTIN_LANES, CUSTOMER_TYPES, ID_PATTERN, Site
from generator.content.resolved import ResolvedJourney, ResolvedStage, ResolvedStep
from generator.content.root import Content
from generator.interop.csv_scan import Cell, ScanError, delimiter, scan
from generator.interop.importing import Imported
from generator.interop.people import People
from generator.interop.write import number

TEXT = ("doing", "touchpoint", "thinking", "feeling", "expectation", "reality", "backstage")
LISTS = ("pains", "opportunities", "evidence")
STEP_COLUMNS = (*BUILTIN_LANES, "moment_of_truth", "expectation_met", "actors")
STAGE_COLUMNS = ("stage_id", "stage_description", "customer_type")
JOURNEY_COLUMNS = (
    "journey_title",
    "persona",
    "summary",
    "state",
    "compare_to",
    "timeframe",
    "maintainer",
    "reviewed",
    "tags",
    "circular",
    "draft",
    "lanes",
)
COLUMNS = ("stage", "title", *STEP_COLUMNS, "id", *STAGE_COLUMNS, *JOURNEY_COLUMNS)

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_FIGURE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")  # a spreadsheet's number
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_PERCENT = re.compile(r"-?\d+(?:[.,]\d+)?\s*%")
_ITEMS = re.compile(r" \| |\n")
_YES = {"yes", "y", "true", "x", "1", "sì", "si", "vero", "✓"}
_NO = {"no", "n", "false", "0", "falso", ""}


class _Problem(Exception):
    pass


def _number(text: str) -> float | int:
    text = text.strip()
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise _Problem(f"expected a number, got '{text}'")
    return number(float(text))


def _flag(text: str) -> bool:
    word = text.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise _Problem(f"expected yes or no, got '{text.strip()}'")


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        if not colon or not name.strip() or not value.strip():
            raise _Problem(f"expected {what}, got '{part.strip()}'")
        pairs.append((name.strip(), value.strip()))
    return pairs


def _ids(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


class _Reader:
    def __init__(self, display: str, content: Content, people: People) -> None:
        self.display = display
        self.content = content
        self.site: Site = content.site
        self.people = people
        self.diagnostics: list[Diagnostic] = []
        self.journey: dict[str, Any] = {}
        self.journey_cells: dict[str, str] = {}
        self.stages: list[dict[str, Any]] = []
        self.step_ids: dict[str, Cell] = {}

    def error(self, cell: Cell, column: str, message: str) -> None:
        prefix = f"{column}: " if column else ""
        self.diagnostics.append(
            Diagnostic(self.display, cell.line, cell.column, "error", prefix + message)
        )

    # -- the header --------------------------------------------------------

    def header(self, cells: list[Cell]) -> list[str | None]:
        names: list[str | None] = []
        known = [*COLUMNS, *(f"custom.{lane}" for lane in self.site.custom_lanes)]
        for cell in cells:
            name = cell.value.strip().casefold().replace(" ", "_")
            if not name:
                names.append(None)  # a column without a header: notes, ignored
                continue
            if name in names:
                self.error(cell, "", f"column '{name}' is given twice")
            elif name.startswith("custom.") and name[7:] not in self.site.custom_lanes:
                lane = name[7:]
                self.error(
                    cell,
                    "",
                    f"unknown custom lane '{lane}'"
                    f"{suggestion(lane, self.site.custom_lanes)}; "
                    "declare it in site.yaml custom_lanes",
                )
            elif name not in known:
                self.error(cell, "", f"unknown column '{name}'{suggestion(name, known)}")
            names.append(name)
        for required in ("stage", "title"):
            if required not in names:
                self.error(cells[0], "", f"the header has no '{required}' column")
        return names

    # -- rows --------------------------------------------------------------

    def rows(self, names: list[str | None], rows: list[list[Cell]]) -> None:
        current: dict[str, Any] | None = None
        for row in rows:
            cells = {
                name: cell
                for name, cell in zip(names, row, strict=False)
                if name is not None and cell.value.strip()
            }
            if not cells:
                continue
            if len(row) > len(names) and any(c.value.strip() for c in row[len(names) :]):
                extra = row[len(names)]
                self.error(extra, "", "a cell beyond the last column of the header")
            try:
                current = self.stage(cells, current)
            except _Problem as problem:
                self.error(row[0], "stage", str(problem))
                continue
            self.journey_row(cells)
            if "title" in cells:
                current["steps"].append(self.step(cells))
            else:
                stray = [n for n in cells if n in STEP_COLUMNS or n.startswith("custom.")]
                if stray or "id" in cells:
                    cell = cells[stray[0] if stray else "id"]
                    self.error(
                        cell,
                        "title",
                        "this row has step cells but no title; a row with a stage and no "
                        "title keeps an empty stage",
                    )

    def stage(self, cells: dict[str, Cell], current: dict[str, Any] | None) -> dict[str, Any]:
        name = cells["stage"].value.strip() if "stage" in cells else None
        stage_id = cells["stage_id"].value.strip() if "stage_id" in cells else None
        stage: dict[str, Any] | None = None
        if name is None and stage_id is None:
            if current is None:
                raise _Problem("the first row names no stage")
            stage = current
        else:
            for candidate in self.stages:
                if (stage_id is not None and candidate.get("id") == stage_id) or (
                    stage_id is None and name is not None and candidate["name"] == name
                ):
                    stage = candidate
                    break
            if stage is None:
                if name is None:
                    raise _Problem(f"stage_id '{stage_id}' names no stage above; write its name")
                if stage_id is not None and not re.fullmatch(ID_PATTERN, stage_id):
                    raise _Problem(f"'{stage_id}' is not a valid stage id: use a-z, 0-9, - and _")
                stage = {"name": name, "steps": []}
                if stage_id is not None:
                    stage["id"] = stage_id
                self.stages.append(stage)
            elif name is not None and stage["name"] != name:
                raise _Problem(
                    f"stage_id '{stage_id}' is the stage '{stage['name']}' above, here '{name}'"
                )
        for column, key in (
            ("stage_description", "description"),
            ("customer_type", "customer_type"),
        ):
            if column not in cells:
                continue
            cell = cells[column]
            value = cell.value if column == "stage_description" else cell.value.strip()
            if column == "customer_type" and value not in CUSTOMER_TYPES:
                self.error(
                    cell,
                    column,
                    f"expected one of {', '.join(CUSTOMER_TYPES)}, got '{value}'"
                    f"{suggestion(value, CUSTOMER_TYPES)}",
                )
            elif key in stage and stage[key] != value:
                self.error(cell, column, f"the stage '{stage['name']}' has another {column} above")
            else:
                stage[key] = value
        return stage

    def journey_row(self, cells: dict[str, Cell]) -> None:
        for column in JOURNEY_COLUMNS:
            if column not in cells:
                continue
            cell = cells[column]
            if column in self.journey_cells:
                if self.journey_cells[column] != cell.value:
                    self.error(cell, column, "the journey's value is given above already")
                continue
            self.journey_cells[column] = cell.value
            try:
                self.journey_value(column, cell.value)
            except _Problem as problem:
                self.error(cell, column, str(problem))

    def journey_value(self, column: str, value: str) -> None:
        text = value.strip()
        if column == "journey_title":
            self.journey["title"] = text
        elif column == "persona":
            self.journey["persona"] = [self.people.resolve(name) for name in _ids(text)]
        elif column in ("tags", "lanes"):
            self.journey[column] = _ids(text)
            known = self.site.known_lanes()
            for lane in self.journey["lanes"] if column == "lanes" else []:
                if lane not in known:
                    raise _Problem(f"unknown lane '{lane}'{suggestion(lane, known)}")
        elif column == "state":
            if text not in ("current", "future"):
                raise _Problem(f"expected current or future, got '{text}'")
            self.journey["state"] = text
        elif column in ("circular", "draft"):
            self.journey[column] = _flag(text)
        elif column == "reviewed":
            self.journey["reviewed"] = _date(text)
        elif column == "compare_to":
            if text not in self.content.journeys:
                known_ids = self.content.journeys
                raise _Problem(f"unknown journey '{text}'{suggestion(text, known_ids)}")
            self.journey["compare_to"] = text
        elif column == "summary":
            self.journey["summary"] = value
        else:  # timeframe, maintainer
            self.journey[column] = text

    def step(self, cells: dict[str, Cell]) -> dict[str, Any]:
        step: dict[str, Any] = {"title": cells["title"].value.strip()}
        for column, cell in cells.items():
            if column in ("stage", "title") or column in STAGE_COLUMNS:
                continue
            if column in JOURNEY_COLUMNS:
                continue
            try:
                self.step_value(step, column, cell)
            except _Problem as problem:
                self.error(cell, column, str(problem))
        return step

    def step_value(self, step: dict[str, Any], column: str, cell: Cell) -> None:
        value, text = cell.value, cell.value.strip()
        if column in TEXT:
            step[column] = value
        elif column.startswith("custom."):
            step.setdefault("custom", {})[column[7:]] = value
        elif column in LISTS:
            step[column] = [item.strip() for item in _ITEMS.split(value) if item.strip()]
        elif column == "emotion":
            step["emotion"] = self.emotion(text)
        elif column == "metrics":
            step["metrics"] = {name: _metric(v) for name, v in _pairs(text, "name: value")}
        elif column in ("moment_of_truth", "expectation_met"):
            step[column] = _flag(text)
        elif column == "actors":
            step["actors"] = list(dict.fromkeys(self.people.resolve(a) for a in _ids(text)))
        elif column == "channel":
            step["channel"] = _known(text, self.site.all_channels(), "channel", "channels")
        elif column == "owner":
            step["owner"] = _known(text, self.site.departments, "department", "departments")
        elif column == "id":
            if not re.fullmatch(ID_PATTERN, text):
                raise _Problem(f"'{text}' is not a valid id: use a-z, 0-9, - and _")
            if text in self.step_ids:
                first = self.step_ids[text]
                raise _Problem(f"id '{text}' is used twice (first at line {first.line})")
            self.step_ids[text] = cell
            step["id"] = text

    def emotion(self, text: str) -> float | int | dict[str, float | int]:
        low, high = self.site.emotion_scale
        scale = f"{number(low)}..{number(high)}"
        if ":" not in text:
            value = _number(text)
            if not low <= value <= high:
                raise _Problem(f"{value} is outside the scale {scale}")
            return value
        emotions: dict[str, float | int] = {}
        for name, raw in _pairs(text, "persona: number"):
            value = _number(raw)
            if not low <= value <= high:
                raise _Problem(f"{name}: {value} is outside the scale {scale}")
            emotions[self.people.resolve(name)] = value
        return emotions


def _metric(text: str) -> float | int | str:
    if _PERCENT.fullmatch(text):
        return text.replace(",", ".")
    try:
        return _number(text)
    except _Problem:
        raise _Problem(f"expected a number or a percentage like 35%, got '{text}'") from None


def _date(text: str) -> date:
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # as Italian sheets show dates
    try:
        if day:
            return date(int(day.group(3)), int(day.group(2)), int(day.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise _Problem(f"expected a date like 2026-03-15, got '{text}'") from None


def _unescaped(cell: Cell) -> Cell:
    """A cell as its text: the ' that keeps a formula text (see _cell) taken off, as a
    spreadsheet does when it shows it."""
    if cell.value.startswith("'") and cell.value.lstrip("'").startswith(FORMULA_STARTS):
        return Cell(cell.value[1:], cell.line, cell.column)
    return cell


def read(text: str, display: str, content: Content, people: People) -> Imported:
    """A sheet -> journey data; every problem found, each at its cell."""
    try:
        rows = scan(text, delimiter(text.removeprefix("\ufeff")))
    except ScanError as error:
        problem = Diagnostic(display, error.line, error.column, "error", error.message)
        return Imported({}, {}, [problem])
    rows = [[_unescaped(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(cell.value.strip() for cell in row)]
    reader = _Reader(display, content, people)
    if not rows:
        return Imported({}, {}, [Diagnostic(display, 1, 1, "error", "the sheet is empty")])
    names = reader.header(rows[0])
    if not reader.diagnostics:
        reader.rows(names, rows[1:])
    if not reader.stages and not reader.diagnostics:
        reader.error(rows[0][0], "", "the sheet has no rows below its header")
    journey = reader.journey
    named = " ".join(Path(display).stem.replace("_", " ").split())
    title = journey.pop("title", None) or named[:1].upper() + named[1:] or "Journey"
    data = {"title": title, **journey, "stages": reader.stages}
    return Imported(data, dict(people.new), reader.diagnostics)


# -- writing ------------------------------------------------------------------


def _num(value: float) -> str:
    return str(number(value))


def _derived(items: Sequence[Any], label: str) -> list[bool]:
    """Which ids a reader would derive by itself, so the sheet can leave them out."""
    slugs = [
        slugify(getattr(item, label), "stage" if label == "name" else "step") for item in items
    ]
    return [
        item.id == slug and slugs.count(slug) == 1 for item, slug in zip(items, slugs, strict=True)
    ]


def write(journey: ResolvedJourney, site: Site, separator: str = ",") -> tuple[str, list[str]]:
    """The sheet, and what it could not carry exactly (warnings)."""
    warnings: list[str] = []
    steps = [step for _, step in journey.steps()]
    stage_derived = dict(
        zip(map(id, journey.stages), _derived(journey.stages, "name"), strict=True)
    )
    step_derived = dict(zip(map(id, steps), _derived(steps, "title"), strict=True))
    rows: list[dict[str, str]] = []
    for stage in journey.stages:
        first = True
        row_steps: list[ResolvedStep | None] = list(stage.steps) or [None]
        for step in row_steps:
            row = {"stage": stage.name, "title": ""}
            if not stage_derived[id(stage)]:
                row["stage_id"] = stage.id
            if first:
                row.update(_stage_cells(stage))
            if step is not None:
                row.update(_step_cells(step, warnings))
                if not step_derived[id(step)]:
                    row["id"] = step.id
            if not rows:
                row.update(_journey_cells(journey))
            rows.append(row)
            first = False
    used = {key for row in rows for key, value in row.items() if value}
    custom = [f"custom.{lane}" for lane in site.custom_lanes]
    order = ("stage", "title", *STEP_COLUMNS, *custom, "id", *STAGE_COLUMNS, *JOURNEY_COLUMNS)
    columns = [c for c in order if c in used or c in ("stage", "title")]
    lines = [_line(columns, separator)]
    lines.extend(_line([row.get(column, "") for column in columns], separator) for row in rows)
    return "".join(lines), warnings


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"); and a
# line break, which a CR becomes when the sheet is read back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(text: str, separator: str) -> str:
    """One cell as written: a text a spreadsheet would run as a formula starts with ',
    which makes it text there (and which import takes off again), and is quoted, as
    OWASP advises; a number ("-2") is left a number. A text that starts with ' before
    such a character gets one more, so that import gives it back as it was."""
    formula = text.lstrip("'").startswith(FORMULA_STARTS) and not _FIGURE.fullmatch(text)
    if formula:
        text = "'" + text
    if formula or any(c in text for c in (separator, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(cells: list[str], separator: str) -> str:
    """One row of a sheet as written: every sheet this package writes goes through here."""
    return separator.join(_cell(cell, separator) for cell in cells) + "\r\n"


def sheet(rows: list[list[str]], separator: str = ",") -> str:
    """Rows (the header first) as CSV text, each cell written as a journey's sheet writes it."""
    return "".join(_line(row, separator) for row in rows)


def _stage_cells(stage: ResolvedStage) -> dict[str, str]:
    cells = {}
    if stage.description:
        cells["stage_description"] = stage.description
    if stage.customer_type:
        cells["customer_type"] = stage.customer_type
    return cells


def _journey_cells(journey: ResolvedJourney) -> dict[str, str]:
    cells = {
        "journey_title": journey.title,
        "persona": ", ".join(journey.persona),
        "summary": journey.summary or "",
        "state": journey.state if journey.state != "current" else "",
        "compare_to": journey.compare_to or "",
        "timeframe": journey.timeframe or "",
        "maintainer": journey.maintainer or "",
        "reviewed": journey.reviewed.isoformat() if journey.reviewed else "",
        "tags": ", ".join(journey.tags),
        "circular": "yes" if journey.circular else "",
        "draft": "yes" if journey.draft else "",
        "lanes": ", ".join(journey.lanes or []),
    }
    return cells


def _step_cells(step: ResolvedStep, warnings: list[str]) -> dict[str, str]:
    cells: dict[str, str] = {"title": step.title}
    for column in TEXT:
        cells[column] = getattr(step, column) or ""
    cells["channel"] = step.channel or ""
    cells["owner"] = step.owner or ""
    if isinstance(step.emotion, dict):
        cells["emotion"] = "; ".join(f"{p}: {_num(v)}" for p, v in step.emotion.items())
    elif step.emotion is not None:
        cells["emotion"] = _num(step.emotion)
    for column in LISTS:
        items = getattr(step, column)
        for item in items:
            if _ITEMS.search(item):
                warnings.append(
                    f"step '{step.title}': an item of {column} holds a line break or ' | ', "
                    "which the sheet reads as two items"
                )
        cells[column] = "\n".join(items)
    cells["metrics"] = "; ".join(
        f"{name}: {value if isinstance(value, str) else _num(value)}"
        for name, value in step.metrics.items()
    )
    cells["moment_of_truth"] = "yes" if step.moment_of_truth else ""
    cells["expectation_met"] = "yes" if step.expectation_met else ""
    cells["actors"] = ", ".join(step.actors)
    for lane, value in step.custom.items():
        cells[f"custom.{lane}"] = value
    return cells


def _known(text: str, known: Collection[str], what: str, section: str) -> str:
    """`text` if site.yaml knows it, else the message validation would give."""
    if text not in known:
        raise _Problem(
            f"unknown {what} '{text}'{suggestion(text, known)}; declare it in site.yaml {section}"
        )
    return text
