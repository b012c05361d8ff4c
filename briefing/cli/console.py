"""Where a command prints (standard output for results, standard error for problems) and in which language."""

from __future__ import annotations

from typing import NamedTuple, TextIO

from briefing.messages import render_message


class Console(NamedTuple):
    """The streams main() was given and the message language; commands print through it alone.

    (A NamedTuple rather than a dataclass: every run makes one, and dataclasses would cost an import.)
    """

    out: TextIO
    err: TextIO
    lang: str

    def text(self, code: str, /, **params: object) -> str:
        """One catalogue message in this console's language."""
        return render_message(code, params, self.lang)

    def say(self, code: str, /, **params: object) -> None:
        """A catalogue message on standard output: what the command made."""
        print(self.text(code, **params), file=self.out)

    def warn(self, code: str, /, **params: object) -> None:
        """A catalogue message on standard error: what went wrong or needs a decision."""
        print(self.text(code, **params), file=self.err, flush=True)
