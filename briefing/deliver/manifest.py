"""The delivery manifest (manifest.json beside the copies): who got which copy, when, and what the server said.

It is rewritten atomically after every change, so it is the memory that makes `send` resumable:
an entry is marked `sending` *before* the SMTP transaction starts and `sent`/`failed` after it, so a crash
in between leaves `sending`, which is never resent without the user's explicit --resend.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec
from msgspec.structs import asdict, replace

from briefing.errors import DeliveryError, Issue, LoadError, Source, ValidationError, issue
from briefing.files.atomic import write_atomic
from briefing.read.recipients import Recipient

MANIFEST_NAME = "manifest.json"
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
    """All entries by 份号, saved as JSON; the one mutable record of a distribution."""

    path: Path
    packet: str
    entries: dict[str, Entry] = msgspec.field(default_factory=dict)

    def update(self, entry: Entry) -> None:
        """Record `entry` and write the whole file atomically before anything else happens."""
        self.entries[entry.copy] = entry
        self.save()

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "packet": self.packet,
            "updated": now(),
            "entries": [asdict(self.entries[key]) for key in sorted(self.entries)],
        }
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def load_manifest(path: Path) -> Manifest:
    """The manifest at `path`, or an empty one; raise LoadError (located) if the file is not one."""
    display = str(path)
    if not path.exists():
        return Manifest(path, "")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(
            [issue(Source(display), "", "load.unreadable", reason=exc.strerror or str(exc))]
        ) from None
    except UnicodeDecodeError:
        raise LoadError([issue(Source(display), "", "load.encoding", encoding="?")]) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            [issue(Source(display, exc.lineno, exc.colno), "", "manifest.json", problem=exc.msg)]
        ) from None
    issues: list[Issue] = []
    entries: dict[str, Entry] = {}
    rows = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise LoadError([issue(Source(display), "entries", "manifest.shape")])
    for index, row in enumerate(rows, start=1):
        here = f"entries[{index}]"
        entry = _entry(row, here, display, issues)
        if entry is not None:
            entries[entry.copy] = entry
    if issues:
        raise LoadError(issues)
    shown = data.get("packet")
    return Manifest(path, shown if isinstance(shown, str) else "", entries)


def _entry(row: Any, here: str, display: str, issues: list[Issue]) -> Entry | None:
    if not isinstance(row, dict):
        issues.append(issue(Source(display), here, "manifest.shape"))
        return None
    missing = [key for key in ("copy", "name", "email", "status") if not isinstance(row.get(key), str)]
    if missing:
        issues.append(issue(Source(display), f"{here}.{missing[0]}", "manifest.field"))
        return None
    if not re.fullmatch(r"\d{6}", row["copy"]):
        issues.append(issue(Source(display), f"{here}.copy", "manifest.copy", text=row["copy"]))
        return None
    if row["status"] not in STATUSES:
        issues.append(
            issue(
                Source(display),
                f"{here}.status",
                "manifest.status",
                text=row["status"],
                choices=tuple(STATUSES),
            )
        )
        return None
    values = {key: row.get(key) for key in FIELDS}
    text_keys = ("file", "attachment", "sha256", "content_sha256", "message_id", "time")
    values.update({key: str(values[key] or "") for key in text_keys})
    values["attempts"] = values["attempts"] if isinstance(values["attempts"], int) else 0
    values["reply"] = values["reply"] if isinstance(values["reply"], dict) else None
    return Entry(**values)


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
