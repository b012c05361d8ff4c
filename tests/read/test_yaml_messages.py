"""read/yaml_messages.py: PyYAML's syntax complaints as a user reads them, in Chinese or English."""

from __future__ import annotations

from briefing.errors import Source
from briefing.read.yaml_messages import syntax_issue, syntax_words, unescape
from briefing.read.yaml_nodes import parse_text


def test_known_complaints_are_translated_and_python_quotes_made_curly() -> None:
    problem, context = syntax_words(
        "found character '\\t' that cannot start any token", "while scanning for the next token", "zh"
    )
    assert problem == "这里有制表符（Tab）；YAML 只能用空格" and context == "读取下一项时"
    problem, context = syntax_words(
        "found character '\\t' that cannot start any token", "while scanning for the next token", "en"
    )
    assert problem == "found character “Tab” that cannot start any token"
    assert context == "while scanning for the next token"


def test_an_unknown_complaint_keeps_pyyaml_words() -> None:
    assert syntax_words("found something 'odd'", "while doing 'x'", "zh") == (
        "found something “odd”",
        "while doing 'x'",
    )


def test_escapes_are_named_as_code_points() -> None:
    assert (
        unescape("found '\\ufeff' and '\\x07' and '\\U0001f600'")
        == "found 'U+FEFF' and 'U+0007' and 'U+1F600'"
    )


def test_a_syntax_message_reads_as_a_sentence_in_each_language() -> None:
    _, issues = parse_text("a: b: c\n", "f.yaml")
    assert issues[0].render("zh") == (
        "f.yaml:1:5: YAML 语法错误：此处不能出现“键: 值”（这一行比上一行缩进多，或值里有没加引号的“: ”）；"
        "请检查这一行的缩进、冒号和引号"
    )
    assert (
        issues[0]
        .render("en")
        .startswith("f.yaml:1:5: YAML syntax error: mapping values are not allowed here")
    )
    unclosed = syntax_issue(
        Source("f.yaml", 2, 4), "found unexpected end of stream", "while scanning a quoted scalar"
    )
    assert "文件意外结束（引号或括号没有闭合）（读取带引号的文字时）" in unclosed.render("zh")


def test_a_syntax_issue_carries_pyyaml_words_in_both_languages() -> None:
    found = syntax_issue(
        Source("f.yaml", 3, 1),
        "found character '\\t' that cannot start any token",
        "while scanning for the next token",
    )
    chinese = found.render("zh")
    assert "这里有制表符（Tab）；YAML 只能用空格" in chinese and "读取下一项时" in chinese
    english = found.render("en")
    assert "found character “Tab” that cannot start any token" in english
    assert "(while scanning for the next token)" in english
    assert (
        "something “odd” happened" in syntax_issue(Source("f.yaml"), "something 'odd' happened", "").render()
    )
