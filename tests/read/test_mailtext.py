"""read/mailtext.py: what a name or address may hold before it goes into a mail header or a file name."""

from __future__ import annotations

import pytest

from briefing.read.mailtext import ADDRESS, CONTROL, ENCODED_WORD, blank, fit_bytes, header_problem


@pytest.mark.parametrize(
    ("texts", "display_name", "problem"),
    [
        (("王明",), True, None),
        (("王明\n",), False, CONTROL),
        (("王明", "王\\u202e明"), True, None),  # only what the escape became counts
        (("王\u202e明",), True, CONTROL),
        (("=?utf-8?b?5Yy66ZW/?=",), False, ENCODED_WORD),
        (("区长 <boss@evil.example>",), True, ADDRESS),
        (("boss@evil.example",), False, None),  # an address is fine where an address is written
        (("区长＜boss＞",), True, ADDRESS),
    ],
)
def test_header_problem(texts: tuple[str, ...], display_name: bool, problem: str | None) -> None:
    assert header_problem(*texts, display_name=display_name) == problem


@pytest.mark.parametrize(
    ("text", "is_blank"), [("\u3000", True), ("\u200b \u3164", True), ("", True), ("王", False)]
)
def test_blank(text: str, is_blank: bool) -> None:
    assert blank(text) is is_blank


def test_fit_bytes_cuts_at_a_character() -> None:
    assert fit_bytes("汉字", 6) == "汉字"
    assert fit_bytes("汉字", 5) == "汉"
    assert fit_bytes("𠀀a", 3) == ""
