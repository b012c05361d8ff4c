"""A font file from a packet or a layout, read and checked before ReportLab parses it."""

from __future__ import annotations

import os
import stat
import struct
import sys
from array import array
from collections.abc import Callable
from operator import sub
from typing import Any

from briefing.errors import Issue, LayoutError, issue
from briefing.model.layout import FontSpec

# Reading and parsing a font file. The file may come with a packet or a layout from elsewhere, so it is
# checked before ReportLab sees it: ReportLab reads a file whole, trusts every count and offset in it, and
# expands every cmap range into a dict entry, so a 100-byte file claiming all 4 billion codes would run
# for hours. Every way a file can fail becomes a located message naming the manifest's `file:` entry.

# The largest TrueType CJK faces in use are about 30 MB; a bigger file is refused, not read into memory.
LARGEST_FONT = 64 * 1024 * 1024
# Unicode has about 150,000 characters; a cmap mapping more code points than this is damaged or hostile.
MOST_CODES = 1 << 18
_SFNT_VERSIONS = (0x00010000, 0x74727565)  # TrueType outlines ("\0\1\0\0", "true")
_CFF = 0x4F54544F  # "OTTO": PostScript outlines, which ReportLab cannot embed
_COLLECTION = 0x74746366  # "ttcf"


class FontProblem(Exception):
    """A font file that cannot be used, as a catalogue code and its parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


def font_issue(spec: FontSpec, code: str, **params: Any) -> Issue:
    """The located message for a font file: at the manifest's (or layout's) `file:` entry."""
    field = spec.field or f"families.{spec.family}.file"
    return issue(spec.source, field, code, file=spec.path.name, **params)


def read_font(spec: FontSpec) -> bytes:
    """The font file's bytes, read once; too large, not a file, unreadable or gone is a located LayoutError."""
    data, _ = _read(spec, None)
    return data


def read_font_head(spec: FontSpec, length: int) -> tuple[bytes, int]:
    """The first `length` bytes of the font file and its size, with the checks of read_font."""
    return _read(spec, length)


def read_font_span(spec: FontSpec, start: int, end: int) -> bytes:
    """Bytes `start` to `end` of the font file (one glyph's outline), with the checks of read_font; fewer
    when the file is shorter."""
    data, _ = _read(spec, max(0, end - start), max(0, start))
    return data


def _read(spec: FontSpec, length: int | None, start: int = 0) -> tuple[bytes, int]:
    try:
        # Non-blocking: a FIFO put where the font was must not hang the build waiting for a writer.
        fd = os.open(spec.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise FontProblem("font.unreadable", reason="not a file")
            if info.st_size > LARGEST_FONT:
                raise FontProblem(
                    "font.too-large", size=_megabytes(info.st_size), limit=_megabytes(LARGEST_FONT)
                )
            stream.seek(start)
            data = stream.read(LARGEST_FONT + 1 if length is None else length)
        if length is None and len(data) > LARGEST_FONT:  # grew while being read
            raise FontProblem("font.too-large", size=_megabytes(len(data)), limit=_megabytes(LARGEST_FONT))
    except FontProblem as problem:
        raise LayoutError([font_issue(spec, problem.code, **problem.params)]) from None
    except OSError as exc:
        raise LayoutError([font_issue(spec, "font.unreadable", reason=exc.strerror or str(exc))]) from None
    return data, len(data) if length is None else info.st_size


def table_records(data: bytes, start: int) -> list[tuple[str, int, int, int]]:
    """The table directory at `start`: (tag, checksum, offset, length) per table, in file order, as
    ReportLab's parse records it. Raises FontProblem where the bytes end too soon."""
    try:
        count = _ushort(data, start + 4)
        records = [struct.unpack_from(">4sLLL", data, start + 12 + 16 * number) for number in range(count)]
        return [(tag.decode("utf8"), checksum, offset, length) for tag, checksum, offset, length in records]
    except (struct.error, UnicodeDecodeError):
        raise FontProblem("font.corrupt") from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def check_sfnt(data: bytes, index: int) -> None:
    """Raise FontProblem unless `data` is a TrueType font (or collection holding `index`) whose tables lie
    inside the file and whose cmap maps a sane number of code points."""
    if len(data) < 12:  # empty, or cut short: damaged if what there is begins like a font
        begun = any(signature.startswith(data[:4]) for signature in _SIGNATURES)
        raise FontProblem("font.corrupt" if begun else "font.not-truetype")
    start = _face_start(data, index)
    version = _ulong(data, start)
    if version == _CFF:
        raise FontProblem("font.cff")
    if version not in _SFNT_VERSIONS:
        raise FontProblem("font.not-truetype")
    tables = _table_offsets(data, start)
    if any(tag not in tables for tag in _REQUIRED_TABLES):
        raise FontProblem("font.corrupt")
    if _cmap_codes(data, tables[b"cmap"]) > MOST_CODES:
        raise FontProblem("font.corrupt")


_REQUIRED_TABLES = (b"head", b"hhea", b"maxp", b"hmtx", b"cmap", b"loca", b"glyf", b"name")


def _face_start(data: bytes, index: int) -> int:
    """Where the face's table directory starts: 0, or the collection's offset for face `index`."""
    if _ulong(data, 0) != _COLLECTION:
        return 0
    count = _ulong(data, 8)
    if not 0 <= index < count:
        raise FontProblem("font.bad-index", index=index, count=count, last=max(count - 1, 0))
    return _ulong(data, 12 + 4 * index)


def _table_offsets(data: bytes, start: int) -> dict[bytes, int]:
    """Each table's offset by tag; a table running past the end of the file is a damaged font."""
    tables = {}
    for number in range(_ushort(data, start + 4)):
        entry = start + 12 + 16 * number
        tag = data[entry : entry + 4]
        offset, length = _ulong(data, entry + 8), _ulong(data, entry + 12)
        if offset + length > len(data):  # a truncated or damaged file
            raise FontProblem("font.corrupt")
        tables[tag] = offset
    return tables


_SIGNATURES = (b"\0\1\0\0", b"true", b"ttcf", b"OTTO")


def _ushort(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">H", data, at)[0]  # struct.error past the end: caught as a corrupt file
    return value


def _ulong(data: bytes, at: int) -> int:
    value: int = struct.unpack_from(">L", data, at)[0]
    return value


def _big_endian(data: bytes, at: int, count: int, code: str) -> array[int]:
    """`count` big-endian unsigned integers from `at` ("H" or "L"), read in one C pass."""
    values = array("H" if code == "H" else "I")
    size = values.itemsize * count
    if at + size > len(data):
        raise FontProblem("font.corrupt")
    values.frombytes(data[at : at + size])
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _cmap_codes(data: bytes, cmap: int) -> int:
    """How many code points ReportLab's parse would enter for the cmap subtable it picks (its own rules)."""
    at = cmap + _chosen_subtable(data, cmap)
    counter = _CODE_COUNTERS.get(_ushort(data, at))
    return counter(data, at) if counter is not None else 0


def _chosen_subtable(data: bytes, cmap: int) -> int:
    """The offset of the subtable ReportLab reads: the last Unicode one, else the last Mac Roman one."""
    chosen = None
    better = 0
    for number in range(_ushort(data, cmap + 2) or _ushort(data, cmap)):
        platform, encoding = _ushort(data, cmap + 4 + 8 * number), _ushort(data, cmap + 6 + 8 * number)
        offset = _ulong(data, cmap + 8 + 8 * number)
        if _is_unicode(platform, encoding):
            chosen, better = offset, 1
        elif platform == 1 and encoding == 0 and better != 1:
            chosen = offset
    if chosen is None:
        raise FontProblem("font.corrupt")
    return chosen


def _is_unicode(platform: int, encoding: int) -> bool:
    """Whether ReportLab takes a subtable for Unicode: Windows, Mac Chinese (1, 1), or Unicode bar (0, 5)."""
    return platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5)


def _segment_codes(data: bytes, at: int) -> int:
    """Format 4: segments of 16-bit codes."""
    segments = _ushort(data, at + 6) // 2
    ends = _big_endian(data, at + 14, segments, "H")
    starts = _big_endian(data, at + 16 + 2 * segments, segments, "H")
    return segments + int(sum(max(n, -1) for n in map(sub, ends, starts)))


def _group_codes(data: bytes, at: int) -> int:
    """Formats 12 and 13: groups of 32-bit codes."""
    groups = _ulong(data, at + 12)
    if groups > MOST_CODES:
        raise FontProblem("font.corrupt")
    triples = _big_endian(data, at + 16, 3 * groups, "L")
    return groups + int(sum(max(n, -1) for n in map(sub, triples[1::3], triples[0::3])))


def _high_byte_codes(data: bytes, at: int) -> int:
    """Format 2: 256 subheader keys, each entry of a subheader a code: at most 256 x 65,535."""
    keys = _big_endian(data, at + 6, 256, "H")
    headers = at + 6 + 512
    return sum(_ushort(data, headers + 8 * key + 2) for key in keys if key)


# Code points entered per cmap format; a format not listed enters none.
_CODE_COUNTERS: dict[int, Callable[[bytes, int], int]] = {
    0: lambda data, at: 256,
    2: _high_byte_codes,
    4: _segment_codes,
    6: lambda data, at: _ushort(data, at + 8),
    10: lambda data, at: _ulong(data, at + 16),
    12: _group_codes,
    13: _group_codes,
}


# Composite glyph flags (the glyf table's component records).
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080


def check_glyphs(data: bytes, glyf: int, positions: list[int], count: int) -> None:
    """Raise FontProblem unless each glyph lies in order inside the glyf table and each composite glyph's
    components are glyphs of the face whose records end inside their glyph.

    ReportLab's subsetter follows a composite's records to wherever they lead, so one damaged glyph
    could have it read to the end of the file for every glyph drawn; checked once here, on the parse that
    the cache then keeps.
    """
    for glyph in range(count):
        start, end = positions[glyph], positions[glyph + 1]
        if end < start:
            raise FontProblem("font.corrupt")
        if end - start >= 2 and struct.unpack_from(">h", data, glyf + start)[0] < 0:
            _check_components(data, glyf + start + 10, glyf + end, count)


def _check_components(data: bytes, at: int, limit: int, count: int) -> None:
    """A composite glyph's component records, from `at`: each names a glyph of the face and all end by `limit`."""
    flags = _MORE
    while flags & _MORE:
        if at + 4 > limit:
            raise FontProblem("font.corrupt")
        flags, component = struct.unpack_from(">HH", data, at)
        if component >= count:
            raise FontProblem("font.corrupt")
        at += 4 + (4 if flags & _WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    if at > limit:
        raise FontProblem("font.corrupt")
