"""Delivering outputs: atomic file writes (a failed build never leaves a partial or clobbered file)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefing.errors import DeliveryError, Source, issue


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename.

    A symbolic link is followed, so the link stays and its target gets the new file. A pipe or device
    (`-o /dev/stdout`, a FIFO) has no old content to protect and cannot be renamed over: it is written
    to directly.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_stream(path, data)
        return
    if path.is_symlink():
        path = path.resolve()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise DeliveryError(
            [issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))]
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise DeliveryError(
            [issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))]
        ) from None


def _write_stream(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise DeliveryError(
            [issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))]
        ) from None
