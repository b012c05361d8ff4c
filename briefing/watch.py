"""briefing watch: a build session rebuilt whenever a file it is made from is saved (the only watchfiles user)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError, ChoiceError

if TYPE_CHECKING:
    from briefing.session import BuildSession, Rebuilt

Batch = set[tuple[object, str]]  # what watchfiles yields: (change, path) pairs saved close together
# Saves closer together than STEP_MS are one batch (an editor's write-to-a-temporary-file-then-rename, or a
# burst of saves); a batch is yielded at the latest DEBOUNCE_MS after its first change, even while saves go on.
STEP_MS = 50
DEBOUNCE_MS = 1600
# Our own temporary files (files/atomic.py: `.NAME.briefing-<16 hex>.part`) come and go with every write.
TEMPORARY_PATTERN = r"^\..*\.briefing-[0-9a-f]{16}\.part$"


class Follower:
    """Runs the session once per batch of saves and says what came of each rebuild.

    `updated` hears of every rebuild that wrote the PDF; `failed` of every problem (the PDF then stays as
    it was: it is only ever replaced whole). Batches that only touch the output are not looked at.
    """

    def __init__(
        self,
        session: BuildSession,
        updated: Callable[[Rebuilt], None],
        failed: Callable[[BriefingError | ChoiceError], None],
    ) -> None:
        self.session = session
        self.updated = updated
        self.failed = failed
        self.rebuilds = 0

    def rebuild(self, *, first: bool = False) -> None:
        """One rebuild; problems go to `failed`, anything else (a bug) propagates. In the `first`, a
        ChoiceError propagates too: --areas that name no area are a wrong command line, not a wrong file.

        The rebuild's cyclic garbage is collected once it has been reported. The CLI runs a command with
        the cycle collector off (it pays for a single build, not for a day of saves): without this, every
        rebuild of the sample left 11,000 objects (4 MB) behind for good. Only the youngest generation is
        looked at (a few milliseconds; what the rebuild made is all there), not the fonts and memos kept."""
        self.rebuilds += 1
        try:
            rebuilt = self.session.rebuild()
        except (BriefingError, ChoiceError) as problem:
            if first and isinstance(problem, ChoiceError):
                raise
            self.failed(problem)
        else:
            if rebuilt.result is not None:
                self.updated(rebuilt)
        gc.collect(0)

    def follow(self, batches: Iterable[Batch]) -> bool:
        """Rebuild after every batch that touches something besides the output, until `batches` ends or
        the packet folder is gone; returns whether it is still there (the output is left as last written)."""
        output = str(self.session.output.absolute())
        for batch in batches:
            if not self.session.root.is_dir():  # deleted or moved away: nothing left to build
                return False
            if any(str(Path(path).absolute()) != output for _, path in batch):
                self.rebuild()
        return self.session.root.is_dir()


def saves(session: BuildSession) -> Iterator[Batch]:
    """The batches of saves in the folders `session` reads from, without end (Ctrl-C ends it: watchfiles
    raises KeyboardInterrupt), or until the packet folder is gone (a folder made again in its place is
    another one, whose saves no watch would see). When a rebuild changes those folders (another layout, a
    new fonts folder), the watch starts again on the new ones."""
    import watchfiles

    output = session.output.absolute()
    ignore = watchfiles.DefaultFilter(
        ignore_paths=[output],
        ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, TEMPORARY_PATTERN),
    )
    while True:
        folders = session.watched()
        if session.root not in folders:
            return
        for batch in watchfiles.watch(*folders, watch_filter=ignore, debounce=DEBOUNCE_MS, step=STEP_MS):
            yield {(change, path) for change, path in batch}
            if session.watched() != folders:
                break
