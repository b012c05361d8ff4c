"""model/punctuation.py: half-width , : ; ( ) standing in Chinese text, found and made full-width."""

from __future__ import annotations

import pytest

from briefing.model.punctuation import full_width, half_width_marks


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("区发改局,区财政局", "区发改局，区财政局"),
        ("目标:增长5%;措施:招商", "目标：增长5%；措施：招商"),
        ("地区生产总值(GDP)增长", "地区生产总值（GDP）增长"),  # a pair beside Chinese: both brackets
        ("(一)加强领导", "（一）加强领导"),  # Chinese inside
        ("“县商务局”,区财政局", "“县商务局”，区财政局"),  # the next character decides
        ("召开会议 , 部署工作", "召开会议 ， 部署工作"),  # spaces between do not hide it
    ],
)
def test_marks_in_chinese_text_are_made_full_width(text: str, printed: str) -> None:
    assert full_width(text) == printed
    assert [text[index] for index in half_width_marks(text)] == [
        char for char, new in zip(text, printed, strict=True) if char != new
    ]


@pytest.mark.parametrize("text", ["10:30", "1,000万元", "ID: A1 (B2)", "a,b;c", "", "（一）已是全角，不变。"])
def test_marks_outside_chinese_text_stay(text: str) -> None:
    assert half_width_marks(text) == [] and full_width(text) == text


def test_an_unpaired_bracket_is_judged_by_its_own_neighbours() -> None:
    assert full_width("见附件(略") == "见附件（略" and full_width("A) 项") == "A） 项"


def test_a_text_of_many_marks_is_looked_at_in_linear_time() -> None:
    """Each mark looks only at its neighbours: 100,000 commas took half a minute when each copied the text."""
    import time

    from briefing.model.punctuation import half_width_marks

    started = time.perf_counter()
    assert len(half_width_marks("中" + "," * 100_000)) == 1  # only the comma beside 中 stands in Chinese
    assert time.perf_counter() - started < 5.0
