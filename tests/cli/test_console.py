"""The console: catalogue messages in its language, results on standard output and problems on standard error."""

from __future__ import annotations

import io

from briefing.cli.console import Console
from briefing.errors import Issue, Source


def test_messages_go_to_their_stream_in_the_chosen_language() -> None:
    for lang, said, warned in (
        ("zh", "已生成 3 份编号材料，位于 copies\n", "已中断\n"),
        ("en", "wrote 3 numbered copies to copies\n", "interrupted\n"),
    ):
        out, err = io.StringIO(), io.StringIO()
        console = Console(out, err, lang)
        console.say("cli.build.copies-written", count=3, path="copies")
        console.warn("cli.interrupted")
        assert (out.getvalue(), err.getvalue()) == (said, warned)
        assert console.text("cli.build.copies-written", count=3, path="copies") == said.rstrip("\n")


def test_user_text_in_a_message_stays_on_one_line() -> None:
    out = io.StringIO()
    Console(out, io.StringIO(), "zh").say("cli.init.written", path="新\n目录")
    assert out.getvalue() == "已新建示例材料；编辑后运行 briefing validate 新↵目录\n"


def test_names_in_bytes_that_are_not_utf8_are_shown_not_a_failure() -> None:
    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err, "zh")
    console.line("new\udcff/packet.yaml\t说明")
    console.issue(Issue(Source("t\udcff.xlsx:Sheet1!B2"), "", "cli.problems", {"count": 1}))
    assert out.getvalue() == "newU+DCFF/packet.yaml\t说明\n"
    assert err.getvalue() == "tU+DCFF.xlsx:Sheet1!B2: 共 1 个问题，未生成任何文件。\n"
    out.getvalue().encode("utf-8")  # a strict UTF-8 stream can take it
