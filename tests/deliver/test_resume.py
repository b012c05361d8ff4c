"""Resuming from the record: each copy's action, the rows a step writes, and the checks that stop a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from briefing.deliver.manifest import Entry, Manifest, RowStatus, load_manifest
from briefing.deliver.resume import (
    ASSUMED_SENT,
    Action,
    adopted,
    advance,
    check_identity,
    check_unrecorded,
    decide,
    removed,
    start,
    unrecorded,
)
from briefing.errors import DeliveryError, ValidationError
from briefing.read.recipients import Recipient, load_recipients

REPO = Path(__file__).resolve().parent.parent.parent
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
TITLE = "东昌区2023年重点工作汇报材料"
SAME, OTHER = "c" * 64, "d" * 64


@pytest.fixture(scope="module")
def recipients() -> tuple[Recipient, ...]:
    return load_recipients(RECIPIENTS, need_email=True)


def row(recipient: Recipient, status: RowStatus, content: str = SAME) -> Entry:
    return advance(start(None, recipient, content, f"<{recipient.copy}@example.gov.cn>"), status)


@pytest.mark.parametrize(
    ("status", "content", "resend", "action"),
    [
        (None, SAME, False, Action.SEND),
        (RowStatus.PENDING, SAME, False, Action.SEND),
        (RowStatus.FAILED, SAME, False, Action.SEND),
        (RowStatus.DRY_RUN, SAME, False, Action.SEND),
        (RowStatus.SENT, SAME, False, Action.SKIP),
        (RowStatus.SENT, OTHER, False, Action.CHANGED),
        (RowStatus.SENDING, SAME, False, Action.UNCERTAIN),
        (RowStatus.SENDING, OTHER, False, Action.UNCERTAIN),
        (RowStatus.SENT, OTHER, True, Action.SEND),
        (RowStatus.SENDING, SAME, True, Action.SEND),
    ],
)
def test_only_a_delivered_copy_is_held_back_and_resend_lets_it_through(
    recipients: tuple[Recipient, ...], status: RowStatus | None, content: str, resend: bool, action: Action
) -> None:
    entry = row(recipients[0], status) if status is not None else None
    assert decide(entry, content, resend) is action


def test_a_resend_of_the_same_copy_keeps_its_message_id_and_counts_attempts(
    recipients: tuple[Recipient, ...],
) -> None:
    first = row(recipients[0], RowStatus.SENDING)
    again = start(first, recipients[0], SAME, "<new@example.gov.cn>")
    assert (again.message_id, again.attempts, again.status) == (first.message_id, 1, RowStatus.PENDING)
    assert advance(again, RowStatus.SENDING).attempts == 2
    assert advance(again, RowStatus.FAILED).attempts == 1
    changed = start(first, recipients[0], OTHER, "<new@example.gov.cn>")
    assert changed.message_id == "<new@example.gov.cn>"


def test_resend_lets_a_corrected_address_have_its_copy(
    tmp_path: Path, recipients: tuple[Recipient, ...]
) -> None:
    record = Manifest(tmp_path / "manifest.json", TITLE)
    first = start(None, recipients[2], SAME, "<1@example.gov.cn>")
    record.update(
        advance(replace(first, email="zhangwei@exmaple.org"), RowStatus.SENT)
    )  # a typo the server took
    with pytest.raises(ValidationError) as caught:
        check_identity(load_manifest(record.path), recipients)
    assert "--resend 3" in caught.value.render("zh")
    check_identity(load_manifest(record.path), recipients, resend=[3])


def test_a_second_copy_for_one_address_is_located_at_their_email(
    tmp_path: Path, recipients: tuple[Recipient, ...]
) -> None:
    record = Manifest(tmp_path / "manifest.json", TITLE)
    record.update(row(recipients[0], RowStatus.SENT))
    moved = (replace(recipients[0], copy=7),)  # the same person, renumbered
    with pytest.raises(ValidationError) as caught:
        check_identity(record, moved)
    [found] = caught.value.issues
    assert (found.code, found.field) == ("send.has-copy", "recipients[1].email")
    assert "王明 <wangming@example.org> 已于" in caught.value.render(
        "zh"
    ) and "copy: 1" in caught.value.render("zh")
    record.update(advance(record.entries["000001"], RowStatus.FAILED))  # never delivered: no clash
    check_identity(record, moved)


def test_rows_of_people_no_longer_listed(tmp_path: Path, recipients: tuple[Recipient, ...]) -> None:
    record = Manifest(tmp_path / "manifest.json", TITLE)
    record.record([row(recipients[0], RowStatus.SENT), row(recipients[1], RowStatus.FAILED)])
    record.update(row(recipients[2], RowStatus.SENDING))
    assert [entry.copy for entry in removed(record, recipients[3:])] == ["000001", "000003"]


def test_more_unrecorded_copies_than_are_shown(tmp_path: Path, recipients: tuple[Recipient, ...]) -> None:
    for number in range(1, 8):
        (tmp_path / f"{number:06d}-某人.pdf").write_bytes(b"%PDF")
    (tmp_path / "000001-某人.eml").write_bytes(b"")
    (tmp_path / "notes.pdf").write_bytes(b"")  # not a copy: never counted
    record = Manifest(tmp_path / "manifest.json", TITLE)
    found = unrecorded(tmp_path, record)
    assert list(found) == [f"{n:06d}" for n in range(1, 8)]
    assert found["000001"] == ["000001-某人.eml", "000001-某人.pdf"]
    with pytest.raises(DeliveryError) as caught:
        check_unrecorded(record, found, resend=[2], assume_sent=False)
    shown = caught.value.render("zh")
    assert "有 7 个编号份或邮件文件（000001-某人.eml、000001-某人.pdf、000003-某人.pdf、…，共 6 份）" in shown
    assert "--resend 1,3,4,5,6…" in shown
    check_unrecorded(record, found, resend=[], assume_sent=True)
    check_unrecorded(record, found, resend=range(1, 8), assume_sent=False)
    assert unrecorded(tmp_path / "missing", record) == {}


def test_assume_sent_adopts_each_copy_as_sending(tmp_path: Path, recipients: tuple[Recipient, ...]) -> None:
    found = {"000002": ["000002-李红.pdf"], "000009": ["000009-不在名单.eml"]}
    rows = adopted(found, recipients)
    assert [(r.copy, r.name, r.email, r.status, r.file, r.attempts) for r in rows] == [
        ("000002", "李红", "lihong@example.org", RowStatus.SENDING, "000002-李红.pdf", 1),
        ("000009", "不在名单", "", RowStatus.SENDING, "000009-不在名单.eml", 1),
    ]
    assert all(r.reply == {"code": None, "text": ASSUMED_SENT} for r in rows)
    assert decide(rows[0], SAME, resend=False) is Action.UNCERTAIN
