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
    R = p.R
    if n <= long and R[-1] <= p.X[0] + p.avail(0) + EPS and max(R) <= p.X[0] + p.avail(0) + EPS:
        # It all fits on one line, as most table cells do: what fit and line_end would find, directly.
        return [make_line(p, 0, 0, p.trim(0, n), 0, {}, True)]
    out: list[Line] | None = [] if n <= long else None
    firsts, lasts, marks = array("q"), array("q"), bytearray()
    squeezes: dict[int, dict[int, float]] = {}
    refit = Refit(p) if p.justify else None
    index = s = 0
    while s < n:
        fits = fit(p, s, p.avail(index))
        end, squeezed, hung = line_end(p, index, s, fits)
        mark = (end != fits) | hung << 1
        settings: list[Setting] = [(s, end, squeezed)]
        if refit is not None and end < n and not squeezed and not hung:
            shared = refit.lines_for(index, s, end, firsts)
            if shared is not None:
                first = index - len(shared) + 1
                del firsts[first:], lasts[first:], marks[first:]
                if out is not None:
                    del out[first:]
                for k in [k for k in squeezes if k >= first]:
                    del squeezes[k]
                index, settings, mark = first, shared, 1
        for start, end, squeezed in settings:
            c = p.trim(start, end)
            s = p.skip_spaces(end)
            if out is not None:
                out.append(make_line(p, index, start, c, mark, squeezed, s >= n))
            elif squeezed:
                squeezes[index] = squeezed
            firsts.append(start)
            lasts.append(c)
            marks.append(mark)
            index += 1
    if out is not None:
        return out
    p.release()  # only making lines is left
    return LazyLines(p, firsts, lasts, marks, squeezes)


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
    if end < 0:
        # Nothing in reach may legally end the line: the cluster is longer than the line. Break it,
        # keeping number/word tokens whole unless a token is itself too long.
        end = p.flags()[1].rfind(0, s + 1, e + 1)
        if end < 0:
            end = e
    return end, {}, False


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
