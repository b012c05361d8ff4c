"""Progress records (推进情况): read, located problems, the status computed where none is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from packets import area_yaml, write_packet

from briefing.errors import BriefingError
from briefing.model.packet import Packet
from briefing.model.progress import BEHIND, DONE, NOT_STARTED, ON_TRACK, STOPPED, computed_status, elapsed
from briefing.read.packet_files import load_packet
from briefing.read.progress import AsOf
from briefing.read.reader import Field, Reader
from briefing.read.rules import validate_packet
from briefing.read.yaml_nodes import Mapping, parse_text

TARGETS = """targets:
  - name: 城镇新增就业
    unit: 人
    target: 2000人
    progress:
{progress}
"""


def packet_with(tmp_path: Path, progress: str, unit: str = "人", target: str = "2000人") -> Path:
    targets = TARGETS.replace("unit: 人", f"unit: {unit}").replace("2000人", target)
    return write_packet(
        tmp_path / "p", {"01-a.yaml": area_yaml("甲", targets=targets.format(progress=progress))}
    )


def validate(root: Path, strict: bool = False) -> Packet:
    return validate_packet(load_packet(root), strict=strict)


def problems(root: Path, lang: str = "zh") -> list[str]:
    with pytest.raises(BriefingError) as caught:
        validate(root)
    return [found.render(lang) for found in caught.value.issues]


def test_one_record_as_a_mapping(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      as_of: 截至2023年9月底\n      value: 1650人\n      note: 招聘会10场")
    (record,) = validate(root).targets[0].progress
    assert record.as_of == dt.date(2023, 9, 30)
    assert record.as_of_text == "截至2023年9月底"
    assert record.ratio == Decimal("0.825")
    assert (record.status, record.status_given, record.note) == (ON_TRACK, False, "招聘会10场")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2000人", DONE),  # 100 %
        ("2100人", DONE),
        ("1650人", ON_TRACK),  # 82.5 % >= 273/365 = 74.8 %
        ("1400人", BEHIND),  # 70 % < 74.8 %
        ("0人", NOT_STARTED),
    ],
)
def test_the_status_is_computed_from_value_target_and_time(tmp_path: Path, value: str, status: str) -> None:
    root = packet_with(tmp_path, f"      - as_of: 2023-09-30\n        value: {value}")
    assert validate(root).targets[0].progress[0].status == status


def test_a_written_status_wins_and_a_list_keeps_its_order(tmp_path: Path) -> None:
    progress = (
        "      - as_of: 2023年6月30日\n        value: 900人\n        status: 已终止\n"
        "      - as_of: 2023-09-30\n        value: {text: 与上年持平}\n        status: 滞后"
    )
    records = validate(packet_with(tmp_path, progress)).targets[0].progress
    assert [(r.as_of.month, r.status, r.status_given) for r in records] == [
        (6, STOPPED, True),
        (9, BEHIND, True),
    ]
    assert records[1].ratio is None  # words: no ratio, no computed status


def test_words_alone_have_no_status(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      as_of: 2023-09-30\n      value: 按计划推进")
    assert validate(root).targets[0].progress[0].status is None


def test_convertible_units_are_allowed_and_compared_exactly(tmp_path: Path) -> None:
    root = packet_with(
        tmp_path, "      as_of: 2023-09-30\n      value: 9000万元", unit="亿元", target="1.5亿元"
    )
    assert validate(root).targets[0].progress[0].ratio == Decimal("0.6")


def test_a_growth_against_a_growth(tmp_path: Path) -> None:
    root = packet_with(
        tmp_path, "      as_of: 2023-09-30\n      value: 增长6.5%", unit='"%"', target="增长8%"
    )
    record = validate(root).targets[0].progress[0]
    assert (record.ratio, record.status) == (Decimal("0.8125"), ON_TRACK)


def test_a_unit_that_does_not_convert_is_located(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      as_of: 2023-09-30\n      value: 1650万元")
    assert problems(root) == [
        "areas/01-a.yaml:11:14: targets[1].progress.value: 完成值“1650万元”的单位“万元”与目标的单位“人”不符，"
        "也无法换算；请改用 人"
    ]


def test_a_date_outside_the_year_is_located(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      - as_of: 2022-12-31\n        value: 1650人")
    (message,) = problems(root)
    assert message.startswith("areas/01-a.yaml:10:16: targets[1].progress[1].as_of: 截至日期“2022-12-31”不在")
    assert "工作年度 2023 年内" in message


@pytest.mark.parametrize("text", ["2023-02-30", "2023年13月", "九月底", "2023/09/30"])
def test_a_date_that_is_none_is_located(tmp_path: Path, text: str) -> None:
    root = packet_with(tmp_path, f"      as_of: {text}\n      value: 1650人")
    (message,) = problems(root)
    assert message.startswith(
        f"areas/01-a.yaml:10:14: targets[1].progress.as_of: 截至日期“{text}”无法识别为日期"
    )


def test_as_of_is_required(tmp_path: Path) -> None:
    (message,) = problems(packet_with(tmp_path, "      value: 1650人"))
    assert message.startswith("areas/01-a.yaml:10:7: targets[1].progress.as_of: ")


def test_a_ratio_above_300_percent_is_a_warning_and_an_error_with_strict(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      as_of: 2023-09-30\n      value: 16500人")
    (found,) = validate(root).warnings
    assert found.render("zh") == (
        "areas/01-a.yaml:11:14: targets[1].progress.value: 警告：完成值“16500人”是目标“2000人”的 825%，超过 300%，"
        "可能是单位写错（如 万元 写成 元）；请核对"
    )
    with pytest.raises(BriefingError):
        validate(root, strict=True)


def test_a_project_s_progress_is_money_against_the_annual_investment(tmp_path: Path) -> None:
    project = {
        "name": "甲项目",
        "kind": "新建",
        "annual_investment": "1亿元",
        "progress": "{as_of: 2023-06-30, value: 3000万元}",
    }
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲", [project])})
    record = validate(root).projects[0].progress[0]
    assert (record.ratio, record.status) == (Decimal("0.3"), BEHIND)  # 30 % < 181/365
    project["progress"] = "{as_of: 2023-06-30, value: 3000人}"
    root = write_packet(tmp_path / "q", {"01-a.yaml": area_yaml("甲", [project])})
    (message,) = problems(root)
    assert message.startswith("areas/01-a.yaml:9:42: projects[1].progress.value: 完成投资“3000人”不是金额")


def test_a_level_and_growth_pair_is_refused_as_a_value(tmp_path: Path) -> None:
    root = packet_with(tmp_path, "      as_of: 2023-09-30\n      value: {level: 1650人, growth: 增长5%}")
    (message,) = problems(root)
    assert message.startswith("areas/01-a.yaml:11:14: targets[1].progress.value: 完成值只写一个数值或文字")


def test_elapsed_and_the_rule_at_the_edges() -> None:
    assert elapsed(dt.date(2023, 12, 31)) == 1
    assert elapsed(dt.date(2024, 12, 31)) == 1  # a leap year counts 366 days
    assert computed_status(elapsed(dt.date(2023, 9, 30)), None, dt.date(2023, 9, 30)) == ON_TRACK
    assert computed_status(None, None, dt.date(2023, 9, 30)) is None


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2023-09-30", True),
        ("2023年9月30日", True),
        ("截至2023年9月底", True),
        ("截止２０２３年９月末", True),
        ("2023年6月", True),
        ("2023/09/30", False),
        ("九月底", False),
        ("2023年13月", False),
        ("截至2023年9月", True),
    ],
)
def test_the_as_of_schema_takes_what_the_reader_takes(text: str, ok: bool) -> None:
    kind = AsOf()
    field = Field("as_of", kind, "截至日期", "")
    reader = Reader()
    node, _ = parse_text(f"as_of: {text}\n", "x.yaml")
    assert isinstance(node, Mapping)
    value_node = node.get("as_of")
    assert value_node is not None
    read = kind.read(value_node, field, "as_of", reader)
    assert (read is not None) == ok
    schema_ok = not list(jsonschema.Draft202012Validator(kind.json_schema()).iter_errors(text))
    assert schema_ok == ok
