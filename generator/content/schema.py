"""The JSON Schema of each file kind, generated from the models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.content.backlog_model import Opportunity, Study
from generator.content.model import Journey, Persona, Site

KINDS: dict[str, type[BaseModel]] = {
    "journey": Journey,
    "persona": Persona,
    "site": Site,
    "opportunity": Opportunity,
    "research": Study,
}


def json_schema(kind: str) -> dict[str, Any]:
    """Draft 2020-12, which the VS Code YAML extension reads."""
    schema = KINDS[kind].model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
