"""Generate a content root of N realistic journeys (every lane filled, about 12 KB each).

    python bench/generate.py 1000 bench/_work/root [STEPS]

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


def journey(index: int, rng: random.Random, steps_a_stage: int = 4) -> dict[str, object]:
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
                    "emotion": {"marco": rng.randint(-2, 2), "giulia": rng.randint(-2, 2)},
                    "touchpoint": _words(rng, 2),
                    "channel": rng.choice(CHANNELS),
                    "owner": rng.choice(DEPARTMENTS),
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
        "persona": ["marco", "giulia"],
        "summary": _words(rng, 10),
        "state": "current",
        "timeframe": "1 mese",
        "maintainer": "Team CX",
        "reviewed": "2026-10-01",
        "tags": ["b2b", f"gruppo-{index % 10}"],
        "stages": stages,
    }


def generate(count: int, root: Path, seed: int = 7, steps_a_stage: int = 4) -> Path:
    rng = random.Random(seed)
    (root / "personas").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(yaml.safe_dump(SITE, allow_unicode=True), encoding="utf-8")
    for persona in ("marco", "giulia"):
        text = yaml.safe_dump({"name": persona.capitalize(), "role": "Decisore"})
        (root / "personas" / f"{persona}.yaml").write_text(text, encoding="utf-8")
    for index in range(count):
        folder = root / f"gruppo-{index % 10}"
        folder.mkdir(exist_ok=True)
        data = journey(index, rng, steps_a_stage)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / f"percorso-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    generate(int(sys.argv[1]), Path(sys.argv[2]), steps_a_stage=steps)
