"""The journey file format (FORMAT.md) as pydantic models.

These classes are the single source of truth: they validate what authors
write, `journeymap schema` is generated from them, docstrings included (editors
show them on hover), and what templates receive are they, or for journeys their
resolved copies (resolved.py: the same fields, every id filled in).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

CustomerType = Literal["potential", "prospect", "buyer", "customer", "loyal", "lost"]
ChannelKind = Literal["online", "offline"]

ID_PATTERN = r"^[a-z0-9_-]+$"
JOURNEY_ID_PATTERN = r"^[a-z0-9_-]+(/[a-z0-9_-]+)*$"
PAPERS = ("A4", "A3", "A2", "A1", "A0", "letter", "tabloid")
_PAPER_MM = re.compile(r"^\d{2,4}(\.\d+)?x\d{2,4}(\.\d+)?$")
_PERCENT = re.compile(r"^-?\d+(\.\d+)?\s*%$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

BUILTIN_CHANNELS: dict[str, tuple[str, ChannelKind]] = {
    "web": ("Website", "online"),
    "app": ("App", "online"),
    "app-store": ("App store", "online"),
    "social": ("Social media", "online"),
    "email": ("Email", "online"),
    "sms": ("SMS", "online"),
    "chat": ("Live chat", "online"),
    "chatbot": ("Chatbot", "online"),
    "review": ("Reviews", "online"),
    "ads": ("Digital ads", "online"),
    "search": ("Search", "online"),
    "iot": ("IoT device", "online"),
    "survey": ("Survey", "online"),
    "phone": ("Phone", "offline"),
    "ivr": ("IVR", "offline"),
    "contact-center": ("Contact centre", "offline"),
    "store": ("Store", "offline"),
    "event": ("Event", "offline"),
    "mail": ("Direct mail", "offline"),
    "print-ads": ("Print ads", "offline"),
    "word-of-mouth": ("Word of mouth", "offline"),
    "sales-rep": ("Sales rep", "offline"),
}

BUILTIN_LANES = (
    "doing",
    "touchpoint",
    "channel",
    "thinking",
    "feeling",
    "emotion",
    "pains",
    "opportunities",
    "expectation",
    "reality",
    "backstage",
    "owner",
    "metrics",
    "evidence",
)

CUSTOMER_TYPES: tuple[str, ...] = CustomerType.__args__  # type: ignore[attr-defined]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return "a date"
    return "nothing" if value is None else "a value"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _not_finite(value: Any) -> str | None:
    """How YAML spells a number that is no figure (.nan, .inf, -.inf); None for any other value.

    Such a number cannot be drawn, ranked or written as JSON.
    """
    if not _is_number(value) or math.isfinite(value):
        return None
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"


def _finite(value: Any, context: dict[str, Any] | None = None) -> Any:
    """The value, unless it is a number that is no figure. A `persona` in `context` makes
    the error point at that persona's value (see errors.from_validation_error)."""
    spelled = _not_finite(value)
    if spelled is not None:
        raise PydanticCustomError(
            "finite", "expected a finite number, got {got}", {**(context or {}), "got": spelled}
        )
    return value


def _one_or_many(value: Any) -> Any:
    """A single value where a list is expected is a list of one: `persona: marco`."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    return value


def _emotion(value: Any) -> Any:
    if value is None or type(value) is int:  # most emotions: nothing more to ask
        return value
    if _is_number(value):
        return _finite(value)
    if isinstance(value, dict):
        for persona, score in value.items():
            if not _is_number(score):
                raise PydanticCustomError(
                    "emotion",
                    "expected a number, got {got}",
                    {"persona": persona, "got": _describe(score)},
                )
            if type(score) is not int:
                _finite(score, {"persona": persona})
        return value
    raise PydanticCustomError(
        "emotion",
        "expected a number, or a number per persona like {example}; got {got}",
        {"example": "{marco: 1, giulia: -1}", "got": _describe(value)},
    )


def _metric(value: Any) -> Any:
    if type(value) is int:
        return value
    if _is_number(value):
        return _finite(value)
    if isinstance(value, str) and _PERCENT.match(value.strip()):
        return value.strip()
    raise PydanticCustomError(
        "metric",
        "expected a number or a percentage like 35%, got {got}",
        {"got": repr(value) if isinstance(value, str) else _describe(value)},
    )


def _colour(value: Any) -> Any:
    if isinstance(value, str) and _COLOUR.match(value):
        return value
    raise PydanticCustomError(
        "colour",
        'expected a colour like "#2b6cb0", got {got}',
        {"got": repr(value) if isinstance(value, str) else _describe(value)},
    )


def _paper(value: Any) -> Any:
    if isinstance(value, str):
        for paper in PAPERS:
            if value.lower() == paper.lower():
                return paper
        if _PAPER_MM.match(value):
            return value
    raise PydanticCustomError(
        "paper",
        "expected a paper size ({papers}) or WIDTHxHEIGHT in mm like 841x594, got {got}",
        {
            "papers": ", ".join(PAPERS),
            "got": repr(value) if isinstance(value, str) else _describe(value),
        },
    )


def _scale(value: Any) -> Any:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(_is_number(v) and _not_finite(v) is None for v in value)
        and value[0] < value[1]
    ):
        return value
    raise PydanticCustomError(
        "scale", "expected [min, max], two numbers with min below max, like [-2, 2]"
    )


Number = Annotated[float, Strict()]
TextList = Annotated[
    list[str], BeforeValidator(_one_or_many, json_schema_input_type=str | list[str])
]
Emotion = Annotated[
    float | dict[str, float] | None,
    BeforeValidator(_emotion, json_schema_input_type=float | dict[str, float] | None),
]
Metric = Annotated[float | str, BeforeValidator(_metric)]
Colour = Annotated[str, BeforeValidator(_colour, json_schema_input_type=str)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]


class _Strict(BaseModel):
    """Unknown keys are errors: they are almost always typos that would be lost."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        use_attribute_docstrings=True,
    )


class Step(_Strict):
    """One thing the customer does, at one touchpoint: a column of the map."""

    title: str
    """What happens, in a few words (required)."""
    id: Id | None = None
    """The step's anchor on the published page; defaults to a slug of the title."""
    doing: str | None = None
    """What the customer does (Markdown)."""
    thinking: str | None = None
    """What the customer thinks or asks (Markdown)."""
    feeling: str | None = None
    """A word for the emotion: curious, anxious, relieved."""
    emotion: Emotion = None
    """A number on the site's emotion scale, or one per persona: {marco: 1, giulia: -1}."""
    touchpoint: str | None = None
    """Where the customer meets the company: "Industry blog review"."""
    channel: str | None = None
    """A channel id, built-in (web, email, phone, ...) or from site.yaml."""
    owner: str | None = None
    """The department that owns this touchpoint: an id from site.yaml `departments`."""
    actors: TextList = []
    """The persona ids involved in this step (default: the journey's)."""
    moment_of_truth: bool = False
    """A moment that decides whether the customer stays or leaves."""
    pains: TextList = []
    """What hurts here (Markdown, one item each)."""
    opportunities: TextList = []
    """What could be better (Markdown, one item each)."""
    expectation: str | None = None
    """What the customer expects; with `reality`, a gap."""
    reality: str | None = None
    """What the company actually delivers; with `expectation`, a gap."""
    expectation_met: bool = False
    """The reality meets the expectation: the pair is shown as met, not as a gap."""
    backstage: str | None = None
    """What happens behind the scenes, out of the customer's sight (Markdown)."""
    metrics: dict[str, Metric] = {}
    """Figures for this step, name -> number or percentage: {drop_off: 35%, csat: 3.1}."""
    evidence: TextList = []
    """Where this comes from: interviews, surveys, links."""
    custom: dict[str, str] = {}
    """Values for the custom lanes declared in site.yaml: {kpi: Time to first reply}."""

    def takes_part(self, persona: str) -> bool:
        """Whether a persona takes part in this step: every one does where `actors` names none."""
        return not self.actors or persona in self.actors

    def emotion_of(self, persona: str | None = None) -> float | None:
        """This step's emotion, for one persona where emotions are given per persona; none
        for a persona who takes no part in it (whatever the file gives them)."""
        if persona is not None and not self.takes_part(persona):
            return None
        if isinstance(self.emotion, dict):
            if persona is None:
                return None
            return self.emotion.get(persona)
        return self.emotion

    def lived(self) -> list[float]:
        """The emotions of those who take part: where given per persona, the actors' only."""
        if isinstance(self.emotion, dict):
            return [value for persona, value in self.emotion.items() if self.takes_part(persona)]
        return [] if self.emotion is None else [self.emotion]

    @property
    def has_gap(self) -> bool:
        """An expectation the reality does not meet (both written, not marked met)."""
        return bool(self.expectation and self.reality) and not self.expectation_met

    @property
    def has_emotion(self) -> bool:
        return self.emotion is not None and self.emotion != {}


class Stage(_Strict):
    """A phase of the journey (awareness, consideration, purchase ...): a group of columns."""

    name: str
    """The stage's name (required)."""
    id: Id | None = None
    """The stage's id; defaults to a slug of its name."""
    description: str | None = None
    """What this stage is about (Markdown)."""
    customer_type: CustomerType | None = None
    """Who the customer is at this stage of the lifecycle."""
    # a Sequence, read-only, so that a resolved stage can hold resolved steps (resolved.py)
    steps: Sequence[Step] = []
    """The steps, in order; may be empty (a blank stage for a workshop)."""


class Journey(_Strict):
    """A customer journey map: stages of steps, lanes of what the customer does and feels."""

    model_config = ConfigDict(title="journeymap journey")

    title: str
    """The journey's title (required)."""
    id: Annotated[str, Field(pattern=JOURNEY_ID_PATTERN)] | None = None
    """The journey's id; defaults to its path below the content root, without extension."""
    persona: TextList = []
    """A persona id, or a list of ids (a B2B purchase has several decision makers)."""
    summary: str | None = None
    """What this journey covers (Markdown)."""
    state: Literal["current", "future"] = "current"
    """`current` (as-is) or `future` (to-be)."""
    compare_to: str | None = None
    """Another journey's id: its emotion curve is drawn over this one's."""
    timeframe: str | None = None
    """The period this map covers: "1 month"."""
    maintainer: str | None = None
    """Who keeps this map up to date."""
    reviewed: date | None = None
    """When the map was last checked against reality."""
    tags: TextList = []
    """Free tags, to filter journeys by."""
    circular: bool = False
    """The journey loops from its last stage back to the first."""
    draft: bool = False
    """Drafts are left out of the published site unless asked for."""
    lanes: list[str] | None = None
    """Which lanes show, in what order (default: the site's)."""
    # a Sequence, read-only, so that a resolved journey can hold resolved stages
    stages: Annotated[Sequence[Stage], Field(min_length=1)]
    """The stages, in order (required, at least one)."""

    def steps(self) -> Iterator[tuple[Stage, Step]]:
        for stage in self.stages:
            for step in stage.steps:
                yield stage, step

    def step_count(self) -> int:
        return sum(len(stage.steps) for stage in self.stages)

    def actors_of(self, step: Step) -> list[str]:
        """Who takes part in a step: its `actors`, or else the journey's personas."""
        return step.actors or self.persona

    def people(self) -> list[str]:
        """The journey's personas, then any actor of a step named outside them."""
        found = dict.fromkeys(self.persona)
        for _, step in self.steps():
            found.update(dict.fromkeys(step.actors))
        return list(found)


class Persona(_Strict):
    """A customer the journeys are about."""

    model_config = ConfigDict(title="journeymap persona")

    name: str
    """The persona's name (required)."""
    role: str | None = None
    """Who they are: "IT manager at a 40-person firm"."""
    customer_type: CustomerType | None = None
    """Where they stand in the customer lifecycle."""
    photo: str | None = None
    """An image, relative to this file, inside the content root."""
    quote: str | None = None
    """Something they said, in their words."""
    description: str | None = None
    """More about them (Markdown)."""
    goals: TextList = []
    """What they want to achieve."""
    frustrations: TextList = []
    """What gets in their way."""
    channels: TextList = []
    """The channels they prefer (channel ids)."""


class Channel(_Strict):
    """A channel added to, or overriding, the built-in ones."""

    label: str
    """How the channel is named on the site and in the PDFs."""
    kind: ChannelKind = "online"
    """`online` or `offline`."""


@cache
def _builtin_channels() -> dict[str, Channel]:
    """Made once: every journey checked asks for them (models nobody changes)."""
    return {key: Channel(label=label, kind=kind) for key, (label, kind) in BUILTIN_CHANNELS.items()}


class Department(_Strict):
    """A department that owns touchpoints."""

    label: str
    """How the department is named."""
    color: Colour | None = None
    """Its colour on the map, like "#2b6cb0"."""


class CustomLane(_Strict):
    """A lane of your own, filled by steps' `custom:` values."""

    label: str
    """The lane's label."""


class PdfSettings(_Strict):
    """How the printable maps are laid out."""

    paper: Annotated[str, BeforeValidator(_paper, json_schema_input_type=str)] = "A3"
    """A4, A3, A2, A1, A0, letter, tabloid, or WIDTHxHEIGHT in mm."""
    orientation: Literal["landscape", "portrait"] = "landscape"
    """`landscape` or `portrait`."""


_BASE_URL_HINT = "write a path like /journeys/ or a URL like https://cx.example.org/journeys/"
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _base_url(value: str) -> str:
    """A path or an http(s) URL, nothing a browser could read as another host: the 404
    page links from its path (browsers read `/\\host` as `//host`)."""

    def refuse(problem: str) -> PydanticCustomError:
        return PydanticCustomError(
            "base_url", "{problem}: {hint}", {"problem": problem, "hint": _BASE_URL_HINT}
        )

    if "\\" in value:
        raise refuse("a backslash (\\) is not part of an address")
    if any(c.isspace() or not c.isprintable() for c in value):
        raise refuse("a space or a control character is not part of an address")
    if _SCHEME.match(value):
        try:
            parts = urlsplit(value)
        except ValueError:
            raise refuse(f"'{value}' is not an address") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise refuse(f"'{value}' is not an http or https address")
        if not parts.hostname:
            raise refuse(f"'{value}' names no host")
    elif value.startswith("//"):
        raise refuse(f"'{value}' starts with //, which names a host")
    return value


class Site(_Strict):
    """The site's settings (site.yaml)."""

    model_config = ConfigDict(title="journeymap site")

    title: str = "Customer journeys"
    """The site's title."""
    language: Literal["en", "it"] = "en"
    """The language of the labels of the site and the PDFs."""
    base_url: Annotated[str, AfterValidator(_base_url)] = "/"
    """Where the site is published: a path ("/journeys/") or a full URL, which adds a sitemap."""
    emotion_scale: Annotated[
        list[float], BeforeValidator(_scale, json_schema_input_type=list[float])
    ] = [-2, 2]
    """The emotion scale, [min, max] (default [-2, 2]; [1, 5] matches Mermaid's scores)."""
    lanes: list[str] | None = None
    """Which lanes show, in what order (default: every built-in lane)."""
    custom_lanes: dict[Id, CustomLane] = {}
    """Lanes of your own: id -> {label}."""
    channels: dict[Id, Channel] = {}
    """Channels added to, or overriding, the built-in ones: id -> {label, kind}."""
    departments: dict[Id, Department] = {}
    """The departments that own touchpoints: id -> {label, color}."""
    stale_after_days: Annotated[int, Field(gt=0)] | None = None
    """Flag journeys not reviewed for longer than this many days."""
    pdf: PdfSettings = PdfSettings()
    """How the printable maps are laid out."""

    def all_channels(self) -> dict[str, Channel]:
        return {**_builtin_channels(), **self.channels}

    def known_lanes(self) -> list[str]:
        return [*BUILTIN_LANES, *self.custom_lanes]

    def lanes_of(self, journey: Journey) -> list[str]:
        return journey.lanes or self.lanes or [*BUILTIN_LANES, *self.custom_lanes]
