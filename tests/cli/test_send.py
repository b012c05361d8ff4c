"""The `send` command's own part: its checks before anything is sent, and the report it prints after."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from briefing.cli.console import Console
from briefing.cli.send import print_report, resend_numbers
from briefing.cli.usage import UsageError
from briefing.deliver.report import Delivery, DeliveryStatus, SendReport
from briefing.errors import Issue, Source
from briefing.read.recipients import Recipient

SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"


def test_resend_takes_copy_numbers() -> None:
    assert resend_numbers(["3", "5,7", "9，11", " 12 , "]) == (3, 5, 7, 9, 11, 12)
    assert resend_numbers(None) == ()
    for wrong in ("x", "0", "1000000", "-3", "3.5"):
        with pytest.raises(UsageError) as caught:
            resend_numbers(["3", wrong])
        assert (
            caught.value.problem("zh")
            == f"--resend 的份号“{wrong}”应为 1 到 999999 之间的整数，如 --resend 3"
        )


def test_resend_of_a_bad_number_is_a_usage_error() -> None:
    run = run_cli("send", str(SAMPLE), "--recipients", str(RECIPIENTS), "--resend", "3,x")
    assert run.status == 2 and "--resend 的份号“x”应为 1 到 999999 之间的整数" in run.err


def test_the_output_folder_and_the_settings_file_are_checked_first(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    common = ["send", str(SAMPLE), "--recipients", str(RECIPIENTS)]
    into_file = run_cli(*common, "--out", str(afile))
    assert into_file.status == 2
    assert f"输出目录 {afile} 是文件；请给出目录（不存在时会新建）" in into_file.err
    settings = run_cli(*common, "--out", str(tmp_path / "out"), "--config", str(tmp_path / "mail.yaml"))
    assert settings.status == 2
    assert f"发信设置文件 {tmp_path / 'mail.yaml'} 不存在；请检查文件名和所在目录" in settings.err
    folder = run_cli(*common, "--out", str(tmp_path / "out"), "--config", str(tmp_path), "--lang", "en")
    assert f"mail settings file {tmp_path} is a folder, not a file; give a file" in folder.err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["afile"], "nothing written"


def _delivery(copy: int, status: str, reply: tuple[int | None, str] | None = None) -> Delivery:
    recipient = Recipient(f"收件人{copy}", None, f"r{copy}@example.gov.cn", copy, Source("名单.yaml", copy))
    return Delivery(recipient, DeliveryStatus(status), reply)


def _report(lang: str, report: SendReport) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    print_report(report, Console(out, err, lang))
    return out.getvalue(), err.getvalue()


def test_the_report_counts_then_lists_what_needs_the_user() -> None:
    report = SendReport(
        Path("sent/manifest.json"),
        (
            _delivery(1, "sent"),
            _delivery(2, "failed", (550, "mailbox unavailable")),
            _delivery(3, "sending"),
            _delivery(4, "sent"),
        ),
        removed=(("000009", "王明", "wm@example.gov.cn"),),
    )
    out, err = _report("zh", report)
    assert out == "共 4 位收件人：已发送 2，失败 1，待确认 1。发送记录：sent/manifest.json\n"
    assert err.splitlines() == [
        "以下收件人未能发送；问题解决后重新运行同一命令，只会补发这些：",
        "  000002 收件人2 <r2@example.gov.cn>：发送失败：550 mailbox unavailable",
        "以下收件人需要您确认，未自动发送：",
        "  000003 收件人3 <r3@example.gov.cn>：邮件已发出，但没有收到服务器的答复（-），可能已经送达；"
        "不会自动重发（确认需要重发请加 --resend 3）",
        "第 000009 号此前已发给 王明 <wm@example.gov.cn>，此人已不在名单中",
    ]
    out, err = _report("en", report)
    assert out == "4 recipients: 2 sent, 1 failed, 1 unconfirmed. Manifest: sent/manifest.json\n"
    assert err.splitlines()[1] == "  000002 收件人2 <r2@example.gov.cn>: failed: 550 mailbox unavailable"


def test_a_dry_run_and_a_stopped_run() -> None:
    stopped = Issue(Source("mail.yaml"), "", "mail.connect", {"host": "smtp.example.gov.cn", "reason": "x"})
    report = SendReport(
        Path("sent/manifest.json"),
        (_delivery(1, "dry-run"), _delivery(2, "not-tried")),
        aborted=stopped,
        dry_run=True,
    )
    out, err = _report("zh", report)
    assert out == "演练：共 2 位收件人：写出邮件 1，未尝试 1，未发送任何邮件。邮件文件与发送记录在 sent\n"
    lines = err.splitlines()
    assert lines[0] == stopped.render("zh")
    assert lines[1:] == ["已停止：余下 1 位收件人未尝试；问题解决后重新运行同一命令即可继续"]
