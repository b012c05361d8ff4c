"""Re-breaking the lines above a loose line so its slack is shared (a windowed total fit, Knuth–Plass style)."""

# A justified line that ends before a token that never splits (14亿斤以上, a URL) is set with cells to spare.
# When squeezing its marks cannot take the token in, a typesetter moves the breaks of the lines above it:
# each ends a few characters earlier or, squeezing its marks, later, until the spare cells are shared out
# within a point a gap or the token fits. Only the few lines just above are reconsidered, a break moves back
# only while its line stays tighter than the loose one, and a budget bounds the lines weighed, so the
# whole paragraph stays linear. Among the outcomes, the one with the least squared excess over a point a
# gap wins: four lines 2 pt a gap are better than one at 5 pt (the eye sees the hole, not the sum).

from __future__ import annotations

from collections.abc import Iterator, Sequence

from briefing.linebreak.justify import BOUNDARY, EVEN, MARK, NEVER, SHRINK
from briefing.linebreak.paragraph import EPS, Paragraph, fit
from briefing.linebreak.retouch import no_lone_last
from briefing.linebreak.squeeze import all_room, squeeze, squeeze_end

# How many lines above a loose line may be re-broken, and how far past where as much as fits a break may
# move when squeezing marks takes the characters in: REACH characters for the lines above, and for the
# loose line itself, which may also close its gaps, REACH_EMS ems.
WINDOW = 4
REACH = 3
REACH_EMS = 2
# At most this many line settings are weighed per character of the paragraph, all loose lines together:
# a hostile paragraph of nothing but long numbers does not make every line a search.
BUDGET = 4

Setting = tuple[int, int, dict[int, float]]
"""(first character, where the line breaks, the squeeze of its marks by gap)."""
State = tuple[float, float, float, list[Setting]]
"""A way to a line start: (squared excess over size / 16 so far, worst gap, sum of squares, its settings)."""


class Refit:
    """One paragraph's re-breaking, with what is left of its budget."""

    __slots__ = ("budget", "p")

    def __init__(self, p: Paragraph):
        self.p = p
        self.budget = BUDGET * p.n + 4096

    def gap(self, index: int, s: int, end: int) -> tuple[float, dict[int, float]] | None:
        """The extra between two hanzi when line `index` runs s..end-1 justified, and the squeeze of its
        marks if it needs one; None when it does not fit."""
        p = self.p
        self.budget -= 1
        c = p.trim(s, end)
        if c < s:
            return None
        avail = p.avail(index)
        slack = avail - (p.R[c] - p.X[s])
        if slack < -EPS:
            taken = (squeeze if p.style.compress_punct else squeeze_end)(p, s, c, avail)
            if taken:
                return 0.0, taken
            if end >= p.n:
                return None  # a last line is set as it is, never closed up
            # Every blank half the layout lets go, and the gaps closed a little for the rest.
            room = all_room(p, s, c, p.style.compress_punct)
            closed = shrink(p, s, c, slack + sum(room.values()))
            return None if closed is None else (closed, room)
        if end >= p.n:
            return 0.0, {}  # the last line is not spread
        return share(p, s, c, slack), {}

    def lines_for(self, index: int, s: int, end: int, firsts: Sequence[int]) -> list[Setting] | None:
        """New breaks for line `index` (s..end-1) and the lines above it when justifying it as broken
        would open its hanzi gaps past size / 16; None to keep the break.

        The lines above are re-broken first. Only when that leaves a gap past size / 16 does the line
        break inside the token that did not fit, at a soft break (rules.soft_breaks), if that is tighter.
        """
        p = self.p
        if self.budget <= 0 or end >= p.n:
            return None
        c = p.trim(s, end)
        slack = p.avail(index) - (p.R[c] - p.X[s])
        limit = p.style.size / 16
        if slack <= limit or c <= s:
            return None
        loose = share(p, s, c, slack)
        if loose <= limit:
            return None
        first = self._window_top(index, s, firsts)
        s0 = firsts[first] if first < index else s
        window = self.lines(first, s0, index, loose, end)
        if window is not None and window[1] <= limit + EPS:
            return window[3]
        soft = self._soft_end(index, s, end)
        if soft is not None and (window is None or soft[1] < window[1]):
            return [(s, soft[0], soft[2])]
        return None if window is None else window[3]

    def _window_top(self, index: int, s: int, firsts: Sequence[int]) -> int:
        """The first line the re-break may move: up to WINDOW lines above line `index` (which starts at
        s), but none at or above a line already looser than size / 16: re-breaking could not make it
        tighter, only hold the loose line below as loose as it is."""
        limit = self.p.style.size / 16
        top = max(0, index - WINDOW)
        starts = [*firsts[top:index], s]
        for k in range(index - 1, top - 1, -1):
            got = self.gap(k, starts[k - top], starts[k - top + 1])
            if got is not None and got[0] > limit + EPS:
                return k + 1
        return top

    def _soft_end(self, index: int, s: int, end: int) -> tuple[int, float, dict[int, float]] | None:
        """The furthest soft break past `end` that line `index` from s can reach, its gap and the squeeze of
        its marks; None if none does."""
        p = self.p
        soft = p.soft()
        # A soft break a little past where as much as fits ends can be reached by closing the gaps.
        j = soft.rfind(1, end + 1, fit(p, s, p.avail(index) + REACH_EMS * p.style.size) + 1)
        while j > end and self.budget > 0:
            got = self.gap(index, s, j)
            if got is not None and no_lone_last(p, index, s, j) is None:
                return j, got[0], got[1]
            j = soft.rfind(1, end + 1, j)
        return None

    def lines(self, first: int, s0: int, index: int, loose: float, end: int) -> State | None:
        """New breaks for lines first..index (the first starting at s0, the last breaking at `end` or, its
        marks squeezed, later), each opened by less than `loose` and none above wider than the last, and
        together less past size / 16 (squared) than the loose line alone; None if no such breaks were found
        within the window and budget. The State gives the worst gap and the settings."""
        limit = self.p.style.size / 16
        states: dict[int, State] = {s0: (0.0, 0.0, 0.0, [])}
        for k in range(first, index + 1):
            following: dict[int, State] = {}
            for s, state in states.items():
                if self.budget <= 0:
                    return None
                self._step(k, s, state, end if k == index else 0, loose, following)
            states = following
            if not states:
                return None
        # The best of the window's outcomes; among equals, the one that reaches furthest.
        best = min(states.items(), key=lambda item: (*item[1][:3], -item[0]))
        return best[1] if best[1][0] < (loose - limit) ** 2 else None

    def _step(
        self, k: int, s: int, state: State, last: int, loose: float, following: dict[int, State]
    ) -> None:
        """Every way line k from s may end tighter than `loose`, kept in `following` by where the next
        line starts when it is the best way there."""
        p = self.p
        limit = p.style.size / 16
        excess, worst, squares, settings = state
        for end in self._ends(k, s, p.flags()[0], bool(last)):
            got = self.gap(k, s, end)
            if got is None:
                continue
            g, taken = got
            if g >= loose - EPS:
                break  # an earlier break only opens the line wider
            if end < last:
                break  # the loose line keeps its break or, squeezing, takes more: the lines above move
            if last and (worst > max(limit, g) + EPS or no_lone_last(p, k, s, end) is not None):
                continue  # no line above may end up looser than the one it relieves
            nxt = p.skip_spaces(end)
            entry = (
                excess + max(0.0, g - limit) ** 2,
                max(worst, g),
                squares + g * g,
                [*settings, (s, end, taken)],
            )
            old = following.get(nxt)
            if old is None or entry[:3] < old[:3]:
                following[nxt] = entry

    def _ends(self, index: int, s: int, legal: bytearray, loose: bool) -> Iterator[int]:
        """Legal breaks of line `index` from s: those a little past where as much as fits ends (REACH
        characters, or REACH_EMS ems for the `loose` line itself), then that one and those before it,
        nearest first."""
        p = self.p
        e = fit(p, s, p.avail(index))
        reach = fit(p, s, p.avail(index) + REACH_EMS * p.style.size) + 1 if loose else e + REACH
        yield from (b for b in range(min(p.n, reach), e, -1) if legal[b])
        b = e + 1
        while (b := legal.rfind(1, s + 1, b)) > 0:
            yield b


def share(p: Paragraph, s: int, c: int, slack: float) -> float:
    """The extra between two hanzi when s..c takes `slack` (as justify.spread shares it, without the
    dictionary of boundaries)."""
    codes = p.gaps.codes
    cap = p.style.size / 16
    boundary = codes.count(BOUNDARY, s, c)
    mark = codes.count(MARK, s, c)
    even = codes.count(EVEN, s, c)
    rest = slack - (0.0 if p.style.cjk_latin_space else cap) * boundary - cap * mark
    flexible = boundary + mark + even
    return rest / flexible if rest > 0 and flexible else 0.0


def shrink(p: Paragraph, s: int, c: int, slack: float) -> float | None:
    """The (negative) change of every gap but those inside numbers and words when s..c, `slack` too
    long, closes them to fit (as justify.spread does); None when that would take more than SHRINK em, or
    when the line is all hanzi and marks: such a line keeps the grid (GB/T 9704: 28 characters a line)."""
    codes = p.gaps.codes
    inside = codes.count(NEVER, s, c)
    flexible = c - s - inside
    if not flexible or -slack > flexible * p.style.size * SHRINK:
        return None
    if not inside and not codes.count(BOUNDARY, s, c):
        return None
    return slack / flexible
