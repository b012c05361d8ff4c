"""What a `send` run reports: each recipient's delivery in this run, and the run as a whole."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import msgspec

from briefing.errors import Issue
from briefing.read.recipients import Recipient


class DeliveryStatus(str, Enum):
    """What happened to one recipient in this run (the catalogue says it in words: send.status.<value>)."""

    SENT = "sent"
    FAILED = "failed"
    SENDING = "sending"  # the message went out but no reply came
    DRY_RUN = "dry-run"
    SKIPPED = "skipped"  # sent before
    CHANGED = "changed"  # sent before, the copy now differs
    UNCERTAIN = "uncertain"  # left `sending` by an earlier run
    NOT_TRIED = "not-tried"  # the connection was lost before its turn


class Delivery(msgspec.Struct, frozen=True):
    """What happened to one recipient in this run, with the server's reply and the file written."""

    recipient: Recipient
    status: DeliveryStatus
    reply: tuple[int | None, str] | None = None
    file: Path | None = None


class SendReport(msgspec.Struct, frozen=True):
    """What a `send` run did, recipient by recipient."""

    manifest: Path
    deliveries: tuple[Delivery, ...]
    removed: tuple[tuple[str, str, str], ...] = ()  # (份号, name, email) sent earlier, no longer listed
    aborted: Issue | None = None  # why the run stopped before everyone was tried
    dry_run: bool = False

    def count(self, *statuses: str) -> int:
        return sum(1 for delivery in self.deliveries if delivery.status in statuses)

    @property
    def ok(self) -> bool:
        """Everyone listed has the current copy (or, in a dry run, a message file)."""
        done = (DeliveryStatus.DRY_RUN if self.dry_run else DeliveryStatus.SENT, DeliveryStatus.SKIPPED)
        return self.aborted is None and all(d.status in done for d in self.deliveries)
