"""The send record's journal file: whole lines appended and fsynced one step at a time, read back whole.

A line counts once its newline is on disk. A line torn by a crash (no newline) is left out when reading,
since the step after it never began, and cut off before the next line is written, so that the file stays
a sequence of whole lines.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import DeliveryError, LoadError, Source, issue

_TAIL_CHUNK = 65536


def append_lines(path: Path, data: bytes) -> None:
    """Add whole lines (`data` ends with a newline) at the end of the journal and fsync them, and the
    folder when the file is new; raise DeliveryError (located at `path`) if they cannot be written."""
    try:
        created = not path.exists()
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        _cut_torn_tail(handle)
        written = 0
        while written < len(data):
            written += os.write(handle, data[written:])
        os.fsync(handle)
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        os.close(handle)
    if created:
        sync_folder(path.parent)


def whole_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of every whole, non-blank line, in the order written; nothing if there is no
    journal. Raise LoadError (located) if it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LoadError(
            [issue(Source(str(path)), "", "load.unreadable", reason=exc.strerror or str(exc))]
        ) from None
    whole = data[: data.rfind(b"\n") + 1]
    for number, line in enumerate(whole.split(b"\n")[:-1], start=1):
        if line.strip():
            yield number, line


def remove(path: Path) -> None:
    """Drop the journal (its lines are in manifest.json now); raise DeliveryError if it stays."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise write_error(path, exc) from None


def sync_folder(folder: Path) -> None:
    """Make a file's creation, rename or removal in `folder` durable (not possible on every system)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_error(path: Path, exc: OSError) -> DeliveryError:
    """The located error for a record file that could not be written."""
    return DeliveryError([issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))])


def _cut_torn_tail(handle: int) -> None:
    """A last line without its newline was cut short by a crash: drop it, so the next line starts clean."""
    size = os.fstat(handle).st_size
    if size == 0 or _read_at(handle, size - 1, size) == b"\n":
        return
    end = size
    while end > 0:
        start = max(0, end - _TAIL_CHUNK)
        found = _read_at(handle, start, end).rfind(b"\n")
        if found >= 0:
            os.ftruncate(handle, start + found + 1)
            return
        end = start
    os.ftruncate(handle, 0)


def _read_at(handle: int, start: int, end: int) -> bytes:
    """Bytes start:end of the file. Moving the position is harmless: opened O_APPEND, it writes at the end."""
    os.lseek(handle, start, os.SEEK_SET)
    return os.read(handle, end - start)
