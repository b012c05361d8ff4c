"""The published JSON Schemas say what `briefing validate` says, wherever JSON Schema can say it.

Each kind's json_schema() is run, as an editor runs it, against the values its read() takes and refuses;
then whole files: every good sample must pass, and every file of the bad-input catalogue must fail the
schema exactly when validate finds an error in it that JSON Schema can express, at the same field.

What JSON Schema cannot express is listed in INEXPRESSIBLE with the reason; validate alone checks it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from packets import area_yaml, write_packet

from briefing.errors import BriefingError, Issue
from briefing.read import dates, figures, kinds
from briefing.read.kinds import Choice
from briefing.read.packet_files import load_packet
from briefing.read.reader import Field, Kind, Reader
from briefing.read.rules import validate_packet
from briefing.read.schema import json_schema
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence, load_file, parse_text
from briefing.starter import write_starter

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE = REPO / "data" / "dongchang-2023"
BAD_INPUTS = REPO / "tests" / "bad_inputs"

# The rules JSON Schema cannot express, by message code, with the reason. Validate checks them alone.
INEXPRESSIBLE = {
    "declared.count-mismatch": "arithmetic over the rows: a count of list items against a number",
    "declared.kind-count-unknown": "arithmetic over the rows: counts by kind against numbers",
    "declared.sum-mismatch": "arithmetic over the rows: a sum of amounts in mixed units against a total",
    "declared.incomplete-rows": "depends on how many rows give the amount",
    "money.annual-above-total": "compares two amounts, in different units, of one row",
    "indicator.duplicate": "uniqueness of one property across the rows (uniqueItems compares whole rows)",
    "project.duplicate": "uniqueness of one property across the rows, and across files",
    "figure.wrong-unit": "the row's unit decides which units its values may use: one if/then per unit, "
    "over a hundred of them, too large for an editor to load",
    "figure.change-unit": "as figure.wrong-unit: a change in the row's own unit is allowed",
    "load.area-missing": "whether a listed file exists is a question for the file system",
    "load.no-areas": "whether areas/ holds any file is a question for the file system",
    "load.name-too-long": "a name's length in bytes as the file system counts them, not in characters",
    "layout.not-found": "whether a layout exists is a question for the search path",
    "progress.wrong-unit": "as figure.wrong-unit: the row's unit decides the units of the value reached",
    "progress.outside-year": "the year is packet.yaml's, which an area file's schema cannot see",
    "progress.as-of-invalid": "a day that does not exist (2023年9月31日): the pattern checks days 1-31 only",
}
# Values that only a comparison of two numbers, or how a number was written, tells apart.
PERIOD_REVERSED = "a period's start after its end: comparing two numbers"
WRITTEN_AS_DECIMAL = "a whole number written with a point (3.0): JSON has one number, and 3.0 is an integer"


def as_json(node: Node) -> Any:
    """What an editor's YAML language server hands the schema: the same YAML 1.2 core reading."""
    if isinstance(node, Mapping):
        return {key: as_json(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        return [as_json(item) for item in node.items]
    assert isinstance(node, Scalar)
    value = node.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in node.text else float(value)
    return value


def schema_errors(schema: dict[str, Any], data: Any) -> list[jsonschema.ValidationError]:
    return list(jsonschema.Draft202012Validator(schema).iter_errors(data))


# --- each kind, value by value -------------------------------------------------------------------------------

# (kind, YAML values read() takes, YAML values it refuses)
CORPUS: list[tuple[Kind[Any], list[str], list[str]]] = [
    (
        figures.VALUE,
        ["2000人", "２０００人", "2，000万元", "2,000万元", "增长8%左右", "控制在5.5%以内", "力争6个以上",
         "稳定在7万亩以上", "7500余户", "1万余人", "约3000人", "同比下降2%", "按可比口径下降9.3%",
         "不低于全市平均水平", "'与经济发展同步增长'", "{text: 与2022年持平}", "{text: 5}",
         "{level: 113.6亿元, growth: 增长5%}", "{level: 113.6亿元}", "{growth: 提高1个百分点}",
         "{level: null, growth: ''}", "'全市第٢名'"],
        ["全市第2名", "全市第２名", "2000", "true", "[1]", "1e3万元", "2000人们", "{text: null}", "{text: ''}",
         "{text: a, b: c}", "{}", "{level: 增长5%}", "{growth: 5%}", "{level: 5}", "'2000人\\a'",
         "{text: true}", "1" * 16 + "人"],
    ),
    (
        figures.MONEY,
        ["1.5亿元", "５亿元", "2，000万元", "0元", "约5000万元", "9000余万元", "预计1.2亿元"],
        ["100人", "增长5%", "-5万元", "-0元", "5000", "增长5000万元", "true", "1亿圆", "1" * 16 + "元"],
    ),
    (
        dates.YEAR,
        ["2023", "'2023'", "2023年", "'２０２３'", "+2023", "1949", "2200"],
        ["23", "1948", "2201", "true", "'二〇二三'", "'2023年度'"],
    ),
    (
        dates.DATE,
        ["2023-01-10", "2023-1-9", "2023年1月10日", "'2023-01-10'", "2024-02-29", "2000-02-29", "'２０２３-０１-１０'"],
        ["2023.1.10", "2023-02-30", "2023-02-29", "1900-02-29", "20230110", "2023-13-01", "0000-01-01", "2023/1/10"],
    ),
    (
        dates.PERIOD,
        ["2023年", "2022—2024年", "2023", "2023年3月—2023年12月", "2023-3至2024-6", "'2023年'"],
        ["2023年13月", "2023年0月", "foo", "202312", "1800年", "true"],
    ),
    (kinds.TEXT, ["abc", "123", "1.5", "'true'", "'a\\u0007b'", '"\\x85"'], ["true", "[a]", "{a: 1}", '"a\\u0007b"', '"a\\x85"']),
    (kinds.COUNT, ["3", "0"], ["-1", "'3'", "true", "a"]),
    (kinds.UNIT, ["人", "％", "'%'", "万元", "吨标准煤", "' 人 '"], ["foo", "人们", "1"]),
    (kinds.BOOL, ["true", "false"], ["yes", "'true'", "1"]),
    (kinds.PARAGRAPHS, ["a", "[a, b]", "1", "[1, null, '']", "|\n  甲\n\n  乙"], ["true", "[true]", "[a, [b]]", "{a: 1}"]),
    (Choice(("新建", "续建", "未明确")), ["新建", "' 新建 '", "未明确"], ["改建", "[新建]", "1"]),
    # An empty list and names with a folder in them are refused by packet_files (see cases 21 and 23).
    (kinds.AREAS, ["all", "[01-a.yaml, 02-b]"], ["ALL", "[a, a]", "[1]", "5", "[null]"]),
]  # fmt: skip
# Values the kind's schema cannot tell from the others, each with its reason.
CORPUS_EXCEPTIONS = {
    (kinds.COUNT.name, "3.0"): WRITTEN_AS_DECIMAL,
    (dates.YEAR.name, "2023.0"): WRITTEN_AS_DECIMAL,
    (dates.PERIOD.name, "2024—2022年"): PERIOD_REVERSED,
}


def read(kind: Kind[Any], written: str) -> tuple[bool, Any]:
    """Whether the reader takes `written` as a value of `kind` (as an optional field), and its JSON."""
    root, issues = parse_text(f"v: {written}\n", "k.yaml")
    assert root is not None and not issues and isinstance(root, Mapping), issues
    node = root.get("v")
    assert node is not None
    reader = Reader()
    reader.value(node, Field("v", kind, "值", ""), "v")
    return not reader.issues, as_json(node)


CASES = [
    (kind, text, ok)
    for kind, good, bad in CORPUS
    for text, ok in [*((g, True) for g in good), *((b, False) for b in bad)]
]


@pytest.mark.parametrize(("kind", "text", "ok"), CASES, ids=[f"{k.name}-{t}" for k, t, _ in CASES])
def test_each_kind_s_schema_takes_what_its_reader_takes(kind: Kind[Any], text: str, ok: bool) -> None:
    taken, data = read(kind, text)
    assert taken == ok, f"the corpus says {text!r} is {'good' if ok else 'bad'}"
    schema = Field("v", kind, "值", "").json_schema()  # as an optional field: empty allowed
    assert (not schema_errors(schema, data)) == ok


@pytest.mark.parametrize(("key", "reason"), sorted(CORPUS_EXCEPTIONS.items()), ids=lambda x: str(x))
def test_what_a_kind_s_schema_cannot_tell_is_listed_with_its_reason(
    key: tuple[str, str], reason: str
) -> None:
    """These are refused by the reader and taken by the schema; if that ever changes, drop them here."""
    kind = next(kind for kind, _, _ in CORPUS if kind.name == key[0])
    taken, data = read(kind, key[1])
    assert not taken and not schema_errors(Field("v", kind, "值", "").json_schema(), data), reason


@pytest.mark.parametrize("kind", [figures.VALUE, kinds.TEXT, kinds.UNIT, dates.DATE])
def test_empty_is_not_written_for_an_optional_field_and_missing_for_a_required_one(kind: Kind[Any]) -> None:
    for empty in ["null", "~", "''", "'   '", "'\u3000'", ""]:
        taken, data = read(kind, empty)
        assert taken
        assert not schema_errors(Field("v", kind, "值", "").json_schema(), data)
        assert schema_errors(Field("v", kind, "值", "", required=True).json_schema(), data)


# --- whole files ---------------------------------------------------------------------------------------------


def file_kind(path: Path) -> str:
    return "packet" if path.name == "packet.yaml" else "area"


def packet_files(root: Path) -> list[Path]:
    return [root / "packet.yaml", *sorted((root / "areas").glob("*.yaml"))]


def file_errors(path: Path) -> list[jsonschema.ValidationError]:
    document = load_file(path, path.name)
    assert document.root is not None and not document.issues, document.issues
    return schema_errors(json_schema(file_kind(path)), as_json(document.root))


def forms_packet(tmp_path: Path) -> Path:
    """A packet written with every value form the README describes."""
    targets = """\
targets:
  - {name: 地区生产总值, unit: 亿元, last_year: {level: 108.2亿元, growth: 增长1.5%}, target: {level: 113.6亿元, growth: 增长5%}}
  - {name: 城镇新增就业, unit: 人, target: null, note: 报告未给出}
  - {name: 粮食播种面积, unit: 万亩, last_year: 7万亩, target: 稳定在7万亩以上}
  - {name: 居民消费价格, unit: "%", target: 控制在3%以内}
  - {name: 引进项目, unit: 个, target: 力争6个以上}
  - {name: 新增就业, unit: 人, target: 增加2000人}
"""
    projects = [
        {"name": "甲项目", "kind": "未明确", "total_investment": "1.5亿元"},
        {"name": "乙项目", "period": "2023年3月—2024年6月"},
    ]
    area = area_yaml("扩大内需", projects, targets=targets) + "last_year_results: 上年完成。\n"
    review = "title: 上年回顾\nlast_year_results: 只回顾上年。\n"
    return write_packet(tmp_path / "forms", {"01-a.yaml": area, "02-b.yaml": review})


def good_files(tmp_path: Path) -> list[Path]:
    write_starter(tmp_path / "starter")
    accepted = [
        case
        for case in BAD_INPUTS.iterdir()
        if (case / "expected.yaml").is_file() and "accepted" in case.name
    ]
    roots = [SAMPLE, tmp_path / "starter", forms_packet(tmp_path), *sorted(accepted)]
    return [path for root in roots for path in packet_files(root)]


def test_every_good_file_passes_its_schema(tmp_path: Path) -> None:
    files = good_files(tmp_path)
    assert len(files) >= 15
    for path in files:
        validate_packet(load_packet(path.parent if path.name == "packet.yaml" else path.parent.parent))
        assert file_errors(path) == [], path


def validate_issues(root: Path) -> list[Issue]:
    """The errors validate finds in a packet (its warnings are no errors: the schema need not see them)."""
    try:
        validate_packet(load_packet(root))
    except BriefingError as exc:
        return [found for found in exc.issues if not found.is_warning]
    return []


def path_of(field: str) -> list[str | int]:
    """projects[2].kind as a JSON Schema error's path: ['projects', 1, 'kind']."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) - 1 if index else name)
    return parts


def expressible(found: Issue) -> bool:
    """An error JSON Schema can express: not in INEXPRESSIBLE, and not a period the schema's pattern
    takes (one whose start is after its end: PERIOD_REVERSED)."""
    if found.code in INEXPRESSIBLE:
        return False
    if found.code == "period.invalid":
        written = dates.PERIOD.json_schema()["anyOf"][1]["pattern"]
        return not re.search(written, str(found.params.get("text", "")))
    return True


def compatible(ours: list[str | int], theirs: list[str | int]) -> bool:
    """The same field, or one of the records around it (a missing key is an error of its record; a schema
    rule between fields is an error of the record holding both)."""
    shorter = min(len(ours), len(theirs))
    return ours[:shorter] == theirs[:shorter] or ours[:-1] == theirs[: len(ours) - 1]


BAD_CASES = sorted(
    case
    for case in BAD_INPUTS.iterdir()
    if (case / "expected.yaml").is_file() and (case / "packet.yaml").is_file() and "usage" not in case.name
)


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda case: case.name)
def test_each_bad_input_fails_its_schema_where_validate_fails(case: Path) -> None:
    issues = validate_issues(case)
    for path in packet_files(case):
        display = path.relative_to(case).as_posix()
        document = load_file(path, display)
        if document.root is None or document.issues:
            continue  # not YAML the schema could see: encodings, syntax, tags, aliases, duplicate keys …
        ours = [found for found in issues if found.source.file == display and expressible(found)]
        theirs = schema_errors(json_schema(file_kind(path)), as_json(document.root))
        assert bool(ours) == bool(theirs), (
            display,
            [f.render("en") for f in ours],
            [e.message for e in theirs],
        )
        for found in ours:
            assert any(compatible(path_of(found.field), list(error.absolute_path)) for error in theirs), (
                display,
                found.render("en"),
                [(list(error.absolute_path), error.message[:80]) for error in theirs],
            )


def test_the_reasons_are_listed_for_codes_that_exist() -> None:
    from briefing.messages.catalogue import CATALOGUE

    assert set(INEXPRESSIBLE) <= set(CATALOGUE)
