"""The progress chart in Word: the PDF's title, legend, labels, marks and totals in the same order, each
area's bar a row of shaded cells as wide as its counts, and the chart's alternative text on the table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli
from lxml import etree
from wordcheck import NS, Docx, attribute

from briefing.compose.progress_chart import chart_alt
from briefing.model.plan import ProgressChart
from briefing.model.progress import STATUSES
from briefing.pipeline import Options, _plan
from briefing.render.progress_chart import LOOKS as PDF_LOOKS

REPO = Path(__file__).resolve().parent.parent.parent
TITLE = "各领域推进情况（截至9月底，单位：项）"
FIRST = "一、着力扩大内需，推动经济合理增长"
SECOND = "二、着力保障和改善民生"
# Three more 已完成 in the second area: bars of unequal segments (●4 beside ◎1) and totals (5 and 7).
MORE = "".join(
    f"  - name: 补充指标{n}\n    unit: 人\n    target: 100人\n    progress: {{as_of: 2023-09-30, status: 已完成}}\n"
    for n in range(3)
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProgressChart, Docx, list[str]]:
    """The chart's plan block, the .docx and the PDF's lines from the chart's title on."""
    folder = tmp_path_factory.mktemp("progress-word")
    packet = folder / "packet"
    shutil.copytree(REPO / "tests" / "data" / "progress-two-areas", packet)
    area = packet / "areas" / "02-民生.yaml"
    area.write_text(area.read_text(encoding="utf-8") + MORE, encoding="utf-8")
    for name in ("c.docx", "c.pdf"):
        run = run_cli("build", str(packet), "--layout", "briefing", "-o", str(folder / name))
        assert run.status == 0, run.err
    _, plan = _plan(packet, Options(layout="briefing"), ())
    chart = next(block for block in plan.blocks if isinstance(block, ProgressChart))
    with pdfplumber.open(folder / "c.pdf") as pdf:
        lines = [squash(line) for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    return chart, Docx((folder / "c.docx").read_bytes()), lines[lines.index(TITLE) :]


def chart_table(document: Docx) -> etree._Element:
    return next(table for table in document.tables if document.rows(table)[0][0] == FIRST)


def test_title_legend_and_bars_follow_one_another_with_the_pdf_s_texts(built) -> None:
    _, document, pdf_lines = built
    at = next(n for n, block in enumerate(document.blocks) if getattr(block, "text", "") == TITLE)
    title, legend, bars = document.blocks[at : at + 3]
    assert title.style == "caption"  # Word's built-in 题注
    assert (legend.style, squash(legend.text)) == ("图表文字", "●已完成◎序时推进▲滞后○未启动×已终止")
    assert bars == [
        [FIRST, "●1", "◎1", "▲1", "○1", "×1", "5"],
        [SECOND, "●4", "◎1", "▲1", "○1", "7"],
    ]
    # the PDF prints the same texts in the same order
    assert pdf_lines[:4] == [squash(title.text), squash(legend.text), *("".join(row) for row in bars)]


def test_each_segment_is_a_cell_shaded_as_its_status_and_as_wide_as_its_count(built) -> None:
    from briefing.word.progress_chart import LOOKS

    chart, document, _ = built
    table = chart_table(document)
    grid = [int(attribute(column, "w")) for column in table.findall("w:tblGrid/w:gridCol", NS)]
    units = []
    for tr, (_, counts) in zip(table.findall("w:tr", NS), chart.rows, strict=True):
        column, found = 0, []
        for tc in tr.findall("w:tc", NS):
            span = int(attribute(tc.find("w:tcPr/w:gridSpan", NS), "val") or 1)
            width = sum(grid[column : column + span])
            column += span
            found.append((tc.find("w:tcPr/w:shd", NS), width))
        label, *segments, total = found
        assert label[0] is None and total[0] is None  # only the bars are filled
        shown = [(status, count) for (status, _), count in zip(chart.statuses, counts, strict=True) if count]
        assert len(segments) == len(shown)
        for (shading, width), (status, count) in zip(segments, shown, strict=True):
            fill, ink, pattern = LOOKS[status]
            assert (attribute(shading, "fill"), attribute(shading, "color")) == (fill[1:], ink[1:])
            assert attribute(shading, "val") == pattern
            units.append(width / count)
    # one scale: every segment's width per item is the same (within the twips' rounding)
    assert max(units) - min(units) <= 4, units
    assert [attribute(tc.find("w:tcPr/w:shd", NS), "val") for tc in table.findall("w:tr/w:tc", NS)[1:6]] == [
        "clear",
        "thinReverseDiagStripe",
        "thinDiagCross",
        "clear",
        "thinHorzStripe",
    ]


def test_the_chart_s_alternative_text_is_the_table_s_description(built) -> None:
    chart, document, _ = built
    properties = chart_table(document).find("w:tblPr", NS)
    assert attribute(properties.find("w:tblCaption", NS), "val") == TITLE
    description = attribute(properties.find("w:tblDescription", NS), "val")
    assert description == chart_alt(chart)
    assert description == (
        f"{TITLE}：{FIRST}：●已完成1项，◎序时推进1项，▲滞后1项，○未启动1项，×已终止1项；"
        f"{SECOND}：●已完成4项，◎序时推进1项，▲滞后1项，○未启动1项"
    )
    # in schema order: Word refuses a table whose properties are out of order
    names = [etree.QName(child).localname for child in properties]
    assert names[-3:] == ["tblLook", "tblCaption", "tblDescription"]


def test_the_bars_stay_together_on_one_page(built) -> None:
    _, document, _ = built
    rows = chart_table(document).findall("w:tr", NS)
    kept = [[p.find("w:pPr/w:keepNext", NS) is not None for p in row.findall("w:tc/w:p", NS)] for row in rows]
    assert all(kept[0]) and not any(kept[-1])


def test_word_draws_each_status_in_the_pdf_s_colours() -> None:
    from briefing.word.progress_chart import LOOKS

    assert set(LOOKS) == set(STATUSES)
    assert {status: look[:2] for status, look in LOOKS.items()} == {
        status: look[:2] for status, look in PDF_LOOKS.items()
    }


def test_many_areas_of_different_sizes_fit_word_s_63_columns() -> None:
    from briefing.word.progress_chart import MOST_COLUMNS, bar_ends

    rows = tuple((f"{n}", (n, 2 * n + 1, 0, 3, n % 7)) for n in range(1, 40))
    ends = bar_ends(rows, 300.0)
    assert len({end for row in ends for end in row}) <= MOST_COLUMNS
    assert max(max(row) for row in ends) == pytest.approx(300.0, abs=300 / MOST_COLUMNS)


def test_forty_areas_of_uneven_counts_make_a_table_word_opens(built) -> None:
    """Word takes at most 63 columns: with more distinct bar ends, the ends snap to a coarser step and
    every area keeps its row, label and total."""
    from briefing.word import write_docx

    chart, _, _ = built
    rows = tuple((f"{n}、领域{n}", (n, 2 * n + 1, 0, 3)) for n in range(1, 41))
    many = chart._replace(rows=rows, statuses=chart.statuses[:4])
    _, plan = _plan(REPO / "tests" / "data" / "progress-two-areas", Options(layout="briefing"), ())
    blocks = tuple(many if isinstance(block, ProgressChart) else block for block in plan.blocks)
    document = Docx(write_docx(plan._replace(blocks=blocks), {}).data)
    table = next(table for table in document.tables if document.rows(table)[0][0] == "1、领域1")
    assert len(table.findall("w:tblGrid/w:gridCol", NS)) <= 63
    drawn = document.rows(table)
    assert [row[0] for row in drawn] == [label for label, _ in rows]
    assert [row[-1] for row in drawn] == [str(sum(counts)) for _, counts in rows]
