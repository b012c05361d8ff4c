"""The commands on one packet folder: validate, build (one PDF or numbered copies), init, layouts, schema."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.checks import (
    add_areas_option,
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

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands
    from briefing.pipeline import BuildResult, Options, Summary

EXIT_OK = 0
PACKET_HELP = "材料目录（含 packet.yaml 和 areas/）"
SCHEMA_KINDS = ("area", "packet", "recipients", "layout", "fonts", "mail")  # read.schema.SCHEMA_KINDS


def add_parsers(commands: Commands) -> None:
    """Add validate, build, init, layouts and schema to the CLI's subcommands."""
    validate = commands.add_parser(
        "validate",
        help="校验材料目录，报告所有问题",
        description="校验材料目录中的 packet.yaml 和 areas/*.yaml，一次报告全部问题。",
    )
    validate.add_argument("packet", metavar="目录", help=PACKET_HELP)
    _add_strict(validate)
    validate.set_defaults(run=run_validate)
    _add_build_parser(commands)

    init = commands.add_parser(
        "init", help="新建一份带注释的示例材料", description="在目录中新建 packet.yaml 和 areas/ 示例文件。"
    )
    init.add_argument("packet", metavar="目录", help="要新建的材料目录（须不存在或为空）")
    init.add_argument(
        "--from",
        dest="source",
        metavar="上季度材料",
        help="沿用这份材料的设置、工作领域、指标和项目，为每项预留下一季度的推进情况（保留已有的各季度记录）",
    )
    init.add_argument(
        "--year-end",
        action="store_true",
        help="与 --from 同用：新建下一年的材料，上年目标与最后一次推进情况写成“完成情况”表，本年目标待填",
    )
    init.add_argument(
        "--as-of",
        metavar="日期",
        help="与 --from 同用：新的推进情况截至的日期，如 2023-09-30（默认为下一个季度末）",
    )
    init.set_defaults(run=run_init)

    layouts = commands.add_parser("layouts", help="列出可用的版式", description="列出查找路径上的全部版式。")
    layouts.add_argument("packet", nargs="?", metavar="目录", help="材料目录（其 layouts/ 下的版式也列出）")
    layouts.set_defaults(run=run_layouts)

    schema = commands.add_parser(
        "schema", help="输出 JSON Schema，供编辑器补全和检查", description="输出 JSON Schema。"
    )
    schema.add_argument(
        "kind",
        nargs="?",
        default="area",
        choices=SCHEMA_KINDS,
        metavar="种类",
        help="area（工作领域文件，默认）、packet（packet.yaml）、recipients（收件人名单）、"
        "layout（layout.yaml）、fonts（fonts.yaml）或 mail（mail.yaml）",
    )
    schema.set_defaults(run=run_schema)


def _add_strict(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="把警告（材料多半写错但仍能生成的地方）当作错误：报告后退出状态为 1，不生成文件",
    )


def _add_build_parser(commands: Commands) -> None:
    build = commands.add_parser(
        "build",
        help="校验并生成 PDF",
        description="校验材料并生成 PDF；给出 --recipients 时按收件人生成编号份，-o 为输出目录。",
    )
    build.add_argument("packet", metavar="目录", help=PACKET_HELP)
    build.add_argument(
        "-o", "--output", required=True, metavar="输出", help="输出的 PDF 文件；编号份时为输出目录"
    )
    add_print_options(build)
    add_areas_option(build)
    _add_strict(build)
    build.add_argument(
        "--recipients", metavar="recipients.yaml", help="收件人名单：每人一份编号的 PDF，末页印分送名单"
    )
    build.add_argument(
        "--copy-number", type=int, metavar="份号", help="单份材料的份号（1–999999），印在首页版心左上角"
    )
    # Word output (briefing/word/): chosen by the output's extension or --format.
    build.add_argument(
        "--format",
        choices=("pdf", "docx"),
        help="输出格式：pdf（默认）或 docx（Word 文档，可编辑）；不写时按 -o 的扩展名",
    )
    build.add_argument(
        "--embed-fonts",
        action="store_true",
        help="docx：改用自带字体并嵌入文件（许可允许的），没有公文字体的电脑上也与 PDF 一致",
    )
    build.add_argument(
        "--changes-since",
        metavar="原材料",
        help="在材料末尾附修改对照表：与原材料（目录，或 目录@修订版本）比较的改动",
    )
    build.add_argument(
        "--changes-as",
        choices=("table", "margin", "both"),
        default=None,
        help="与 --changes-since 同用：table 附修改对照表（默认），margin 在改动的段落和表格行旁的页边画竖线，both 两者都有",
    )
    build.set_defaults(run=run_build)


def run_validate(args: argparse.Namespace, console: Console) -> int:
    from briefing.pipeline import load_and_validate, summarize

    # The layout is looked for too, so that validate reports what build would.
    packet = load_and_validate(packet_dir(args.packet), strict=args.strict, check_layout=True)
    for found in packet.warnings:
        console.issue(found)
    console.line(summary_line(summarize(packet), console))
    return EXIT_OK


def summary_line(summary: Summary, console: Console) -> str:
    """What `validate` says of a valid packet: counts, and the listed and declared investment."""
    totals = summary.totals

    def money(amount: Decimal, known: int) -> str:
        from briefing.model.quantities import readable_money

        if not known:
            return "—"
        text = readable_money(amount)
        if known < totals.count:
            text += console.text("cli.validate.partly-given", known=known, count=totals.count)
        return text

    # Projects whose kind the report does not say follow the continued ones: (新建 1、续建 0、性质未明 2).
    unknown = console.text("cli.validate.unknown-kind", count=totals.unknown) if totals.unknown else ""
    line = console.text(
        "cli.validate.summary",
        areas=summary.areas,
        targets=summary.targets,
        projects=summary.projects,
        new=totals.new,
        continued=totals.continued,
        unknown=unknown,
        investment=money(totals.total_investment, totals.known_total),
        this_year=money(totals.annual_investment, totals.known_annual),
    )
    if summary.declared_count is not None or summary.declared_total:
        count, total = summary.declared_count or "—", summary.declared_total or "—"
        line += console.text("cli.validate.declared", count=count, investment=total)
    return line


def output_format(args: argparse.Namespace) -> str:
    """pdf or docx: --format, else the output file's extension (not a folder's); the two must agree."""
    output = Path(args.output)
    by_name = None if args.recipients else {".pdf": "pdf", ".docx": "docx"}.get(output.suffix.lower())
    chosen: str = args.format or by_name or "pdf"
    if by_name and chosen != by_name:
        raise UsageError("cli.format-mismatch", {"format": chosen, "output": output.name})
    if args.embed_fonts and chosen != "docx":
        raise UsageError("cli.embed-fonts-pdf")
    return chosen


def run_build(args: argparse.Namespace, console: Console) -> int:
    import msgspec

    from briefing.cli.diff import changes_since

    options = changes_since(args, print_options(args, output_format(args), args.embed_fonts))
    options = msgspec.structs.replace(options, strict=args.strict)
    root = packet_dir(args.packet)
    if args.recipients:
        return _build_copies(args, root, options, console)
    from briefing.pipeline import build

    output = Path(args.output)
    if not args.output:
        raise UsageError("cli.output-needed")
    if kind(output) == "folder":
        raise UsageError("cli.output-is-folder", {"path": args.output})
    refuse_inputs_as_outputs("-o", [output], root, options)
    if kind(output) in ("", "file"):  # not for -o /dev/stdout
        remove_abandoned(output.parent)
    result = build(root, output, options, warn=console.issue)
    # Written to a pipe or device (-o /dev/stdout | lp), the PDF may be on stdout: report on stderr.
    report = console.out if kind(output) == "file" else console.err
    for line in _build_report(result, options, console):
        print(line, file=report)
    return EXIT_OK


def _build_report(result: BuildResult, options: Options, console: Console) -> list[str]:
    """What a build made: the file, its pages and bytes, and the fonts it had to stand in for."""
    size = f"{result.bytes:,}"
    if options.format == "docx":
        lines = [console.text("word.written", path=result.output, pages=result.pages, bytes=size)]
        if result.not_embedded:
            lines.append(console.text("word.not-embedded", fonts=tuple(result.not_embedded)))
        return lines
    lines = [console.text("cli.build.written", path=result.output, pages=result.pages, size=size)]
    if result.synthetic_bold:
        lines.append(console.text("cli.build.synthetic-bold", styles=tuple(result.synthetic_bold)))
    return lines


def _build_copies(args: argparse.Namespace, root: Path, options: Options, console: Console) -> int:
    from briefing.copies import build_copies

    if args.copy_number is not None:
        raise UsageError("cli.copy-number-with-recipients")
    recipients = existing_file(args.recipients, "cli.what.recipients")
    output = Path(args.output)
    if kind(output) not in ("", "folder"):
        raise UsageError("cli.copies-into-file", {"path": output})
    suffix = f".{options.format}"
    refuse_inputs_as_outputs("-o", copy_paths(recipients, output, suffix), root, options, recipients)
    remove_abandoned(output)
    written = build_copies(root, recipients, output, options, warn=console.issue)
    for path in written:
        console.line(path)
    console.say("cli.build.copies-written", count=len(written), path=output)
    return EXIT_OK


def run_init(args: argparse.Namespace, console: Console) -> int:
    from briefing.starter import write_starter

    target = Path(args.packet)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError("cli.init.not-empty", {"path": target})
    if args.source is not None:
        return _init_from(args, target, console)
    if args.year_end or args.as_of:
        raise UsageError("cli.init.needs-from")
    written = write_starter(target)
    for path in written:
        console.line(path)
    console.say("cli.init.written", path=target)
    return EXIT_OK


def _init_from(args: argparse.Namespace, target: Path, console: Console) -> int:
    """init --from: next quarter's packet (or next year's, --year-end) from an existing one."""
    import datetime as dt

    from briefing.carry.start import start_from

    source = packet_dir(args.source)
    if args.year_end and args.as_of:
        raise UsageError("cli.init.as-of-year-end")
    as_of = None
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError("cli.init.as-of", {"text": args.as_of}) from None
    if target.resolve().is_relative_to(source.resolve()):
        raise UsageError("cli.init.inside-source", {"path": target, "source": source})
    started = start_from(source, target, year_end=args.year_end, as_of=as_of)
    for path in started.files:
        console.line(path)
    to_fill = sum(1 for found in started.warnings if found.code == "progress.to-fill")
    if started.as_of is None:
        console.say("cli.init.year-end-written", path=target, year=started.year)
    else:
        console.say("cli.init.from-written", path=target, date=started.as_of.isoformat(), count=to_fill)
    return EXIT_OK


def run_schema(args: argparse.Namespace, console: Console) -> int:
    import json  # only `schema` writes JSON: not imported for the other commands

    from briefing.read.schema import json_schema

    console.line(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
    return EXIT_OK


def run_layouts(args: argparse.Namespace, console: Console) -> int:
    from briefing.layouts.find import available_layouts

    root = packet_dir(args.packet) if args.packet else None
    for name, folder, description in available_layouts(root):
        console.line(f"{name}\t{description}\t{folder}")
    return EXIT_OK
