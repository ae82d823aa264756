"""The opportunities and research pages' contexts, from `content.links` (pure).

What each page shows of the journeys (a step's title, emotion, pains, owner
and channel) is read here from the published journeys only: a step of a draft
left out of the site is not linked to. `inputs` says which files each page is
made from, for an incremental build to key it by (site/render.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator.content.backlog_model import STATUSES, Opportunity, Study, looks_like_id
from generator.content.links import Links, StepKey
from generator.content.model import Site
from generator.content.resolved import ResolvedJourney
from generator.views import insights
from generator.views.aggregates import tone
from generator.views.i18n import Labels
from generator.views.markdown import render, render_inline
from generator.views.matrix import Point, Texts, matrix_svg
from generator.views.steps import step_anchor


@dataclass(frozen=True)
class OpportunityRow:
    """An opportunity as the list, the matrix and the research pages show it."""

    rank: int  # its place in the backlog's order, from 1: the matrix's label
    opportunity_id: str
    title: str
    status: str
    status_label: str
    owner_id: str
    owner: str  # the department's label, "" when none
    impact: int | None
    effort: int | None
    target: date | None
    tags: tuple[str, ...]
    journeys: tuple[tuple[str, str], ...]  # (id, title) of the published journeys it addresses
    personas: tuple[str, ...]  # the persona ids of those journeys, for the filter


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class OpportunitiesContext:
    rows: tuple[OpportunityRow, ...]
    matrix: Markup
    unrated: tuple[OpportunityRow, ...]  # not on the matrix: impact or effort missing
    statuses: tuple[Choice, ...]
    owners: tuple[Choice, ...]
    journeys: tuple[Choice, ...]
    personas: tuple[Choice, ...]
    tags: tuple[Choice, ...]


@dataclass(frozen=True)
class StepView:
    """A step as an opportunity's page or a study's shows it."""

    journey_id: str
    journey_title: str
    anchor: str
    step_title: str
    stage_name: str
    emotion: str  # signed, "" when not rated
    tone: str  # high | low | neutral | ""
    pains: tuple[Markup, ...]
    owner: str
    channel: str


@dataclass(frozen=True)
class JourneySteps:
    journey_id: str
    title: str
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class EvidenceItem:
    text: str
    study_id: str | None = None  # a study's page
    href: str | None = None  # an outside address


@dataclass(frozen=True)
class OpportunityContext:
    row: OpportunityRow
    description: Markup
    link: str | None
    journeys: tuple[JourneySteps, ...]
    evidence: tuple[EvidenceItem, ...]


@dataclass(frozen=True)
class StudyRow:
    study_id: str
    title: str
    method: str  # its label, "" when not given
    date: date | None
    participants: int | None
    link: str | None
    quotes: int
    cited: int  # steps and opportunities citing it


@dataclass(frozen=True)
class QuoteView:
    text: str
    who: str | None
    anchor: str  # on the study's page: "quote-1"
    step: StepView | None  # where it is placed, when that step is published


@dataclass(frozen=True)
class StudyContext:
    row: StudyRow
    summary: Markup
    findings: tuple[Markup, ...]
    quotes: tuple[QuoteView, ...]
    steps: tuple[StepView, ...]
    opportunities: tuple[OpportunityRow, ...]


@dataclass(frozen=True)
class ResearchContext:
    rows: tuple[StudyRow, ...]


class Backlog:
    """The contexts of the opportunities and research pages of one build."""

    def __init__(
        self,
        links: Links,
        journeys: Mapping[str, ResolvedJourney],
        published: Callable[[str], bool],
        personas: Mapping[str, str],
        site: Site,
        labels: Labels,
    ) -> None:
        """`journeys` reads a journey by id; `published` tells those the site shows;
        `personas` gives each persona's name by id."""
        self.links = links
        self.journeys = journeys
        self.published = published
        self.personas = personas
        self.site = site
        self.labels = labels
        self._steps: dict[str, dict[str, StepView]] = {}
        self._rows: dict[str, OpportunityRow] | None = None

    # -- rows --------------------------------------------------------------

    @property
    def rows(self) -> dict[str, OpportunityRow]:
        if self._rows is None:
            self._rows = {
                o.id: self._row(rank, o)
                for rank, o in enumerate(self.links.opportunities.values(), start=1)
            }
        return self._rows

    def _row(self, rank: int, opportunity: Opportunity) -> OpportunityRow:
        journeys: dict[str, str] = {}
        personas: dict[str, None] = {}
        for key in self.links.steps_of(opportunity.id):
            if key.journey in journeys or not self.published(key.journey):
                continue
            journey = self.journeys[key.journey]
            journeys[key.journey] = journey.title
            personas.update((p, None) for p in journey.persona if p in self.personas)
        return OpportunityRow(
            rank=rank,
            opportunity_id=opportunity.id,
            title=opportunity.title,
            status=opportunity.status,
            status_label=self.labels[f"opp_status_{opportunity.status}"],
            owner_id=opportunity.owner or "",
            owner=self.labels.department(opportunity.owner) if opportunity.owner else "",
            impact=opportunity.impact,
            effort=opportunity.effort,
            target=opportunity.target,
            tags=tuple(opportunity.tags),
            journeys=tuple(journeys.items()),
            personas=tuple(personas),
        )

    def step(self, key: StepKey) -> StepView | None:
        """A published step as these pages show it; None for a draft's."""
        if not self.published(key.journey):
            return None
        views = self._steps.get(key.journey)
        if views is None:
            views = self._steps[key.journey] = self._step_views(self.journeys[key.journey])
        return views.get(key.step)

    def _step_views(self, journey: ResolvedJourney) -> dict[str, StepView]:
        labels, scale = self.labels, self.site.emotion_scale
        views = {}
        for stage, step in journey.steps():
            score = insights.step_score(step)
            views[step.id] = StepView(
                journey_id=journey.id,
                journey_title=journey.title,
                anchor=step_anchor(step.id),
                step_title=step.title,
                stage_name=stage.name,
                emotion=labels.signed(score) if score is not None else "",
                tone=tone(score, scale),
                pains=tuple(render_inline(p) for p in step.pains),
                owner=labels.department(step.owner) if step.owner else "",
                channel=labels.channel(step.channel) if step.channel else "",
            )
        return views

    # -- pages -------------------------------------------------------------

    def opportunities(self) -> OpportunitiesContext:
        rows = tuple(self.rows.values())
        rated = tuple(r for r in rows if r.impact is not None and r.effort is not None)
        unrated = tuple(r for r in rows if r not in rated)
        statuses = STATUSES
        labels = self.labels
        texts = Texts(
            title=labels.opp_matrix_title,
            description=labels.format("opp_matrix_desc", rated=len(rated), unrated=len(unrated)),
            impact=labels.opp_impact,
            effort=labels.opp_effort,
            quick_wins=labels.opp_quick_wins,
            big_bets=labels.opp_big_bets,
            fill_ins=labels.opp_fill_ins,
            money_pits=labels.opp_money_pits,
            statuses={s: labels[f"opp_status_{s}"] for s in statuses},
        )
        points = [
            Point(str(r.rank), r.title, r.impact or 0, r.effort or 0, r.status) for r in rated
        ]
        journeys = {jid: title for r in rows for jid, title in r.journeys}
        owners = {r.owner_id: r.owner for r in rows if r.owner_id}
        personas = {p for r in rows for p in r.personas}
        return OpportunitiesContext(
            rows=rows,
            # the one place where the matrix becomes trusted HTML: matrix.py escapes its words
            matrix=Markup(matrix_svg(points, texts)) if points else Markup(""),
            unrated=unrated,
            statuses=tuple(
                Choice(s, labels[f"opp_status_{s}"])
                for s in statuses
                if any(r.status == s for r in rows)
            ),
            owners=_sorted(Choice(k, v) for k, v in owners.items()),
            journeys=_sorted(Choice(k, v) for k, v in journeys.items()),
            personas=_sorted(Choice(p, self.personas[p]) for p in personas),
            tags=_sorted(Choice(t, t) for t in {t for r in rows for t in r.tags}),
        )

    def opportunity(self, opportunity_id: str) -> OpportunityContext:
        opportunity = self.links.opportunities[opportunity_id]
        grouped: dict[str, list[StepView]] = {}
        for key in self.links.steps_of(opportunity_id):
            view = self.step(key)
            if view is not None:
                grouped.setdefault(key.journey, []).append(view)
        journeys = tuple(
            JourneySteps(jid, views[0].journey_title, tuple(views))
            for jid, views in grouped.items()
        )
        return OpportunityContext(
            row=self.rows[opportunity_id],
            description=render(opportunity.description),
            link=opportunity.link,
            journeys=journeys,
            evidence=tuple(self._evidence(item) for item in opportunity.evidence),
        )

    def _evidence(self, item: str) -> EvidenceItem:
        if looks_like_id(item) and item in self.links.studies:
            return EvidenceItem(self.links.studies[item].title, study_id=item)
        if item.startswith(("http://", "https://")) and " " not in item:
            return EvidenceItem(item, href=item)
        return EvidenceItem(item)

    def study_row(self, study: Study) -> StudyRow:
        steps, opportunities = self.links.cited_by(study.id)
        return StudyRow(
            study_id=study.id,
            title=study.title,
            method=self.labels[f"study_method_{study.method}"] if study.method else "",
            date=study.date,
            participants=study.participants,
            link=study.link,
            quotes=len(study.quotes),
            cited=len(steps) + len(opportunities),
        )

    def research(self) -> ResearchContext:
        return ResearchContext(tuple(self.study_row(s) for s in self.links.studies.values()))

    def study(self, study_id: str) -> StudyContext:
        study = self.links.studies[study_id]
        steps, opportunities = self.links.cited_by(study_id)
        quotes = []
        for index, quote in enumerate(study.quotes, start=1):
            parsed = StepKey(*quote.step.split("#")) if quote.step else None
            quotes.append(QuoteView(quote.text, quote.who, f"quote-{index}", self._placed(parsed)))
        return StudyContext(
            row=self.study_row(study),
            summary=render(study.summary),
            findings=tuple(render_inline(f) for f in study.findings),
            quotes=tuple(quotes),
            steps=tuple(v for v in (self.step(k) for k in steps) if v is not None),
            opportunities=tuple(self.rows[o] for o in opportunities),
        )

    def _placed(self, key: StepKey | None) -> StepView | None:
        if key is None or key.journey not in self.journeys:
            return None
        return self.step(key)

    # -- what the pages are made from ---------------------------------------

    def opportunity_inputs(self, opportunity_id: str) -> tuple[set[str], set[str], set[str]]:
        """The opportunities, studies and journeys an opportunity's page shows."""
        journeys = {k.journey for k in self.links.steps_of(opportunity_id)}
        studies = set(self.links.opportunity_studies.get(opportunity_id, ()))
        return {opportunity_id}, studies, journeys

    def study_inputs(self, study_id: str) -> tuple[set[str], set[str], set[str]]:
        """The opportunities, studies and journeys a study's page shows."""
        steps, opportunities = self.links.cited_by(study_id)
        placed = {q.step.split("#")[0] for q in self.links.studies[study_id].quotes if q.step}
        return set(opportunities), {study_id}, {k.journey for k in steps} | placed


def _sorted(choices: Iterable[Choice]) -> tuple[Choice, ...]:
    return tuple(sorted(choices, key=lambda c: (c.label.casefold(), c.value)))
