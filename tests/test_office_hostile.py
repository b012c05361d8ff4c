"""Hostile tables and hostile cell text: import never crashes, hangs or balloons, and writes YAML that
loads back to exactly the strings the cells held."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.office import yamltext
from briefing.pipeline import load_and_validate
from briefing.read.yaml_nodes import Mapping, Scalar, parse_text

HOSTILE = [
    "键: 值",
    "a #b",
    "#开头",
    "- 开头",
    "-",
    "'单引号'",
    '"双引号"',
    "多\n行\n文字",
    "{花括号}",
    "*星号",
    "&锚",
    "!标签",
    "? 问号",
    "| 竖线",
    "> 大于",
    "%百分",
    "@at",
    "`反引号",
    "结尾冒号:",
    "null",
    "~",
    "true",
    "123",
    "1.5",
    "0x1F",
    "---",
    "...",
    " 前后空格 ",
    "\u3000全角空格\u3000",
    "[1, 2]",
    "a, b",
    "反斜杠\\n",
    "制表\t符",
    "NEL\x85行",
    "LS\u2028PS\u2029",
    "BOM\ufeff",
    "不换行\xa0空格",
    "长" * 5000,
]


def _round_trip(text: str) -> str:
    root, issues = parse_text(f"k: {yamltext.scalar(text)}\n", "t.yaml")
    assert not issues, (text, issues)
    assert isinstance(root, Mapping)
    node = root.get("k")
    assert isinstance(node, Scalar) and isinstance(node.value, str), text
    return node.text


def test_hostile_strings_load_back_exactly() -> None:
    for text in HOSTILE:
        assert _round_trip(text) == text
        assert _round_trip(text) == text
        assert "\n" not in yamltext.scalar(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_string_loads_back_exactly(text: str) -> None:
    assert _round_trip(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_inside_a_flow_mapping_loads_back_exactly(text: str) -> None:
    root, issues = parse_text(f"k: {{text: {yamltext.scalar(text, flow=True)}}}\n", "t.yaml")
    assert not issues
    assert isinstance(root, Mapping)
    inner = root.get("k")
    assert isinstance(inner, Mapping)
    node = inner.get("text")
    assert isinstance(node, Scalar) and node.text == text


def test_hostile_cells_go_in_as_written_or_are_reported(tmp_path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"))
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标", "牵头单位", "备注"))
    texts = [text for text in HOSTILE if text.strip() and "\t" not in text]
    for number, text in enumerate(texts, start=1):
        sheet.write_row(number, 0, (f"指标{number}{text}", "人", "2000人", text, text))
    sheet.write_row(len(texts) + 1, 0, ("控制字符", "人", "2000人", "区\x00局"))
    book.close()
    folder = tmp_path / "p"
    result = run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(folder))
    # Only the control character is refused (the validator's own rule); every other text went in.
    assert result.status == 1
    report = [line for line in result.err.splitlines() if "缺少必填字段" not in line][:-1]
    # The validator refuses C1 controls such as NEL (U+0085) in text as it refuses NUL: both reported.
    nel = texts.index("NEL\x85行") + 2
    assert report[0].startswith(f"t.xlsx:扩大内需!A{nel}: 指标名称: 指标名称里有不可见的控制字符 U+0085")
    assert report[1].startswith(
        f"t.xlsx:扩大内需!A{nel}: “指标{nel - 1}NELU+0085行”这一行因上一条的问题未导入"
    )
    assert report[2].startswith(
        f"t.xlsx:扩大内需!D{len(texts) + 2}: 牵头单位: 牵头单位里有不可见的控制字符 U+0000"
    )
    assert len(report) == 3
    texts.remove("NEL\x85行")
    (folder / "packet.yaml").write_text(
        "title: t\nmeeting: m\nissuer: i\ndate: 2023-01-10\nyear: 2023\n", encoding="utf-8"
    )
    area = folder / "areas" / "01-扩大内需.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(
        text.replace("# lead_unit: 区政府办公室", "lead_unit: 局").replace(
            "# summary: 本年工作安排的文字。", "summary: 文字。"
        ),
        encoding="utf-8",
    )
    packet = load_and_validate(folder)
    notes = [target.note for target in packet.areas[0].targets]
    from briefing.read.text import join_lines

    # A lone dash is how tables say "not given": it is left empty, never written as a value.
    assert notes == [None if text == "-" else join_lines(text) for text in texts] + [None]
    assert [target.lead_unit for target in packet.areas[0].targets][-1] is None


def _bomb(path: Path, member: str, size: int) -> None:
    """A zip whose member unpacks to `size` bytes of nothing: a few kilobytes on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, b"<" + b" " * size + b"/>")


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.xlsx"
    _bomb(path, "xl/worksheets/sheet1.xml", 300 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    start = time.perf_counter()
    result = run_cli("import", str(path), "-o", str(tmp_path / "p"))
    assert time.perf_counter() - start < 5
    assert result.status == 1
    assert (
        result.err.splitlines()[0]
        == "炸弹.xlsx: 文件过大（超过 24 MB）；任务分解表不会这么大，请检查是否选错了文件"
    )
    assert not (tmp_path / "p").exists()
    docx_bomb = tmp_path / "炸弹.docx"
    _bomb(docx_bomb, "word/document.xml", 300 * 1024 * 1024)
    assert "文件过大" in run_cli("import", str(docx_bomb), "-o", str(tmp_path / "q")).err


def test_sparse_sheet_reaching_the_last_row_is_refused_located(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "扩大内需"
    sheet.append(("指标名称", "单位", "2023年目标"))
    sheet.append(("城镇新增就业", "人", "2000人"))
    sheet["XFD1048576"] = "远处"
    book.save(tmp_path / "t.xlsx")
    start = time.perf_counter()
    result = run_cli("import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "p"))
    assert time.perf_counter() - start < 10
    assert result.status == 1
    assert "t.xlsx:扩大内需: 工作表超过 20000 行，未读取；请删去多余的行，只保留表格部分" in result.err


def test_formulas_are_read_as_their_saved_values_never_evaluated(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标"))
    sheet.write_row(1, 0, ("城镇新增就业", "人"))
    sheet.write_formula(1, 2, '=CONCATENATE("2000","人")', None, "2000人")  # saved value: 2000人
    sheet.write_row(2, 0, ("外部链接", "人"))
    sheet.write_formula(2, 2, "='[其他.xlsx]Sheet1'!A1", None, "")  # no saved value
    book.close()
    result = run_cli("import", str(path), "-o", str(tmp_path / "p"))
    area = (tmp_path / "p" / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8")
    assert "  - name: 城镇新增就业\n    unit: 人\n    target: 2000人" in area
    assert "CONCATENATE" not in area and "其他.xlsx" not in area
    # No saved value: nothing is invented for it, and the row goes in with its target not given ("—").
    assert area.endswith("  - name: 外部链接\n    unit: 人\n")
    assert "外部链接" not in result.err


def test_damaged_and_unknown_files_are_located_messages(tmp_path: Path) -> None:
    fake = tmp_path / "坏.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    result = run_cli("import", str(fake), "-o", str(tmp_path / "p"))
    assert result.status == 1
    assert result.err.startswith("坏.xlsx: 文件无法读取（not a zip archive）")
    other = tmp_path / "a.pdf"
    other.write_bytes(b"%PDF")
    result = run_cli("import", str(other), "-o", str(tmp_path / "q"))
    assert result.status == 1
    assert result.err.startswith("a.pdf: 不能读取 .pdf 文件")
    truncated = tmp_path / "半.xlsx"
    good = tmp_path / "g.xlsx"
    openpyxl.Workbook().save(good)
    truncated.write_bytes(good.read_bytes()[:300])
    assert run_cli("import", str(truncated), "-o", str(tmp_path / "r")).status == 1


def test_memory_stays_small_for_a_large_but_allowed_sheet(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("扩大内需")
    sheet.write_row(0, 0, ("指标名称", "单位", "2023年目标", "备注"))
    for r in range(1, 15_000):
        sheet.write_row(r, 0, (f"指标{r}", "人", f"{r}人", "说明" * 5))
    book.close()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec.
    code = (
        "import re; from briefing.cli import main;"
        f"main(['import', {str(path)!r}, '-o', {str(tmp_path / 'p')!r}]);"
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    peak_mib = int(done.stdout.strip().splitlines()[-1]) / 1024
    assert 30 < peak_mib < 400, peak_mib
