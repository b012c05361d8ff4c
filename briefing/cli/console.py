"""Where a command prints (standard output for results, standard error for problems) and in which language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple, TextIO

from briefing.messages import render_message

if TYPE_CHECKING:
    from briefing.errors import Issue

# A lone surrogate: what Python makes of a file name (or argument) in bytes that are not UTF-8. A stream
# that encodes strictly (a UTF-8 terminal outside the C locale) cannot write one. Compiled by re's cache on
# first use, not at import.
_UNENCODABLE = "[\ud800-\udfff]"


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

    def line(self, text: object) -> None:
        """Data, not a message (a file written, a row of a listing, a report), on standard output as it is,
        but for a name in bytes that are not UTF-8, shown as U+DCxx the way messages show it."""
        print(encodable(str(text)), file=self.out)

    def warn(self, code: str, /, **params: object) -> None:
        """A catalogue message on standard error: what went wrong or needs a decision."""
        print(self.text(code, **params), file=self.err, flush=True)

    def issue(self, found: Issue) -> None:
        """One located problem on standard error (its file name may be one the system gave in bytes)."""
        print(encodable(found.render(self.lang)), file=self.err, flush=True)


def encodable(text: str) -> str:
    """`text` with every lone surrogate written as U+DCxx, so that any UTF-8 stream can take it."""
    return re.sub(_UNENCODABLE, lambda found: f"U+{ord(found[0]):04X}", text)
