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

from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

_COPIED = ("/S", "/Alt", "/ActualText", "/E", "/Lang", "/T")


class Graft:
    """The structure tree of a tagged `writer`, and the next key of its parent tree."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        root = writer.root_object.get("/StructTreeRoot")
        self.root: Any = root.get_object() if root is not None else None
        self.nums: Any = None
        self.next_key = 0
        if self.root is not None:
            tree: Any = self.root["/ParentTree"].get_object()
            nums = tree.get("/Nums")
            if nums is None:  # a tree of kids: not what WeasyPrint writes; leave it whole
                self.root = None
                return
            self.nums = nums.get_object()
            keys = [int(key) for key in self.nums[::2]]
            self.next_key = max(keys, default=-1) + 1

    @property
    def tagged(self) -> bool:
        return self.root is not None

    def page(
        self,
        reader: PdfReader,
        index: int,
        form: IndirectObject,
        target: IndirectObject,
        parent: IndirectObject,
        prefix: str,
    ) -> None:
        """Copy the elements of `reader`'s page `index`, now drawn by `form` on `target`,
        under the element `parent`; `prefix` keeps their ids apart from other parts'."""
        if self.nums is None:
            return
        source_root: Any = reader.trailer["/Root"].get("/StructTreeRoot")  # type: ignore[attr-defined]
        page: Any = reader.pages[index]
        if source_root is None or "/StructParents" not in page:
            return
        key = int(page["/StructParents"])
        by_mcid = _parent_tree_entry(source_root.get_object()["/ParentTree"].get_object(), key)
        page_ref = page.indirect_reference
        copied: dict[tuple[int, int], IndirectObject] = {}
        kids: Any = parent.get_object()["/K"]  # type: ignore[index]
        for top in _kids(source_root.get_object()["/K"]):
            document = top.get_object()
            for element in _kids(document.get("/K")):
                if _on_page(element, page_ref):
                    kids.append(self._copy(element, parent, form, target, prefix, copied))
        entry = ArrayObject(
            [copied.get(_ident(ref), _NULL) if ref is not None else _NULL for ref in by_mcid]
        )
        drawn: Any = form.get_object()
        drawn[NameObject("/StructParents")] = NumberObject(self.next_key)
        self.nums.extend([NumberObject(self.next_key), self.writer._add_object(entry)])
        self.next_key += 1
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)

    def _copy(
        self,
        ref: Any,
        parent: IndirectObject,
        form: IndirectObject,
        target: IndirectObject,
        prefix: str,
        copied: dict[tuple[int, int], IndirectObject],
    ) -> IndirectObject:
        source: Any = ref.get_object()
        element = DictionaryObject({NameObject("/Type"): NameObject("/StructElem")})
        new = self.writer._add_object(element)
        copied[_ident(ref)] = new
        for name in _COPIED:
            if name in source:
                element[NameObject(name)] = _plain(source[name])
        element[NameObject("/P")] = parent
        element[NameObject("/Pg")] = target
        if "/ID" in source:
            element[NameObject("/ID")] = TextStringObject(prefix + str(source["/ID"]))
        if "/A" in source:
            element[NameObject("/A")] = _attributes(source["/A"].get_object(), prefix)
        kids = ArrayObject()
        for kid in _kids(source.get("/K")):
            value: Any = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(value, int):  # a marked-content id: now in the form's stream
                kids.append(_mcr(int(value), form, target))
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/StructElem":
                kids.append(self._copy(kid, new, form, target, prefix, copied))
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/MCR":
                kids.append(_mcr(int(value["/MCID"]), form, target))  # type: ignore[call-overload]
            # an /OBJR (a link's annotation) stays behind with the annotation
        element[NameObject("/K")] = kids
        return new


_NULL = NullObject()  # an id whose element is in no tree (a page margin's)


def _mcr(mcid: int, form: IndirectObject, target: IndirectObject) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/MCR"),
            NameObject("/MCID"): NumberObject(mcid),
            NameObject("/Pg"): target,
            NameObject("/Stm"): form,
        }
    )


def _attributes(value: Any, prefix: str) -> Any:
    """A table cell's attributes: its headers' ids take the part's prefix, as the ids do."""
    if isinstance(value, ArrayObject):
        return ArrayObject([_attributes(item.get_object(), prefix) for item in value])
    if not isinstance(value, DictionaryObject):
        return _plain(value)
    out = DictionaryObject()
    for name, item in value.items():
        item = item.get_object()
        if name == "/Headers" and isinstance(item, ArrayObject):
            out[NameObject(name)] = ArrayObject(
                [TextStringObject(prefix + str(header)) for header in item]
            )
        else:
            out[NameObject(name)] = _plain(item)
    return out


def _plain(value: Any) -> Any:
    """A direct value (name, number, string, array of those) copied for the writer."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):
        return ArrayObject([_plain(item) for item in value])
    return value


def _kids(k: Any) -> list[Any]:
    if k is None:
        return []
    value = k.get_object() if isinstance(k, IndirectObject) else k
    return list(value) if isinstance(value, ArrayObject) else [k]


def _on_page(ref: Any, page_ref: Any) -> bool:
    pg = ref.get_object().raw_get("/Pg") if "/Pg" in ref.get_object() else None
    return pg is not None and page_ref is not None and _ident(pg) == _ident(page_ref)


def _ident(ref: Any) -> tuple[int, int]:
    return (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else (id(ref), -1)


def _parent_tree_entry(tree: DictionaryObject, key: int) -> list[Any]:
    """The elements of a page's marked-content ids, by id, from a flat parent tree."""
    nums = tree.get("/Nums")
    if nums is None:
        return []
    nums = nums.get_object()
    for at in range(0, len(nums), 2):
        if int(nums[at]) == key:
            value = nums[at + 1].get_object()
            return list(value) if isinstance(value, ArrayObject) else [nums[at + 1]]
    return []
