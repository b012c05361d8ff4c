"""Printing: duplex (odd-page starts, unnumbered blanks, mirrored 版心), 份号, marks, numbered copies."""

from __future__ import annotations

import io
import math
import re

import pdfplumber
import pikepdf
import pytest
from packets import ROOT, SAMPLE
from pdfcheck import MM, Pdf

from briefing.cli import main
from briefing.copies import make_copies
from briefing.errors import ValidationError
from briefing.pipeline import Options, build_pdf
from briefing.read.recipients import load_recipients

RECIPIENTS = ROOT / "data" / "recipients-example.yaml"
FRAME_TOP = 37 * MM


@pytest.fixture(scope="module")
def duplex():
    packet, rendered = build_pdf(SAMPLE, options=Options(duplex=True))
    return packet, Pdf(rendered.pdf)


@pytest.fixture(scope="module")
def copies():
    recipients = load_recipients(RECIPIENTS)
    packet, rendered, made = make_copies(SAMPLE, recipients, Options(duplex=True))
    return packet, recipients, Pdf(rendered.pdf), [(copy, Pdf(copy.pdf)) for copy in made]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def first_lines(pdf: Pdf) -> list[str]:
    """The upright 16 pt lines at the top of the first page (watermarks excluded)."""
    rows = [[c for c in row if abs(c.size - 16) < 0.01] for row in pdf.lines(0)]
    return [squash("".join(c.text for c in row)) for row in rows if row][:3]


def diagonal_texts(data: bytes) -> list[str]:
    """Per page, the text of the characters set at an angle (watermarks)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return ["".join(c["text"] for c in page.chars if abs(c["matrix"][1]) > 0.1) for page in pdf.pages]


def heading_pages(pdf: Pdf, packet) -> list[int]:  # type: ignore[no-untyped-def]
    """The PDF page index where each area's 一、 heading stands (its first body page)."""
    found = []
    for number, area in enumerate(packet.areas, start=1):
        title = squash(area.title)[:12]
        pages = [
            i
            for i in range(len(pdf.pages))
            if pdf.page_number(i) and any(title in squash(t) for t in pdf.line_texts(i)[:3])
        ]
        assert pages, f"area {number} heading not found"
        found.append(pages[0])
    return found


def test_duplex_starts_every_area_on_an_odd_page(duplex):
    packet, pdf = duplex
    for index in heading_pages(pdf, packet):
        physical = index + 1
        assert physical % 2 == 1, f"an area starts on physical page {physical}"
        number = pdf.page_number(index)[0]
        assert number % 2 == 1, f"an area starts on printed page {number}"


def test_duplex_blank_pages_carry_no_number_and_numbering_counts_them(duplex):
    _, pdf = duplex
    blanks = [i for i in range(len(pdf.pages)) if not "".join(c.text for c in pdf.pages[i]).strip()]
    assert blanks, "the sample needs blank versos in duplex"
    numbered = {i: pdf.page_number(i)[0] for i in range(len(pdf.pages)) if pdf.page_number(i)}
    first = min(numbered)
    for index, number in numbered.items():
        assert number == index - first + 1, "blank pages are counted though not printed"
    for index in blanks:
        assert index not in numbered
        if index > first:
            assert (index + 1) % 2 == 0, "only versos are left blank"


def test_duplex_contents_numbers_still_point_at_the_headings(duplex):
    packet, pdf = duplex
    contents = next(i for i in range(len(pdf.pages)) if "目" in pdf.text(i) and "录" in pdf.text(i))
    pages = pdf.page_of_number()
    starts = heading_pages(pdf, packet)
    entries = [re.match(r"^(.*?)(\d+)$", line) for line in pdf.line_texts(contents)[1:]]
    for match, index in zip(entries, starts, strict=False):
        assert match and pages[int(match[2])] == index


def test_duplex_mirrors_the_binding_margin_on_even_pages(duplex):
    _, pdf = duplex
    for index in range(len(pdf.pages)):
        found = pdf.page_number(index)
        if not found:
            continue
        body = [
            c for c in pdf.pages[index] if c.text.strip() and c not in found[1] and abs(c.size - 16) < 0.1
        ]
        if not body:
            continue
        left = min(c.x0 for c in body)
        expected = 28 * MM if (index + 1) % 2 else 26 * MM
        assert left >= expected - 0.5, (index, left)
        assert left <= expected + 2 * 16 + 1, (index, left)


def test_copy_number_stands_top_left_of_the_text_area_in_3hao(tmp_path):
    _, rendered = build_pdf(SAMPLE, options=Options(copy_number=123))
    pdf = Pdf(rendered.pdf)
    assert first_lines(pdf)[:2] == ["000123", "内部资料注意保存"]
    first, second = pdf.lines(0)[0], pdf.lines(0)[1]
    assert abs(first[0].x0 - 28 * MM) < 0.5
    assert abs(first[0].size - 16) < 0.01
    assert FRAME_TOP - 1 <= first[0].top <= FRAME_TOP + 28.99
    assert second[0].top - first[0].top == pytest.approx(637.8 / 22, abs=0.1), "份号 line 1, 密级 line 2"
    assert "NotoSans" in second[0].font, "the classification line is 3号黑体"
    assert all("000123" not in pdf.text(i) for i in range(1, len(pdf.pages)))


def test_draft_mark_is_a_light_diagonal_watermark_on_every_page():
    """Since issue 13 (point 8) the mark is the outline of its glyphs, in one form every page shows inside
    a watermark artifact: no text for extractors (tests/render/test_marks.py), the same look."""
    _, rendered = build_pdf(SAMPLE, options=Options(draft="征求意见稿"))
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        assert not any(c["size"] > 40 for page in pdf.pages for c in page.chars), "no text at 64 pt"
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        forms = set()
        for page in pdf.pages:
            content = page.Contents.read_bytes()
            assert b"/Subtype /Watermark>> BDC" in content and b" Do" in content, (
                "the draft mark is on every page"
            )
            forms |= {xobject.objgen for xobject in page.Resources.XObject.values()}
        (form,) = forms
        stream = pdf.get_object(form).read_bytes().decode()
        angles = {
            round(math.degrees(math.atan2(float(b), float(a))))
            for a, b in re.findall(r"([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ cm", stream)
        }
        assert 35 in angles, "it runs diagonally"
        greys = [tuple(map(float, rgb)) for rgb in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)]
        assert any(all(0.8 < c < 0.95 for c in grey) for grey in greys), f"light grey, got {greys}"
        assert stream.count(" c\n") > 50, "filled glyph outlines"


def test_recipient_copies_differ_only_by_their_marks(copies):
    packet, recipients, base, made = copies
    assert [copy.recipient.copy for copy, _ in made] == [1, 2, 3, 4, 5]
    assert len({copy.filename for copy, _ in made}) == 5
    forms: list[bytes] = []
    for copy, pdf in made:
        recipient = copy.recipient
        assert len(pdf.pages) == len(base.pages)
        assert first_lines(pdf)[0] == recipient.copy_number
        # Since issue 13 (point 8) the watermark is its glyphs' outlines (no text): each page shows the
        # copy's own marks form, and the copies' forms differ (each draws its recipient's name and 份号).
        with pikepdf.open(io.BytesIO(copy.pdf)) as opened:
            for index, page in enumerate(opened.pages):
                marks = page.Resources.XObject.get("/BriefingMarks")
                assert marks is not None, f"page {index + 1} of copy {recipient.copy} lacks its watermark"
            forms.append(opened.pages[1].Resources.XObject.BriefingMarks.read_bytes())
        others = [r for r in recipients if r is not recipient]
        assert not any(f"{r.name}{r.copy_number}" in squash(pdf.all_text) for r in others)
        assert pdf.reader.metadata.title == packet.title
    assert len(set(forms)) == 5 and all(b" c\n" in form for form in forms)


def test_every_font_of_a_copy_is_embedded(copies):
    """The stamped marks bring fonts of their own; none may be a font the reader must supply (ReportLab
    listed Helvetica, its initial font, in the marks' resources)."""
    _, _, _, made = copies
    for copy, pdf in made[:2]:
        fonts = pdf.fonts()
        assert len(fonts) >= 5
        for name, font in fonts.items():
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontDescriptor" in descendant, f"{copy.filename}: {name} is not embedded"
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), f"{copy.filename}: {name}"


def test_the_last_page_lists_the_distribution(copies):
    _, recipients, base, made = copies
    last = squash(base.text(len(base.pages) - 1))
    assert "分送：" in last
    for recipient in recipients:
        assert f"{recipient.label}（{recipient.copy_number}）" in last
    assert "印发" in last
    for _, pdf in made:
        assert "分送：" in squash(pdf.text(len(pdf.pages) - 1))


def test_build_with_recipients_writes_one_pdf_each(tmp_path, capsys):
    out = tmp_path / "copies"
    assert main(["build", str(SAMPLE), "--recipients", str(RECIPIENTS), "-o", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "000001-王明.pdf",
        "000002-李红.pdf",
        "000003-张伟.pdf",
        "000004-刘洋.pdf",
        "000005-陈静.pdf",
    ]
    assert "5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ('recipients:\n  - name: "张三\\nBcc: x@evil.example"\n', "recipients[1].name", "控制字符"),
        (
            "recipients:\n  - name: 张三\n    email: 张三 <zs@example.org>\n",
            "recipients[1].email",
            "格式不对",
        ),
        (
            "recipients:\n  - name: 张三\n    copy: 2\n  - name: 李四\n    copy: 2\n",
            "recipients[2].copy",
            "重复",
        ),
        ("recipients:\n  - name: 张三\n    copy: 1000000\n", "recipients[1].copy", "超出范围"),
        ("recipients:\n  - name: 张三\n    emial: a@example.org\n", "recipients[1].emial", "email"),
        ("recipients: []\n", "recipients", "空的"),
    ],
)
def test_bad_recipient_files_are_located_errors(tmp_path, capsys, text, field, words):
    path = tmp_path / "recipients.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_recipients(path)
    message = caught.value.render("zh")
    assert re.match(rf"^recipients\.yaml:\d+:\d+: {re.escape(field)}: ", message), message
    assert words in message
    out = tmp_path / "out"
    assert main(["build", str(SAMPLE), "--recipients", str(path), "-o", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir()), "nothing is written when the list is wrong"
    assert "Traceback" not in capsys.readouterr().err


def test_numbered_copies_are_byte_reproducible(copies):
    _, recipients, _, made = copies
    _, _, again = make_copies(SAMPLE, recipients, Options(duplex=True))
    assert [copy.pdf for copy in again] == [copy.pdf for copy, _ in made]
