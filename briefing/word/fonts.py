"""Which face names a Word file gives each font, and which font files may travel inside it."""

from __future__ import annotations

import hashlib
import struct
import uuid
from pathlib import Path

import msgspec

from briefing.layouts.word import usable_font_name
from briefing.model.layout import FontSpec, Layout

FALLBACK_FACE = "宋体"  # a face every Chinese Windows has, for a font whose own names Word cannot take


class Face(msgspec.Struct, frozen=True):
    """What a font file says about itself: its family as Windows names it, boldness, embedding rights."""

    family: str
    bold: bool
    embeddable: bool
    reason: str = ""  # why it may not be embedded: restricted, print-only, bitmap-only, collection


class WordFont(msgspec.Struct, frozen=True):
    """How the document names one of the layout's font families."""

    name: str  # written in every run's w:rFonts
    alternatives: tuple[str, ...]  # w:altName
    bold: bool  # the face is the bold member of `name` (an embedded Noto Sans CJK SC Bold)
    file: Path | None  # the font file to embed, when embedding


class Embedded(msgspec.Struct, frozen=True):
    """One font file ready to go into word/fonts/: its part bytes and the key they were obfuscated with."""

    name: str
    bold: bool
    key: str
    data: bytes


def read_face(path: Path, index: int = 0) -> Face | None:
    """The name table's family (name ID 1, Windows English first) and OS/2's weight and fsType; None when
    the file cannot be read as TrueType/OpenType."""
    try:
        data = path.read_bytes()
        return _face(data, index)
    except (OSError, struct.error, IndexError, ValueError, UnicodeDecodeError):
        return None


def _face(data: bytes, index: int) -> Face | None:
    collection = data[:4] == b"ttcf"
    offset = 0
    if collection:
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            return None
        offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    tables = _tables(data, offset)
    if "name" not in tables or "OS/2" not in tables:
        return None
    names = _names(data, *tables["name"])
    family = names.get(1)
    if not family:
        return None
    os2 = tables["OS/2"][0]
    weight, fs_type = struct.unpack_from(">HxxH", data, os2 + 4)
    selection = struct.unpack_from(">H", data, os2 + 62)[0]
    bold = weight >= 600 or bool(selection & 0x20) or "bold" in names.get(2, "").lower()
    reason = _refusal(fs_type)
    if collection and not reason:
        reason = "collection"
    return Face(family, bold, not reason, reason)


def _refusal(fs_type: int) -> str:
    """Why the OS/2 fsType bits forbid embedding the face in a document that stays editable, or ""."""
    usage = fs_type & 0x000F
    if fs_type & 0x0200:
        return "bitmap-only"
    if usage == 0 or usage & 0x0008:
        return ""  # installable, or editable embedding
    if usage & 0x0004:
        return "print-only"
    return "restricted"


def _tables(data: bytes, offset: int) -> dict[str, tuple[int, int]]:
    count = struct.unpack_from(">H", data, offset + 4)[0]
    tables = {}
    for number in range(count):
        tag, _, start, length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * number)
        if start + length > len(data):
            raise ValueError("table beyond the end of the file")
        tables[tag.decode("latin-1")] = (start, length)
    return tables


def _names(data: bytes, start: int, length: int) -> dict[int, str]:
    """Name ID → string: Windows Unicode in US English first, then any Windows Unicode, then Mac Roman."""
    _, count, strings = struct.unpack_from(">HHH", data, start)
    ranked: dict[int, tuple[int, str]] = {}
    for number in range(count):
        platform, encoding, language, name_id, size, at = struct.unpack_from(
            ">HHHHHH", data, start + 6 + 12 * number
        )
        raw = data[start + strings + at : start + strings + at + size]
        if platform == 3 and encoding in (0, 1, 10):
            rank, text = (0 if language == 0x409 else 1), raw.decode("utf-16-be")
        elif platform == 1 and encoding == 0:
            rank, text = 2, raw.decode("latin-1")
        else:
            continue
        if name_id not in ranked or rank < ranked[name_id][0]:
            ranked[name_id] = (rank, text)
    return {name_id: text for name_id, (_, text) in ranked.items()}


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 2 font obfuscation: the first 32 bytes XORed with the font key's GUID bytes reversed."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ guid[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def word_fonts(
    layout: Layout, families: set[str], embed: bool, used: set[str]
) -> tuple[dict[str, WordFont], tuple[str, ...]]:
    """Family → WordFont for the layout's families, and the ones that could not be embedded.

    Without embedding, a family is named as the layout's `word:` section says (仿宋_GB2312 and its
    alternatives), else by its own face name. With embedding, each family whose licence bits allow it is
    named by its own face name and travels in the file if the text uses it (`used`); the others keep
    their office names.
    """
    chosen: dict[str, WordFont] = {}
    refused: list[str] = []
    for family in sorted(families):
        chosen[family], problem = _word_font(layout, family, embed and family in used)
        if problem is not None:
            refused.append(f"{family} ({problem})")
    return chosen, tuple(refused)


def _word_font(layout: Layout, family: str, wanted: bool) -> tuple[WordFont, str | None]:
    """How one family is named in the file (and whether it travels in it), and why it could not be
    embedded when that was `wanted`."""
    spec: FontSpec | None = layout.fonts.get(family)
    office = layout.word.fonts.get(family, ())
    face = read_face(spec.path, spec.index) if spec is not None and (wanted or not office) else None
    problem = _embedding_problem(face) if wanted else None
    if wanted and problem is None and spec is not None and face is not None:
        alternatives = tuple(name for name in office if name != face.family)
        return WordFont(face.family, alternatives, face.bold, spec.path), None
    if office:
        return WordFont(office[0], office[1:], False, None), problem
    return WordFont(_own_name(face, family), (), False, None), problem


def _own_name(face: Face | None, family: str) -> str:
    """The face's own name, else the family's, else a face every Word has."""
    own = [name for name in (face.family if face else "", family) if usable_font_name(name)]
    return (own or [FALLBACK_FACE])[0]


def _embedding_problem(face: Face | None) -> str | None:
    """Why a face may not travel in the file, or None: unreadable, its licence bits, or a name Word cannot
    take (a font file names itself, and a control character or a comma breaks Word's font list)."""
    if face is None:
        return "unreadable"
    if face.reason:
        return face.reason
    return None if usable_font_name(face.family) else "name"


def embedded_files(fonts: dict[str, WordFont]) -> list[Embedded]:
    """Each distinct file to embed, obfuscated with a key derived from its bytes (the same file gets the
    same key, so building twice gives the same parts)."""
    done: dict[Path, Embedded] = {}
    for font in fonts.values():
        if font.file is None or font.file in done:
            continue
        data = font.file.read_bytes()
        key = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"
        done[font.file] = Embedded(font.name, font.bold, key, obfuscate(data, key))
    return list(done.values())
