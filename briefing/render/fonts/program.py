"""CIDFont: one TrueType face written into one PDF as a Type0 font (Identity-H), with its subset program.

The subset program is ReportLab's (`TTFontFace.makeSubset`), not fontTools'. bench/subset.py times both,
paired and alternating, on the faces and glyphs the sample draws (fontTools reading the file lazily and
subsetting to the same glyphs, layout tables and names dropped). On the shared 2-core machine, load
about 6.5: gbt9704, five faces, ReportLab 22.3 ms in all against fontTools 2,190 ms (48x-278x a face;
FandolFang, 1,075 glyphs: 13.8 ms against 1,146 ms); briefing, 22.9 ms against 2,995 ms. Two seconds
a build is ten times the whole build's budget, and fontTools would also need the glyph order rewritten
to keep glyph n + 1 the n-th code point's. ReportLab's subsetter stays; its one flaw (the advances of glyphs after hhea's
numberOfHMetrics) is mended when the face is parsed (fonts/parse.py, mend_trailing_advances).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, NamedTuple

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

from briefing.errors import LayoutError
from briefing.model.layout import FontSpec
from briefing.render.compression import Compressed
from briefing.render.fonts.file import FontProblem, font_issue, table_records
from briefing.render.fonts.parse import directory_span, face_table_records
from briefing.render.fonts.subsets import KeptSubset
from briefing.render.memo import RenderMemo
from briefing.render.reportlab_private import add_page_font, set_font_resource, subset_program

if TYPE_CHECKING:
    from briefing.render.fonts.registry import FontFiles

# Characters that never print a glyph of their own.
INVISIBLE = frozenset({"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"})

_SUBSET_TAG_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The CIDs given to characters beyond the BMP (code points that are never characters of their own).
_SURROGATES = (0xD800, 0xDFFF)


class _CIDCodes(dict[int, str]):
    """A font's translate table, filled as characters are first met (str.translate asks __missing__)."""

    def __init__(self, font: CIDFont):
        super().__init__()
        self.font = font

    def __missing__(self, point: int) -> str:
        code = self[point] = self.font.code(point)
        return code


class _Parts(NamedTuple):
    """A font's parts that depend on the characters drawn alone: the code points whose glyphs the program
    holds (glyph n + 1 is firsts[n]), the widths (DW and W's items, a run of widths as a list), the
    CIDToGIDMap and ToUnicode streams."""

    firsts: list[int]
    default_width: int | float
    widths: list[Any]
    gid_map: bytes
    to_unicode: bytes


class CIDFont:
    """One face written into one PDF as a Type0 font: a character's CID is its code point (Identity-H).

    ReportLab embeds a TrueType face as simple fonts of 256 glyphs each: the sample's body text needed
    five, a line switched between them about five times, and each carried its own copy of the font's
    tables, widths and ToUnicode map. Here a face is one font with one embedded program, and a piece of
    text is encoded by one str.translate.

    The CID of a character is its code point (BMP; the few beyond it, and lone surrogates, take CIDs from
    U+D800 on in order of first use), and the program holds the glyphs drawn in the order of the lowest
    code point drawn with each; a CIDToGIDMap stream joins the two. So the program depends on which
    glyphs a document draws, not on the order it first draws them in: an edit that moves a character's
    first use (a title digit now in the contents) leaves the program, its subset and its compressed
    stream as they were, and the pages after the edit keep their bytes (a warm rebuild reuses all three).
    """

    def __init__(
        self,
        font: TTFont,
        doc: Any,
        spec: FontSpec,
        files: FontFiles,
        memo: RenderMemo | None = None,
    ):
        self.face = font.face
        self.spec = spec
        self.files = files  # the font files' bytes and subsets kept between builds
        self.memo = memo  # a warm build's: the font parts and programs of the last render
        self.codes = _CIDCodes(self)  # ord -> the CID in hex, learnt as str.translate asks
        # A program made here, to keep (keep_made): program, stream, digest and the code points it holds.
        self._made: tuple[bytes, PDFStream, bytes, list[int]] | None = None
        self._drawn: dict[int, int] = {}  # CID -> the code point drawn with it (0xA0 as a space: 32)
        self._beyond: dict[int, int] = {}  # code point beyond the BMP (or a lone surrogate) -> its CID
        # A resource name of ReportLab's kind, recorded where ReportLab puts every page's fonts.
        internal = add_page_font(doc, font.fontName, self)
        self.internal = internal
        self.name = "/" + internal

    def encode(self, text: str) -> str:
        """The hexadecimal string operand, without its angle brackets, that draws `text`.

        Hexadecimal because ReportLab encodes page streams as UTF-8 and forms as PDFDocEncoding: only
        ASCII survives both, and four hex digits a glyph are shorter than escaped bytes.
        """
        return text.translate(self.codes)

    def code(self, point: int) -> str:
        """The CID of a character in hex: its code point, or (beyond the BMP) the next free one from U+D800."""
        if chr(point) in INVISIBLE:
            return ""
        source = point
        if source not in self.face.charToGlyph and point == 0xA0:  # preflight let it through: a space
            source = 32
        cid = source
        if source > 0xFFFF or _SURROGATES[0] <= source <= _SURROGATES[1]:
            found = self._beyond.get(source)
            if found is None:
                found = self._beyond[source] = _SURROGATES[0] + len(self._beyond)
                if found > _SURROGATES[1]:  # 2,048 characters beyond the BMP in one face
                    raise LayoutError(
                        [font_issue(self.spec, "font.too-many-beyond-bmp", limit=len(self._beyond) - 1)]
                    )
            cid = found
        self._drawn[cid] = source
        return f"{cid:04X}"

    def _glyphs(self) -> tuple[list[int], dict[int, int]]:
        """The program's glyphs, each by the lowest code point drawn with it (glyph n + 1 is firsts[n]),
        and each CID's glyph in the program (0: the face has none for it)."""
        glyphs = self.face.charToGlyph
        lowest: dict[int, int] = {}  # glyph in the face -> the lowest code point drawn with it
        for point in sorted(self._drawn.values()):
            glyph = glyphs.get(point, 0)
            if glyph and glyph not in lowest:
                lowest[glyph] = point
        firsts = list(lowest.values())  # already in code point order
        number = {glyph: index for index, glyph in enumerate(lowest, start=1)}
        return firsts, {cid: number.get(glyphs.get(point, 0), 0) for cid, point in self._drawn.items()}

    def addObjects(self, doc: Any) -> None:  # the name ReportLab calls at save
        """Write the Type0 font, its CIDFontType2, descriptor, subset program, CIDToGIDMap and ToUnicode map."""
        face = self.face
        memo = self.memo
        parts = memo.font_parts(face, self._drawn, self._parts) if memo else self._parts()
        font_file, digest = self._program(parts.firsts)
        tag = "".join(_SUBSET_TAG_LETTERS[byte % 26] for byte in digest[:6])
        base_font = f"{tag}+{face.name.decode('latin-1')}"
        descriptor = PDFDictionary(
            {
                "Type": PDFName("FontDescriptor"),
                "FontName": PDFName(base_font),
                "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": PDFArray(face.bbox),
                "ItalicAngle": face.italicAngle,
                "Ascent": face.ascent,
                "Descent": face.descent,
                "CapHeight": face.capHeight,
                "StemV": face.stemV,
                "FontFile2": doc.Reference(font_file, f"fontFile:{base_font}"),
            }
        )
        gid_map = PDFStream(content=parts.gid_map)
        gid_map.filters = [PDFZCompress]
        descendant = PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("CIDFontType2"),
                "BaseFont": PDFName(base_font),
                "CIDSystemInfo": PDFDictionary(
                    {"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{base_font}"),
                "DW": parts.default_width,
                "W": PDFArray([PDFArray(item) if isinstance(item, list) else item for item in parts.widths]),
                "CIDToGIDMap": doc.Reference(gid_map, f"cidToGidMap:{base_font}"),
            }
        )
        to_unicode = PDFStream(content=parts.to_unicode)
        to_unicode.filters = [PDFZCompress]
        font = PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("Type0"),
                "BaseFont": PDFName(base_font),
                "Encoding": PDFName("Identity-H"),
                "DescendantFonts": PDFArray([doc.Reference(descendant, f"cidFont:{base_font}")]),
                "ToUnicode": doc.Reference(to_unicode, f"toUnicodeCMap:{base_font}"),
            }
        )
        # By reference: a direct font dictionary is legal, but poppler then loses it (no ToUnicode, text
        # extraction errors), and every reader caches fonts by their object number.
        set_font_resource(doc, self.internal, font)

    def _parts(self) -> _Parts:
        """The font's parts that depend on the characters drawn alone (a warm build keeps them)."""
        firsts, gids = self._glyphs()
        default_width, widths = self._widths(firsts, gids)
        return _Parts(
            firsts, default_width, widths, _gid_map(gids), self._to_unicode(firsts, gids).encode("ascii")
        )

    def _program(self, firsts: list[int]) -> tuple[PDFStream, bytes]:
        """The FontFile2 stream and the program's digest: the program kept by the last build for these
        glyphs, compressed as it was written then (fonts/subsets.py), or the subset made now (then kept
        once the document is written: see keep_made). A warm build keeps the programs of its last render
        in memory too: the cache holds one program a face, which another build may replace meanwhile."""
        memo = self.memo
        kept = memo.programs.get((self.face, tuple(firsts))) if memo is not None else None
        if kept is None:
            kept = self.files.cached_subset(self.spec, firsts)
        if kept is not None:
            if memo is not None:
                memo.programs[(self.face, tuple(firsts))] = kept
            font_file = PDFStream(content=b"")  # the stream's bytes are the filter's
            font_file.filters = [Compressed.already(kept.stream)]
            font_file.dictionary["Length1"] = kept.length
            return font_file, kept.digest
        program = self._subset(firsts)
        font_file = PDFStream(content=program)
        font_file.dictionary["Length1"] = len(program)
        font_file.filters = [PDFZCompress]  # compressed ahead by the writer (compression.py)
        digest = hashlib.blake2b(program, digest_size=8).digest()
        self._made = (program, font_file, digest, firsts)
        return font_file, digest

    def keep_made(self) -> None:
        """Once the document is written: keep the program made for it, as it was compressed there."""
        if self._made is None:
            return
        program, font_file, digest, firsts = self._made
        self._made = None
        (written,) = font_file.filters  # compressed ahead by now, or ReportLab's own filter (short ones)
        kept = KeptSubset(digest, len(program), written.encode(program))
        self.files.keep_subset(self.spec, firsts, kept)
        if self.memo is not None:
            self.memo.programs[(self.face, tuple(firsts))] = kept

    def _subset(self, firsts: list[int]) -> bytes:
        """The subset program: glyph n + 1 is the glyph of firsts[n] (makeSubset numbers them in order).

        The file is read here, once per document (the face keeps no copy: see
        reportlab_private.release_file_bytes), and must still be the file the face was parsed from.
        """
        spec = self.spec
        data = self.files.read(spec)
        start, _ = directory_span(self.face, spec.index)
        try:
            same = table_records(data, start) == face_table_records(self.face)
        except FontProblem:
            same = False
        if not same:
            raise LayoutError([font_issue(spec, "font.changed")])
        try:
            return subset_program(self.face, data, firsts)
        except Exception as exc:  # glyph data that parsed but cannot be copied out (a damaged glyf table)
            raise LayoutError([font_issue(spec, "font.corrupt")]) from exc

    def _widths(self, firsts: list[int], gids: dict[int, int]) -> tuple[int | float, list[Any]]:
        """The most common advance of the glyphs (DW) and a W array for the CIDs whose advance differs."""
        advances = [self.face.getCharWidth(point) for point in firsts]
        default = max(set(advances), key=advances.count) if advances else 1000
        widths: list[Any] = []
        run: list[Any] = []
        run_start = 0
        for cid in sorted(cid for cid, gid in gids.items() if gid):
            advance = advances[gids[cid] - 1]
            if advance == default:
                continue
            if not run or run_start + len(run) != cid:
                run, run_start = [], cid
                widths += [cid, run]
            run.append(_number(advance))
        return _number(default), widths

    def _to_unicode(self, firsts: list[int], gids: dict[int, int]) -> str:
        """A CMap from each CID to the text it stands for (UTF-16BE), so text copies out of the PDF.

        Characters sharing a glyph copy out as one of them, the lowest drawn (a space, not a no-break
        space; a unified ideograph, not its compatibility twin)."""
        entries = [f"<{cid:04X}> <{_utf16_hex(firsts[gids[cid] - 1])}>" for cid in sorted(gids) if gids[cid]]
        blocks = []
        for start in range(0, len(entries), 100):  # a bfchar block holds at most 100 entries
            chunk = entries[start : start + 100]
            blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        )


def _gid_map(gids: dict[int, int]) -> bytes:
    """The CIDToGIDMap stream: the glyph of CID n in the program, big-endian, at bytes 2n and 2n + 1."""
    table = bytearray(2 * (max(gids, default=0) + 1))
    for cid, gid in gids.items():
        table[2 * cid : 2 * cid + 2] = gid.to_bytes(2, "big")
    return bytes(table)


def _number(value: float) -> int | float:
    """An advance as the PDF should print it: an integer when it is one."""
    return int(value) if value == int(value) else value


def _utf16_hex(point: int) -> str:
    return chr(point).encode("utf-16-be").hex().upper()
