"""Header names to fields: the synonym table, header normalisation, and the user's mapping file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.errors import Issue, LoadError, Source, issue
from briefing.read.progress import INDICATOR_PROGRESS, PROJECT_PROGRESS
from briefing.read.reader import Record
from briefing.read.schema import AREA as AREA_RECORD
from briefing.read.schema import DECLARED, INDICATOR, PACKET, PROJECT, SECRECY

if TYPE_CHECKING:
    from briefing.read.yaml_nodes import Node as YamlNode

TARGETS = "targets"
PROJECTS = "projects"
AREAS = "areas"
SEQ = "__seq__"  # 序号: numbering, never data
AREA_COLUMN = "__area__"  # a column naming each row's work area
FILE = "__file__"  # the area file's name (written by export so that a round trip keeps it)
IGNORE = "ignore"

_LEAD = ("牵头单位", "责任单位", "牵头部门", "责任部门", "主责单位", "负责单位", "牵头责任单位", "承办单位")
_NOTE = ("备注", "说明")
_DECLARED = {
    "declared.complete": ("申报清单是否完整", "清单是否完整"),
    "declared.count": ("申报项目个数", "申报项目数"),
    "declared.new": ("申报新建项目个数", "其中新建"),
    "declared.continued": ("申报续建项目个数", "其中续建"),
    "declared.total_investment": ("申报总投资",),
    "declared.annual_investment": ("申报年度计划投资",),
    "declared.note": ("申报合计说明",),
}

# Progress columns (推进情况) of a quarterly table: the value reached, the status, the date, a note. The
# value's header usually says the date itself (截至9月底完成, 1-9月累计完成): see PROGRESS_VALUE_HEADER.
_PROGRESS = {
    "progress.status": ("进度", "进度情况", "进度状态", "推进状态", "推进进度"),
    "progress.as_of": ("截至日期", "截止日期", "统计截至日期", "数据截至日期", "截至时间"),
    "progress.note": ("进展说明", "进度说明", "推进情况说明", "完成情况说明", "推进说明"),
}
PROGRESS_VALUE_HEADER = re.compile(
    r"^(?:截至|截止).*完成(?:值|投资|情况)?$|^(?:\{年\})?\d{1,2}(?:[-—–~至]\d{1,2})?月(?:底|末|份)?(?:累计)?完成(?:值|投资)?$"
)

# Field → header names, most specific first. "{年}" stands for a year such as 2023年.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    TARGETS: {
        "name": (
            "指标名称",
            "指标",
            "主要指标",
            "目标指标",
            "预期指标",
            "指标项目",
            "指标内容",
            "重点工作任务",
            "工作任务",
            "主要任务",
            "目标任务名称",
        ),
        "unit": ("计量单位", "单位", "指标单位"),
        "last_year": (
            "{年}完成",
            "{年}完成值",
            "{年}实际完成",
            "{年}预计完成",
            "{年}实际",
            "上年完成值",
            "上年完成",
            "上年实际",
            "上年预计完成",
            "基期值",
        ),
        "target": (
            "{年}目标",
            "{年}目标值",
            "{年}预期目标",
            "{年}计划",
            "预期目标",
            "目标值",
            "本年目标",
            "年度目标",
            "具体目标",
            "目标",
        ),
        "lead_unit": _LEAD,
        "note": _NOTE,
        "progress.value": ("完成值", "累计完成", "累计完成值", "截至目前完成", "目前完成"),
        **_PROGRESS,
    },
    PROJECTS: {
        "name": ("项目名称", "项目", "重点项目", "项目名", "重点项目名称"),
        "kind": ("项目性质", "建设性质", "性质", "新建续建", "新建/续建"),
        "total_investment": ("总投资", "计划总投资", "项目总投资", "总投资额"),
        "annual_investment": (
            "年度计划投资",
            "{年}计划投资",
            "{年}年度计划投资",
            "本年计划投资",
            "年度投资",
            "{年}投资计划",
            "年度投资计划",
            "{年}计划完成投资",
        ),
        "period": ("建设期限", "起止年限", "建设年限", "建设周期", "起止年份", "建设起止年限"),
        "status": (
            "建设内容及年度目标",
            "建设内容及规模",
            "建设内容",
            "年度建设内容",
            "{年}建设内容",
            "形象进度",
            "建设进度",
            "进展情况",
            "年度目标",
            "年度建设目标",
            "{年}年度目标",
        ),
        "lead_unit": _LEAD,
        "note": _NOTE,
        "progress.value": ("完成投资", "累计完成投资", "已完成投资", "完成值", "累计完成"),
        **_PROGRESS,
    },
    AREAS: {
        "title": ("工作领域", "领域标题", "标题", "工作领域标题"),
        "lead_unit": _LEAD,
        "leader": ("责任领导", "分管领导"),
        "summary": ("工作安排", "本年工作安排"),
        "last_year_results": ("上年工作成效", "上年成效"),
        **_DECLARED,
    },
}
_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    TARGETS: {SEQ: ("序号", "编号", "序"), AREA_COLUMN: ("工作领域", "所属领域", "领域")},
    PROJECTS: {SEQ: ("序号", "编号", "序"), AREA_COLUMN: ("工作领域", "所属领域", "领域")},
    AREAS: {SEQ: ("序号", "编号", "序"), FILE: ("文件名", "文件")},
}
RECORDS: dict[str, Record] = {TARGETS: INDICATOR, PROJECTS: PROJECT, AREAS: AREA_RECORD}

# packet.yaml's fields by the label a person writes in the first column of a 材料信息 sheet.
PACKET_LABELS: dict[str, str] = {
    **{field.label: field.key for field in PACKET.fields if field.kind.name not in ("record", "areas")},
    "密级": "secrecy.level",
    "保密期限": "secrecy.period",
    **{names[0]: key for key, names in _DECLARED.items()},
}

_UNIT_IN_HEADER = re.compile(r"[（(]\s*(?:单位[：:]\s*)?([^（()）]{1,8})\s*[)）]$")
_UNIT_LINE = re.compile(r"^(?:单位[：:]\s*)?[（(]?\s*(?:单位[：:]\s*)?([^（()）\d]{1,6})\s*[)）]?$")
_YEAR = re.compile(r"((?:19|20)\d\d)年?")


class Header(msgspec.Struct, frozen=True):
    """One header cell read: the name to look up, the unit it gives, the year it names."""

    name: str
    unit: str = ""
    year: int = 0


def squeeze(text: str) -> str:
    """A header as compared: no white space of any width, half-width brackets, no trailing colon."""
    text = re.sub(r"[\s\u3000]+", "", text).replace("（", "(").replace("）", ")")
    return text.rstrip(":：")


def read_header(text: str) -> Header:
    """'总投资（亿元）' → 总投资 in 亿元; '2023年目标' → {年}目标 for 2023."""
    text = squeeze(text)
    unit = ""
    match = _UNIT_IN_HEADER.search(text)
    if match:
        unit = match[1].strip()
        text = text[: match.start()]
    year = 0
    found = _YEAR.search(text)
    if found:
        year = int(found[1])
        text = text[: found.start()] + "{年}" + text[found.end() :]
    return Header(text, unit, year)


def unit_cell(text: str) -> str:
    """The unit a cell of a units row gives ('（亿元）', '单位：万元', '%'), or '' when it is not one."""
    from briefing.model.units import UNITS

    found = _UNIT_LINE.match(squeeze(text))
    if found is None:
        return ""
    unit = found[1].replace("％", "%")
    return unit if unit in UNITS else ""


class Mapping(msgspec.Struct, frozen=True):
    """What a mapping file says: header → field (or ignore), sheet → area title (or ignore), packet fields."""

    columns: dict[str, str] = msgspec.field(default_factory=dict)
    sheets: dict[str, str] = msgspec.field(default_factory=dict)
    packet: dict[str, tuple[str, Source]] = msgspec.field(default_factory=dict)


def all_names() -> set[str]:
    """Every header name in the synonym table, as read_header gives them."""
    names: set[str] = set()
    for kind in SYNONYMS:
        for table in (SYNONYMS[kind], _EXTRA[kind]):
            for options in table.values():
                names.update(options)
    return names


def known_fields() -> tuple[str, ...]:
    """Every field name a mapping file may send a column to."""
    names: list[str] = []
    for table in SYNONYMS.values():
        names += [key for key in table if key not in names]
    return (*names, IGNORE)


_MAPPING_SECTIONS = ("columns", "sheets", "packet")


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file; every problem is a located issue, raised together."""
    from briefing.read.yaml_nodes import Mapping as MappingNode
    from briefing.read.yaml_nodes import load_or_raise

    root = load_or_raise(path, path.name)
    if not isinstance(root, MappingNode):
        raise LoadError([issue(root.source, "", "import.mapping-shape")])
    mapping = Mapping()
    problems: list[Issue] = []
    for key, (key_source, node) in root.entries.items():
        if key not in _MAPPING_SECTIONS:
            problems.append(issue(key_source, key, "import.mapping-key", key=key, allowed=_MAPPING_SECTIONS))
        elif not isinstance(node, MappingNode):
            problems.append(issue(node.source, key, "import.mapping-shape"))
        else:
            for name, (name_source, value) in node.entries.items():
                problems += _mapping_entry(mapping, key, name, name_source, value)
    if problems:
        raise LoadError(problems)
    return mapping


def _mapping_entry(
    mapping: Mapping, section: str, name: str, name_source: Source, value: YamlNode
) -> list[Issue]:
    """One `name: value` of a section into `mapping`, or the reason it cannot go in."""
    from briefing.read.yaml_nodes import Scalar

    here = f"{section}.{name}"
    if not isinstance(value, Scalar) or value.value is None or isinstance(value.value, bool):
        return [issue(value.source, here, "import.mapping-value")]
    text = value.text.strip()
    if section == "columns":
        if text not in known_fields():
            return [issue(value.source, here, "import.mapping-field", text=text, allowed=known_fields())]
        mapping.columns[squeeze(name)] = text
    elif section == "sheets":
        mapping.sheets[name.strip()] = text
    elif PACKET.field(name) is None:
        return [issue(name_source, here, "import.mapping-key", key=name, allowed=PACKET.keys)]
    else:
        mapping.packet[name] = (text, value.source)
    return []


def field_for(kind: str, header: Header, overrides: dict[str, str]) -> str | None:
    """The field one header names in a table of this kind, or None."""
    full = header.name.replace("{年}", str(header.year)) if header.year else header.name
    for candidate in (full, header.name):
        if candidate in overrides:
            return overrides[candidate]
    for field, names in {**SYNONYMS[kind], **_EXTRA[kind]}.items():
        if header.name in names:
            return field
    if kind in (TARGETS, PROJECTS) and PROGRESS_VALUE_HEADER.match(header.name):
        return "progress.value"
    return None


def record_field(kind: str, key: str):  # type: ignore[no-untyped-def]
    """The schema Field behind a column's field name (declared.count → DECLARED's count)."""
    if key.startswith("declared."):
        return DECLARED.field(key.split(".", 1)[1])
    if key.startswith("secrecy."):
        return SECRECY.field(key.split(".", 1)[1])
    if kind == "packet":
        return PACKET.field(key)
    if key.startswith("progress."):
        progress = INDICATOR_PROGRESS if kind == TARGETS else PROJECT_PROGRESS
        return progress.field(key.split(".", 1)[1])
    return RECORDS[kind].field(key)
