"""A hang guard for tests of hostile input: a stuck parse becomes a failure, not a stuck run.

Not a speed budget (tests never time what they check; bench/ does, paired): the limit is far above what
the code takes, and is met only by backtracking, an endless loop or a wait that never ends.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int = 60, what: str = "the call") -> Iterator[None]:
    """Fail the test if the block is still running after `seconds` (main thread, POSIX)."""

    def hung(signum: int, frame: object) -> None:
        raise AssertionError(f"{what} did not finish in {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
