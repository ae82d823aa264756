"""What a served journey page gets in edit mode: the token, the base sha, the
source of its editable fields and the editor script. Never in a static build:
added as the preview server sends the page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from generator.content import load
from generator.content.root import Content
from generator.edit.journey import JourneyText, text_of
from generator.edit.ops import STEP_FLAGS, STEP_IDS, STEP_LISTS, STEP_TEXTS
from generator.edit.session import EditSession, sha256
from generator.edit.text import Refused

EDITOR_PATH = "/__journeymap/edit.js"
EDITOR_STYLE_PATH = "/__journeymap/edit.css"
_JOURNEY_PAGE = re.compile(r"/journeys/(?P<id>[a-z0-9/_-]+?)/(?:index\.html)?")


def journey_of(url_path: str) -> str | None:
    found = _JOURNEY_PAGE.fullmatch(url_path)
    return found["id"] if found else None


def _emotion(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items() if isinstance(v, int | float)}
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def source(journey_id: str, text: str, content: Content | None) -> dict[str, Any]:
    """The journey's editable fields as the file writes them (Markdown, not HTML), with
    the choices the site declares."""
    data = load.parse(text.removeprefix("\ufeff"), journey_id, Path(journey_id))
    plain = data.data if isinstance(data, load.Document) else {}
    shape = JourneyText(text)
    stages = []
    flat = 0
    for stage_index, stage in enumerate(plain.get("stages") or []):
        steps = []
        written = stage.get("steps") if isinstance(stage, dict) else None
        for step in written if isinstance(written, list) else []:
            fields: dict[str, Any] = {"id": shape.step_ids[flat]}
            flat += 1
            if not isinstance(step, dict):
                steps.append(fields)
                continue
            for name in (*STEP_TEXTS, *STEP_IDS):
                value = step.get(name)
                fields[name] = value if isinstance(value, str) else None
            for name in STEP_FLAGS:
                fields[name] = step.get(name) is True
            for name in STEP_LISTS:
                found = step.get(name)
                found = [found] if isinstance(found, str) else found
                texts = isinstance(found, list) and all(isinstance(i, str) for i in found)
                fields[name] = found if texts else [] if found is None else None
            fields["emotion"] = _emotion(step.get("emotion"))
            actors = step.get("actors")
            fields["actors"] = [actors] if isinstance(actors, str) else list(actors or [])
            steps.append(fields)
        node = shape.stages[stage_index] if stage_index < len(shape.stages) else None
        stages.append(
            {
                "id": shape.stage_ids[stage_index] if stage_index < len(shape.stage_ids) else "",
                "name": text_of(node, "name") if node is not None else "",
                "description": stage.get("description") if isinstance(stage, dict) else None,
                "steps": steps,
            }
        )
    return {
        "journey": journey_id,
        "personas": _personas(shape, content),
        "scale": list(content.site.emotion_scale) if content else [-2, 2],
        "channels": _choices(content.site.all_channels() if content else {}),
        "owners": _choices(content.site.departments if content else {}),
        "stages": stages,
    }


def _personas(shape: JourneyText, content: Content | None) -> list[dict[str, str]]:
    known = content.personas if content else {}
    return [{"id": p, "name": known[p].name if p in known else p} for p in shape.personas()]


def _choices(declared: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"id": key, "label": str(getattr(value, "label", key))} for key, value in declared.items()
    ]


def _json_for_html(value: object) -> str:
    # inside <script>, "</" and "<!--" must never appear: escape every "<"
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def editable_page(session: EditSession, url_path: str, page: bytes) -> bytes:
    """A journey page with what its editor needs; any other page as it is."""
    journey_id = journey_of(url_path)
    if journey_id is None or journey_id not in session.built.files:
        return page
    path, data = session.built.files[journey_id]
    try:
        fields = source(journey_id, data.decode("utf-8"), session.content)
        fields["file"] = path.relative_to(session.root).as_posix()
        fields["words"] = session.words
    except (UnicodeDecodeError, Refused):
        return page  # a file that no longer parses: its page is shown, not edited
    head = (
        f'<meta name="journeymap-edit-token" content="{html.escape(session.token)}">'
        f'<meta name="journeymap-edit-base" content="{sha256(data)}">'
        f'<link rel="stylesheet" href="{EDITOR_STYLE_PATH}">'
        f'<script type="application/json" id="jm-edit-source">{_json_for_html(fields)}</script>'
    ).encode()
    index = page.lower().find(b"</head>")
    if index == -1:
        return page
    page = page[:index] + head + page[index:]
    tag = f'<script src="{EDITOR_PATH}"></script>'.encode()
    end = page.lower().rfind(b"</body>")
    return page + tag if end == -1 else page[:end] + tag + page[end:]
