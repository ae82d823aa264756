"""Opportunities as a sheet an issue tracker imports: one row an opportunity.

The first six columns are the ones trackers map on import (Jira, Linear,
GitLab, YouTrack and the GitHub import scripts all take a title, a
description, a status, an assignee or team, labels and a link); the others
carry what a backlog review needs and the tracker may keep as custom fields:

    title, description, status, owner, labels, link,
    id, impact, effort, target, addresses, evidence

Rows come in priority order (the backlog's, content/links.py); `description`
is the author's Markdown as written; `labels` are the tags, comma-separated;
`addresses` and `evidence` are items on separate lines of their cell, as the
journey sheet writes lists. Every cell goes through the journey sheet's
writer (csvio.sheet), so the same rules keep a spreadsheet from running any
of them as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.content.backlog_model import Opportunity
from generator.interop.csvio import sheet

COLUMNS = (
    "title",
    "description",
    "status",
    "owner",
    "labels",
    "link",
    "id",
    "impact",
    "effort",
    "target",
    "addresses",
    "evidence",
)


def row(opportunity: Opportunity) -> list[str]:
    """One opportunity's cells, in the order of COLUMNS."""
    return [
        opportunity.title,
        (opportunity.description or "").strip(),
        opportunity.status,
        opportunity.owner or "",
        ", ".join(opportunity.tags),
        opportunity.link or "",
        opportunity.id,
        "" if opportunity.impact is None else str(opportunity.impact),
        "" if opportunity.effort is None else str(opportunity.effort),
        opportunity.target.isoformat() if opportunity.target else "",
        "\n".join(dict.fromkeys(opportunity.addresses)),  # each once, as validation counts
        "\n".join(opportunity.evidence),
    ]


def write(opportunities: Iterable[Opportunity], separator: str = ",") -> str:
    """The sheet: a header, then one row an opportunity, in the order given."""
    return sheet([list(COLUMNS), *(row(o) for o in opportunities)], separator)
