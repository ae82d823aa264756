"""Our print documents parsed by expat, into the tree WeasyPrint's HTML parser would build.

WeasyPrint parses HTML with tinyhtml5, written in Python: 25 ms for a
poster, 14 ms for a blank map, about 7% of laying each out. The packaged
print templates write markup that is also well-formed XML once its void
elements are closed (the words in it are escaped by Jinja or by
markdown-it), and expat, in C, reads it in about a millisecond. Where the
HTML parser's tree differs for such markup (whitespace outside the body,
the `xmlns` it keeps on an inline `<svg>`, a tab or line break inside an
attribute's value), the tree is brought to it, and a test holds the two
trees equal for every kind of document.

Anything expat refuses (a named entity, a control character, a carriage
return) is left to WeasyPrint's parser: `parse` then returns None. A user's
own print templates never come here (`Printer.xml`).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError, XMLParser

_DOCTYPE = re.compile(r"\A\s*<!doctype html>", re.IGNORECASE)
# the void elements our templates and markdown-it write, not yet closed
_VOID = re.compile(r"<(br|col|hr|img|meta|wbr)\b([^<>]*?)(?<!/)>")
# a tab or line break in an attribute's value, which XML, unlike HTML, turns into a space
_BREAK_IN_VALUE = re.compile(r'="[^"<>]*[\t\n][^"<>]*"')
_VALUE = re.compile(r'="[^"<>]*"')
_AS_REFERENCES = str.maketrans({"\t": "&#9;", "\n": "&#10;"})
_SVG = "{http://www.w3.org/2000/svg}svg"
_XMLNS = "{http://www.w3.org/2000/xmlns/}xmlns"


def parse(markup: str) -> Element | None:
    """The document's tree as `tinyhtml5.parse(markup, namespace_html_elements=False)`
    makes it, or None where the markup is not well-formed XML."""
    if "\r" in markup:  # the two parsers end lines differently in attribute values
        return None
    text = _VOID.sub(r"<\1\2/>", _DOCTYPE.sub("", markup, count=1))
    if _BREAK_IN_VALUE.search(text):
        text = _VALUE.sub(lambda value: value[0].translate(_AS_REFERENCES), text)
    parser = XMLParser()
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError:
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"]:
        return None
    after_html = text[text.rfind("</html>") + len("</html>") :]
    _as_the_html_parser_builds_it(root, after_html)
    return root


def _as_the_html_parser_builds_it(root: Element, after_html: str) -> None:
    body = root[1]
    # whitespace before <head> is dropped; between </head> and <body> it stays;
    # after </body>, and after </html>, it moves into the body after its last child
    root.text = None
    trailing = (body.tail or "") + after_html
    body.tail = None
    if trailing:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + trailing
        else:
            body.text = (body.text or "") + trailing
    for svg in body.iter(_SVG):
        svg.attrib = {_XMLNS: "http://www.w3.org/2000/svg", **svg.attrib}
