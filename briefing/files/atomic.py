"""Atomic file writes, for outputs and cache entries alike: a locked temporary file, then one rename.

No reader ever sees a partial or clobbered file. An interrupted write removes its temporary file; one that
a killed process left behind is removed by the next run that writes there (remove_abandoned).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefing.errors import DeliveryError, Issue, Source, issue

NAME_MAX = 255  # bytes in one file name: ext4, XFS, Btrfs, APFS and NTFS all stop here
# Our temporary files, and only ours: `.<name>.briefing-<16 hex>.part`, beside the file they become.
_TEMPORARY = re.compile(r"\A\..*\.briefing-[0-9a-f]{16}\.part\Z", re.DOTALL)
_TEMPORARY_TAIL = ".briefing-{}.part"
# Without advisory locks (Windows) a temporary file is taken for abandoned only when it is this old.
_ABANDONED_AFTER = 24 * 3600
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename.

    A new file gets the mode the user's umask allows (as any program's would); a file written over keeps
    its mode, so a PDF someone made private stays private. A symbolic link is followed, so the link stays
    and its target gets the new file. A pipe or device (`-o /dev/stdout`, a FIFO) has no old content to
    protect and cannot be renamed over: it is written to directly. Interrupted (an error, Ctrl-C, or
    SIGTERM, which the command line turns into an exception), the temporary file is removed; one left by
    a process killed outright is removed by the next run into that folder (remove_abandoned).
    Raise DeliveryError (located at `path`) if it cannot be written.
    """
    _check_name_lengths(path)
    found = _stat(path)
    if found is not None and not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        _write_stream(path, data)
        return
    path = _followed(path)
    folder = path.parent if str(path.parent) else Path(".")
    _make_folder(folder, path)
    mode = stat.S_IMODE(found.st_mode) & 0o777 if found is not None and stat.S_ISREG(found.st_mode) else None
    try:
        replace_file(folder, path.name, (data,), mode=mode)
    except OSError as exc:
        raise DeliveryError([_failed(path, exc)]) from None


def replace_file(
    folder: Path,
    name: str,
    parts: Sequence[bytes],
    *,
    dir_fd: int | None = None,
    mode: int | None = None,
    new_mode: int = 0o666,
    durable: bool = True,
) -> None:
    """Put the concatenated `parts` in place as `name` in `folder`: written to a locked temporary file
    there, then renamed over `name` in one step; raise OSError, having removed the temporary file.

    With `dir_fd`, names are taken inside that open folder (the cache opens its folders without following
    links and never names them again); `folder` is then only what messages call it. The temporary file
    is created with `new_mode` (the umask applies), then given `mode` if there is one. `durable` fsyncs
    the data before the rename, so a power cut cannot leave an empty file under the name; a cache, whose
    entries carry their own checksum, does without.
    """
    temporary, handle = None, -1
    try:
        with _signals_held():  # a signal between creating the file and noting its name would orphan it
            handle, temporary = _open_temporary(folder, name, dir_fd, new_mode)
        for part in parts:
            view = memoryview(part)
            while view:
                view = view[os.write(handle, view) :]
        if mode is not None:
            _set_mode(handle, _at(folder, temporary, dir_fd), mode)
        if durable:
            os.fsync(handle)
        # Still locked: no clean-up in another process can take the file before it is in place.
        os.replace(
            _at(folder, temporary, dir_fd), _at(folder, name, dir_fd), src_dir_fd=dir_fd, dst_dir_fd=dir_fd
        )
    except BaseException:
        # Whatever stopped the write (a full disk, Ctrl-C, SIGTERM), the half-written file goes with it.
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(_at(folder, temporary, dir_fd), dir_fd=dir_fd)
        raise
    finally:
        if handle >= 0:
            os.close(handle)


def remove_abandoned(folder: Path, *, dir_fd: int | None = None) -> list[Path]:
    """Remove the temporary files of writes into `folder` that died (SIGKILL, power cut); returns them.

    Only files named as replace_file names them, regular, owned by this user and not locked: a live
    writer holds an advisory lock on its temporary file until it is renamed, and the system drops the
    lock when the writer dies. Anything else in the folder is never touched. With `dir_fd`, the folder
    open there is the one cleaned.
    """
    removed: list[Path] = []
    try:
        with os.scandir(folder if dir_fd is None else dir_fd) as listing:
            names = [entry.name for entry in listing if _TEMPORARY.match(entry.name)]
    except OSError:
        return removed  # an unreadable folder: the write itself will say what is wrong
    for name in names:
        with contextlib.suppress(OSError):
            if _remove_if_abandoned(_at(folder, name, dir_fd), dir_fd):
                removed.append(folder / name)
    return removed


def _at(folder: Path, name: str, dir_fd: int | None) -> str:
    """How os calls name a file of the folder: by itself inside an open folder, else by its path."""
    return name if dir_fd is not None else os.path.join(folder, name)


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


def _open_temporary(folder: Path, name: str, dir_fd: int | None, new_mode: int) -> tuple[int, str]:
    """A new file beside `name`, created with `new_mode` so that the umask (and a default ACL) decides,
    and locked so that remove_abandoned in another process leaves it alone. Raise OSError."""
    # The temporary name must fit in NAME_MAX bytes too: only as much of the target's name as fits.
    room = NAME_MAX - 1 - len(_TEMPORARY_TAIL.format("0" * 16))
    stem = os.fsdecode(os.fsencode(name)[:room])
    for _ in range(100):
        temporary = f".{stem}{_TEMPORARY_TAIL.format(os.urandom(8).hex())}"
        try:
            handle = os.open(_at(folder, temporary, dir_fd), _NEW_FILE, new_mode, dir_fd=dir_fd)
        except FileExistsError:
            continue
        if _locked(handle, _at(folder, temporary, dir_fd), dir_fd):
            return handle, temporary
        os.close(handle)  # another run's clean-up took it between creating and locking: take another
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _locked(handle: int, path: str, dir_fd: int | None) -> bool:
    """Lock a new temporary file; False if it was removed before the lock was taken."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return os.fstat(handle).st_nlink > 0
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(path, dir_fd=dir_fd)
        raise


def _set_mode(handle: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, mode)


def _remove_if_abandoned(path: str, dir_fd: int | None) -> bool:
    info = os.lstat(path, dir_fd=dir_fd)
    user = os.geteuid() if hasattr(os, "geteuid") else info.st_uid  # Windows: no owners to compare
    if not stat.S_ISREG(info.st_mode) or info.st_uid != user:
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, and an open file cannot go anyway
        if time.time() - info.st_mtime < _ABANDONED_AFTER:
            return False
        os.unlink(path, dir_fd=dir_fd)
        return True
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags, dir_fd=dir_fd)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a write in progress
        opened, now = os.fstat(handle), os.lstat(path, dir_fd=dir_fd)
        if (opened.st_dev, opened.st_ino) != (now.st_dev, now.st_ino):
            return False  # renamed into place, and the name reused, while we looked
        os.unlink(path, dir_fd=dir_fd)
        return True
    finally:
        os.close(handle)


def _followed(path: Path) -> Path:
    """The target of a symbolic link (checked like any output name), else `path` itself."""
    if not os.path.islink(path):
        return path
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13
        raise DeliveryError([_failed(path, OSError(errno.ELOOP, os.strerror(errno.ELOOP)))]) from None
    _check_name_lengths(target)
    return target


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
