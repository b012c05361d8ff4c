"""Making one Line: its characters cut into Pieces, each placed at its x with its character spacing."""

from __future__ import annotations

from bisect import bisect_right

from briefing.linebreak.justify import TIGHT, Spread, spread
from briefing.linebreak.paragraph import EPS, Paragraph
from briefing.linebreak.records import Line, Piece


def make_line(
    p: Paragraph, index: int, s: int, c: int, mark: int, squeeze: dict[int, float], last: bool
) -> Line:
    """Line `index`, characters s..c: adjusted if mark & 1, ending in a hung mark if mark & 2."""
    X, R = p.X, p.R
    squeezed = sum(squeeze.values()) if squeeze else 0.0
    edge = c - 1 if mark & 2 and c > s else c  # the glyph that meets the right edge
    natural = R[edge] - X[s] - squeezed
    x0, shared = _place(p, index, s, edge, natural, last)
    cuts = p.cuts
    bounds = cuts[bisect_right(cuts, s) : bisect_right(cuts, c)] if cuts else []
    if squeeze:
        bounds = sorted({*bounds, *(g for g in squeeze if g <= c)})
    if shared is not None:
        return _spread_line(p, s, c, x0, shared, bounds, squeeze, last, bool(mark & 1))
    text, tracking = p.text, p.style.tracking
    if bounds:
        pieces = _pieces(p, s, c, x0, bounds, squeeze)
    else:  # the usual line: one font, nothing squeezed
        pieces = (Piece(text[s : c + 1], p.font_at(s), x0 + X[s] - X[s] - 0.0, tracking),)
    return Line(pieces, text[s : c + 1], x0 + R[c] - X[s] - squeezed, last, bool(mark & 1))


def _pieces(
    p: Paragraph, s: int, c: int, x0: float, bounds: list[int], squeeze: dict[int, float]
) -> tuple[Piece, ...]:
    """The pieces of an unspread line cut at `bounds` (font changes, fixed gaps, squeezed marks)."""
    X, text, tracking = p.X, p.text, p.style.tracking
    bounds.append(c + 1)
    pieces = []
    start = s
    shift = 0.0
    for b in bounds:
        pieces.append(Piece(text[start:b], p.font_at(start), x0 + X[start] - X[s] - shift, tracking))
        shift += squeeze.get(b, 0.0)
        start = b
    return tuple(pieces)


def _place(
    p: Paragraph, index: int, s: int, edge: int, natural: float, last: bool
) -> tuple[float, Spread | None]:
    """Where the line starts, and for a justified line that must be spread, how its slack is shared."""
    style = p.style
    indent = style.first_indent if index == 0 else 0.0
    avail = style.width - indent
    x0 = indent
    if style.align == "justify":
        if not last and edge > s and abs(avail - natural) > EPS:
            return x0, spread(p.gaps, s, edge, avail - natural, style.size, style.cjk_latin_space)
    elif style.align == "center":
        x0 += (avail - natural) / 2
    elif style.align == "right":
        x0 += avail - natural
    return x0, None


def _spread_line(
    p: Paragraph,
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
    X, text, kind = p.X, p.text, p.kind
    tracking = p.style.tracking
    special = shared.boundaries
    even = shared.even
    points = sorted({*bounds, *special})
    points.append(c + 1)
    pieces = []
    start = s
    added = 0.0  # extra space before character `start`
    shift = 0.0  # squeeze before character `start`
    for b in points:
        inner = 0.0 if kind[start] == TIGHT else even
        x = x0 + X[start] - X[s] + added - shift
        pieces.append(Piece(text[start:b], p.font_at(start), x, tracking + inner))
        added += inner * (b - start - 1)
        if b <= c:
            if b in special:
                added += special[b]
            elif kind[b - 1] != TIGHT and kind[b] != TIGHT:
                added += even
            shift += squeeze.get(b, 0.0)
        start = b
    width = x0 + p.R[c] - X[s] + added - (sum(squeeze.values()) if squeeze else 0.0)
    return Line(tuple(pieces), text[s : c + 1], width, last, adjusted)
