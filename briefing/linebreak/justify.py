"""Where a justified line's slack goes (JIS X 4051 §3.8, W3C clreq): boundaries, then marks, then evenly."""

# Word spaces and CJK–Latin boundaries first, then the blank halves of full-width marks, then every gap
# alike; never inside a number, a Latin word or a URL.

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from operator import add

from briefing.linebreak.rules import FULL_WIDTH, INK_LEFT, patterns

# What each character is, for spacing (one byte a character).
OTHER = 0  # hanzi, and marks and symbols with no blank half to give
TIGHT = 1  # inside a number, a Latin word or a URL
SPACE = 2
BLANK_RIGHT = 3  # a full-width mark with its ink on the left: 。，）”
BLANK_LEFT = 4  # a full-width mark with its ink on the right: （“
_KINDS = 5

# What each gap between two characters is, and so in which round it takes slack.
NEVER = 0  # inside a number, a word or a URL
BOUNDARY = 1  # a word space, or between a hanzi (or mark) and a number or word
MARK = 2  # beside the blank half of a full-width mark
EVEN = 3  # everything else: between hanzi, hanzi and dashes, …

# The most a gap may close, in ems, when a line with a number or word in it takes in a chunk to save a
# loose line: a twenty-fourth (0.67 pt at 三号, 0.5 pt at 小四), the small negative letter spacing
# professional justification allows; the ink of two hanzi still does not touch.
SHRINK = 1 / 24


def _gap_class(a: int, b: int) -> int:
    if a == SPACE or b == SPACE:
        return BOUNDARY
    if a == TIGHT and b == TIGHT:
        return NEVER
    if a == BLANK_RIGHT or b == BLANK_LEFT:
        return MARK
    if a == TIGHT or b == TIGHT:
        return BOUNDARY
    return EVEN


class _Tables:
    """Translate tables and a pattern for classing gaps, built on first use, once per process."""

    __slots__ = ("classes", "flexible", "times")

    def __init__(self) -> None:
        pairs = _KINDS * _KINDS
        self.times = bytes(b * _KINDS if b < _KINDS else 0 for b in range(256))  # kind -> kind * _KINDS
        # a * _KINDS + b -> the class of the gap between kinds a and b
        self.classes = bytes(_gap_class(b // _KINDS, b % _KINDS) if b < pairs else 0 for b in range(256))
        self.flexible = re.compile(bytes([ord("["), BOUNDARY, MARK, ord("]")]))  # a BOUNDARY or MARK gap


@cache
def _tables() -> _Tables:
    return _Tables()


class Gaps:
    """A paragraph's gaps, classed once for all its lines."""

    __slots__ = ("codes", "flexible")

    def __init__(self, codes: bytes, flexible: list[int]):
        self.codes = codes  # codes[i]: the class of the gap between characters i and i + 1
        self.flexible = flexible  # j for every gap before character j of class BOUNDARY or MARK, ascending


def gaps(kind: bytearray) -> Gaps:
    """The class of every gap between two characters of kinds `kind` (a loop in C, not per line)."""
    tables = _tables()
    codes = bytes(map(add, kind.translate(tables.times), kind[1:])).translate(tables.classes)
    return Gaps(codes, [m.end() for m in tables.flexible.finditer(codes)])


def kinds(text: str, advances: list[float], size: float) -> bytearray:
    """The spacing kind of every character of a paragraph."""
    found = patterns()
    out = bytearray(len(text))
    for m in found.tight_run.finditer(text):
        out[m.start() : m.end()] = bytes([TIGHT]) * (m.end() - m.start())
    for m in found.spaces.finditer(text):
        out[m.start() : m.end()] = bytes([SPACE]) * (m.end() - m.start())
    full = FULL_WIDTH * size
    for m in found.marks.finditer(text):
        i = m.start()
        if advances[i] >= full:  # a proportional mark has no blank half
            out[i] = BLANK_RIGHT if text[i] in INK_LEFT else BLANK_LEFT
    return out


class Spread:
    """How a line's slack is shared: `even` in every gap between hanzi (and between a hanzi and a mark
    with no blank half to give), `boundaries[j]` in the gap before character j at a word space, a
    CJK–Latin boundary or a mark's blank half; nothing inside a number or word."""

    __slots__ = ("boundaries", "even", "loose")

    def __init__(self, boundaries: dict[int, float], even: float, loose: bool):
        self.boundaries = boundaries
        self.even = even
        self.loose = loose  # every gap that may open took more than size / 16 past the caps


def spread(gap: Gaps, s: int, edge: int, slack: float, size: float, spaced: bool = False) -> Spread:
    """Share `slack` (pt, may be negative) among the gaps of characters s..edge.

    A line slightly too long (refit took a chunk in) closes every gap but those inside a number or word
    alike, by at most SHRINK em each; one longer still (a token longer than the line) closes every gap.

    Word spaces and CJK–Latin boundaries take up to a sixteenth of an em each (none when `spaced`: the
    layout's CJK–Latin space already put a quarter em there), then the blank halves of marks as much; what
    is left goes to every gap but those inside a number or word alike (W3C clreq, jlreq §3.8). Past
    `size / 16` a gap (1 pt at 三号) the line is loose, and the breaker looks for a better break; a line
    that stays loose keeps its gaps even, which the eye forgives more than one wide hole. Up to two
    sixteenths stay well under the 3 pt at which text extraction (pdfplumber, pypdf) reads a gap as a word
    space, so copied text keeps numbers joined to their hanzi. A line with
    nothing but numbers and words keeps its natural spacing (it stays short: there is no gap to widen).
    """
    codes = gap.codes
    if slack < 0:
        flexible = edge - s - codes.count(NEVER, s, edge)
        if flexible and -slack <= flexible * size * SHRINK + 1e-6:
            # A line re-broken to save a loose one (refit) may close its gaps a little, never inside a word.
            each = slack / flexible
            places = gap.flexible[bisect_left(gap.flexible, s + 1) : bisect_right(gap.flexible, edge)]
            return Spread(dict.fromkeys(places, each), each, False)
        # Only a forced break of an overlong token overfills a line further; close every gap alike.
        each = slack / (edge - s) if edge > s else 0.0
        return Spread({j: each for j in range(s + 1, edge + 1) if codes[j - 1] != EVEN}, each, False)
    counts = [codes.count(k, s, edge) for k in range(4)]
    limit = size / 16
    per, rest = _capped(counts, slack, 0.0 if spaced else limit, limit)
    flexible = counts[BOUNDARY] + counts[MARK] + counts[EVEN]
    loose = False
    if rest > 0 and flexible:
        # Past the caps every gap that may open takes the same share: slack a line cannot avoid (it ends
        # before a token that never splits) is spread over the line, not dumped at one mark or boundary.
        each = rest / flexible
        loose = each > limit
        per[BOUNDARY] += each
        per[MARK] += each
        per[EVEN] = each
    places = gap.flexible[bisect_left(gap.flexible, s + 1) : bisect_right(gap.flexible, edge)]
    return Spread({j: per[codes[j - 1]] for j in places}, per[EVEN], loose)


def _capped(counts: list[int], slack: float, boundary: float, mark: float) -> tuple[list[float], float]:
    """The extra per gap class when word spaces and boundaries take up to `boundary` each, then the blank
    halves of marks up to `mark` each; and the slack left for every gap."""
    per = [0.0, 0.0, 0.0, 0.0]
    rest = slack
    for k, cap in ((BOUNDARY, boundary), (MARK, mark)):
        if counts[k]:
            per[k] = min(rest / counts[k], cap)
            rest -= per[k] * counts[k]
    return per, rest
