"""Checks that skip a regular expression (so that a build need not compile it) answer as the expression does.

Each old pattern is written out here as the specification; every character (or every short string over
the characters that matter) is put to both.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest

from briefing.layouts.word import usable_font_name, usable_style_name
from briefing.messages import printable
from briefing.model.progress import elapsed, month_end
from briefing.read.packet_files import _copy_of
from briefing.read.text import control_char
from briefing.read.yaml_nodes import parse_text
from briefing.render.columns import cjk_latin_joins
from briefing.render.contents import _found_leader_mark, entry_number, leader_mark

# Every BMP character (the patterns' classes are all in the BMP) and a spread of the others.
CHARACTERS = [chr(point) for point in itertools.chain(range(0x10000), range(0x10000, 0x110000, 0x3FF))]

CJK_LATIN = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[\u3400-\u9fff])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
BAD_FONT_NAME = re.compile(r'[,;"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]')
BAD_STYLE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
NUMBER = re.compile(
    r"(?:[一二三四五六七八九十百零〇]+、|（[一二三四五六七八九十百零〇0-9]+）|[0-9]+[.．、]|附件?[0-9]*[：　])"
)
COPY = re.compile(
    r"^(?:(?P<a>.+?)\s*-\s*(?:副本|Copy)(?:\s*[(（]\d+[)）])?"
    r"|(?P<b>.+?)\s*副本\d*|(?P<c>.+?)\s*[(（]\d+[)）]|Copy of (?P<d>.+)|(?P<e>.+?) copy(?: \d+)?)$",
    re.IGNORECASE,
)


def test_control_characters_are_found_as_the_pattern_finds_them() -> None:
    for char in CHARACTERS:
        for text in (char, f"甲\n乙\u3000{char}丙", f"a\t{char}"):
            found = CONTROL.search(text)
            assert control_char(text) == (found[0] if found else None), repr(text)


def test_printable_text_shows_what_the_pattern_replaced() -> None:
    def shown(found: re.Match[str]) -> str:
        return "↵" if found[0] in "\r\n" else f"U+{ord(found[0]):04X}"

    for char in CHARACTERS:
        text = f"甲{char}\u3000乙"
        assert printable(text, None) == UNPRINTABLE.sub(shown, text), repr(text)


def test_word_names_are_refused_as_the_patterns_refused_them() -> None:
    for char in CHARACTERS:
        name = f"仿宋 {char}"
        assert usable_font_name(name) == (BAD_FONT_NAME.search(name) is None), repr(name)
        assert usable_style_name(name) == (BAD_STYLE_NAME.search(name) is None), repr(name)


def test_a_contents_entry_number_is_read_as_the_pattern_read_it() -> None:
    alphabet = ["", *"一十〇（）09.．、附件：\u3000a "]
    for length in range(6):
        for letters in itertools.product(alphabet, repeat=length):
            title = "".join(letters)
            found = NUMBER.match(title)
            assert entry_number(title) == (found.group() if found else None), repr(title)


def test_hanzi_meeting_latin_are_counted_as_the_pattern_counted_them() -> None:
    alphabet = ["中", "\u3400", "\u9fff", "\u33ff", "\ua000", "a", "Z", "0", "%", " ", "，"]
    for length in range(6):
        for letters in itertools.product(alphabet, repeat=length):
            text = "".join(letters)
            assert cjk_latin_joins(text) == len(CJK_LATIN.findall(text)), repr(text)


def test_a_leader_mark_is_found_as_the_pattern_found_it() -> None:
    head = leader_mark("h6", 0.0).rsplit(" ", 1)[0]
    pattern = re.compile(re.escape(head) + r" (-?[0-9.]+)")
    pieces = [f"{head} ", f"{head}2 ", "-", "1", ".", "x", " ", "\n"]
    for letters in itertools.product(pieces, repeat=5):
        stream = "".join(letters)
        found = pattern.search(stream)
        assert _found_leader_mark(stream, "h6") == (found and (found[0], found[1])), repr(stream)


def test_a_copy_of_an_area_file_is_recognised_as_the_pattern_recognised_it() -> None:
    stems = {"甲": ["甲.yaml"], "b": ["b.yaml"]}
    words = ["甲", "b", " ", "-", "副本", "Copy", "COPY", "copy", "of", "(", "（", ")", "）", "2", "K"]
    for length in range(1, 5):
        for letters in itertools.product(words, repeat=length):
            name = "".join(letters) + ".yaml"
            found = COPY.match(name[:-5])
            base = next(group for group in found.groups() if group is not None).strip() if found else ""
            expected = next((other for other in stems.get(base, ()) if other != name), "")
            assert _copy_of(name, stems) == expected, name


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("title: 甲\nprojects:\n \u3000- name: 乙\n", 3, 2),  # a U+3000 after a space in the indentation
        ("title: 甲\n\u3000kind: 乙\n", 2, 1),
    ],
)
def test_a_key_indented_with_a_full_width_space_is_still_reported(text: str, line: int, column: int) -> None:
    root, issues = parse_text(text, "a.yaml")
    assert root is None
    assert [(found.code, found.source.line, found.source.column) for found in issues] == [
        ("load.fullwidth-space", line, column)
    ]


def test_a_full_width_space_inside_text_is_no_indentation() -> None:
    root, issues = parse_text("title: 甲\u3000乙\nsummary: |\n  \u3000\u3000段落\n", "a.yaml")
    assert root is not None
    assert issues == []


def test_month_ends_and_elapsed_shares_are_the_calendar_modules() -> None:
    for year in [*range(1, 30), *range(1890, 2110), 9999, 0, 10000]:
        for month in range(-1, 15):
            try:
                expected: object = dt.date(year, month, calendar.monthrange(year, month)[1])
            except ValueError:
                expected = ValueError
            try:
                got: object = month_end(year, month)
            except ValueError:
                got = ValueError
            assert got == expected, (year, month)
    for year in range(1, 10000):
        day = dt.date(year, 9, 30)
        days = 366 if calendar.isleap(year) else 365
        assert elapsed(day) == Decimal(day.timetuple().tm_yday) / Decimal(days)
