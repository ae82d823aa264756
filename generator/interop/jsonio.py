"""Validated models -> JSON for other tools; its shape is the JSON Schema's."""

from __future__ import annotations

from typing import Any

from generator.content.resolved import ResolvedJourney
from generator.content.root import Content


def journey_data(journey: ResolvedJourney) -> dict[str, Any]:
    """One journey as `journeymap schema journey` describes it, ids filled in."""
    return journey.model_dump(mode="json", exclude_none=True)


def site_data(content: Content) -> dict[str, Any]:
    """`{"site": ..., "personas": {id: ...}, "journeys": {id: ...}, "opportunities": {id: ...},
    "studies": {id: ...}}`; opportunities and studies in the shapes of `journeymap schema
    opportunity` and `research`, by id (their paths below their folders)."""
    return {
        "site": content.site.model_dump(mode="json", exclude_none=True),
        "personas": {
            persona_id: persona.model_dump(mode="json", exclude_none=True)
            for persona_id, persona in content.personas.items()
        },
        "journeys": {
            journey_id: journey_data(journey) for journey_id, journey in content.journeys.items()
        },
        "opportunities": {
            key: opportunity.model_dump(mode="json", exclude_none=True)
            for key, opportunity in content.opportunities.items()
        },
        "studies": {
            key: study.model_dump(mode="json", exclude_none=True)
            for key, study in content.studies.items()
        },
    }
