"""Squeezing the blank halves of a line's full-width marks to fit one more chunk (GB/T 15834 §5.1.10–11)."""

from __future__ import annotations

from briefing.linebreak.paragraph import EPS, Paragraph
from briefing.linebreak.rules import FULL_WIDTH, INK_LEFT, INK_RIGHT


def squeeze(p: Paragraph, s: int, c: int, avail: float) -> dict[int, float]:
    """Squeeze the empty halves of the line's marks just enough to fit s..c; {} if they cannot.

    The half of a closing mark that ends the line goes first (§5.1.10: a line-end mark may take half a 字;
    that half is blank and past the ink, so nobody sees it go). Only what it cannot give is taken from
    the marks inside the line, in proportion, so a pushed-in line does not show squeezed commas needlessly.
    """
    need = p.R[c] - p.X[s] - avail
    room = _room(p, s, c)
    at_end = room.pop(c + 1, 0.0)
    inner = sum(room.values())
    if need <= 0 or at_end + inner + EPS < need:
        return {}
    end = min(at_end, need)
    rest = need - end
    taken = {g: h * rest / inner for g, h in room.items()} if rest > EPS else {}
    if end > 0:
        taken[c + 1] = end
    return taken


def all_room(p: Paragraph, s: int, c: int, inner: bool) -> dict[int, float]:
    """Every blank half the line s..c may give: its marks' (`inner`) or only those that end it."""
    if inner:
        return _room(p, s, c)
    text, adv, halved = p.text, p.adv, p.halved
    full = FULL_WIDTH * p.style.size
    taken: dict[int, float] = {}
    j = c
    while j > s and text[j] in INK_LEFT and adv[j] >= full and j not in halved:
        taken[j + 1] = adv[j] / 2
        j -= 1
    return taken


def _room(p: Paragraph, s: int, c: int) -> dict[int, float]:
    """Per gap of s..c (c + 1: the line's end), the blank halves beside it that may still be taken."""
    text, adv, halved = p.text, p.adv, p.halved
    full = FULL_WIDTH * p.style.size
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
    return room


def squeeze_end(p: Paragraph, s: int, c: int, avail: float) -> dict[int, float]:
    """Squeeze only the blank halves of the marks that end the line (。 or ”， at its end) to fit s..c;
    {} if they cannot. GB/T 15834 §5.1.10 lets a line-end mark take half a 字 even where the layout does
    not compress marks inside lines."""
    need = p.R[c] - p.X[s] - avail
    if need <= 0:
        return {}
    text, adv, halved = p.text, p.adv, p.halved
    full = FULL_WIDTH * p.style.size
    taken: dict[int, float] = {}
    j = c
    while need > EPS and j > s and text[j] in INK_LEFT and adv[j] >= full and j not in halved:
        half = min(adv[j] / 2, need)
        taken[j + 1] = half
        need -= half
        j -= 1
    return taken if need <= EPS else {}
