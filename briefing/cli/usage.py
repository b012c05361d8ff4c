"""Usage errors (exit status 2): a catalogue message for a command line that cannot run, and argparse's
complaints read into one."""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from briefing.messages import MAX_SHOWN, printable, render_message

if TYPE_CHECKING:
    from typing import TypeAlias

    # What add_subparsers() returns: each command module adds its parsers to it. Declared here, not in
    # parser.py, because parser.py imports the command modules.
    Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Phrase(str):
    """A catalogue code given as a value of another message: shown in that message's language."""

    __slots__ = ()


class UsageError(Exception):
    """Bad command line: exit status 2. A catalogue code and its values; `command` names the subcommand."""

    def __init__(self, code: str, params: Mapping[str, object] | None = None, *, command: str = "") -> None:
        self.code = code
        self.params = dict(params or {})
        self.command = command
        super().__init__(self.problem("en"))

    def problem(self, lang: str) -> str:
        """What is wrong, in one line, without the usage-error heading."""
        values = {
            key: render_message(value, {}, lang) if isinstance(value, Phrase) else value
            for key, value in self.params.items()
        }
        text = render_message(self.code, values, lang)
        if self.command:
            text += render_message("cli.in-command", {"command": self.command}, lang)
        return text

    def render(self, lang: str) -> str:
        """The two lines printed on standard error: the problem, then where to read about usage."""
        heading = render_message("cli.usage", {"problem": self.problem(lang)}, lang)
        return f"{heading}\n{render_message('cli.usage-hint', {}, lang)}"


# argparse's complaints as its messages word them in Python 3.10 to 3.14: which catalogue entry says the
# same, and where the values are. "argument NAME: " before the problem names the argument. Patterns, with
# their flags, compiled by re's cache when a command line is refused (not at import: every run imports this).
_ARGUMENT = r"argument (?P<argument>[^:]+): (?P<problem>.*)"
_COMPLAINTS: tuple[tuple[str, str, int], ...] = (
    ("cli.args.required", r"the following arguments are required: (?P<names>.+)", 0),
    ("cli.args.unknown", r"unrecognized arguments: (?P<names>.+)", re.DOTALL),
    (
        "cli.args.choice",
        r"invalid choice: (?P<value>.+?)(?:, maybe you meant .+?)? \(choose from (?P<choices>.*)\)",
        0,
    ),
    ("cli.args.missing-value", r"expected one argument", 0),
    ("cli.args.count", r"expected .*arguments?", 0),
    ("cli.args.number", r"invalid int value: (?P<value>.+)", re.DOTALL),
    ("cli.args.value", r"invalid \S+ value: (?P<value>.+)", re.DOTALL),
    ("cli.args.no-value", r"ignored explicit argument (?P<value>.+)", re.DOTALL),
    ("cli.args.ambiguous", r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", 0),
)


def argparse_error(message: str, command: str = "") -> UsageError:
    """argparse's English complaint (what ArgumentParser.error receives) as a catalogue usage error.

    Reads the message rather than translating its words, so that Chinese never mixes with leftover
    English; a complaint it does not know is shown whole inside a Chinese sentence (cli.args.other).
    """
    argument = ""
    problem = message.strip()
    named = re.fullmatch(_ARGUMENT, problem, re.DOTALL)
    if named:
        argument, problem = named["argument"], named["problem"]
    for code, pattern, flags in _COMPLAINTS:
        found = re.fullmatch(pattern, problem, flags)
        if found:
            return UsageError(code, {"argument": argument, **_values(found)}, command=command)
    return UsageError("cli.args.other", {"problem": message.strip()}, command=command)


def _values(found: re.Match[str]) -> dict[str, object]:
    """The values of one complaint: quoted Python literals read back, lists of names as tuples."""
    values: dict[str, object] = {}
    for key, text in found.groupdict().items():
        if key in ("names", "choices", "matches"):
            values[key] = tuple(_unquoted(item) for item in text.split(", "))
        else:
            values[key] = _unquoted(text)
    return values


def _unquoted(text: str) -> str:
    """'fr' (argparse shows what was typed with repr) as fr; anything else as it is, cut to a line's length."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        import ast  # only when there is a usage error to show

        with contextlib.suppress(ValueError, SyntaxError):
            text = str(ast.literal_eval(text))
    return printable(text, MAX_SHOWN)
