"""RenderState: the per-build facts the flowables record while drawing and the page decorations read."""

from __future__ import annotations

import msgspec


class RenderState(msgspec.Struct):
    """Per-build facts the flowables record while drawing and the page decorations read."""

    heading_pages: dict[str, int] = msgspec.field(default_factory=dict)
    heading_titles: dict[str, str] = msgspec.field(default_factory=dict)
    blank_pages: set[int] = msgspec.field(default_factory=set)
    number_start: int | None = None
    contents_numbers: list[tuple[int, str]] = msgspec.field(
        default_factory=list
    )  # (page, heading key) to fill in
    # The column widths each data table was printed with, by its plan: the Word writer gives them to Word.
    table_widths: dict[object, tuple[float, ...]] = msgspec.field(default_factory=dict)

    def printed_number(self, page: int) -> int | None:
        if self.number_start is None or page < self.number_start:
            return None
        return page - self.number_start + 1
