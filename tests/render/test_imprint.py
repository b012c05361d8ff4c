"""The 版记 on numbered copies (GB/T 9704 7.4): 分送 inset one 字 on both sides, wrapped after "分送：",
at the 4号 pitch; 印发机关 and 印发日期 each one 字 in from their edge of the 版心."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import run_cli
from packets import ROOT, SAMPLE, copy_sample
from pdfcheck import MM, Char, Pdf

from briefing.pipeline import build_pdf
from briefing.read.recipients import load_recipients

RECIPIENTS = ROOT / "data" / "recipients-example.yaml"
ONE_ZI = 14.0  # 4号
LEFT_INSET = 28 * MM + ONE_ZI  # 32.94 mm
RIGHT_INSET = (28 + 156) * MM - ONE_ZI  # 179.06 mm


def _last_page(folder: Path) -> tuple[Pdf, int]:
    pdf = Pdf(sorted(folder.glob("*.pdf"))[0].read_bytes())
    return pdf, len(pdf.pages) - 1


def _imprint(pdf: Pdf, page: int) -> tuple[list[list[Char]], list[Char]]:
    """The 分送 lines and the 印发 line of the last page."""
    lines = pdf.lines(page)
    start = next(i for i, row in enumerate(lines) if "".join(c.text for c in row).startswith("分送："))
    end = next(i for i, row in enumerate(lines) if "".join(c.text for c in row).endswith("印发"))
    return lines[start:end], lines[end]


def _build(folder: Path) -> None:
    result = run_cli("build", str(SAMPLE), "--recipients", str(RECIPIENTS), "-o", str(folder))
    assert result.status == 0, result.err


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pdf, int]:
    folder = tmp_path_factory.mktemp("copies")
    _build(folder)
    return _last_page(folder)


def test_the_distribution_lines_end_one_zi_in_from_the_type_area(copies):
    pdf, page = copies
    rows, _ = _imprint(pdf, page)
    assert len(rows) >= 2
    rights = [row[-1].x1 for row in rows]
    assert max(rights) <= RIGHT_INSET + 0.01  # 179.06 mm (was 184.0 mm, the 版心's edge)
    # Flush left, so a line ends short of the inset by what did not fit: the next entry, kept whole (a name
    # and its 份号 are not split), would have passed the inset.
    for row, following in itertools.pairwise(rows):
        text = "".join(c.text for c in following)
        entry = following[: text.index("，") + 1] if "，" in text else following
        assert row[-1].x1 + (entry[-1].x1 - entry[0].x0) > RIGHT_INSET - 0.01


def test_wrapped_distribution_lines_align_after_the_label(copies):
    pdf, page = copies
    rows, _ = _imprint(pdf, page)
    first = rows[0]
    assert first[0].x0 == pytest.approx(LEFT_INSET, abs=0.01)
    after_colon = first[3].x0  # 分 送 ： then the first name
    assert after_colon == pytest.approx(LEFT_INSET + 3 * ONE_ZI, abs=0.01)  # 47.76 mm
    for row in rows[1:]:
        assert row[0].x0 == pytest.approx(after_colon, abs=0.01)  # was 32.94 mm, under 分


def test_the_distribution_lines_keep_the_4hao_pitch(copies):
    pdf, page = copies
    rows, _ = _imprint(pdf, page)
    pitches = [
        b.x0 - a.x0
        for row in rows
        for a, b in itertools.pairwise(row)
        if "\u4e00" <= a.text <= "\u9fff" and "\u4e00" <= b.text <= "\u9fff"
    ]
    assert len(pitches) > 20
    assert max(pitches) == pytest.approx(ONE_ZI, abs=0.01)  # was spread to 15.21 pt
    assert min(pitches) == pytest.approx(ONE_ZI, abs=0.01)


def test_the_issuing_office_and_date_are_each_one_zi_in(copies):
    pdf, page = copies
    _, issued = _imprint(pdf, page)
    assert issued[0].x0 == pytest.approx(LEFT_INSET, abs=0.01)
    assert issued[-1].x1 == pytest.approx(RIGHT_INSET, abs=0.01)  # was 184.0 mm


def test_the_briefing_layout_hangs_its_list_after_the_label_inside_the_type_area():
    _, rendered = build_pdf(SAMPLE, "briefing", recipients=load_recipients(RECIPIENTS))
    pdf = Pdf(rendered.pdf)
    page = len(pdf.pages) - 1
    rows, issued = _imprint(pdf, page)
    left = rows[0][0].x0
    for row in rows[1:]:
        assert row[0].x0 == pytest.approx(rows[0][3].x0, abs=0.01)
    assert issued[0].x0 == pytest.approx(left, abs=0.01)
    right = pdf.sizes[page][0] - 20 * MM  # an odd page: the outer margin is on the right
    assert issued[-1].x1 == pytest.approx(right, abs=0.01)


def test_a_long_list_and_a_long_issuer_stay_inside_the_insets(tmp_path):
    """Two hundred recipients with long unit names, and an issuer that fills a line: the list runs on
    (over a page if it must), every line stays between the insets, and the date keeps to its line's end."""
    packet = copy_sample(tmp_path)
    text = (packet / "packet.yaml").read_text(encoding="utf-8")
    issuer = "通化市东昌区人民政府办公室" * 4
    (packet / "packet.yaml").write_text(
        text.replace("issuer: 通化市东昌区人民政府办公室", f"issuer: {issuer}"), encoding="utf-8"
    )
    recipients = tmp_path / "recipients.yaml"
    recipients.write_text(
        "recipients:\n"
        + "".join(
            f"  - name: 收件人{n}\n    organisation: 通化市东昌区第{n}号很长的单位名称办公室\n"
            for n in range(200)
        ),
        encoding="utf-8",
    )
    # The shared document only: stamping two hundred copies would say nothing more about the 版记.
    _, rendered = build_pdf(packet, "gbt9704", recipients=load_recipients(recipients))
    pdf = Pdf(rendered.pdf)
    # The list runs over pages; with every entry kept whole a line, the 印发 line may have a page of its own.
    first = next(i for i in range(len(pdf.pages)) if "收件人0" in pdf.text(i))
    imprint_pages = list(range(first, len(pdf.pages)))
    assert "印发" in pdf.text(imprint_pages[-1])
    assert imprint_pages
    for index in imprint_pages:
        for row in pdf.lines(index):
            text = "".join(c.text for c in row)
            if "收件人" in text or "印发" in text or "办公室" in text:
                assert row[0].x0 >= LEFT_INSET - 0.01 and row[-1].x1 <= RIGHT_INSET + 0.01, text
    *_, last = imprint_pages
    issued = next(row for row in pdf.lines(last) if "".join(c.text for c in row).endswith("印发"))
    assert issued[-1].x1 == pytest.approx(RIGHT_INSET, abs=0.01)
