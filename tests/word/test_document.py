"""Word output: the same plan as the PDF, read back from the .docx (text, styles, grid, sections, fields)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from docx.oxml.ns import qn
from packets import SAMPLE
from pdfcheck import Pdf
from wordcheck import NS, Docx, attribute

from briefing.model.plan import Contents, PageBreak, Para, TablePlan
from briefing.pipeline import Options, _plan
from briefing.word.document import grid_values


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample as `briefing build … -o sample.docx` writes it, its plan, and the PDF of the same plan."""
    folder = tmp_path_factory.mktemp("word")
    result = run_cli("build", str(SAMPLE), "-o", str(folder / "sample.docx"))
    assert result.status == 0, result.err
    pdf = run_cli("build", str(SAMPLE), "-o", str(folder / "sample.pdf"))
    assert pdf.status == 0, pdf.err
    _, plan = _plan(SAMPLE, Options(), ())
    return (
        plan,
        Docx((folder / "sample.docx").read_bytes()),
        Pdf((folder / "sample.pdf").read_bytes()),
        result,
    )


def test_an_output_named_docx_is_a_word_document(sample):
    _, document, pdf, result = sample
    assert document.data[:2] == b"PK" and "word/document.xml" in document.zip.namelist()
    # 38 pages since tables split rows to fill their pages and columns are balanced (42, then 39, before).
    assert re.search(r"已生成 .*sample\.docx（Word 文档，[\d,]+ 字节；同样内容的 PDF 为 38 页）", result.out)
    assert len(pdf.pages) == 38


def test_every_paragraph_and_table_of_the_plan_in_the_same_order(sample):
    """Same content, order, numbering, tables and totals: the body read back is the plan's blocks."""
    plan, document, _, _ = sample
    expected: list[object] = []
    for block in plan.blocks:
        if isinstance(block, Para):
            expected.append(block.text)
        elif isinstance(block, Contents):
            expected.append(block.title.text)
        elif isinstance(block, TablePlan):
            expected.append(block.caption.text)
            rows = [[cell.text for cell in block.header.cells]]
            for row in block.rows:
                cells = [cell.text for cell in row.cells]
                if row.role != "body":  # a sum row's label spans the empty cells after it, as in the PDF
                    while len(cells) > 2 and cells[2] == "":
                        del cells[2]
                rows.append(cells)
            expected.append(rows)
            if block.note is not None:
                expected.append(block.note.text)
    found: list[object] = []
    for block in document.blocks:
        if isinstance(block, list):
            found.append(block)
        elif block.text and block.style != "toc 1":  # the contents' entries come from the headings
            found.append(block.text)
    assert found == expected


def test_the_totals_are_the_pdfs(sample):
    _, document, pdf, _ = sample
    grand_total = document.blocks[-3] if isinstance(document.blocks[-3], list) else None
    tables = [block for block in document.blocks if isinstance(block, list)]
    assert grand_total is None or grand_total == tables[-1]
    total_row = next(row for row in tables[-1] if row[1].startswith("合计"))
    assert total_row == ["", "合计（50个）", "50", "15", "35", "106600", "—"]
    assert "合计（50个）50153510660" in squash(pdf.body_text)


def test_body_is_3hao_fangsong_on_a_22_by_28_grid(sample):
    _, document, _, _ = sample
    normal = document.styles_by_name["Normal"]
    fonts = normal.find("w:rPr/w:rFonts", NS)
    assert attribute(fonts, "eastAsia") == "仿宋_GB2312" and attribute(fonts, "ascii") == "仿宋_GB2312"
    assert attribute(normal.find("w:rPr/w:sz", NS), "val") == "32"
    assert attribute(normal.find("w:pPr/w:ind", NS), "firstLineChars") == "200"
    for section in document.sections:
        assert attribute(section.find("w:pgSz", NS), "w") == "11906"
        assert attribute(section.find("w:pgSz", NS), "h") == "16838"
        margins = section.find("w:pgMar", NS)
        assert [attribute(margins, side) for side in ("top", "bottom", "left", "right")] == [
            "2098",
            "1984",
            "1587",
            "1474",
        ]
        grid = section.find("w:docGrid", NS)
        assert (attribute(grid, "type"), attribute(grid, "linePitch"), attribute(grid, "charSpace")) == (
            "linesAndChars",
            "579",
            "-842",
        )


def test_grid_values_are_the_ones_word_writes():
    """Word floors both: 22 lines of a 12756-twip 版心 are 579 twips apart; 28 characters of 16 pt in 8845
    twips make −842 (and −849 with the 28 mm 订口 rounded up to 1588, as some templates have it)."""
    assert grid_values(8845, 12756, 28, 22, 16.0) == (579, -842)
    assert grid_values(8844, 12756, 28, 22, 16.0) == (579, -849)
    pitch, space = grid_values(8845, 12756, 28, 22, 16.0)
    assert 22 * pitch <= 12756 < 22 * (pitch + 1)
    assert 28 * (16 + space / 4096) * 20 <= 8845 < 28 * (16 + (space + 1) / 4096) * 20 + 1


def test_headings_are_word_heading_styles_in_the_layouts_faces(sample):
    plan, document, _, _ = sample
    by_text = {p.text: p.style for p in document.paragraphs}
    h1 = next(block for block in plan.blocks if isinstance(block, Para) and block.style == "h1")
    h2 = next(block for block in plan.blocks if isinstance(block, Para) and block.style == "h2")
    assert by_text[h1.text] == "heading 1" and by_text[h2.text] == "heading 2"
    heading = document.styles_by_name["heading 1"]
    assert attribute(heading.find("w:rPr/w:rFonts", NS), "eastAsia") == "黑体"
    assert attribute(heading.find("w:pPr/w:outlineLvl", NS), "val") == "0"
    assert heading.find("w:pPr/w:keepNext", NS) is not None
    assert (
        attribute(document.styles_by_name["heading 2"].find("w:rPr/w:rFonts", NS), "eastAsia")
        == "楷体_GB2312"
    )


def test_tables_use_the_documents_own_styles(sample):
    _, document, _, _ = sample
    table = document.tables[0]
    header_styles = {document.paragraph(p).style for p in table.findall("w:tr[1]/w:tc/w:p", NS)}
    body_styles = {document.paragraph(p).style for p in table.findall("w:tr[2]/w:tc/w:p", NS)}
    assert header_styles == {"表头"}
    assert body_styles <= {"表格", "表格数字"} and "表格" in body_styles
    assert attribute(document.styles_by_name["表头"].find("w:rPr/w:rFonts", NS), "eastAsia") == "黑体"
    assert {p.style for p in document.paragraphs if p.text.startswith("表")} == {"caption"}


def test_table_header_rows_repeat_and_rows_may_split(sample):
    _, document, _, _ = sample
    for table in document.tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(row.find("w:trPr/w:tblHeader", NS) is None for row in rows[1:])
        assert not table.findall(".//w:cantSplit", NS)


def test_each_area_starts_a_new_section(sample):
    plan, document, _, _ = sample
    breaks = sum(isinstance(block, PageBreak) for block in plan.blocks)
    assert len(document.sections) == breaks + 1 == 11
    types = [attribute(section.find("w:type", NS), "val") or "nextPage" for section in document.sections]
    assert types == ["nextPage"] * 11  # w:type absent means nextPage
    for paragraph in document.paragraphs:  # each heading 一、… opens its section
        if paragraph.style == "heading 1":
            previous = paragraph.element.getprevious()
            assert previous.find("w:pPr/w:sectPr", NS) is not None, paragraph.text


def test_duplex_sections_start_on_odd_pages_with_mirrored_margins(tmp_path):
    result = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "d.docx"), "--duplex")
    assert result.status == 0, result.err
    document = Docx((tmp_path / "d.docx").read_bytes())
    types = [attribute(section.find("w:type", NS), "val") or "nextPage" for section in document.sections]
    assert types == ["nextPage"] + ["oddPage"] * 10
    assert document.xml("word/settings.xml").find("w:mirrorMargins", NS) is not None


def test_page_numbers_in_4hao_song_odd_right_even_left_from_the_first_area(sample):
    _, document, _, _ = sample
    settings = document.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    assert settings.find("w:mirrorMargins", NS) is None
    numbered = [
        i for i, section in enumerate(document.sections) if section.find("w:pgNumType", NS) is not None
    ]
    assert numbered == [2]  # cover and contents unnumbered; the first area is page 1
    assert attribute(document.sections[2].find("w:pgNumType", NS), "start") == "1"
    assert not document.sections[0].findall("w:footerReference", NS)
    assert not document.sections[1].findall("w:footerReference", NS)
    footers = document.footer_parts(document.sections[2])
    for kind, (jc, side) in {"default": ("right", "right"), "even": ("left", "left")}.items():
        paragraph = footers[kind].find("w:p", NS)
        text = "".join(node.text for node in paragraph.iter(qn("w:t")))
        assert text == "— 1 —"
        assert " PAGE " in "".join(node.text for node in paragraph.iter(qn("w:instrText")))
        assert attribute(paragraph.find("w:pPr/w:jc", NS), "val") == jc
        assert attribute(paragraph.find("w:pPr/w:ind", NS), side) == "280"  # one 4号 character in
    footer = document.styles_by_name["footer"]
    assert attribute(footer.find("w:rPr/w:rFonts", NS), "eastAsia") == "宋体"
    assert attribute(footer.find("w:rPr/w:sz", NS), "val") == "28"


def test_contents_is_a_toc_field_prefilled_with_the_pdfs_page_numbers(sample):
    plan, document, pdf, _ = sample
    instructions = [node.text for node in document.body.iter(qn("w:instrText"))]
    assert instructions[0].strip() == 'TOC \\o "1-1" \\h \\z \\u'
    entries = [p for p in document.paragraphs if p.style == "toc 1"]
    headings = [block for block in plan.blocks if isinstance(block, Para) and block.toc]
    printed = {
        squash(line).split("…")[0]: line
        for line in pdf.line_texts(1)
        if squash(line)[:1] in "一二三四五六七八附"
    }
    assert len(entries) == len(headings) == 9
    for entry, heading in zip(entries, headings, strict=True):
        title, number = entry.text.split("\t")
        assert title == heading.text
        pdf_line = next(squash(line) for key, line in printed.items() if key.startswith(squash(title)))
        assert pdf_line.endswith(number), (pdf_line, number)
        link = entry.element.find("w:hyperlink", NS)
        anchor = link.get(qn("w:anchor"))
        marks = document.body.findall(f".//w:bookmarkStart[@w:name='{anchor}']", NS)
        assert len(marks) == 1 and document.paragraph(marks[0].getparent()).text == heading.text
    field_chars = [node.get(qn("w:fldCharType")) for node in document.body.iter(qn("w:fldChar"))]
    assert field_chars[0] == "begin" and field_chars.count("begin") == field_chars.count("end")


def test_fonts_are_named_with_east_asian_attributes_and_alternatives(sample):
    _, document, _, _ = sample
    table = document.xml("word/fontTable.xml")
    fonts = {font.get(qn("w:name")): font for font in table.findall("w:font", NS)}
    assert set(fonts) == {"仿宋_GB2312", "方正小标宋简体", "宋体", "黑体", "楷体_GB2312"}
    assert attribute(fonts["仿宋_GB2312"].find("w:altName", NS), "val") == "仿宋,FangSong"
    assert attribute(fonts["仿宋_GB2312"].find("w:charset", NS), "val") == "86"
    assert not table.findall(".//w:embedRegular", NS)
    for style in document.xml("word/styles.xml").findall("w:style", NS):
        fonts_of = style.find("w:rPr/w:rFonts", NS)
        if fonts_of is not None and attribute(fonts_of, "ascii"):
            assert attribute(fonts_of, "eastAsia") == attribute(fonts_of, "ascii")


def test_pdf_builds_do_not_import_python_docx(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from briefing.cli import main; "
        f"status = main(['build', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'x.pdf')!r}]); "
        "assert status == 0; print('docx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"


def test_format_flag_and_its_conflicts(tmp_path):
    written = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "plain"), "--format", "docx")
    assert written.status == 0, written.err
    assert (tmp_path / "plain").read_bytes()[:2] == b"PK"
    clash = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "x.pdf"), "--format", "docx")
    assert clash.status == 2
    assert "--format docx 与输出文件 x.pdf 的扩展名不符" in clash.err
    embed_pdf = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "y.pdf"), "--embed-fonts")
    assert embed_pdf.status == 2 and "--embed-fonts 只用于 Word 输出" in embed_pdf.err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_layout_styles_not_named_in_word_keep_their_own_names(tmp_path):
    """A layout without a word: section still gives a document: fonts by their own face names."""
    from briefing.layouts.build import load_layout
    from briefing.word import write_docx

    layout_dir = tmp_path / "plain"
    layout_dir.mkdir()
    source = (Path(__file__).resolve().parents[2] / "layouts" / "gbt9704").glob("*")
    for path in source:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.name == "layout.yaml":
                text = text[: text.index("\nword:")] + "\n"
            (layout_dir / path.name).write_text(text, encoding="utf-8")
    assert load_layout(str(layout_dir)).layout.word.fonts == {}
    _, plan = _plan(SAMPLE, Options(layout=str(layout_dir)), ())
    document = Docx(write_docx(plan, {}).data)
    names = {font.get(qn("w:name")) for font in document.xml("word/fontTable.xml").findall("w:font", NS)}
    assert "FandolFang R" in names and "Noto Sans CJK SC" in names
    assert "body" not in document.styles_by_name and "Normal" in document.styles_by_name
    assert "h1" in document.styles_by_name and "td" in document.styles_by_name


def test_the_briefing_layouts_key_figures_and_chart_are_tables(tmp_path):
    result = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "b.docx"), "--layout", "briefing")
    assert result.status == 0, result.err
    document = Docx((tmp_path / "b.docx").read_bytes())
    _, plan = _plan(SAMPLE, Options(layout="briefing"), ())
    from briefing.model.plan import Chart, KeyFigures

    figures = next(block for block in plan.blocks if isinstance(block, KeyFigures))
    chart = next(block for block in plan.blocks if isinstance(block, Chart))
    rows = [document.rows(table) for table in document.tables]
    assert [[f"{value.text}\n{label.text}" for value, label in figures.items]] in rows
    drawn = next(table for table in rows if [row[0] for row in table] == list(chart.labels))
    assert [row[-1] for row in drawn] == list(chart.value_texts)
    bars = next(table for table in document.tables if document.rows(table) == drawn)
    fills = [row.findall("w:tc/w:tcPr/w:shd", NS) for row in bars.findall("w:tr", NS)]
    assert all(len(found) == 1 and attribute(found[0], "fill") == "1f3a5f" for found in fills)
    spans = [
        sum(
            int(attribute(tc.find("w:tcPr/w:gridSpan", NS), "val") or 1)
            for tc in row.findall("w:tc", NS)[1:-1]
        )
        for row in bars.findall("w:tr", NS)
    ]
    longest = chart.values.index(max(chart.values))
    assert spans[longest] == max(spans)  # the largest growth target has the longest bar
    assert document.xml("word/settings.xml").find("w:evenAndOddHeaders", NS) is None  # centred numbers


def test_without_contents_headings_neither_the_pdf_nor_the_document_is_numbered(tmp_path):
    """Page 1 is where the first contents heading stands; a layout with none numbers no page."""
    import shutil

    from packets import copy_sample

    packet = copy_sample(tmp_path)
    layout = packet / "layouts" / "plain"
    shutil.copytree(Path(__file__).resolve().parents[2] / "layouts" / "gbt9704", layout)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    (layout / "layout.yaml").write_text(
        text.replace(", outline: 0, toc: true}", ", outline: 0}"), encoding="utf-8"
    )
    for name in ("p.pdf", "p.docx"):
        result = run_cli("build", str(packet), "-o", str(tmp_path / name), "--layout", "plain")
        assert result.status == 0, result.err
    pdf = Pdf((tmp_path / "p.pdf").read_bytes())
    assert not any(pdf.page_number(index) for index in range(len(pdf.pages)))
    document = Docx((tmp_path / "p.docx").read_bytes())
    assert not document.body.findall(".//w:footerReference", NS)
    assert not document.body.findall(".//w:pgNumType", NS)


def test_the_same_packet_gives_the_same_bytes(sample, tmp_path, monkeypatch):
    """Zip members carry no time of saving: a build a minute later is byte for byte the same."""
    import time as clock

    real = clock.localtime
    monkeypatch.setattr(clock, "localtime", lambda secs=None: real((secs or clock.time()) + 3600))
    again = tmp_path / "again.docx"
    assert run_cli("build", str(SAMPLE), "-o", str(again)).status == 0
    _, document, _, _ = sample
    assert again.read_bytes() == document.data
    assert {info.date_time for info in document.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_tables_have_the_column_widths_the_pdf_sized_to_their_content(sample):
    """The PDF sizes a table's auto columns to their content (the 汇总 table's 工作领域 wide, its counts
    narrow); Word gets the same columns, not the planned ones."""
    import io

    import pdfplumber

    plan, document, pdf, _ = sample
    printed: dict[str, list[float]] = {}  # by header: the columns as the PDF draws them
    with pdfplumber.open(io.BytesIO(pdf.data)) as opened:
        for page in opened.pages:
            for table in page.find_tables():
                header = "|".join(squash(cell or "") for cell in table.extract()[0])
                widths = [cell[2] - cell[0] for cell in table.rows[0].cells if cell is not None]
                printed.setdefault(header, widths)
    in_word: dict[str, list[float]] = {}
    for table in document.tables:
        header = "|".join(squash(text) for text in document.rows(table)[0])
        in_word.setdefault(header, [int(attribute(c, "w") or 0) / 20 for c in table.iter(qn("w:gridCol"))])
    summary = next(
        block for block in plan.blocks if isinstance(block, TablePlan) and block.kind == "grand_total"
    )
    header = "|".join(squash(cell.text) for cell in summary.header.cells)
    assert in_word[header] == pytest.approx(printed[header], abs=0.1)
    assert in_word[header] != pytest.approx(list(summary.widths), abs=1.0)  # sized to content, not as planned
    compared = [name for name in in_word if name in printed]
    assert len(compared) == 3  # the first targets table, the first projects table, the 汇总 table
    for name in compared:
        assert in_word[name] == pytest.approx(printed[name], abs=0.1), name
