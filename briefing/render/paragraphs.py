"""Paragraphs of running text: kept to the layout's line grid, and split without widows or orphans."""

from __future__ import annotations

import math

from briefing.render.pager import Flowable
from briefing.render.text import LineRun, TextBlock

# No paragraph leaves fewer lines than this at a page foot (orphan) or carries fewer to the next page's
# head (widow): the page then ends a line short, which the 22-line grid allows.
LEAST_LINES = 2


class Paragraph(TextBlock):
    """A paragraph of the story (not a table cell): it snaps back to the grid after a table, a heading
    keeps its full space above a table, and a split leaves at least two lines on either page."""

    frame_height = 0.0  # the 版心's height: a split with the whole page to fill cannot wait for the next

    def grid_leading(self) -> float:
        return self.leading

    def space_under_block(self) -> float:
        """Under a table a heading stands as far from the table's rule as from a line of text above it:
        its space before, plus the half-leading that text lines have above their characters."""
        if self.style.keep_with_next and self._first:
            return self.getSpaceBefore() + max(self.leading - self.style.size, 0.0) / 2
        return self.getSpaceBefore()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = (
            self._lines if self._lines is not None and self._width is not None else self._break(availWidth)
        )
        fit = math.floor((availHeight + 1e-6) / self.leading)
        if fit >= len(lines):
            return super().split(availWidth, availHeight)
        kept = min(fit, len(lines) - LEAST_LINES)  # no widow: the last lines go on together
        if kept >= LEAST_LINES:
            return super().split(availWidth, kept * self.leading)
        if self.frame_height and availHeight >= self.frame_height - 1:
            # A page of fewer lines than the rules ask for (a layout's leading near the page height):
            # the next page would hold no more, so the lines go as they fit.
            return super().split(availWidth, availHeight)
        return []  # no orphan: the paragraph starts on the next page

    def _part(
        self, lines: LineRun, width: float, outline: tuple[str, str, int] | None, first: bool
    ) -> TextBlock:
        part = self._piece(Paragraph, lines, width, outline, first)
        part.frame_height = self.frame_height
        return part
