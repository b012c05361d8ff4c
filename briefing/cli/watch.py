"""briefing watch: build once, then again after every save, until Ctrl-C or SIGTERM (status 0)."""

from __future__ import annotations

import argparse
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.checks import (
    add_areas_option,
    add_print_options,
    kind,
    packet_dir,
    print_options,
    refuse_inputs_as_outputs,
    remove_abandoned,
)
from briefing.cli.usage import UsageError
from briefing.errors import BriefingError, ChoiceError

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands
    from briefing.session import Rebuilt

EXIT_OK = 0
EXIT_INPUT = 1  # the packet folder went away while watched


def add_parser(commands: Commands) -> None:
    """Add `watch` to the CLI's subcommands."""
    watch = commands.add_parser(
        "watch",
        help="保存即重建：材料、版式或字体一改就重新生成 PDF",
        description=(
            "先生成一次 PDF，此后材料目录中的数据文件、版式或字体每保存一次就重新生成，只重读改过的文件。\n"
            "材料有误时列出问题并保留上一版 PDF。按 Ctrl-C（或发送 SIGTERM）停止（退出状态 0）。"
        ),
    )
    watch.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")
    watch.add_argument("-o", "--output", required=True, metavar="输出.pdf", help="生成的 PDF 文件")
    add_print_options(watch)
    add_areas_option(watch)
    watch.set_defaults(run=run_watch)


def run_watch(args: argparse.Namespace, console: Console) -> int:
    from briefing.session import BuildSession
    from briefing.watch import Follower, saves

    root = packet_dir(args.packet)
    output = Path(args.output)
    if output.suffix.lower() != ".pdf" or kind(output) not in ("", "file"):
        raise UsageError("cli.watch.pdf-only", {"path": args.output})
    options = print_options(args)
    refuse_inputs_as_outputs("-o", [output], root, options)
    remove_abandoned(output.parent)
    # The folder as it is now: a link to it pointed elsewhere meanwhile does not move the watch.
    session = BuildSession(root.resolve(), output, options)
    follower = Follower(session, _updated(console), _failed(console, output))
    with _stopped_by_signals() as stop:
        try:
            follower.rebuild(first=True)
            console.say("watch.started", folder=root, path=output)
            console.out.flush()
            if not follower.follow(saves(session)):
                console.warn("watch.folder-gone", folder=root, path=output)
                return EXIT_INPUT
        except KeyboardInterrupt as interrupt:
            if type(interrupt) is not KeyboardInterrupt and not stop.signals:  # SIGHUP: the CLI reports it
                raise
            console.say("watch.stopped")
    return EXIT_OK


class _Stop:
    """The stopping signals that arrived (a KeyboardInterrupt says no more: watchfiles raises a plain one
    for whatever signal interrupted its wait)."""

    def __init__(self) -> None:
        self.signals: list[int] = []

    def __call__(self, signum: int, frame: object) -> None:
        self.signals.append(signum)
        raise KeyboardInterrupt


@contextmanager
def _stopped_by_signals() -> Iterator[_Stop]:
    """Ctrl-C (SIGINT) and SIGTERM each stop watch the same way, wherever they land: a write under way
    removes its temporary file, watch says it stopped and exits 0.

    SIGINT is handled even when it was inherited ignored. A shell starts a background job (`briefing
    watch … &` in a script, an editor's task runner) with SIGINT ignored, and Python then keeps ignoring
    it: Ctrl-C and `kill -INT` did nothing and watch, which has no other end, ran on until killed. The
    handlers the command found are put back when it ends (it may run inside another program's process).
    """
    stop = _Stop()
    previous = []
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            previous.append((number, signal.signal(number, stop)))
    except ValueError:  # not the main thread: signals reach only that one, nothing to stop here
        pass
    try:
        yield stop
    finally:
        for number, handler in previous:
            if handler is not None:  # None: set outside Python, and cannot be put back from it
                signal.signal(number, handler)


def _updated(console: Console) -> Callable[[Rebuilt], None]:
    """What a rebuild that wrote the PDF prints: one line, at once (a pipe would hold it back)."""

    def updated(rebuilt: Rebuilt) -> None:
        result = rebuilt.result
        assert result is not None
        console.say("watch.updated", path=result.output, pages=result.pages, seconds=f"{rebuilt.seconds:.2f}")
        console.out.flush()

    return updated


def _failed(console: Console, output: Path) -> Callable[[BriefingError | ChoiceError], None]:
    """What a rebuild that found problems prints: each problem, then that the PDF stays as it was."""

    def failed(problem: BriefingError | ChoiceError) -> None:
        if isinstance(problem, ChoiceError):
            print(UsageError(problem.code, problem.params).problem(console.lang), file=console.err)
        else:
            for found in problem.issues:
                console.issue(found)
        code = "watch.kept" if kind(output) == "file" else "watch.not-written"
        console.warn(code, path=output)

    return failed
