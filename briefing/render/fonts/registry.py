"""FontRegistry: the one owner of ReportLab font registration, glyph coverage and advance widths."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import msgspec
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefing.errors import Issue, LayoutError, issue
from briefing.model.layout import FontSpec
from briefing.model.plan import Origin
from briefing.render.fonts.cache import load_cached, store_cached
from briefing.render.fonts.file import font_issue, read_font, read_font_span
from briefing.render.fonts.parse import parse_font, unique_face_name
from briefing.render.fonts.program import INVISIBLE, CIDFont
from briefing.render.fonts.subsets import KeptSubset, cached_subset, keep_subset
from briefing.render.memo import RenderMemo
from briefing.render.outlines import SpanReader
from briefing.render.reportlab_private import pdf_document, release_file_bytes


class _Face(msgspec.Struct):
    """A registered font: its ReportLab name and the code points it covers."""

    name: str
    covered: dict[int, int] = msgspec.field(default_factory=dict)
    _deletions: dict[int, None] | None = None

    def uncovered(self, text: str) -> str:
        """The characters of `text` this face has no glyph for ("" for most texts), in one C pass."""
        if self._deletions is None:
            self._deletions = dict.fromkeys(self.covered) | dict.fromkeys(map(ord, INVISIBLE))
        return text.translate(self._deletions)


class FontFiles:
    """Font files read for subsetting, afresh each time; kept once they have been needed twice.

    One build subsets each face once, so nothing is kept and a face's file is let go of before the
    next is read. Numbered copies subset the faces of their marks once per copy, from one registry.
    (An object of its own, not a method of the registry: the encoders hold it, and holding the registry
    would make a cycle that keeps every document alive until the cycle collector runs.)
    """

    def __init__(self, subset_cache: bool = True) -> None:
        self._kept: dict[str, bytes] = {}
        self._read: set[str] = set()
        self._subset_cache = subset_cache
        self._subsets_kept: set[str] = set()

    def read(self, spec: FontSpec) -> bytes:
        key = _file_key(spec)
        data = self._kept.get(key)
        if data is None:
            data = read_font(spec)
            if key in self._read:
                self._kept[key] = data
            self._read.add(key)
        return data

    def kept(self) -> int:
        """How many files are kept."""
        return len(self._kept)

    def cached_subset(self, spec: FontSpec, firsts: list[int]) -> KeptSubset | None:
        """The program a build made before for this face and these code points (fonts/subsets.py)."""
        return cached_subset(spec, firsts) if self._subset_cache else None

    def keep_subset(self, spec: FontSpec, firsts: list[int], subset: KeptSubset) -> None:
        """Keep a face's first subset of this registry for the next build (the document's; not each
        numbered copy's marks, which differ from copy to copy and would only replace it)."""
        key = _file_key(spec)
        if self._subset_cache and key not in self._subsets_kept:
            self._subsets_kept.add(key)
            keep_subset(spec, firsts, subset)


def _file_key(spec: FontSpec) -> str:
    return f"{spec.path}:{spec.index}"


class FontRegistry:
    """Registers each family's file once (idempotently, under a name derived from the file's bytes)."""

    def __init__(
        self, families: dict[str, FontSpec], memo: RenderMemo | None = None, *, subset_cache: bool = True
    ):
        """`subset_cache`: take and keep subsets between builds (fonts/subsets.py); not for copies' marks."""
        self.families = families
        self.memo = memo  # a warm build's: the tables below and font subsets, kept from the last render
        tables = memo.font_tables if memo is not None else {}
        self._faces: dict[str, _Face] = tables.setdefault("faces", {})
        self._advances: dict[str, dict[str, float]] = tables.setdefault("advances", {})
        self._runs_cache: dict[tuple[str, str], tuple[list[tuple[str, str]], str]] = tables.setdefault(
            "runs", {}
        )
        self._encoders: dict[tuple[str, object], CIDFont] = {}
        # registered name -> its family's spec, for located errors
        self._specs: dict[str, FontSpec] = tables.setdefault("specs", {})
        self.synthetic_bold: list[str] = []
        self.files = FontFiles(subset_cache)  # the font files the subsetter reads

    def _face(self, family: str) -> _Face:
        face = self._faces.get(family)
        if face is not None:
            return face
        spec = self.families[family]
        try:
            # The file as it is now: a font replaced in place (even by one of the same size) is another font.
            info = spec.path.stat()
            identity = f"{spec.path.resolve()}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{spec.index}"
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
        font = load_cached(spec, name)
        if font is None:
            data = read_font(spec)
            font = parse_font(spec, name, data)
            store_cached(spec, font, data)
            release_file_bytes(font.face)  # read again, one face at a time, when it is subset
        unique_face_name(font, spec)
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
        return char in INVISIBLE or ord(char) in self._face(family).covered

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

    def keep_subsets(self) -> None:
        """After a document is written: keep the subset programs made for it for the next build."""
        for encoder in self._encoders.values():
            encoder.keep_made()

    def encoder(self, font_name: str, doc: object) -> CIDFont:
        """The Type0 font of a registered face in one PDF document, made on first use."""
        key = (font_name, doc)
        encoder = self._encoders.get(key)
        if encoder is None:
            font = pdfmetrics.getFont(font_name)
            spec = self._specs[font_name]
            encoder = self._encoders[key] = CIDFont(font, doc, spec, self.files, self.memo)
        return encoder

    def glyph_reader(self, font_name: str) -> SpanReader:
        """Spans of a registered font's file, for drawing outlines: only the glyphs asked for are read."""
        spec = self._specs[font_name]
        return lambda start, end: read_font_span(spec, start, end)

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

    def draw_string(self, canv: Canvas, text: str, family: str, size: float, x: float, y: float) -> None:
        """Draw a one-line string from (x, y), each fallback run in its own font."""
        canv.addLiteral(self.string_operators(pdf_document(canv), text, family, size, x, y))

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
