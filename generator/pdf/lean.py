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
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element

from generator.pdf.xml import parse

# a rule on its own line whose selector is a bare pseudo-element: `::marker {...}`
_BARE_PSEUDO_RULE = re.compile(r"^::(?P<name>[a-z-]+)\s*\{[^}]*\}", re.MULTILINE)
_LIST_ITEMS = ("li", "summary")
# what a document needs WeasyPrint's footnote and note rules for
NOTES = re.compile(r"footnote|note\(")


@cache
def _lean_user_agent() -> tuple[Any, Any]:
    """WeasyPrint's user-agent stylesheet object, and the lean one to use in its place."""
    from weasyprint import CSS
    from weasyprint.html import UA, UA_COUNTER_STYLE, UA_STYLESHEET

    def scoped(match: re.Match[str]) -> str:
        if match["name"] == "marker":
            rule = match[0].removeprefix("::marker")
            return ", ".join(f"{tag}::marker" for tag in _LIST_ITEMS) + rule
        return ""

    lean = CSS(string=_BARE_PSEUDO_RULE.sub(scoped, UA), counter_style=UA_COUNTER_STYLE)
    return UA_STYLESHEET, lean


def print_html(*, string: str, notes: bool, xml: bool = False, **kwargs: Any) -> Any:
    """A `weasyprint.HTML` for our print documents.

    `notes` keeps the footnote and note rules; `xml` says the markup is the
    packaged templates' own, which `xml` may parse in place of WeasyPrint.
    """
    tree = parse(string) if xml else None
    return _print_class()(string=string, notes=notes, tree=tree, **kwargs)


@cache
def _print_class() -> type:
    import cssselect2
    from weasyprint import HTML

    class PrintHTML(HTML):  # type: ignore[misc]
        def __init__(self, *, string: str, notes: bool, tree: Element | None, **kwargs: Any):
            self.notes = notes
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
            full, lean = _lean_user_agent()
            return [lean if sheet is full else sheet for sheet in sheets]

    return PrintHTML
