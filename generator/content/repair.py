"""What of a file that fails its model can still be checked.

pydantic refuses a whole file for one unknown key, so the references and
values of its other parts would only be checked after that fix, one round
of errors at a time. Here the parts pydantic blamed are set aside (an unknown
key dropped, a wrong value left to its default, an item that cannot be read
replaced by an empty one of its kind) and the rest validated again, so that
the checks that follow see every part that is well formed, each at its own
index. The model made this way is for checking only: it is never content.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)
Place = tuple[str | int, ...]

# Each round mends what the last one blamed; what a mend brings to light (an item
# replaced, then missing its required text) comes in the next. Past this, give up.
_ROUNDS = 4


@dataclass(frozen=True)
class Mended(Generic[Model]):
    """A model of a file's well-formed parts, and the places changed to make it."""

    model: Model
    changed: frozenset[Place]

    def caused(self, loc: Iterable[str | int]) -> bool:
        """Whether a warning at `loc` may come from a change rather than from the file: it
        is about a mapping that was changed, or one of that mapping's own keys
        (a step whose emotion was set aside would be "a step without emotion")."""
        place = tuple(loc)
        return any(
            place[: len(changed)] == changed and len(place) <= len(changed) + 1
            for changed in self.changed
        )


def mend(data: dict[str, Any], model: type[Model], error: ValidationError) -> Mended[Model] | None:
    """The model of `data` without the parts `error` blames, or None where too little is left
    (a journey without stages)."""
    mended = copy.deepcopy(data)
    changed: set[Place] = set()
    for _ in range(_ROUNDS):
        for item in error.errors(include_url=False):
            if not _mend(mended, tuple(item["loc"]), item["type"], changed):
                return None
        try:
            return Mended(model.model_validate(mended), frozenset(changed))
        except ValidationError as again:
            error = again
    return None


def _mend(data: Any, loc: Place, kind: str, changed: set[Place]) -> bool:
    """Set aside the part at `loc`; False when it is one the model cannot do without."""
    if loc and loc[-1] == "[key]":  # a mapping's key that is no id: the entry goes
        loc, kind = loc[:-1], "extra_forbidden"
    if not loc:
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return True  # an earlier mend of this round took it away already
    last = loc[-1]
    if kind == "missing":
        if not isinstance(parent, dict) or last == "stages":
            return False
        parent[last] = ""  # every other required key of the format is text
        changed.add(loc[:-1])
        return True
    if isinstance(parent, dict) and last in parent:
        if last == "stages" and kind != "extra_forbidden":
            return False
        del parent[last]
        changed.add(loc[:-1])
        return True
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        # kept in its place, so that what follows keeps its index; an item that is a
        # mapping stands for a model, whose required text the next round fills in
        parent[last] = {} if kind in _MODEL_KINDS else ""
        changed.add(loc)
        return True
    return True


_MODEL_KINDS = {"model_type", "model_attributes_type", "dict_type"}
