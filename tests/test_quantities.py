"""quantities.py: qualified figures as reports write them, the unit table, exact conversion, suggestions."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from guards import hang_guard
from hypothesis import given, settings
from hypothesis import strategies as st
from packets import area_yaml, write_packet
from pdfcheck import tables

from briefing.model.figure_grammar import (
    APPROX,
    BASES,
    CHANGES,
    MAX_FIGURE_LENGTH,
    PREFIXES,
    SUFFIXES,
    figure_pattern,
    full_width_in,
    normalise_figure_text,
)
from briefing.model.quantities import Figure, FigureSyntaxError, Qualitative, parse_figure
from briefing.model.unit_suggestions import suggest_unit
from briefing.model.units import DIMENSIONS, UNITS, convert
from briefing.pipeline import build_pdf, load_and_validate
from briefing.read.schema import json_schema


class Form(NamedTuple):
    """One way a report writes a figure, and what it means."""

    text: str
    amount: str
    unit: str
    bare: str  # text(with_unit=False): what a table prints under a column of the same unit
    change: str = ""
    qualifiers: tuple[str, ...] = ()
    direction: str = ""
    bound: str = ""
    basis: str = ""
    subject: str = ""


FORMS = [
    # the forms real targets take (issue 12), in the order it lists them
    Form("增长8%左右", "8", "%", "增长8%左右", "增长", ("左右",), "up", "approx"),
    Form("控制在5.5%以内", "5.5", "%", "控制在5.5%以内", "", ("控制在", "以内"), "", "max"),
    Form("稳定在7万亩以上", "7", "万亩", "稳定在7万亩以上", "", ("稳定在", "以上"), "", "min"),
    Form("保持在95%以上", "95", "%", "保持在95%以上", "", ("保持在", "以上"), "", "min"),
    Form("新增2000人", "2000", "人", "新增2000", "", ("新增",)),
    Form("突破15亿元", "15", "亿元", "突破15", "", ("突破",), "", "min"),
    Form("增速3%", "3", "%", "增速3", "增速", (), "up"),
    Form("同比下降2%", "2", "%", "同比下降2", "下降", ("同比",), "down", "", "同比"),
    Form(
        "按可比口径下降9.3%",
        "9.3",
        "%",
        "按可比口径下降9.3",
        "下降",
        ("按可比口径",),
        "down",
        "",
        "按可比口径",
    ),
    Form("7500余户", "7500", "户", "7500余户", "", ("余",), "", "min"),
    Form("约3000人", "3000", "人", "约3000", "", ("约",), "", "approx"),
    Form("力争6个以上", "6", "个", "力争6个以上", "", ("力争", "以上"), "", "min"),
    Form("达到1.2万家", "1.2", "万家", "达到1.2", "", ("达到",)),
    Form("下降到3%以下", "3", "%", "下降到3%以下", "", ("下降到", "以下"), "down", "max"),
    Form("增长1个百分点", "1", "个百分点", "增长1", "增长", (), "up"),
    Form("提高0.5个百分点", "0.5", "个百分点", "提高0.5", "提高", (), "up"),
    Form("万元GDP能耗下降3.2%", "3.2", "%", "万元GDP能耗下降3.2", "下降", (), "down", subject="万元GDP能耗"),
    Form("2000户以上", "2000", "户", "2000户以上", "", ("以上",), "", "min"),
    Form("1.5亿元", "1.5", "亿元", "1.5"),
    Form("增长6%", "6", "%", "增长6", "增长", (), "up"),
    Form("预计增长1.5%", "1.5", "%", "预计增长1.5", "增长", ("预计",), "up"),
    Form("9000余万元", "9000", "万元", "9000余万元", "", ("余",), "", "min"),
    Form("超过2万人次", "2", "万人次", "超过2", "", ("超过",), "", "min"),
    Form("较上年增长10%", "10", "%", "较上年增长10", "增长", ("较上年",), "up", "", "较上年"),
    Form("比上年下降5%", "5", "%", "比上年下降5", "下降", ("比上年",), "down", "", "比上年"),
    # more of the same family
    Form("1万余人", "1", "万人", "1万余人", "", ("余",), "", "min"),
    Form("3亿多元", "3", "亿元", "3亿多元", "", ("多",), "", "min"),
    Form(
        "预计同比增长6.5%左右",
        "6.5",
        "%",
        "预计同比增长6.5%左右",
        "增长",
        ("预计", "同比", "左右"),
        "up",
        "approx",
        "同比",
    ),
    Form("规上工业增加值增长8%", "8", "%", "规上工业增加值增长8", "增长", (), "up", subject="规上工业增加值"),
    Form("力争达到1.2万家", "1.2", "万家", "力争达到1.2", "", ("力争", "达到")),
    Form("降至3个工作日以内", "3", "个工作日", "降至3个工作日以内", "", ("降至", "以内"), "down", "max"),
    Form("提高到95%", "95", "%", "提高到95", "", ("提高到",), "up"),
    Form("不低于6%", "6", "%", "不低于6", "", ("不低于",), "", "min"),
    Form("不超过5‰", "5", "‰", "不超过5", "", ("不超过",), "", "max"),
    Form("下降0.5个千分点", "0.5", "个千分点", "下降0.5", "下降", (), "down"),
    Form("近2000户", "2000", "户", "近2000", "", ("近",), "", "approx"),
    Form("年均增长6%", "6", "%", "年均增长6", "增长", ("年均",), "up"),
    Form("涨幅3%左右", "3", "%", "涨幅3%左右", "涨幅", ("左右",), "up", "approx"),
    Form(
        "单位GDP能耗降低3%左右",
        "3",
        "%",
        "单位GDP能耗降低3%左右",
        "降低",
        ("左右",),
        "down",
        "approx",
        subject="单位GDP能耗",
    ),
    Form(
        "按可比价格计算增长6%",
        "6",
        "%",
        "按可比价格计算增长6",
        "增长",
        ("按可比价格计算",),
        "up",
        "",
        "按可比价格计算",
    ),
    Form("2,501人", "2501", "人", "2,501"),
    Form("5 万元", "5", "万元", "5"),
    Form("-5亿元", "-5", "亿元", "-5"),
    Form("增长-2%", "-2", "%", "增长-2", "增长", (), "up"),
    Form("999999999999999.999999元", "999999999999999.999999", "元", "999999999999999.999999"),
    # units from the table, as targets write them
    Form("5万吨标准煤", "5", "万吨标准煤", "5"),
    Form(
        "控制在2.5万吨标准煤以内",
        "2.5",
        "万吨标准煤",
        "控制在2.5万吨标准煤以内",
        "",
        ("控制在", "以内"),
        "",
        "max",
    ),
    Form("2.5亿千瓦时", "2.5", "亿千瓦时", "2.5"),
    Form("100兆瓦", "100", "兆瓦", "100"),
    Form("新增10万千瓦", "10", "万千瓦", "新增10", "", ("新增",)),
    Form("3.2万平方米", "3.2", "万平方米", "3.2"),
    Form("1.2平方公里", "1.2", "平方公里", "1.2"),
    Form("50公顷", "50", "公顷", "50"),
    Form(
        "粮食总产稳定在1.2亿斤以上",
        "1.2",
        "亿斤",
        "粮食总产稳定在1.2亿斤以上",
        "",
        ("稳定在", "以上"),
        "",
        "min",
        subject="粮食总产",
    ),
    Form("5万吨/日", "5", "万吨/日", "5"),
    Form("10万标准箱", "10", "万标准箱", "10"),
    Form("200张床位", "200", "张床位", "200"),
    Form("30艘", "30", "艘", "30"),
    Form(
        "存栏稳定在2万头以上",
        "2",
        "万头",
        "存栏稳定在2万头以上",
        "",
        ("稳定在", "以上"),
        "",
        "min",
        subject="存栏",
    ),
    Form("5000只", "5000", "只", "5000"),
    Form("3万立方米", "3", "万立方米", "3"),
    Form("15.4公里", "15.4", "公里", "15.4"),
    Form("1.5小时以内", "1.5", "小时", "1.5小时以内", "", ("以内",), "", "max"),
]


@pytest.mark.parametrize("form", FORMS, ids=[form.text for form in FORMS])
def test_each_written_form_is_one_figure(form: Form) -> None:
    figure = parse_figure(form.text)
    assert (figure.amount, figure.unit) == (Decimal(form.amount), form.unit)
    assert figure.change == form.change
    assert figure.qualifiers == form.qualifiers
    assert (figure.direction, figure.bound, figure.basis) == (form.direction, form.bound, form.basis)
    assert figure.subject == form.subject
    assert figure.text() == form.text.replace(" ", "")
    assert str(figure) == figure.text()
    assert figure.text(with_unit=False) == form.bare


@pytest.mark.parametrize(
    ("text", "signed"),
    [("同比下降2%", "-2"), ("增长6%", "6"), ("下降到3%以下", "3"), ("1.5亿元", "1.5"), ("增速3%", "3")],
)
def test_a_falling_change_is_negative_where_a_number_is_needed(text: str, signed: str) -> None:
    assert parse_figure(text).signed_amount == Decimal(signed)


def test_the_old_positional_record_still_builds_and_prints() -> None:
    figure = Figure(Decimal(2), "万元", "2", "预计", "", "余", "以上")
    assert figure.text() == "预计2余万元以上" and figure.is_money and figure.dimension == "元"
    assert figure.to("元") == 20000
    assert parse_figure("预计2余万元以上") == figure


def test_the_number_is_kept_apart_from_the_wording() -> None:
    """Key figures, charts and totals need the number; printing needs the words."""
    figure = parse_figure("按可比口径增长8%左右")
    assert figure.amount == 8 and figure.unit == "%"
    assert figure.prefixes == ("按可比口径",) and figure.suffix == "左右"
    assert figure.text() == "按可比口径增长8%左右"


# --- what is not one figure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "found"),
    [
        ("2000-3000人", "unreadable", ""),  # a range
        ("2000～3000人", "unreadable", ""),
        ("增长5%-6%", "unreadable", ""),
        ("5%至6%", "unreadable", ""),
        ("２０００－３０００人", "unreadable", ""),  # full-width, still a range
        ("1e3万元", "unreadable", ""),  # two numbers
        ("PM2.5浓度下降5%", "unreadable", ""),
        ("2023年增长6%", "unreadable", ""),
        ("全市第2名", "unreadable", ""),  # a rank: 名 is a unit, 全市第 is no qualifier
        ("城镇新增就业2000人", "unreadable", ""),  # a name directly before the number (write it in name)
        ("1,5亿元", "unreadable", ""),  # a decimal comma
        ("12,3456人", "unreadable", ""),  # groups of four
        ("增长", "unreadable", ""),
        ("", "unreadable", ""),
        ("٢٠٠٠人", "unreadable", ""),  # Arabic-Indic digits are not read as numbers
        ("2000", "missing-unit", ""),
        ("2000 ", "missing-unit", ""),
        ("约2000", "missing-unit", ""),
        ("1亿圆", "unknown-unit", "亿圆"),
        ("2千人", "unknown-unit", "千人"),
        ("14000万", "unknown-unit", "万"),
        ("增长8个点", "unknown-unit", "个点"),
        ("5吨标准以上", "unknown-unit", "吨标准"),
        ("2000人们", "unknown-unit", "人们"),
        ("1" + "0" * 15 + "元", "too-long", ""),  # 16 digits: a slip, and past what sums keep exact
        ("0.0000001亿元", "too-long", ""),
        ("1" * 200 + "元", "too-long", ""),
        ("1" * 60 + "万元以上", "too-long", ""),
    ],
)
def test_what_is_not_one_figure_says_why(text: str, reason: str, found: str) -> None:
    with pytest.raises(FigureSyntaxError) as raised:
        parse_figure(text)
    assert (raised.value.reason, raised.value.found) == (reason, found)


def test_hostile_text_is_turned_down_without_backtracking() -> None:
    """Long hostile texts are refused. Catastrophic backtracking in the figure patterns would take hours on
    these: a guard of 60 s (a hang guard, not a speed budget — they take milliseconds) turns that into a
    failure instead of a stuck run."""
    hostile = [
        "约" * 100_000 + "1人",
        "增" * 100_000 + "长5%",
        "1" * 1_000_000 + "x",
        "1," * 100_000 + "人",
        "万元GDP能耗" * 20_000 + "下降3%",
        "同比" * 50_000 + "增长5%",
    ]

    with hang_guard(60, "the figure parser"):
        for text in hostile:
            with pytest.raises(FigureSyntaxError):
                parse_figure(text)
            suggest_unit(text)


# --- full-width characters and separators -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed", "amount"),
    [
        ("２０００人", "2000人", "2000"),
        ("５％", "5%", "5"),
        ("增长５．５％", "增长5.5%", "5.5"),
        ("2，000人", "2,000人", "2000"),  # a Chinese comma between thousands: read as the separator
        ("－５亿元", "-5亿元", "-5"),
        ("2000\u3000人", "2000人", "2000"),
        ("  增长6%　", "增长6%", "6"),
        ("2,000,000元", "2,000,000元", "2000000"),
    ],
)
def test_full_width_digits_and_separators_are_read_and_printed_half_width(
    text: str, printed: str, amount: str
) -> None:
    figure = parse_figure(text)
    assert figure.amount == Decimal(amount) and figure.text() == printed


def test_the_full_width_helpers_say_what_was_changed() -> None:
    assert normalise_figure_text("　增长５．５％，") == "增长5.5%,"
    assert full_width_in("增长５５．５％") == "５．％"
    assert full_width_in("2000人") == ""


# --- the unit table -----------------------------------------------------------------------------------------

NAMED_IN_THE_ISSUE = re.findall(
    r"\S+",
    "吨标准煤 万吨标准煤 千瓦时 万千瓦时 亿千瓦时 千瓦 万千瓦 亩 万亩 平方米 万平方米 平方公里 公顷 吨 万吨 "
    "公里 千米 米 人次 万人次 家 所 张 套 辆 台 艘 头 只 万头 床位 个百分点 ‰ 元 万元 亿元 人 万人 户 万户 "
    "立方米 万立方米 标准箱",
)


def test_the_table_has_the_units_reports_use() -> None:
    assert set(NAMED_IN_THE_ISSUE) <= set(UNITS)
    assert "万元GDP能耗" not in UNITS and "单位GDP能耗" not in UNITS  # names, not units


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_every_unit_is_read_and_keeps_its_wording(unit: str) -> None:
    figure = parse_figure(f"力争2{unit}以上")
    assert (figure.amount, figure.unit) == (2, unit)
    assert figure.text(with_unit=False) == f"力争2{unit}以上"
    assert parse_figure(f"2{unit}").text(with_unit=False) == "2"


def test_every_dimension_converts_through_its_base_exactly() -> None:
    for dimension in DIMENSIONS:
        assert dimension.units[0] == (dimension.base, Decimal(1)), dimension.name
        for unit, factor in dimension.units:
            assert UNITS[unit] == (dimension.base, factor)
            assert factor > 0 and factor.is_finite()
            there = convert(Decimal(2), unit, dimension.base)
            assert there == 2 * factor and convert(there, dimension.base, unit) == 2, unit
    assert len(UNITS) == sum(len(dimension.units) for dimension in DIMENSIONS), "no unit in two dimensions"


@pytest.mark.parametrize(
    ("figure", "unit", "expected"),
    [
        ("1.5亿元", "万元", "15000"),
        ("15000万元", "亿元", "1.5"),
        ("9000余万元", "亿元", "0.9"),
        ("1元", "亿元", "0.00000001"),
        ("1公顷", "亩", "15"),
        ("1平方公里", "公顷", "100"),
        ("1万平方米", "公顷", "1"),
        ("3万亩", "平方公里", "20"),
        ("1.5万亩", "万平方米", "1000"),
        ("1平方米", "亩", "0.0015"),
        ("1亿千瓦时", "万千瓦时", "10000"),
        ("2.5万吨标准煤", "吨标准煤", "25000"),
        ("3吨标煤", "吨标准煤", "3"),
        ("100兆瓦", "万千瓦", "10"),
        ("1亿斤", "万吨", "5"),
        ("2000公斤", "吨", "2"),
        ("3公里", "米", "3000"),
        ("3千米", "公里", "3"),
        ("1.5小时", "分钟", "90"),
        ("2天", "小时", "48"),
        ("3万人次", "人次", "30000"),
        ("1.2万家", "家", "12000"),
        ("3万头", "头", "30000"),
        ("5万标准箱", "标准箱", "50000"),
        ("2万立方米/日", "立方米/日", "20000"),
        ("0.1亿美元", "万美元", "1000"),
    ],
)
def test_conversion_within_a_dimension_is_exact(figure: str, unit: str, expected: str) -> None:
    assert parse_figure(figure).to(unit) == Decimal(expected)


def test_sums_in_mixed_units_are_exact() -> None:
    parts = [parse_figure(text).to("亩") for text in ("0.1公顷", "0.2公顷", "1平方米", "0.3亩")]
    assert sum(parts, Decimal(0)) == Decimal("4.8015")
    assert sum((parse_figure("0.1亿元").to("万元") for _ in range(10)), Decimal(0)) == 10_000


@pytest.mark.parametrize(
    ("figure", "unit"),
    [("2000人", "万元"), ("5亩", "米"), ("1吨标准煤", "吨"), ("1千瓦", "千瓦时"), ("5%", "个百分点"),
     ("1美元", "元"), ("3天", "工作日"), ("1万元", "单位")],
)  # fmt: skip
def test_no_conversion_across_dimensions(figure: str, unit: str) -> None:
    with pytest.raises(ValueError):
        parse_figure(figure).to(unit)


# --- suggestions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "suggestion"),
    [
        ("万", "万元"),  # 14000万: money, not 万户
        ("亿", "亿元"),
        ("亿圆", "亿元"),
        ("萬元", "万元"),
        ("千人", "人"),  # 2千人: write 2000人
        ("百万元", "万元"),
        ("人们", "人"),
        ("家企业", "家"),
        ("亩地", "亩"),
        ("吨标准煤", "吨标准煤"),
        ("吨标准", "吨标准煤"),
        ("万吨标准", "万吨标准煤"),
        ("平方公理", "平方公里"),
        ("平米", "平方米"),
        ("万平米", "万平方米"),
        ("㎡", "平方米"),
        ("万平", "万平方米"),
        ("立方", "立方米"),
        ("万方", "万立方米"),
        ("度", "千瓦时"),
        ("万度", "万千瓦时"),
        ("kWh", "千瓦时"),
        ("MW", "兆瓦"),
        ("TEU", "标准箱"),
        ("个点", "个百分点"),
        ("百分点", "个百分点"),
        ("％", "%"),
        ("人/次", "人次"),
        ("万元GDP能耗", ""),  # an indicator's name: no unit fits
        ("单位GDP能耗", ""),
        ("xyz", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_suggestions_are_what_the_writer_meant(found: str, suggestion: str) -> None:
    assert suggest_unit(found) == suggestion


@given(st.text(max_size=30))
def test_a_suggestion_is_a_unit_or_nothing(found: str) -> None:
    assert suggest_unit(found) in {"", *UNITS}


# --- qualitative targets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifiers", "bound"),
    [
        ("不低于全市平均水平", ("不低于",), "min"),
        ("力争实现产值翻一番", ("力争",), ""),
        ("确保实现“零火点”", ("确保",), ""),
        ("控制在省下达指标以内", ("控制在",), "max"),
        ("与经济发展同步增长", (), ""),
    ],
)
def test_a_target_in_words_carries_its_qualifier(text: str, qualifiers: tuple[str, ...], bound: str) -> None:
    value = Qualitative(text)
    assert (value.qualifiers, value.bound, str(value)) == (qualifiers, bound, text)


# --- properties ---------------------------------------------------------------------------------------------

SUBJECTS = ("", "", "", "万元GDP能耗", "规上工业增加值", "城镇居民人均可支配收入", "粮食总产")
_amount = st.builds(
    lambda minus, whole, fraction, grouped: (
        ("-" if minus else "")
        + (f"{whole:,}" if grouped else str(whole))
        + (f".{fraction}" if fraction else "")
    ),
    st.booleans(),
    st.integers(min_value=0, max_value=10**15 - 1),
    st.one_of(st.just(""), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
    st.booleans(),
)
_figure_parts = st.fixed_dictionaries(
    {
        "subject": st.sampled_from(SUBJECTS),
        "prefixes": st.lists(st.sampled_from(PREFIXES + BASES), max_size=3),
        "change": st.sampled_from(("", *CHANGES)),
        "amount": _amount,
        "approx": st.sampled_from(("", "", *APPROX)),
        "unit": st.sampled_from(sorted(UNITS)),
        "suffix": st.sampled_from(("", *SUFFIXES)),
    }
).filter(lambda parts: not parts["subject"] or parts["prefixes"] or parts["change"])


def _written(parts: dict[str, Any]) -> str:
    words = "".join(parts["prefixes"])
    return f"{parts['subject']}{words}{parts['change']}{parts['amount']}{parts['approx']}{parts['unit']}{parts['suffix']}"


@settings(max_examples=300)
@given(_figure_parts)
def test_every_generated_form_reads_back_as_written(parts: dict[str, Any]) -> None:
    text = _written(parts)
    figure = parse_figure(text)
    assert figure.text() == text
    assert figure.amount == Decimal(str(parts["amount"]).replace(",", ""))
    assert (figure.unit, figure.approx, figure.suffix) == (parts["unit"], parts["approx"], parts["suffix"])
    assert (
        figure.subject + figure.prefix + figure.change
        == f"{parts['subject']}{''.join(parts['prefixes'])}{parts['change']}"
    )
    assert parse_figure(figure.text()) == figure
    assert re.fullmatch(figure_pattern(), text), "the JSON Schema takes it too"


_RELEVANT = (
    "0123456789０５,，.．%％-－ 　万亿元人户个亩以上下内左右约近余多增长下降同比力争控制在GDP能耗第名/日"
)


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=40), st.text(alphabet=_RELEVANT, max_size=25)))
def test_parsing_any_text_fails_only_with_a_reason(text: str) -> None:
    try:
        figure = parse_figure(text)
    except FigureSyntaxError as exc:
        assert exc.reason in {"too-long", "missing-unit", "unknown-unit", "unreadable"}
        assert exc.found == "" or exc.reason == "unknown-unit"
        return
    assert parse_figure(figure.text()) == figure
    assert figure.unit in UNITS


@settings(max_examples=500)
@given(st.one_of(st.text(alphabet=_RELEVANT, max_size=25), _figure_parts.map(_written)))
def test_the_schema_pattern_accepts_exactly_what_parsing_accepts(text: str) -> None:
    """JSON Schema has no trimming: compare on text without surrounding spaces, as YAML plain scalars are."""
    text = text.strip()
    try:
        parsed = len(parse_figure(text).text()) <= MAX_FIGURE_LENGTH
    except FigureSyntaxError:
        parsed = False
    assert bool(re.fullmatch(figure_pattern(), text)) == parsed, text


def _patterns(schema: object) -> list[str]:
    """Every pattern anywhere in a schema fragment."""
    if isinstance(schema, dict):
        own = [schema["pattern"]] if "pattern" in schema else []
        return own + [found for value in schema.values() for found in _patterns(value)]
    if isinstance(schema, list):
        return [found for value in schema for found in _patterns(value)]
    return []


def test_the_area_schema_uses_the_figure_pattern() -> None:
    targets = json_schema("area")["properties"]["targets"]["anyOf"][0]  # or null: not given
    assert figure_pattern() in _patterns(targets["items"]["properties"]["target"])
    for form in FORMS:
        assert re.fullmatch(figure_pattern(), form.text), form.text


# --- through the command line and into the PDF ----------------------------------------------------------------

FORMERLY_REJECTED = [
    ("地区生产总值", '"%"', "按可比口径增长6%左右"),
    ("居民消费价格", '"%"', "控制在3%以内"),
    ("粮食播种面积", "万亩", "稳定在7万亩以上"),
    ("城镇新增就业", "人", "新增2000人"),
    ("固定资产投资", "亿元", "突破15亿元"),
    ("规上工业增加值", '"%"', "增速3%"),
    ("单位GDP能耗", '"%"', "同比下降2%"),
    ("万元GDP能耗", '"%"', "万元GDP能耗下降3.2%"),
    ("城镇调查失业率", '"%"', "下降到5.5%以下"),
    ("新增市场主体", "家", "达到1.2万家"),
    ("带动就业", "人", "1万余人"),
    ("全社会用电量", "亿千瓦时", "2.5亿千瓦时"),
    ("能源消费总量", "万吨标准煤", "控制在50万吨标准煤以内"),
]


def _targets(rows: list[tuple[str, str, str]]) -> str:
    return "targets:\n" + "".join(
        f"  - name: {name}\n    unit: {unit}\n    target: {target}\n" for name, unit, target in rows
    )


def test_validate_accepts_the_qualified_figures_it_used_to_reject(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = write_packet(
        tmp_path / "p", {"01-a.yaml": area_yaml("扩大内需", targets=_targets(FORMERLY_REJECTED))}
    )
    run = cli("validate", str(root))
    assert run.status == 0, run.err
    assert f"{len(FORMERLY_REJECTED)} 项指标" in run.out
    packet = load_and_validate(root)
    assert [str(target.target) for target in packet.targets] == [row[2] for row in FORMERLY_REJECTED]
    assert all(isinstance(target.target, Figure) for target in packet.targets)


@pytest.mark.parametrize(
    ("unit", "target", "message"),
    [
        ("万元", "14000万", "targets[1].target: “14000万”的单位“万”无法识别；是不是“万元”？"),
        ("人", "2千人", "targets[1].target: “2千人”的单位“千人”无法识别；是不是“人”？"),
        (
            "万元GDP能耗",
            "下降3%",
            "targets[1].unit: 单位“万元GDP能耗”无法识别；请改用常用单位，如 人、户、个、万元",
        ),
        ("吨标准", "5吨标准煤", "targets[1].unit: 单位“吨标准”无法识别；是不是“吨标准煤”？"),
        ("人", "20xyz", "targets[1].target: “20xyz”的单位“xyz”无法识别；请改用常用单位"),
    ],
)
def test_validate_suggests_the_unit_the_writer_meant(
    tmp_path: Path, cli, unit: str, target: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    root = write_packet(
        tmp_path / "p", {"01-a.yaml": area_yaml("扩大内需", targets=_targets([("指标", unit, target)]))}
    )
    run = cli("validate", str(root))
    assert run.status == 1
    shown = [line for line in run.err.splitlines() if "targets[1]" in line]
    assert len(shown) == 1 and message in shown[0], run.err
    assert shown[0].startswith("areas/01-a.yaml:")


def test_validate_takes_an_energy_unit(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    rows = [("能源消费总量", "吨标准煤", "控制在5000吨标准煤以内"), ("新增装机", "万千瓦", "10万千瓦")]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("生态环境", targets=_targets(rows))})
    run = cli("validate", str(root))
    assert run.status == 0, run.err


def test_a_table_prints_the_words_after_the_unit(tmp_path: Path) -> None:
    rows = [("引进超亿元投资项目", "个", "力争6个以上"), ("新增市场主体", "户", "2000户以上"),
            ("带动农户", "户", "7500余户"), ("签约项目", "个", "力争6个")]  # fmt: skip
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("扩大内需", targets=_targets(rows))})
    _, rendered = build_pdf(root)
    cells = {row[1]: row[4] for _, table in tables(rendered.pdf) for row in table if len(row) == 6}
    assert cells["引进超亿元投资项目"] == "力争6个以上"  # not 力争6以上
    assert cells["新增市场主体"] == "2000户以上"  # not 2000以上
    assert cells["带动农户"] == "7500余户"  # not 7500余
    assert cells["签约项目"] == "力争6"  # the column says 个; nothing after it
