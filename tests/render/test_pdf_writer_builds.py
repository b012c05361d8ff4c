"""Whole builds through the PDF writer: the same bytes as through ReportLab's own formatting, and a packet's
hostile text leaves the file readable, saying what the packet says."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
from packets import ROOT, SAMPLE, area_yaml, write_packet
from pdfcheck import Pdf
from pypdf import PdfReader

from briefing.copies import build_copies
from briefing.pipeline import Options, build_pdf
from briefing.render import compression, pdf_writer

RECIPIENTS = ROOT / "data" / "recipients-example.yaml"
HOSTILE_TITLE = "东昌府区 (2023) 汇报 )>> endobj [ \\ << /Evil true"
MEETING = "会议 )>> trailer"
ISSUER = "办公室 ) ( \\"
SUMMARY = "正文里的 ) 右括号、\\ 反斜杠、<< 尖括号 >> 和 % 百分号。"


def _both(monkeypatch: pytest.MonkeyPatch, build) -> tuple[Any, Any]:  # type: ignore[no-untyped-def]
    """What a build gives through our writer, and the same build written by ReportLab's own loop."""
    ours = build()
    written: list[bool] = []

    def reportlab_only(doc):  # type: ignore[no-untyped-def]
        written.append(True)
        return pdf_writer.reportlab_format(doc)

    with monkeypatch.context() as patched:
        patched.setattr(compression, "write_document", reportlab_only)
        theirs = build()
    assert written and all(written)  # the comparison really went through ReportLab's loop
    return ours, theirs


@pytest.mark.parametrize(
    "options",
    [
        Options(layout="gbt9704"),
        Options(layout="briefing"),
        Options(layout="gbt9704", duplex=True, draft="征求意见稿", copy_number=7),
        Options(layout="briefing", duplex=True, draft="内部资料"),
    ],
    ids=["gbt9704", "briefing", "gbt9704-duplex-draft-copy", "briefing-duplex-draft"],
)
def test_the_sample_is_the_file_reportlab_writes(monkeypatch, options):
    ours, theirs = _both(monkeypatch, lambda: build_pdf(SAMPLE, options=options)[1].pdf)
    assert ours == theirs


def test_numbered_copies_are_the_files_reportlab_writes(monkeypatch, tmp_path):
    def copies() -> list[bytes]:
        folder = tmp_path / f"copies-{len(list(tmp_path.iterdir()))}"
        return [path.read_bytes() for path in build_copies(SAMPLE, RECIPIENTS, folder)]

    ours, theirs = _both(monkeypatch, copies)
    assert len(ours) > 1 and ours == theirs


def test_hostile_text_in_a_packet_stays_text(monkeypatch, tmp_path):
    areas = {
        "01.yaml": area_yaml(
            "扩大内需 )>> trailer (一",
            projects=[{"name": "项目 \\) [ 括号 ( 未闭合", "status": "进行中"}],
            summary=SUMMARY,
        ),
        "02.yaml": area_yaml("民生 [ ] { } / # 100%"),
    }
    packet = write_packet(tmp_path / "packet", areas)
    text = (packet / "packet.yaml").read_text(encoding="utf-8")
    for field, value in (("title", HOSTILE_TITLE), ("meeting", MEETING), ("issuer", ISSUER)):
        quoted = value.replace("\\", "\\\\")
        text = "\n".join(
            f'{field}: "{quoted}"' if line.startswith(f"{field}:") else line for line in text.split("\n")
        )
    (packet / "packet.yaml").write_text(text, encoding="utf-8")
    ours, theirs = _both(monkeypatch, lambda: build_pdf(packet, "gbt9704")[1].pdf)
    assert ours == theirs
    with pikepdf.open(io.BytesIO(ours)) as pdf:
        assert str(pdf.docinfo["/Title"]) == HOSTILE_TITLE
        assert str(pdf.docinfo["/Subject"]) == MEETING
        assert str(pdf.docinfo["/Author"]) == ISSUER
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert any("扩大内需 )>> trailer (一" in title for title in titles)
    body = Pdf(ours).all_text.replace("\n", "")  # lines joined: the text reads as the packet wrote it
    assert SUMMARY in body
    assert "项目 \\) [ 括号 ( 未" in body
    reader = PdfReader(io.BytesIO(ours))
    assert [page.extract_text() for page in reader.pages] == [
        page.extract_text() for page in PdfReader(io.BytesIO(theirs)).pages
    ]
