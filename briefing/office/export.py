"""`briefing export`: a packet's targets, projects, areas and packet fields as one .xlsx in import's columns."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from briefing.model.packet import Area, Packet
from briefing.model.progress import Progress
from briefing.office.grid import TEXT_MARK
from briefing.read.packet_files import load_packet
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence

NUMERALS = "一二三四五六七八九十"

TARGET_HEADERS = ("序号", "指标名称", "计量单位", "{last}年完成", "{year}年目标", "牵头单位", "备注")
TARGET_KEYS = ("", "name", "unit", "last_year", "target", "lead_unit", "note")
PROJECT_HEADERS = (
    "序号",
    "项目名称",
    "项目性质",
    "总投资",
    "年度计划投资",
    "建设期限",
    "建设内容及年度目标",
    "牵头单位",
    "备注",
)
PROJECT_KEYS = (
    "",
    "name",
    "kind",
    "total_investment",
    "annual_investment",
    "period",
    "status",
    "lead_unit",
    "note",
)
# 推进情况, after the other columns and only when the packet has records: each item's latest record, in
# the headers import reads (截至日期 gives the day, so the value's header need not name it).
TARGET_PROGRESS_HEADERS = ("截至日期", "完成值", "进度", "进展说明")
PROJECT_PROGRESS_HEADERS = ("截至日期", "完成投资", "进度", "进展说明")
PROGRESS_KEYS = ("progress.as_of", "progress.value", "progress.status", "progress.note")
AREA_HEADERS = (
    "序号",
    "标题",
    "文件名",
    "牵头单位",
    "责任领导",
    "工作安排",
    "上年工作成效",
    "申报清单是否完整",
    "申报项目个数",
    "申报新建项目个数",
    "申报续建项目个数",
    "申报总投资",
    "申报年度计划投资",
    "申报合计说明",
)
AREA_KEYS = (
    "",
    "title",
    "",
    "lead_unit",
    "leader",
    "summary",
    "last_year_results",
    "declared.complete",
    "declared.count",
    "declared.new",
    "declared.continued",
    "declared.total_investment",
    "declared.annual_investment",
    "declared.note",
)


class ExportResult(msgspec.Struct, frozen=True):
    path: Path
    targets: int
    projects: int
    cells: list[tuple[str, str, str]]  # (sheet, A1, text) of every filled data cell, for round-trip checks


def numeral(index: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (area headings; more than 99 areas fall back to digits)."""
    if index <= 10:
        return NUMERALS[index - 1] if index < 10 else "十"
    if index < 20:
        return "十" + NUMERALS[index - 11]
    if index < 100:
        tens, ones = divmod(index, 10)
        return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
    return str(index)


def _scalar_text(node: Scalar) -> Any:
    """A scalar as a cell: its text as written (not the number it parses to), 是/否 for yes/no, else the value."""
    if node.value is None:
        return None
    if isinstance(node.value, bool):
        return "是" if node.value else "否"
    return node.text.strip() if isinstance(node.value, str) else node.value


def _raw(node: Node | None, key: str) -> Any:
    """The text a field holds as the user wrote it: a scalar's text, {text: …}'s words (marked), else None."""
    for part in key.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    if isinstance(node, Scalar):
        return _scalar_text(node)
    words = node.get("text") if isinstance(node, Mapping) else None
    return ("text", words.text.strip()) if isinstance(words, Scalar) else None


_FROM_MODEL = ("name", "lead_unit", "note", "status", "kind")  # plain text: the model's value is the cell
_JOINED = ("title", "meeting", "issuer", "classification", "draft", "declared.note")  # lines joined as read
_WIDTHS = {
    "目标指标": (6, 30, 10, 16, 16, 20, 40),
    "重点项目": (6, 30, 10, 12, 14, 16, 40, 20, 40),
    "工作领域": (6, 30, 20, 20, 12, 60, 60, 10, 10, 10, 10, 12, 14, 40),
    "材料信息": (20, 60),
}
_PROGRESS_WIDTHS = (18, 16, 10, 40)


class _Book:
    """The workbook being written: its four sheets, the next free row of each list, and every filled cell."""

    def __init__(self, packet: Packet) -> None:
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

        self.book = openpyxl.Workbook()
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.cells: list[tuple[str, str, str]] = []
        self.counts = {"targets": 0, "projects": 0}
        self.next_row = {"targets": 3, "projects": 3}
        self.progress = has_progress(packet)
        extra = PROGRESS_KEYS if self.progress else ()
        self.target_keys, self.project_keys = TARGET_KEYS + extra, PROJECT_KEYS + extra
        self.targets = self.book.active
        self.targets.title = "目标指标"
        headers = tuple(h.format(last=packet.year - 1, year=packet.year) for h in TARGET_HEADERS)
        self._titled(
            self.targets,
            headers + (TARGET_PROGRESS_HEADERS if self.progress else ()),
            f"{packet.title} 目标指标（数值带单位，如 2000人、增长6%；报告未给出的留空）",
        )
        self.projects = self.book.create_sheet("重点项目")
        self._titled(
            self.projects,
            PROJECT_HEADERS + (PROJECT_PROGRESS_HEADERS if self.progress else ()),
            f"{packet.title} 重点项目（金额带单位，如 1.5亿元、6600万元）",
        )
        self.areas = self.book.create_sheet("工作领域")
        self._titled(self.areas, AREA_HEADERS, f"{packet.title} 工作领域（每段工作安排占一行）")
        self.info = self.book.create_sheet("材料信息")
        self.info.cell(row=1, column=1, value="项目").font = self.bold
        self.info.cell(row=1, column=2, value="内容").font = self.bold

    def _titled(self, sheet: Any, headers: tuple[str, ...], title: str) -> None:
        """A sheet's title row merged across its columns, the bold header row under it, frozen below."""
        from openpyxl.styles import Font

        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=2, column=column, value=header).font = self.bold
        sheet.freeze_panes = "A3"

    def put(self, sheet: Any, row: int, column: int, value: Any) -> None:
        """One data cell; ("text", words) is words that hold digits, marked so that import reads them so."""
        from openpyxl.comments import Comment  # type: ignore[import-untyped]

        if value is None or value == "":
            return
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, tuple):
            value = value[1]
            cell.comment = Comment(f"{TEXT_MARK}：含数字的文字，导入时按文字读取", "briefing")
        cell.value = value
        if isinstance(value, str):
            # openpyxl makes any text that starts with = a formula: a note reading =HYPERLINK(…) would
            # open as a live link (and import would read its empty cached value). Text stays text.
            cell.data_type = "s"
        cell.number_format = "@" if isinstance(value, str) else "General"
        cell.alignment = self.wrap
        self.cells.append((sheet.title, cell.coordinate, str(value)))

    def list_rows(self, kind: str, number: int, area: Area, node: Node | None) -> None:
        """An area's targets or projects: its numbered heading merged across, then one row each, then a
        blank row, as departments leave them between areas."""
        sheet, keys, items = (
            (self.targets, self.target_keys, area.targets)
            if kind == "targets"
            else (self.projects, self.project_keys, area.projects)
        )
        if not items:
            return
        r = self.next_row[kind]
        sheet.cell(row=r, column=1, value=f"{numeral(number)}、{area.title}").font = self.bold
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(keys))
        listed = node.get(kind) if isinstance(node, Mapping) else None
        row_nodes = listed.items if listed is not None and hasattr(listed, "items") else ()
        for index, item in enumerate(items):
            r += 1
            self._item_row(sheet, r, index, item, keys, row_nodes[index] if index < len(row_nodes) else None)
            self.counts[kind] += 1
        self.next_row[kind] = r + 2

    def _item_row(
        self, sheet: Any, r: int, index: int, item: Any, keys: tuple[str, ...], node: Node | None
    ) -> None:
        """One target or project: its number, plain text from the model, figures as the user wrote them."""
        sheet.cell(row=r, column=1, value=index + 1)
        for column, key in enumerate(keys, start=1):
            if key.startswith("progress."):
                self.put(sheet, r, column, _progress_value(item.progress, node, key))
            elif key:
                value = getattr(item, key)
                self.put(sheet, r, column, value if key in _FROM_MODEL or value is None else _raw(node, key))

    def area_row(self, number: int, area: Area, node: Node | None) -> None:
        """The area's own fields on the 工作领域 sheet, and its file name so that a round trip keeps it."""
        r = number + 2
        self.areas.cell(row=r, column=1, value=number)
        for column, key in enumerate(AREA_KEYS, start=1):
            self.put(self.areas, r, column, _area_value(area, node, key))
        self.put(self.areas, r, 3, f"{area.key}.yaml")

    def packet_rows(self, packet: Packet, node: Node | None) -> None:
        """packet.yaml's fields on the 材料信息 sheet, one labelled row each, as written."""
        from briefing.office.columns import PACKET_LABELS

        r = 2
        for label, key in PACKET_LABELS.items():
            shown = _packet_value(packet, node, key)
            if shown is None:
                continue
            self.info.cell(row=r, column=1, value=label)
            self.put(self.info, r, 2, shown)
            r += 1

    def save(self, output: Path) -> None:
        """Column widths, then the file written atomically (readable by all, as a saved workbook is)."""
        import openpyxl

        for sheet in (self.targets, self.projects, self.areas, self.info):
            widths = _WIDTHS[sheet.title]
            if self.progress and sheet in (self.targets, self.projects):
                widths += _PROGRESS_WIDTHS
            for column, width in enumerate(widths, start=1):
                sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".xlsx", dir=output.parent)
        os.close(handle)
        try:
            self.book.save(temporary)
            os.chmod(temporary, 0o644)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def has_progress(packet: Packet) -> bool:
    """Whether any target or project has a progress record (else no progress columns are written)."""
    return any(
        any(target.progress for target in area.targets) or any(project.progress for project in area.projects)
        for area in packet.areas
    )


def latest(records: tuple[Progress, ...]) -> int | None:
    """The index of the record the tables print: the latest day, the last written of that day."""
    if not records:
        return None
    day = max(record.as_of for record in records)
    return max(index for index, record in enumerate(records) if record.as_of == day)


def _progress_value(records: tuple[Progress, ...], node: Node | None, key: str) -> Any:
    """One progress column of an item's latest record: the date and value as written, the status only
    when written (a computed one is computed again on import), the note."""
    index = latest(records)
    if index is None:
        return None
    record = records[index]
    field = key.split(".", 1)[1]
    if field == "as_of":
        return record.as_of_text
    if field == "status":
        return record.status if record.status_given else None
    if field == "note":
        return record.note
    written = node.get("progress") if isinstance(node, Mapping) else None
    if isinstance(written, Sequence):
        written = written.items[index] if index < len(written.items) else None
    return _raw(written, "value")


def _area_value(area: Area, node: Node | None, key: str) -> Any:
    """What one column of the 工作领域 sheet holds for an area (paragraphs one to a line), or None."""
    from briefing.read.text import join_lines

    if key in ("summary", "last_year_results"):
        return "\n".join(getattr(area, key))
    if key in ("title", "lead_unit", "leader"):
        return getattr(area, key)
    if not key:
        return None
    value = _raw(node, key)
    return join_lines(value) if key == "declared.note" and value else value


def _packet_value(packet: Packet, node: Node | None, key: str) -> Any:
    """What the 材料信息 sheet shows for one packet field, or None when the packet does not give it."""
    from briefing.read.text import join_lines

    if key == "date":
        return packet.date.isoformat()
    shown = _raw(node, key)
    return join_lines(shown) if key in _JOINED and isinstance(shown, str) else shown


def export_packet(root: Path, output: Path) -> ExportResult:
    """Validate the packet (raising its issues), then write the workbook atomically."""
    from briefing.read.rules import validate_packet

    raw = load_packet(root)
    packet: Packet = validate_packet(raw)
    area_nodes = {document.path.stem: document.root for document in raw.areas}
    book = _Book(packet)
    for number, area in enumerate(packet.areas, start=1):
        node = area_nodes.get(area.key)
        book.list_rows("targets", number, area, node)
        book.list_rows("projects", number, area, node)
        book.area_row(number, area, node)
    book.packet_rows(packet, raw.packet.root)
    book.save(output)
    return ExportResult(output, book.counts["targets"], book.counts["projects"], book.cells)
