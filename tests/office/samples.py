"""Department-style tables made from the Dongchang sample, written the way offices write them; helpers the office tests share."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import msgspec
import openpyxl

from briefing.office.export import numeral
from briefing.pipeline import load_and_validate
from briefing.read.packet_files import load_packet
from briefing.read.text import join_lines
from briefing.read.yaml_nodes import Mapping, Scalar

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "dongchang-2023"
TARGET_KEYS = ("name", "unit", "last_year", "target", "lead_unit", "note")
PROJECT_KEYS = (
    "name",
    "kind",
    "total_investment",
    "annual_investment",
    "period",
    "status",
    "lead_unit",
    "note",
)


class SampleArea(msgspec.Struct):
    title: str
    short: str  # 扩大内需, from the file name
    targets: list[dict[str, str]]
    projects: list[dict[str, str]]


def _text(node: Any) -> str:
    if isinstance(node, Scalar):
        return "" if node.value is None else node.text.strip()
    if isinstance(node, Mapping) and isinstance(node.get("text"), Scalar):
        return node.get("text").text.strip()  # type: ignore[union-attr]
    return ""


def sample_areas() -> list[SampleArea]:
    """The sample's targets and projects as the texts a department would type into cells."""
    raw = load_packet(SAMPLE)
    areas = []
    for document in raw.areas:
        root = document.root
        assert isinstance(root, Mapping)
        rows: dict[str, list[dict[str, str]]] = {}
        for kind, keys in (("targets", TARGET_KEYS), ("projects", PROJECT_KEYS)):
            listed = root.get(kind)
            items = listed.items if listed is not None else ()  # type: ignore[union-attr]
            rows[kind] = [
                {key: join_lines(_text(item.get(key))) for key in keys if _text(item.get(key))}
                for item in items
            ]
        title = _text(root.get("title"))
        short = document.path.stem.split("-", 1)[1]
        areas.append(SampleArea(title, short, rows["targets"], rows["projects"]))
    return areas


def sample_model() -> Any:
    return load_and_validate(SAMPLE)


def plain(value: Any) -> Any:
    """A model record as nested builtins without its source positions, for field-by-field comparison."""
    if isinstance(value, msgspec.Struct):
        return {
            name: plain(getattr(value, name))
            for name in value.__struct_fields__
            if name not in ("source", "sources", "root")
        }
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def no_words(areas: list[SampleArea]) -> None:
    """The one {text: …} value with digits is only readable from a cell export marked; drop it here."""
    for area in areas:
        for row in area.targets:
            if row.get("last_year") == "1000亩年度造林任务超额完成":
                del row["last_year"]


def department_workbook(path: Path, areas: list[SampleArea], year: int = 2023) -> None:
    """One workbook, two sheets, as a county office makes them: a merged title, a two-row header with a
    merged group, a units row on the project sheet (amounts as bare numbers in 万元), 序号, area heading
    rows merged across, blank rows between areas."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet["A1"] = f"东昌区{year}年主要目标任务分解表"
    sheet.merge_cells("A1:G1")
    for column, text in enumerate(("序号", "指标名称", "单位"), start=1):
        sheet.cell(row=2, column=column, value=text)
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    sheet["D2"] = "指标值"
    sheet.merge_cells("D2:E2")
    sheet["D3"] = f"{year - 1}年完成"
    sheet["E3"] = f"{year}年\n预期目标"
    sheet["F2"] = "牵头单位"
    sheet.merge_cells("F2:F3")
    sheet["G2"] = "备注"
    sheet.merge_cells("G2:G3")
    r = 4
    for number, area in enumerate(areas, start=1):
        if not area.targets:
            continue
        sheet.cell(row=r, column=1, value=f"{numeral(number)}、{area.title}")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
        r += 1
        for index, row in enumerate(area.targets, start=1):
            values = (index, row.get("name"), row.get("unit"), row.get("last_year"), row.get("target"))
            for column, value in enumerate(values, start=1):
                sheet.cell(row=r, column=column, value=value)
            sheet.cell(row=r, column=6, value=row.get("lead_unit"))
            sheet.cell(row=r, column=7, value=row.get("note"))
            r += 1
        r += 1  # a blank row between areas
    projects = book.create_sheet("重点项目")
    projects["A1"] = "重点项目表"
    projects.merge_cells("A1:I1")
    for column, text in enumerate(("序号", "项目名称", "建设性质"), start=1):
        projects.cell(row=2, column=column, value=text)
        projects.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    projects["D2"] = "投资情况"
    projects.merge_cells("D2:E2")
    projects["D3"] = "总投资"
    projects["E3"] = f"{year}年计划投资"
    for column, text in ((6, "起止年限"), (7, "建设内容及规模"), (8, "责任单位"), (9, "备注")):
        projects.cell(row=2, column=column, value=text)
        projects.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    projects["D4"] = "（万元）"
    projects["E4"] = "（万元）"
    r = 5
    for number, area in enumerate(areas, start=1):
        if not area.projects:
            continue
        projects.cell(row=r, column=1, value=f"{numeral(number)}、{area.title}")
        projects.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
        r += 1
        for index, row in enumerate(area.projects, start=1):
            projects.cell(row=r, column=1, value=index)
            projects.cell(row=r, column=2, value=row["name"])
            projects.cell(row=r, column=3, value=row["kind"])
            for column, key in ((4, "total_investment"), (5, "annual_investment")):
                if key in row:
                    projects.cell(row=r, column=column, value=in_wan(row[key]))
            for column, key in ((6, "period"), (7, "status"), (8, "lead_unit"), (9, "note")):
                projects.cell(row=r, column=column, value=row.get(key))
            r += 1
        r += 1
    book.save(path)


def in_wan(text: str) -> int | float:
    """'10亿元' → 100000, '6600万元' → 6600: what a 万元 column holds."""
    from decimal import Decimal

    if text.endswith("亿元"):
        amount = Decimal(text[:-2]) * 10000
    else:
        assert text.endswith("万元"), text
        amount = Decimal(text[:-2])
    return int(amount) if amount == amount.to_integral() else float(amount)


def wps_workbook(path: Path, areas: list[SampleArea]) -> None:
    """Written by xlsxwriter (inline layout, as WPS and other programs write), one sheet per area named
    after it, the header in the first row, units in the cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    for area in areas:
        sheet = book.add_worksheet(area.short)
        headers = ("序号", "主要指标", "计量单位", "上年完成值", "目标值", "责任单位", "说明")
        for column, text in enumerate(headers):
            sheet.write_string(0, column, text)
        r = 1
        for index, row in enumerate(area.targets, start=1):
            sheet.write_number(r, 0, index)
            for column, key in enumerate(TARGET_KEYS, start=1):
                if key in row:
                    sheet.write_string(r, column, row[key])
            r += 1
        if area.projects:
            r += 1
            headers = (
                "序号",
                "项目名称",
                "项目性质",
                "计划总投资",
                "年度计划投资",
                "建设期限",
                "形象进度",
                "牵头单位",
                "备注",
            )
            for column, text in enumerate(headers):
                sheet.write_string(r, column, text)
            r += 1
            for index, row in enumerate(area.projects, start=1):
                sheet.write_number(r, 0, index)
                for column, key in enumerate(PROJECT_KEYS, start=1):
                    if key in row:
                        sheet.write_string(r, column, row[key])
                r += 1
    book.close()


def word_document(path: Path, areas: list[SampleArea]) -> None:
    """A Word file with the numbered heading paragraph above each area's target table."""
    import docx

    document = docx.Document()
    document.add_paragraph("东昌区2023年主要目标任务")
    for number, area in enumerate(areas, start=1):
        if not area.targets:
            continue
        document.add_paragraph(f"{numeral(number)}、{area.title}")
        table = document.add_table(rows=1, cols=6)
        for column, text in enumerate(("序号", "指标", "单位", "2022年完成", "2023年目标", "备注")):
            table.rows[0].cells[column].text = text
        for index, row in enumerate(area.targets, start=1):
            cells = table.add_row().cells
            cells[0].text = str(index)
            for column, key in enumerate(("name", "unit", "last_year", "target", "note"), start=1):
                cells[column].text = row.get(key, "")
        document.add_paragraph("")
    document.save(str(path))


def csv_file(path: Path, areas: list[SampleArea], encoding: str = "gb18030") -> None:
    """CSV as Excel on a Chinese system saves it: GBK, an 工作领域 column instead of heading rows."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("工作领域", "指标名称", "单位", "2022年完成", "2023年目标", "牵头单位", "备注"))
        for area in areas:
            for row in area.targets:
                writer.writerow((area.title, *(row.get(key, "") for key in TARGET_KEYS)))


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


def rows_of(packet, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [
        {key: value for key, value in plain(row).items() if value is not None}
        for area in packet.areas
        for row in getattr(area, kind)
    ]


def fill_in_what_tables_lack(folder: Path) -> None:
    """What a clerk types after a first import from department tables: the packet and area fields no table holds."""
    packet = folder / "packet.yaml"
    text = packet.read_text(encoding="utf-8")
    for line, value in (
        ("# title: 2023年重点工作汇报材料", "title: 东昌区2023年重点工作汇报材料"),
        ("# meeting: 区政府常务会议", "meeting: 区政府第一次常务会议"),
        ("# issuer: 区人民政府办公室", "issuer: 通化市东昌区人民政府办公室"),
        ("# date: 2023-01-10", "date: 2022-12-19"),
        ("# year: 2023", "year: 2023"),
    ):
        if line.startswith("# year") and line not in text:
            continue  # the year came from a header such as 2023年目标
        text = "\n".join(value if row.startswith(line) else row for row in text.split("\n"))
    packet.write_text(text, encoding="utf-8")
    for area in (folder / "areas").glob("*.yaml"):
        text = area.read_text(encoding="utf-8")
        lines = [
            "lead_unit: 区发展和改革局"
            if row.startswith("# lead_unit:")
            else "summary: 本年工作安排。"
            if row.startswith("# summary:")
            else row
            for row in text.split("\n")
        ]
        area.write_text("\n".join(lines), encoding="utf-8")


def small_book(path: Path, rows: list[tuple], headers: tuple = ()) -> None:  # type: ignore[type-arg]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "目标指标"
    sheet.append(headers or ("序号", "指标名称", "单位", "2022年完成", "2023年目标", "完成时限"))
    sheet.append(("一、扩大内需",))
    sheet.merge_cells("A2:F2")
    for row in rows:
        sheet.append(row)
    book.save(path)


def import_in_child(book: Path, folder: Path, memory_limit_mib: int = 1536) -> tuple[int, str, float]:
    """`briefing import` in a process of its own, its address space capped so that a runaway read fails
    fast instead of taking the machine: (exit status, stderr, peak resident MiB)."""
    import resource
    import subprocess
    import sys

    def cap() -> None:
        limit = memory_limit_mib * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec.
    code = (
        "import re, sys; from briefing.cli import main\n"
        f"status = main(['import', {str(book)!r}, '-o', {str(folder)!r}])\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, preexec_fn=cap
    )
    lines = done.stdout.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return done.returncode, done.stderr, peak


def grid_of(
    rows: list[list[str]], name: str = "扩大内需", merges: tuple[tuple[int, int, int, int], ...] = ()
) -> Any:
    """A grid as a reader gives it: texts by row, A1 references, merges (0-based, inclusive) filled."""
    from briefing.office.grid import Cell, Grid, a1, fill_merges

    width = max(len(row) for row in rows)
    cells = [
        [Cell(row[c] if c < len(row) else "", a1(r, c)) for c in range(width)]
        for r, row in enumerate(rows, start=1)
    ]
    fill_merges(cells, merges, 0)
    return Grid("t.xlsx", name, cells, list(range(1, len(rows) + 1)))


def zip_bomb(path: Path, member: str, size: int, first: tuple[str, str]) -> None:
    """A zip whose `member` unpacks to `size` bytes of nothing: a few hundred kilobytes on disk. Written a
    megabyte at a time, so that the test process itself never holds the unpacked size."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(*first)
        with archive.open(member, "w", force_zip64=True) as handle:
            handle.write(b"<")
            chunk = b" " * 2**20
            for _ in range(size // len(chunk)):
                handle.write(chunk)
            handle.write(b"/>")
