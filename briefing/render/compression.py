"""Streams compressed ahead, in a thread of their own, while the rest of the PDF is written."""

from __future__ import annotations

import threading
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress

from briefing.render.memo import RenderMemo
from briefing.render.pdf_writer import write_document
from briefing.render.reportlab_private import (
    compress_pages_with,
    document_objects,
    drop_empty_page_entries,
    format_document_with,
    pdf_document,
    write_delayed_fonts,
)

# Font streams shorter than this (ToUnicode maps) are compressed by ReportLab as it writes them. Every page
# goes ahead: they are queued in one thread, so a short one costs no more than its compression.
_WORTH_A_THREAD = 16384


class Compressed:
    """A Flate filter for one stream whose bytes a CompressionLine compresses ahead of the writer."""

    pdfname = "FlateDecode"

    def __init__(self, data: bytes, memo: RenderMemo | None = None):
        self._data = data
        self._result: bytes | BaseException = b""
        self._done = threading.Event()
        self._memo = memo  # a warm build's: keeps what is compressed here for the next render

    @classmethod
    def already(cls, stream: bytes) -> Compressed:
        """A stream a warm build compressed last time: nothing to do."""
        compressed = cls(b"")
        compressed._result = stream
        compressed._done.set()
        return compressed

    def compress(self) -> None:
        try:
            self._result = zlib.compress(self._data)  # the level ReportLab uses, so the bytes are the same
            if self._memo is not None:
                self._memo.keep_compressed(self._data, self._result)
        except BaseException as exc:  # (MemoryError) handed to the writing thread, never lost
            self._result = exc
        self._data = b""
        self._done.set()

    def encode(self, data: Any) -> bytes:
        """What ReportLab's filter would return for `data` (the same stream, compressed already)."""
        self._done.wait()
        if isinstance(self._result, BaseException):
            raise self._result
        return self._result


class CompressionLine:
    """Compresses streams one after the other, in the order the PDF will ask for them, in one thread."""

    def __init__(self) -> None:
        self._queue: list[Compressed] = []

    def add(self, data: bytes, memo: RenderMemo | None = None) -> Compressed:
        """`data`'s stream: compressed by this line, or taken from `memo` if a render made it before."""
        found = memo.compressed(data) if memo is not None else None
        if found is not None:
            return Compressed.already(found)
        compressed = Compressed(data, memo)
        self._queue.append(compressed)
        return compressed

    def start(self) -> None:
        if self._queue:
            threading.Thread(target=self._run, args=(self._queue,)).start()
            self._queue = []

    @staticmethod
    def _run(queue: list[Compressed]) -> None:
        for compressed in queue:
            compressed.compress()


def save_compressing_ahead(canv: Any, memo: RenderMemo | None = None) -> None:
    """Write the PDF; its page streams and font programs are compressed in other threads meanwhile.

    ReportLab compresses each stream as it writes it, one after the other: page contents and the font
    programs (700 KB for the sample; 2 MB of pages for the 10x packet) were most of the time spent saving.
    zlib lets go of the GIL, so they are compressed on the other core while the fonts are subset and the
    objects are formatted. The fonts' objects are made here, as GetPDFData would make them, so that their
    streams exist to be started on. canvas.save then prepares the document as ever, and the file is
    written by pdf_writer (the same bytes as ReportLab's own loop, in about half its time).
    """
    doc = pdf_document(canv)
    drop_empty_page_entries(doc)
    pages = CompressionLine()
    compress_pages_with(doc, lambda data: pages.add(data, memo), 1)
    pages.start()
    write_delayed_fonts(doc)
    fonts = CompressionLine()
    for obj in document_objects(doc):
        # The font programs; small streams (ToUnicode maps) are not worth a thread.
        compressible = isinstance(obj, PDFStream) and obj.filters == [PDFZCompress]
        if compressible and isinstance(obj.content, bytes) and len(obj.content) >= _WORTH_A_THREAD:
            obj.filters = [fonts.add(obj.content, memo)]  # a warm build's fonts are often the same
    fonts.start()
    format_document_with(doc, write_document)
    canv.save()
