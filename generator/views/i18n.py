"""The labels of the site and the printable maps, from one catalog per language.

`generator/i18n/<lang>.yaml` holds every label, one key each. Templates read
them as attributes (`labels.lane_doing`); a key that does not exist is an
error at render time (StrictUndefined), never an empty string.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.content.model import BUILTIN_CHANNELS, Site

CATALOGS = Path(__file__).resolve().parent / "i18n"
LANGUAGES = ("en", "it")

# Metric keys that are acronyms although they hold a vowel (those without one need no list).
ACRONYMS = frozenset(
    {"aht", "aov", "arpu", "arr", "cac", "ces", "cpa", "csat", "faq", "ivr", "kpi", "roas"}
    | {"roi", "seo", "sla", "ui", "ux"}
)
_WORDS = re.compile(r"[\s_-]+")
_SHORT = re.compile(r"[a-z][a-z0-9]{1,3}")
_VOWELS = frozenset("aeiouy")


@cache
def metric_name(key: str) -> str:
    """A metric's key as people read it: `drop_off` -> `Drop off`, `ctr` -> `CTR`,
    `ivr_abandonment` -> `IVR abandonment`, `eNPS` -> `eNPS`.

    Underscores and hyphens become spaces, and the first letter a capital. A word the
    author wrote with a capital is kept as written, its first letter too. A word of two
    to four letters and digits, starting with a letter, is an acronym and written in
    capitals when it has no vowel (a e i o u y: ctr, nps, fcr, ltv, p95) or is one of
    ACRONYMS (csat, kpi, ...).
    """
    words = [_metric_word(w) for w in _WORDS.split(key) if w]
    if words and words[0].islower():
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _metric_word(word: str) -> str:
    if word != word.lower() or not _SHORT.fullmatch(word):
        return word
    if word in ACRONYMS or not _VOWELS.intersection(word):
        return word.upper()
    return word


@cache
def catalog(language: str) -> dict[str, str]:
    """The labels of one language, as written in its YAML file."""
    text = (CATALOGS / f"{language}.yaml").read_text(encoding="utf-8")
    # libyaml where there is one: the pure parser took 24 ms, before any page
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {str(key): str(value) for key, value in data.items()}


class Labels:
    """Attribute access to one catalog; a missing key raises, so templates fail loudly."""

    def __init__(self, language: str, site: Site | None = None) -> None:
        self._labels = catalog(language)
        self._site = site or Site()
        self._channels = self._site.all_channels()
        self.language = language
        # a site of thousands of steps shows the same few figures again and again
        self._numbers: dict[tuple[type, float | str], str] = {}
        self._decimal = str.maketrans(
            {",": self._labels["locale_thousands"], ".": self._labels["locale_decimal"]}
        )

    def __getattr__(self, key: str) -> str:
        try:
            return self._labels[key]
        except KeyError:
            raise AttributeError(f"no label {key!r} in the {self.language} catalog") from None

    def __getitem__(self, key: str) -> str:
        return self._labels[key]

    def format(self, key: str, **values: Any) -> str:
        return self._labels[key].format(**values)

    def channel(self, channel_id: str) -> str:
        """A channel's label: site.yaml's own wins, built-ins are translated."""
        own = self._site.channels.get(channel_id)
        if own is not None:
            return own.label
        if channel_id in BUILTIN_CHANNELS:
            return self._labels[f"channel_{channel_id}"]
        return channel_id

    def channel_kind(self, channel_id: str) -> str | None:
        channel = self._channels.get(channel_id)
        return channel.kind if channel else None

    def lane_label(self, lane: str) -> str:
        custom = self._site.custom_lanes.get(lane)
        if custom is not None:
            return custom.label
        return self._labels[f"lane_{lane}"]

    def department(self, department_id: str | None) -> str:
        if department_id is None:
            return self._labels["no_owner"]
        department = self._site.departments.get(department_id)
        return department.label if department else department_id

    def metric_label(self, key: str) -> str:
        """A metric's key as people read it (`metric_name`): the same on maps and insights.
        The common metrics have their name in the site's language (`metric_<key>` in its
        catalog, e.g. `drop_off` -> "Abbandono" in Italian); acronyms stay as they are."""
        own = self._labels.get(f"metric_{key}")
        return own if own is not None else metric_name(key)

    def customer_type_label(self, value: str) -> str:
        return self._labels[f"customer_type_{value}"]

    def number(self, value: float | str) -> str:
        """A figure as people of this language write it: 12,400 / 12.400; 0.12 / 0,12."""
        key = (type(value), value)
        found = self._numbers.get(key)
        if found is not None:
            return found
        if isinstance(value, str):
            text = value.replace(".", self._labels["locale_decimal"])
        elif float(value).is_integer():
            text = f"{int(value):,}".translate(self._decimal)
        else:
            text = f"{value:,.2f}".rstrip("0").rstrip(".").translate(self._decimal)
        self._numbers[key] = text
        return text

    def signed(self, value: float) -> str:
        """An emotion or a change of one: +1, 0, -1.5 (with a true minus sign)."""
        text = self.number(abs(value))
        if value > 0:
            return f"+{text}"
        if value < 0:
            return f"\u2212{text}"
        return text


def labels_for(site: Site) -> Labels:
    return Labels(site.language, site)
