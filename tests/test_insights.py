"""Findings across journeys: pure functions of the models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator import insights
from generator.model import Journey, Site
from generator.validate import check_root

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"


def journey(**data: object) -> Journey:
    return Journey.model_validate({"id": "j", "title": "J", **data})


STEPS = [
    {"title": "Form", "id": "form", "owner": "marketing", "emotion": 1, "channel": "web"},
    {"title": "Call", "id": "call", "owner": "sales", "emotion": -1, "channel": "phone",
     "metrics": {"drop_off": "35%"}, "moment_of_truth": True},
    {"title": "Quote", "id": "quote", "owner": "sales", "emotion": {"a": -2, "b": 0},
     "expectation": "One price", "reality": "Two prices", "metrics": {"abandonment": 0.5}},
    {"title": "Kick-off", "id": "kickoff", "owner": "onboarding", "emotion": 2},
]  # fmt: skip


def test_handoffs_carry_the_emotion_change() -> None:
    found = insights.handoffs(journey(stages=[{"name": "S", "steps": STEPS}]))
    assert [(h.from_owner, h.to_owner, h.change) for h in found] == [
        ("marketing", "sales", -2),
        ("sales", "onboarding", 3),
    ]
    falling = insights.falling_handoffs([journey(stages=[{"name": "S", "steps": STEPS}])])
    assert [h.before.step_id for h in falling] == ["form"]


def test_valleys_gaps_dropoffs_and_moments() -> None:
    j = journey(stages=[{"name": "S", "steps": STEPS}])
    assert [(v.place.step_id, v.emotion) for v in insights.valleys([j], (-2, 2))] == [
        ("quote", -2),
        ("call", -1),
    ]
    assert [(g.expectation, g.reality) for g in insights.gaps([j])] == [("One price", "Two prices")]
    assert [(d.metric, d.percent) for d in insights.dropoffs([j])] == [
        ("abandonment", 50.0),
        ("drop_off", 35.0),
    ]
    assert [m.place.anchor for m in insights.moments([j])] == ["call"]
    mix = insights.channel_mix([j], Site())
    assert (mix[0].online, mix[0].offline) == (1, 1)


def test_happiness_is_the_share_of_positive_steps() -> None:
    j = journey(stages=[{"name": "S", "steps": STEPS}])
    assert insights.happiness(j, (-2, 2)) == 50
    assert insights.happiness(journey(stages=[{"name": "S"}]), (-2, 2)) is None
    # on a 1..5 scale, 3 is neutral
    five = journey(stages=[{"name": "S", "steps": [{"title": "a", "emotion": 3},
                                                    {"title": "b", "emotion": 4}]}])  # fmt: skip
    assert insights.happiness(five, (1, 5)) == 50


def test_stale_maps_on_the_example() -> None:
    content = check_root(EXAMPLE)
    found = insights.stale(list(content.journeys.values()), content.site, date(2026, 11, 23))
    assert [(s.journey_id, s.days) for s in found] == [("service/support-ticket", 540)]
    assert insights.stale(list(content.journeys.values()), Site(), date(2026, 11, 23)) == []
