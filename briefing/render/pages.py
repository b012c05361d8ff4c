"""The page machinery: odd/even frames, page numbers, blank versos and the forms filled in at the end."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from briefing.model import Layout
from briefing.plan import Marks
from briefing.render.flowables import EM_CENTRE, RenderState, contents_form
from briefing.render.fonts import FontRegistry
from briefing.render.marks import draw_copy_number, draw_draft, draw_watermark
from briefing.settings import Em


class _PageMarker(Flowable):
    """A zero-size flowable that records something about the page it lands on."""

    def __init__(self, state: RenderState):
        super().__init__()
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.mark(self.canv.getPageNumber())

    def mark(self, page: int) -> None:
        raise NotImplementedError


class StartNumbering(_PageMarker):
    """The page it lands on is printed page 1."""

    def mark(self, page: int) -> None:
        if self.state.number_start is None:
            self.state.number_start = page


class BlankPage(_PageMarker):
    """The page it lands on is left blank on purpose (a verso before an odd-page start)."""

    def mark(self, page: int) -> None:
        self.state.blank_pages.add(page)


class OddPageBreak(ActionFlowable):
    """Break the page; if the next page would be a verso, leave it blank and unnumbered."""

    def __init__(self) -> None:
        super().__init__(("oddPageBreak",))


class PacketDocument(BaseDocTemplate):
    """A BaseDocTemplate with mirrored odd/even frames, page numbers, and a hook to fill forms before saving."""

    def __init__(
        self,
        target,
        layout: Layout,
        fonts: FontRegistry,
        state: RenderState,  # type: ignore[no-untyped-def]
        page_number_format: str,
        token: str,
        mirror: bool,
        marks: Marks | None = None,
        **kwargs,
    ):
        super().__init__(
            target,
            pagesize=(layout.page.width, layout.page.height),
            leftMargin=0,
            rightMargin=0,
            topMargin=0,
            bottomMargin=0,
            **kwargs,
        )
        self.layout = layout
        self.fonts = fonts
        self.state = state
        self.page_number_format = page_number_format
        self.token = token
        self.mirror = mirror
        self.marks = marks or Marks()
        page = layout.page
        templates = []
        for parity in ("odd", "even"):
            left = page.frame_left(1 if parity == "odd" else 2, mirror)
            frame = Frame(
                left,
                page.bottom,
                page.frame_width,
                page.frame_height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=parity,
            )
            templates.append(
                PageTemplate(id=parity, frames=[frame], onPage=self._page_begin, onPageEnd=self._page_end)
            )
        self.addPageTemplates(templates)

    def afterPage(self) -> None:
        upcoming = self.canv.getPageNumber() + 1
        self.handle_nextPageTemplate("odd" if upcoming % 2 else "even")

    def handle_oddPageBreak(self) -> None:
        self.handle_pageBreak()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        first = flowables[0]
        self._current_flowable = first
        if isinstance(first, OddPageBreak):
            flowables.pop(0)
            current = self.canv.getPageNumber()
            extra: list[Flowable] = [PageBreak()]
            if (current + 1) % 2 == 0:
                extra += [BlankPage(self.state), PageBreak()]
            flowables[0:0] = extra
            return
        super().handle_flowable(flowables)

    def frame_left(self, page: int) -> float:
        return self.layout.page.frame_left(page, self.mirror)

    def _page_begin(self, canv, doc) -> None:  # type: ignore[no-untyped-def]
        # Watermarks go under the text, in a light grey that still prints.
        if self.marks.draft:
            draw_draft(canv, self.layout, self.fonts, self.marks.draft)
        if self.marks.watermark:
            draw_watermark(canv, self.layout, self.fonts, self.marks.watermark)

    def _page_end(self, canv, doc) -> None:  # type: ignore[no-untyped-def]
        page = canv.getPageNumber()
        if page == 1 and self.marks.copy_number:
            draw_copy_number(canv, self.layout, self.fonts, self.frame_left(page), self.marks.copy_number)
        number = self.state.printed_number(page)
        if number is None or page in self.state.blank_pages:
            return
        self._draw_page_number(canv, page, number)

    def _draw_page_number(self, canv, page: int, number: int) -> None:  # type: ignore[no-untyped-def]
        layout = self.layout
        spec = layout.page_number
        style = layout.styles[spec.style]
        text = self.page_number_format.replace(self.token, str(number))
        width = self.fonts.string_width(text, style.family, style.size)
        inset = float(spec.inset) * style.size if isinstance(spec.inset, Em) else float(spec.inset)
        left = self.frame_left(page)
        right = left + layout.page.frame_width
        position = spec.position
        if position == "outside":
            position = "right" if number % 2 else "left"
        if position == "right":
            x = right - inset - width
        elif position == "left":
            x = left + inset
        else:
            x = left + (layout.page.frame_width - width) / 2
        # The 一字线 sits `below` under the 版心; CJK dashes are centred on the em box, EM_CENTRE above the baseline.
        baseline = layout.page.bottom - spec.below - EM_CENTRE * style.size
        canv.saveState()
        canv.setFillColor(HexColor(style.color))
        self.fonts.draw_string(canv, text, style.family, style.size, x, baseline)
        canv.restoreState()

    def _endBuild(self) -> None:
        # Fill the contents' page-number forms now that every heading has a page; then save.
        state = self.state
        style = self.layout.styles.get("toc_entry") or self.layout.styles.get("body")
        assert style is not None
        for key in state.heading_titles:
            page = state.heading_pages.get(key)
            number = state.printed_number(page) if page is not None else None
            text = "" if number is None else str(number)
            canv = self.canv
            canv.beginForm(contents_form(key), lowerx=-200, lowery=-20, upperx=0, uppery=50)
            width = self.fonts.string_width(text, style.family, style.size)
            self.fonts.draw_string(canv, text, style.family, style.size, -width, 0)
            canv.endForm()
        if state.number_start is not None and state.number_start > 1:
            self.canv.addPageLabel(0, style="ROMAN_LOWER")
            self.canv.addPageLabel(state.number_start - 1, style="ARABIC", start=1)
        super()._endBuild()
