"""FontRegistry: the one owner of ReportLab font registration, glyph coverage and advance widths."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import Any

import msgspec
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFError, TTFont, TTFontFace

from briefing.errors import Issue, LayoutError, issue
from briefing.model.layout import FontSpec
from briefing.model.plan import Origin
from briefing.render.fonts.cache import load_cached, store_cached
from briefing.render.fonts.file import FontProblem, check_glyphs, check_sfnt, font_issue, read_font

# Characters that never print a glyph of their own.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


class _Face(msgspec.Struct):
    """A registered font: its ReportLab name and the code points it covers."""

    name: str
    covered: dict[int, int] = msgspec.field(default_factory=dict)
    _deletions: dict[int, None] | None = None

    def uncovered(self, text: str) -> str:
        """The characters of `text` this face has no glyph for ("" for most texts), in one C pass."""
        if self._deletions is None:
            self._deletions = dict.fromkeys(self.covered) | dict.fromkeys(map(ord, _INVISIBLE))
        return text.translate(self._deletions)


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

    def __init__(self, font: TTFont, doc: Any, spec: FontSpec | None = None):
        self.face = font.face
        self.spec = spec
        self.codes = _CIDCodes(self)  # ord -> the CID in hex, learnt as str.translate asks
        self._cids: dict[int, int] = {0: 0}  # glyph index in the face -> CID
        self._firsts: list[int] = []  # the code point that first drew CID n + 1
        # A resource name of ReportLab's kind, recorded where ReportLab puts every page's fonts.
        internal = f"F{len(doc.fontMapping) + 1}"
        doc.fontMapping[font.fontName] = "/" + internal
        doc.delayedFonts.append(self)
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
        if chr(point) in _INVISIBLE:
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
        try:
            program = face.makeSubset(self._firsts)  # glyph n + 1 of the subset is the glyph of _firsts[n]
        except Exception as exc:  # glyph data that parsed but cannot be copied out (a damaged glyf table)
            if self.spec is None:
                raise
            raise LayoutError([font_issue(self.spec, "font.corrupt")]) from exc
        digest = hashlib.blake2b(program, digest_size=8).digest()
        tag = "".join(_SUBSET_TAG_LETTERS[byte % 26] for byte in digest[:6])
        base_font = f"{tag}+{face.name.decode('latin-1')}"

        font_file = PDFStream(content=program)
        font_file.dictionary["Length1"] = len(program)
        font_file.filters = [PDFZCompress]
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
        doc.idToObject["BasicFonts"].dict[self.internal] = doc.Reference(font, self.internal)

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


class FontRegistry:
    """Registers each family's file once (idempotently, under a name derived from the file's bytes)."""

    def __init__(self, families: dict[str, FontSpec]):
        self.families = families
        self._faces: dict[str, _Face] = {}
        self._advances: dict[str, dict[str, float]] = {}
        self._runs_cache: dict[tuple[str, str], tuple[list[tuple[str, str]], str]] = {}
        self._encoders: dict[tuple[str, object], CIDFont] = {}
        self._specs: dict[str, FontSpec] = {}  # registered name -> its family's spec, for located errors
        self.synthetic_bold: list[str] = []

    def _face(self, family: str) -> _Face:
        face = self._faces.get(family)
        if face is not None:
            return face
        spec = self.families[family]
        try:
            identity = f"{spec.path.resolve()}:{spec.path.stat().st_size}:{spec.index}"
        except (OSError, RuntimeError) as exc:  # gone since the layout was read, or a loop of links
            reason = getattr(exc, "strerror", None) or "a loop of symbolic links"
            raise LayoutError([font_issue(spec, "font.unreadable", reason=reason)]) from None
        digest = hashlib.blake2b(identity.encode(), digest_size=6).hexdigest()
        name = f"{family}-{digest}"
        if name in pdfmetrics.getRegisteredFontNames():
            font = pdfmetrics.getFont(name)
        else:
            font = self._register(spec, name)
        face = _Face(name, font.face.charToGlyph)
        self._faces[family] = face
        self._specs[name] = spec
        return face

    @staticmethod
    def _register(spec: FontSpec, name: str) -> TTFont:
        data = read_font(spec)
        font = load_cached(spec, name, data)
        if font is None:
            font = _parse(spec, name, data)
            store_cached(spec, font, data)
        _unique_face_name(font, spec)
        pdfmetrics.registerFont(font)
        return font

    def name(self, family: str) -> str:
        """The ReportLab font name of a family, registering it on first use."""
        return self._face(family).name

    def chain(self, family: str) -> list[str]:
        """The family followed by its fallbacks, in order, without cycles."""
        chain: list[str] = []
        current: str | None = family
        while current and current not in chain and current in self.families:
            chain.append(current)
            current = self.families[current].fallback
        return chain

    def covers(self, family: str, char: str) -> bool:
        return char in _INVISIBLE or ord(char) in self._face(family).covered

    def runs(self, text: str, family: str) -> tuple[list[tuple[str, str]], str]:
        """Split text into (text, font name) runs along the fallback chain; also return uncovered chars."""
        key = (text, family)
        cached = self._runs_cache.get(key)
        if cached is None:
            cached = self._runs_cache[key] = self._split_runs(text, family)
        return cached

    def _split_runs(self, text: str, family: str) -> tuple[list[tuple[str, str]], str]:
        face = self._face(family)
        if not face.uncovered(text):  # the common case: the primary face has every character
            return ([(text, face.name)] if text else []), ""
        chain = self.chain(family)
        runs: list[tuple[str, str]] = []
        missing = []
        for char in text:
            chosen = next((f for f in chain if self.covers(f, char)), None)
            if chosen is None:
                missing.append(char)
                chosen = family
            name = self.name(chosen)
            if runs and runs[-1][1] == name:
                runs[-1] = (runs[-1][0] + char, name)
            else:
                runs.append((char, name))
        return runs, "".join(dict.fromkeys(missing))

    def encoder(self, font_name: str, doc: object) -> CIDFont:
        """The Type0 font of a registered face in one PDF document, made on first use."""
        key = (font_name, doc)
        encoder = self._encoders.get(key)
        if encoder is None:
            font = pdfmetrics.getFont(font_name)
            encoder = self._encoders[key] = CIDFont(font, doc, self._specs.get(font_name))
        return encoder

    def advances(self, font_name: str) -> dict[str, float]:
        """Character -> advance at 1 pt for one registered font, filled as characters are first asked for."""
        table = self._advances.get(font_name)
        if table is None:
            table = self._advances[font_name] = {}
        return table

    def measure(self, char: str, font_name: str) -> float:
        """Advance of one character at 1 pt (ReportLab widths are in 1/1000 em)."""
        table = self.advances(font_name)
        width = table.get(char)
        if width is None:
            face = pdfmetrics.getFont(font_name).face
            width = table[char] = face.charWidths.get(ord(char), face.defaultWidth) / 1000.0
        return width

    def text_width(self, text: str, font_name: str) -> float:
        """Sum of the advances of `text` at 1 pt."""
        table = self.advances(font_name)
        try:
            return sum(map(table.__getitem__, text))
        except KeyError:
            return sum(self.measure(char, font_name) for char in text)

    def string_width(self, text: str, family: str, size: float) -> float:
        """Width of a one-line string set in `family` (with its fallbacks) at `size`."""
        runs, _ = self.runs(text, family)
        return sum(self.text_width(chunk, font) for chunk, font in runs) * size

    def draw_string(self, canv, text: str, family: str, size: float, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
        """Draw a one-line string from (x, y), each fallback run in its own font."""
        canv._code.append(self.string_operators(canv._doc, text, family, size, x, y))

    def string_operators(self, doc: object, text: str, family: str, size: float, x: float, y: float) -> str:
        """The text object that draws a one-line string from (x, y) in the current fill colour."""
        runs, _ = self.runs(text, family)
        size_text = fp_str(size)
        operators = ["BT"]
        for chunk, font in runs:
            encoder = self.encoder(font, doc)
            operators.append(
                f"{encoder.name} {size_text} Tf 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm <{encoder.encode(chunk)}> Tj"
            )
            x += self.text_width(chunk, font) * size
        operators.append("ET")
        return " ".join(operators)

    def preflight(self, texts: Iterable[tuple[str, str, Origin]]) -> list[Issue]:
        """Every (text, family, origin) must be printable by the family or its fallbacks."""
        issues: list[Issue] = []
        seen: set[tuple[str, str]] = set()
        for text, family, origin in texts:
            if family not in self.families:
                continue
            _, missing = self.runs(text, family)
            if not missing:
                continue
            key = (missing, str(origin.source) + origin.field)
            if key in seen:
                continue
            seen.add(key)
            issues.append(
                issue(
                    origin.source,
                    origin.field,
                    "glyph.missing",
                    chars="".join(missing),
                    codes=" ".join(f"U+{ord(c):04X}" for c in missing),
                    font=tuple(self.chain(family)),
                )
            )
        return issues


def _mend_trailing_advances(face: TTFontFace) -> None:
    """Give the glyphs after hhea's numberOfHMetrics their advance in font units, as hmtx means it.

    ReportLab's parser hands them the last advance already scaled to 1/1000 em, and its subsetter writes
    that into the embedded hmtx: in our 256-unit fonts every such ideograph claimed an advance of 3.9 em,
    which contradicts the PDF's widths (PDF/A checkers reject it; font-based text extractors misplace).
    """
    hhea = face.table["hhea"]["offset"]
    count = int.from_bytes(face._ttf_data[hhea + 34 : hhea + 36], "big")
    if 0 < count < len(face.hmetrics):
        advance = face.hmetrics[count - 1][0]
        face.hmetrics[count:] = [(advance, lsb) for _, lsb in face.hmetrics[count:]]


def _unique_face_name(font: TTFont, spec: FontSpec) -> None:
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


def _parse(spec: FontSpec, name: str, data: bytes) -> TTFont:
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
        _mend_trailing_advances(face)
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
