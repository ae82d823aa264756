"""Opportunities and research files -> models, and every reference among them and the
journeys checked at its place (FORMAT.md 1.1).

A file is read and checked on its own first (`read_opportunity`, `read_study`);
what points at journeys or studies is checked once all of them are known
(`finish`). These files are few and small, so a build parses them every time,
not kept in the model cache (a preview keeps what it read of each in memory
until the file changes): only the journeys' step `evidence:` items that name
a study travel in the cache, with their place (`StudyRef`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import BaseModel, ValidationError

from generator.content import load
from generator.content.backlog_model import (
    OPPORTUNITIES_FOLDER,
    RESEARCH_FOLDER,
    Opportunity,
    Study,
    looks_like_id,
    parse_address,
)
from generator.content.cache import StudyRef
from generator.content.diagnostics import Diagnostic, display_path
from generator.content.messages import from_validation_error, suggestion
from generator.content.resolved import ResolvedStep

if TYPE_CHECKING:
    from generator.content.validate import _Checker

Kind = TypeVar("Kind", Opportunity, Study)
EXAMPLE_ADDRESS = "b2b/first-purchase#visits-pricing-page"
_PLURAL = {"opportunity": "opportunities", "study": "studies"}


@dataclass
class Backlog:
    """The opportunities and studies read so far, with the documents they came from."""

    opportunities: dict[str, tuple[load.Document, Opportunity]] = field(default_factory=dict)
    studies: dict[str, tuple[load.Document, Study]] = field(default_factory=dict)
    step_refs: list[tuple[str, StudyRef]] = field(default_factory=list)
    """Every accepted journey's step evidence items written as ids: (journey id, ref)."""
    unreadable: set[str] = field(default_factory=set)
    """The ids of research files with errors of their own: citing them is no error more."""


def step_study_refs(document: load.Document, at: load.Loc, step: ResolvedStep) -> list[StudyRef]:
    """A step's `evidence:` items written as ids, with their places, to be checked against
    the studies once they are all known."""
    return [
        StudyRef(step.id, item, document.diagnostic((*at, "evidence", index), ""))
        for index, item in enumerate(step.evidence)
        if looks_like_id(item)
    ]


def _read(checker: _Checker, path: Path, model: type[Kind], folder: str, kind: str) -> Kind | None:
    """A file below `folder`/, read as what that folder holds; its id set."""
    backlog = checker.backlog
    identifier = path.relative_to(checker.content.root / folder).with_suffix("").as_posix()
    parsed = _parsed(checker, path, model, folder, kind, identifier)
    if parsed is None:
        # what cites it is not blamed too: the file's own errors say what to fix
        if model is Study:
            backlog.unreadable.add(identifier)
        return None
    document, item = parsed
    if not looks_like_id(identifier):
        checker.diagnostics.append(
            Diagnostic(
                display_path(path),
                1,
                1,
                "error",
                f"{kind} id '{identifier}' comes from the file's path and is not lowercase a-z, "
                "0-9, - and _; rename the file",
            )
        )
        return None
    taken = backlog.opportunities if model is Opportunity else backlog.studies
    if identifier in taken:
        first = taken[identifier][0].display
        checker.error(document, (), f"{kind} id '{identifier}' is taken already by {first}")
        return None
    taken[identifier] = (document, item)  # type: ignore[assignment]
    return item


# What reading one file made: its diagnostics, and its document and model where it is valid.
Parsed = tuple[list[Diagnostic], tuple[load.Document, Kind] | None]


def _parsed(
    checker: _Checker, path: Path, model: type[Kind], folder: str, kind: str, identifier: str
) -> tuple[load.Document, Kind] | None:
    checker.content.files += 1

    def parse() -> Parsed[Kind]:
        return _parse(path, model, folder, kind, identifier)

    found: Parsed[Kind] = checker.cache.parsed(path, parse) if checker.cache else parse()
    diagnostics, parsed = found
    checker.diagnostics.extend(diagnostics)
    return parsed


def _parse(path: Path, model: type[Kind], folder: str, kind: str, identifier: str) -> Parsed[Kind]:
    """One file on its own: of nothing but its text, its path and its id, so that a preview
    can keep what it made until the file changes."""
    read = load.read(path)
    if isinstance(read, list):
        return read, None
    document: load.Document = read
    diagnostics: list[Diagnostic] = list(document.problems)
    if "stages" in document.data:  # a journey saved in the wrong folder
        message = (
            f"unknown key 'stages': files in {folder}/ are {_PLURAL[kind]}, not journeys; "
            f"move the journey out of {folder}/"
        )
        return [*diagnostics, document.diagnostic(("stages",), message, key=True)], None
    item: BaseModel | list[Diagnostic] = _validated(model, document, identifier)
    if isinstance(item, list):
        return [*diagnostics, *item], None
    return diagnostics, (document, cast(Kind, item))


def _validated(
    model: type[BaseModel], document: load.Document, identifier: str
) -> BaseModel | list[Diagnostic]:
    try:
        return model.model_validate(document.data, context={"id": identifier})
    except ValidationError as error:
        return from_validation_error(document, model, error)


def read_opportunity(checker: _Checker, path: Path) -> None:
    opportunity = _read(checker, path, Opportunity, OPPORTUNITIES_FOLDER, "opportunity")
    if opportunity is None:
        return
    document = checker.backlog.opportunities[opportunity.id][0]
    if opportunity.owner is not None and checker.site_ok:
        checker.check_ref(
            document,
            ("owner",),
            opportunity.owner,
            checker.content.site.departments,
            "department",
            "site.yaml departments",
        )


def read_study(checker: _Checker, path: Path) -> None:
    _read(checker, path, Study, RESEARCH_FOLDER, "study")


# -- across files ---------------------------------------------------------------


def finish(checker: _Checker) -> None:
    """Every reference to a journey's step or a study, now that all are known; then
    the opportunities and studies go into the content, in id order."""
    backlog, content = checker.backlog, checker.content
    steps = {jid: facts.step_ids for jid, facts in content.journeys.facts.items()}
    studies = backlog.studies
    cited: set[str] = set()
    for _, ref in backlog.step_refs:
        if _study_ref(checker, ref.place, ref.study, studies):
            cited.add(ref.study)
    for oid, (document, opportunity) in sorted(backlog.opportunities.items()):
        seen: dict[str, int] = {}
        for index, address in enumerate(opportunity.addresses):
            loc = ("addresses", index)
            if address in seen:
                checker.warn(
                    document,
                    loc,
                    f"{load.format_loc(loc)}: '{address}' is listed twice "
                    f"(first at line {seen[address]})",
                )
                continue
            seen[address] = document.node_at(loc).start_mark.line + 1
            _address(checker, document, loc, address, steps)
        if not opportunity.addresses:
            where = ("addresses",) if "addresses" in document.data else ("title",)
            checker.warn(
                document,
                where,
                f"opportunity '{oid}' addresses no step; list the steps it would change "
                f"in addresses:, like {EXAMPLE_ADDRESS}",
            )
        for index, item in enumerate(opportunity.evidence):
            if looks_like_id(item):
                place = document.diagnostic(("evidence", index), "")
                if _study_ref(checker, place, item, studies):
                    cited.add(item)
    for sid, (document, study) in sorted(studies.items()):
        for index, quote in enumerate(study.quotes):
            if quote.step is not None:
                at = ("quotes", index, "step")
                if _address(checker, document, at, quote.step, steps):
                    cited.add(sid)
    for sid, (document, _) in sorted(studies.items()):
        if sid not in cited:
            checker.warn(
                document,
                ("title",),
                f"study '{sid}' is cited by no step or opportunity; add its id to the "
                "evidence: of the steps it supports",
            )
    content.opportunities = {oid: o for oid, (_, o) in sorted(backlog.opportunities.items())}
    content.opportunity_files = {
        oid: document.path for oid, (document, _) in sorted(backlog.opportunities.items())
    }
    content.studies = {sid: s for sid, (_, s) in sorted(studies.items())}
    content.study_files = {sid: document.path for sid, (document, _) in sorted(studies.items())}


def _address(
    checker: _Checker,
    document: load.Document,
    loc: load.Loc,
    address: str,
    steps: Mapping[str, Sequence[str]],
) -> bool:
    """Whether JOURNEY#STEP names a step; an error at its place when it does not."""
    where = load.format_loc(loc)
    parsed = parse_address(address)
    if parsed is None:
        checker.error(
            document,
            loc,
            f"{where}: '{address}' is not JOURNEY#STEP; write a journey's id, '#' and the id "
            f"of one of its steps, like {EXAMPLE_ADDRESS}",
        )
        return False
    journey, step = parsed
    if journey in checker.broken_journeys:
        return False  # its file has errors of its own
    if journey not in steps:
        checker.error(
            document, loc, f"{where}: unknown journey '{journey}'{suggestion(journey, steps)}"
        )
        return False
    if step not in steps[journey]:
        checker.error(
            document,
            loc,
            f"{where}: journey '{journey}' has no step '{step}'{suggestion(step, steps[journey])}",
        )
        return False
    return True


def _study_ref(checker: _Checker, place: Diagnostic, study: str, studies: Collection[str]) -> bool:
    """Whether an evidence item written as an id names a study; an error at it otherwise."""
    if study in studies:
        return True
    if study in checker.backlog.unreadable:
        return False
    checker.diagnostics.append(
        Diagnostic(
            place.file,
            place.line,
            place.column,
            "error",
            f"{place.path}: unknown study '{study}'{suggestion(study, studies)}; add "
            f"{RESEARCH_FOLDER}/{study}.yaml, or write the evidence as text",
            place.path,
            place.where,
        )
    )
    return False


def citations(backlog: Backlog) -> Iterable[tuple[str, str, str]]:
    """(journey id, step id, study id) for every step evidence item written as an id."""
    return ((journey, ref.step, ref.study) for journey, ref in backlog.step_refs)
