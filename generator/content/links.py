"""Opportunities, studies and journeys' steps, joined once after checking (pure).

`Links` is what the pages, the map's chips, the PDFs, the diff and the exports
read: every reference an author wrote between the three kinds of file,
resolved in both directions, in a stated order. It is built from what
validation accepted only (a reference to nothing is an error reported
elsewhere, never a link), holds ids in its maps (hashable, cheap to compare
between builds: what a page shows is known without rendering it), and the
checked models themselves in `opportunities` and `studies` to look them up.

Priority (the backlog's order, worst pain for the least work first):
  1. rated opportunities (both impact and effort given) before unrated ones;
  2. a higher impact / effort ratio first;
  3. on a tie, the higher impact first (the bigger lift);
  4. then by title, ignoring case, then by id (a total order: stable pages).
Status does not enter the rank: views filter on `is_open` (idea, planned,
in-progress) or on status, and keep this order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from generator.content.backlog_model import Opportunity, Quote, Study, looks_like_id, parse_address


class StepKey(NamedTuple):
    """A step of a journey, as opportunities and quotes address it."""

    journey: str
    step: str

    @property
    def address(self) -> str:
        """`journey#step`, as authors write it; also the step's anchor on the journey page."""
        return f"{self.journey}#{self.step}"


class PlacedQuote(NamedTuple):
    """A study's quote placed at a step."""

    study: str
    """The id of the study it comes from."""
    position: int
    """Its index in the study's `quotes:` (stable anchors on the research page)."""
    quote: Quote


def priority_key(opportunity: Opportunity) -> tuple[bool, float, int, str, str]:
    """Sort key of the backlog's order (see the module's docstring): smaller comes first."""
    impact, effort = opportunity.impact, opportunity.effort
    rated = impact is not None and effort is not None
    ratio = impact / effort if impact is not None and effort is not None else 0.0
    return (not rated, -ratio, -(impact or 0), opportunity.title.casefold(), opportunity.id)


K = TypeVar("K")
V = TypeVar("V")


def _frozen(mapping: dict[K, list[V]]) -> Mapping[K, tuple[V, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in mapping.items()})


@dataclass(frozen=True)
class Links:
    """Every link between opportunities, studies and steps. Maps hold ids; a key with
    no link is absent (use the `*_at`/`*_of` methods, which answer `()` for it)."""

    opportunities: Mapping[str, Opportunity] = field(default_factory=dict)
    """Every valid opportunity by id, in priority order (`priority_key`)."""
    studies: Mapping[str, Study] = field(default_factory=dict)
    """Every valid study by id, in id order."""
    opportunity_steps: Mapping[str, tuple[StepKey, ...]] = field(default_factory=dict)
    """Opportunity id -> the steps it addresses, in the order written, each once."""
    opportunity_studies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Opportunity id -> the studies its `evidence:` names, in the order written."""
    step_opportunities: Mapping[StepKey, tuple[str, ...]] = field(default_factory=dict)
    """Step -> the opportunities that address it, in priority order."""
    step_studies: Mapping[StepKey, tuple[str, ...]] = field(default_factory=dict)
    """Step -> the studies its `evidence:` names, in the order written."""
    step_quotes: Mapping[StepKey, tuple[PlacedQuote, ...]] = field(default_factory=dict)
    """Step -> the quotes placed at it, by study id then in the study's order."""
    study_steps: Mapping[str, tuple[StepKey, ...]] = field(default_factory=dict)
    """Study id -> the steps whose `evidence:` names it, in map order (journeys by id)."""
    study_opportunities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Study id -> the opportunities whose `evidence:` names it, in priority order."""
    journey_opportunities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Journey id -> the opportunities addressing any of its steps, in priority order."""

    # -- what the views ask ---------------------------------------------------

    def opportunities_at(self, journey: str, step: str) -> tuple[Opportunity, ...]:
        """The opportunities addressing one step, by priority: the map's chips."""
        ids = self.step_opportunities.get(StepKey(journey, step), ())
        return tuple(self.opportunities[i] for i in ids)

    def studies_at(self, journey: str, step: str) -> tuple[Study, ...]:
        """The studies a step's `evidence:` names."""
        return tuple(self.studies[i] for i in self.step_studies.get(StepKey(journey, step), ()))

    def quotes_at(self, journey: str, step: str) -> tuple[PlacedQuote, ...]:
        """The customer's own words placed at a step."""
        return self.step_quotes.get(StepKey(journey, step), ())

    def open_opportunities(self, journey: str) -> tuple[Opportunity, ...]:
        """A journey's opportunities still to do (idea, planned, in-progress): its card's count."""
        ids = self.journey_opportunities.get(journey, ())
        return tuple(o for o in (self.opportunities[i] for i in ids) if o.is_open)

    def steps_of(self, opportunity: str) -> tuple[StepKey, ...]:
        return self.opportunity_steps.get(opportunity, ())

    def cited_by(self, study: str) -> tuple[tuple[StepKey, ...], tuple[str, ...]]:
        """The steps and the opportunities that cite a study."""
        return self.study_steps.get(study, ()), self.study_opportunities.get(study, ())


def build_links(
    opportunities: Mapping[str, Opportunity],
    studies: Mapping[str, Study],
    citations: Iterable[tuple[str, str, str]],
    steps: Mapping[str, Sequence[str]],
) -> Links:
    """The links among checked content.

    `citations` are the journeys' step evidence items that name a study, as
    (journey id, step id, study id); `steps` is every valid journey's step ids in
    map order. References to an unknown journey, step or study are left out.
    """
    known = {journey: set(ids) for journey, ids in steps.items()}
    position = {
        StepKey(journey, step): (journey, index)
        for journey, ids in steps.items()
        for index, step in enumerate(ids)
    }

    def step_of(address: str | None) -> StepKey | None:
        parsed = parse_address(address) if address else None
        if parsed is None or parsed[1] not in known.get(parsed[0], ()):
            return None
        return StepKey(*parsed)

    ranked = sorted(opportunities.values(), key=priority_key)
    opportunity_steps: dict[str, list[StepKey]] = {}
    opportunity_studies: dict[str, list[str]] = {}
    step_opportunities: dict[StepKey, list[str]] = {}
    journey_opportunities: dict[str, list[str]] = {}
    study_opportunities: dict[str, list[str]] = {}
    for opportunity in ranked:
        oid = opportunity.id
        for address in opportunity.addresses:
            key = step_of(address)
            if key is None or key in opportunity_steps.get(oid, ()):
                continue
            opportunity_steps.setdefault(oid, []).append(key)
            step_opportunities.setdefault(key, []).append(oid)
            if oid not in journey_opportunities.get(key.journey, ()):
                journey_opportunities.setdefault(key.journey, []).append(oid)
        for item in opportunity.evidence:
            if item in studies and item not in opportunity_studies.get(oid, ()):
                opportunity_studies.setdefault(oid, []).append(item)
                study_opportunities.setdefault(item, []).append(oid)

    step_studies: dict[StepKey, list[str]] = {}
    study_steps: dict[str, list[StepKey]] = {}
    for journey, step, study in citations:
        key = StepKey(journey, step)
        if study not in studies or key not in position or study in step_studies.get(key, ()):
            continue
        step_studies.setdefault(key, []).append(study)
        study_steps.setdefault(study, []).append(key)
    for keys in study_steps.values():
        keys.sort(key=position.__getitem__)

    step_quotes: dict[StepKey, list[PlacedQuote]] = {}
    for study_id in sorted(studies):
        for index, quote in enumerate(studies[study_id].quotes):
            key = step_of(quote.step)
            if key is not None:
                step_quotes.setdefault(key, []).append(PlacedQuote(study_id, index, quote))

    return Links(
        opportunities=MappingProxyType({o.id: o for o in ranked}),
        studies=MappingProxyType(dict(sorted(studies.items()))),
        opportunity_steps=_frozen(opportunity_steps),
        opportunity_studies=_frozen(opportunity_studies),
        step_opportunities=_frozen(step_opportunities),
        step_studies=_frozen(step_studies),
        step_quotes=_frozen(step_quotes),
        study_steps=_frozen(study_steps),
        study_opportunities=_frozen(study_opportunities),
        journey_opportunities=_frozen(journey_opportunities),
    )


def study_ids_in(evidence: Iterable[str]) -> list[str]:
    """The items of an `evidence:` list written as ids (each names a study)."""
    return [item for item in evidence if looks_like_id(item)]
