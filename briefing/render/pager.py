"""Our page filler: puts flowables into each page's frame, splits what does not fit, begins and ends pages.

It keeps ReportLab's flowable protocol (wrap, split, drawOn, getSpaceBefore/After) and its placement rules
(space before is dropped at a frame top, touching spaces overlap, a flowable that fits nowhere is tried once
on a fresh page), but not platypus itself: importing platypus compiles Paragraph's regular expressions, a
fifth of a whole build, for markup we never use.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from briefing.model.plan import Origin

_FUZZ = 1e-6
# No briefing comes near this (the sample has 42 pages; a 2 MB cell in the shipped layouts, about 5,000).
# What does is a layout whose columns are a hair wide, one character a line: 2 MB made 57,000 pages,
# 0.6 GB and ten minutes. Stop with a message naming the text that ran on, before that.
MAX_PAGES = 10_000


class LayoutError(Exception):
    """A flowable that does not fit on an empty page and cannot be split."""

    def __init__(self, flowable: Flowable, page: int):
        super().__init__(f"{type(flowable).__name__} does not fit on page {page}")
        self.flowable = flowable
        self.page = page


class PageLimitError(LayoutError):
    """The document ran past MAX_PAGES while placing `flowable`."""

    def __init__(self, flowable: Flowable, page: int, limit: int):
        super().__init__(flowable, page)
        self.limit = limit


class Flowable:
    """Something with a size that draws itself at a point, and may split across pages.

    `wrap` is asked first and returns the size; `split` returns the parts ([] if it cannot split);
    `draw` draws with the origin at the bottom left of the flowable, on `self.canv`.
    """

    width = 0.0
    height = 0.0
    origin: Origin | None = None  # where its text came from, for a located message when it does not fit
    canv: Canvas

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def split_leaving(self, availWidth: float, availHeight: float, empty: float) -> list[Flowable]:
        """Split as `split` does, knowing that moving this whole to the next page would leave `empty`
        points of this page empty (more than `availHeight` when a heading kept with it moves too)."""
        return self.split(availWidth, availHeight)

    def getSpaceBefore(self) -> float:
        return 0.0

    def getSpaceAfter(self) -> float:
        return 0.0

    # A block that is not running text (a table) ends off the text's grid; what follows it finds its own.
    is_block = False

    def grid_leading(self) -> float:
        """The line pitch of running text that keeps to a layout's grid (0: this is not such text)."""
        return 0.0

    def space_under_block(self) -> float:
        """The space this needs under a table: its own space before, in full (it does not overlap the
        table's space after)."""
        return self.getSpaceBefore()

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        canv.saveState()
        canv.translate(x, y)
        self.canv = canv
        self.draw()
        canv.restoreState()

    def draw(self) -> None:
        pass


class Spacer(Flowable):
    """Empty vertical space; what does not fit at a page foot is dropped, not carried to the next page."""

    def __init__(self, height: float):
        self.height = height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [Spacer(availHeight)] if availHeight > 0 else []


class PageBreak(Flowable):
    """End the page here."""


class OddPageBreak(Flowable):
    """End the page; if the next one would be a verso, leave it blank and unnumbered."""


class CondPageBreak(Flowable):
    """End the page unless `height` points are left on it."""

    def __init__(self, height: float):
        self.height = height


class Frame:
    """Where flowables go on one page: the 版心, filled from the top.

    With a `pitch` (a layout's line grid), text that keeps to the grid and follows a table starts on the
    next grid line, so that its lines stand where the page's other lines do.
    """

    def __init__(self, x: float, y: float, width: float, height: float, pitch: float = 0.0):
        self.x = x
        self.bottom = y
        self.width = width
        self.top = y + height
        self.y = self.top  # the current point: the top of what comes next
        self.pitch = pitch
        self.at_top = True
        self.space_after = 0.0  # the space after the last flowable, which a space before overlaps
        self.off_grid = False  # a table was placed, and no grid text since
        # A heading and the start of what follows, kept together: the room before them, and how many
        # of the two are still to be placed (moving the second moves the first too).
        self.kept_room = 0.0
        self.kept_left = 0

    def keep(self) -> None:
        """The next two flowables (a heading and what follows) go on this page together."""
        self.kept_room = self.room()
        self.kept_left = 2

    def empty_if_moved(self) -> float:
        """How much of the page moving the next flowable to the next page would leave empty."""
        return self.kept_room if self.kept_left else self.room()

    def room(self) -> float:
        return self.y - self.bottom

    def _space_before(self, flowable: Flowable) -> float:
        if self.at_top:
            return 0.0
        if not self.off_grid:
            return max(flowable.getSpaceBefore() - self.space_after, 0.0)
        space = flowable.space_under_block()
        if self.pitch and abs(flowable.grid_leading() - self.pitch) < _FUZZ:
            lines = math.ceil((self.top - self.y + space) / self.pitch - _FUZZ)
            space = self.y - (self.top - lines * self.pitch)
        return space

    def add(self, flowable: Flowable, canv: Canvas) -> bool:
        """Draw the flowable at the current point if it fits; False if it does not."""
        space = self._space_before(flowable)
        room = self.y - self.bottom - space
        if room <= 0:
            return False
        _, height = flowable.wrap(self.width, room)
        y = self.y - height - space
        if y < self.bottom - _FUZZ:
            return False
        flowable.drawOn(canv, self.x, y)
        self.kept_left = max(self.kept_left - 1, 0)
        if flowable.is_block:
            self.off_grid = True
        elif not self.pitch or abs(flowable.grid_leading() - self.pitch) < _FUZZ:
            self.off_grid = False  # back on the grid (a layout without one has no grid to miss)
        after = flowable.getSpaceAfter()
        y -= after
        self.space_after = after
        if y != self.y:
            self.at_top = False
        self.y = y
        return True

    def can_start(self, kept: list[Flowable]) -> bool:
        """Whether the block a conditional break keeps (a heading) fits here with the start of the one
        after it: the next block whole or its first part (a table's caption, header and first rows).
        A heading is never left at a page foot because the table under it cannot begin there."""
        if len(kept) < 2:
            return True
        heading, following = kept
        if isinstance(following, (PageBreak, OddPageBreak, CondPageBreak)):
            return True
        room = self.room() - self._space_before(heading)
        _, height = heading.wrap(self.width, room)
        room -= height + max(heading.getSpaceAfter(), following.getSpaceBefore())
        if room <= 0:
            return False
        _, needed = following.wrap(self.width, room)
        return needed <= room + _FUZZ or bool(following.split_leaving(self.width, room, self.room()))

    def split(self, flowable: Flowable) -> list[Flowable]:
        room = self.y - self.bottom - self._space_before(flowable)
        if room <= 0:
            return []
        return flowable.split_leaving(self.width, room, self.empty_if_moved())


PageHook = Callable[[Canvas, int], None]


class Pager:
    """Lays a story out page by page on one canvas.

    `frame_for(page)` gives each page's frame (odd and even pages may differ); `on_page_begin` and
    `on_page_end` draw what belongs to the page itself (watermarks, page numbers). A page is begun only when
    something is put on it, so a trailing page break leaves no empty page.
    """

    def __init__(
        self,
        canv: Canvas,
        frame_for: Callable[[int], Frame],
        on_page_begin: PageHook,
        on_page_end: PageHook,
        blank_pages: set[int],
        max_pages: int | None = None,
    ):
        self.canv = canv
        self.frame_for = frame_for
        self.on_page_begin = on_page_begin
        self.on_page_end = on_page_end
        self.page = 0
        self.frame: Frame | None = None
        self.blank_pages = blank_pages  # versos left blank so that the next part starts on a recto
        self.max_pages = MAX_PAGES if max_pages is None else max_pages

    def _begin_page(self) -> Frame:
        self.page += 1
        self.on_page_begin(self.canv, self.page)
        self.frame = self.frame_for(self.page)
        return self.frame

    def _end_page(self) -> None:
        if self.frame is None:
            self._begin_page()
        self.on_page_end(self.canv, self.page)
        self.canv.showPage()
        self.frame = None

    def lay_out(self, story: list[Flowable]) -> None:
        """Place every flowable; raises LayoutError for one that fits no page, PageLimitError past max_pages.

        The flowables are taken off `story` (it is left empty), so that each, with its broken lines, can be
        freed once drawn: a long packet holds about a page of laid-out text at a time.
        """
        pending = story
        pending.reverse()
        postponed: set[Flowable] = set()  # moved to a fresh page once already, and not placed since
        while pending:
            flowable = pending.pop()
            if isinstance(flowable, (PageBreak, OddPageBreak)):
                self._break_page(odd=isinstance(flowable, OddPageBreak))
                continue
            if self.frame is None and self.page >= self.max_pages:
                named = next((f for f in (flowable, *reversed(pending)) if f.origin is not None), flowable)
                raise PageLimitError(named, self.page + 1, self.max_pages)
            frame = self.frame or self._begin_page()
            if isinstance(flowable, CondPageBreak):
                if not frame.at_top and (
                    frame.room() < flowable.height or not frame.can_start(pending[-2:][::-1])
                ):
                    self._end_page()
                else:
                    frame.keep()
                continue
            if self._place(frame, flowable, pending):
                postponed.discard(flowable)
                continue
            if flowable in postponed:
                raise LayoutError(flowable, self.page)
            postponed.add(flowable)
            pending.append(flowable)
            self._end_page()

    def _break_page(self, odd: bool) -> None:
        """End the page; for an odd break, leave the next page blank if it would be a verso."""
        self._end_page()
        if odd and (self.page + 1) % 2 == 0:
            self.blank_pages.add(self.page + 1)  # known blank before it begins: no watermark on it
            self._begin_page()
            self._end_page()

    def _place(self, frame: Frame, flowable: Flowable, pending: list[Flowable]) -> bool:
        """Put the flowable, or the part of it that fits, on this page; False if none of it fits."""
        if frame.add(flowable, self.canv):
            return True
        parts = frame.split(flowable)
        if not parts:
            return False
        head, *rest = parts
        if not frame.add(head, self.canv):
            raise LayoutError(flowable, self.page)
        pending.extend(reversed(rest))
        return True

    def finish(self) -> None:
        """End the last page, if anything was put on it."""
        if self.frame is not None:
            self._end_page()
