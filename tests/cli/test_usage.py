"""Usage errors: argparse's complaints read into catalogue messages that say in Chinese (or English) what
is wrong, on every Python from 3.10 on, and the two lines a usage error prints."""

from __future__ import annotations

import re

import pytest
from conftest import run_cli

from briefing.cli.usage import Phrase, UsageError, argparse_error

# What ArgumentParser.error() receives, as each Python words it. 3.10 to 3.13.0 quote the choices with
# repr; later releases list them plainly, and 3.14 may add a suggestion.
ARGPARSE_SAYS = [
    (
        "the following arguments are required: 目录, -o/--output",
        "缺少参数：目录、-o/--output；请在命令中给出",
        "the following arguments are required: 目录, -o/--output; give them on the command line",
    ),
    (
        "unrecognized arguments: b --bogus",
        "无法识别的参数：b --bogus；请删去，或用 --help 查看可用的参数",
        "unrecognized arguments: b --bogus; remove them, or see --help for the arguments allowed",
    ),
    (
        "argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')",
        "参数 --lang 的值“fr”是无效的选项；可选：zh、en",
        "argument --lang: invalid choice 'fr'; choose from zh, en",
    ),
    (
        "argument --lang: invalid choice: 'fr' (choose from zh, en)",
        "参数 --lang 的值“fr”是无效的选项；可选：zh、en",
        "argument --lang: invalid choice 'fr'; choose from zh, en",
    ),
    (
        "argument 命令: invalid choice: 'biuld', maybe you meant 'build'? (choose from validate, build)",
        "参数 命令 的值“biuld”是无效的选项；可选：validate、build",
        "argument 命令: invalid choice 'biuld'; choose from validate, build",
    ),
    (
        "argument -o/--output: expected one argument",
        "参数 -o/--output 需要一个参数值；请写在它后面",
        "argument -o/--output expected one argument; write its value after it",
    ),
    (
        "argument --copy-number: invalid int value: 'x'",
        "参数 --copy-number 应为整数（如 12），而不是“x”",
        "argument --copy-number must be a whole number (e.g. 12), not 'x'",
    ),
    (
        "argument --duplex: ignored explicit argument 'yes'",
        "选项 --duplex 不带值；请去掉“=yes”",
        "option --duplex takes no value; remove '=yes'",
    ),
    (
        "ambiguous option: --re could match --recipients, --resend",
        "选项 --re 不明确，可能是 --recipients、--resend；请写出完整的选项名",
        "ambiguous option --re: it could be --recipients, --resend; write the option in full",
    ),
    (
        "argument --files: expected at least one argument",
        "参数 --files 后面的值的个数不对；请按 --help 所示写",
        "argument --files: wrong number of values; write them as --help shows",
    ),
    (
        "argument --when: invalid float value: 'soon'",
        "参数 --when 的值“soon”无效；请按 --help 所示写",
        "argument --when: invalid value 'soon'; write it as --help shows",
    ),
    (
        "argument --a: not allowed with argument --b",
        "命令行有误（argument --a: not allowed with argument --b）；请用 --help 查看用法",
        "argument --a: not allowed with argument --b; see --help for usage",
    ),
]


@pytest.mark.parametrize(("said", "zh", "en"), ARGPARSE_SAYS, ids=[case[0][:40] for case in ARGPARSE_SAYS])
def test_argparse_complaints_become_catalogue_messages(said: str, zh: str, en: str) -> None:
    error = argparse_error(said)
    assert error.problem("zh") == zh
    assert error.problem("en") == en


def test_what_was_typed_is_shown_on_one_line_and_cut() -> None:
    error = argparse_error(
        "argument --lang: invalid choice: 'a\\nb\\x07" + "长" * 100 + "' (choose from 'zh', 'en')"
    )
    shown = error.problem("zh")
    assert "\n" not in shown and "a↵bU+0007" in shown and "…" in shown
    assert len(shown) < 120


def test_the_command_is_named_after_the_problem() -> None:
    error = argparse_error("the following arguments are required: 目录", "validate")
    assert error.problem("zh") == "缺少参数：目录；请在命令中给出（validate 命令）"
    assert error.problem("en").endswith("; give them on the command line (command validate)")


def test_a_usage_error_prints_two_lines() -> None:
    error = UsageError("cli.not-a-file.folder", {"what": Phrase("cli.what.recipients"), "path": "名单"})
    assert error.render("zh") == (
        "briefing: 用法错误：收件人名单 名单 是目录，不是文件；请给出文件\n运行 briefing --help 查看用法"
    )
    assert error.render("en") == (
        "briefing: usage error: recipient list 名单 is a folder, not a file; give a file\n"
        "run briefing --help for usage"
    )
    assert str(error) == "recipient list 名单 is a folder, not a file; give a file"


# The five mistakes a user makes most, through the real parser of whichever Python runs the tests.
MISTAKES = [
    (
        ["validate"],
        "缺少参数：目录；请在命令中给出（validate 命令）",
        "the following arguments are required: 目录",
    ),
    (["validate", "a", "b"], "无法识别的参数：b；请删去", "unrecognized arguments: b; remove them"),
    (
        ["--lang", "fr", "validate", "x"],
        "参数 --lang 的值“fr”是无效的选项；可选：zh、en",
        "invalid choice 'fr'",
    ),
    (["check"], "参数 命令 的值“check”是无效的选项；可选：validate、build、init、", "invalid choice 'check'"),
    (
        ["build", "x", "-o"],
        "参数 -o/--output 需要一个参数值；请写在它后面（build 命令）",
        "expected one argument",
    ),
    (
        ["build", "x", "-o", "y", "--copy-number", "十二"],
        "参数 --copy-number 应为整数（如 12），而不是“十二”（build 命令）",
        "--copy-number must be a whole number (e.g. 12), not '十二' (command build)",
    ),
]


@pytest.mark.parametrize(("argv", "zh", "en"), MISTAKES, ids=[" ".join(case[0]) for case in MISTAKES])
def test_usage_mistakes_say_what_is_wrong_in_chinese(
    argv: list[str], zh: str, en: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIEFING_LANG", raising=False)
    run = run_cli(*argv)
    assert (run.status, run.out) == (2, "")
    first, hint = run.err.splitlines()
    assert first.startswith("briefing: 用法错误：") and zh in first, first
    assert hint == "运行 briefing --help 查看用法"
    # Nothing of argparse's English is left in the Chinese line but the names of what was typed.
    assert not re.search(r"\b(argument|required|invalid|choose|expected|unrecognized)\b", first), first


@pytest.mark.parametrize(("argv", "zh", "en"), MISTAKES, ids=[" ".join(case[0]) for case in MISTAKES])
def test_usage_mistakes_in_english(
    argv: list[str], zh: str, en: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_LANG", "en")
    run = run_cli(*argv)
    assert run.status == 2
    first, hint = run.err.splitlines()
    assert first.startswith("briefing: usage error: ") and en in first, first
    assert hint == "run briefing --help for usage"
