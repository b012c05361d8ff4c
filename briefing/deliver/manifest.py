"""The delivery record beside the copies: who got which copy, when, and what the server said.

It is what makes `send` resumable and keeps it from mailing a copy twice. While a run goes on, every
change of a row is one line appended to manifest.journal and fsynced before the step it announces is
taken: a row becomes `sending` on disk *before* the SMTP transaction starts and `sent`/`failed` after it,
so a crash in between leaves `sending`, which is never resent without the user's explicit --resend. At
the end of a run the rows are compacted into manifest.json (written atomically) and the journal removed.
Reading takes manifest.json and replays the journal over it, the last line of a copy winning; a line
counts once its newline is on disk, so a line torn by a crash is ignored (the step after it never began)
and cut off before the next one is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec
from msgspec.structs import asdict, replace

from briefing.errors import DeliveryError, Issue, LoadError, Source, ValidationError, issue
from briefing.files.atomic import write_atomic
from briefing.read.recipients import Recipient

MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = "manifest.journal"
LOCK_NAME = ".manifest.lock"
FORMAT = "briefing-manifest/1"
STATUSES = ("pending", "sending", "sent", "failed", "dry-run")
DELIVERED = ("sent", "sending")  # the recipient has, or may have, the copy
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
_TAIL_CHUNK = 65536


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
    status: str
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
        lines = b"".join(
            json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            for entry in entries
        )
        _append(self.journal, lines)
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
        _sync_folder(self.path.parent)  # the new manifest.json is there for good before its journal goes
        try:
            self.journal.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise _write_error(self.journal, exc) from None


def _append(path: Path, data: bytes) -> None:
    """Add whole lines at the end of the journal and fsync them (and the folder, when the file is new)."""
    try:
        created = not path.exists()
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        _cut_torn_tail(handle)
        written = 0
        while written < len(data):
            written += os.write(handle, data[written:])
        os.fsync(handle)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        os.close(handle)
    if created:
        _sync_folder(path.parent)


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


def _sync_folder(folder: Path) -> None:
    """Make a file's creation, rename or removal in `folder` durable (not possible on every system)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _write_error(path: Path, exc: OSError) -> DeliveryError:
    return DeliveryError([issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))])


def load_manifest(path: Path) -> Manifest:
    """The record at `path` (manifest.json with its journal replayed), or an empty one; raise LoadError
    (located) if either file is not one."""
    display = str(path)
    issues: list[Issue] = []
    entries: dict[str, Entry] = {}
    packet = ""
    data = _read_json_file(path)
    if data is not None:
        rows = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise LoadError([issue(Source(display), "entries", "manifest.shape")])
        for index, row in enumerate(rows, start=1):
            entry = _entry(row, f"entries[{index}]", Source(display), issues)
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


def _replay(journal: Path, issues: list[Issue]) -> Iterator[Entry]:
    """The journal's rows in the order written. Only whole lines count: a torn last one is left out."""
    display = str(journal)
    try:
        data = journal.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LoadError(
            [issue(Source(display), "", "load.unreadable", reason=exc.strerror or str(exc))]
        ) from None
    whole = data[: data.rfind(b"\n") + 1]
    for number, line in enumerate(whole.split(b"\n")[:-1], start=1):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise LoadError([issue(Source(display, number), "", "load.encoding", encoding="?")]) from None
        row = _parse(text, Source(display, number))
        entry = _entry(row, "", Source(display, number), issues)
        if entry is not None:
            yield entry


def _entry(row: Any, here: str, where: Source, issues: list[Issue]) -> Entry | None:
    def at(key: str) -> str:
        return f"{here}.{key}" if here else key

    if not isinstance(row, dict):
        issues.append(issue(where, here, "manifest.shape"))
        return None
    missing = [key for key in ("copy", "name", "email", "status") if not isinstance(row.get(key), str)]
    if missing:
        issues.append(issue(where, at(missing[0]), "manifest.field"))
        return None
    if not re.fullmatch(r"\d{6}", row["copy"]):
        issues.append(issue(where, at("copy"), "manifest.copy", text=row["copy"]))
        return None
    if row["status"] not in STATUSES:
        issues.append(
            issue(where, at("status"), "manifest.status", text=row["status"], choices=tuple(STATUSES))
        )
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
        status=row["status"],
        time=text("time"),
        reply=reply if isinstance(reply, dict) else None,
        attempts=attempts if isinstance(attempts, int) and not isinstance(attempts, bool) else 0,
    )


# resuming ----------------------------------------------------------------------------------------------
SEND, SKIP, CHANGED, UNCERTAIN = "send", "skip", "changed", "uncertain"


def decide(entry: Entry | None, content_sha256: str, resend: bool) -> str:
    """What to do with one copy given its row: send, skip (already sent), or hold it back and say why.

    Only `sent` and `sending` rows hold a copy back: pending, failed and dry-run rows were never delivered.
    A `sent` row whose copy now looks different is held back as CHANGED, a `sending` row as UNCERTAIN
    (a crash or a lost reply: it may have arrived); --resend N is the only way past either.
    """
    if entry is None or entry.status not in DELIVERED or resend:
        return SEND
    if entry.status == "sending":
        return UNCERTAIN
    return SKIP if entry.content_sha256 == content_sha256 else CHANGED


def start(entry: Entry | None, recipient: Recipient, content_sha256: str, message_id: str) -> Entry:
    """The row for a copy about to go out: the Message-ID is kept while the content is the same, so a
    resend after an uncertain attempt can be recognised as the same message by the mail system."""
    if entry is not None and entry.content_sha256 == content_sha256 and entry.message_id:
        message_id = entry.message_id
    return Entry(
        copy=recipient.copy_number,
        name=recipient.name,
        organisation=recipient.organisation,
        email=recipient.email or "",
        file="",
        attachment="",
        sha256="",
        content_sha256=content_sha256,
        message_id=message_id,
        status="pending",
        time=now(),
        reply=None,
        attempts=entry.attempts if entry is not None else 0,
    )


def advance(entry: Entry, status: str, reply: dict[str, Any] | None = None, **changes: Any) -> Entry:
    """The row after a step: the new status, the time of it, the server's reply."""
    attempts = entry.attempts + 1 if status == "sending" else entry.attempts
    return replace(entry, status=status, time=now(), reply=reply, attempts=attempts, **changes)


def check_identity(manifest: Manifest, recipients: tuple[Recipient, ...], resend: Iterable[int] = ()) -> None:
    """A 份号 already delivered to one address may not go to another, nor a second 份号 to the same address:
    both usually mean the list was reordered and automatic numbering shifted. --resend N lets copy N
    through (say, to correct an address). Raise ValidationError naming the recipients.yaml entries."""
    issues: list[Issue] = []
    confirmed = set(resend)
    by_email = {
        entry.email.lower(): entry for entry in manifest.entries.values() if entry.status in DELIVERED
    }
    shown = str(manifest.path)
    for index, recipient in enumerate(recipients, start=1):
        if recipient.copy in confirmed:
            continue
        address = (recipient.email or "").lower()
        entry = manifest.entries.get(recipient.copy_number)
        if entry is not None and entry.status in DELIVERED and entry.email.lower() != address:
            issues.append(
                issue(
                    recipient.where("copy"),
                    f"recipients[{index}].copy",
                    "send.copy-taken",
                    copy=entry.copy,
                    name=entry.name,
                    email=entry.email,
                    time=entry.time,
                    manifest=shown,
                    free=_free_copy(manifest, recipients),
                    number=recipient.copy,
                )
            )
            continue
        other = by_email.get(address)
        if other is not None and other.copy != recipient.copy_number:
            issues.append(
                issue(
                    recipient.where("email"),
                    f"recipients[{index}].email",
                    "send.has-copy",
                    name=recipient.name,
                    email=recipient.email,
                    copy=other.copy,
                    new=recipient.copy_number,
                    time=other.time,
                    number=int(other.copy),
                )
            )
    if issues:
        raise ValidationError(issues)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold OUT_DIR/.manifest.lock for a whole run, so two runs at once cannot both send a copy.

    An advisory lock (fcntl) that the system drops when the process ends, so a crash leaves nothing to
    clean up; on systems without fcntl (Windows) runs are not locked against each other.
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
        raise DeliveryError(
            [issue(Source(str(path)), "", "deliver.write", reason=exc.strerror or str(exc))]
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DeliveryError([issue(Source(str(folder / MANIFEST_NAME)), "", "manifest.locked")]) from None
        yield


def _free_copy(manifest: Manifest, recipients: Iterable[Recipient]) -> int:
    used = {int(key) for key in manifest.entries if key.isdigit()} | {r.copy for r in recipients}
    number = 1
    while number in used:
        number += 1
    return number


def removed(manifest: Manifest, recipients: tuple[Recipient, ...]) -> list[Entry]:
    """Rows of copies delivered earlier to someone no longer on the list."""
    listed = {recipient.copy_number for recipient in recipients}
    return [
        entry
        for key, entry in sorted(manifest.entries.items())
        if key not in listed and entry.status in DELIVERED
    ]


# evidence beside the record --------------------------------------------------------------------------------
def unrecorded(folder: Path, manifest: Manifest) -> dict[str, list[str]]:
    """Copies and messages in `folder` (000003-张伟.pdf, .eml) whose 份号 has no row, by 份号.

    Every file send writes there has its row first, so one without a row means the record lost rows
    (deleted, emptied, edited, or the folder filled by something else): that copy may have gone out.
    """
    found: dict[str, list[str]] = {}
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                match = COPY_FILE.fullmatch(item.name)
                if match and match[1] not in manifest.entries:
                    found.setdefault(match[1], []).append(item.name)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise LoadError(
            [issue(Source(str(folder)), "", "load.unreadable", reason=exc.strerror or str(exc))]
        ) from None
    return {copy: sorted(names) for copy, names in sorted(found.items())}


def check_unrecorded(
    manifest: Manifest, found: dict[str, list[str]], resend: Iterable[int], assume_sent: bool
) -> None:
    """Stop the run if the folder holds copies the record knows nothing of, unless the user said what they
    are: --resend N (send copy N anyway) or --assume-sent (they went out: hold them back). Raise
    DeliveryError naming what was found and both ways on."""
    confirmed = {f"{number:06d}" for number in resend}
    blocking = {copy: names for copy, names in found.items() if copy not in confirmed}
    if not blocking or assume_sent:
        return
    files = [name for names in blocking.values() for name in names]
    shown = tuple(files[:3]) + (("…",) if len(files) > 3 else ())
    numbers = ",".join(str(int(copy)) for copy in list(blocking)[:5]) + ("…" if len(blocking) > 5 else "")
    raise DeliveryError(
        [
            issue(
                Source(str(manifest.path)),
                "",
                "send.unrecorded",
                count=len(files),
                copies=len(blocking),
                files=shown,
                folder=str(manifest.path.parent),
                numbers=numbers,
            )
        ]
    )


def adopted(found: dict[str, list[str]], recipients: Sequence[Recipient]) -> list[Entry]:
    """--assume-sent: a `sending` row (possibly delivered, held back until --resend N) for each copy found
    without one, named after the recipient on the list with that 份号, else after the file."""
    listed = {recipient.copy_number: recipient for recipient in recipients}
    rows = []
    for copy, names in found.items():
        recipient = listed.get(copy)
        if recipient is not None:
            row = start(None, recipient, "", "")
        else:
            name = names[0].split("-", 1)[1].rsplit(".", 1)[0]
            row = Entry(copy, name, None, "", "", "", "", "", "", "pending", now())
        reply = {"code": None, "text": "found in the output folder without a record (--assume-sent)"}
        rows.append(advance(row, "sending", reply, file=names[0]))
    return rows
