"""CIDFont: one TrueType face written into one PDF as a Type0 font (Identity-H), with its subset program.

The subset program is ReportLab's (`TTFontFace.makeSubset`), not fontTools'. bench/subset.py times both,
paired and alternating, on the faces and glyphs the sample draws (fontTools reading the file lazily and
subsetting to the same glyphs, layout tables and names dropped). On the shared 2-core machine, load
about 6.5: gbt9704, five faces, ReportLab 22.3 ms in all against fontTools 2,190 ms (48x-278x a face;
FandolFang, 1,075 glyphs: 13.8 ms against 1,146 ms); briefing, 22.9 ms against 2,995 ms. Two seconds
a build is ten times the whole build's budget, and fontTools would also need the glyph order rewritten
to keep CID n as glyph n. ReportLab's subsetter stays; its one flaw (the advances of glyphs after hhea's
numberOfHMetrics) is mended when the face is parsed (fonts/parse.py, mend_trailing_advances).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

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


class _CIDCodes(dict[int, str]):
    """A font's translate table, filled as characters are first met (str.translate asks __missing__)."""

    def __init__(self, font: CIDFont):
        super().__init__()
        self.font = font

    def __missing__(self, point: int) -> str:
        code = self[point] = self.font.code(point)
        return code


class CIDFont:
    """One face written into one PDF as a Type0 font: two-byte CIDs (Identity-H) in order of first use.

    ReportLab embeds a TrueType face as simple fonts of 256 glyphs each: the sample's body text needed
    five, a line switched between them about five times, and each carried its own copy of the font's
    tables, widths and ToUnicode map. Here a face is one font with one embedded program whose glyph n is
    CID n (CIDToGIDMap Identity), so a character's code is fixed when it is first drawn and a piece of
    text is encoded by one str.translate.
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
        self.memo = memo  # a warm build's: the subset made last time for the same glyphs
        self.codes = _CIDCodes(self)  # ord -> the CID in hex, learnt as str.translate asks
        self._made: tuple[bytes, PDFStream, bytes] | None = None  # a program made here, to keep (keep_made)
        self._cids: dict[int, int] = {0: 0}  # glyph index in the face -> CID
        self._firsts: list[int] = []  # the code point that first drew CID n + 1
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
        """The CID of a character in hex, giving its glyph the next CID when it is first drawn."""
        glyphs = self.face.charToGlyph
        if chr(point) in INVISIBLE:
            return ""
        source = point
        if source not in glyphs and point == 0xA0:  # preflight let it through: drawn as a space
            source = 32
        glyph = glyphs.get(source, 0)
        cid = self._cids.get(glyph)
        if cid is None:  # makeSubset numbers glyphs in the order of the code points it is given
            cid = self._cids[glyph] = len(self._firsts) + 1
            self._firsts.append(source)
        elif cid and source < self._firsts[cid - 1]:
            # Characters sharing a glyph share its CID, which copies out as one of them: the lowest
            # (a space, not a no-break space; a unified ideograph, not its compatibility twin).
            self._firsts[cid - 1] = source
        return f"{cid:04X}"

    def addObjects(self, doc: Any) -> None:  # the name ReportLab calls at save
        """Write the Type0 font, its CIDFontType2, descriptor, subset program and ToUnicode map."""
        face = self.face
        font_file, digest = self._program()
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
        default_width, widths = self._widths()
        descendant = PDFDictionary(
            {
                "Type": PDFName("Font"),
                "Subtype": PDFName("CIDFontType2"),
                "BaseFont": PDFName(base_font),
                "CIDSystemInfo": PDFDictionary(
                    {"Registry": PDFString("Adobe"), "Ordering": PDFString("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{base_font}"),
                "DW": default_width,
                "W": PDFArray(widths),
                "CIDToGIDMap": PDFName("Identity"),
            }
        )
        to_unicode = PDFStream(content=self._to_unicode().encode("ascii"))
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

    def _program(self) -> tuple[PDFStream, bytes]:
        """The FontFile2 stream and the program's digest: the program kept by the last build for these
        glyphs, compressed as it was written then (fonts/subsets.py), or the subset made now (then kept
        once the document is written: see keep_made)."""
        kept = self.files.cached_subset(self.spec, self._firsts)
        if kept is not None:
            font_file = PDFStream(content=b"")  # the stream's bytes are the filter's
            font_file.filters = [Compressed.already(kept.stream)]
            font_file.dictionary["Length1"] = kept.length
            return font_file, kept.digest
        memo = self.memo
        program = memo.subset(self.face, self._firsts, lambda _: self._subset()) if memo else self._subset()
        font_file = PDFStream(content=program)
        font_file.dictionary["Length1"] = len(program)
        font_file.filters = [PDFZCompress]  # compressed ahead by the writer (compression.py)
        digest = hashlib.blake2b(program, digest_size=8).digest()
        self._made = (program, font_file, digest)
        return font_file, digest

    def keep_made(self) -> None:
        """Once the document is written: keep the program made for it, as it was compressed there."""
        if self._made is None:
            return
        program, font_file, digest = self._made
        self._made = None
        (written,) = font_file.filters  # compressed ahead by now, or ReportLab's own filter (short ones)
        self.files.keep_subset(
            self.spec, self._firsts, KeptSubset(digest, len(program), written.encode(program))
        )

    def _subset(self) -> bytes:
        """The subset program: glyph n + 1 is the glyph of _firsts[n] (makeSubset numbers them in order).

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
            return subset_program(self.face, data, self._firsts)
        except Exception as exc:  # glyph data that parsed but cannot be copied out (a damaged glyf table)
            raise LayoutError([font_issue(spec, "font.corrupt")]) from exc

    def _widths(self) -> tuple[int | float, list[Any]]:
        """The most common advance (DW) and a W array for the CIDs whose advance differs from it."""
        advances = [self.face.getCharWidth(point) for point in self._firsts]
        default = max(set(advances), key=advances.count) if advances else 1000
        widths: list[Any] = []
        run: list[Any] = []
        run_start = 0
        for cid, advance in enumerate(advances, start=1):
            if advance == default:
                continue
            if not run or run_start + len(run) != cid:
                run, run_start = [], cid
                widths += [cid, run]
            run.append(_number(advance))
        return _number(default), [PDFArray(item) if isinstance(item, list) else item for item in widths]

    def _to_unicode(self) -> str:
        """A CMap from each CID to the text it stands for (UTF-16BE), so text copies out of the PDF."""
        entries = [f"<{cid:04X}> <{_utf16_hex(point)}>" for cid, point in enumerate(self._firsts, start=1)]
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


def _number(value: float) -> int | float:
    """An advance as the PDF should print it: an integer when it is one."""
    return int(value) if value == int(value) else value


def _utf16_hex(point: int) -> str:
    return chr(point).encode("utf-16-be").hex().upper()
