"""Second thoughts on a justified line's break: pull a chunk up into a loose line, no lone last character."""

from __future__ import annotations

from briefing.linebreak.justify import spread
from briefing.linebreak.paragraph import EPS, Paragraph
from briefing.linebreak.rules import CANNOT_END, CANNOT_START
from briefing.linebreak.squeeze import squeeze

# How far past a loose line's break a chunk may end and still be pulled up by squeezing marks.
PULL_UP = 16
# A paragraph's last line is not left with one character (and the marks after it) when the line above can
# take it; a mark or a space alone is not such a character.
MARKS = CANNOT_START | CANNOT_END | {" ", "—", "―", "…", "⋯"}

Choice = tuple[int, dict[int, float], bool]
"""(where the line breaks, the squeeze of its marks by gap, whether it ends in a hung mark)."""


def retouch(p: Paragraph, index: int, s: int, end: int, squeezed: dict[int, float], hung: bool) -> Choice:
    """The break of justified line `index` from s, reconsidered.

    A line that could only be filled by opening the gaps between hanzi wide takes the next legal chunk
    in instead, when the layout lets marks be compressed and squeezing the blank halves of its marks
    makes room (GB/T 15834 §5.1.10–11). A paragraph is not left with one character on its last line:
    the line above takes it the same way, or, if it cannot, gives the last line one more character when
    that keeps the texture even.
    """
    if p.style.compress_punct and not squeezed and not hung and too_loose(p, index, s, end):
        end, squeezed = _pull_up(p, index, s, end, squeezed)
    return no_lone_last(p, index, s, end) or (end, squeezed, hung)


def too_loose(p: Paragraph, index: int, s: int, end: int) -> bool:
    """Whether justifying the line s..end-1 would open its gaps past size / 16 (see justify.spread)."""
    c = p.trim(s, end)
    slack = p.avail(index) - (p.R[c] - p.X[s])
    if slack <= p.style.size / 16 or c <= s:
        return False
    return spread(p.gaps, s, c, slack, p.style.size, p.style.cjk_latin_space).loose


def _pull_up(
    p: Paragraph, index: int, s: int, end: int, squeezed: dict[int, float]
) -> tuple[int, dict[int, float]]:
    # Squeezing gives at most half a character a mark: a chunk further off cannot come up.
    nxt = p.flags()[0].find(1, end + 1, end + PULL_UP + 1)
    taken = squeeze(p, s, p.trim(s, nxt), p.avail(index)) if nxt > 0 else {}
    return (nxt, taken) if taken else (end, squeezed)


def no_lone_last(p: Paragraph, index: int, s: int, end: int) -> Choice | None:
    """A better break when breaking at `end` would leave one character alone on the last line."""
    n = p.n
    if not _lone(p, end):
        return None
    avail = p.avail(index)
    whole = p.trim(s, n)
    taken = squeeze(p, s, whole, avail) if p.style.compress_punct else {}
    if taken or p.R[whole] - p.X[s] <= avail + EPS:
        return n, taken, False
    earlier = p.flags()[0].rfind(1, s + 1, end)
    if earlier > 0 and not too_loose(p, index, s, earlier):
        return earlier, {}, False
    return None


def _lone(p: Paragraph, end: int) -> bool:
    """Whether a break at `end` leaves one character (and the marks after it) alone on the last line."""
    # Only the end of a paragraph is looked at: slicing the rest, line after line, would be quadratic.
    rest = p.text[end:].lstrip(" ") if p.n - end <= 64 else ""
    return 0 < len(rest) <= 4 and rest[0] not in MARKS and all(ch in CANNOT_START for ch in rest[1:])
