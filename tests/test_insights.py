"""Findings across journeys: pure functions of the models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.content.model import Journey, Site, Stage, Step
from generator.content.resolved import ResolvedJourney, resolve
from generator.content.validate import check_root
from generator.views import insights

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"


def journey(**data: object) -> ResolvedJourney:
    """A journey as checking leaves it, its ids filled in."""
    written = {"id": "j", "title": "J", **data}
    return resolve(Journey.model_validate(written), str(written["id"]))


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


def test_findings_are_bounded_the_worst_first_and_count_the_rest() -> None:
    emotions = [1, -2, 0, -1, None, -2, 2]
    journeys = [
        journey(
            id=f"j{n}",
            title=f"J{n}",
            stages=[
                {
                    "name": "S",
                    "steps": [
                        {"title": "A", "id": "a", "channel": "web", "moment_of_truth": True,
                         "expectation": "Soon", "reality": "Later", "emotion": emotion},
                        {"title": "B", "id": "b", "channel": "phone", "emotion": 0},
                    ],
                }
            ],
        )
        for n, emotion in enumerate(emotions)
    ]  # fmt: skip
    found = insights.findings(journeys, Site(), date(2026, 11, 23), limit=3)
    # the worst felt first, ties in the journeys' order
    assert [g.place.journey_id for g in found.gaps] == ["j1", "j5", "j3"]
    assert [m.place.journey_id for m in found.moments] == ["j1", "j5", "j3"]
    assert len(found.channel_mix) == 3
    assert found.more == {"handoffs": 0, "gaps": 4, "moments": 4, "channel_mix": 4, "stale": 0}
    unbounded = insights.findings(journeys, Site(), date(2026, 11, 23))
    assert len(unbounded.gaps) == 7 and unbounded.more["gaps"] == 0
    assert unbounded.gaps[-1].place.journey_id == "j4"  # no emotion: last


def test_the_findings_of_all_journeys_are_made_of_each_journeys() -> None:
    # what an incremental build relies on to re-render the page only when a journey's changed
    content = check_root(EXAMPLE)
    journeys = list(content.journeys.values())
    today = date(2026, 11, 23)
    whole = insights.findings(journeys, content.site, today, limit=2)
    again = insights.findings(journeys[::-1][::-1], content.site, today, limit=2)
    assert whole == again
    assert sum(len(insights.gaps([j])) for j in journeys) == len(whole.gaps) + whole.more["gaps"]


# A value of each field's type unlike any in STEPS: the basis test changes each in turn.
OTHER_VALUES = {
    "title": "Altro",
    "id": "altro",
    "doing": "Fa altro",
    "thinking": "Pensa ad altro",
    "feeling": "Così così",
    "emotion": -3,
    "touchpoint": "Sportello",
    "channel": "store",
    "owner": "billing",
    "actors": ["b"],
    "moment_of_truth": False,
    "pains": ["Attesa"],
    "opportunities": ["Chat"],
    "expectation": "Subito",
    "reality": "Domani",
    "expectation_met": True,
    "backstage": "CRM",
    "metrics": {"drop_off": "90%"},
    "evidence": ["Intervista"],
    "custom": {"note": "Nota"},
    "name": "Altra fase",
    "description": "Altro",
    "customer_type": "lost",
    "persona": ["b"],
    "summary": "Altro",
    "state": "future",
    "compare_to": "k",
    "timeframe": "2027",
    "maintainer": "Anna",
    "reviewed": date(2020, 1, 1),
    "tags": ["altro"],
    "circular": True,
    "draft": True,
    "lanes": ["doing"],
}


def test_the_basis_holds_every_field_the_findings_read() -> None:
    """An incremental build keys the insights page by `basis`: a field the findings read
    and the basis left out would leave that page stale."""
    site = Site.model_validate({"stale_after_days": 30})
    today = date(2026, 11, 23)
    base = journey(stages=[{"name": "S", "id": "s", "steps": STEPS}], reviewed=date(2026, 11, 1))

    def altered(kind: str, name: str) -> ResolvedJourney:
        data = base.model_dump()
        one = {"journey": data, "stage": data["stages"][0]}.get(kind)
        for target in [one] if one else data["stages"][0]["steps"]:
            target[name] = OTHER_VALUES[name]
        return resolve(Journey.model_validate(data), str(data["id"]))

    fields = [
        *(("journey", name) for name in Journey.model_fields if name != "stages"),
        *(("stage", name) for name in Stage.model_fields if name != "steps"),
        *(("step", name) for name in Step.model_fields),
    ]
    assert {name for _, name in fields} == set(OTHER_VALUES)
    for kind, name in fields:
        other = altered(kind, name)
        if insights.findings([other], site, today) != insights.findings([base], site, today):
            assert insights.basis(other) != insights.basis(base), f"{kind} {name}"


def test_long_lists_keep_the_first_of_all_and_count_every_one() -> None:
    # more findings than a list holds before it trims (4 x limit): those made after that
    # are only made where they may come first, and all are counted
    emotions = [0, -1, 1, -1, -2, 0, -2, 1, None, -1]
    steps = [
        {"title": f"S{n}", "id": f"s{n}", "owner": ("a", "b")[n % 2], "channel": "web",
         "emotion": emotion, "expectation": "E", "reality": "R", "moment_of_truth": True}
        for n, emotion in enumerate(emotions)
    ]  # fmt: skip
    journeys = [
        journey(id=f"j{n:02}", title=f"J{n}", stages=[{"name": "S", "steps": steps[n % 3 :]}])
        for n in range(12)
    ]
    found = insights.findings(journeys, Site(), date(2026, 11, 23), limit=2)

    def felt(emotion: float | None) -> float:
        return float("inf") if emotion is None else emotion

    gaps = sorted(insights.gaps(journeys), key=lambda g: felt(g.emotion))
    assert found.gaps == gaps[:2] and found.more["gaps"] == len(gaps) - 2
    moments = sorted(insights.moments(journeys), key=lambda m: felt(m.emotion))
    assert found.moments == moments[:2] and found.more["moments"] == len(moments) - 2
    falling = insights.falling_handoffs(journeys)
    assert found.handoffs == falling[:2] and found.more["handoffs"] == len(falling) - 2
