"""Resuming from the record: each copy's action, the rows a step writes, the checks that stop a run.

A run stops when it could mail a copy twice or to the wrong person.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from briefing.deliver.manifest import COPY_FILE, DELIVERED, Entry, Manifest, RowStatus, now
from briefing.errors import DeliveryError, Issue, LoadError, Source, ValidationError, issue
from briefing.read.recipients import Recipient

# Why a copy found without a row is held back after --assume-sent (kept in its row as the "reply").
ASSUMED_SENT = "found in the output folder without a record (--assume-sent)"


class Action(str, Enum):
    """What a run does with one copy, given its row."""

    SEND = "send"
    SKIP = "skip"  # sent before, the copy unchanged
    CHANGED = "changed"  # sent before, the copy now differs: held back
    UNCERTAIN = "uncertain"  # left `sending` by an earlier run: held back


def decide(entry: Entry | None, content_sha256: str, resend: bool) -> Action:
    """What to do with one copy given its row: send, skip (already sent), or hold it back and say why.

    Only `sent` and `sending` rows hold a copy back: pending, failed and dry-run rows were never delivered.
    A `sent` row whose copy now looks different is held back as CHANGED, a `sending` row as UNCERTAIN
    (a crash or a lost reply: it may have arrived); --resend N is the only way past either.
    """
    if entry is None or entry.status not in DELIVERED or resend:
        return Action.SEND
    if entry.status is RowStatus.SENDING:
        return Action.UNCERTAIN
    return Action.SKIP if entry.content_sha256 == content_sha256 else Action.CHANGED


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
        status=RowStatus.PENDING,
        time=now(),
        reply=None,
        attempts=entry.attempts if entry is not None else 0,
    )


def advance(entry: Entry, status: RowStatus, reply: dict[str, Any] | None = None, **changes: Any) -> Entry:
    """The row after a step: the new status, the time of it, the server's reply."""
    attempts = entry.attempts + 1 if status is RowStatus.SENDING else entry.attempts
    return replace(entry, status=status, time=now(), reply=reply, attempts=attempts, **changes)


def check_identity(manifest: Manifest, recipients: tuple[Recipient, ...], resend: Iterable[int] = ()) -> None:
    """A 份号 already delivered to one address may not go to another, nor a second 份号 to the same address:
    both usually mean the list was reordered and automatic numbering shifted. --resend N lets copy N
    through (say, to correct an address). Raise ValidationError naming the recipients.yaml entries."""
    confirmed = set(resend)
    by_email = {
        entry.email.lower(): entry for entry in manifest.entries.values() if entry.status in DELIVERED
    }
    issues = [
        found
        for index, recipient in enumerate(recipients, start=1)
        if recipient.copy not in confirmed
        and (found := _identity_problem(manifest, recipients, by_email, index, recipient)) is not None
    ]
    if issues:
        raise ValidationError(issues)


def _identity_problem(
    manifest: Manifest,
    recipients: tuple[Recipient, ...],
    by_email: dict[str, Entry],
    index: int,
    recipient: Recipient,
) -> Issue | None:
    """The one recipient's clash with the record: their 份号 went to another address, or their address
    already has another 份号."""
    address = (recipient.email or "").lower()
    entry = manifest.entries.get(recipient.copy_number)
    if entry is not None and entry.status in DELIVERED and entry.email.lower() != address:
        return issue(
            recipient.where("copy"),
            f"recipients[{index}].copy",
            "send.copy-taken",
            copy=entry.copy,
            name=entry.name,
            email=entry.email,
            time=entry.time,
            manifest=str(manifest.path),
            free=_free_copy(manifest, recipients),
            number=recipient.copy,
        )
    other = by_email.get(address)
    if other is None or other.copy == recipient.copy_number:
        return None
    return issue(
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
    raise DeliveryError(
        [
            issue(
                Source(str(manifest.path)),
                "",
                "send.unrecorded",
                count=len(files),
                copies=len(blocking),
                files=_first(files, 3),
                folder=str(manifest.path.parent),
                numbers=_numbers(list(blocking)),
            )
        ]
    )


def _numbers(copies: Sequence[str]) -> str:
    """The --resend argument for the first five copies: 2,4 (then "…" if there are more)."""
    return ",".join(str(int(copy)) for copy in copies[:5]) + ("…" if len(copies) > 5 else "")


def _first(items: Sequence[str], most: int) -> tuple[str, ...]:
    """The first `most` items, and "…" after them if there are more."""
    return tuple(items[:most]) + (("…",) if len(items) > most else ())


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
            row = Entry(copy, name, None, "", "", "", "", "", "", RowStatus.PENDING, now())
        reply = {"code": None, "text": ASSUMED_SENT}
        rows.append(advance(row, RowStatus.SENDING, reply, file=names[0]))
    return rows
