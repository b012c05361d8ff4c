"""The record's journal: whole lines appended and fsynced, a torn last line left out and cut off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.deliver import journal
from briefing.deliver.manifest import Manifest, RowStatus, load_manifest
from briefing.deliver.resume import advance, start
from briefing.errors import DeliveryError, LoadError
from briefing.read.recipients import Recipient, load_recipients

REPO = Path(__file__).resolve().parent.parent.parent
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
JOURNAL = "manifest.journal"


@pytest.fixture(scope="module")
def recipients() -> tuple[Recipient, ...]:
    return load_recipients(RECIPIENTS, need_email=True)


def test_a_journal_line_torn_then_appended_to_stays_readable(
    tmp_path: Path, recipients: tuple[Recipient, ...]
) -> None:
    path = tmp_path / "manifest.json"
    (tmp_path / JOURNAL).write_text('{"copy":"000001","name":"王', encoding="utf-8")
    record = Manifest(path, "")
    record.update(advance(start(None, recipients[0], "c" * 64, "<1@x>"), RowStatus.SENDING))
    record.update(advance(start(None, recipients[1], "c" * 64, "<2@x>"), RowStatus.SENT))
    lines = (tmp_path / JOURNAL).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].startswith('{"copy":"000001"')
    again = load_manifest(path)
    assert {key: entry.status for key, entry in again.entries.items()} == {
        "000001": "sending",
        "000002": "sent",
    }
    record.save()
    assert not (tmp_path / JOURNAL).exists()
    assert load_manifest(path).entries == again.entries


def test_a_damaged_journal_line_before_the_last_is_a_located_error(
    tmp_path: Path, recipients: tuple[Recipient, ...]
) -> None:
    record = Manifest(tmp_path / "manifest.json", "")
    record.update(advance(start(None, recipients[0], "c" * 64, "<1@x>"), RowStatus.SENDING))
    path = tmp_path / JOURNAL
    good = path.read_text(encoding="utf-8")
    path.write_text(good + '{"copy": "000002", oops}\n' + good, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_manifest(tmp_path / "manifest.json")
    assert caught.value.render("zh").startswith(f"{path}:2:20: 发送记录不是有效的 JSON")
    path.write_text(good + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_manifest(tmp_path / "manifest.json")
    assert (
        caught.value.render("zh")
        == f"{path}:2: 发送记录嵌套层次过深，不是 briefing 写的；请恢复原文件，或换一个输出目录"
    )


@pytest.mark.parametrize("before", [b"", b'{"line": 1}\n'], ids=["alone", "after-a-whole-line"])
def test_a_torn_tail_longer_than_one_read_is_cut_whole(tmp_path: Path, before: bytes) -> None:
    """The tail is searched backwards in 64 KB pieces: a torn line of 200 KB goes entirely."""
    path = tmp_path / JOURNAL
    path.write_bytes(before + b"x" * 200_000)
    journal.append_lines(path, b'{"line": 2}\n')
    assert path.read_bytes() == before + b'{"line": 2}\n'


def test_whole_lines_numbers_them_and_leaves_out_blank_and_torn_ones(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    path.write_bytes(b'{"a": 1}\n\n   \n{"b": 2}\n{"c": 3')
    assert list(journal.whole_lines(path)) == [(1, b'{"a": 1}'), (4, b'{"b": 2}')]
    assert list(journal.whole_lines(tmp_path / "none")) == []


def test_a_journal_that_cannot_be_read_or_written_is_named(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL
    path.mkdir()  # a folder where the journal should be
    with pytest.raises(LoadError) as read:
        list(journal.whole_lines(path))
    assert read.value.render("en").startswith(f"{path}: ")
    assert read.value.issues[0].code == "load.unreadable"
    with pytest.raises(DeliveryError) as written:
        journal.append_lines(path, b"{}\n")
    assert written.value.issues[0].code == "deliver.write"
    assert written.value.render("en").startswith(f"{path}: ")


def test_each_row_is_one_line_of_json_with_the_status_as_written(
    tmp_path: Path, recipients: tuple[Recipient, ...]
) -> None:
    """The journal's lines are what manifest.json rows are: plain JSON, the status its string value."""
    record = Manifest(tmp_path / "manifest.json", "")
    rows = [advance(start(None, r, "c" * 64, f"<{r.copy}@x>"), RowStatus.DRY_RUN) for r in recipients[:2]]
    record.record(rows)
    lines = (tmp_path / JOURNAL).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["dry-run", "dry-run"]
    assert '"status":"dry-run"' in lines[0] and "王明" in lines[0]  # not escaped
