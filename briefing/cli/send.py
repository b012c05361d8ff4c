"""The `send` command: its arguments, checks of its paths, a line per recipient as it goes, and the report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.checks import (
    add_print_options,
    copy_paths,
    existing_file,
    kind,
    packet_dir,
    print_options,
    refuse_inputs_as_outputs,
    remove_abandoned,
)
from briefing.cli.usage import UsageError
from briefing.messages import joined

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands
    from briefing.deliver.report import Delivery, SendReport

EXIT_OK = 0
EXIT_INPUT = 1

DESCRIPTION = (
    "为名单上每位收件人生成编号份（整份材料只排版一次），用 SMTP 逐一发送，每一步都记入输出目录的\n"
    "manifest.json。再次运行同一命令只补发尚未发出的，已发出的不会重发。\n\n"
    "发信设置：--config 指定的文件，否则 $BRIEFING_HOME/mail.yaml 或 ~/.config/briefing/mail.yaml；\n"
    "环境变量 BRIEFING_SMTP_HOST、_PORT、_SECURITY、_USER、_SENDER、_SENDER_NAME、_CAFILE 优先于文件。\n"
    "密码只从环境变量 BRIEFING_SMTP_PASSWORD 或系统钥匙串读取（keyring set briefing-smtp 用户名@服务器）。"
)
# The order in which the closing summary counts the recipients by what happened to them.
SEND_ORDER = ("sent", "failed", "sending", "dry-run", "skipped", "changed", "uncertain", "not-tried")
# Listed after the summary, under a heading each: what failed, and what waits for the user's decision.
LISTED = (
    ("send.failed-heading", ("failed",)),
    ("send.attention-heading", ("sending", "changed", "uncertain")),
)


def add_parser(commands: Commands) -> None:
    """Add `send` to the CLI's subcommands."""
    send = commands.add_parser("send", help="按收件人生成编号份，用电子邮件逐一发送", description=DESCRIPTION)
    send.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")
    send.add_argument(
        "--recipients", required=True, metavar="recipients.yaml", help="收件人名单（每位收件人须有 email）"
    )
    send.add_argument(
        "--out",
        metavar="输出目录",
        help="编号份、.eml 文件和发送记录 manifest.json 所在目录（默认 目录/sent）",
    )
    send.add_argument("--config", metavar="mail.yaml", help="发信设置文件（不得含密码）")
    send.add_argument("--dry-run", action="store_true", help="演练：每封邮件写成 .eml 文件，不连接服务器")
    send.add_argument(
        "--allow-plain", action="store_true", help="允许不加密的 security: plain（仅用于本机中继）"
    )
    send.add_argument(
        "--resend",
        action="append",
        metavar="份号",
        help="确认重发这一份（已发送过，或上次发送中断的）；可重复，或用逗号分隔，如 --resend 3,5",
    )
    send.add_argument(
        "--assume-sent",
        action="store_true",
        help="输出目录里有发送记录中没有的编号份或 .eml 文件（记录丢失、被清空或被删去几行）时，send 不发任何邮件；"
        "加此项则把这些份记为可能已发出，不重发（确需重发某份再用 --resend）",
    )
    add_print_options(send)
    send.set_defaults(run=run_send)


def resend_numbers(values: list[str] | None) -> tuple[int, ...]:
    """The copy numbers of every --resend: each may list several, as 3,5 (or 3，5)."""
    numbers = []
    for value in values or []:
        for part in value.replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 999_999:
                raise UsageError("cli.send.resend-number", {"value": part})
            numbers.append(int(part))
    return tuple(numbers)


def run_send(args: argparse.Namespace, console: Console) -> int:
    from briefing.send import send

    options = print_options(args)
    root = packet_dir(args.packet)
    recipients = existing_file(args.recipients, "cli.what.recipients")
    out_dir = Path(args.out) if args.out else root / "sent"
    if kind(out_dir) not in ("", "folder"):
        raise UsageError("cli.send.out-is-file", {"path": out_dir})
    config = existing_file(args.config, "cli.what.mail-settings") if args.config else None
    outputs = copy_paths(recipients, out_dir)
    outputs += [path.with_suffix(".eml") for path in outputs] + [out_dir / "manifest.json"]
    refuse_inputs_as_outputs("--out", outputs, root, options, recipients, settings=config, mail=True)
    remove_abandoned(out_dir)

    def progress(index: int, total: int, delivery: Delivery) -> None:
        print(
            f"[{index}/{total}] {_who(delivery)} {_status(delivery, console)}", file=console.err, flush=True
        )

    report = send(
        root,
        recipients,
        out_dir,
        config=config,
        options=options,
        dry_run=args.dry_run,
        allow_plain=args.allow_plain,
        resend=resend_numbers(args.resend),
        assume_sent=args.assume_sent,
        progress=progress,
    )
    print_report(report, console)
    return EXIT_OK if report.ok else EXIT_INPUT


def print_report(report: SendReport, console: Console) -> None:
    """The closing summary on standard output; why the run stopped, and whom it did not reach, on stderr."""
    parts = [
        console.text(f"send.count.{name}", count=count)
        for name in SEND_ORDER
        if (count := report.count(name))
    ]
    summary = "send.summary.dry-run" if report.dry_run else "send.summary"
    path = report.manifest.parent if report.dry_run else report.manifest
    console.say(
        summary, total=len(report.deliveries), parts=joined(parts, console.lang, "clauses"), path=path
    )
    if report.aborted is not None:
        console.issue(report.aborted)
        console.warn("send.aborted", count=report.count("not-tried"))
    for heading, statuses in LISTED:
        _print_listed(
            heading, [delivery for delivery in report.deliveries if delivery.status in statuses], console
        )
    for copy, name, email in report.removed:
        console.warn("send.removed", copy=copy, name=name, email=email)


def _print_listed(heading: str, listed: list[Delivery], console: Console) -> None:
    """Recipients under a heading, each with what happened to them; nothing when there are none."""
    if listed:
        console.warn(heading)
    for delivery in listed:
        row = joined((_who(delivery), _status(delivery, console)), console.lang, "label")
        print(f"  {row}", file=console.err)


def _who(delivery: Delivery) -> str:
    recipient = delivery.recipient
    return f"{recipient.copy_number} {recipient.name} <{recipient.email}>"


def _status(delivery: Delivery, console: Console) -> str:
    """What happened to one recipient, with the server's reply where there was one."""
    reply = " ".join(str(part) for part in delivery.reply if part is not None) if delivery.reply else ""
    return console.text(
        f"send.status.{delivery.status.value}",
        reply=reply or "-",
        number=delivery.recipient.copy,
        path=delivery.file or "",
    )
