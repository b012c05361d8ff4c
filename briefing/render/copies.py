"""Numbered copies: the shared pages are rendered once; each copy only adds its 份号 and watermark."""

from __future__ import annotations

import io
from collections.abc import Iterator

import msgspec
import pikepdf
from reportlab.pdfgen.canvas import Canvas

from briefing.model.layout import Layout
from briefing.render.fonts.registry import FontRegistry
from briefing.render.marks import draw_copy_number, draw_watermark, mark_style


class CopyMarks(msgspec.Struct, frozen=True):
    number: str  # six digits
    watermark: str  # e.g. 张三 000001


def _underlays(layout: Layout, fonts: FontRegistry, marks: CopyMarks) -> bytes:
    """A two-page PDF: what goes under the first page (份号 + watermark), and under every other page."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.page.width, layout.page.height),
        invariant=1,
        pageCompression=1,
        # ReportLab lists its initial font (Helvetica, never embedded) in the resources unless told otherwise.
        initialFontName=fonts.name(mark_style(layout).family),
    )
    draw_watermark(canvas, layout, fonts, marks.watermark)
    draw_copy_number(canvas, layout, fonts, layout.page.inner, marks.number)
    canvas.showPage()
    draw_watermark(canvas, layout, fonts, marks.watermark)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class Stamper:
    """Stamps copies of one rendered PDF, one at a time: the fonts for the marks are read once."""

    def __init__(self, base: bytes, layout: Layout):
        self.base = base
        self.layout = layout
        self.fonts = FontRegistry(layout.fonts, subset_cache=False)

    def stamp(self, marks: CopyMarks) -> bytes:
        """This copy's PDF: the base pages with its marks underneath, written deterministically."""
        underlay = _underlays(self.layout, self.fonts, marks)
        with pikepdf.open(io.BytesIO(self.base)) as pdf, pikepdf.open(io.BytesIO(underlay)) as extra:
            first = pdf.copy_foreign(pikepdf.Page(extra.pages[0]).as_form_xobject())
            rest = pdf.copy_foreign(pikepdf.Page(extra.pages[1]).as_form_xobject())
            # Drawn first, so it lies under the text; a fixed resource name (pikepdf's add_underlay picks a
            # random one) keeps identical input giving identical bytes.
            draw = pdf.make_stream(b"/Artifact <</Type /Pagination>> BDC q /BriefingMarks Do Q EMC\n")
            for index, page in enumerate(pdf.pages):
                wrapped = pikepdf.Page(page)
                wrapped.add_resource(
                    first if index == 0 else rest,
                    pikepdf.Name.XObject,
                    name=pikepdf.Name("/BriefingMarks"),
                    replace_existing=True,
                )
                wrapped.contents_add(draw, prepend=True)
            output = io.BytesIO()
            # Copy the shared streams as they are (they are compressed already): letting qpdf recompress
            # the embedded fonts of every copy was nine tenths of its cost.
            pdf.save(
                output,
                deterministic_id=True,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
            )
        return output.getvalue()


def stamp_copies(base: bytes, layout: Layout, copies: list[CopyMarks]) -> Iterator[bytes]:
    """Each copy's PDF in turn (see Stamper.stamp)."""
    stamper = Stamper(base, layout)
    for marks in copies:
        yield stamper.stamp(marks)
