"""Text blocks: bookmarks from headings, markup printed literally, and the runs of lines a split shares."""

from __future__ import annotations

import pytest
from packets import area_yaml, write_packet
from pdfcheck import Pdf, tables

from briefing.linebreak import Line
from briefing.pipeline import build_pdf
from briefing.render.text import LineRun

from .helpers import squash


def test_bookmarks_go_from_areas_to_their_tables(sample):
    packet, pdf = sample
    outline = pdf.outline()
    top = [(title, page) for level, title, page in outline if level == 0]
    # The contents' own bookmark comes first since issue 13 (point 9: a 目录 bookmark), then the areas.
    assert top[0][0] == "目录"
    top = top[1:]
    assert [t for t, _ in top][: len(packet.areas)] == [
        f"{n}、{a.title}" for n, a in zip("一二三四五六七八", packet.areas, strict=False)
    ]
    for title, page in top:
        assert squash(title)[:10] in squash(pdf.text(page))
    levels = [level for level, _, _ in outline]
    assert 1 in levels and max(levels) == 1
    assert any("主要目标指标" in title for level, title, _ in outline if level == 1)


def test_markup_in_data_prints_literally(tmp_path):
    root = write_packet(
        tmp_path / "p",
        {
            "01-a.yaml": area_yaml(
                "R&D与<b>创新</b>",
                [{"name": "x<y & z>w 项目", "kind": "新建", "note": "'\"<br>\" &amp;'"}],
                summary="研发投入R&D占比提高，x<y时取<b>较大值</b>&nbsp;。",
            )
        },
    )
    _, rendered = build_pdf(root)
    cells = [squash(cell) for _, rows in tables(rendered.pdf) for row in rows for cell in row]
    assert "x<y&z>w项目" in cells
    assert '"<br>"&amp;' in cells
    text = squash(Pdf(rendered.pdf).all_text)
    for literal in (
        "R&D与<b>创新</b>",
        "研发投入R&D占比提高，x<y时取<b>较大值</b>&nbsp;。",
    ):
        assert literal in text, literal


def _lines(count: int) -> list[Line]:
    return [Line((), str(number), float(number), False, False) for number in range(count)]


def test_a_run_of_lines_is_a_view_of_the_paragraphs_one_list():
    lines = _lines(10)
    run = LineRun(lines)[2:8]
    inner = run[1:4]
    assert [line.text for line in inner] == ["3", "4", "5"]
    assert inner._lines is lines, "a view of a view looks straight at the paragraph's list"
    assert inner[-1].text == "5" and len(inner) == 3
    with pytest.raises(IndexError):
        inner[3]
    with pytest.raises(ValueError):
        run[::2]
    assert list(run[5:2]) == [], "a reversed slice is empty, as for a list"
