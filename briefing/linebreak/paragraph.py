"""A paragraph as the breaker reads it: text, fonts, advances, fixed gaps and every glyph's edges."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import add

from briefing.linebreak.justify import Gaps, gaps, kinds
from briefing.linebreak.records import Measure, Style
from briefing.linebreak.rules import (
    FULL_WIDTH,
    INK_LEFT,
    INK_RIGHT,
    break_flags,
    is_hanzi,
    patterns,
    soft_breaks,
)

EPS = 1e-6


class Paragraph:
    """The per-paragraph arrays the breaker works on; built once, read by every line.

    A paragraph longer than `long` characters keeps its edges in arrays of doubles (see edges).
    """

    def __init__(
        self,
        spans: Sequence[tuple[str, str]],
        style: Style,
        measure: Measure,
        widths: dict[str, dict[str, float]],
        long: int,
        joins: Sequence[int] = (),
    ):
        self.style = style
        self.joins = joins  # positions where the text asked for no break (a WORD JOINER stood there)
        # Of those, where the rules would have let the line break: a joined run longer than a line breaks
        # there, as plain text would, before anywhere else (never inside the digits of its number).
        self.joined_breaks = bytearray(len(joins) and max(joins) + 1)
        self.justify = style.align == "justify"
        self.starts, self.fonts, self.adv, self.text = _runs(spans, measure, widths)
        self.n = len(self.text)
        self._flags: tuple[bytearray, bytearray] | None = None  # (legal, inside); only a break needs them
        self._soft: bytearray | None = None  # only a loose line needs these
        self._kind: bytearray | None = None  # only a spread line needs these two
        self._gaps: Gaps | None = None

        # gap[i] changes the space between glyphs i-1 and i: quarter-em CJK/Latin spaces, squeezed pairs.
        self.halved: set[int] = set()
        gap = _cjk_latin_gaps(self.text, style.size) if style.cjk_latin_space else {}
        if style.compress_punct:
            _compress_pairs(self.text, self.adv, FULL_WIDTH * style.size, gap, self.halved)
        self.gap = gap
        self.X, self.R = edges(self.adv, style.tracking, gap, long)
        self.cuts = sorted({*self.starts[1:], *gap}) if gap or len(self.starts) > 1 else []

    def flags(self) -> tuple[bytearray, bytearray]:
        """(legal, inside) per position, see rules.break_flags; computed on the first break."""
        if self._flags is None:
            legal, inside = self._flags = break_flags(self.text)
            for j in self.joins:
                if 0 < j < self.n:
                    if legal[j]:  # where plain text could break: first choice when the entry must
                        self.joined_breaks[j] = 1
                    legal[j], inside[j] = 0, 1  # joined like a number: broken only if longer than a line
        return self._flags

    def soft(self) -> bytearray:
        """Where a loose line may break inside a token (rules.soft_breaks); never where the text joined."""
        if self._soft is None:
            self._soft = soft_breaks(self.text)
            for j in self.joins:
                if 0 < j < self.n:
                    self._soft[j] = 0
        return self._soft

    @property
    def kind(self) -> bytearray:
        """What each character is for spacing (justify.kinds); only justified lines are spread."""
        if self._kind is None:
            self._kind = kinds(self.text, self.adv, self.style.size) if self.justify else bytearray()
        return self._kind

    @property
    def gaps(self) -> Gaps:
        """The class of every gap (justify.gaps), for sharing a line's slack."""
        if self._gaps is None:
            self._gaps = gaps(self.kind)
        return self._gaps

    def release(self) -> None:
        """Let go of what only breaking needs, keeping what making lines later reads."""
        _ = self.gaps if self.justify else None
        self.adv, self.gap, self.halved, self._flags, self._soft = [], {}, set(), None, None

    def font_at(self, i: int) -> str:
        """The font of character i."""
        fonts = self.fonts
        return fonts[0] if len(fonts) == 1 else fonts[bisect_right(self.starts, i) - 1]

    def avail(self, index: int) -> float:
        """The width line `index` may fill: the first line's indent taken off."""
        return self.style.width - (self.style.first_indent if index == 0 else 0.0)

    def trim(self, s: int, end: int) -> int:
        """The last character of a line that breaks before `end`: spaces at a break are dropped."""
        c = end - 1
        text = self.text
        while c > s and text[c] == " ":
            c -= 1
        return c

    def skip_spaces(self, end: int) -> int:
        """Where the line after a break at `end` starts: the spaces at the break are dropped."""
        text, n = self.text, self.n
        while end < n and text[end] == " ":
            end += 1
        return end


def fit(p: Paragraph, s: int, avail: float) -> int:
    """The first character from s on that does not fit the line (at least one does), spaces after it
    taken in."""
    X, R, text, n = p.X, p.R, p.text, p.n
    limit = X[s] + avail + EPS
    e = bisect_right(R, limit, s)
    # R only fails to rise at zero-width glyphs under negative tracking; walk back to a true fit.
    while e > s + 1 and R[e - 1] > limit:
        e -= 1
    if e <= s:
        e = s + 1
    while e < n and text[e] == " ":
        e += 1
    return e


def _runs(
    spans: Sequence[tuple[str, str]], measure: Measure, widths: dict[str, dict[str, float]]
) -> tuple[list[int], list[str], list[float], str]:
    """(first character of each font run, its font, every character's advance, the text)."""
    starts: list[int] = []
    fonts: list[str] = []
    advances: list[float] = []
    parts: list[str] = []
    offset = 0
    for text, font in spans:
        if not text:
            continue
        if not fonts or fonts[-1] != font:
            starts.append(offset)
            fonts.append(font)
        cache = widths.get(font)
        if cache is None:
            cache = widths[font] = {}
        for char in set(text).difference(cache):
            cache[char] = measure(char, font)
        advances.extend(map(cache.__getitem__, text))
        parts.append(text)
        offset += len(text)
    return starts, fonts, advances, "".join(parts)


def _cjk_latin_gaps(text: str, size: float) -> dict[int, float]:
    """A quarter em between a hanzi and a number or Latin word, on both sides."""
    gap: dict[int, float] = {}
    quarter = size / 4
    for m in patterns().tight_run.finditer(text):
        start, end = m.span()
        if start > 0 and is_hanzi(text[start - 1]):
            gap[start] = quarter
        if end < len(text) and is_hanzi(text[end]):
            gap[end] = quarter
    return gap


def _compress_pairs(
    text: str, adv: list[float], full: float, gap: dict[int, float], halved: set[int]
) -> None:
    """Adjacent marks: take away the empty half that faces the other mark, once per mark."""
    for m in patterns().punct_run.finditer(text):
        for a in range(m.start(), m.end() - 1):
            b = a + 1
            if text[a] in INK_LEFT and a not in halved and adv[a] >= full:
                gap[b] = gap.get(b, 0.0) - adv[a] / 2
                halved.add(a)
            elif text[b] in INK_RIGHT and adv[b] >= full:
                gap[b] = gap.get(b, 0.0) - adv[b] / 2
                halved.add(b)


def edges(
    advances: list[float], tracking: float, gap: dict[int, float], long: int
) -> tuple[Sequence[float], Sequence[float]]:
    """X[i], the left edge of glyph i on one endless line, and R[i], its right edge: a line s..c is
    R[c] - X[s] wide. Lists for a paragraph of usual length (quicker to build and read); for one over
    `long` characters, arrays of doubles filled a slice at a time (8 bytes a character instead of 32),
    with the same sums."""
    if len(advances) <= long:
        if tracking == 0.0 and not gap:
            lefts = list(accumulate(advances, initial=0.0))  # a + 0.0 is a: the same sums, one pass less
        else:
            steps = [a + tracking for a in advances]
            for i, g in gap.items():
                steps[i - 1] += g
            lefts = list(accumulate(steps, initial=0.0))
        return lefts, list(map(add, lefts, advances))
    X, R = array("d", [0.0]), array("d")
    gaps = sorted(gap.items())
    k = 0
    for start in range(0, len(advances), long):
        chunk = advances[start : start + long]
        steps = [a + tracking for a in chunk]
        while k < len(gaps) and gaps[k][0] - 1 < start + len(chunk):
            i, g = gaps[k]
            steps[i - 1 - start] += g
            k += 1
        chunk_edges = list(accumulate(steps, initial=X[-1]))
        X.fromlist(chunk_edges[1:])
        R.fromlist(list(map(add, chunk_edges, chunk)))
    return X, R
