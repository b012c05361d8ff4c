"""The delivery record: rows typed on reading, manifest.json as before, located errors, the folder's lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.deliver.manifest import FIELDS, Manifest, RowStatus, load_manifest, locked
from briefing.deliver.resume import advance, start
from briefing.errors import DeliveryError, LoadError
from briefing.read.recipients import load_recipients

REPO = Path(__file__).resolve().parent.parent.parent
RECIPIENTS = REPO / "data" / "recipients-example.yaml"


def row(copy: str = "000001", status: str = "sent", **more: object) -> dict[str, object]:
    return {"copy": copy, "name": "王明", "email": "wangming@example.org", "status": status, **more}


def write(path: Path, *rows: dict[str, object]) -> Path:
    path.write_text(json.dumps({"entries": list(rows)}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_saved_record_reads_back_with_typed_statuses(tmp_path: Path) -> None:
    recipients = load_recipients(RECIPIENTS, need_email=True)
    record = Manifest(tmp_path / "manifest.json", "汇报材料")
    statuses = [RowStatus.PENDING, RowStatus.SENDING, RowStatus.SENT, RowStatus.FAILED, RowStatus.DRY_RUN]
    record.record(
        [
            advance(start(None, recipient, "c" * 64, f"<{recipient.copy}@x>"), status)
            for recipient, status in zip(recipients, statuses, strict=True)
        ]
    )
    record.save()
    data = json.loads(record.path.read_text(encoding="utf-8"))
    assert data["format"] == "briefing-manifest/1" and data["packet"] == "汇报材料"
    assert [entry["status"] for entry in data["entries"]] == [
        "pending",
        "sending",
        "sent",
        "failed",
        "dry-run",
    ]
    assert all(set(entry) == set(FIELDS) for entry in data["entries"])
    again = load_manifest(record.path)
    assert [entry.status for entry in again.entries.values()] == statuses
    assert all(isinstance(entry.status, RowStatus) for entry in again.entries.values())
    assert again.entries == record.entries and again.packet == "汇报材料"


def test_a_record_written_by_hand_with_only_the_required_fields_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.json", row(attempts=True, reply="x", organisation=3))
    entry = load_manifest(path).entries["000001"]
    assert entry.status is RowStatus.SENT
    assert (entry.attempts, entry.reply, entry.organisation, entry.file) == (0, None, None, "")


def test_an_unknown_status_is_located_and_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "manifest.json", row(), row("000002", "delivered"))
    with pytest.raises(LoadError) as caught:
        load_manifest(path)
    assert caught.value.render("zh") == (
        f"{path}: entries[2].status: 发送状态“delivered”无法识别；应为：pending、sending、sent、failed、dry-run"
    )


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        ([row(), "x"], "entries[2]", "发送记录的结构不对"),
        ([row(name=None)], "entries[1].name", "发送记录缺少这一项或不是文字"),
        ([row(copy="12")], "entries[1].copy", "份号“12”应为六位数字"),
    ],
    ids=["not-a-mapping", "no-name", "short-copy"],
)
def test_a_damaged_row_is_located(tmp_path: Path, rows: list[object], field: str, message: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"entries": rows}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_manifest(path)
    assert caught.value.render("zh").startswith(f"{path}: {field}: {message}")


@pytest.mark.parametrize("text", ["", "  \n"], ids=["empty", "blank"])
def test_an_empty_manifest_is_no_record(tmp_path: Path, text: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(text, encoding="utf-8")
    assert load_manifest(path).entries == {}


def test_a_manifest_that_is_not_utf8_or_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(b'{"entries": ["\xff"]}')
    with pytest.raises(LoadError) as caught:
        load_manifest(path)
    assert caught.value.issues[0].code == "load.encoding"
    path.write_text('{"entries": {}}', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_manifest(path)
    assert caught.value.render("en").startswith(f"{path}: entries: the delivery manifest has the wrong shape")


def test_one_run_at_a_time_holds_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out):
        assert (out / ".manifest.lock").exists()
        with pytest.raises(DeliveryError) as caught, locked(out):
            pass
    assert caught.value.render("zh").startswith(f"{out / 'manifest.json'}: 另一个 send 正在使用这个输出目录")
    with locked(out):  # released when the first run ended
        pass


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocking = tmp_path / "file"
    blocking.write_text("", encoding="utf-8")
    with pytest.raises(DeliveryError) as caught, locked(blocking / "out"):
        pass
    assert caught.value.issues[0].code == "deliver.write"
    assert caught.value.render("en").startswith(f"{blocking / 'out' / '.manifest.lock'}: ")
