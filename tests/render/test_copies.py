"""Numbered copies: the shared pages stamped with each copy's 份号 and watermark underneath, reproducibly."""

from __future__ import annotations

import io

import pikepdf
from pdfcheck import Pdf

from briefing.render.copies import CopyMarks, Stamper, stamp_copies


def test_each_copy_is_the_base_with_its_marks_under_every_page(sample, sample_plan):
    _, base = sample
    marks = [CopyMarks("000007", "王明 000007"), CopyMarks("000008", "李红 000008")]
    copies = list(stamp_copies(base.data, sample_plan.layout, marks))
    assert len(copies) == 2 and copies[0] != copies[1]
    first = Pdf(copies[0])
    assert len(first.pages) == len(base.pages)
    with pikepdf.open(io.BytesIO(copies[0])) as pdf:
        drawn = []
        for page in pdf.pages:
            assert page.Contents[0].read_bytes() == b"q /BriefingMarks Do Q\n", "drawn under the text"
            drawn.append(page.Resources.XObject["/BriefingMarks"].read_bytes().count(b" Tj"))
    assert drawn == [7] + [6] * (len(drawn) - 1), "the 份号 on the first page, the watermark on every page"
    assert "王" in first.text(1) and "王" not in base.text(1), "the watermark is text a reader finds"


def test_stamping_the_same_copy_twice_gives_the_same_bytes(sample, sample_plan):
    _, base = sample
    stamper = Stamper(base.data, sample_plan.layout)
    marks = CopyMarks("000001", "张伟 000001")
    assert stamper.stamp(marks) == stamper.stamp(marks)
