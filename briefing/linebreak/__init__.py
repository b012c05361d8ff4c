"""GB/T 15834 line breaking and justification of CJK paragraphs: (text, font) spans in, positioned lines out."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.linebreak.breaker import break_lines
from briefing.linebreak.paragraph import Paragraph
from briefing.linebreak.records import ALIGNS, Line, Measure, Piece, Style
from briefing.linebreak.rules import CANNOT_END, CANNOT_START, HANGING

__all__ = [
    "ALIGNS",
    "CANNOT_END",
    "CANNOT_START",
    "HANGING",
    "JOINER",
    "Line",
    "Measure",
    "Piece",
    "Style",
    "break_paragraph",
]

# U+2060 WORD JOINER: no break between the characters on either side of it; it is not set.
JOINER = "\u2060"

# A paragraph longer than this (a whole report pasted into one table cell) keeps its edges in arrays of
# doubles and makes each Line only when asked for: its memory is a few dozen bytes a character, whatever
# the column width, instead of a few hundred bytes a line (a narrow column has a line per character).
_LONG = 1 << 14


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
    A JOINER in the text forbids a break where it stands (a name in a list) and is not set.
    """
    joins: list[int] = []
    if any(JOINER in text for text, _ in spans):
        spans, joins = _take_joiners(spans)
    paragraph = Paragraph(spans, style, measure, {} if widths is None else widths, _LONG, joins)
    return break_lines(paragraph, _LONG)


def _take_joiners(spans: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[int]]:
    """The spans without their WORD JOINERs, and where each stood in the text that is left."""
    out: list[tuple[str, str]] = []
    joins: list[int] = []
    offset = 0
    for text, font in spans:
        parts = text.split(JOINER)
        for k, part in enumerate(parts):
            if k:
                joins.append(offset)
            offset += len(part)
        out.append(("".join(parts), font))
    return out, joins
