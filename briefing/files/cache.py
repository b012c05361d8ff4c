"""Cache folders this user alone can write: checked before anything is read, written atomically."""

from __future__ import annotations

import os
import stat
import struct
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from briefing.errors import Issue, Source


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cache (parsed fonts, compiled templates): <base>/briefing/<kind>, where
    <base> is $BRIEFING_CACHE, else $XDG_CACHE_HOME, else ~/.cache. Deleting it only costs time.

    Raises RuntimeError or KeyError when there is no home folder to put it in.
    """
    base = os.environ.get("BRIEFING_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / kind


class CacheWarning(UserWarning):
    """A cache folder or file that someone else could have written: not read, and rebuilt if it can be.

    Raised through the `warnings` module, so the domain never prints: the CLI shows the first one of a
    run (first_cache_warning) and a library caller sees Python's usual warning.
    """

    def __init__(self, issue: Issue):
        super().__init__(issue.render("en"))
        self.issue = issue


@contextmanager
def first_cache_warning(report: Callable[[Issue], None]) -> Iterator[None]:
    """Within the block, hand the first CacheWarning to `report` and drop the rest (one a run, not one a
    file); other warnings are shown as before."""
    reported = False
    with warnings.catch_warnings():
        warnings.simplefilter("always", CacheWarning)
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
            nonlocal reported
            if not isinstance(message, CacheWarning):
                shown(message, category, filename, lineno, file, line)
            elif not reported:
                reported = True
                report(message.issue)

        warnings.showwarning = show
        yield


# Caches are read by later builds: parsed font tables are trusted for glyph metrics and compiled templates
# are run. So a folder or file is used only when this user alone could have written it: owned by the
# effective user, not writable by group or others, and not a symbolic link (each step is opened with
# O_NOFOLLOW and checked through its descriptor, so nothing can be swapped in between check and use).
_FOLDER = (
    os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
)
_FILE = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
)
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
_OTHERS_ANY = stat.S_IRWXG | stat.S_IRWXO


def _warn(path: Path, code: str, **params: object) -> None:
    warnings.warn(
        CacheWarning(Issue(Source(str(path)), "", code, {"path": str(path), **params})), stacklevel=3
    )


def _trusted(fd: int, path: Path, folder: bool) -> bool:
    """Whether an opened cache folder or file is this user's alone; warn when it is not."""
    info = os.fstat(fd)
    if not (stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)):
        _warn(path, "cache.not-folder" if folder else "cache.not-file")
        return False
    if info.st_uid != os.geteuid():
        _warn(path, "cache.not-owned", owner=info.st_uid)
        return False
    if info.st_mode & _OTHERS_WRITE:
        _warn(path, "cache.writable", mode=f"{stat.S_IMODE(info.st_mode):04o}")
        return False
    if folder and info.st_mode & _OTHERS_ANY:
        # A folder left readable by an older version (0755): ours, so make it private rather than refuse it.
        with suppress(OSError):
            os.fchmod(fd, 0o700)
    return True


def _open_step(parent: int | None, name: str, path: Path, create: bool) -> int | None:
    """Open (or make, 0700) one folder without following a link at its last step; None if absent or
    refused. `name` is relative to the folder open as `parent`, or a whole path when that is None."""
    try:
        return os.open(name, _FOLDER, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            return None
    except OSError:  # a symbolic link (ELOOP) or not a folder (ENOTDIR), or unreadable
        _refused_entry(parent, name, path, folder=True)
        return None
    try:
        os.mkdir(name, 0o700, dir_fd=parent)
    except FileExistsError:  # made by a parallel build since
        pass
    except OSError:
        return None
    return _open_step(parent, name, path, create=False)


def _refused_entry(parent: int | None, name: str, path: Path, folder: bool) -> None:
    """Warn about a folder or file that could not be opened as itself: a link, or the wrong kind."""
    try:
        info = os.lstat(name, dir_fd=parent)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode):
        _warn(path, "cache.symlink")
    elif stat.S_ISDIR(info.st_mode) != folder:
        _warn(path, "cache.not-folder" if folder else "cache.not-file")


def _open_folder(kind: str, create: bool) -> tuple[int, Path] | None:
    """A descriptor of <base>/briefing/<kind> once both of its folders have passed the checks.

    <base> itself is the user's choice ($BRIEFING_CACHE, ~/.cache) and may be shared or reached through
    a link (/tmp, a second disk): what must be the user's own starts at briefing/.
    """
    if not hasattr(os, "geteuid"):  # no owners to check (Windows): no cache rather than an unchecked one
        return None
    try:
        folder = cache_dir(kind)
    except (RuntimeError, KeyError):  # no home folder to keep a cache in
        return None
    if create:
        try:
            folder.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return None
    outer = _open_step(None, str(folder.parent), folder.parent, create)
    if outer is None:
        return None
    try:
        if not _trusted(outer, folder.parent, folder=True):
            return None
        inner = _open_step(outer, kind, folder, create)
    finally:
        os.close(outer)
    if inner is None:
        return None
    if not _trusted(inner, folder, folder=True):
        os.close(inner)
        return None
    return inner, folder


# Each cache file is a header naming its kind, the length and CRC-32 of the data, then the data: a file
# cut short or damaged (a full disk, a crash mid-write) is found here and rebuilt, so no reader ever
# decodes a torn entry. (Tampering is what the ownership checks are for, not the checksum.)
_FRAME = struct.Struct(">QL")


def _header(kind: str) -> bytes:
    return b"briefing " + kind.encode() + b" cache\0"


def read_cached(kind: str, name: str) -> bytes | None:
    """The data of one cache file, or None when absent, unreadable, damaged, or not this user's alone
    (then a CacheWarning); the caller then rebuilds and stores it, which replaces the file."""
    entry = _read_entry(kind, name)
    header = _header(kind)
    start = len(header) + _FRAME.size
    if entry is None or entry[: len(header)] != header or len(entry) < start:
        return None
    length, checksum = _FRAME.unpack_from(entry, len(header))
    data = entry[start:]
    if len(data) != length or zlib.crc32(data) != checksum:
        return None
    return data


def _read_entry(kind: str, name: str) -> bytes | None:
    opened = _open_folder(kind, create=False)
    if opened is None:
        return None
    folder, path = opened
    try:
        try:
            fd = os.open(name, _FILE, dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError:
            _refused_entry(folder, name, path / name, folder=False)
            return None
        try:
            if not _trusted(fd, path / name, folder=False):
                return None
            with os.fdopen(fd, "rb", closefd=False) as stream:
                return stream.read()
        except OSError:
            return None
        finally:
            os.close(fd)
    finally:
        os.close(folder)


def store_in_cache(kind: str, name: str, data: bytes) -> None:
    """Write one cache file (0600) atomically into its checked folder (made 0700); a folder that fails the
    checks, or a read-only or full disk, only costs the next build its time. Temporary files that a
    killed build left in the folder go first."""
    # Written the way every output is (files/atomic.py); loaded only here, since every command imports
    # this module (the CLI's warning hook) and most never write a cache.
    from briefing.files.atomic import remove_abandoned, replace_file

    opened = _open_folder(kind, create=True)
    if opened is None:
        return
    folder, path = opened
    try:
        remove_abandoned(path, dir_fd=folder)
        header = _header(kind) + _FRAME.pack(len(data), zlib.crc32(data))
        replace_file(path, name, (header, data), dir_fd=folder, new_mode=0o600, durable=False)
    except OSError:
        pass
    finally:
        os.close(folder)
