"""What every view says alike of a step: its anchor on the page, and whether a metric
counts the customers lost there. The map, the insights, the aggregate pages and the
search index all link to steps and read drop-offs, and none of them needs the others.
"""

from __future__ import annotations

import re
from functools import cache

# Step ids are the page's anchors. An id that equals a global name of the window or
# of our own page furniture could shadow it (DOM clobbering): such ids get a prefix.
RESERVED_IDS = frozenset(
    {
        "top", "self", "parent", "window", "document", "location", "name", "length",
        "history", "navigator", "frames", "opener", "status", "closed", "origin",
        "content", "main", "search", "filters", "results", "map", "header", "footer",
        "console", "alert", "event", "external", "screen", "performance", "crypto",
    }
)  # fmt: skip
DROP_OFF = re.compile(r"^(drop[_ -]?off|abandonment)$", re.IGNORECASE)


def step_anchor(step_id: str) -> str:
    """The anchor of a step: its id, prefixed where it could clobber a DOM name."""
    if step_id in RESERVED_IDS or step_id.startswith("jm-"):
        return f"step-{step_id}"
    return step_id


def stage_anchor(stage_id: str) -> str:
    return f"jm-stage-{stage_id}"


@cache
def is_drop_off(metric: str) -> bool:
    """Whether a metric counts the customers lost at a step (asked of every metric)."""
    return DROP_OFF.match(metric) is not None
