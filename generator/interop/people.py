"""The people a diagram or a sheet names -> persona ids of the content root.

A name is, in this order: a persona id of the root (`marco`), the `name:` of
exactly one persona of the root (`Marco Bianchi`, any case), or someone new,
whose id is the slug of the name (`Giulia Ferri` -> `giulia-ferri`) and who
gets a persona file of their own.
"""

from __future__ import annotations

from generator.content.ids import slugify, unique
from generator.content.model import Persona


class People:
    def __init__(self, personas: dict[str, Persona]) -> None:
        self.known = set(personas)
        by_name: dict[str, list[str]] = {}
        for persona_id, persona in personas.items():
            by_name.setdefault(persona.name.casefold(), []).append(persona_id)
        # a name that two personas share names neither
        self.by_name = {name: ids[0] for name, ids in by_name.items() if len(ids) == 1}
        self.new: dict[str, str] = {}  # id -> name, for the persona files to write
        self._seen: dict[str, str] = {}  # name as written -> id
        self._taken = set(personas)

    def resolve(self, name: str) -> str:
        if name in self._seen:
            return self._seen[name]
        if name in self.known:
            persona_id = name
        elif name.casefold() in self.by_name:
            persona_id = self.by_name[name.casefold()]
        else:
            slug = slugify(name, "persona")
            if slug in self.known:
                persona_id = slug
            else:
                # two different names with one slug are two people, as Mermaid sees them
                persona_id = unique(slug, self._taken)
                self.new[persona_id] = name
        self._seen[name] = persona_id
        return persona_id


def display_names(personas: dict[str, Persona]) -> dict[str, str]:
    """id -> the name to write for it: the persona's name where it is unambiguous."""
    counts: dict[str, int] = {}
    for persona in personas.values():
        key = persona.name.strip().casefold()
        counts[key] = counts.get(key, 0) + 1
    names: dict[str, str] = {}
    for persona_id, persona in personas.items():
        name = persona.name.strip()
        clash = counts[name.casefold()] > 1 or (
            name in personas and name != persona_id  # a name that is another persona's id
        )
        names[persona_id] = persona_id if clash or not name else name
    return names
