"""The argument parser: Chinese help for every command, printed on the stream main() was given."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import run_cli

from briefing.cli.parser import TextShown, build_parser
from briefing.cli.usage import UsageError

COMMANDS = ["validate", "build", "init", "layouts", "schema", "send", "import", "export", "diff"]


def test_every_command_is_listed_with_its_help() -> None:
    shown = build_parser().format_help()
    assert shown.startswith("用法：briefing ")
    for heading in ("命令:", "选项:"):
        assert heading in shown
    for command in COMMANDS:
        line = next((line for line in shown.splitlines() if line.strip().startswith(command + " ")), "")
        assert len(line.split(maxsplit=1)) == 2, f"{command} has no help line"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_goes_to_the_given_stdout_in_chinese(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(command, "--help")
    assert (run.status, run.err) == (0, "")
    assert run.out.startswith(f"用法：briefing {command}")
    assert "选项:" in run.out and "--lang" in run.out and "显示本帮助并退出" in run.out
    assert "usage:" not in run.out and "options:" not in run.out and "positional arguments" not in run.out
    assert capsys.readouterr() == ("", ""), "nothing on the process's own streams"


def test_arguments_and_options_have_chinese_headings() -> None:
    shown = run_cli("build", "--help").out
    arguments, options = shown.index("参数:"), shown.index("选项:")
    assert arguments < shown.index("  目录 ") < options < shown.index("--output 输出")


def test_version_goes_to_the_given_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli("--version")
    assert (run.status, run.out, run.err) == (0, "briefing 0.1.0\n", "")
    assert capsys.readouterr() == ("", "")


def test_no_command_shows_the_help_and_exits_2() -> None:
    run = run_cli()
    assert run.status == 2 and run.err == ""
    assert run.out == build_parser().format_help()


def test_help_names_the_way_past_a_lost_record() -> None:
    run = run_cli("send", "--help")
    assert run.status == 0
    shown = " ".join(run.out.split())
    assert "--assume-sent" in shown and "发送记录中没有的编号份或 .eml 文件" in shown


def test_help_documents_diff_syntax_and_exit_status() -> None:
    run = run_cli("diff", "--help")
    assert run.status == 0
    for words in (
        "目录@修订版本",
        "--git 修订版本 目录",
        "退出状态：0 比较完成（无论有无改动",
        "--json",
        "[-…-]",
    ):
        assert words in run.out
    assert "比较两份材料（目录或 git 修订版本），列出改动" in run_cli("--help").out


def test_the_parser_loads_no_command_engine() -> None:
    """Building the parser (every run does) must not load the diff engine, openpyxl, ReportLab …"""
    code = (
        "import sys, briefing.cli.parser as p; p.build_parser();"
        "heavy = ('briefing.diff.', 'briefing.office.', 'briefing.render', 'openpyxl', 'reportlab', 'yaml',"
        " 'jinja2', 'difflib', 'python_calamine', 'docx');"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_any_other_exit_of_argparse_is_no_system_exit() -> None:
    parser = build_parser()
    with pytest.raises(TextShown) as shown:
        parser.exit(0, "done\n")
    assert shown.value.text == "done\n"
    with pytest.raises(UsageError) as refused:
        parser.exit(2, "something new went wrong")
    assert refused.value.problem("zh") == "命令行有误（something new went wrong）；请用 --help 查看用法"
