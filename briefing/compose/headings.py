"""The headings and table captions of a plan in order: their keys, and outline levels that never skip one."""

from __future__ import annotations


class Headings:
    """Hands out heading keys (h1, t2 …) and outline levels as the plan is written, front to back.

    A PDF outline cannot go from a level straight to one two deeper (ReportLab refuses, and a reader could
    not show it), so a heading deeper than the one before it is moved up until it is one level deeper.
    """

    def __init__(self) -> None:
        self._count = 0
        self._level = -1  # the level of the last outline entry; -1 before the first

    def key(self, prefix: str) -> str:
        """The next key: every styled line and caption takes a number, so keys run in document order."""
        self._count += 1
        return f"{prefix}{self._count}"

    def level(self, wanted: int | None, toc: bool) -> int | None:
        """The outline level of a heading whose style asks for `wanted` (None: not in the outline)."""
        if wanted is None:
            if toc:  # in the contents only: the renderer outlines it at the top level
                self._level = 0
            return None
        self._level = min(wanted, self._level + 1)
        return self._level
