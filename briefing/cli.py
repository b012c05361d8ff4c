"""Command line: parse arguments, call the pipeline, print issues, choose the exit code (the only exit)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from briefing import __version__
from briefing.errors import BriefingError
from briefing.files.cache import first_cache_warning
from briefing.messages.catalogue import language

if TYPE_CHECKING:
    from briefing.pipeline import Options

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_READER_GONE = 141  # 128 + SIGPIPE: what a Unix tool reports when the reader of its output quits

_ARGPARSE_ZH = (
    ("the following arguments are required: ", "缺少参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选项："),
    ("expected one argument", "需要一个参数值"),
    ("choose from ", "可选："),
    ("argument ", "参数 "),
)


class UsageError(Exception):
    """Bad command line: exit status 2. Carries the message in Chinese and in English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def render(self, lang: str) -> str:
        if lang == "en":
            return f"briefing: usage error: {self.en}\nrun briefing --help for usage"
        return f"briefing: 用法错误：{self.zh}\n运行 briefing --help 查看用法"


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised wherever the program is (as Ctrl-C raises KeyboardInterrupt), so that a
    write in progress removes its temporary file and `send` records an interrupted message as it does
    for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings, and errors raised instead of exiting from deep inside."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
        # Accepted before or after the command; SUPPRESS keeps a subcommand from resetting it.
        self.add_argument(
            "--lang",
            choices=("zh", "en"),
            default=argparse.SUPPRESS,
            help="错误信息的语言（默认中文；也可设环境变量 BRIEFING_LANG=en）",
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        chinese = message
        for english, translated in _ARGPARSE_ZH:
            chinese = chinese.replace(english, translated)
        command = self.prog.removeprefix("briefing").strip()
        where_zh = f"（{command} 命令）" if command else ""
        where_en = f" (command {command})" if command else ""
        raise UsageError(chinese + where_zh, message + where_en)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, prefix="用法：")


def _add_print_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layout",
        metavar="版式",
        help="版式名称（如 gbt9704、briefing）或版式目录；覆盖 packet.yaml 中的 layout",
    )
    parser.add_argument(
        "--duplex",
        action="store_true",
        help="双面印刷：每个工作领域从单数页（右页）开始，插入的空白页不印页码",
    )
    parser.add_argument(
        "--draft",
        metavar="文字",
        help="稿本水印，如 征求意见稿；覆盖 packet.yaml 中的 draft（写空字符串则不印）",
    )


def _add_word_options(parser: argparse.ArgumentParser) -> None:
    """Word output (briefing/word/): chosen by the output's extension or --format."""
    parser.add_argument(
        "--format",
        choices=("pdf", "docx"),
        help="输出格式：pdf（默认）或 docx（Word 文档，可编辑）；不写时按 -o 的扩展名",
    )
    parser.add_argument(
        "--embed-fonts",
        action="store_true",
        help="docx：改用自带字体并嵌入文件（许可允许的），没有公文字体的电脑上也与 PDF 一致",
    )


def _output_format(args: argparse.Namespace, output: Path, folder: bool) -> str:
    """pdf or docx: --format, else the output file's extension; the two must agree."""
    suffix = "" if folder else output.suffix.lower()
    by_name = {".pdf": "pdf", ".docx": "docx"}.get(suffix)
    chosen = args.format or by_name or "pdf"
    if by_name and chosen != by_name:
        raise UsageError(
            f"--format {chosen} 与输出文件 {output.name} 的扩展名不符；请改扩展名为 .{chosen}，或去掉 --format",
            f"--format {chosen} does not match the output file {output.name}; name it .{chosen} or drop --format",
        )
    if args.embed_fonts and chosen != "docx":
        raise UsageError(
            "--embed-fonts 只用于 Word 输出（-o 文件.docx 或 --format docx）；PDF 总是嵌入所用字体",
            "--embed-fonts is for Word output only (-o file.docx or --format docx); a PDF always embeds its fonts",
        )
    return chosen


def _parser() -> _Parser:
    parser = _Parser(
        prog="briefing",
        description="把各部门的 YAML 工作领域文件排成可打印、可发送的 PDF 汇报材料。",
        epilog="示例：\n  briefing validate data/dongchang-2023\n  briefing build data/dongchang-2023 -o 汇报材料.pdf\n"
        "\n错误信息语言：--lang en 或环境变量 BRIEFING_LANG=en 改为英文。",
    )
    parser.add_argument(
        "--version", action="version", version=f"briefing {__version__}", help="显示版本号并退出"
    )
    commands = parser.add_subparsers(
        dest="command", title="命令", metavar="命令", parser_class=_Parser, prog="briefing"
    )

    validate = commands.add_parser(
        "validate",
        help="校验材料目录，报告所有问题",
        description="校验材料目录中的 packet.yaml 和 areas/*.yaml，一次报告全部问题。",
    )
    validate.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")

    build = commands.add_parser(
        "build",
        help="校验并生成 PDF",
        description="校验材料并生成 PDF；给出 --recipients 时按收件人生成编号份，-o 为输出目录。",
    )
    build.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")
    build.add_argument(
        "-o", "--output", required=True, metavar="输出", help="输出的 PDF 文件；编号份时为输出目录"
    )
    _add_print_options(build)
    build.add_argument(
        "--recipients", metavar="recipients.yaml", help="收件人名单：每人一份编号的 PDF，末页印分送名单"
    )
    build.add_argument(
        "--copy-number", type=int, metavar="份号", help="单份材料的份号（1–999999），印在首页版心左上角"
    )
    _add_word_options(build)

    init = commands.add_parser(
        "init", help="新建一份带注释的示例材料", description="在目录中新建 packet.yaml 和 areas/ 示例文件。"
    )
    init.add_argument("packet", metavar="目录", help="要新建的材料目录（须不存在或为空）")

    layouts = commands.add_parser("layouts", help="列出可用的版式", description="列出查找路径上的全部版式。")
    layouts.add_argument("packet", nargs="?", metavar="目录", help="材料目录（其 layouts/ 下的版式也列出）")

    schema = commands.add_parser(
        "schema", help="输出 JSON Schema，供编辑器补全和检查", description="输出 JSON Schema。"
    )
    schema.add_argument(
        "kind",
        nargs="?",
        default="area",
        choices=("area", "packet"),
        metavar="种类",
        help="area（工作领域文件，默认）或 packet（packet.yaml）",
    )
    _add_send_parser(commands)
    from briefing.office.commands import add_parsers as add_office_parsers  # import, export

    add_office_parsers(commands)
    from briefing.diff.commands import add_parser as add_diff_parser  # diff

    add_diff_parser(commands)
    return parser


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A command allocates a few hundred thousand short-lived objects and ends: scanning them for cycles
    as they pile up took 7 % of a build and saves no memory worth having (peak RSS is the same)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run one command; returns the exit status (0 ok, 1 bad input, 2 bad usage)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = language(_peek_lang(args_list))
    try:
        args = _parser().parse_args(args_list)
    except UsageError as exc:
        print(exc.render(lang), file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version print and stop here
        return int(exc.code or 0)
    lang = language(getattr(args, "lang", None))
    if args.command is None:
        _parser().print_help(out)
        return EXIT_USAGE
    try:
        with _no_cycle_collection(), first_cache_warning(lambda found: print(found.render(lang), file=err)):
            return _COMMANDS[args.command](args, out, err, lang)
    except UsageError as exc:
        print(exc.render(lang), file=err)
        return EXIT_USAGE
    except BriefingError as exc:
        _print_issues(exc, err, lang)
        return EXIT_INPUT
    except Terminated as exc:
        print("已终止" if lang == "zh" else "terminated", file=err)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("已中断" if lang == "zh" else "interrupted", file=err)
        return 130
    except BrokenPipeError:
        # Whoever read our standard output (`briefing schema area | head`) went away: stop quietly with
        # the status a Unix tool gets from SIGPIPE. (A PDF written to a closed pipe is a located delivery
        # error instead, and smtplib turns socket errors into SMTPServerDisconnected.)
        return EXIT_READER_GONE
    except Exception as exc:
        return _internal_error(exc, err, lang)


def _internal_error(exc: BaseException, err: TextIO, lang: str) -> int:
    """A bug, not the user's fault: say so in one line, without a traceback."""
    text = (
        "briefing 内部错误，请把这条信息报告给维护者"
        if lang == "zh"
        else "internal error in briefing, please report"
    )
    print(f"{text}: {type(exc).__name__}: {exc}", file=err)
    return EXIT_INTERNAL


def _peek_lang(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _print_issues(exc: BriefingError, err: TextIO, lang: str) -> None:
    for found in exc.issues:
        print(found.render(lang), file=err)
    count = len(exc.issues)
    print(
        f"共 {count} 个问题，未生成任何文件。"
        if lang == "zh"
        else f"{count} problem(s); nothing was written.",
        file=err,
    )


def _kind(path: Path) -> str:
    """What `path` is: "folder", "file", "other" (a pipe or device), or "" (nothing, or not to be looked at).

    Path.is_dir() raises for a name longer than the system allows, or a folder that cannot be entered.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def _packet_dir(value: str) -> Path:
    path = Path(value)
    if not value.strip() or _kind(path) != "folder":
        raise UsageError(
            f"材料目录“{value}”不存在或不是目录；请给出含 packet.yaml 的目录",
            f"packet folder '{value}' does not exist or is not a folder; give the folder holding packet.yaml",
        )
    return path


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.pipeline import load_and_validate, summarize

    packet = load_and_validate(_packet_dir(args.packet))
    print(_summary_line(summarize(packet), lang), file=out)
    return EXIT_OK


def _summary_line(summary, lang: str) -> str:  # type: ignore[no-untyped-def]
    from briefing.model.quantities import readable_money

    totals = summary.totals

    def money(amount, known: int) -> str:  # type: ignore[no-untyped-def]
        if not known:
            return "—"
        text = readable_money(amount)
        if known < totals.count:
            text += (
                f"（{known}/{totals.count} 个项目列明）"
                if lang == "zh"
                else f" ({known} of {totals.count} given)"
            )
        return text

    total = money(totals.total_investment, totals.known_total)
    annual = money(totals.annual_investment, totals.known_annual)
    if lang == "en":
        line = (
            f"valid: {summary.areas} areas, {summary.targets} targets, {summary.projects} projects "
            f"({totals.new} new, {totals.continued} continued), listed total investment {total}, this year {annual}"
        )
        if summary.declared_count is not None or summary.declared_total:
            line += f"; declared {summary.declared_count or '—'} projects, {summary.declared_total or '—'}"
        return line
    line = (
        f"校验通过：{summary.areas} 个工作领域，{summary.targets} 项指标，{summary.projects} 个重点项目"
        f"（新建 {totals.new}、续建 {totals.continued}），列明总投资 {total}，年度计划投资 {annual}"
    )
    if summary.declared_count is not None or summary.declared_total:
        line += f"；申报 {summary.declared_count or '—'} 个、总投资 {summary.declared_total or '—'}"
    return line


def _options(args: argparse.Namespace) -> Options:
    from briefing.pipeline import Options

    copy_number = getattr(args, "copy_number", None)
    if copy_number is not None and not 1 <= copy_number <= 999_999:
        raise UsageError("--copy-number 应在 1 到 999999 之间", "--copy-number must be from 1 to 999999")
    return Options(layout=args.layout, duplex=args.duplex, draft=args.draft, copy_number=copy_number)


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.pipeline import build, build_copies

    options = _options(args)
    root = _packet_dir(args.packet)
    word = _output_format(args, Path(args.output), bool(args.recipients)) == "docx"
    if word:
        import msgspec

        options = msgspec.structs.replace(options, format="docx", embed_fonts=args.embed_fonts)
    if args.recipients:
        if args.copy_number is not None:
            raise UsageError(
                "--copy-number 与 --recipients 不能同用（编号份的份号来自收件人名单）",
                "--copy-number and --recipients exclude each other (copies take their numbers from the list)",
            )
        recipients = _recipients_file(args.recipients)
        output = Path(args.output)
        if _kind(output) not in ("", "folder"):
            raise UsageError(
                f"编号份要写入目录，而 {output} 是文件",
                f"numbered copies go into a folder, but {output} is a file",
            )
        suffix = ".docx" if word else ".pdf"
        _refuse_inputs_as_outputs("-o", _copy_paths(recipients, output, suffix), root, options, recipients)
        _remove_abandoned(output)
        written = build_copies(root, recipients, output, options)
        for path in written:
            print(path, file=out)
        print(
            f"已生成 {len(written)} 份编号材料，位于 {output}"
            if lang == "zh"
            else f"wrote {len(written)} numbered copies to {output}",
            file=out,
        )
        return EXIT_OK
    output = Path(args.output)
    if not args.output:
        raise UsageError(
            "-o 需要一个 PDF 文件名，如 -o 材料.pdf", "-o needs a PDF file name, e.g. -o packet.pdf"
        )
    if _kind(output) == "folder":
        raise UsageError(
            f"-o 应是 PDF 文件名，而“{args.output}”是目录（只有给了 --recipients，编号份才写入目录）",
            f"-o takes a PDF file name, but '{args.output}' is a folder (only numbered copies, with"
            " --recipients, go into a folder)",
        )
    _refuse_inputs_as_outputs("-o", [output], root, options)
    if _kind(output) in ("", "file"):  # not for -o /dev/stdout
        _remove_abandoned(output.parent)
    result = build(root, output, options)
    # Written to a pipe or device (-o /dev/stdout | lp), the PDF may be on stdout: report on stderr.
    report = out if _kind(output) == "file" else err
    if word:
        _report_word(result, report, lang)
        return EXIT_OK
    if lang == "en":
        print(f"wrote {result.output} ({result.pages} pages, {result.bytes:,} bytes)", file=report)
    else:
        print(f"已生成 {result.output}（{result.pages} 页，{result.bytes:,} 字节）", file=report)
    if result.synthetic_bold:
        styles = ("、" if lang == "zh" else ", ").join(result.synthetic_bold)
        print(
            f"模拟粗体（描边）用于样式：{styles}"
            if lang == "zh"
            else f"synthetic bold (stroked) used in: {styles}",
            file=report,
        )
    return EXIT_OK


_NOT_A_FILE_ZH = {
    "folder": "是目录，不是文件；请给出文件",
    "other": "不是普通文件（是管道或设备）；请给出文件",
}
_NOT_A_FILE_EN = {
    "folder": "is a folder, not a file; give a file",
    "other": "is not a regular file (a pipe or device); give a file",
}


def _recipients_file(value: str) -> Path:
    path = Path(value)
    kind = _kind(path)
    if kind != "file":
        raise UsageError(
            f"收件人名单 {path} {_NOT_A_FILE_ZH.get(kind, '不存在')}",
            f"recipient list {path} {_NOT_A_FILE_EN.get(kind, 'does not exist')}",
        )
    return path


def _copy_paths(recipients: Path, folder: Path, suffix: str = ".pdf") -> list[Path]:
    """Where each numbered copy will go; none when the list has mistakes (the build reports those)."""
    from briefing.pipeline import copy_filename
    from briefing.read.recipients import load_recipients

    try:
        listed = load_recipients(recipients)
    except BriefingError:
        return []
    return [folder / copy_filename(recipient, suffix) for recipient in listed]


_ROLES = {
    "packet": ("材料文件 packet.yaml", "the packet's packet.yaml"),
    "area": ("工作领域文件", "an area file"),
    "layout": ("版式文件", "a layout file"),
    "font": ("字体文件", "a font file"),
    "recipients": ("收件人名单", "the recipient list"),
    "settings": ("发信设置文件", "the mail settings file"),
}


def _refuse_inputs_as_outputs(
    option: str,
    outputs: list[Path],
    root: Path,
    options: Options,
    recipients: Path | None = None,
    *,
    settings: Path | None = None,
    mail: bool = False,
) -> None:
    """Stop before anything is written if an output would overwrite a file the command reads."""
    from briefing.inputs import build_inputs, clash

    inputs = build_inputs(root, options.layout, recipients=recipients, settings=settings, mail=mail)
    found = clash(outputs, inputs)
    if found is None:
        return
    output, used = found
    zh, en = _ROLES[used.role]
    raise UsageError(
        f"{option} 会把输出写到 {output}，而它就是本次要读取的{zh}（{used.path}），写入会毁掉它；"
        "请另选输出位置",
        f"{option} would write {output}, which is {en} this command reads ({used.path}) and would be"
        " destroyed; choose another output",
    )


def _remove_abandoned(folder: Path) -> None:
    """Temporary files that a killed run left in the output folder go before this run writes there."""
    from briefing.files.atomic import remove_abandoned

    remove_abandoned(folder if str(folder) else Path("."))


def _report_word(result, report: TextIO, lang: str) -> None:  # type: ignore[no-untyped-def]
    from briefing.messages.catalogue import render_message

    params = {"path": result.output, "pages": result.pages, "bytes": f"{result.bytes:,}"}
    print(render_message("word.written", params, lang), file=report)
    if result.not_embedded:
        print(render_message("word.not-embedded", {"fonts": result.not_embedded}, lang), file=report)


def _cmd_init(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.starter import write_starter

    target = Path(args.packet)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            f"{target} 已存在且不为空；请换一个新目录",
            f"{target} exists and is not empty; choose a new folder",
        )
    written = write_starter(target)
    for path in written:
        print(path, file=out)
    print(
        "已新建示例材料；编辑后运行 briefing validate " + str(target)
        if lang == "zh"
        else f"starter written; edit it, then run briefing validate {target}",
        file=out,
    )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.read.schema import json_schema

    print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2), file=out)
    return EXIT_OK


def _cmd_layouts(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.layouts.find import available_layouts

    root = _packet_dir(args.packet) if args.packet else None
    for name, folder, description in available_layouts(root):
        print(f"{name}\t{description}\t{folder}", file=out)
    return EXIT_OK


def _add_send_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    send = commands.add_parser(
        "send",
        help="按收件人生成编号份，用电子邮件逐一发送",
        description=(
            "为名单上每位收件人生成编号份（整份材料只排版一次），用 SMTP 逐一发送，每一步都记入输出目录的\n"
            "manifest.json。再次运行同一命令只补发尚未发出的，已发出的不会重发。\n\n"
            "发信设置：--config 指定的文件，否则 $BRIEFING_HOME/mail.yaml 或 ~/.config/briefing/mail.yaml；\n"
            "环境变量 BRIEFING_SMTP_HOST、_PORT、_SECURITY、_USER、_SENDER、_SENDER_NAME、_CAFILE 优先于文件。\n"
            "密码只从环境变量 BRIEFING_SMTP_PASSWORD 或系统钥匙串读取（keyring set briefing-smtp 用户名@服务器）。"
        ),
    )
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
    _add_print_options(send)


def _resend_numbers(values: list[str] | None) -> tuple[int, ...]:
    numbers = []
    for value in values or []:
        for part in value.replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 999_999:
                raise UsageError(
                    f"--resend 的份号“{part}”应为 1 到 999999 之间的整数，如 --resend 3",
                    f"--resend takes copy numbers from 1 to 999999, e.g. --resend 3 (not '{part}')",
                )
            numbers.append(int(part))
    return tuple(numbers)


_SEND_ORDER = ("sent", "failed", "sending", "dry-run", "skipped", "changed", "uncertain", "not-tried")


def _cmd_send(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.deliver.report import Delivery
    from briefing.messages.catalogue import render_message
    from briefing.send import send

    options = _options(args)
    root = _packet_dir(args.packet)
    recipients = _recipients_file(args.recipients)
    out_dir = Path(args.out) if args.out else root / "sent"
    if _kind(out_dir) not in ("", "folder"):
        raise UsageError(f"输出目录 {out_dir} 是文件", f"the output folder {out_dir} is a file")
    config = Path(args.config) if args.config else None
    if config is not None and (kind := _kind(config)) != "file":
        raise UsageError(
            f"发信设置文件 {config} {_NOT_A_FILE_ZH.get(kind, '不存在')}",
            f"mail settings file {config} {_NOT_A_FILE_EN.get(kind, 'does not exist')}",
        )
    outputs = _copy_paths(recipients, out_dir)
    outputs += [path.with_suffix(".eml") for path in outputs] + [out_dir / "manifest.json"]
    _refuse_inputs_as_outputs("--out", outputs, root, options, recipients, settings=config, mail=True)
    _remove_abandoned(out_dir)

    def status(delivery: Delivery) -> str:
        reply = " ".join(str(part) for part in delivery.reply if part is not None) if delivery.reply else ""
        params = {"reply": reply or "-", "number": delivery.recipient.copy, "path": delivery.file or ""}
        return render_message(f"send.status.{delivery.status.value}", params, lang)

    def who(delivery: Delivery) -> str:
        recipient = delivery.recipient
        return f"{recipient.copy_number} {recipient.name} <{recipient.email}>"

    def progress(index: int, total: int, delivery: Delivery) -> None:
        print(f"[{index}/{total}] {who(delivery)} {status(delivery)}", file=err, flush=True)

    report = send(
        root,
        recipients,
        out_dir,
        config=config,
        options=options,
        dry_run=args.dry_run,
        allow_plain=args.allow_plain,
        resend=_resend_numbers(args.resend),
        assume_sent=args.assume_sent,
        progress=progress,
    )
    separator = "，" if lang == "zh" else ", "
    parts = separator.join(
        render_message(f"send.count.{name}", {"count": count}, lang)
        for name in _SEND_ORDER
        if (count := report.count(name))
    )
    summary = "send.summary.dry-run" if report.dry_run else "send.summary"
    path = report.manifest.parent if report.dry_run else report.manifest
    print(
        render_message(summary, {"total": len(report.deliveries), "parts": parts, "path": path}, lang),
        file=out,
    )
    if report.aborted is not None:
        print(report.aborted.render(lang), file=err)
        print(render_message("send.aborted", {"count": report.count("not-tried")}, lang), file=err)
    colon = "：" if lang == "zh" else ": "
    for heading, statuses in (
        ("send.failed-heading", ("failed",)),
        ("send.attention-heading", ("sending", "changed", "uncertain")),
    ):
        listed = [d for d in report.deliveries if d.status in statuses]
        if listed:
            print(render_message(heading, {}, lang), file=err)
            for delivery in listed:
                print(f"  {who(delivery)}{colon}{status(delivery)}", file=err)
    for copy, name, email in report.removed:
        print(render_message("send.removed", {"copy": copy, "name": name, "email": email}, lang), file=err)
    return EXIT_OK if report.ok else EXIT_INPUT


def _cmd_office(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.office.commands import COMMANDS  # import, export: openpyxl and friends load only here

    return COMMANDS[args.command](args, out, err, lang)


def _cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.diff.commands import cmd_diff

    return cmd_diff(args, out, err, lang)


_COMMANDS = {
    "diff": _cmd_diff,
    "import": _cmd_office,
    "export": _cmd_office,
    "layouts": _cmd_layouts,
    "validate": _cmd_validate,
    "build": _cmd_build,
    "init": _cmd_init,
    "schema": _cmd_schema,
    "send": _cmd_send,
}


def run() -> NoReturn:
    """The console entry point: main(), then end the process without tearing the heap down.

    An interpreter's orderly exit frees every object one by one (the parsed fonts alone are hundreds of
    thousands) and made a tenth of a sample build's CPU time. By then the PDF is written, renamed into
    place and closed, and no command leaves anything for atexit, so only the standard streams need
    flushing.
    """
    gc.disable()  # for good: turning it back on at the end would start a full collection of the heap
    # Killed by the default action, a run would leave its temporary file behind: unwind instead.
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _raise_terminated)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`| head`) or a closed stream: nothing left to say to it.
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
