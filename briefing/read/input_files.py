"""One input file as text: looked at before it is opened, read with a bound, decoded as UTF-8 or its encoding named."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from briefing.errors import Issue, Source, issue

MAX_FILE_BYTES = 2 * 1024 * 1024
NAME_MAX = 255  # bytes in one file name, on every common file system

Problem = tuple[str, Mapping[str, object]]  # a message code and its values


class NotRegular(Exception):
    """What was opened is not a regular file (it was swapped after file_problem looked)."""


def file_problem(path: Path, inside: Path | None = None, folder: str = "") -> Problem | None:
    """Why `path` cannot be read as a YAML file, as a message code and its values; None if it can.

    Nothing is opened (a FIFO would block, a device never end). `inside`: a file reached through a
    symbolic link to a place outside that folder is refused. `folder`: how to name the folder holding
    the file when it is that folder that cannot be entered.
    """
    longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
    if longest > NAME_MAX:
        return "load.name-too-long", {"file": path.name, "bytes": longest, "most": NAME_MAX}
    found = _look_up(path, folder)
    if not isinstance(found, os.stat_result):
        return found
    if inside is not None and not _resolves_inside(path, inside):
        return "load.link-outside", {}
    if stat.S_ISDIR(found.st_mode):
        return "load.is-folder", {}
    if not stat.S_ISREG(found.st_mode):
        return "load.not-a-file", {}
    return None


def _look_up(path: Path, folder: str) -> os.stat_result | Problem:
    """What `path` is, a symbolic link followed; or why it cannot be known."""
    try:
        found = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return "load.missing", {}
    except PermissionError as exc:
        # Looking a name up needs the folder's search permission, not the file's.
        shown = folder or str(path.parent)
        return "load.folder-unreadable", {"folder": shown, "reason": exc.strerror or str(exc)}
    except OSError as exc:
        return "load.unreadable", {"reason": exc.strerror or str(exc)}
    return _follow(path) if stat.S_ISLNK(found.st_mode) else found


def _follow(link: Path) -> os.stat_result | Problem:
    """What a symbolic link leads to, or why nothing."""
    try:
        return os.stat(link)
    except (FileNotFoundError, NotADirectoryError):
        return "load.dangling-link", {}
    except OSError as exc:
        return "load.unreadable", {"reason": exc.strerror or str(exc)}


def _resolves_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, every symbolic link followed, is in `folder` (itself resolved the same way)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13, OSError since
        return False


def read_bounded(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file: a 10 GB file is not read to be refused.

    Opened without blocking, so a FIFO put where the file was cannot hang the run.
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    with os.fdopen(os.open(path, flags), "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise NotRegular
        return stream.read(MAX_FILE_BYTES + 1)


def decode(data: bytes, display: str, issues: list[Issue]) -> str | None:
    """The text of a UTF-8 file (a byte-order mark dropped); None, with the reason in `issues`, otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        issues.append(issue(Source(display, 1, 1), "", "load.encoding", encoding=_sniff_encoding(data)))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _position(data, exc.start)
        source = Source(display, where.line, where.column)
        if _mostly_utf8(data):
            shown = " ".join(f"{byte:02X}" for byte in data[exc.start : exc.end])
            issues.append(issue(source, "", "load.bad-byte", bytes=shown))
        else:
            issues.append(issue(source, "", "load.encoding", encoding=_sniff_encoding(data)))
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: mostly ASCII, so every other byte is zero."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 4 and even < odd // 4:
        return "UTF-16LE"
    if even > len(sample) // 4 and odd < even // 4:
        return "UTF-16BE"
    return None


def _sniff_encoding(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, for the error message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    for name in ("gb18030", "big5", "shift_jis"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return "GBK/GB18030" if name == "gb18030" else name.upper()
    return "latin-1"


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a stray byte or two (a bad paste), rather than a file saved in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good >= 4 * bad


def _position(data: bytes, offset: int) -> Source:
    """Line and column (in characters) of a byte offset in mostly-UTF-8 data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Source("", data[:offset].count(b"\n") + 1, column)
