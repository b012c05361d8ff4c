"""Streams compressed ahead: the same bytes ReportLab's filter gives, and a failure reaches the writer."""

from __future__ import annotations

import zlib

import pytest

from briefing.render.compression import Compressed, CompressionLine


def test_each_stream_comes_back_compressed_as_reportlab_would():
    line = CompressionLine()
    streams = [bytes([n]) * (1000 * n) for n in range(1, 6)]
    queued = [line.add(data) for data in streams]
    line.start()
    assert [item.encode(None) for item in reversed(queued)] == [zlib.compress(d) for d in reversed(streams)]
    assert all(item.pdfname == "FlateDecode" for item in queued)


def test_a_failed_compression_is_raised_where_the_pdf_is_written(monkeypatch):
    def failing(data: bytes) -> bytes:
        raise MemoryError

    monkeypatch.setattr(zlib, "compress", failing)
    item = Compressed(b"page")
    item.compress()
    with pytest.raises(MemoryError):
        item.encode(None)


def test_the_pdf_is_the_one_reportlabs_own_compression_writes(sample_plan, monkeypatch):
    from briefing.render import compression, render

    ahead = render(sample_plan).pdf
    monkeypatch.setattr(compression, "compress_pages_with", lambda doc, compressed, smallest: None)
    monkeypatch.setattr(compression, "_WORTH_A_THREAD", 1 << 40)
    assert render(sample_plan).pdf == ahead
