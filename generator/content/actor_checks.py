"""Who takes part in a step, checked against the emotions it gives.

A step's `actors:` (by default the journey's personas) say who lives it. An
emotion given to anyone else is drawn on no curve and counted in no average,
so it is almost always a slip: a persona missing from `actors:`, or an
emotion copied from the step before. A warning, at the emotion's own key.
"""

from __future__ import annotations

from collections.abc import Collection

from generator.content import load
from generator.content.diagnostics import Diagnostic
from generator.content.messages import suggestion
from generator.content.resolved import ResolvedJourney


def non_actor_emotions(
    document: load.Document, journey: ResolvedJourney, personas: Collection[str]
) -> list[Diagnostic]:
    """A warning for each emotion given to a known persona who takes no part in its step
    (an unknown persona is an error of its own, reported apart)."""
    found = []
    for stage_index, stage in enumerate(journey.stages):
        for step_index, step in enumerate(stage.steps):
            if not isinstance(step.emotion, dict):
                continue
            actors = journey.actors_of(step)
            if not actors:
                continue  # no persona named anywhere: the step is everyone's
            for persona in step.emotion:
                if persona in actors or persona not in personas:
                    continue
                loc = ("stages", stage_index, "steps", step_index, "emotion", persona)
                found.append(
                    document.diagnostic(
                        loc,
                        _message(loc, persona, step.title, actors, own=bool(step.actors)),
                        severity="warning",
                        key=True,
                    )
                )
    return found


def _message(loc: load.Loc, persona: str, title: str, actors: list[str], *, own: bool) -> str:
    who = ", ".join(actors)
    if own:
        where = f"its actors: {who}"
        hint = f"add {persona} to the step's actors"
    else:
        where = f"the journey's personas: {who}"
        hint = f"add {persona} to the journey's persona or to the step's actors"
    return (
        f"{load.format_loc(loc)}: an emotion for '{persona}', who takes no part in step "
        f"'{title}' ({where}){suggestion(persona, actors)}; {hint}, or remove this emotion"
    )
