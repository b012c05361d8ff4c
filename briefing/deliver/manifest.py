"""The delivery record beside the copies: who got which copy, when, and what the server said.

It is what makes `send` resumable and keeps it from mailing a copy twice. While a run goes on, every
change of a row is one line appended to manifest.journal and fsynced before the step it announces is
taken (journal.py): a row becomes `sending` on disk *before* the SMTP transaction starts and
`sent`/`failed` after it, so a crash in between leaves `sending`, which is never resent without the user's
explicit --resend. At the end of a run the rows are compacted into manifest.json (written atomically) and
the journal removed. Reading takes manifest.json and replays the journal over it, the last line of a copy
winning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import msgspec
from msgspec.structs import asdict

from briefing.deliver import journal
from briefing.errors import DeliveryError, Issue, LoadError, Source, issue
from briefing.files.atomic import write_atomic

MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = "manifest.journal"
LOCK_NAME = ".manifest.lock"
FORMAT = "briefing-manifest/1"
FIELDS = (
    "copy",
    "name",
    "organisation",
    "email",
    "file",
    "attachment",
    "sha256",
    "content_sha256",
    "message_id",
    "status",
    "time",
    "reply",
    "attempts",
)
# What send and build --recipients write into the folder: 000003-张伟.pdf, 000003-张伟.eml.
COPY_FILE = re.compile(r"(\d{6})-.*\.(?:pdf|eml)", re.DOTALL)
_REQUIRED = ("copy", "name", "email", "status")


class RowStatus(str, Enum):
    """Where one copy stands in the record; the values are what manifest.json holds."""

    PENDING = "pending"  # listed, never tried
    SENDING = "sending"  # handed to the server, no answer yet: it may have arrived
    SENT = "sent"
    FAILED = "failed"  # certainly not delivered
    DRY_RUN = "dry-run"  # written as a message file only


# The recipient has, or may have, the copy.
DELIVERED = (RowStatus.SENT, RowStatus.SENDING)


def now() -> str:
    """ISO 8601 with the local offset, to the second."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Entry(msgspec.Struct, frozen=True):
    """One recipient's row. `sha256` is of the attachment as sent (and of `file`); `content_sha256` is of
    what the copy shows (the shared pages plus this copy's marks), stable from one build to the next."""

    copy: str
    name: str
    organisation: str | None
    email: str
    file: str
    attachment: str
    sha256: str
    content_sha256: str
    message_id: str
    status: RowStatus
    time: str
    reply: dict[str, Any] | None = None
    attempts: int = 0


class Manifest(msgspec.Struct):
    """All rows by 份号: the one mutable record of a distribution (manifest.json plus its journal)."""

    path: Path
    packet: str
    entries: dict[str, Entry] = msgspec.field(default_factory=dict)

    @property
    def journal(self) -> Path:
        return self.path.with_name(JOURNAL_NAME)

    def update(self, entry: Entry) -> None:
        """Record one row; it is on disk when this returns."""
        self.record((entry,))

    def record(self, entries: Sequence[Entry]) -> None:
        """Append one journal line per row, all with one fsync, before anything else happens."""
        if not entries:
            return
        journal.append_lines(self.journal, b"".join(_line(entry) for entry in entries))
        for entry in entries:
            self.entries[entry.copy] = entry

    def save(self) -> None:
        """Compact: every row into manifest.json, then drop the journal, whose lines are all in it now.

        A crash between the two leaves both; replaying the journal over the new file changes nothing.
        """
        data = {
            "format": FORMAT,
            "packet": self.packet,
            "updated": now(),
            "entries": [asdict(self.entries[key]) for key in sorted(self.entries)],
        }
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        journal.sync_folder(
            self.path.parent
        )  # the new manifest.json is there for good before its journal goes
        journal.remove(self.journal)


def _line(entry: Entry) -> bytes:
    return json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def load_manifest(path: Path) -> Manifest:
    """The record at `path` (manifest.json with its journal replayed), or an empty one; raise LoadError
    (located) if either file is not one."""
    issues: list[Issue] = []
    entries: dict[str, Entry] = {}
    packet = ""
    data = _read_json_file(path)
    if data is not None:
        rows = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise LoadError([issue(Source(str(path)), "entries", "manifest.shape")])
        for index, row in enumerate(rows, start=1):
            entry = _entry(row, f"entries[{index}]", Source(str(path)), issues)
            if entry is not None:
                entries[entry.copy] = entry
        shown = data.get("packet")
        packet = shown if isinstance(shown, str) else ""
    for entry in _replay(path.with_name(JOURNAL_NAME), issues):
        entries[entry.copy] = entry
    if issues:
        raise LoadError(issues)
    return Manifest(path, packet, entries)


def _read_json_file(path: Path) -> Any:
    """The parsed manifest.json; None if there is none, or it is empty (the files beside it then speak)."""
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LoadError(
            [issue(Source(display), "", "load.unreadable", reason=exc.strerror or str(exc))]
        ) from None
    except UnicodeDecodeError:
        raise LoadError([issue(Source(display), "", "load.encoding", encoding="?")]) from None
    if not text.strip():
        return None
    return _parse(text, Source(display))


def _parse(text: str, where: Source) -> Any:
    """JSON, or a located LoadError: a syntax error, a number past Python's digit limit, or nesting past
    any reason (a RecursionError otherwise). `where` has a line for a journal line, none for a file."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line = where.line or exc.lineno
        raise LoadError(
            [issue(Source(where.file, line, exc.colno), "", "manifest.json", problem=exc.msg)]
        ) from None
    except ValueError as exc:
        raise LoadError([issue(where, "", "manifest.json", problem=str(exc))]) from None
    except RecursionError:
        raise LoadError([issue(where, "", "manifest.too-deep")]) from None


def _replay(path: Path, issues: list[Issue]) -> Iterator[Entry]:
    """The journal's rows in the order written (only whole lines count)."""
    for number, line in journal.whole_lines(path):
        where = Source(str(path), number)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise LoadError([issue(where, "", "load.encoding", encoding="?")]) from None
        entry = _entry(_parse(text, where), "", where, issues)
        if entry is not None:
            yield entry


def _entry(row: Any, here: str, where: Source, issues: list[Issue]) -> Entry | None:
    """One row as an Entry; None, with the issue noted, if it is not one briefing wrote."""
    problem = _row_problem(row, here, where)
    if problem is not None:
        issues.append(problem)
        return None

    def text(key: str) -> str:
        return str(row.get(key) or "")

    organisation, reply, attempts = row.get("organisation"), row.get("reply"), row.get("attempts")
    return Entry(
        copy=row["copy"],
        name=row["name"],
        organisation=organisation if isinstance(organisation, str) else None,
        email=row["email"],
        file=text("file"),
        attachment=text("attachment"),
        sha256=text("sha256"),
        content_sha256=text("content_sha256"),
        message_id=text("message_id"),
        status=RowStatus(row["status"]),
        time=text("time"),
        reply=reply if isinstance(reply, dict) else None,
        attempts=attempts if isinstance(attempts, int) and not isinstance(attempts, bool) else 0,
    )


def _row_problem(row: Any, here: str, where: Source) -> Issue | None:
    """What makes `row` unusable: not a mapping, a required text missing, a bad 份号 or status."""

    def at(key: str) -> str:
        return f"{here}.{key}" if here else key

    if not isinstance(row, dict):
        return issue(where, here, "manifest.shape")
    missing = [key for key in _REQUIRED if not isinstance(row.get(key), str)]
    if missing:
        return issue(where, at(missing[0]), "manifest.field")
    if not re.fullmatch(r"\d{6}", row["copy"]):
        return issue(where, at("copy"), "manifest.copy", text=row["copy"])
    if row["status"] not in {status.value for status in RowStatus}:
        choices = tuple(status.value for status in RowStatus)
        return issue(where, at("status"), "manifest.status", text=row["status"], choices=choices)
    return None


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold OUT_DIR/.manifest.lock for a whole run, so two runs at once cannot both send a copy.

    An advisory lock (fcntl) that the system drops when the process ends, so a crash leaves nothing to
    clean up; on systems without fcntl (Windows) runs are not locked against each other. Creates the
    folder: take it only once nothing is left to check.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = folder / LOCK_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
    except OSError as exc:
        raise journal.write_error(path, exc) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DeliveryError([issue(Source(str(folder / MANIFEST_NAME)), "", "manifest.locked")]) from None
        yield
