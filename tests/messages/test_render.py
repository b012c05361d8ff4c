"""Rendering messages: the language, user text on one line, lists joined as each language lists, values
filled in, and PyYAML's words in Chinese."""

from __future__ import annotations

import pytest

from briefing.messages import MAX_SHOWN, Bilingual, joined, language, printable, render_message
from briefing.messages.catalogue import KINDS


@pytest.mark.parametrize(
    ("explicit", "environment", "chosen"),
    [
        (None, {}, "zh"),
        (None, {"BRIEFING_LANG": "en"}, "en"),
        (None, {"BRIEFING_LANG": "en_GB.UTF-8"}, "en"),
        (None, {"BRIEFING_LANG": "EN"}, "en"),
        (None, {"BRIEFING_LANG": "fr"}, "zh"),
        ("zh", {"BRIEFING_LANG": "en"}, "zh"),
        ("en", {}, "en"),
        ("", {"BRIEFING_LANG": "en"}, "en"),
    ],
)
def test_language(explicit: str | None, environment: dict[str, str], chosen: str) -> None:
    assert language(explicit, environment) == chosen


def test_language_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_LANG", "en")
    assert language() == "en"
    monkeypatch.delenv("BRIEFING_LANG")
    assert language() == "zh"


def test_printable_makes_breaks_and_controls_visible_and_cuts_long_text() -> None:
    assert printable("a\r\nb") == "a↵↵b"
    assert printable("x\x07\u2028\ufeff\ud800") == "xU+0007U+2028U+FEFFU+D800"
    long = "长" * 100
    assert printable(long) == "长" * (MAX_SHOWN - 1) + "…"
    assert printable(long, None) == long
    assert printable("短", 1) == "短"


def test_lists_are_joined_the_way_each_language_lists() -> None:
    assert joined(["甲", "乙"], "zh") == "甲、乙"
    assert joined(["a", 2], "en") == "a, 2"
    assert joined(["甲", "乙"], "zh", "clauses") == "甲，乙"
    assert joined(["a", "b"], "en", "clauses") == "a, b"
    assert joined(["/a", "/b"], "zh", "folders") == "/a；/b"
    assert joined(["/a", "/b"], "en", "folders") == "/a; /b"
    assert joined(["名单", "已发送"], "zh", "label") == "名单：已发送"
    assert joined(["list", "sent"], "en", "label") == "list: sent"
    assert joined([], "zh") == ""


def test_tuple_values_are_lists() -> None:
    params = {"name": "x", "known": ("甲", "乙"), "searched": ("/a", "/b")}
    assert "甲、乙" in render_message("layout.not-found", params, "zh")
    assert "/a；/b" in render_message("layout.not-found", params, "zh")
    english = render_message("layout.not-found", params, "en")
    assert "available: 甲, 乙" in english and "searched: /a; /b" in english


def test_kind_names_are_translated() -> None:
    for kind, (zh, en) in KINDS.items():
        params = {"label": "L", "expected": kind, "found": "mapping" if kind != "mapping" else "list"}
        assert render_message("type.wrong", params, "zh").startswith(f"L应为{zh}，")
        assert render_message("type.wrong", params, "en").startswith(f"L must be {en}, ")


def test_user_text_in_a_message_stays_on_one_line() -> None:
    text = render_message("figure.unreadable", {"label": "L", "text": "a\nb\x07" + "长" * 200}, "zh")
    assert "\n" not in text and "U+0007" in text and "…" in text


def test_only_echoed_values_are_cut() -> None:
    folder = "/" + "深" * 100
    shown = render_message("cli.packet-folder", {"folder": folder}, "zh")
    assert folder in shown, "a path the user gave is shown whole"
    echoed = render_message("field.unknown-no-hint", {"key": "长" * 100}, "zh")
    assert "长" * 100 not in echoed and "…" in echoed


def test_a_missing_value_or_code_shows_as_itself() -> None:
    assert render_message("no.such-code", {}, "zh") == "no.such-code"
    assert (
        render_message("cli.init.written", {}, "en")
        == "starter written; edit it, then run briefing validate {path}"
    )
    assert render_message("cli.problems", {"count": None}, "zh") == "共  个问题，未生成任何文件。"


def test_a_parameter_given_in_both_languages_is_shown_in_the_one_asked_for() -> None:
    params = {
        "problem": Bilingual("这里有制表符", "a tab here"),
        "context": Bilingual("读取下一项时", "while scanning"),
    }
    chinese = render_message("load.syntax", params, "zh")
    assert "这里有制表符（读取下一项时）" in chinese and "tab" not in chinese
    english = render_message("load.syntax", params, "en")
    assert "a tab here (while scanning)" in english and "制表符" not in english
