"""The records of packet.yaml and the area files: each field's kind, label and doc; also published as JSON Schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefing.model.packet import PROJECT_KINDS
from briefing.read.dates import DATE, PERIOD, YEAR
from briefing.read.figures import MONEY, VALUE
from briefing.read.json_patterns import EMPTY
from briefing.read.kinds import (
    AREAS,
    BOOL,
    COUNT,
    PROSE,
    PROSE_PARAGRAPHS,
    TEXT,
    TITLE,
    UNIT,
    Choice,
    ListOf,
    RecordOf,
)
from briefing.read.progress import INDICATOR_PROGRESS, PROJECT_PROGRESS, completion_field, progress_field
from briefing.read.reader import Field, Record

SECRECY_LEVELS = ("秘密", "机密", "绝密")
URGENCIES = ("特急", "加急")


FIGURE_DOC = (
    "数值加单位，如 2000人、1.5亿元、增长6%，可带限定词，如 增长8%左右、控制在5.5%以内、力争6个以上；"
    "数值及其增幅写成 {level: 113.6亿元, growth: 增长5%}；文字性目标直接写文字，如 不低于全市平均水平；"
    "报告未给出的留空（null 或省略）。"
)
MONEY_DOC = "金额加单位（元、万元、亿元），如 14亿元、6600万元；报告未给出的留空。"

DECLARED = Record(
    "declared",
    "申报合计",
    (
        Field(
            "complete",
            BOOL,
            "清单是否完整",
            "true 表示下列清单列出了全部项目，校验会把合计与各行之和相比较；false 表示清单不完整，合计只作展示。",
            required=True,
            example=False,
        ),
        Field("count", COUNT, "项目个数", "报告声明的项目总数，如 25。", example=25),
        Field("new", COUNT, "新建项目个数", "其中新建项目个数。", example=5),
        Field("continued", COUNT, "续建项目个数", "其中续建项目个数。", example=20),
        Field("total_investment", MONEY, "总投资", MONEY_DOC, example="140亿元"),
        Field("annual_investment", MONEY, "年度计划投资", MONEY_DOC, example="20.3亿元"),
        Field("note", PROSE, "说明", "合计的出处或说明。"),
    ),
)

INDICATOR = Record(
    "indicator",
    "指标",
    (
        Field("name", PROSE, "指标名称", "如 城镇新增就业。", required=True, example="城镇新增就业"),
        Field(
            "unit",
            UNIT,
            "计量单位",
            "指标的单位，如 人、亿元、%；数值的单位须与之相符或可换算。",
            example="人",
        ),
        Field(
            "last_year",
            VALUE,
            "上年完成",
            "上年实际完成值；报告未给出的留空。" + FIGURE_DOC,
            example="2501人",
        ),
        Field("target", VALUE, "本年目标", "本年目标值。" + FIGURE_DOC, example="2000人"),
        Field("lead_unit", PROSE, "牵头单位", "负责该指标的单位，可省略。"),
        Field("note", PROSE, "备注", "说明、口径或出处。"),
        progress_field(INDICATOR_PROGRESS),
    ),
)

PROJECT = Record(
    "project",
    "重点项目",
    (
        Field("name", PROSE, "项目名称", "如 以岭药业人参研发加工基地。", required=True, example="示例项目"),
        Field(
            "kind",
            Choice(PROJECT_KINDS),
            "建设性质",
            "新建 或 续建；报告没有说明的写 未明确 或省略，表中印作“—”，小计单列“性质未明”。",
            example="续建",
        ),
        Field("total_investment", MONEY, "总投资", MONEY_DOC, example="10亿元"),
        Field("annual_investment", MONEY, "年度计划投资", MONEY_DOC + "不得大于总投资。"),
        Field("period", PERIOD, "建设期限", "如 2023年、2022—2024年、2023年3月—2023年12月。"),
        Field("status", PROSE, "进展或年度目标", "建设进展或本年要达到的形象进度。"),
        Field("lead_unit", PROSE, "牵头单位", "负责该项目的单位，可省略。"),
        Field("note", PROSE, "备注", "说明或出处。"),
        progress_field(PROJECT_PROGRESS),
    ),
)

AREA = Record(
    "area",
    "工作领域",
    (
        Field(
            "title",
            TITLE,
            "标题",
            "工作领域的标题，不含序号（版式另加“一、”等），如 着力扩大内需，推动经济合理增长。",
            required=True,
            example="示例工作领域",
        ),
        Field(
            "lead_unit",
            PROSE,
            "牵头单位",
            "撰写和负责本领域的部门，如 区发展和改革局；报告未写明的可省略。",
            example="区政府办公室",
        ),
        Field("leader", PROSE, "责任领导", "分管领导，可省略。"),
        Field(
            "summary",
            PROSE_PARAGRAPHS,
            "工作安排",
            "本年工作安排，纯文字；段与段之间空一行。只回顾上年的领域可省略，不印“工作安排”标题。",
            example="本年工作安排的文字。",
        ),
        Field(
            "last_year_results", PROSE_PARAGRAPHS, "上年工作成效", "上年完成情况，纯文字；段与段之间空一行。"
        ),
        Field("targets", ListOf(INDICATOR), "目标指标", "指标清单。"),
        Field("projects", ListOf(PROJECT), "重点项目", "重点项目清单。"),
        completion_field(),  # 上年完成情况: a year-end packet's (read/progress.py)
        Field(
            "declared",
            RecordOf(DECLARED),
            "申报合计",
            "本领域声明的项目合计（个数、总投资、年度投资）。",
        ),
    ),
)

SECRECY = Record(
    "secrecy",
    "密级",
    (
        Field(
            "level",
            Choice(SECRECY_LEVELS),
            "密级",
            "秘密、机密或绝密。",
            required=True,
            example="秘密",
        ),
        Field("period", TEXT, "保密期限", "如 1年、6个月。", example="1年"),
    ),
)

PACKET = Record(
    "packet",
    "汇报材料",
    (
        Field(
            "title",
            PROSE,
            "材料标题",
            "如 东昌区2023年重点工作汇报材料。",
            required=True,
            example="2023年重点工作汇报材料",
        ),
        Field("meeting", PROSE, "会议名称", "如 区政府常务会议。", required=True, example="区政府常务会议"),
        Field(
            "issuer",
            PROSE,
            "编印单位",
            "如 东昌区人民政府办公室。",
            required=True,
            example="区人民政府办公室",
        ),
        Field(
            "date",
            DATE,
            "编印日期",
            "如 2023-01-10 或 2023年1月10日。",
            required=True,
            example="2023-01-10",
        ),
        Field(
            "year",
            YEAR,
            "工作年度",
            "目标所属的年度，如 2023；上年即其前一年。",
            required=True,
            example=2023,
        ),
        Field("classification", PROSE, "发放范围", "封面上的发放范围或保密提示，如 内部资料 注意保存。"),
        Field("secrecy", RecordOf(SECRECY), "密级和保密期限", "涉密材料的密级与期限。"),
        Field("urgency", Choice(URGENCIES), "紧急程度", "特急 或 加急。"),
        Field("draft", PROSE, "稿本标记", "如 征求意见稿；每页印浅色斜向水印。"),
        Field(
            "layout",
            TEXT,
            "版式",
            "版式名称或目录，如 gbt9704、briefing。默认 gbt9704。",
            example="gbt9704",
        ),
        Field(
            "areas", AREAS, "工作领域顺序", "areas/ 下文件名的顺序清单；写 all 或省略则按文件名顺序取全部。"
        ),
        Field("declared", RecordOf(DECLARED), "申报合计", "整本材料声明的项目合计。"),
    ),
)

RECORDS = {"packet": PACKET, "area": AREA}
SCHEMA_KINDS = ("area", "packet", "recipients", "layout", "fonts", "mail")
SCHEMA_FILES = {"area": "area.schema.json", "packet": "packet.schema.json"}  # what `init` writes


def _packet_schema() -> dict[str, Any]:
    """packet.yaml: its record, and the one rule between its fields JSON Schema can say: a secrecy level
    and a classification are not both given (marks.both)."""
    schema = PACKET.json_schema()
    level = {"properties": {"level": Choice(SECRECY_LEVELS).json_schema()}, "required": ["level"]}
    schema["if"] = {"properties": {"secrecy": {"type": "object", **level}}, "required": ["secrecy"]}
    schema["then"] = {"properties": {"classification": {"anyOf": EMPTY}}}
    return schema


def _recipients_schema() -> dict[str, Any]:
    """recipients.yaml: a list of recipients, or a mapping whose one key `recipients` holds it."""
    from briefing.read.recipients import RECIPIENT

    listed = {"type": "array", "items": RECIPIENT.json_schema()}
    wrapped = {
        "type": "object",
        "properties": {"recipients": listed},
        "required": ["recipients"],
        "additionalProperties": False,
    }
    return {"title": "收件人名单", "anyOf": [listed, wrapped]}


def _layout_schema() -> dict[str, Any]:
    from briefing.layouts.schema import LAYOUT

    return LAYOUT.json_schema()


def _fonts_schema() -> dict[str, Any]:
    """fonts.yaml: families by name, and the family each role uses."""
    from briefing.layouts.fontbook import FAMILY

    return {
        "type": "object",
        "title": "字体清单",
        "properties": {
            "families": {"type": "object", "additionalProperties": FAMILY.json_schema()},
            "roles": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "additionalProperties": False,
    }


def _mail_schema() -> dict[str, Any]:
    from briefing.deliver.mailconfig import MAIL

    return MAIL.json_schema()


_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "area": AREA.json_schema,
    "packet": _packet_schema,
    "recipients": _recipients_schema,
    "layout": _layout_schema,
    "fonts": _fonts_schema,
    "mail": _mail_schema,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The published JSON Schema of one kind of file (SCHEMA_KINDS): an area file, packet.yaml, a
    recipient list, layout.yaml, fonts.yaml or the mail settings."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://briefing.invalid/schema/{kind}.json",
        **_SCHEMAS[kind](),
    }
