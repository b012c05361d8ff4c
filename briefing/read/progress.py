"""Progress records as written: the `progress` field of targets and projects (one mapping or a list), its
date (2023-09-30, 2023年9月30日, 截至2023年9月底) and its value."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from briefing.model.progress import ITEM_PROJECT, ITEM_TARGET, STATUSES, YEAR_END_STATUSES, month_end
from briefing.model.quantities import Figure, Qualitative
from briefing.read.figures import LEVEL, MONEY, VALUE, FigureValue
from briefing.read.json_patterns import SPACE, ascii_digits, digit
from briefing.read.kinds import PATH_KEY, PROSE, SOURCE_KEY, UNIT, Choice, ListOf
from briefing.read.reader import Field, Kind, Reader, Record, Values
from briefing.read.yaml_nodes import Mapping, Node

# 截至 (or 截止) is optional; a month alone, or with 底/末, is its last day. Compiled by re's cache on first
# use, not at import: only a packet with progress records reads one.
_AS_OF = r"^(?:截至|截止)?[ \u3000]*([0-9]{4})(?:-([0-9]{1,2})-([0-9]{1,2})|年([0-9]{1,2})月(?:([0-9]{1,2})日|底|末)?)$"


class AsOf(Kind[tuple[dt.date, str]]):
    """The day a progress record speaks of, with the text as written: 2023-09-30, 2023年9月30日,
    截至2023年9月底 (a month alone is its last day); full-width digits too."""

    name = "as-of"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[dt.date, str] | None:
        scalar = reader.scalar(node, field, path, "date")
        if scalar is None:
            return None
        text = scalar.text.strip()
        match = re.match(_AS_OF, ascii_digits(text)) if isinstance(scalar.value, str) else None
        day = _day(match) if match else None
        if day is None:
            reader.add(node.source, path, "progress.as-of-invalid", label=field.label, text=text)
            return None
        return day, text

    def json_schema(self) -> dict[str, Any]:
        d = digit
        year = f"{d()}{{4}}"
        month = f"(?:{d('0')}?{d('1-9')}|{d('1')}{d('0-2')})"
        day = f"(?:{d('0')}?{d('1-9')}|{d('12')}{d()}|{d('3')}{d('01')})"
        written = f"(?:截至|截止)?[ \u3000]*{year}(?:-{month}-{day}|年{month}月(?:{day}日|底|末)?)"
        return {"type": "string", "pattern": f"^[{SPACE}]*{written}[{SPACE}]*$"}


def _day(match: re.Match[str]) -> dt.date | None:
    year = int(match[1])
    month = int(match[2] or match[4])
    day = match[3] or match[5]
    try:
        return dt.date(year, month, int(day)) if day else month_end(year, month)
    except ValueError:  # 2023-02-30, 13月
        return None


class ProgressValue(FigureValue):
    """What a target's progress reached: a figure or words, as a target is written; not a level with its
    growth (one value reached, compared with the target)."""

    name = "progress-value"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Figure | Qualitative | None:
        if isinstance(node, Mapping) and set(node.entries) != {"text"}:
            reader.add(node.source, path, "progress.value-mapping", label=field.label)
            return None
        value = super().read(node, field, path, reader)
        assert value is None or isinstance(value, (Figure, Qualitative))  # pairs were refused above
        return value

    def json_schema(self) -> dict[str, Any]:
        # The target's forms without the level-and-growth pair.
        forms = VALUE.json_schema()["anyOf"]
        return {"anyOf": [form for form in forms if LEVEL not in form.get("properties", {})]}


class OneOrList(ListOf):
    """A list of progress records, or one record written as a mapping (a list of one, whose fields are
    named progress.value, not progress[1].value: that is where the user wrote them)."""

    name = "records-or-one"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> list[Values] | None:
        if not isinstance(node, Mapping):
            return super().read(node, field, path, reader)
        values = reader.record(node, self.record, path)
        if values is None:
            return None
        return [{SOURCE_KEY: (None, node.source), PATH_KEY: (path, node.source), **values}]

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [super().json_schema(), self.record.json_schema()]}


STATUS_DOC = (
    "已完成、序时推进、滞后、未启动 或 已终止；不写时按完成值与目标、时间进度算出"
    "（完成率不低于100%为已完成，完成值为0为未启动，不低于时间进度为序时推进，否则为滞后）。"
)
AS_OF_DOC = "截至日期，须在本材料的工作年度内：2023-09-30、2023年9月30日 或 截至2023年9月底（月底）。"


def progress_record(name: str, value: Field) -> Record:
    """The record of one progress report: its date, the value reached, a status and a note."""
    return Record(
        name,
        "推进情况",
        (
            Field("as_of", AsOf(), "截至日期", AS_OF_DOC, required=True, example="2023-09-30"),
            value,
            Field("status", Choice(STATUSES), "进度", STATUS_DOC, example="序时推进"),
            Field("note", PROSE, "进展说明", "简短说明，如 已完成全年目标的80%。"),
        ),
    )


INDICATOR_PROGRESS = progress_record(
    "indicator-progress",
    Field(
        "value",
        ProgressValue(),
        "完成值",
        "截至该日完成的数值，单位与本指标相同或可换算，如 1650人、增长6.5%；报告未给出的留空。",
        example="1650人",
    ),
)
PROJECT_PROGRESS = progress_record(
    "project-progress",
    Field(
        "value", MONEY, "完成投资", "截至该日完成的投资，如 3200万元；报告未给出的留空。", example="3200万元"
    ),
)
PROGRESS_DOC = "推进情况：一条写成 {as_of: 2023-09-30, value: …, status: …}，多条写成列表（每季度一条）。"


def progress_field(record: Record) -> Field:
    return Field("progress", OneOrList(record), "推进情况", PROGRESS_DOC)


COMPLETION_DOC = (
    "上年目标完成情况（年终材料的“完成情况”表）：每行一个上年的指标或项目，写上年目标（项目为年度计划投资）"
    "和完成值；briefing init --from 上年材料 --year-end 自动写好。"
)
COMPLETION = Record(
    "completion",
    "完成情况",
    (
        Field("name", PROSE, "名称", "上年的指标或项目名称。", required=True, example="城镇新增就业"),
        Field(
            "item",
            Choice((ITEM_TARGET, ITEM_PROJECT)),
            "类别",
            "指标（默认）或 项目；项目的目标是年度计划投资，完成值是完成投资，表中另印投资合计。",
        ),
        Field("unit", UNIT, "计量单位", "指标的单位，如 人、亿元、%。", example="人"),
        Field("target", ProgressValue(), "上年目标", "上年目标值，如 2000人、增长8%。", example="2000人"),
        Field("reached", ProgressValue(), "完成值", "上年实际完成，如 2100人、增长6.5%。", example="2100人"),
        Field("as_of", AsOf(), "截至日期", "完成值截至的日期；年中的数请写明，如 2023-09-30。"),
        Field(
            "status",
            Choice(YEAR_END_STATUSES),
            "完成情况",
            "已完成、未完成、未启动 或 已终止；不写时按完成率算出（不低于100%为已完成）。",
        ),
        Field("note", PROSE, "说明", "简短说明。"),
    ),
)


def completion_field() -> Field:
    return Field("last_year_completion", ListOf(COMPLETION), "上年完成情况", COMPLETION_DOC)
