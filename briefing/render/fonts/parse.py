"""ReportLab's parse of a checked font file, mended where its subsetter would misread it, named uniquely."""

from __future__ import annotations

import hashlib
import io

from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from briefing.errors import LayoutError
from briefing.model.layout import FontSpec
from briefing.render.fonts.file import FontProblem, check_glyphs, check_sfnt, font_issue
from briefing.render.reportlab_private import face_file_bytes


def mend_trailing_advances(face: TTFontFace) -> None:
    """Give the glyphs after hhea's numberOfHMetrics their advance in font units, as hmtx means it.

    ReportLab's parser hands them the last advance already scaled to 1/1000 em, and its subsetter writes
    that into the embedded hmtx: in our 256-unit fonts every such ideograph claimed an advance of 3.9 em,
    which contradicts the PDF's widths (PDF/A checkers reject it; font-based text extractors misplace).
    """
    hhea = face.table["hhea"]["offset"]
    count = int.from_bytes(face_file_bytes(face)[hhea + 34 : hhea + 36], "big")
    if 0 < count < len(face.hmetrics):
        advance = face.hmetrics[count - 1][0]
        face.hmetrics[count:] = [(advance, lsb) for _, lsb in face.hmetrics[count:]]


def unique_face_name(font: TTFont, spec: FontSpec) -> None:
    """Give the face a PostScript name of its own: its name plus a digest of its tables' checksums.

    ReportLab aliases a new font to any registered font with the same PostScript name and silently
    draws it with the other file's glyphs. Deriving the suffix from the file's content (not from what
    this process registered before) keeps identical input giving identical bytes.
    """
    checksums = ",".join(
        f"{tag}:{entry['checksum']}:{entry['length']}" for tag, entry in sorted(font.face.table.items())
    )
    suffix = hashlib.blake2b(f"{checksums}|{spec.index}".encode(), digest_size=4).hexdigest().upper()
    if not font.face.name.endswith(suffix.encode()):
        font.face.name = font.face.name + b"-" + suffix.encode()


def parse_font(spec: FontSpec, name: str, data: bytes) -> TTFont:
    """ReportLab's parse of a checked file; any failure is a located LayoutError, never a crash."""
    try:
        check_sfnt(data, spec.index)
        stream = io.BytesIO(data)
        stream.name = str(spec.path)  # ReportLab names the face's file from it
        font = TTFont(name, stream, subfontIndex=spec.index, asciiReadable=False)
        face = font.face
        glyf = face.table["glyf"]
        if len(face.glyphPos) != face.numGlyphs + 1 or face.glyphPos[-1] > glyf["length"]:
            raise FontProblem("font.corrupt")
        check_glyphs(data, glyf["offset"], face.glyphPos, face.numGlyphs)
        mend_trailing_advances(face)
    except FontProblem as problem:
        raise LayoutError([font_issue(spec, problem.code, **problem.params)]) from None
    except TTFError as exc:
        reason = str(exc)
        if "embedding" in reason or "subsetting" in reason:  # the licence bits in OS/2 forbid it
            raise LayoutError([font_issue(spec, "font.no-embedding", reason=reason)]) from None
        raise LayoutError([font_issue(spec, "font.corrupt")]) from None
    except Exception:  # parsing is pure computation on bytes: whatever breaks, the file is bad
        raise LayoutError([font_issue(spec, "font.corrupt")]) from None
    return font


def directory_span(face: TTFontFace, index: int) -> tuple[int, int]:
    """Where the face's table directory lies in its file: (start, length)."""
    start = face.subfontOffsets[index] if getattr(face, "fileKind", "TTF") == "TTC" else 0
    return start, 12 + 16 * face.numTables


def face_table_records(face: TTFontFace) -> list[tuple[str, int, int, int]]:
    """The face's table directory as its parse recorded it: (tag, checksum, offset, length), in file order."""
    return [(t["tag"], t["checksum"], t["offset"], t["length"]) for t in face.tables]
