"""What in a built page could run script or fetch from elsewhere, found by parsing it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.common.paths import packaged_templates

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "meta"}
_CONTROL = re.compile(r"[\x00-\x20]+")
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)


def our_inline_scripts() -> frozenset[str]:
    """The inline scripts our templates write, word for word (404.html finds the site's
    root with one): the only inline script a built page may hold."""
    found = set()
    for template in packaged_templates().glob("*.html"):
        text = template.read_text(encoding="utf-8")
        found.update(m.strip() for m in re.findall(r"<script[^>]*>(.+?)</script>", text, re.S))
    return frozenset(found)


class _Inspector(HTMLParser):
    def __init__(self, allowed_scripts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_scripts = allowed_scripts
        self.allowed_inline = our_inline_scripts()
        self.findings: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag}>"
        values = dict(attrs)
        if tag in FORBIDDEN_ELEMENTS and not (tag == "meta" and "http-equiv" not in values):
            self.findings.append(f"{where} element")
        if tag == "script":
            src = values.get("src")
            if src is not None and src.rsplit("/", 1)[-1] not in self.allowed_scripts:
                self.findings.append(f"{where} with src={src!r}")
            self.in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"{where} event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and value is not None:
                url = _CONTROL.sub("", value)
                if _UNSAFE_SCHEME.match(url):
                    self.findings.append(f"{where} {name}={value!r}")
            if name == "style" and value and re.search(r"url\(|expression\(|@import", value, re.I):
                self.findings.append(f"{where} style={value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip() and data.strip() not in self.allowed_inline:
            self.findings.append(f"inline script {data.strip()[:60]!r}")


def inspect_page(path: Path, allowed_scripts: set[str]) -> list[str]:
    inspector = _Inspector(allowed_scripts)
    inspector.feed(path.read_text(encoding="utf-8"))
    inspector.close()
    return [f"{path.name}: {finding}" for finding in inspector.findings]
