"""The page machinery: odd/even frames, page numbers, blank versos and the forms filled in at the end."""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.model.layout import Layout, TextStyle
from briefing.model.lengths import Em
from briefing.model.plan import Marks, Metadata
from briefing.render.archive import PRODUCER, DocumentTime, catalog_entries
from briefing.render.compression import save_compressing_ahead
from briefing.render.contents import fill_number
from briefing.render.fonts.registry import FontRegistry
from briefing.render.marks import (
    DRAFT_GREY,
    WATERMARK_GREY,
    diagonal_operators,
    draw_copy_number,
    ink_middle_kept,
)
from briefing.render.memo import RenderMemo
from briefing.render.pager import Flowable, Frame, Pager
from briefing.render.reportlab_private import (
    document_pages,
    pdf_document,
)
from briefing.render.state import RenderState
from briefing.render.tagging import PAGINATION, WATERMARK, Tagger, inline


class StartNumbering(Flowable):
    """A zero-size mark: the page it lands on is printed page 1."""

    def __init__(self, state: RenderState):
        self.state = state

    def draw(self) -> None:
        if self.state.number_start is None:
            self.state.number_start = self.canv.getPageNumber()


class TaggedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """The document's canvas, carrying the tagger every flowable marks its content with."""

    tagger: Tagger


class PacketDocument:
    """One canvas and its pager: mirrored odd/even frames, page numbers, marks, contents forms filled at the end."""

    def __init__(
        self,
        target: BinaryIO,
        layout: Layout,
        fonts: FontRegistry,
        state: RenderState,
        page_number_format: str,
        token: str,
        mirror: bool,
        metadata: Metadata,
        marks: Marks | None = None,
        initial_font: str | None = None,
        memo: RenderMemo | None = None,
        time: DocumentTime | None = None,
        pdfa: bool = False,
    ):
        self.layout = layout
        self.memo = memo
        self.fonts = fonts
        self.state = state
        self.page_number_format = page_number_format
        self.token = token
        self.mirror = mirror
        self.marks = marks or Marks()
        self.tagger = Tagger()
        self.metadata = metadata
        self.time = time or DocumentTime(dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
        self.pdfa = pdfa
        self.canv = TaggedCanvas(
            target,
            pagesize=(layout.page.width, layout.page.height),
            invariant=1,
            initialFontName=initial_font,
            lang=metadata.lang,
        )
        self.canv.setAuthor(metadata.author)
        self.canv.setTitle(metadata.title)
        self.canv.setSubject(metadata.subject)
        self.canv.setCreator(metadata.creator)
        self.canv.setProducer(PRODUCER)
        stamp = self.time.pdf
        self.canv.setDateFormatter(lambda *_: stamp)  # CreationDate and ModDate, as in the XMP
        self.canv.setKeywords(metadata.keywords)
        self.canv.tagger = self.tagger
        self._forms: list[str] = []  # the watermarks, each a form drawn on every page
        self._inks = (
            memo.inks if memo is not None else {}
        )  # page numbers' ink, measured once (a warm build's kept)
        self.pager = Pager(self.canv, self._frame, self._page_begin, self._page_end, state.blank_pages)

    def build(self, story: list[Flowable]) -> None:
        """Lay the story out, fill in the contents' page numbers and write the PDF to the target."""
        self._define_watermarks()
        self.pager.lay_out(story)
        self.pager.finish()
        self._write_contents_numbers()
        state = self.state
        catalog = {}
        if state.number_start is not None and state.number_start > 1:
            # Front matter numbered i, ii …, then 1, 2 … from the first numbered page. Written directly:
            # ReportLab's addPageLabel makes each label an object of its own, which PDF/A checkers refuse.
            catalog["PageLabels"] = inline(
                f"<< /Nums [0 << /S /r >> {state.number_start - 1} << /S /D /St 1 >>] >>"
            )
        self.canv.showOutline()  # open with the bookmarks shown
        self.tagger.write(
            self.canv,
            {
                **catalog,
                "ViewerPreferences": inline("<< /DisplayDocTitle true >>"),
                **catalog_entries(self.metadata, self.time, self.pdfa),
            },
        )
        save_compressing_ahead(self.canv, self.memo)

    def _define_watermarks(self) -> None:
        """Each watermark is drawn once, as a form of filled glyph outlines, and shown on every page."""
        marks = self.marks
        for name, text, size, colour, tiles in (
            ("briefing-draft", marks.draft, 64, DRAFT_GREY, 1),
            ("briefing-watermark", marks.watermark, 18, WATERMARK_GREY, 3),
        ):
            operators = diagonal_operators(self.layout, self.fonts, text, size, colour, tiles) if text else ""
            if operators:
                self.canv.beginForm(name)
                self.canv.addLiteral(operators)
                self.canv.endForm()
                self._forms.append(name)

    def _frame(self, page: int) -> Frame:
        spec = self.layout.page
        grid = self.layout.grid
        pitch = spec.frame_height / grid[1] if grid else 0.0
        return Frame(self.frame_left(page), spec.bottom, spec.frame_width, spec.frame_height, pitch)

    def frame_left(self, page: int) -> float:
        return self.layout.page.frame_left(page, self.mirror)

    def _page_begin(self, canv: Canvas, page: int) -> None:
        self.tagger.begin_page(canv, page)
        if page in self.state.blank_pages:  # a blank back (duplex) stays blank: no 征求意见稿 on it
            return
        # Watermarks go under the text, in a light grey that still prints.
        for name in self._forms:
            canv.addLiteral(WATERMARK)
            canv.doForm(name)
            canv.addLiteral("EMC")

    def _page_end(self, canv: Canvas, page: int) -> None:
        if page == 1 and self.marks.copy_number:
            canv.addLiteral(PAGINATION)
            draw_copy_number(canv, self.layout, self.fonts, self.frame_left(page), self.marks.copy_number)
            canv.addLiteral("EMC")
        number = self.state.printed_number(page)
        if number is not None and page not in self.state.blank_pages:
            canv.addLiteral(PAGINATION)
            self._draw_page_number(canv, page, number)
            canv.addLiteral("EMC")
        self.tagger.end_page(canv)

    def _draw_page_number(self, canv: Canvas, page: int, number: int) -> None:
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
        # The 一字线's ink is centred `below` under the 版心.
        middle = ink_middle_kept(self._inks, self.fonts, text, style.family, style.size)
        baseline = layout.page.bottom - spec.below - middle
        canv.saveState()
        canv.setFillColor(HexColor(style.color))
        self.fonts.draw_string(canv, text, style.family, style.size, x, baseline)
        canv.restoreState()

    def _contents_style(self) -> TextStyle:
        style = self.layout.styles.get("toc_entry") or self.layout.styles.get("body")
        assert style is not None
        return style

    def _write_contents_numbers(self) -> None:
        """Every heading has its page now: write each contents entry's number where its mark is.

        ReportLab's way is a form XObject per entry, drawn before it is filled: 370 forms in the 10x
        packet, each formatted as an object of its own. The pages are still strings here; the number
        replaces the entry's mark, so it stays in reading order, right after its entry's text.
        """
        state = self.state
        style = self._contents_style()
        doc = pdf_document(self.canv)
        pages = document_pages(doc)
        for page, key in state.contents_numbers:
            heading_page = state.heading_pages.get(key)
            number = state.printed_number(heading_page) if heading_page is not None else None
            fill_number(pages[page - 1], key, None if number is None else str(number), self.fonts, doc, style)
