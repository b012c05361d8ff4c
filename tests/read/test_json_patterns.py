"""read/json_patterns.py: JSON Schema pieces written so that Python's re and ECMA-262 read them alike."""

from __future__ import annotations

import re

import pytest

from briefing.read.json_patterns import (
    BLANK,
    SPACE,
    TEXT_PATTERN,
    ascii_digits,
    choice_schema,
    digit,
    year_pattern,
)


def test_blank_is_what_str_strip_removes() -> None:
    spaces = "".join(chr(point) for point in range(0x10000) if chr(point).isspace())
    assert re.fullmatch(BLANK["pattern"], spaces) and re.fullmatch(f"[{SPACE}]+", spaces)
    assert not re.search(BLANK["pattern"], " a ")
    assert "\\s" not in TEXT_PATTERN and "\\d" not in TEXT_PATTERN  # they differ between re and ECMA-262


@pytest.mark.parametrize(
    ("text", "ok"), [("甲", True), (" 甲 ", True), ("   ", False), ("a\x07", False), ("", False)]
)
def test_text_is_not_blank_and_has_no_control_character(text: str, ok: bool) -> None:
    assert bool(re.search(TEXT_PATTERN, text)) == ok


def test_years_are_listed_digit_by_digit_in_either_width() -> None:
    pattern = f"^{year_pattern(1949, 2200)}$"
    years = [year for year in range(1000, 3000) if re.fullmatch(pattern, str(year))]
    assert years == list(range(1949, 2201))
    assert re.fullmatch(pattern, "２０２３") and re.fullmatch(pattern, "2０2３")
    assert ascii_digits("２０２３年") == "2023年" and digit("48") == "[48４８]"


def test_a_choice_may_have_spaces_around_it() -> None:
    schema = choice_schema(["新建", "续建"])
    assert schema["anyOf"][0] == {"enum": ["新建", "续建"]}
    padded = schema["anyOf"][1]["pattern"]
    assert re.search(padded, "\u3000新建 ") and not re.search(padded, "新建续建")
