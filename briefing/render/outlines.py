"""Glyph outlines as PDF path operators: marks drawn as shapes, so that no text extractor reads them.

A watermark drawn as text mixes its characters into copy-paste and search (pdfminer, and so pdfplumber,
reads every glyph, artifact or not). Drawn as the glyphs' own outlines it looks the same and is no text.
Only TrueType outlines are read (the fonts are TTF/TTC; CFF is refused when a font is loaded).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator

from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.render.reportlab_private import face_glyph_offsets, face_table_offset

# A composite glyph names other glyphs; fonts nest them two or three deep. Deeper is a loop or a hostile file,
# and so are more components in all than any real glyph has (each level could otherwise multiply them).
_MAX_DEPTH = 8
_MAX_COMPONENTS = 1000
_ON_CURVE = 0x01
_X_SHORT = 0x02
_Y_SHORT = 0x04
_REPEAT = 0x08
_X_SAME = 0x10
_Y_SAME = 0x20
_ARGS_ARE_WORDS = 0x0001
_MORE_COMPONENTS = 0x0020
_HAVE_SCALE = 0x0008
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080

Point = tuple[float, float, bool]  # x, y, on the curve
Contour = list[Point]


class OutlineError(ValueError):
    """The font's glyph data cannot be read as TrueType outlines."""


SpanReader = Callable[[int, int], bytes]
"""Bytes `start` to `end` of a face's font file (fewer at its end): a face keeps no copy of its file, and
reading a 3 MB file for the one glyph a page-number dash needs was most of that mark's cost."""


def glyph_contours(
    face: TTFontFace, data: bytes | SpanReader, glyph: int, depth: int = 0, budget: list[int] | None = None
) -> list[Contour]:
    """The contours of one glyph in font units, read from the face's font file (its bytes, or a reader of
    spans of it); composite glyphs resolved. Raises OutlineError."""
    if depth > _MAX_DEPTH:
        raise OutlineError("composite glyphs nested too deep")
    budget = [_MAX_COMPONENTS] if budget is None else budget
    read = data if callable(data) else _span_reader(data)
    offsets = face_glyph_offsets(face)
    if not 0 <= glyph < len(offsets) - 1:
        raise OutlineError(f"no glyph {glyph}")
    start = face_table_offset(face, "glyf") + offsets[glyph]
    end = face_table_offset(face, "glyf") + offsets[glyph + 1]
    if end <= start:
        return []  # an empty glyph (a space)
    record = read(start, end)
    if len(record) < end - start:
        raise OutlineError("glyph data past the end of the file")
    try:
        (count,) = struct.unpack_from(">h", record, 0)
        if count >= 0:
            return _simple(record, 10, len(record), count)
        return _composite(face, read, record, 10, len(record), depth, budget)
    except (struct.error, IndexError) as exc:
        raise OutlineError(str(exc)) from None


def _span_reader(data: bytes) -> SpanReader:
    return lambda start, end: data[start:end]


def _simple(data: bytes, at: int, end: int, count: int) -> list[Contour]:
    ends = struct.unpack_from(f">{count}H", data, at)
    at += 2 * count
    points = ends[-1] + 1 if ends else 0
    (instructions,) = struct.unpack_from(">H", data, at)
    at += 2 + instructions
    flags: list[int] = []
    while len(flags) < points:
        if at >= end:
            raise OutlineError("glyph flags run past the glyph")
        flag = data[at]
        at += 1
        repeat = 0
        if flag & _REPEAT:
            repeat = data[at]
            at += 1
        flags.extend([flag] * (repeat + 1))
    flags = flags[:points]
    xs, at = _coordinates(data, at, flags, _X_SHORT, _X_SAME)
    ys, at = _coordinates(data, at, flags, _Y_SHORT, _Y_SAME)
    if at > end:
        raise OutlineError("glyph coordinates run past the glyph")
    contours: list[Contour] = []
    first = 0
    for last in ends:
        if last < first or last >= points:
            raise OutlineError("contour ends out of order")
        contours.append([(xs[i], ys[i], bool(flags[i] & _ON_CURVE)) for i in range(first, last + 1)])
        first = last + 1
    return contours


def _coordinates(data: bytes, at: int, flags: list[int], short: int, same: int) -> tuple[list[float], int]:
    values: list[float] = []
    value = 0
    for flag in flags:
        if flag & short:
            delta = data[at]
            at += 1
            value += delta if flag & same else -delta
        elif not flag & same:
            (delta,) = struct.unpack_from(">h", data, at)
            at += 2
            value += delta
        values.append(value)
    return values, at


def _composite(
    face: TTFontFace, read: SpanReader, data: bytes, at: int, end: int, depth: int, budget: list[int]
) -> list[Contour]:
    contours: list[Contour] = []
    more = True
    while more:
        budget[0] -= 1
        if budget[0] < 0:
            raise OutlineError("more glyph components than any real glyph has")
        if at + 4 > end:
            raise OutlineError("composite glyph runs past the glyph")
        flags, component = struct.unpack_from(">HH", data, at)
        at += 4
        if flags & _ARGS_ARE_WORDS:
            dx, dy = struct.unpack_from(">hh", data, at)
            at += 4
        else:
            dx, dy = struct.unpack_from(">bb", data, at)
            at += 2
        a, b, c, d = 1.0, 0.0, 0.0, 1.0
        if flags & _HAVE_SCALE:
            (a,) = _f2dot14(data, at, 1)
            d = a
            at += 2
        elif flags & _HAVE_XY_SCALE:
            a, d = _f2dot14(data, at, 2)
            at += 4
        elif flags & _HAVE_2X2:
            a, b, c, d = _f2dot14(data, at, 4)
            at += 8
        for contour in glyph_contours(face, read, component, depth + 1, budget):
            contours.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
        more = bool(flags & _MORE_COMPONENTS)
    return contours


def _f2dot14(data: bytes, at: int, count: int) -> tuple[float, ...]:
    return tuple(value / 16384 for value in struct.unpack_from(f">{count}h", data, at))


def contour_operators(contours: list[Contour], scale: float, x: float, y: float) -> Iterator[str]:
    """Path operators (m, l, c, h) for TrueType contours, scaled and moved; quadratic pieces as cubics."""
    for contour in contours:
        if not contour:
            continue
        points = _with_implied_points(contour)
        start = next((i for i, point in enumerate(points) if point[2]), None)
        if start is None:
            continue
        points = points[start:] + points[:start] + [points[start]]

        def at(point: Point) -> tuple[float, float]:
            return x + point[0] * scale, y + point[1] * scale

        sx, sy = at(points[0])
        yield f"{sx:.2f} {sy:.2f} m"
        current = (sx, sy)
        index = 1
        while index < len(points):
            point = points[index]
            if point[2]:
                current = at(point)
                yield f"{current[0]:.2f} {current[1]:.2f} l"
                index += 1
                continue
            control = at(point)
            target = at(points[index + 1])
            c1 = (
                current[0] + 2 / 3 * (control[0] - current[0]),
                current[1] + 2 / 3 * (control[1] - current[1]),
            )
            c2 = (target[0] + 2 / 3 * (control[0] - target[0]), target[1] + 2 / 3 * (control[1] - target[1]))
            yield f"{c1[0]:.2f} {c1[1]:.2f} {c2[0]:.2f} {c2[1]:.2f} {target[0]:.2f} {target[1]:.2f} c"
            current = target
            index += 2
        yield "h"


def _with_implied_points(contour: Contour) -> Contour:
    """Insert the on-curve midpoint TrueType implies between two consecutive off-curve points."""
    result: Contour = []
    for index, point in enumerate(contour):
        previous = contour[index - 1]
        if not point[2] and not previous[2]:
            result.append(((point[0] + previous[0]) / 2, (point[1] + previous[1]) / 2, True))
        result.append(point)
    if result and not any(point[2] for point in result):
        # A contour of off-curve points only (a circle): start at an implied midpoint.
        first, last = result[0], result[-1]
        result.insert(0, ((first[0] + last[0]) / 2, (first[1] + last[1]) / 2, True))
    return result
