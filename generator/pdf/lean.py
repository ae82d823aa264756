"""The HTML object a print document is laid out from: WeasyPrint's, made leaner.

Two things are spared. The markup of our own templates is read by expat
(`xml`) instead of WeasyPrint's HTML parser. And WeasyPrint's user-agent
stylesheet styles `::marker`, `::footnote-call`, `::footnote-marker`,
`::note-call`, `::note-marker` and `::note-callback` with no element before
them, so they match every element, and WeasyPrint computes six pseudo-element
styles for each: 3,700 of a poster's 4,400 styles, which are never drawn
and make about 8% of its time and half the garbage collected after it.

A marker exists only on a list item, so the lean stylesheet scopes the marker
rule to `li` and `summary`; footnotes and notes exist only where a stylesheet
floats something into one, so a document or stylesheet that mentions them
keeps WeasyPrint's own rules. Either way the PDF is drawn exactly as before.

The same stylesheet gives each of a page's sixteen margin boxes, its footnote area
and its note area a rule, so WeasyPrint computes nineteen styles for every page
(a page's index is part of its type): 228 of a 12-sheet blank map's 367 styles.
A margin box is drawn only if a stylesheet gives it content, and the note area
only shows running elements, so the lean stylesheet keeps only the rules of the
areas the document or its stylesheets name (`page_areas`), all of them where it
cannot tell (a stylesheet that imports another, a user's own templates).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from xml.etree.ElementTree import Element

from generator.pdf.xml import parse

# a rule on its own line whose selector is a bare pseudo-element: `::marker {...}`
_BARE_PSEUDO_RULE = re.compile(r"^::(?P<name>[a-z-]+)\s*\{[^}]*\}", re.MULTILINE)
_LIST_ITEMS = ("li", "summary")
# what a document needs WeasyPrint's footnote and note rules for
NOTES = re.compile(r"footnote|note\(")
# a page area's rule on its own line within WeasyPrint's @page: `  @top-left {...}`
_AREA_RULE = re.compile(r"^[ \t]*@(?P<name>[a-z-]+)[ \t]*\{[^{}]*\}[ \t]*\n", re.MULTILINE)
_MARGIN_BOXES = frozenset(
    f"{side}-{place}"
    for side, places in (
        ("top", ("left-corner", "left", "center", "right", "right-corner")),
        ("bottom", ("left-corner", "left", "center", "right", "right-corner")),
        ("left", ("top", "middle", "bottom")),
        ("right", ("top", "middle", "bottom")),
    )
    for place in places
)
_AREAS = _MARGIN_BOXES | {"footnote", "note-area"}
_NAMED_MARGIN_BOX = re.compile(r"@((?:top|bottom|left|right)-[a-z-]+)")


def page_areas(*texts: str) -> frozenset[str] | None:
    """The page areas the rules of which `texts` (stylesheets, a document) may need:
    the margin boxes they name, the note area if anything runs into the page's areas;
    None (every area) if a stylesheet imports another, which this cannot read. CSS
    names its at-rules and functions in any case: `@Top-Left` is `@top-left`."""
    lowered = [text.lower() for text in texts]
    if any("@import" in text for text in lowered):
        return None
    named = {name for text in lowered for name in _NAMED_MARGIN_BOX.findall(text)}
    areas = named & _MARGIN_BOXES
    if any("running(" in text for text in lowered):
        areas.add("note-area")
    return frozenset(areas)


@lru_cache(maxsize=16)
def _lean_user_agent(areas: frozenset[str] | None = None) -> tuple[Any, Any]:
    """WeasyPrint's user-agent stylesheet object, and the lean one to use in its place:
    with the rules of `areas` alone of the page's areas (None: all of them)."""
    from weasyprint import CSS
    from weasyprint.html import UA, UA_COUNTER_STYLE, UA_STYLESHEET

    def scoped(match: re.Match[str]) -> str:
        if match["name"] == "marker":
            rule = match[0].removeprefix("::marker")
            return ", ".join(f"{tag}::marker" for tag in _LIST_ITEMS) + rule
        return ""

    def area(match: re.Match[str]) -> str:
        name = match["name"]
        if areas is None or name not in _AREAS or name in areas:
            return match[0]
        return ""

    text = _AREA_RULE.sub(area, _BARE_PSEUDO_RULE.sub(scoped, UA))
    return UA_STYLESHEET, CSS(string=text, counter_style=UA_COUNTER_STYLE)


def print_html(
    *,
    string: str,
    notes: bool,
    xml: bool = False,
    areas: frozenset[str] | None = None,
    **kwargs: Any,
) -> Any:
    """A `weasyprint.HTML` for our print documents.

    `notes` keeps the footnote and note rules; `xml` says the markup is the
    packaged templates' own, which `xml` may parse in place of WeasyPrint;
    `areas` are the page areas whose rules it keeps (`page_areas`; None: all).
    """
    tree = parse(string) if xml else None
    return _print_class()(string=string, notes=notes, tree=tree, areas=areas, **kwargs)


@cache
def _print_class() -> type:
    import cssselect2
    from weasyprint import HTML

    class PrintHTML(HTML):  # type: ignore[misc]
        def __init__(
            self,
            *,
            string: str,
            notes: bool,
            tree: Element | None,
            areas: frozenset[str] | None,
            **kwargs: Any,
        ):
            self.notes = notes
            self.areas = areas
            if tree is None:
                super().__init__(string=string, **kwargs)
                return
            # the fetcher, base URL and media type set as for any document, then the tree
            super().__init__(string="<html></html>", **kwargs)
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                tree, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        # a private method of WeasyPrint's: where it is gone, documents get the full rules
        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> list[Any]:
            sheets = super()._ua_stylesheets(*args, **kwargs)
            if self.notes:
                return sheets
            full, lean = _lean_user_agent(self.areas)
            return [lean if sheet is full else sheet for sheet in sheets]

    return PrintHTML
