"""The table of contents: entries broken like text, dot leaders, and marks where page numbers go at the end."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from briefing.linebreak import Line
from briefing.model.layout import TextStyle
from briefing.model.plan import Origin
from briefing.render.pager import Flowable
from briefing.render.setter import EM_CENTRE, Setter
from briefing.render.state import RenderState
from briefing.render.tagging import Element, Tagger
from briefing.render.text import LineRun, draw_lines


class Contents(Flowable):
    """The table of contents; page numbers are PDF forms filled in once every heading has been placed.

    It splits between entries; an entry taller than a whole page (a title pasted in by mistake) is cut
    between its lines, and its number goes with the last part.
    """

    origin: Origin

    def __init__(
        self,
        entries: list[tuple[str, str, int]],
        style: TextStyle,
        setter: Setter,
        state: RenderState,
        origin: Origin,
        number_width: float,
        frame_height: float | None = None,
        laid: list[tuple[str, Sequence[Line], int, bool]] | None = None,
        tags: ContentsTags | None = None,
    ):
        super().__init__()
        self.tags = tags or ContentsTags()  # the TOC element and its entries, shared by the parts
        self.entries = entries  # (key, title, level)
        self.style = style
        self.setter = setter
        self.state = state
        self.origin = origin
        self.number_width = number_width
        self.frame_height = frame_height
        self.leading = setter.leading(style)
        # (key, lines, level, numbered): `numbered` is False for the head of an entry cut between lines.
        self._laid = laid

    def _layout(self, width: float) -> list[tuple[str, Sequence[Line], int, bool]]:
        if self._laid is None:
            laid: list[tuple[str, Sequence[Line], int, bool]] = []
            for key, title, level in self.entries:
                indent = self._indent(level, width)
                spans, _ = self.setter.fonts.runs(title, self.style.family)
                lines = self.setter.lines(
                    spans, self.style, width - self.number_width - indent - self.style.size, "left"
                )
                laid.append((key, lines, level, True))
            self._laid = laid
        return self._laid

    def _indent(self, level: int, width: float) -> float:
        """Two characters a level; a layout's level below 0 or past reason stays inside the text area."""
        return min(max(level, 0) * 2 * self.style.size, width / 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        laid = self._layout(availWidth)
        self.width = availWidth
        self.height = sum(len(lines) for _, lines, _, _ in laid) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        laid = self._layout(availWidth)
        used = 0.0
        for count, (key, lines, level, numbered) in enumerate(laid):
            used += len(lines) * self.leading
            if used > availHeight + 1e-6:
                if count > 0:
                    return [self._part(laid[:count]), self._part(laid[count:])]
                fit = math.floor((availHeight + 1e-6) / self.leading)
                at_page_top = self.frame_height is not None and availHeight >= self.frame_height - 1
                if not at_page_top or fit <= 0:
                    return []
                run = LineRun(lines)
                head = (key, run[:fit], level, False)
                return [self._part([head]), self._part([(key, run[fit:], level, numbered), *laid[1:]])]
        return [self]

    def _part(self, laid: list[tuple[str, Sequence[Line], int, bool]]) -> Contents:
        return Contents(
            [],
            self.style,
            self.setter,
            self.state,
            self.origin,
            self.number_width,
            self.frame_height,
            laid,
            self.tags,
        )

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        self.at = (x, y)  # where on the page: each entry's link covers its lines there
        super().drawOn(canv, x, y)

    def draw(self) -> None:
        canv = self.canv
        laid = self._layout(self.width)
        tagger: Tagger | None = getattr(canv, "tagger", None)
        top = self.height
        for key, lines, level, numbered in laid:
            indent = self._indent(level, self.width)
            link = self.tags.link(tagger, key, self.state.heading_titles.get(key, "")) if tagger else None
            if tagger is not None and link is not None:
                tagger.open(canv, link)
            draw_lines(canv, lines, self.style, self.setter, self.leading, top, indent)
            if tagger is not None and link is not None:
                tagger.close(canv)
            if numbered:
                self._draw_number(key, lines, indent, top, tagger, link)
            if tagger is not None and link is not None:
                x, y = self.at
                bottom = top - len(lines) * self.leading
                tagger.link(canv, link, (x + indent, y + bottom, x + self.width, y + top), key)
            top -= len(lines) * self.leading

    def _draw_number(
        self,
        key: str,
        lines: Sequence[Line],
        indent: float,
        top: float,
        tagger: Tagger | None = None,
        link: Element | None = None,
    ) -> None:
        """The dot leader after the entry's last line (furniture), and the mark its page number replaces
        (the entry's content)."""
        canv = self.canv
        size = self.style.size
        last = lines[-1] if lines else None
        baseline = top - (len(lines) - 1) * self.leading - self.leading / 2 - EM_CENTRE * size
        text_end = indent + (last.width if last else 0) + size * 0.5
        number_left = self.width - self.number_width
        canv.saveState()
        canv.setLineWidth(0.8)
        canv.setDash(0.8, 3.2)
        canv.setLineCap(1)
        if number_left - size * 0.5 > text_end:
            canv.line(text_end, baseline + 1, number_left - size * 0.5, baseline + 1)
        canv.translate(self.width, baseline)
        # The heading's page is known only once the whole document is laid out: leave a mark where
        # the number goes (its right end on this baseline) and put the number there at the end.
        if tagger is not None and link is not None:
            tagger.open(canv, link)
        canv.addLiteral(contents_mark(key))
        if tagger is not None and link is not None:
            tagger.close(canv)
        self.state.contents_numbers.append((canv.getPageNumber(), key))
        canv.restoreState()


class ContentsTags:
    """The contents in the structure tree: a TOC of TOCI entries, each a Link to its heading."""

    def __init__(self) -> None:
        self.toc: Element | None = None
        self.links: dict[str, Element] = {}

    def link(self, tagger: Tagger, key: str, title: str) -> Element | None:
        if tagger.inside:
            return None
        link = self.links.get(key)
        if link is None:
            if self.toc is None:
                self.toc = tagger.root.add("TOC")
            link = self.links[key] = self.toc.add("TOCI").add("Link", text=title)
        return link


def contents_mark(key: str) -> str:
    """A content-stream comment standing in for a contents entry's page number until it is known."""
    return f"%briefing-contents-number {key}"
