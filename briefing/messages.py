"""The message catalogue: every user-facing problem in Chinese (default) and English."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("zh", "en")

KINDS = {
    "mapping": ("键值对（映射）", "a mapping"),
    "list": ("列表", "a list"),
    "text": ("文字", "text"),
    "number": ("数字", "a number"),
    "bool": ("true/false", "true/false"),
    "null": ("空值", "null"),
    "figure": ("数值加单位（如 2000人）或文字", "a figure with unit (e.g. 2000人) or words"),
    "money": ("金额加单位（如 1.5亿元）", "an amount with unit (e.g. 1.5亿元)"),
    "paragraphs": ("文字段落", "paragraphs of text"),
    "count": ("非负整数", "a whole number ≥ 0"),
    "year": ("四位年份", "a four-digit year"),
    "enum": ("规定的选项之一", "one of the allowed choices"),
    "unit": ("计量单位", "a unit"),
    "date": ("日期", "a date"),
    "period": ("建设期限", "a period"),
}

# code -> (Chinese, English). Each says what is wrong and what would be right.
CATALOGUE: dict[str, tuple[str, str]] = {
    "load.encoding": (
        "文件不是 UTF-8 编码（看起来是 {encoding}）；请用编辑器“另存为 UTF-8”后再试",
        "file is not UTF-8 (it looks like {encoding}); save it as UTF-8 and try again",
    ),
    "load.tab": (
        "缩进里有制表符（Tab）；YAML 只允许用空格缩进，请把 Tab 换成空格",
        "tab character in indentation; YAML indents with spaces only, replace the tab with spaces",
    ),
    "load.alias": (
        "不支持 YAML 锚点引用（*别名）；请把内容直接写出来",
        "YAML aliases (*name) are not supported; write the content out in full",
    ),
    "load.too-large": (
        "文件过大（超过 2 MB 或 20 万个值）；一个工作领域的文件不应这么大，请检查是否误放了文件",
        "file too large (over 2 MB or 200,000 values); check that this is the right file",
    ),
    "load.too-deep": (
        "嵌套层次过深；请检查缩进",
        "nesting too deep; check the indentation",
    ),
    "load.complex-key": (
        "键必须是简单文字；请写成 键: 值",
        "keys must be plain text; write key: value",
    ),
    "load.merge-key": (
        "不支持 YAML 合并键（<<）；请把内容直接写出来",
        "YAML merge keys (<<) are not supported; write the content out in full",
    ),
    "load.duplicate-key": (
        "键“{key}”重复（第 {first_line} 行已有）；请删去其中一个，YAML 只会保留最后一个",
        "duplicate key '{key}' (already on line {first_line}); remove one, YAML would silently keep the last",
    ),
    "load.tag": (
        "不允许 YAML 标签 {tag}；请去掉以 ! 开头的标签，直接写值",
        "YAML tag {tag} is not allowed; remove the '!' tag and write the plain value",
    ),
    "load.syntax": (
        "YAML 语法错误：{problem}{context_zh}；请检查这一行的缩进、冒号和引号",
        "YAML syntax error: {problem}{context_en}; check indentation, colons and quotes on this line",
    ),
    "load.empty": (
        "文件是空的；请按 briefing init 生成的示例填写内容",
        "file is empty; fill it in as in the starter made by 'briefing init'",
    ),
    "load.missing": (
        "找不到文件；请确认文件名和目录（材料目录中应有 packet.yaml 和 areas/）",
        "file not found; check the name and folder (a packet holds packet.yaml and areas/)",
    ),
    "load.not-a-file": (
        "这不是普通文件；请给出 YAML 文件",
        "not a regular file; give a YAML file",
    ),
    "load.unreadable": (
        "无法读取文件：{reason}",
        "cannot read file: {reason}",
    ),
    "load.no-areas": (
        "{folder} 目录里没有任何 .yaml 文件；每个工作领域应有一个文件",
        "no .yaml files in {folder}; each work area needs one file",
    ),
    "load.area-missing": (
        "列出的文件 {file} 不存在；请检查文件名，或从 areas 清单中删去",
        "listed file {file} does not exist; fix the name or remove it from the list",
    ),
    "type.mapping": (
        "{label}应是“键: 值”形式的映射，这里是{found}",
        "{label} must be a mapping of key: value, found {found}",
    ),
    "type.wrong": (
        "{label}应为{expected}，这里是{found}",
        "{label} must be {expected}, found {found}",
    ),
    "field.unknown": (
        "未知字段“{key}”；是不是“{suggestion}”？",
        "unknown field '{key}'; did you mean '{suggestion}'?",
    ),
    "field.unknown-no-hint": (
        "未知字段“{key}”；允许的字段有：{allowed}",
        "unknown field '{key}'; allowed fields: {allowed}",
    ),
    "field.required": (
        "缺少必填字段（{label}）；请添加，例如 {example}",
        "required field missing ({label}); add it, e.g. {example}",
    ),
    "value.mapping": (
        "{label}写成映射时只能有 text 一项，如 {{text: 与经济发展同步增长}}",
        "{label} as a mapping takes only 'text', e.g. {{text: 与经济发展同步增长}}",
    ),
    "figure.missing-unit": (
        "“{text}”缺少单位；数值须带单位，如 {text}人、{text}万元、{text}%",
        "'{text}' has no unit; write the unit with the number, e.g. {text}人, {text}万元, {text}%",
    ),
    "figure.unknown-unit": (
        "“{text}”的单位“{unit}”无法识别；是不是“{suggestion}”？",
        "unit '{unit}' in '{text}' is not known; did you mean '{suggestion}'?",
    ),
    "figure.unreadable": (
        "无法识别数值“{text}”；应写成 2000人、1.5亿元、增长6%、2000人以上 这样的形式；"
        "若是含数字的文字性目标，请写成 {{text: …}}",
        "cannot read the figure '{text}'; write it like 2000人, 1.5亿元, 增长6%, 2000人以上; "
        "for a target in words that contains digits write {{text: …}}",
    ),
    "figure.wrong-unit": (
        "“{text}”的单位“{unit}”与本指标的单位“{expected}”不符，也无法换算；请改用 {expected}",
        "'{text}' is in {unit}, which does not convert to this indicator's unit {expected}; use {expected}",
    ),
    "figure.change-unit": (
        "增减幅度“{text}”应以 % 或 个百分点 表示，如 增长6%",
        "a change '{text}' must be in % or 个百分点, e.g. 增长6%",
    ),
    "money.unit": (
        "{label}“{text}”不是金额；金额单位应为 元、万元 或 亿元",
        "{label} '{text}' is not money; use 元, 万元 or 亿元",
    ),
    "money.negative": (
        "{label}“{text}”为负数；投资额不能为负",
        "{label} '{text}' is negative; an investment cannot be negative",
    ),
    "money.change": (
        "{label}“{text}”是增减幅度，不是金额；请写成 1.5亿元 这样的金额",
        "{label} '{text}' is a change, not an amount; write an amount such as 1.5亿元",
    ),
    "money.annual-above-total": (
        "年度计划投资 {annual} 大于总投资 {total}；年度投资不能超过总投资，请核对",
        "this year's investment {annual} exceeds the total investment {total}; check both figures",
    ),
    "count.invalid": (
        "{label}“{text}”应为非负整数，如 25",
        "{label} '{text}' must be a whole number ≥ 0, e.g. 25",
    ),
    "year.invalid": (
        "{label}“{text}”不是有效年份；应写四位年份，如 2023",
        "{label} '{text}' is not a year; write four digits, e.g. 2023",
    ),
    "bool.invalid": (
        "{label}“{text}”应为 true 或 false",
        "{label} '{text}' must be true or false",
    ),
    "enum.invalid": (
        "{label}“{text}”不是允许的值；应为：{choices}",
        "{label} '{text}' is not allowed; use one of: {choices}",
    ),
    "unit.unknown": (
        "单位“{unit}”无法识别；是不是“{suggestion}”？",
        "unit '{unit}' is not known; did you mean '{suggestion}'?",
    ),
    "date.invalid": (
        "{label}“{text}”不是有效日期；应写成 2023-01-10 或 2023年1月10日",
        "{label} '{text}' is not a valid date; write 2023-01-10 or 2023年1月10日",
    ),
    "period.invalid": (
        "{label}“{text}”不是有效的期限；应写成 2023年、2022—2024年 或 2023年3月—2023年12月，且起不晚于止",
        "{label} '{text}' is not a valid period; write 2023年, 2022—2024年 or 2023年3月—2023年12月, start before end",
    ),
    "areas.invalid": (
        "{label}应为 all 或文件名列表，如 [01-扩大内需.yaml, 02-产业升级.yaml]",
        "{label} must be 'all' or a list of file names, e.g. [01-a.yaml, 02-b.yaml]",
    ),
    "areas.duplicate": (
        "文件 {file} 在清单中重复出现；每个工作领域只列一次",
        "{file} is listed twice; list each area once",
    ),
    "indicator.duplicate": (
        "指标“{name}”重复（{first} 已有）；请合并或改名",
        "indicator '{name}' is listed twice (first at {first}); merge or rename",
    ),
    "project.duplicate": (
        "项目“{name}”重复（{first} 已有）；同一项目只列一次",
        "project '{name}' is listed twice (first at {first}); list each project once",
    ),
    "declared.count-mismatch": (
        "申报个数为 {claimed}，清单实际为 {actual}；清单标为完整（complete: true）时两者须一致",
        "declared count is {claimed} but the list has {actual}; with complete: true they must agree",
    ),
    "declared.sum-mismatch": (
        "申报合计为 {claimed}，清单各行之和为 {actual}；清单标为完整（complete: true）时两者须一致",
        "declared total is {claimed} but the rows add up to {actual}; with complete: true they must agree",
    ),
    "declared.incomplete-rows": (
        "申报合计为 {claimed}，但有 {missing} 个项目未填此项，无法核对；请补齐，或改为 complete: false",
        "declared total is {claimed} but {missing} project(s) lack this figure; fill them in or set complete: false",
    ),
    "marks.both": (
        "classification 与 secrecy 只能填一个；涉密材料用 secrecy，内部资料用 classification",
        "give either classification or secrecy, not both",
    ),
}


def language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The message language: an explicit choice, else BRIEFING_LANG, else Chinese."""
    env = os.environ if environ is None else environ
    chosen = (explicit or env.get("BRIEFING_LANG") or "zh").lower()
    return "en" if chosen.startswith("en") else "zh"


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(code: str, params: Mapping[str, Any], lang: str = "zh") -> str:
    """Fill in one catalogue entry; kind names in `found`/`expected` are translated too."""
    zh, en = CATALOGUE.get(code, (code, code))
    template = en if lang == "en" else zh
    values = _Lenient(params)
    index = 1 if lang == "en" else 0
    for key in ("found", "expected"):
        if key in values and values[key] in KINDS:
            values[key] = KINDS[values[key]][index]
    context = str(params.get("context") or "")
    values["context_zh"] = f"（{context}）" if context else ""
    values["context_en"] = f" ({context})" if context else ""
    return template.format_map(values)
