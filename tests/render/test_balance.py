"""Balanced titles: a wrapped title's lines come out about equally long and centred on the 版心, not full
lines and a short last one (GB/T 9704: 标题回行时……排列对称，长短适宜)."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_cli
from packets import ROOT, area_yaml, write_packet
from pdfcheck import Pdf

LONG_TITLE = "东昌区2023年国民经济和社会发展计划执行情况及2024年重点工作汇报材料"


def _title_lines(pdf: Pdf, size: float) -> list[tuple[str, float, float]]:
    """Text, left and right edge of each line set at the title's size on the cover."""
    found = []
    for chars in pdf.lines(0):
        title = [c for c in chars if abs(c.size - size) < 0.5]
        if title:
            found.append(("".join(c.text for c in title), title[0].x0, title[-1].x1))
    return found


@pytest.mark.parametrize(("layout", "size"), [("gbt9704", 22.0), ("briefing", 28.0)])
def test_a_long_cover_title_wraps_into_lines_of_about_equal_length(tmp_path, layout, size):
    packet = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")}, layout=layout)
    text = (packet / "packet.yaml").read_text("utf-8").replace("title: 测试汇报材料", f"title: {LONG_TITLE}")
    (packet / "packet.yaml").write_text(text, "utf-8")
    result = run_cli("build", str(packet), "-o", str(tmp_path / "out.pdf"))
    assert result.status == 0, result
    pdf = Pdf((tmp_path / "out.pdf").read_bytes())
    lines = _title_lines(pdf, size)
    meeting = next(chars for chars in pdf.lines(0) if "测试会议" in "".join(c.text for c in chars))
    middle = (meeting[0].x0 + meeting[-1].x1) / 2  # a one-line centred style: the 版心's middle
    assert "".join(text for text, _, _ in lines) == LONG_TITLE
    widths = [right - left for _, left, right in lines]
    assert len(lines) >= 2
    # Greedy filling left the last line a third or less of the others; balanced, within two characters.
    assert max(widths) - min(widths) <= 2 * size, lines
    for _, left, right in lines:
        assert abs((left + right) / 2 - middle) < 1.0, "each line centred on the 版心"


def test_balance_in_a_layout_must_be_true_or_false_and_is_located(tmp_path):
    folder = tmp_path / "layout"
    shutil.copytree(ROOT / "layouts" / "gbt9704", folder)
    spec = folder / "layout.yaml"
    text = spec.read_text("utf-8")
    edited = text.replace("align: center, balance: true}", "align: center, balance: 大概}", 1)
    assert edited != text
    spec.write_text(edited, "utf-8")
    line = next(n for n, row in enumerate(edited.splitlines(), start=1) if "balance: 大概" in row)
    packet = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    result = run_cli("build", str(packet), "-o", str(tmp_path / "out.pdf"), "--layout", str(folder))
    assert result.status == 1
    assert f"layout.yaml:{line}:" in result.err and "均衡回行" in result.err and "true 或 false" in result.err
    assert not (tmp_path / "out.pdf").exists()
