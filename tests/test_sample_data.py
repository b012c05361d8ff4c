"""The sample packet data/dongchang-2023: every figure traceable to the report, valid, counts pinned."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from briefing.cli import main

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "data" / "dongchang-2023"
REPORT = HERE / "data" / "report.txt"

# Packet fields that are not taken from the report: printing date, year, area file names, layout name.
PACKET_SKIP = ("date", "year", "areas", "layout")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")

AREA_FILES = (
    "01-扩大内需.yaml",
    "02-产业升级.yaml",
    "03-营商环境.yaml",
    "04-乡村振兴.yaml",
    "05-生态环境.yaml",
    "06-民生保障.yaml",
    "07-社会稳定.yaml",
    "08-政府自身建设.yaml",
)
# (targets, projects) per area file: an accidental deletion or duplication changes these.
COUNTS = {
    "01-扩大内需.yaml": (14, 4),
    "02-产业升级.yaml": (13, 17),
    "03-营商环境.yaml": (3, 1),
    "04-乡村振兴.yaml": (5, 14),
    "05-生态环境.yaml": (8, 1),
    "06-民生保障.yaml": (9, 13),
    "07-社会稳定.yaml": (0, 0),
    "08-政府自身建设.yaml": (0, 0),
}
TARGETS = 52
PROJECTS = 50
NEW, CONTINUED = 15, 35

# The seven 预期目标 of 二、2023年工作安排, exactly as the report states them.
HEADLINE = {
    "地区生产总值": "不低于全市平均水平",
    "工业总产值": "增长6%",
    "工业增加值": "增长5%",
    "社会消费品零售总额": "增长7%",
    "固定资产投资": "增长8%",
    "地方级财政收入": "增长15.4%",
    "城乡居民人均可支配收入": "与经济发展同步增长",
}


@functools.cache
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@functools.cache
def load(path: Path) -> Any:
    """A sample file, parsed once per session; callers never mutate the result."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def sample_documents() -> dict[str, Any]:
    """Every YAML file of the sample by its path under the sample folder; packet.yaml minus PACKET_SKIP."""
    packet = load(SAMPLE / "packet.yaml")
    documents: dict[str, Any] = {
        "packet.yaml": {key: value for key, value in packet.items() if key not in PACKET_SKIP}
    }
    for path in sorted((SAMPLE / "areas").glob("*.yaml")):
        documents[f"areas/{path.name}"] = load(path)
    return documents


def scalars(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) for every scalar value of a loaded YAML document; mapping keys are not values."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from scalars(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from scalars(item, f"{path}[{index}]")
    elif node is not None and not isinstance(node, bool):
        yield path, node


def numbers(value: Any) -> list[str]:
    """The digit runs of a value, with decimals, thousands commas removed: 20.3, 11.25, 2501."""
    return [match.replace(",", "") for match in NUMBER.findall(str(value))]


def occurs_as_number(number: str, text: str) -> bool:
    """True when `number` stands in `text` as a whole number: "20" is not found in "2023" or "20.3"."""
    plain = THOUSANDS.sub("", text)
    return re.search(rf"(?<!\d)(?<!\d\.){re.escape(number)}(?!\d)(?!\.\d)", plain) is not None


def unsupported(documents: dict[str, Any], report: str) -> list[str]:
    """One message per number in the documents that the report does not contain, naming file and value."""
    problems = []
    for file, document in documents.items():
        for path, value in scalars(document):
            for number in numbers(value):
                if not occurs_as_number(number, report):
                    problems.append(f"{file}: {path} = {value!r}: {number} does not occur in the report")
    return problems


def all_rows(key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in AREA_FILES:
        rows.extend(load(SAMPLE / "areas" / name).get(key) or [])
    return rows


def paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text.strip())
    return ["".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]


# --- every figure comes from the report ---------------------------------------------------------------


def test_report_copy_is_the_2023_work_report():
    text = report_text()
    assert "东昌区人民政府工作报告" in text
    assert "二、2023年工作安排" in text and "三、加强政府自身建设" in text


def test_every_number_in_the_sample_occurs_in_the_report():
    documents = sample_documents()
    found = [
        number
        for document in documents.values()
        for _, value in scalars(document)
        for number in numbers(value)
    ]
    assert len(found) > 300, "the walk found too few numbers: is the sample missing?"
    problems = unsupported(documents, report_text())
    assert not problems, "\n".join(problems)


def test_number_check_reports_a_fabricated_value():
    documents = {"areas/99-虚构.yaml": {"targets": [{"name": "虚构指标", "target": "12345亿元"}]}}
    problems = unsupported(documents, report_text())
    assert len(problems) == 1
    assert "areas/99-虚构.yaml" in problems[0]
    assert "targets[0].target" in problems[0]
    assert "12345亿元" in problems[0]


def test_number_check_respects_digit_boundaries():
    assert not occurs_as_number("20", "2023年工作安排")
    assert not occurs_as_number("20", "年度计划投资20.3亿元")
    assert not occurs_as_number("3", "年度计划投资20.3亿元")
    assert not occurs_as_number("0.3", "年度计划投资20.3亿元")
    assert occurs_as_number("20.3", "年度计划投资20.3亿元")
    assert occurs_as_number("20", "续建项目20个")
    assert occurs_as_number("2501", "新增城镇就业2,501人")
    assert numbers("新增城镇就业2,501人，增长15.4%") == ["2501", "15.4"]
    assert not unsupported({"x.yaml": {"last_year": "2,501人"}}, "新增城镇就业2501人")


def test_summary_and_last_year_results_quote_the_report_verbatim():
    text = report_text()
    for name in AREA_FILES:
        area = load(SAMPLE / "areas" / name)
        assert area["title"] in text, name
        for key in ("summary", "last_year_results"):
            for paragraph in paragraphs(area[key]):
                assert paragraph in text, f"areas/{name}: {key}: {paragraph[:30]}…"


# --- the sample validates -------------------------------------------------------------------------------


def test_sample_validates_through_the_cli():
    out, err = io.StringIO(), io.StringIO()
    status = main(["--lang", "zh", "validate", str(SAMPLE)], stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, lines
    summary = lines[0]
    assert "8 个工作领域" in summary
    assert f"{TARGETS} 项指标" in summary
    assert f"{PROJECTS} 个重点项目（新建 {NEW}、续建 {CONTINUED}）" in summary
    assert "申报 25 个、总投资 140亿元" in summary


# --- counts pinned ----------------------------------------------------------------------------------------


def test_packet_lists_the_eight_areas_in_order():
    packet = load(SAMPLE / "packet.yaml")
    assert tuple(packet["areas"]) == AREA_FILES
    assert tuple(sorted(path.name for path in (SAMPLE / "areas").glob("*.yaml"))) == AREA_FILES
    assert packet["year"] == 2023


def test_packet_declares_the_reported_project_totals():
    declared = load(SAMPLE / "packet.yaml")["declared"]
    assert declared["complete"] is False
    assert (declared["count"], declared["new"], declared["continued"]) == (25, 5, 20)
    assert (declared["total_investment"], declared["annual_investment"]) == ("140亿元", "20.3亿元")


def test_target_and_project_counts_are_pinned():
    for name, (targets, projects) in COUNTS.items():
        area = load(SAMPLE / "areas" / name)
        assert len(area.get("targets") or []) == targets, name
        assert len(area.get("projects") or []) == projects, name
    assert len(all_rows("targets")) == TARGETS
    kinds = [row["kind"] for row in all_rows("projects")]
    assert (len(kinds), kinds.count("新建"), kinds.count("续建")) == (PROJECTS, NEW, CONTINUED)


def test_each_headline_target_appears():
    targets = {row["name"]: row["target"] for row in all_rows("targets")}
    for name, target in HEADLINE.items():
        assert targets.get(name) == target, name
