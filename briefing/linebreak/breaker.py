"""Where each line of a paragraph ends: as much as fits, then the kinsoku rules (GB/T 15834 §5.1)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from briefing.linebreak.lazy import LazyLines
from briefing.linebreak.paragraph import EPS, Paragraph, fit
from briefing.linebreak.records import Line
from briefing.linebreak.refit import Refit, Setting
from briefing.linebreak.retouch import Choice, retouch
from briefing.linebreak.rules import CANNOT_START, HANGING
from briefing.linebreak.setline import make_line
from briefing.linebreak.squeeze import squeeze

# Longer runs of forbidden starters are pulled down rather than squeezed in.
MAX_PUSH_IN = 3


def break_lines(p: Paragraph, long: int) -> Sequence[Line]:
    """The paragraph's lines: a list, or for one over `long` characters a sequence that makes each Line
    when it is read (per line it keeps its first and last character and whether it was adjusted (bit 0)
    or ends in a hung mark (bit 1), the rare squeezed lines their squeeze by line number)."""
    if not p.text.strip(" "):
        return []
    n = p.n
    if n <= long and _one_line(p):
        # It all fits on one line, as most table cells do: what fit and line_end would find, directly.
        return [make_line(p, 0, 0, p.trim(0, n), 0, {}, True)]
    made = _Made(p, n <= long)
    refit = Refit(p) if p.justify else None
    s = 0
    while s < n:
        s = _set_next(p, made, refit, s)
    if made.out is not None:
        return made.out
    p.release()  # only making lines is left
    return LazyLines(p, made.firsts, made.lasts, made.marks, made.squeezes)


def _set_next(p: Paragraph, made: _Made, refit: Refit | None, s: int) -> int:
    """Set the line that starts at s, or re-break it with the lines above; where the next line starts."""
    index = len(made.firsts)
    fits = fit(p, s, p.avail(index))
    end, squeezed, hung = line_end(p, index, s, fits)
    mark = (end != fits) | hung << 1
    shared = refit.lines_for(index, s, end, made.firsts) if refit and mark < 2 and not squeezed else None
    settings: list[Setting] = [(s, end, squeezed)]
    if shared is not None:
        made.cut(index - len(shared) + 1)
        settings, mark = shared, 1
    for start, end, squeezed in settings:
        s = made.add(start, end, squeezed, mark)
    return s


def _one_line(p: Paragraph) -> bool:
    """Whether the whole paragraph fits on its first line."""
    limit = p.X[0] + p.avail(0) + EPS
    return p.R[-1] <= limit and max(p.R) <= limit


class _Made:
    """The lines set so far: Lines, or for a long paragraph their first and last characters and marks."""

    __slots__ = ("firsts", "lasts", "marks", "out", "p", "squeezes")

    def __init__(self, p: Paragraph, lines: bool):
        self.p = p
        self.out: list[Line] | None = [] if lines else None
        self.firsts, self.lasts, self.marks = array("q"), array("q"), bytearray()
        self.squeezes: dict[int, dict[int, float]] = {}

    def add(self, start: int, end: int, squeezed: dict[int, float], mark: int) -> int:
        """Set the next line, start..end-1; where the line after it starts."""
        p = self.p
        c = p.trim(start, end)
        following = p.skip_spaces(end)
        index = len(self.firsts)
        if self.out is not None:
            self.out.append(make_line(p, index, start, c, mark, squeezed, following >= p.n))
        elif squeezed:
            self.squeezes[index] = squeezed
        self.firsts.append(start)
        self.lasts.append(c)
        self.marks.append(mark)
        return following

    def cut(self, first: int) -> None:
        """Forget lines first.. (they are set again, re-broken)."""
        del self.firsts[first:], self.lasts[first:], self.marks[first:]
        if self.out is not None:
            del self.out[first:]
        for k in [k for k in self.squeezes if k >= first]:
            del self.squeezes[k]


def line_end(p: Paragraph, index: int, s: int, fits: int) -> Choice:
    """Where line `index`, starting at s, breaks when the characters before `fits` fit on it."""
    if fits >= p.n or p.flags()[0][fits]:
        # The rest fits, or the rules allow the break: most table cells never need the rules.
        choice: Choice = (fits, {}, False)
    else:
        choice = _kinsoku(p, s, fits, p.avail(index))
    if p.justify and choice[0] < p.n:
        return retouch(p, index, s, *choice)
    return choice


def _kinsoku(p: Paragraph, s: int, e: int, avail: float) -> Choice:
    """A break where the rules forbid one at e: push the marks in, or break earlier."""
    legal = p.flags()[0]
    # Only a break within MAX_PUSH_IN can pull marks in: look no further (a search to the end of a long
    # unbreakable run, line after line, was quadratic).
    nxt = legal.find(1, e + 1, e + MAX_PUSH_IN + 1)
    if nxt > 0 and all(p.text[j] in CANNOT_START for j in range(e, nxt)):
        pushed = _push_in(p, s, e, nxt, avail)
        if pushed is not None:
            return pushed
    end = legal.rfind(1, s + 1, e)
    if end > s and p.joins:
        end = _into_long_run(p, end, e, avail)
    if end < 0:
        # Nothing in reach may legally end the line: the cluster is longer than the line. Break it,
        # keeping number/word tokens whole unless a token is itself too long.
        end = p.flags()[1].rfind(0, s + 1, e + 1)
        if end < 0:  # a joined run (a 分送 entry) longer than the line: where its own text allows
            end = p.joined_breaks.rfind(1, s + 1, e + 1)
        if end < 0:
            end = e
    return end, {}, False


def _into_long_run(p: Paragraph, end: int, e: int, avail: float) -> int:
    """Where a line ending before a joined run (a 分送 entry) breaks when the run is longer than a whole
    line: moved to the next line it would be broken anyway, and this line would stand half empty."""
    inner = p.joined_breaks.rfind(1, end + 1, e + 1)
    if inner < 0:
        return end
    after = p.flags()[0].find(1, e + 1)
    last = (p.n if after < 0 else after) - 1
    return inner if p.R[last] - p.X[end] > p.avail(1) else end


def _push_in(p: Paragraph, s: int, e: int, nxt: int, avail: float) -> Choice | None:
    """The marks e..nxt-1 kept on the line by squeezing its marks or hanging the one mark; None if not."""
    style = p.style
    if style.compress_punct:
        taken = squeeze(p, s, nxt - 1, avail)
        if taken:
            return nxt, taken, False
    if style.hang_punct and nxt - e == 1 and p.text[e] in HANGING:
        return nxt, {}, True
    return None
