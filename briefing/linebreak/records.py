"""What the breaker takes and gives: the paragraph's Style, and the Lines of Pieces it sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import msgspec

Measure = Callable[[str, str], float]
"""(one character, font name) -> advance width in pt at the paragraph's size."""

ALIGNS = ("justify", "left", "center", "right")


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
