"""read/text.py: the lines of a paragraph joined the way Chinese is written, paragraphs split at blank lines."""

from __future__ import annotations

import pytest

from briefing.read.text import is_cjk, join_lines, split_paragraphs


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("着力扩大内需，\n推动经济合理增长", "着力扩大内需，推动经济合理增长"),
        ("GDP growth\nof 5%", "GDP growth of 5%"),
        ("完成\n2000人", "完成2000人"),  # a Chinese character on either side: no space
        ("  前有空格  \n\n  后有空格  ", "前有空格后有空格"),
        ("\u3000\n ", ""),
    ],
)
def test_join_lines(text: str, joined: str) -> None:
    assert join_lines(text) == joined


def test_split_paragraphs() -> None:
    assert split_paragraphs("第一段\n续行。\n\n第二段。\r\n  \r\n第三段。") == (
        "第一段续行。",
        "第二段。",
        "第三段。",
    )
    assert split_paragraphs("\n\n") == ()


@pytest.mark.parametrize(
    ("char", "cjk"),
    [("中", True), ("，", True), ("𠀀", True), ("⺀", True), ("a", False), ("1", False), ("\u3000", True)],
)
def test_is_cjk(char: str, cjk: bool) -> None:
    assert is_cjk(char) is cjk
