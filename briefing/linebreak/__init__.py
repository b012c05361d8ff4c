"""GB/T 15834 line breaking and justification of CJK paragraphs: (text, font) spans in, positioned lines out."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from operator import add
from typing import NamedTuple, overload

import msgspec

from briefing.linebreak.justify import TIGHT, Spread, kinds, spread
from briefing.linebreak.rules import (
    CANNOT_END,
    CANNOT_START,
    FULL_WIDTH,
    HANGING,
    INK_LEFT,
    INK_RIGHT,
    PUNCT_RUN,
    TIGHT_RUN,
    break_flags,
    is_hanzi,
)

__all__ = [
    "CANNOT_END",
    "CANNOT_START",
    "HANGING",
    "Line",
    "Measure",
    "Piece",
    "Style",
    "break_paragraph",
]

Measure = Callable[[str, str], float]
"""(one character, font name) -> advance width in pt at the paragraph's size."""

ALIGNS = ("justify", "left", "center", "right")

# Longer runs of forbidden starters are pulled down rather than squeezed in.
_MAX_PUSH_IN = 3
# How far past a loose line's break a chunk may end and still be pulled up by squeezing marks.
_PULL_UP = 16
_EPS = 1e-6
# A paragraph longer than this (a whole report pasted into one table cell) keeps its edges in arrays of
# doubles and makes each Line only when asked for: its memory is a few dozen bytes a character, whatever
# the column width, instead of a few hundred bytes a line (a narrow column has a line per character).
_LONG = 1 << 14
# A paragraph's last line is not left with one character (and the marks after it) when the line above can
# take it; a mark or a space alone is not such a character.
_MARKS = CANNOT_START | CANNOT_END | {" ", "—", "―", "…", "⋯"}


class Style(msgspec.Struct, frozen=True):
    """How one paragraph is set; lengths in pt."""

    width: float
    size: float
    first_indent: float = 0.0
    tracking: float = 0.0
    align: str = "justify"
    compress_punct: bool = False
    cjk_latin_space: bool = False
    hang_punct: bool = False

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {', '.join(ALIGNS)}, not {self.align!r}")


class Piece(NamedTuple):
    """A run of one font drawn with one character spacing (PDF Tc, added after every glyph).

    Pieces and lines are named tuples: a packet makes tens of thousands, and a tuple is built as fast
    as a msgspec Struct, three times faster than a frozen dataclass.
    """

    text: str
    font: str
    x: float
    char_space: float


class Line(NamedTuple):
    """One finished line; `width` is the right edge of the last glyph's advance box."""

    pieces: tuple[Piece, ...]
    text: str
    width: float
    last: bool
    adjusted: bool


def break_paragraph(
    spans: Sequence[tuple[str, str]],
    style: Style,
    measure: Measure,
    widths: dict[str, dict[str, float]] | None = None,
) -> Sequence[Line]:
    """Break and justify one paragraph given as (text, font) runs.

    `widths` (font -> character -> advance) caches what `measure` said; pass the same dict for every
    paragraph set at one size and each character is measured once per build, not once per paragraph.
    The lines are a list, or for a paragraph over _LONG characters a sequence that makes each on access.
    """
    return _Paragraph(spans, style, measure, {} if widths is None else widths).lines()


def _edges(
    advances: list[float], tracking: float, gap: dict[int, float]
) -> tuple[Sequence[float], Sequence[float]]:
    """X[i], the left edge of glyph i on one endless line, and R[i], its right edge: a line s..c is
    R[c] - X[s] wide. Lists for a paragraph of usual length (quicker to build and read); for a long one,
    arrays of doubles filled a slice at a time (8 bytes a character instead of 32), with the same sums."""
    if len(advances) <= _LONG:
        steps = [a + tracking for a in advances]
        for i, g in gap.items():
            steps[i - 1] += g
        edges = list(accumulate(steps, initial=0.0))
        return edges, list(map(add, edges, advances))
    X, R = array("d", [0.0]), array("d")
    gaps = sorted(gap.items())
    k = 0
    for start in range(0, len(advances), _LONG):
        chunk = advances[start : start + _LONG]
        steps = [a + tracking for a in chunk]
        while k < len(gaps) and gaps[k][0] - 1 < start + len(chunk):
            i, g = gaps[k]
            steps[i - 1 - start] += g
            k += 1
        chunk_edges = list(accumulate(steps, initial=X[-1]))
        X.fromlist(chunk_edges[1:])
        R.fromlist(list(map(add, chunk_edges, chunk)))
    return X, R


class _Paragraph:
    """The per-paragraph arrays the breaker works on; built once, read by every line."""

    def __init__(
        self,
        spans: Sequence[tuple[str, str]],
        style: Style,
        measure: Measure,
        widths: dict[str, dict[str, float]],
    ):
        self.style = style
        self.starts: list[int] = []
        self.fonts: list[str] = []
        advances: list[float] = []
        parts: list[str] = []
        offset = 0
        for text, font in spans:
            if not text:
                continue
            if not self.fonts or self.fonts[-1] != font:
                self.starts.append(offset)
                self.fonts.append(font)
            cache = widths.setdefault(font, {})
            for char in set(text).difference(cache):
                cache[char] = measure(char, font)
            advances.extend(map(cache.__getitem__, text))
            parts.append(text)
            offset += len(text)
        self.text = text = "".join(parts)
        self.n = len(text)
        self.adv = advances
        self._flags: tuple[bytearray, bytearray] | None = None  # (legal, inside); only a break needs them

        # gap[i] changes the space between glyphs i-1 and i: quarter-em CJK/Latin spaces, squeezed pairs.
        self.halved: set[int] = set()
        gap: dict[int, float] = {}
        if style.cjk_latin_space:
            quarter = style.size / 4
            for m in TIGHT_RUN.finditer(text):
                start, end = m.span()
                if start > 0 and is_hanzi(text[start - 1]):
                    gap[start] = quarter
                if end < len(text) and is_hanzi(text[end]):
                    gap[end] = quarter
        if style.compress_punct:
            self._compress_pairs(gap)
        self.gap = gap

        self.X, self.R = _edges(advances, style.tracking, gap)
        # What each character is for spacing; only justified lines are spread.
        self.kind = kinds(text, advances, style.size) if style.align == "justify" else bytearray()
        self.cuts = sorted({*self.starts[1:], *gap})

    def flags(self) -> tuple[bytearray, bytearray]:
        """(legal, inside) per position, see rules.break_flags; computed on the first break."""
        if self._flags is None:
            self._flags = break_flags(self.text)
        return self._flags

    def _compress_pairs(self, gap: dict[int, float]) -> None:
        """Adjacent marks: take away the empty half that faces the other mark, once per mark."""
        text, adv, halved = self.text, self.adv, self.halved
        full = FULL_WIDTH * self.style.size
        for m in PUNCT_RUN.finditer(text):
            for a in range(m.start(), m.end() - 1):
                b = a + 1
                if text[a] in INK_LEFT and a not in halved and adv[a] >= full:
                    gap[b] = gap.get(b, 0.0) - adv[a] / 2
                    halved.add(a)
                elif text[b] in INK_RIGHT and adv[b] >= full:
                    gap[b] = gap.get(b, 0.0) - adv[b] / 2
                    halved.add(b)

    def lines(self) -> Sequence[Line]:
        text, n, R, X = self.text, self.n, self.R, self.X
        style = self.style
        if not text.strip(" "):
            return []
        # A long paragraph keeps per line its first and last character and whether it was adjusted (bit 0)
        # or ends in a hung mark (bit 1), the rare squeezed lines their squeeze by line number; see _Lines.
        out: list[Line] | None = [] if n <= _LONG else None
        firsts, lasts, marks = array("q"), array("q"), bytearray()
        squeezes: dict[int, dict[int, float]] = {}
        index = 0
        s = 0
        justify = style.align == "justify"
        while s < n:
            indent = style.first_indent if index == 0 else 0.0
            avail = style.width - indent
            limit = X[s] + avail + _EPS
            e = bisect_right(R, limit, s)
            # R only fails to rise at zero-width glyphs under negative tracking; walk back to a true fit.
            while e > s + 1 and R[e - 1] > limit:
                e -= 1
            e = max(e, s + 1)
            while e < n and text[e] == " ":
                e += 1
            squeeze: dict[int, float] = {}
            hung = False
            if e >= n:
                end = e  # the rest fits: most table cells are one line and never need the rules
            elif (legal := self.flags()[0])[e]:
                end = e
            else:
                # Only a break within _MAX_PUSH_IN can pull marks in: look no further (a search to the
                # end of a long unbreakable run, line after line, was quadratic).
                nxt = legal.find(1, e + 1, e + _MAX_PUSH_IN + 1)
                end = -1
                if nxt > 0 and all(text[j] in CANNOT_START for j in range(e, nxt)):
                    if style.compress_punct:
                        squeeze = self._squeeze(s, nxt - 1, avail)
                        if squeeze:
                            end = nxt
                    if end < 0 and style.hang_punct and nxt - e == 1 and text[e] in HANGING:
                        end, hung = nxt, True
                if end < 0:
                    end = legal.rfind(1, s + 1, e)
                if end < 0:
                    # Nothing in reach may legally end the line: the cluster is longer than the line. Break
                    # it, keeping number/word tokens whole unless a token is itself too long.
                    end = self.flags()[1].rfind(0, s + 1, e + 1)
                    if end < 0:
                        end = e
            if justify and end < n:
                end, squeeze, hung = self._retouch(index, s, end, squeeze, hung)
            c = self._trim(s, end)
            nxt_start = end
            while nxt_start < n and text[nxt_start] == " ":
                nxt_start += 1
            mark = (end != e) | hung << 1
            if out is not None:
                out.append(self._line(index, s, c, mark, squeeze, nxt_start >= n))
            else:
                if squeeze:
                    squeezes[index] = squeeze
                firsts.append(s)
                lasts.append(c)
                marks.append(mark)
            index += 1
            s = nxt_start
        if out is not None:
            return out
        # Only making lines is left: let go of what breaking needed.
        self.adv, self.gap, self.halved, self._flags = [], {}, set(), None
        return _Lines(self, firsts, lasts, marks, squeezes)

    def _trim(self, s: int, end: int) -> int:
        """The last character of a line that breaks before `end`: spaces at a break are dropped."""
        c = end - 1
        while c > s and self.text[c] == " ":
            c -= 1
        return c

    def _avail(self, index: int) -> float:
        return self.style.width - (self.style.first_indent if index == 0 else 0.0)

    def _too_loose(self, index: int, s: int, end: int) -> bool:
        """Whether justifying the line s..end-1 would open its gaps past size / 16 (see justify.spread)."""
        c = self._trim(s, end)
        slack = self._avail(index) - (self.R[c] - self.X[s])
        if slack <= self.style.size / 16 or c <= s:
            return False
        return spread(self.kind, s, c, slack, self.style.size, self.style.cjk_latin_space).loose

    def _retouch(
        self, index: int, s: int, end: int, squeeze: dict[int, float], hung: bool
    ) -> tuple[int, dict[int, float], bool]:
        """Second thoughts on a justified line's break, as a typesetter has them.

        A line that could only be filled by opening the gaps between hanzi wide takes the next legal chunk
        in instead, when the layout lets marks be compressed and squeezing the blank halves of its marks
        makes room (GB/T 15834 §5.1.10–11). A paragraph is not left with one character on its last line:
        the line above takes it the same way, or, if it cannot, gives the last line one more character when
        that keeps the texture even.
        """
        text, n = self.text, self.n
        legal = self.flags()[0]
        avail = self._avail(index)
        squeezable = self.style.compress_punct
        if squeezable and not squeeze and not hung and self._too_loose(index, s, end):
            # Squeezing gives at most half a character a mark: a chunk further off cannot come up.
            nxt = legal.find(1, end + 1, end + _PULL_UP + 1)
            taken = self._squeeze(s, self._trim(s, nxt), avail) if nxt > 0 else {}
            if taken:
                end, squeeze = nxt, taken
        # Only the end of a paragraph is looked at: slicing the rest, line after line, would be quadratic.
        rest = text[end:].lstrip(" ") if n - end <= 64 else ""
        if 0 < len(rest) <= 4 and rest[0] not in _MARKS and all(ch in CANNOT_START for ch in rest[1:]):
            taken = self._squeeze(s, self._trim(s, n), avail) if squeezable else {}
            if taken or self.R[self._trim(s, n)] - self.X[s] <= avail + _EPS:
                return n, taken, False
            earlier = legal.rfind(1, s + 1, end)
            if earlier > 0 and not self._too_loose(index, s, earlier):
                return earlier, {}, False
        return end, squeeze, hung

    def _squeeze(self, s: int, c: int, avail: float) -> dict[int, float]:
        """Squeeze the empty halves of the line's marks just enough to fit s..c; {} if they cannot.

        The half of a closing mark that ends the line goes first (§5.1.10: a line-end mark may take half a 字;
        that half is blank and past the ink, so nobody sees it go). Only what it cannot give is taken from
        the marks inside the line, in proportion, so a pushed-in line does not show squeezed commas needlessly.
        """
        need = self.R[c] - self.X[s] - avail
        text, adv, halved = self.text, self.adv, self.halved
        full = FULL_WIDTH * self.style.size
        room: dict[int, float] = {}
        for j in range(s, c + 1):
            if j in halved or adv[j] < full:
                continue
            if text[j] in INK_LEFT:
                gap = j + 1  # the gap after j; for j == c, the end of the line
            elif text[j] in INK_RIGHT and j > s:
                gap = j
            else:
                continue
            room[gap] = room.get(gap, 0.0) + adv[j] / 2
        at_end = room.pop(c + 1, 0.0)
        inner = sum(room.values())
        if need <= 0 or at_end + inner + _EPS < need:
            return {}
        end = min(at_end, need)
        rest = need - end
        squeeze = {g: h * rest / inner for g, h in room.items()} if rest > _EPS else {}
        if end > 0:
            squeeze[c + 1] = end
        return squeeze

    def _line(self, index: int, s: int, c: int, mark: int, squeeze: dict[int, float], last: bool) -> Line:
        """Line `index`, characters s..c: adjusted if mark & 1, ending in a hung mark if mark & 2."""
        style, X, R = self.style, self.X, self.R
        indent = style.first_indent if index == 0 else 0.0
        avail = style.width - indent
        hung = bool(mark & 2)
        squeezed = sum(squeeze.values())
        edge = c - 1 if hung and c > s else c  # the glyph that meets the right edge
        natural = R[edge] - X[s] - squeezed
        shared = None
        x0 = indent
        if style.align == "justify":
            if not last and edge > s and abs(avail - natural) > _EPS:
                shared = spread(self.kind, s, edge, avail - natural, style.size, style.cjk_latin_space)
        elif style.align == "center":
            x0 += (avail - natural) / 2
        elif style.align == "right":
            x0 += avail - natural

        bounds = self.cuts[bisect_right(self.cuts, s) : bisect_right(self.cuts, c)]
        if squeeze:
            bounds = sorted({*bounds, *(g for g in squeeze if g <= c)})
        if shared is not None:
            return self._spread_line(s, c, x0, shared, bounds, squeeze, last, bool(mark & 1))
        text, starts, fonts = self.text, self.starts, self.fonts
        bounds.append(c + 1)
        pieces = []
        start = s
        shift = 0.0
        for b in bounds:
            font = fonts[bisect_right(starts, start) - 1]
            pieces.append(Piece(text[start:b], font, x0 + X[start] - X[s] - shift, style.tracking))
            shift += squeeze.get(b, 0.0)
            start = b
        return Line(tuple(pieces), text[s : c + 1], x0 + R[c] - X[s] - squeezed, last, bool(mark & 1))

    def _spread_line(
        self,
        s: int,
        c: int,
        x0: float,
        shared: Spread,
        bounds: list[int],
        squeeze: dict[int, float],
        last: bool,
        adjusted: bool,
    ) -> Line:
        """A justified line whose gaps take different extras: a new piece at every boundary and mark (and
        wherever the font or a fixed gap changes), each at its own x with its own character spacing, so
        drawing stays one Tj per piece. A piece is all number or word (spacing as set) or all hanzi and
        marks (the even extra): the gaps between the two kinds are boundaries."""
        X, text, starts, fonts, kind = self.X, self.text, self.starts, self.fonts, self.kind
        tracking = self.style.tracking
        special = shared.boundaries
        points = sorted({*bounds, *special})
        points.append(c + 1)
        pieces = []
        start = s
        added = 0.0  # extra space before character `start`
        shift = 0.0  # squeeze before character `start`
        for b in points:
            inner = 0.0 if kind[start] == TIGHT else shared.even
            font = fonts[bisect_right(starts, start) - 1]
            x = x0 + X[start] - X[s] + added - shift
            pieces.append(Piece(text[start:b], font, x, tracking + inner))
            added += inner * (b - start - 1)
            if b <= c:
                if b in special:
                    added += special[b]
                elif kind[b - 1] != TIGHT and kind[b] != TIGHT:
                    added += shared.even
                shift += squeeze.get(b, 0.0)
            start = b
        width = x0 + self.R[c] - X[s] + added - sum(squeeze.values())
        return Line(tuple(pieces), text[s : c + 1], width, last, adjusted)


_NO_SQUEEZE: dict[int, float] = {}


class _Lines(Sequence[Line]):
    """A paragraph's lines kept as two integers and a flag byte each; a Line is made when asked for."""

    def __init__(
        self,
        paragraph: _Paragraph,
        firsts: array[int],
        lasts: array[int],
        marks: bytearray,
        squeezes: dict[int, dict[int, float]],
    ):
        self._paragraph = paragraph
        self._firsts = firsts
        self._lasts = lasts
        self._marks = marks
        self._squeezes = squeezes

    def __len__(self) -> int:
        return len(self._firsts)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        count = len(self._firsts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        squeeze = self._squeezes.get(index, _NO_SQUEEZE)
        return self._paragraph._line(
            index, self._firsts[index], self._lasts[index], self._marks[index], squeeze, index == count - 1
        )

    def __iter__(self) -> Iterator[Line]:
        return map(self.__getitem__, range(len(self)))
