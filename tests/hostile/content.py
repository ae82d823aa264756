"""A content root with a payload in every field an author can write."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.hostile.vectors import ALL


def _journey(index: int, payload: str) -> dict[str, object]:
    step = {
        "title": payload,
        "doing": payload,
        "thinking": payload,
        "feeling": payload,
        "emotion": {"eve": -1, "mallory": 1},
        "touchpoint": payload,
        "channel": "evil",
        "owner": "evil",
        "actors": ["eve", "mallory"],
        "moment_of_truth": True,
        "pains": [payload, f"pain {index}"],
        "opportunities": [payload],
        "expectation": payload,
        "reality": payload,
        "backstage": payload,
        "metrics": {"drop_off": "40%", payload[:40]: 3},
        "evidence": [payload],
        "custom": {"kpi": payload},
    }
    second = {**step, "title": f"{payload} (2)", "emotion": {"eve": 2, "mallory": -2}}
    return {
        "title": payload,
        "persona": ["eve", "mallory"],
        "summary": payload,
        "timeframe": payload,
        "maintainer": payload,
        "reviewed": "2026-11-01",
        "tags": [payload, "hostile"],
        "circular": True,
        "compare_to": "hostile/v000" if index else None,
        "stages": [
            {"name": payload, "description": payload, "steps": [step, second]},
            {"name": f"{payload} (B)", "description": payload, "steps": [second]},
        ],
    }


def _persona(payload: str) -> dict[str, object]:
    return {
        "name": payload,
        "role": payload,
        "quote": payload,
        "description": payload,
        "goals": [payload],
        "frustrations": [payload],
        "channels": ["evil", "web"],
    }


def write_hostile_root(
    root: Path, payloads: tuple[str, ...] = ALL, *, language: str | None = None
) -> Path:
    """One journey per payload (ids `hostile/v000`...), payloads in personas and site too;
    the site's labels in `language` when given."""
    site: dict[str, object] = {
        "title": " ".join(payloads[:3]),
        "custom_lanes": {"kpi": {"label": payloads[1]}},
        "channels": {"evil": {"label": payloads[2], "kind": "offline"}},
        "departments": {"evil": {"label": payloads[0], "color": "#ff0000"}},
        "base_url": "/hostile/",
    }
    if language is not None:
        site["language"] = language
    files = {
        "site.yaml": site,
        "personas/eve.yaml": _persona(payloads[0]),
        "personas/mallory.yaml": _persona(payloads[-1]),
    }
    for index, payload in enumerate(payloads):
        journey = _journey(index, payload)
        if journey["compare_to"] is None:
            del journey["compare_to"]
        files[f"hostile/v{index:03d}.yaml"] = journey
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root
