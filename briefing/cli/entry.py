"""The entry point: parse the command line, run one command, print its issues and choose the exit status
(the only place that exits)."""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import NoReturn, TextIO

from briefing.cli.console import Console
from briefing.cli.parser import LANGUAGES, Command, TextShown, build_parser
from briefing.cli.usage import UsageError
from briefing.errors import BriefingError, ChoiceError
from briefing.files.cache import first_cache_warning
from briefing.messages import language

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_READER_GONE = 141  # 128 + SIGPIPE: what a Unix tool reports when the reader of its output quits


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised wherever the program is (as Ctrl-C raises KeyboardInterrupt), so that a
    write in progress removes its temporary file and `send` records an interrupted message as it does
    for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


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
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Until the arguments are parsed, --lang is only peeked at: a usage error is told in that language.
    console = Console(stdout or sys.stdout, stderr or sys.stderr, language(_peek_lang(args_list)))
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        print(exc.render(console.lang), file=console.err)
        return EXIT_USAGE
    except TextShown as shown:  # --help, --version
        console.out.write(shown.text)
        return EXIT_OK
    console = console._replace(lang=language(getattr(args, "lang", None)))
    if getattr(args, "run", None) is None:
        console.out.write(parser.format_help())
        return EXIT_USAGE
    return _run(args.run, args, console)


def _run(command: Command, args: argparse.Namespace, console: Console) -> int:
    """One command, with every way it can end turned into an exit status and at most a few lines."""
    try:
        with _no_cycle_collection(), first_cache_warning(console.issue):
            return command(args, console)
    except UsageError as exc:
        print(exc.render(console.lang), file=console.err)
        return EXIT_USAGE
    except ChoiceError as exc:  # --areas naming no area, or several: known only once the packet is read
        print(UsageError(exc.code, exc.params).render(console.lang), file=console.err)
        return EXIT_USAGE
    except BriefingError as exc:
        _print_issues(exc, console)
        return EXIT_INPUT
    except Terminated as exc:
        console.warn("cli.terminated")
        return 128 + exc.signum
    except KeyboardInterrupt:
        console.warn("cli.interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read our standard output (`briefing schema area | head`) went away: stop quietly with
        # the status a Unix tool gets from SIGPIPE. (A PDF written to a closed pipe is a located delivery
        # error instead, and smtplib turns socket errors into SMTPServerDisconnected.)
        return EXIT_READER_GONE
    except Exception as exc:
        # A bug, not the user's fault: say so in one line, without a traceback.
        console.warn("cli.internal", kind=type(exc).__name__, error=exc)
        return EXIT_INTERNAL


def _peek_lang(argv: list[str]) -> str | None:
    """The --lang given, before argparse has read the line; a value it will refuse counts as none given."""
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value: str | None = arg.split("=", 1)[1]
        elif arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def _print_issues(exc: BriefingError, console: Console) -> None:
    for found in exc.issues:
        console.issue(found)
    console.warn("cli.problems", count=len(exc.issues))


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
