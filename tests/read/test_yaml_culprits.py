"""read/yaml_culprits.py: the line a person must fix when PyYAML stops at a later one, and what is wrong."""

from __future__ import annotations

import pytest

from briefing.read.yaml_culprits import culprit, wide_indents
from briefing.read.yaml_nodes import parse_text

AREA = """\
title: 扩大内需
summary: |
  　　正确认识当前形势：GDP：增长5%。
  kind：这是正文，不是键
projects:
  - name: 甲项目
    kind: 新建
    total_investment: 5000万元
  - name: 乙项目
    kind: 续建
"""


def first_issue(text: str) -> tuple[int, int, str, dict[str, object]]:
    root, issues = parse_text(text, "a.yaml")
    assert root is None and len(issues) == 1, issues
    found = issues[0]
    return found.source.line, found.source.column, found.code, dict(found.params)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - name: 甲项目", "  - name：甲项目", (6, 9, "load.fullwidth-colon", {"key": "name"})),
        ("title: 扩大内需", "title：扩大内需", (1, 6, "load.fullwidth-colon", {"key": "title"})),
        ("    total_investment: 5000万元", "    total_investment:5000万元",
         (8, 21, "load.colon-space", {"key": "total_investment", "value": "5000万元"})),
        ("  - name: 乙项目", "  -name: 乙项目", (9, 3, "load.dash-space", {"key": "name"})),
        ("    total_investment: 5000万元", "   total_investment: 5000万元",
         (8, 4, "load.indent-less", {"indent": 3, "expected": 4})),
        ("    total_investment: 5000万元", "     total_investment: 5000万元",
         (8, 6, "load.indent-more", {"indent": 5, "expected": 4})),
        ("    kind: 新建", "\u3000\u3000kind: 新建", (7, 1, "load.fullwidth-space", {})),
        ("    kind: 新建", "  \u3000kind: 新建", (7, 3, "load.fullwidth-space", {})),
    ],
)  # fmt: skip
def test_the_line_to_fix_and_why(
    old: str, new: str, expected: tuple[int, int, str, dict[str, object]]
) -> None:
    assert old in AREA
    assert first_issue(AREA.replace(old, new, 1)) == expected


def test_block_text_is_not_mistaken_for_keys() -> None:
    """A paragraph may start with full-width spaces and hold colons of either width."""
    root, issues = parse_text(AREA, "a.yaml")
    assert root is not None and issues == []
    assert wide_indents(AREA) == []


def test_an_outer_level_is_a_good_place_to_go_back_to() -> None:
    text = "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n"
    lines = text.splitlines()
    assert all(culprit(text, number) is None for number in range(1, len(lines) + 1))


def test_a_deeper_key_under_a_key_that_opens_a_block_is_no_culprit() -> None:
    assert culprit("a:\n    b: 1\n", 2) is None


def test_what_is_not_a_known_slip_keeps_pyyaml_s_words() -> None:
    line, _column, code, params = first_issue('a: "x\nb: 1\n')
    assert (line, code) == (1, "load.syntax") and "end of stream" in str(params["problem"])


def test_nothing_to_look_back_at() -> None:
    assert culprit("", 1) is None and culprit("# only a comment\n", 1) is None


@pytest.mark.parametrize(
    "line",
    ["a" + " " * 200_000 + "b", "- a" + " " * 200_000 + "b", "\u3000" * 200_000 + "b", " " * 200_000 + "x"],
    ids=["spaces", "item-spaces", "wide-spaces", "indent"],
)
def test_a_long_hostile_line_is_looked_at_in_linear_time(line: str) -> None:
    """Every line above the error is looked at: a 2 MB line must not make a pattern backtrack (this took
    minutes with a lazy key before ` *:`)."""
    import time

    text = f"items:\n  - x\n{line}\nk: 1\n   j: 2\n"
    started = time.perf_counter()
    culprit(text, text.count("\n"))
    wide_indents(text)
    assert time.perf_counter() - started < 2.0
