"""Delivering outputs: atomic file writes (a failed or interrupted build never leaves a partial or clobbered file)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import DeliveryError, Issue, Source, issue

NAME_MAX = 255  # bytes in one file name: ext4, XFS, Btrfs, APFS and NTFS all stop here
# Our temporary files, and only ours: `.<name>.briefing-<16 hex>.part`, beside the file they become.
_TEMPORARY = re.compile(r"\A\..*\.briefing-[0-9a-f]{16}\.part\Z", re.DOTALL)
_TEMPORARY_TAIL = ".briefing-{}.part"
# Without advisory locks (Windows) a temporary file is taken for abandoned only when it is this old.
_ABANDONED_AFTER = 24 * 3600


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename.

    A new file gets the mode the user's umask allows (as any program's would); a file written over keeps
    its mode, so a PDF someone made private stays private. A symbolic link is followed, so the link stays
    and its target gets the new file. A pipe or device (`-o /dev/stdout`, a FIFO) has no old content to
    protect and cannot be renamed over: it is written to directly. Interrupted (an error, Ctrl-C, or
    SIGTERM, which the command line turns into an exception), the temporary file is removed; one left by
    a process killed outright is removed by the next run into that folder (remove_abandoned).
    """
    _check_name_lengths(path)
    found = _stat(path)
    if found is not None and not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        _write_stream(path, data)
        return
    if os.path.islink(path):
        try:
            path = path.resolve()
        except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13
            raise DeliveryError([_failed(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP)))]) from None
        _check_name_lengths(path)
    folder = path.parent if str(path.parent) else Path(".")
    _make_folder(folder, path)
    mode = stat.S_IMODE(found.st_mode) & 0o777 if found is not None and stat.S_ISREG(found.st_mode) else None
    handle, temporary = -1, None
    try:
        with _signals_held():  # a signal between creating the file and noting its name would orphan it
            handle, temporary = _open_temporary(folder, path)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        if mode is not None:
            _keep_mode(handle, temporary, mode)
        os.fsync(handle)
        os.replace(temporary, path)  # still locked: no clean-up can take the file before it is in place
    except BaseException as exc:
        # Whatever stopped the write (a full disk, Ctrl-C, SIGTERM), the half-written file goes with it.
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise DeliveryError([_failed(path, exc)]) from None
        raise
    finally:
        if handle >= 0:
            os.close(handle)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back for a moment; one that came meanwhile is raised on leaving."""
    block = getattr(signal, "pthread_sigmask", None)
    wanted = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
    if block is None or threading.current_thread() is not threading.main_thread():
        yield  # Windows, or a thread that Python runs no signal handlers in anyway
        return
    previous = block(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def remove_abandoned(folder: Path) -> list[Path]:
    """Remove the temporary files of writes into `folder` that died (SIGKILL, power cut); returns them.

    Only files named as write_atomic names them, regular, owned by this user and not locked: a live
    writer holds an advisory lock on its temporary file until it is renamed, and the system drops the
    lock when the writer dies. Anything else in the folder is never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # an unreadable folder: the write itself will say what is wrong
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            if _remove_if_abandoned(Path(entry.path)):
                removed.append(Path(entry.path))
    return removed


def _keep_mode(handle: int, temporary: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(temporary, mode)


def _remove_if_abandoned(path: Path) -> bool:
    info = os.lstat(path)
    user = os.geteuid() if hasattr(os, "geteuid") else info.st_uid  # Windows: no owners to compare
    if not stat.S_ISREG(info.st_mode) or info.st_uid != user:
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, and an open file cannot go anyway
        if time.time() - info.st_mtime < _ABANDONED_AFTER:
            return False
        os.unlink(path)
        return True
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a write in progress
        opened, now = os.fstat(handle), os.lstat(path)
        if (opened.st_dev, opened.st_ino) != (now.st_dev, now.st_ino):
            return False  # renamed into place, and the name reused, while we looked
        os.unlink(path)
        return True
    finally:
        os.close(handle)


def _open_temporary(folder: Path, path: Path) -> tuple[int, Path]:
    """A new file beside `path`, created with mode 0o666 so that the umask (and a default ACL) decides,
    and locked so that remove_abandoned in another process leaves it alone."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        fcntl = None  # type: ignore[assignment]
    # The temporary name must fit in NAME_MAX bytes too: only as much of the target's name as fits.
    room = NAME_MAX - 1 - len(_TEMPORARY_TAIL.format("0" * 16))
    stem = os.fsdecode(os.fsencode(path.name)[:room])
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = folder / f".{stem}{_TEMPORARY_TAIL.format(secrets.token_hex(8))}"
        try:
            handle = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DeliveryError([_failed(path, exc)]) from None
        if fcntl is None:
            return handle, temporary
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if os.fstat(handle).st_nlink > 0:
                return handle, temporary
        except BaseException:
            os.close(handle)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        os.close(handle)  # another run's clean-up took it between creating and locking: take another
    raise DeliveryError([_failed(path, FileExistsError(17, "no free temporary name"))])


def _check_name_lengths(path: Path) -> None:
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise DeliveryError(
                [issue(Source(str(path)), "", "deliver.name-too-long", bytes=size, most=NAME_MAX)]
            )


def _make_folder(folder: Path, path: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = _first_non_folder(folder)
        if blocking is None:
            raise DeliveryError([_failed(path, exc)]) from None
        raise DeliveryError(
            [issue(Source(str(path)), "", "deliver.not-a-folder", folder=str(blocking))]
        ) from None
    except OSError as exc:
        raise DeliveryError([_failed(path, exc)]) from None


def _first_non_folder(folder: Path) -> Path | None:
    """The part of `folder` that exists but is not a folder (`-o notes.txt/x.pdf`), if one is."""
    for candidate in [*reversed(folder.parents), folder]:
        found = _stat(candidate)
        if found is None:
            return None
        if not stat.S_ISDIR(found.st_mode):
            return candidate
    return None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _failed(path: Path, exc: OSError) -> Issue:
    return issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))


def _write_stream(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise DeliveryError([_failed(path, exc)]) from None
