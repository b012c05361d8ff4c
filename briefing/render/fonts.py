"""FontRegistry: the one owner of ReportLab font registration, glyph coverage and advance widths."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from briefing.errors import Issue, LayoutError, issue
from briefing.model import FontSpec

# Characters that never print a glyph of their own.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@dataclass
class _Face:
    """A registered font: its ReportLab name and the code points it covers."""

    name: str
    covered: dict[int, int] = field(repr=False, default_factory=dict)
    _chars: frozenset[str] | None = field(repr=False, default=None)

    @property
    def chars(self) -> frozenset[str]:
        if self._chars is None:
            self._chars = frozenset(map(chr, self.covered)) | _INVISIBLE
        return self._chars


class SubsetEncoder:
    """Text to PDF string operands for one font in one document: ReportLab's 256-glyph subset codes, escaped.

    ReportLab's splitString walks every character in Python and the result is escaped in a second pass;
    here each character's escaped code and subset are learnt once (from ReportLab, so its subsets and ours
    agree) and a piece of text is then encoded by two str.translate calls.
    """

    def __init__(self, font: TTFont, doc: object):
        self.font = font
        self.doc = doc
        self.known: set[str] = set()
        self.codes: dict[int, str] = {}  # character -> its escaped code byte
        self.subsets: dict[int, str] = {}  # character -> chr(subset number)
        self.names: dict[str, str] = {}  # chr(subset number) -> the PDF font resource name

    def _learn(self, text: str) -> None:
        new = "".join(dict.fromkeys(c for c in text if c not in self.known))
        self.font.splitString(new, self.doc)  # ReportLab assigns the codes, in order of first use
        assignments = self.font.state[self.doc].assignments
        for char in new:
            code = assignments.get(32 if char == "\xa0" else ord(char), 0)
            self.codes[ord(char)] = escapePDF(bytes([code & 0xFF]))
            subset = chr(code >> 8)
            self.subsets[ord(char)] = subset
            if subset not in self.names:
                self.names[subset] = self.font.getSubsetInternalName(code >> 8, self.doc)
        self.known.update(new)

    def runs(self, text: str) -> list[tuple[str, str, str]]:
        """(font resource name, escaped string, the text it encodes) per run of one subset."""
        if not text:
            return []
        if not self.known.issuperset(text):
            self._learn(text)
        subsets = text.translate(self.subsets)
        first = subsets[0]
        if subsets.count(first) == len(subsets):
            return [(self.names[first], text.translate(self.codes), text)]
        out = []
        start = 0
        for end in range(1, len(text) + 1):
            if end == len(text) or subsets[end] != subsets[start]:
                chunk = text[start:end]
                out.append((self.names[subsets[start]], chunk.translate(self.codes), chunk))
                start = end
        return out


class FontRegistry:
    """Registers each family's file once (idempotently, under a name derived from the file's bytes)."""

    def __init__(self, families: dict[str, FontSpec]):
        self.families = families
        self._faces: dict[str, _Face] = {}
        self._advances: dict[str, dict[str, float]] = {}
        self._runs_cache: dict[tuple[str, str], tuple[list[tuple[str, str]], str]] = {}
        self._encoders: dict[tuple[str, object], SubsetEncoder] = {}
        self.synthetic_bold: list[str] = []

    def _face(self, family: str) -> _Face:
        face = self._faces.get(family)
        if face is not None:
            return face
        spec = self.families[family]
        digest = hashlib.blake2b(
            f"{spec.path.resolve()}:{spec.path.stat().st_size}:{spec.index}".encode(), digest_size=6
        ).hexdigest()
        name = f"{family}-{digest}"
        if name in pdfmetrics.getRegisteredFontNames():
            font = pdfmetrics.getFont(name)
        else:
            font = self._register(spec, name)
        face = _Face(name, font.face.charToGlyph)
        self._faces[family] = face
        return face

    @staticmethod
    def _register(spec: FontSpec, name: str) -> TTFont:
        try:
            font = load_cached(spec, name) or TTFont(
                name, str(spec.path), subfontIndex=spec.index, asciiReadable=False
            )
        except TTFError as exc:
            reason = str(exc)
            code = "font.no-embedding" if "embedding" in reason or "subsetting" in reason else "font.unusable"
            raise LayoutError(
                [issue(spec.source, f"families.{spec.family}", code, file=str(spec.path), reason=reason)]
            ) from None
        except (OSError, ValueError, IndexError, KeyError) as exc:
            raise LayoutError(
                [
                    issue(
                        spec.source,
                        f"families.{spec.family}",
                        "font.unusable",
                        file=str(spec.path),
                        reason=str(exc),
                    )
                ]
            ) from None
        store_cached(spec, font)
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
        if face.chars.issuperset(text):  # the common case: the primary face has every character
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

    def encoder(self, font_name: str, doc: object) -> SubsetEncoder:
        """The subset encoder of a registered font for one PDF document."""
        key = (font_name, doc)
        encoder = self._encoders.get(key)
        if encoder is None:
            encoder = self._encoders[key] = SubsetEncoder(pdfmetrics.getFont(font_name), doc)
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
        runs, _ = self.runs(text, family)
        for chunk, font in runs:
            canv.setFont(font, size)
            canv.drawString(x, y, chunk)
            x += self.text_width(chunk, font) * size

    def preflight(self, texts: Iterable[tuple[str, str, object]]) -> list[Issue]:
        """Every (text, family, origin) must be printable by the family or its fallbacks."""
        issues: list[Issue] = []
        seen: set[tuple[str, str]] = set()
        for text, family, origin in texts:
            if family not in self.families:
                continue
            _, missing = self.runs(text, family)
            if not missing:
                continue
            key = (missing, str(getattr(origin, "source", "")) + str(getattr(origin, "field", "")))
            if key in seen:
                continue
            seen.add(key)
            issues.append(
                issue(
                    origin.source,
                    origin.field,
                    "glyph.missing",  # type: ignore[attr-defined]
                    chars="".join(missing),
                    codes=" ".join(f"U+{ord(c):04X}" for c in missing),
                    font="、".join(self.chain(family)),
                )
            )
        return issues


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


# Parsing a 9,000-glyph TrueType file costs ReportLab about 50 ms; the parsed tables are cached per file.
def cache_dir() -> Path:
    base = os.environ.get("BRIEFING_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "fonts"


def _cache_path(spec: FontSpec) -> Path:
    stat = spec.path.stat()
    key = f"{spec.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{spec.index}|{reportlab.Version}|2"
    return cache_dir() / (hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".pickle")


def load_cached(spec: FontSpec, name: str) -> TTFont | None:
    """The parsed font from the cache, or None (never raises: a bad cache only costs the parse)."""
    try:
        path = _cache_path(spec)
        if not path.is_file():
            return None
        with path.open("rb") as stream:
            font_state, face_state = pickle.load(stream)
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(face_state)
        face._ttf_data = spec.path.read_bytes()
        face.glyphToChar = {}  # only HarfBuzz shaping reads it, and only for glyphs it adds itself
        units = face.unitsPerEm
        face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
        font = TTFont.__new__(TTFont)
        font.__dict__.update(font_state)
        font.fontName = name
        font.face = face
        font.state = WeakKeyDictionary()
        return font
    except Exception:  # a stale or foreign cache file must never break a build
        return None


# The file's bytes are read afresh; the scale is a lambda; glyphToChar (a dict of lists, a third of the
# unpickling time) is only used while ReportLab parses the file.
_NOT_CACHED = ("_ttf_data", "_pdfScale", "glyphToChar")


def store_cached(spec: FontSpec, font: TTFont) -> None:
    try:
        path = _cache_path(spec)
        if path.is_file():
            return
        face_state = {k: v for k, v in vars(font.face).items() if k not in _NOT_CACHED}
        font_state = {k: v for k, v in vars(font).items() if k not in ("face", "state", "fontName")}
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((font_state, face_state), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # caching is an optimisation; a read-only home must not fail the build
        return
