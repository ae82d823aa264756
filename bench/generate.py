"""Generate a content root of N realistic journeys (every lane filled, about 12 KB each).

    python bench/generate.py 1000 bench/_work/root [STEPS] [--backlog 300 100]

Used by the benchmarks; each journey has 5 stages x 4 steps (STEPS a stage:
3 makes about 9 KB), two personas with per-persona emotions, and accented
Italian text. The text is short: most of the 12 KB is keys and the
indentation that `yaml.safe_dump` writes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

STAGES = ["Consapevolezza", "Considerazione", "Acquisto", "Post-acquisto", "Fidelizzazione"]
CHANNELS = ["web", "email", "phone", "chat", "store", "social", "review", "sales-rep"]
DEPARTMENTS = ["marketing", "sales", "service", "billing"]
WORDS = [
    "cliente",
    "prezzo",
    "modulo",
    "attesa",
    "chiamata",
    "preventivo",
    "perché",
    "già",
    "qualità",
    "risposta",
    "consegna",
    "fattura",
    "supporto",
    "prodotto",
    "offerta",
    "sito",
    "pagina",
    "carrello",
    "contratto",
]

SITE = {
    "title": "Benchmark",
    "language": "it",
    "custom_lanes": {"kpi": {"label": "KPI"}},
    "departments": {d: {"label": d.capitalize(), "color": "#2b6cb0"} for d in DEPARTMENTS},
}


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def journey(
    index: int, rng: random.Random, steps_a_stage: int = 4, shared: bool = False
) -> dict[str, object]:
    """`shared`: the journey of one persona, its steps owned by three departments, as
    every other journey's (every persona and department page lists them all)."""
    departments = DEPARTMENTS[:3] if shared else DEPARTMENTS
    stages = []
    for stage_index, name in enumerate(STAGES):
        steps = []
        for step_index in range(steps_a_stage):
            steps.append(
                {
                    "title": f"{_words(rng, 2)} {stage_index}.{step_index}",
                    "doing": _words(rng, 3),
                    "thinking": _words(rng, 2) + "?",
                    "feeling": rng.choice(["curioso", "ansioso", "sollevato", "deluso"]),
                    "emotion": rng.randint(-2, 2)
                    if shared
                    else {"marco": rng.randint(-2, 2), "giulia": rng.randint(-2, 2)},
                    "touchpoint": _words(rng, 2),
                    "channel": rng.choice(CHANNELS),
                    "owner": rng.choice(departments),
                    "moment_of_truth": step_index == 0,
                    "pains": [_words(rng, 2), _words(rng, 2)],
                    "opportunities": [_words(rng, 2)],
                    "expectation": _words(rng, 2),
                    "reality": _words(rng, 2),
                    "backstage": _words(rng, 2),
                    "metrics": {"drop_off": f"{rng.randint(1, 60)}%", "csat": 3.5},
                    "evidence": [f"Intervista #{rng.randint(1, 30)}"],
                    "custom": {"kpi": _words(rng, 2)},
                }
            )
        stages.append(
            {
                "name": name,
                "description": _words(rng, 3),
                "customer_type": "prospect",
                "steps": steps,
            }
        )
    return {
        "title": f"Percorso {index}: {_words(rng, 2)}",
        "persona": ["marco"] if shared else ["marco", "giulia"],
        "summary": _words(rng, 10),
        "state": "current",
        "timeframe": "1 mese",
        "maintainer": "Team CX",
        "reviewed": "2026-10-01",
        "tags": ["b2b", f"gruppo-{index % 10}"],
        "stages": stages,
    }


def generate(
    count: int, root: Path, seed: int = 7, steps_a_stage: int = 4, shared: bool = False
) -> Path:
    rng = random.Random(seed)
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(yaml.safe_dump(SITE, allow_unicode=True), encoding="utf-8")
    for persona in ("marco",) if shared else ("marco", "giulia"):
        text = yaml.safe_dump({"name": persona.capitalize(), "role": "Decisore"})
        (root / "personas" / f"{persona}.yaml").write_text(text, encoding="utf-8")
    for index in range(count):
        folder = root / f"gruppo-{index % 10}"
        folder.mkdir(exist_ok=True)
        data = journey(index, rng, steps_a_stage, shared)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / f"percorso-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return root


STATUSES = ["idea", "planned", "in-progress", "done", "dropped"]
METHODS = ["interviews", "survey", "usability-test", "analytics", "support-tickets"]


def generate_backlog(root: Path, opportunities: int, studies: int, seed: int = 11) -> Path:
    """Opportunities and studies (FORMAT.md 1.1) beside the journeys of `generate`: each
    opportunity addresses one to three steps of random journeys and cites a study, each
    study has two quotes placed at steps. The journeys themselves are left as they are."""
    from generator.content.ids import slugify

    rng = random.Random(seed)
    journeys = sorted(
        p.relative_to(root).with_suffix("").as_posix() for p in root.glob("gruppo-*/*.yaml")
    )
    titles: dict[str, list[str]] = {}

    def address() -> str:
        journey = rng.choice(journeys)
        if journey not in titles:
            data = yaml.safe_load((root / f"{journey}.yaml").read_text(encoding="utf-8"))
            titles[journey] = [
                slugify(s["title"], "step") for st in data["stages"] for s in st["steps"]
            ]
        return f"{journey}#{rng.choice(titles[journey])}"

    study_ids = [f"studi/studio-{index:03d}" for index in range(studies)]
    for index, study in enumerate(study_ids):
        data = {
            "title": f"Studio {index}: {_words(rng, 3)}",
            "method": rng.choice(METHODS),
            "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "participants": rng.randint(5, 300),
            "summary": _words(rng, 20),
            "findings": [_words(rng, 6), _words(rng, 6)],
            "quotes": [
                {"text": _words(rng, 8) + "?", "who": "Cliente", "step": address()}
                for _ in range(2)
            ],
        }
        path = root / "research" / f"{study}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for index in range(opportunities):
        data = {
            "title": f"Opportunità {index}: {_words(rng, 4)}",
            "description": _words(rng, 25),
            "status": rng.choice(STATUSES),
            "owner": rng.choice(DEPARTMENTS),
            "impact": rng.randint(1, 5),
            "effort": rng.randint(1, 5),
            "addresses": sorted({address() for _ in range(rng.randint(1, 3))}),
            "evidence": [rng.choice(study_ids)] if study_ids else [],
            "target": f"2027-{rng.randint(1, 12):02d}-28",
            "tags": [rng.choice(["prezzi", "checkout", "supporto", "onboarding"])],
        }
        path = root / "opportunities" / f"gruppo-{index % 10}" / f"opportunita-{index:04d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


if __name__ == "__main__":
    arguments = sys.argv[1:]
    backlog = None
    if "--backlog" in arguments:
        at = arguments.index("--backlog")
        backlog = (int(arguments[at + 1]), int(arguments[at + 2]))
        del arguments[at : at + 3]
    steps = int(arguments[2]) if len(arguments) > 2 else 4
    generate(int(arguments[0]), Path(arguments[1]), steps_a_stage=steps)
    if backlog:
        generate_backlog(Path(arguments[1]), *backlog)
