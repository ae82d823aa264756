"""What a content root holds once checked, and the date it is judged on.

Every later stage (views, site, printable maps, interop) reads `Content`;
only `validate` makes one.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.content.backlog_model import Opportunity, Study
from generator.content.cache import Journeys
from generator.content.diagnostics import Diagnostic
from generator.content.links import Links
from generator.content.model import Persona, Site


def today() -> date:
    """The date that staleness is judged on; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return date.fromtimestamp(int(epoch))
    return date.fromtimestamp(time.time())


@dataclass
class Content:
    """Everything a content root holds, validated, with the files it came from."""

    root: Path
    site: Site = field(default_factory=Site)
    site_file: Path | None = None
    personas: dict[str, Persona] = field(default_factory=dict)
    persona_files: dict[str, Path] = field(default_factory=dict)
    journeys: Journeys = field(default_factory=Journeys)
    journey_files: dict[str, Path] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    """The valid opportunities by id (their paths below opportunities/), in id order."""
    opportunity_files: dict[str, Path] = field(default_factory=dict)
    studies: dict[str, Study] = field(default_factory=dict)
    """The valid studies by id (their paths below research/), in id order."""
    study_files: dict[str, Path] = field(default_factory=dict)
    links: Links = field(default_factory=Links)
    """Opportunities, studies and steps joined both ways (content/links.py): what pages show."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))
