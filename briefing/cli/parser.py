"""The argument parser: Chinese help, every command's arguments, and usage errors raised, never exited on."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from briefing import __version__
from briefing.cli import diff, office, packet, preview, send, watch
from briefing.cli.usage import argparse_error

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands

Command = Callable[[argparse.Namespace, "Console"], int]
"""What a subcommand runs (set as the `run` default of its parser): returns the exit status."""

LANGUAGES = ("zh", "en")  # the choices of --lang
DESCRIPTION = "把各部门的 YAML 工作领域文件排成可打印、可发送的 PDF 汇报材料。"
EPILOG = (
    "示例：\n  briefing validate data/dongchang-2023\n  briefing build data/dongchang-2023 -o 汇报材料.pdf\n"
    "\n错误信息语言：--lang en 或环境变量 BRIEFING_LANG=en 改为英文。"
)


class TextShown(Exception):
    """--help or --version asked for: the text to print on main()'s standard output, then exit 0."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class Parser(argparse.ArgumentParser):
    """argparse with Chinese headings whose complaints raise UsageError instead of exiting.

    Positional arguments go into a group headed 参数 and options into one headed 选项 (argparse's own
    groups stay empty and so unprinted); -h and --version raise TextShown, so that help goes to the
    stream main() was given, not to sys.stdout.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)
        self.arguments_group = self.add_argument_group("参数")
        self.options_group = self.add_argument_group("选项")
        self.add_argument("-h", "--help", action=_Help, help="显示本帮助并退出")
        # Accepted before or after the command; SUPPRESS keeps a subcommand from resetting it.
        self.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=argparse.SUPPRESS,
            help="错误信息的语言（默认中文；也可设环境变量 BRIEFING_LANG=en）",
        )

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action:
        is_option = bool(name_or_flags) and name_or_flags[0][:1] in self.prefix_chars
        group = self.options_group if is_option else self.arguments_group
        return group.add_argument(*name_or_flags, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise argparse_error(message, self.prog.removeprefix("briefing").strip())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        # argparse ends a run through error() and its help and version actions, all replaced here; any
        # other way a later Python may add ends the same way rather than with SystemExit.
        if status:
            self.error(message or "")
        raise TextShown(message or "")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions kept as written, and the usage line headed 用法：."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：")


class _Shows(argparse.Action):
    """An option that shows a text and ends the run, like argparse's help and version actions."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def text(self, parser: argparse.ArgumentParser) -> str:
        raise NotImplementedError

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> NoReturn:
        raise TextShown(self.text(parser))


class _Help(_Shows):
    """-h, --help: the parser's help."""

    def text(self, parser: argparse.ArgumentParser) -> str:
        return parser.format_help()


class _Version(_Shows):
    """--version: the name and version."""

    def text(self, parser: argparse.ArgumentParser) -> str:
        return f"briefing {__version__}\n"


def build_parser() -> Parser:
    """The `briefing` parser with every command; each command module adds its own arguments."""
    parser = Parser(prog="briefing", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action=_Version, help="显示版本号并退出")
    # Typed as plain ArgumentParsers, what the command modules need of them; each is made a Parser.
    commands: Commands = parser.add_subparsers(
        dest="command", title="命令", metavar="命令", parser_class=Parser, prog="briefing"
    )
    packet.add_parsers(commands)
    watch.add_parser(commands)
    preview.add_parser(commands)
    send.add_parser(commands)
    office.add_parsers(commands)
    diff.add_parser(commands)
    return parser
