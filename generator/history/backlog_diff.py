"""Two sets of opportunities and studies -> what changed (pure).

Matched by id, their path below `opportunities/` or `research/`: a file that
moved is removed and added, as a tracker would see it. Of an opportunity, the
keys a backlog review looks at are compared (status, owner, impact, effort,
target), one change each; of a study, only its coming and going: its text is
research, read in the file itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.content.backlog_model import Opportunity, Study
from generator.history.diff import ItemChange, value

# The opportunity keys shown as `before -> after`, in this order
TRACKED = ("status", "owner", "impact", "effort", "target")


def compare_opportunities(
    before: Mapping[str, Opportunity], after: Mapping[str, Opportunity]
) -> tuple[ItemChange, ...]:
    """Added, removed, then every tracked key that changed, each group by id."""
    changes = [
        ItemChange("added", key, after[key].title) for key in sorted(set(after) - set(before))
    ]
    changes.extend(
        ItemChange("removed", key, before[key].title) for key in sorted(set(before) - set(after))
    )
    for key in sorted(set(before) & set(after)):
        old, new = before[key], after[key]
        for name in TRACKED:
            was, now = getattr(old, name), getattr(new, name)
            if was != now:
                changes.append(ItemChange("changed", key, new.title, name, value(was), value(now)))
    return tuple(changes)


def compare_studies(
    before: Mapping[str, Study], after: Mapping[str, Study]
) -> tuple[ItemChange, ...]:
    """The studies added, then those removed, each by id."""
    added = [ItemChange("added", key, after[key].title) for key in sorted(set(after) - set(before))]
    return tuple(
        added
        + [
            ItemChange("removed", key, before[key].title)
            for key in sorted(set(before) - set(after))
        ]
    )
