"""Opportunities and research (FORMAT.md 1.1) as pydantic models.

In the style of model.py: these classes validate what authors write, are what
templates receive, and `journeymap schema opportunity|research` is generated
from them. An opportunity's or a study's id is its path below `opportunities/`
or `research/` (never written in the file): read it as `.id` once checked.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from generator.content.model import JOURNEY_ID_PATTERN, TextList, _describe, _Strict

Status = Literal["idea", "planned", "in-progress", "done", "dropped"]
Method = Literal[
    "interviews",
    "survey",
    "usability-test",
    "analytics",
    "support-tickets",
    "observation",
    "other",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
METHODS: tuple[str, ...] = Method.__args__  # type: ignore[attr-defined]
OPEN_STATUSES = frozenset({"idea", "planned", "in-progress"})
"""The statuses of work still to do: what a backlog and a journey's card count."""

OPPORTUNITIES_FOLDER = "opportunities"
RESEARCH_FOLDER = "research"

# JOURNEY#STEP: a journey id, '#', a step id (the step's anchor on the journey's page)
ADDRESS_PATTERN = JOURNEY_ID_PATTERN[:-1] + r"#[a-z0-9_-]+$"
_ADDRESS = re.compile(ADDRESS_PATTERN)
_STUDY_ID = re.compile(JOURNEY_ID_PATTERN)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def parse_address(address: str) -> tuple[str, str] | None:
    """`b2b/first-purchase#visits-pricing-page` -> (journey id, step id); None if malformed."""
    if not _ADDRESS.match(address):
        return None
    journey, step = address.split("#")
    return journey, step


def looks_like_id(item: str) -> bool:
    """Whether an `evidence:` item is written as an id (lowercase a-z, 0-9, -, _, /; no
    spaces), and so names a study; anything else (a URL, a sentence) stays text."""
    return _STUDY_ID.match(item) is not None


def _score(value: Any) -> Any:
    if type(value) is int and 1 <= value <= 5:
        return value
    got = str(value) if _describe(value) == "a number" else _describe(value)
    raise PydanticCustomError(
        "score", "expected a whole number from 1 to 5, got {got}", {"got": got}
    )


def _url(value: Any) -> Any:
    if isinstance(value, str) and _URL.match(value.strip()):
        return value.strip()
    raise PydanticCustomError(
        "url",
        "expected a web address like https://tracker.example.org/CX-42, got {got}",
        {"got": repr(value) if isinstance(value, str) else _describe(value)},
    )


Score = Annotated[
    int,
    BeforeValidator(_score, json_schema_input_type=int),
    Field(json_schema_extra={"minimum": 1, "maximum": 5}),
]
Url = Annotated[
    str,
    BeforeValidator(_url, json_schema_input_type=str),
    Field(json_schema_extra={"format": "uri"}),
]
Address = Annotated[str, Field(json_schema_extra={"pattern": ADDRESS_PATTERN})]


class _Identified(_Strict):
    """A file whose id is its path: given by the checker, not written by the author."""

    _id: str = PrivateAttr()

    def model_post_init(self, context: Any) -> None:
        """The id comes with the validation, not after it: `model_validate(data,
        context={"id": ...})`; a model made without one has none (`.id` raises)."""
        if isinstance(context, dict) and isinstance(context.get("id"), str):
            self._id = context["id"]

    @property
    def id(self) -> str:
        """The id: the file's path below its folder, without the extension."""
        return self._id


class Opportunity(_Identified):
    """A piece of work that would change the experience, tracked across every journey it touches."""

    model_config = ConfigDict(title="journeymap opportunity")

    title: str
    """What would be done, in a few words (required)."""
    description: str | None = None
    """What it is and why (Markdown)."""
    status: Status = "idea"
    """idea, planned, in-progress, done or dropped (default idea)."""
    owner: str | None = None
    """The department that owns the work: an id from site.yaml `departments`."""
    impact: Score | None = None
    """1..5: how much it would lift the experience."""
    effort: Score | None = None
    """1..5: how much it would cost."""
    addresses: Annotated[
        list[Address], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)
    ] = Field(default_factory=list)
    """The steps it would change, as JOURNEY#STEP: b2b/first-purchase#visits-pricing-page."""
    evidence: TextList = Field(default_factory=list)
    """Why we believe in it: research ids (research/...), or free text and URLs."""
    link: Url | None = None
    """Where the work itself is tracked: https://tracker.example.org/CX-42."""
    target: Date | None = None
    """When it should be done."""
    tags: TextList = Field(default_factory=list)
    """Free tags, to filter opportunities by."""

    @property
    def is_open(self) -> bool:
        """Still to do: idea, planned or in-progress."""
        return self.status in OPEN_STATUSES


class Quote(_Strict):
    """The customer's own words, and where on a map they belong."""

    text: str
    """What was said (required)."""
    who: str | None = None
    """Who said it, anonymised: "IT manager, 40-person firm"."""
    step: Address | None = None
    """The step it belongs to, as JOURNEY#STEP: it shows there on the map."""


class Study(_Identified):
    """Research that the maps rest on: interviews, a survey, analytics, support tickets."""

    model_config = ConfigDict(title="journeymap research")

    title: str
    """What was studied, in a few words (required)."""
    method: Method | None = None
    """interviews, survey, usability-test, analytics, support-tickets, observation or other."""
    date: Date | None = None
    """When it was done (its end, for a study over weeks)."""
    participants: Annotated[int, Field(gt=0)] | None = None
    """How many people took part."""
    summary: str | None = None
    """What was done and how (Markdown)."""
    findings: TextList = Field(default_factory=list)
    """What was learnt (Markdown, one item each)."""
    quotes: list[Quote] = Field(default_factory=list)
    """The customer's own words, each placed at a step if it belongs to one."""
    link: Url | None = None
    """Where the material is kept: https://drive.example.org/cx/interviews-2026-03."""
