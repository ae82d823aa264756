"""Where a PDF page puts ink: the boxes of everything it paints, read from its content.

A poster tiled onto office paper should not waste sheets on its empty parts. The
finished page is the one place that knows what is printed where, so its content
stream is read here, once, without rendering: paths that are filled or stroked,
text, images and shadings each give a box in the page's coordinates, cut to the
clip in force. White paint and invisible text are no ink.

Every estimate errs on the large side (a curve's box is its control points', a
glyph is as wide as the font says and as tall as its ascent and descent), so
ink is never missed, at worst found a fraction of a millimetre too far.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, y upwards
Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 12  # form XObjects drawn inside form XObjects

_SPACE = re.compile(rb"\s*")
_TOKEN = re.compile(
    rb"(?:"
    rb"(%[^\r\n]*)"  # 1 comment
    rb"|(/[^\s/\[\]()<>{}%]*)"  # 2 name
    rb"|([-+]?(?:\d+\.?\d*|\.\d+))"  # 3 number
    rb"|(<<|>>|\[|\])"  # 4 dictionary or array
    rb"|<([0-9A-Fa-f\s]*)>"  # 5 hex string
    rb"|\(((?:[^()\\]|\\.|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))*)\)"  # 6 string
    rb"|([^\s/\[\]()<>{}%]+)"  # 7 operator, true, false, null
    rb")",
    re.DOTALL,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.DOTALL)
_IMAGE_END = re.compile(rb"\sEI(?=\s|$)")
_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
_SHOW = {b"Tj", b"TJ", b"'", b'"'}


def ink(page: PageObject) -> list[Box]:
    """The boxes of what `page` paints, in its default user space (points, y up)."""
    box = tuple(float(v) for v in page.mediabox)
    state = _State(clip=(box[0], box[1], box[2], box[3]))
    found: list[Box] = []
    contents = page.get_contents()
    if contents is not None:
        _run(contents.get_data(), _resources(page.get("/Resources")), state, found, 0)
    return found


@dataclass
class _Text:
    font: _Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0


@dataclass
class _State:
    clip: Box
    ctm: Matrix = IDENTITY
    fill_colour: bool = True  # a colour other than paper white
    stroke_colour: bool = True
    fill_alpha: bool = True  # not wholly transparent
    stroke_alpha: bool = True
    fill_space: str = "/DeviceGray"
    stroke_space: str = "/DeviceGray"
    line_width: float = 1.0
    text: _Text = field(default_factory=_Text)

    @property
    def fills(self) -> bool:
        return self.fill_colour and self.fill_alpha

    @property
    def strokes(self) -> bool:
        return self.stroke_colour and self.stroke_alpha


def _run(
    data: bytes, resources: DictionaryObject, state: _State, found: list[Box], depth: int
) -> None:
    """Interpret one content stream, adding the box of each painted thing to `found`."""
    stack: list[_State] = []
    operands: list[Any] = []
    nested: list[list[Any]] = []
    path: list[tuple[float, float]] = []
    clip_next = False
    tm = tlm = IDENTITY
    fonts: dict[str, _Font | None] = {}
    for token in _tokens(data):
        if not isinstance(token, _Operator):
            if token is _OPEN:
                nested.append(operands)
                operands = []
            elif token is _CLOSE:
                if nested:
                    inner, operands = operands, nested.pop()
                    operands.append(inner)
            else:
                operands.append(token)
            continue
        op = token.name
        args, operands = operands, []
        if op == b"q":
            stack.append(replace(state, text=replace(state.text)))
        elif op == b"Q":
            if stack:
                state = stack.pop()
        elif op == b"cm" and len(args) == 6:
            state.ctm = _multiply(_matrix(args), state.ctm)
        elif op in (b"m", b"l", b"c", b"v", b"y"):
            points = [float(v) for v in args if isinstance(v, float)]
            pairs = zip(points[::2], points[1::2], strict=False)
            path.extend(_apply(state.ctm, x, y) for x, y in pairs)
        elif op == b"re" and len(args) == 4:
            x, y, w, h = (_number(v) for v in args)
            path.extend(_apply(state.ctm, px, py) for px in (x, x + w) for py in (y, y + h))
        elif op in (b"W", b"W*"):
            clip_next = True
        elif op in _FILL or op in _STROKE or op == b"n":
            if path:
                bounds = _bounds(path)
                painted = (op in _FILL and state.fills) or (op in _STROKE and state.strokes)
                if painted:
                    grow = state.line_width * _scale(state.ctm) / 2 if op in _STROKE else 0.0
                    _add(found, _grow(bounds, grow), state.clip)
                if clip_next:
                    state.clip = _intersect(state.clip, bounds)
            path = []
            clip_next = False
        elif op == b"w" and args:
            state.line_width = _number(args[0])
        elif op in (b"g", b"rg", b"k"):
            state.fill_colour = not _white(op, args)
        elif op in (b"G", b"RG", b"K"):
            state.stroke_colour = not _white(op.lower(), args)
        elif op == b"cs" and args:
            state.fill_space, state.fill_colour = _name(args[0]), True
        elif op == b"CS" and args:
            state.stroke_space, state.stroke_colour = _name(args[0]), True
        elif op in (b"sc", b"scn"):
            state.fill_colour = not _white(_SPACES.get(state.fill_space, b""), args)
        elif op in (b"SC", b"SCN"):
            state.stroke_colour = not _white(_SPACES.get(state.stroke_space, b""), args)
        elif op == b"gs" and args:
            settings = _lookup(resources, "/ExtGState", args[0])
            if settings is not None:
                if "/ca" in settings:
                    state.fill_alpha = float(settings["/ca"]) > 0
                if "/CA" in settings:
                    state.stroke_alpha = float(settings["/CA"]) > 0
                if "/LW" in settings:
                    state.line_width = float(settings["/LW"])
        elif op == b"BT":
            tm = tlm = IDENTITY
        elif op == b"Tf" and len(args) == 2:
            key = _name(args[0])
            if key not in fonts:
                fonts[key] = _Font.of(_lookup(resources, "/Font", args[0]))
            state.text.font, state.text.size = fonts[key], _number(args[1])
        elif op == b"Tm" and len(args) == 6:
            tm = tlm = _matrix(args)
        elif op in (b"Td", b"TD") and len(args) == 2:
            if op == b"TD":
                state.text.leading = -_number(args[1])
            tm = tlm = _multiply(_translation(_number(args[0]), _number(args[1])), tlm)
        elif op == b"T*":
            tm = tlm = _multiply(_translation(0, -state.text.leading), tlm)
        elif op == b"Tc" and args:
            state.text.char_spacing = _number(args[0])
        elif op == b"Tw" and args:
            state.text.word_spacing = _number(args[0])
        elif op == b"Tz" and args:
            state.text.scale = _number(args[0]) / 100
        elif op == b"TL" and args:
            state.text.leading = _number(args[0])
        elif op == b"Ts" and args:
            state.text.rise = _number(args[0])
        elif op == b"Tr" and args:
            state.text.mode = int(_number(args[0]))
        elif op in _SHOW and args:
            if op in (b"'", b'"'):
                tlm = _multiply(_translation(0, -state.text.leading), tlm)
                tm = tlm
                if op == b'"' and len(args) == 3:
                    state.text.word_spacing = _number(args[0])
                    state.text.char_spacing = _number(args[1])
            tm = _show(args[-1], tm, state, found)
        elif op == b"Do" and args:
            _draw(_lookup(resources, "/XObject", args[0]), resources, state, found, depth)
        elif op == b"sh":
            _add(found, state.clip, state.clip)  # a shading fills the clip
        elif op == b"EI":
            _add(found, _unit_square(state.ctm), state.clip)  # an inline image


def _show(shown: Any, tm: Matrix, state: _State, found: list[Box]) -> Matrix:
    """The box of a run of text; returns the text matrix moved past it."""
    text = state.text
    font = text.font or _Font()
    x = low = high = 0.0  # along the line, before the horizontal scaling
    for item in shown if isinstance(shown, list) else [shown]:
        if isinstance(item, float):
            x -= item / 1000 * text.size
        elif isinstance(item, bytes):
            for code in font.codes(item):
                x += font.width(code) * text.size + text.char_spacing
                if code == 32 and not font.wide:
                    x += text.word_spacing
        low, high = min(low, x), max(high, x)
    fills = text.mode in (0, 2, 4, 6) and state.fills
    strokes = text.mode in (1, 2, 5, 6) and state.strokes
    if fills or strokes:
        bottom = text.rise + font.descent * text.size
        top = text.rise + font.ascent * text.size
        corners = [
            _apply(_multiply(tm, state.ctm), px * text.scale, py)
            for px in (low, high)
            for py in (bottom, top)
        ]
        _add(found, _bounds(corners), state.clip)
    return _multiply(_translation(x * text.scale, 0), tm)


def _draw(
    xobject: Any, resources: DictionaryObject, state: _State, found: list[Box], depth: int
) -> None:
    """An image paints its unit square; a form is run with its own matrix, box and resources."""
    if xobject is None:
        return
    subtype = xobject.get("/Subtype")
    if subtype == "/Image":
        masked = bool(xobject.get("/ImageMask", False))
        if state.fills or not masked:
            _add(found, _unit_square(state.ctm), state.clip)
    elif subtype == "/Form" and depth < MAX_DEPTH:
        ctm = state.ctm
        if "/Matrix" in xobject:
            ctm = _multiply(_matrix(xobject["/Matrix"]), ctm)
        inner = replace(state, ctm=ctm, text=replace(state.text))
        if "/BBox" in xobject:
            x0, y0, x1, y1 = (float(v) for v in xobject["/BBox"])
            box = _bounds([_apply(ctm, x, y) for x in (x0, x1) for y in (y0, y1)])
            inner.clip = _intersect(inner.clip, box)
        own = _resources(xobject.get("/Resources")) if "/Resources" in xobject else resources
        _run(xobject.get_data(), own, inner, found, depth + 1)


@dataclass
class _Font:
    """What a font needs for the width and height of its text, in text space units."""

    wide: bool = False  # two bytes a code (Identity-H)
    widths: dict[int, float] = field(default_factory=dict)
    default: float = 1.0  # a code with no width: one em, more than most glyphs
    ascent: float = 1.0
    descent: float = -0.3

    @classmethod
    def of(cls, font: Any) -> _Font | None:
        if font is None:
            return None
        scale = 0.001
        if font.get("/Subtype") == "/Type3" and "/FontMatrix" in font:
            scale = abs(float(font["/FontMatrix"][0])) or scale
        described = font
        made = cls()
        if font.get("/Subtype") == "/Type0":
            made.wide = str(font.get("/Encoding", "")) in ("/Identity-H", "/Identity-V")
            descendants = font.get("/DescendantFonts")
            if not descendants:
                return made
            described = descendants[0].get_object()
            made.default = float(described.get("/DW", 1000)) * scale
            made.widths = dict(_cid_widths(described.get("/W", []), scale))
            if not made.wide:
                made.default = max([made.default, *made.widths.values()])
                made.widths = {}
        else:
            first = int(font.get("/FirstChar", 0))
            widths = font.get("/Widths", [])
            made.widths = {first + n: float(w) * scale for n, w in enumerate(widths)}
        descriptor = described.get("/FontDescriptor")
        if descriptor is not None:
            descriptor = descriptor.get_object()
            if "/MissingWidth" in descriptor:
                made.default = float(descriptor["/MissingWidth"]) * scale or made.default
            if descriptor.get("/Ascent"):
                made.ascent = max(float(descriptor["/Ascent"]) * scale, 0.5)
            if descriptor.get("/Descent"):
                made.descent = min(float(descriptor["/Descent"]) * scale, 0.0)
        return made

    def codes(self, data: bytes) -> Iterator[int]:
        if self.wide:
            for n in range(0, len(data) - 1, 2):
                yield data[n] << 8 | data[n + 1]
        else:
            yield from data

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default)


def _cid_widths(array: Any, scale: float) -> Iterator[tuple[int, float]]:
    """A CIDFont's /W: `c [w1 w2 ...]` and `first last w`."""
    items = list(array)
    n = 0
    while n + 1 < len(items):
        first, second = items[n], items[n + 1]
        if isinstance(second, list):
            for k, w in enumerate(second):
                yield int(first) + k, float(w) * scale
            n += 2
        elif n + 2 < len(items):
            for code in range(int(first), int(second) + 1):
                yield code, float(items[n + 2]) * scale
            n += 3
        else:
            break


class _Operator:
    __slots__ = ("name",)

    def __init__(self, name: bytes) -> None:
        self.name = name


_OPEN = object()
_CLOSE = object()
_SPACES = {"/DeviceGray": b"g", "/DeviceRGB": b"rg", "/DeviceCMYK": b"k"}


def _tokens(data: bytes) -> Iterator[Any]:
    """Operands (floats; names as str, strings as bytes; _OPEN, _CLOSE) and operators."""
    position, end = 0, len(data)
    while True:
        position = _SPACE.match(data, position).end()  # type: ignore[union-attr]
        if position >= end:
            return
        match = _TOKEN.match(data, position)
        if match is None:
            position += 1  # a byte no token starts with: skip it
            continue
        position = match.end()
        kind = match.lastindex
        value = match.group(kind or 0)
        if kind == 1:
            continue
        if kind == 2:
            yield value.decode("latin-1")
        elif kind == 3:
            yield float(value)
        elif kind == 4:
            yield _OPEN if value in (b"[", b"<<") else _CLOSE
        elif kind == 5:
            digits = re.sub(rb"\s", b"", value)
            yield bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())
        elif kind == 6:
            yield _ESCAPE.sub(_unescape, value)
        elif value in (b"true", b"false", b"null"):
            yield None
        else:
            yield _Operator(value)
            if value == b"ID":  # an inline image's data, up to EI
                stop = _IMAGE_END.search(data, position)
                position = stop.start() if stop else end


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8) & 0xFF])
    if code in (b"\r\n", b"\n", b"\r"):
        return b""
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)


def _resources(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _lookup(resources: DictionaryObject, kind: str, name: Any) -> Any:
    if not isinstance(name, str):
        return None
    table = resources.get(kind)
    if table is None:
        return None
    entry = table.get_object().get(name)
    return entry.get_object() if entry is not None else None


def _name(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float:
    return value if isinstance(value, float) else 0.0


def _white(space: bytes, args: list[Any]) -> bool:
    """Whether a colour set with `g`, `rg` or `k` (or in that device space) is paper white."""
    values = [v for v in args if isinstance(v, float)]
    if len(values) != len(args) or not values:
        return False  # a pattern or an unknown space: ink
    if space == b"k":
        return len(values) == 4 and all(v <= 0.0 for v in values)
    if space in (b"g", b"rg"):
        return len(values) == (1 if space == b"g" else 3) and all(v >= 1.0 for v in values)
    return False


def _matrix(args: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in args)
    return (a, b, c, d, e, f)


def _translation(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _scale(m: Matrix) -> float:
    return max(abs(m[0]) + abs(m[2]), abs(m[1]) + abs(m[3]))


def _unit_square(m: Matrix) -> Box:
    return _bounds([_apply(m, x, y) for x in (0.0, 1.0) for y in (0.0, 1.0)])


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _add(found: list[Box], box: Box, clip: Box) -> None:
    cut = _intersect(box, clip)
    if cut[0] <= cut[2] and cut[1] <= cut[3]:
        found.append(cut)
