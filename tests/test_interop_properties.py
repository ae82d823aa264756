"""Any journey survives Mermaid and CSV: generated titles full of delimiters, emotions, people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interop.helpers import effective

from generator.content.model import Journey, Persona, Site
from generator.content.resolved import ResolvedJourney, resolve
from generator.content.root import Content
from generator.interop import csvio, mermaid
from generator.interop.people import People

PERSONAS = {
    "anna": Persona(name="Anna: Rossi, #1"),
    "bruno": Persona(name="Bruno; <Verdi>"),
    "carla": Persona(name="carla"),
}
# Mermaid's delimiters, its keywords and entity codes, accents, Markdown
ALPHABET = st.sampled_from([*"ab Zè:#;,%<>&|\"'-*_", "section ", "title ", "#35;", "journey"])


def _words(*, strip: bool) -> st.SearchStrategy[str]:
    text = st.lists(ALPHABET, min_size=1, max_size=12).map("".join)
    if strip:
        return text.map(lambda t: " ".join(t.split())).filter(bool)
    return text.filter(lambda t: t.strip() != "")


@st.composite
def journeys(draw: st.DrawFn) -> ResolvedJourney:
    persona = draw(st.lists(st.sampled_from(sorted(PERSONAS)), unique=True, max_size=3))
    emotion_values = st.integers(-2, 2) | st.sampled_from([0.5, -1.5, 1.25])
    stages = []
    for _ in range(draw(st.integers(1, 3))):
        steps = []
        for _ in range(draw(st.integers(0, 3))):
            # a journey without personas has steps without actors: a task without actors
            # reads back as a step of everyone, and the journey's people are its actors
            actors = draw(st.lists(st.sampled_from(persona), unique=True)) if persona else []
            people = actors or persona
            emotion: Any
            if people and draw(st.booleans()):
                emotion = {p: draw(emotion_values) for p in people}
            else:
                emotion = draw(emotion_values)
            steps.append({"title": draw(_words(strip=True)), "actors": actors, "emotion": emotion})
        stages.append({"name": draw(_words(strip=True)), "steps": steps})
    written = {"title": draw(_words(strip=True)), "id": "j", "persona": persona, "stages": stages}
    return resolve(Journey.model_validate(written), "j")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_mermaid_round_trip(journey: ResolvedJourney) -> None:
    site = Site()
    text = mermaid.journey_to_mermaid(journey, site, PERSONAS)
    imported = mermaid.read(text, "j.mmd", site, People(PERSONAS))
    assert not imported.diagnostics, text
    assert imported.new_personas == {}
    back = Journey.model_validate(imported.journey)
    assert back.title == journey.title
    # the journey's persona list is the people of its steps, in their order
    everyone = {a for _, s in journey.steps() for a in (s.actors or journey.persona)}
    assert set(back.persona) == everyone
    back.persona = journey.persona if set(back.persona) == set(journey.persona) else back.persona
    assert effective(back) == effective(journey), text


@st.composite
def rich_steps(draw: st.DrawFn) -> dict[str, Any]:
    step: dict[str, Any] = {"title": draw(_words(strip=True))}
    for lane in ("doing", "thinking", "feeling", "touchpoint", "backstage", "expectation"):
        if draw(st.booleans()):
            step[lane] = draw(_words(strip=False) | st.just("two\nlines\n"))
    for lane in ("pains", "opportunities", "evidence"):
        items = _words(strip=True).filter(lambda t: " | " not in t)
        step[lane] = draw(st.lists(items, max_size=3))
    step["moment_of_truth"] = draw(st.booleans())
    step["metrics"] = draw(
        st.dictionaries(
            st.sampled_from(["csat", "drop_off", "nps"]),
            st.integers(0, 100) | st.just("35%") | st.just(0.12),
        )
    )
    step["channel"] = draw(st.sampled_from(["web", "phone", "whatsapp"]))
    if draw(st.booleans()):
        step["custom"] = {"kpi": draw(_words(strip=False))}
    step["emotion"] = draw(st.integers(-2, 2) | st.just({"anna": 1, "bruno": -2}))
    return step


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(rich_steps(), max_size=3), min_size=1, max_size=3), st.sampled_from(",;"))
def test_csv_round_trip(stages: list[list[dict[str, Any]]], separator: str) -> None:
    site = Site.model_validate(
        {"custom_lanes": {"kpi": {"label": "KPI"}}, "channels": {"whatsapp": {"label": "WA"}}}
    )
    written = Journey.model_validate(
        {
            "title": "Sì; «tutto»",
            "persona": ["anna", "bruno"],
            "summary": 'A *summary*,\nwith "quotes"; and ; semicolons\n',
            "stages": [{"name": f"Fase {i}", "steps": s} for i, s in enumerate(stages)],
        }
    )
    journey = resolve(written, "j")
    text, warnings = csvio.write(journey, site, separator)
    assert warnings == []
    content = Content(root=Path("."), site=site, personas=PERSONAS)
    imported = csvio.read(text, "j.csv", content, People(PERSONAS))
    assert imported.diagnostics == [], text
    back = Journey.model_validate(imported.journey)
    # ids a reader derives by itself are left out of the sheet, and derived again
    assert resolve(back, "j") == journey
