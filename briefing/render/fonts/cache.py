"""The font cache: a parsed TrueType face kept between builds as plain data (msgpack), checked on load."""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec
import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont, TTFontFace

from briefing.files.cache import read_cached, store_in_cache
from briefing.model.layout import FontSpec
from briefing.render.fonts.file import read_font_head
from briefing.render.fonts.parse import directory_span, face_table_records
from briefing.render.reportlab_private import (
    face_file_bytes,
    face_members,
    font_has_only_known_members,
    font_is_shapable,
    restore_face,
    restore_font,
)

# The font cache. Parsing a 9,000-glyph TrueType file costs ReportLab about 50 ms, so the parsed tables
# are kept per file, as data only: numbers, text and byte strings in msgpack, never objects or code (the
# entry is decoded into one typed record, and anything else fails to decode). An entry is used only when
# it is whole (search_path checks its length and checksum, and that only this user could have written
# it), and its format, key and the font file's own table directory match and its tables are consistent;
# any other entry is parsed afresh and replaced.
_CACHE_FORMAT = 1


class _CachedFace(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    """One parsed face as plain data."""

    format: int
    key: str  # what the entry was made from: the file (path, size, mtime), index, ReportLab, this format
    directory_at: int
    directory: bytes  # the file's table directory as read: the entry is for exactly these tables
    shapable: bool
    scalars: dict[str, int | float | str | bool | None]
    names: dict[str, str]  # ReportLab's TTFNameBytes, by their text
    blobs: dict[str, bytes]
    numbers: dict[str, list[int | float]]
    tuples: list[str]  # the members of `numbers` that ReportLab holds as tuples
    tables: list[tuple[str, int, int, int]]  # (tag, checksum, offset, length), in file order
    cmap_codes: bytes  # array("I") of code points, and of their glyphs
    cmap_glyphs: bytes
    advances: bytes  # array("i") per glyph
    bearings: bytes
    glyph_positions: bytes  # array("I"), numGlyphs + 1


_DECODER = msgspec.msgpack.Decoder(_CachedFace)
_ENCODER = msgspec.msgpack.Encoder()
# The file's bytes are read afresh and the scale is a lambda (both private: see reportlab_private); glyphToChar (a dict of lists) is only used
# while ReportLab parses the file; the tables and per-glyph tables have fields of their own. The per-glyph
# tables are stored as arrays and only the cmap becomes a dict again: building 9,000-entry dicts and lists
# of tuples, object by object, took 6-8 ms a face, for a build that looks up a few hundred of them.
_NOT_CACHED = ("glyphToChar", "table", "tables")
_PACKED = ("charToGlyph", "charWidths", "hmetrics", "glyphPos")
_EMPTY = ("glyphNames", "glyphWidths")  # ReportLab leaves them empty for TrueType faces


def face_cache_key(spec: FontSpec) -> str:
    """What an entry for this face must have been made from: the file as it is now (path, size, time of
    change), the face in it, ReportLab's version and this machine's byte order and array sizes."""
    stat = spec.path.stat()
    return (
        f"{spec.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{spec.index}|{reportlab.Version}"
        f"|{_CACHE_FORMAT}|{sys.byteorder}{array('I').itemsize}{array('i').itemsize}"
    )


def _cache_name(spec: FontSpec) -> tuple[str, str]:
    """The entry's key and its file name in the cache folder."""
    key = face_cache_key(spec)
    return key, hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".font"


def load_cached(spec: FontSpec, name: str) -> TTFont | None:
    """The parsed font from the cache, or None (never raises: a bad entry only costs the parse).

    Only the head of the font file is read, to check its table directory: the face is restored without
    the file's bytes, which the font program writer reads when it subsets the face (see CIDFont).
    """
    try:
        key, file_name = _cache_name(spec)
        entry = read_cached("fonts", file_name)
        if entry is None:
            return None
        return _restored(entry, key, name, lambda length: read_font_head(spec, length))
    except Exception:  # any entry that does not decode and check out is rebuilt, not trusted
        return None


def _restored(entry: bytes, key: str, name: str, head: Callable[[int], tuple[bytes, int]]) -> TTFont | None:
    """The font an entry holds; `head(n)` gives the font file's first n bytes and its size."""
    cached = _DECODER.decode(entry)
    if cached.format != _CACHE_FORMAT or cached.key != key:
        return None  # an entry for another file, another version of it, or another format
    at = cached.directory_at
    data, size = head(at + len(cached.directory))
    if data[at : at + len(cached.directory)] != cached.directory:
        return None  # the file is not the one the entry was made from
    arrays = _Arrays.of(cached)
    units = cached.scalars["unitsPerEm"]
    if not isinstance(units, int) or not 16 <= units <= 16384 or not _consistent(cached, arrays, size):
        return None
    return restore_font(
        name, restore_face(_members(cached, arrays, units), b"", _scale(units)), cached.shapable
    )


class _Arrays(NamedTuple):
    """An entry's per-glyph and cmap tables as arrays, each read in one C pass."""

    codes: array[int]
    glyphs: array[int]
    advances: array[int]
    bearings: array[int]
    positions: array[int]

    @classmethod
    def of(cls, cached: _CachedFace) -> _Arrays:
        return cls(
            array("I", cached.cmap_codes),
            array("I", cached.cmap_glyphs),
            array("i", cached.advances),
            array("i", cached.bearings),
            array("I", cached.glyph_positions),
        )


def _consistent(cached: _CachedFace, arrays: _Arrays, size: int) -> bool:
    """Whether the entry's tables agree with each other and with the font file's size."""
    count = cached.scalars["numGlyphs"]
    return (
        isinstance(count, int)
        and len(arrays.codes) == len(arrays.glyphs)
        and len(arrays.advances) == len(arrays.bearings) == count
        and len(arrays.positions) == count + 1
        and len(cached.directory) == 12 + 16 * len(cached.tables)
        and all(offset + length <= size for _, _, offset, length in cached.tables)
    )


def _members(cached: _CachedFace, arrays: _Arrays, units: int) -> dict[str, Any]:
    """The face's members as ReportLab's parse would have set them (its private ones apart)."""
    state: dict[str, Any] = {}
    state.update(cached.scalars)
    state.update({attribute: TTFNameBytes(text.encode("utf8")) for attribute, text in cached.names.items()})
    state.update(cached.blobs)
    state.update(
        {
            attribute: tuple(values) if attribute in cached.tuples else values
            for attribute, values in cached.numbers.items()
        }
    )
    state["glyphNames"], state["glyphWidths"] = [], {}
    records = [
        {"tag": tag, "checksum": checksum, "offset": offset, "length": length}
        for tag, checksum, offset, length in cached.tables
    ]
    state["tables"] = records
    state["table"] = {record["tag"]: record for record in records}
    char_to_glyph = dict(zip(arrays.codes, arrays.glyphs, strict=True))
    metrics = _Metrics(arrays.advances, arrays.bearings)
    state["charToGlyph"] = char_to_glyph
    state["hmetrics"] = metrics
    state["glyphPos"] = arrays.positions
    state["charWidths"] = _Widths(char_to_glyph, metrics, units)
    state["glyphToChar"] = {}  # only HarfBuzz shaping reads it, and only for glyphs it adds itself
    return state


def _scale(units: int) -> Callable[[float], float]:
    """ReportLab's font units to 1/1000 em, as its parser makes it."""
    factor = 1000 / units

    def scaled(value: float) -> float:
        return value if units == 1000 else value * factor

    return scaled


class _Metrics:
    """hmtx as ReportLab's subsetter reads it, (advance, left side bearing) per glyph, from two arrays."""

    def __init__(self, advances: array[int], bearings: array[int]):
        self.advances = advances
        self.bearings = bearings

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.advances[glyph], self.bearings[glyph]


class _Widths:
    """ReportLab's charWidths (code point -> advance in 1/1000 em), worked out per character on demand."""

    def __init__(self, char_to_glyph: dict[int, int], metrics: _Metrics, units: int):
        self.char_to_glyph = char_to_glyph
        self.metrics = metrics
        self.scale = None if units == 1000 else 1000 / units  # ReportLab's own scaling, bit for bit

    def get(self, code: int, default: float | None = None) -> float | None:
        glyph = self.char_to_glyph.get(code)
        if glyph is None:
            return default
        advance = self.metrics.advances[glyph]
        return advance if self.scale is None else advance * self.scale

    def __getitem__(self, code: int) -> float:
        width = self.get(code)
        if width is None:
            raise KeyError(code)
        return width

    def __contains__(self, code: object) -> bool:
        return code in self.char_to_glyph


class _Plain(msgspec.Struct):
    """A face's plain members sorted by kind, as an entry keeps them."""

    scalars: dict[str, int | float | str | bool | None] = msgspec.field(default_factory=dict)
    names: dict[str, str] = msgspec.field(default_factory=dict)
    blobs: dict[str, bytes] = msgspec.field(default_factory=dict)
    numbers: dict[str, list[int | float]] = msgspec.field(default_factory=dict)
    tuples: list[str] = msgspec.field(default_factory=list)

    def keep(self, attribute: str, value: object) -> bool:
        """File one member under its kind; False for a value this format cannot give back exactly."""
        if isinstance(value, TTFNameBytes):
            self.names[attribute] = value.ustr
            return bool(TTFNameBytes(value.ustr.encode("utf8")) == value)
        if isinstance(value, bytes):
            self.blobs[attribute] = value
        elif value is None or isinstance(value, (bool, int, float, str)):
            self.scalars[attribute] = value
        elif _numbers(value):
            assert isinstance(value, (list, tuple))
            self.numbers[attribute] = list(value)
            if isinstance(value, tuple):
                self.tuples.append(attribute)
        else:
            return False  # an attribute of a kind this format does not know: not cached
        return True


def _numbers(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(item, (int, float)) and not isinstance(item, bool) for item in value
    )


def _plain_members(face: TTFontFace) -> _Plain | None:
    """The face's members apart from the packed tables, or None if one cannot be kept exactly."""
    plain = _Plain()
    for attribute, value in face_members(face):
        if attribute in _NOT_CACHED or attribute in _PACKED:
            continue
        kept = not value if attribute in _EMPTY else plain.keep(attribute, value)
        if not kept:
            return None
    return plain


def _entry(face: TTFontFace, font: TTFont, key: str, index: int) -> _CachedFace | None:
    """The face as cache data, or None when it holds something the entry cannot keep exactly."""
    plain = _plain_members(face)
    if plain is None or not font_has_only_known_members(font):
        return None
    advances, bearings = zip(*face.hmetrics, strict=True) if face.hmetrics else ((), ())
    start, length = directory_span(face, index)
    return _CachedFace(
        format=_CACHE_FORMAT,
        key=key,
        directory_at=start,
        directory=face_file_bytes(face)[start : start + length],
        shapable=font_is_shapable(font),
        scalars=plain.scalars,
        names=plain.names,
        blobs=plain.blobs,
        numbers=plain.numbers,
        tuples=plain.tuples,
        tables=face_table_records(face),
        cmap_codes=array("I", face.charToGlyph).tobytes(),
        cmap_glyphs=array("I", face.charToGlyph.values()).tobytes(),
        advances=array("i", advances).tobytes(),
        bearings=array("i", bearings).tobytes(),
        glyph_positions=array("I", face.glyphPos).tobytes(),
    )


def store_cached(spec: FontSpec, font: TTFont, data: bytes | None = None) -> None:
    """Keep a freshly parsed face in the cache, replacing any entry there (never raises)."""
    try:
        key, file_name = _cache_name(spec)
        face = font.face
        if data is not None and face_file_bytes(face) != data:
            return
        cached = _entry(face, font, key, spec.index)
        if cached is None:
            return
        body = _ENCODER.encode(cached)
        # What a load would give back must be exactly what ReportLab parsed, else the face is not cached.
        whole = face_file_bytes(face)
        restored = _restored(body, key, font.fontName, lambda _: (whole, len(whole)))
        if restored is None or not _faithful(face, restored.face):
            return
        store_in_cache("fonts", file_name, body)
    except Exception:  # caching is an optimisation; an odd face must not fail the build
        return


def _faithful(face: TTFontFace, kept: TTFontFace) -> bool:
    """Whether the restored face gives back exactly what ReportLab parsed."""
    return _same_tables(face, kept) and _same_members(face, kept)


def _same_tables(face: TTFontFace, kept: TTFontFace) -> bool:
    """The cmap, glyph positions, metrics and widths, which the entry keeps packed."""
    widths = kept.charWidths
    metrics = kept.hmetrics
    return (
        kept.charToGlyph == face.charToGlyph
        and list(kept.glyphPos) == list(face.glyphPos)
        and [metrics[glyph] for glyph in range(len(metrics))] == list(face.hmetrics)
        and all(widths.get(code) == width for code, width in face.charWidths.items())
        and face.charWidths.keys() == face.charToGlyph.keys()
    )


def _same_members(face: TTFontFace, kept: TTFontFace) -> bool:
    """Every other member, of the same type and value, and the table directory."""
    plain = {attribute for attribute, _ in face_members(face)} - set(_NOT_CACHED) - set(_PACKED)
    return (
        all(getattr(kept, attribute) == getattr(face, attribute) for attribute in plain)
        and all(type(getattr(kept, attribute)) is type(getattr(face, attribute)) for attribute in plain)
        and kept.table == face.table
        and kept.tables == face.tables
    )
