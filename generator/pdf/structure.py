"""A tagged PDF's structure carried over with its pages when they are drawn into another.

The book draws each poster page onto a page of its own skeleton as a form XObject
(pdf/book.py). The poster's marked content travels with the form's content stream,
but its structure tree (the tables' TH and TD, headings, figures and their
alternative text) stays in the poster's file. `Graft` copies the elements of one
poster page into the book's tree: an element keeps its type, attributes and
alternative text; a marked-content id of the page becomes a reference to the same
id in the form (`/MCR` with `/Stm`, PDF 1.7 section 14.7.4.3), and the form gets an
entry in the parent tree, so that a reader finds each piece of text's element.

What cannot come along is left out rather than pointed at the wrong thing: a link
element keeps its text but not its annotation (the form copies the page's content,
not its annotations).
"""

from __future__ import annotations

import copy
from typing import Any

from pikepdf import Array, Dictionary, Name, Object, Page, Pdf, String

_COPIED = ("/S", "/Alt", "/ActualText", "/E", "/Lang", "/T")


class Graft:
    """The structure tree of a tagged `pdf`, and the next key of its parent tree."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        self.root: Object | None = pdf.Root.get("/StructTreeRoot")
        self.nums: Object | None = None
        self.next_key = 0
        if self.root is not None:
            nums = self.root.ParentTree.get("/Nums")
            if nums is None:  # a tree of kids: not what WeasyPrint writes; leave it whole
                self.root = None
                return
            self.nums = nums
            self.next_key = max((int(key) for key in list(nums)[::2]), default=-1) + 1

    @property
    def tagged(self) -> bool:
        return self.root is not None

    def page(
        self,
        source: Pdf,
        index: int,
        form: Object,
        target: Page,
        parent: Object,
        prefix: str,
    ) -> None:
        """Copy the elements of `source`'s page `index`, now drawn by `form` on `target`,
        under the element `parent`; `prefix` keeps their ids apart from other parts'."""
        if self.root is None or self.nums is None:
            return
        source_root = source.Root.get("/StructTreeRoot")
        page = source.pages[index].obj
        if source_root is None or "/StructParents" not in page:
            return
        by_mcid = _parent_tree_entry(source_root.ParentTree, int(page.StructParents))
        copied: dict[tuple[int, int], Object] = {}
        kids = parent.K
        for top in kids_of(source_root.get("/K")):
            for element in kids_of(top.get("/K")):
                if _on_page(element, page.objgen):
                    kids.append(self._copy(element, parent, form, target.obj, prefix, copied))
        # null for an id whose element is in no tree (a page margin's)
        entry = Array(
            [copied.get(ref.objgen) if isinstance(ref, Dictionary) else None for ref in by_mcid]
        )
        form.StructParents = self.next_key
        self.nums.append(self.next_key)
        self.nums.append(self.pdf.make_indirect(entry))
        self.next_key += 1
        self.root.ParentTreeNextKey = self.next_key

    def _copy(
        self,
        source: Object,
        parent: Object,
        form: Object,
        target: Object,
        prefix: str,
        copied: dict[tuple[int, int], Object],
    ) -> Object:
        # read in one call and made in one: a poster has a thousand elements, and each call
        # into pikepdf costs about as much as the Python around it
        fields = source.as_dict()
        values = {name: _plain(fields[name]) for name in _COPIED if name in fields}
        if "/ID" in fields:
            values["/ID"] = String(prefix + str(fields["/ID"]))
        if "/A" in fields:
            values["/A"] = _attributes(fields["/A"], prefix)
        values |= {"/Type": Name.StructElem, "/P": parent, "/Pg": target}
        element = self.pdf.make_indirect(Dictionary(values))
        if source.is_indirect:  # the parent tree points at it by reference
            copied[source.objgen] = element
        kids: list[Object] = []
        for kid in kids_of(fields.get("/K")):
            if isinstance(kid, int):  # a marked-content id: now in the form's stream
                kids.append(_mcr(kid, form, target))
            elif isinstance(kid, Dictionary):
                kind = kid.get("/Type")
                if kind == "/StructElem":
                    kids.append(self._copy(kid, element, form, target, prefix, copied))
                elif kind == "/MCR":
                    kids.append(_mcr(int(kid.MCID), form, target))
                # an /OBJR (a link's annotation) stays behind with the annotation
        element.K = Array(kids)
        return element


def _mcr(mcid: int, form: Object, target: Object) -> Dictionary:
    return Dictionary(Type=Name.MCR, MCID=mcid, Pg=target, Stm=form)


def _attributes(value: Any, prefix: str) -> Any:
    """A table cell's attributes: its headers' ids take the part's prefix, as the ids do."""
    if isinstance(value, Array):
        return Array([_attributes(item, prefix) for item in value])
    if not isinstance(value, Dictionary):
        return _plain(value)
    out = Dictionary()
    for name, item in value.items():
        if name == "/Headers" and isinstance(item, Array):
            out[name] = Array([String(prefix + str(header)) for header in item])
        else:
            out[name] = _plain(item)
    return out


def _plain(value: Any) -> Any:
    """A value of the poster's (name, number, string, array of those) made direct: the
    book can hold no reference into another file."""
    if isinstance(value, Array):
        return Array([_plain(item) for item in value])
    return copy.copy(value) if isinstance(value, Object) and value.is_indirect else value


def kids_of(k: Any) -> list[Any]:
    """An element's /K as a list: none, one kid, or an array of them."""
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _on_page(element: Any, page: tuple[int, int]) -> bool:
    pg = element.get("/Pg") if isinstance(element, Dictionary) else None
    return pg is not None and pg.objgen == page


def _parent_tree_entry(tree: Object, key: int) -> list[Any]:
    """The elements of a page's marked-content ids, by id, from a flat parent tree."""
    nums = tree.get("/Nums")
    if nums is None:
        return []
    for at in range(0, len(nums), 2):
        if int(nums[at]) == key:
            value = nums[at + 1]
            return list(value) if isinstance(value, Array) else [value]
    return []
