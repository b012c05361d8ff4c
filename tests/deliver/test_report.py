"""What a send run reports: statuses keep the values messages and scripts know, and when a run counts as done."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.deliver.report import Delivery, DeliveryStatus, SendReport
from briefing.errors import Source, issue
from briefing.messages.catalogue import CATALOGUE
from briefing.read.recipients import Recipient

PEOPLE = [
    Recipient(name, None, f"{n}@example.org", n, Source("r.yaml")) for n, name in enumerate("甲乙丙", 1)
]


def report(*statuses: DeliveryStatus, dry_run: bool = False, aborted: bool = False) -> SendReport:
    deliveries = tuple(Delivery(person, status) for person, status in zip(PEOPLE, statuses, strict=False))
    stopped = (
        issue(Source("smtp://x:25"), "", "mail.refused", server="smtp://x:25", timeout=5) if aborted else None
    )
    return SendReport(Path("out/manifest.json"), deliveries, aborted=stopped, dry_run=dry_run)


def test_every_status_has_its_words_in_both_languages() -> None:
    assert [status.value for status in DeliveryStatus] == [
        "sent", "failed", "sending", "dry-run", "skipped", "changed", "uncertain", "not-tried",
    ]  # fmt: skip
    for status in DeliveryStatus:
        zh, en = CATALOGUE[f"send.status.{status.value}"]
        assert zh and en


@pytest.mark.parametrize(
    ("statuses", "dry_run", "aborted", "ok"),
    [
        ((DeliveryStatus.SENT, DeliveryStatus.SKIPPED), False, False, True),
        ((DeliveryStatus.SENT, DeliveryStatus.FAILED), False, False, False),
        ((DeliveryStatus.SENT, DeliveryStatus.SENDING), False, False, False),
        ((DeliveryStatus.DRY_RUN, DeliveryStatus.SKIPPED), True, False, True),
        ((DeliveryStatus.DRY_RUN, DeliveryStatus.SENT), True, False, False),
        ((DeliveryStatus.SENT, DeliveryStatus.NOT_TRIED), False, True, False),
        ((), False, True, False),
    ],
)
def test_a_run_is_done_when_everyone_has_the_current_copy(
    statuses: tuple[DeliveryStatus, ...], dry_run: bool, aborted: bool, ok: bool
) -> None:
    assert report(*statuses, dry_run=dry_run, aborted=aborted).ok is ok


def test_count_takes_statuses_or_their_values() -> None:
    done = report(DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SENT)
    assert done.count(DeliveryStatus.SENT) == 2 == done.count("sent")
    assert done.count("sent", "failed") == 3 and done.count("skipped") == 0
