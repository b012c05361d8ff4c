"""The send record: an fsynced journal line per step, compacted once per run; copies stamped one at a time;
a torn or killed run never loses a `sending`; files the record does not account for stop the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from smtpserver import Certificates, Handler, SmtpServer, make_certificates
from test_send import (  # noqa: F401  (environment: the autouse fixture)
    RECIPIENTS,
    SAMPLE,
    environment,
    manifest,
    send_args,
    write_config,
)

from briefing.deliver.manifest import load_manifest
from briefing.read.recipients import load_recipients
from briefing.send import send

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data:DeprecationWarning")

JOURNAL = "manifest.journal"
ADDRESSES = [r.email for r in load_recipients(RECIPIENTS)]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


def journal_rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / JOURNAL).read_text(encoding="utf-8").splitlines()]


def sent_to(handler: Handler) -> list[str]:
    return [address for received in handler.received for address in received.rcpt_tos]


# 13: one journal line per step, one copy in memory at a time --------------------------------------------------
def test_each_step_is_one_journal_line_and_manifest_json_is_written_once(
    tmp_path: Path, certificates: Certificates
) -> None:
    out = tmp_path / "out"
    seen: list[tuple[int, bool, list[tuple[str, str]]]] = []

    def progress(index: int, total: int, delivery) -> None:  # type: ignore[no-untyped-def]
        rows = [(row["copy"], row["status"]) for row in journal_rows(out)]
        seen.append((index, (out / "manifest.json").exists(), rows))

    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        config = write_config(tmp_path, server.port, certificates)
        report = send(SAMPLE, RECIPIENTS, out, config=config, progress=progress)
    assert report.ok
    pending = [(f"{n:06d}", "pending") for n in range(1, 6)]
    for index, exists, rows in seen:
        assert not exists  # manifest.json is not rewritten per message
        steps = [(f"{n:06d}", status) for n in range(1, index + 1) for status in ("sending", "sent")]
        assert rows == pending + steps
    assert not (out / JOURNAL).exists()  # compacted at the end
    assert {row["status"] for row in manifest(out).values()} == {"sent"}
    assert sorted(sent_to(handler)) == sorted(ADDRESSES)


def test_copies_are_stamped_one_at_a_time_and_only_when_sent(
    tmp_path: Path, certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamp, write, send, drop: the next copy is made only after the one before went out, so memory holds
    one copy, not the whole list; a copy that is skipped is not made at all."""
    from briefing.render import copies

    events: list[str] = []
    stamp = copies.Stamper.stamp

    def stamping(self, marks):  # type: ignore[no-untyped-def]
        events.append(f"stamp {marks.number}")
        return stamp(self, marks)

    monkeypatch.setattr(copies.Stamper, "stamp", stamping)
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        config = write_config(tmp_path, server.port, certificates)

        def progress(index: int, total: int, delivery) -> None:  # type: ignore[no-untyped-def]
            events.append(f"{delivery.status.value} {delivery.recipient.copy_number}")

        send(SAMPLE, RECIPIENTS, out, config=config, progress=progress)
        numbers = [f"{n:06d}" for n in range(1, 6)]
        assert events == [event for n in numbers for event in (f"stamp {n}", f"sent {n}")]
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        data["entries"] = [row for row in data["entries"] if row["copy"] != "000004"]
        (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        (out / "000004-刘洋.pdf").unlink()  # as if 000004 had never been tried
        events.clear()
        send(SAMPLE, RECIPIENTS, out, config=config, progress=progress)
    assert events == [
        "skipped 000001",
        "skipped 000002",
        "skipped 000003",
        "stamp 000004",
        "sent 000004",
        "skipped 000005",
    ]


def test_a_killed_run_leaves_sending_in_the_journal_and_it_is_never_resent(
    tmp_path: Path, certificates: Certificates
) -> None:
    """SIGKILL while the server holds back its answer to copy 3: the journal says `sending` for it, and the
    next run holds it back, sends 4 and 5, and skips 1 and 2."""
    handler = Handler(stall={"zhangwei@example.org"}, stall_seconds=30)
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        args = send_args(out, write_config(tmp_path, server.port, certificates, timeout=60))
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing.cli", *args],
            cwd=REPO,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while len(handler.received) < 3 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert len(handler.received) == 3
        assert not (out / "manifest.json").exists()
        record = load_manifest(out / "manifest.json")
        statuses = {key: entry.status for key, entry in record.entries.items()}
        assert statuses == {
            "000001": "sent",
            "000002": "sent",
            "000003": "sending",
            "000004": "pending",
            "000005": "pending",
        }
        handler.stall.clear()
        again = run_cli(*args)
    assert again.status == 1
    assert "[3/5] 000003 张伟 <zhangwei@example.org> 上次发送到一半中断" in again.err
    assert "[1/5] 000001 王明 <wangming@example.org> 此前已发送，跳过" in again.err
    assert sent_to(handler) == ADDRESSES  # 1-3 in the killed run, 4 and 5 now: nobody twice
    assert manifest(out)["000003"]["status"] == "sending"


def test_a_torn_last_line_is_ignored_and_cut_before_the_next(
    tmp_path: Path, certificates: Certificates
) -> None:
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        args = send_args(out, write_config(tmp_path, server.port, certificates))
        assert run_cli(*args).status == 0
        rows = manifest(out)
        # A run that crashed while writing 000002's `sent` line, after its `sending` line was on disk.
        (out / "manifest.json").unlink()
        sending = dict(rows["000002"], status="sending", reply=None)
        sent = json.dumps(dict(rows["000002"], status="sent"), ensure_ascii=False)
        journal = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows.values())
        (out / JOURNAL).write_text(
            journal + json.dumps(sending, ensure_ascii=False) + "\n" + sent[:40], encoding="utf-8"
        )
        assert load_manifest(out / "manifest.json").entries["000002"].status == "sending"
        again = run_cli(*args)
    assert again.status == 1
    assert "[2/5] 000002 李红 <lihong@example.org> 上次发送到一半中断" in again.err
    assert len(handler.received) == 5  # nobody twice
    assert manifest(out)["000002"]["status"] == "sending"
    assert not (out / JOURNAL).exists()


def test_a_deeply_nested_manifest_is_a_located_error(tmp_path: Path) -> None:
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = run_cli(*send_args(out, config, "--dry-run"))
    assert run.status == 1, run.err
    assert f"{out / 'manifest.json'}: 发送记录嵌套层次过深，不是 briefing 写的" in run.err
    assert "内部错误" not in run.err
    (out / "manifest.json").write_text('{"entries": [{"copy": "000001", "attempts": 1' + "0" * 5000 + "}]}")
    run = run_cli(*send_args(out, config, "--dry-run"))
    assert run.status == 1 and f"{out / 'manifest.json'}: 发送记录不是有效的 JSON" in run.err


# 14: evidence beside the record ----------------------------------------------------------------------------------
def first_run(tmp_path: Path, server: SmtpServer, certificates: Certificates) -> tuple[list[str], Path]:
    out = tmp_path / "out"
    args = send_args(out, write_config(tmp_path, server.port, certificates))
    assert run_cli(*args).status == 0
    return args, out


@pytest.mark.parametrize("damage", ["deleted", "emptied", "no-rows", "two-rows-dropped"])
def test_copies_the_record_does_not_know_stop_the_run(
    tmp_path: Path, certificates: Certificates, damage: str
) -> None:
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        args, out = first_run(tmp_path, server, certificates)
        path = out / "manifest.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        if damage == "deleted":
            path.unlink()
        elif damage == "emptied":
            path.write_text("", encoding="utf-8")
        elif damage == "no-rows":
            path.write_text(json.dumps(dict(data, entries=[])), encoding="utf-8")
        else:
            data["entries"] = [row for row in data["entries"] if row["copy"] not in ("000002", "000004")]
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        again = run_cli(*args)
        dry = run_cli(*args, "--dry-run")  # a preview would otherwise record the copies as never sent
    assert again.status == 1 and dry.status == 1
    assert len(handler.received) == 5  # nobody twice
    if damage == "two-rows-dropped":
        found = "有 2 个编号份或邮件文件（000002-李红.pdf、000004-刘洋.pdf，共 2 份）"
        numbers = "--resend 2,4"
    else:
        found = "有 5 个编号份或邮件文件（000001-王明.pdf、000002-李红.pdf、000003-张伟.pdf、…，共 5 份）"
        numbers = "--resend 1,2,3,4,5"
    assert f"{path}: 输出目录 {out} 中{found}在发送记录中没有记录" in again.err
    assert "加 --assume-sent 把它们记为可能已发出（不重发）" in again.err and numbers in again.err
    assert "请删去这些文件或换一个输出目录" in again.err
    assert "[1/5]" not in again.err and found in dry.err
    assert not list(out.glob("*.eml"))


def test_assume_sent_holds_them_back_and_resend_sends_one(tmp_path: Path, certificates: Certificates) -> None:
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        args, out = first_run(tmp_path, server, certificates)
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        data["entries"] = [row for row in data["entries"] if row["copy"] not in ("000002", "000004")]
        (out / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

        only_two = run_cli(*args, "--resend", "2")  # 000004 is still unaccounted for
        assert only_two.status == 1 and "000004-刘洋.pdf" in only_two.err
        assert "000002-李红.pdf" not in only_two.err and len(handler.received) == 5

        assumed = run_cli(*args, "--assume-sent")
        assert assumed.status == 1
        assert "[2/5] 000002 李红 <lihong@example.org> 上次发送到一半中断" in assumed.err
        assert "[4/5] 000004 刘洋 <liuyang@example.org> 上次发送到一半中断" in assumed.err
        assert len(handler.received) == 5
        rows = manifest(out)
        assert rows["000004"]["status"] == "sending" and rows["000004"]["file"] == "000004-刘洋.pdf"
        assert rows["000004"]["email"] == "liuyang@example.org"

        plain = run_cli(*args)  # recorded now: no refusal, and still nobody twice
        assert plain.status == 1 and "没有记录" not in plain.err and len(handler.received) == 5

        resent = run_cli(*args, "--resend", "4")
    assert resent.status == 1  # 000002 still needs a decision
    assert sent_to(handler)[5:] == ["liuyang@example.org"]
    assert manifest(out)["000004"]["status"] == "sent"


def test_resend_names_every_unrecorded_copy_to_send_them(tmp_path: Path, certificates: Certificates) -> None:
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        args, out = first_run(tmp_path, server, certificates)
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        data["entries"] = [row for row in data["entries"] if row["copy"] != "000003"]
        (out / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        refused = run_cli(*args)
        assert refused.status == 1 and "000003-张伟.pdf" in refused.err and len(handler.received) == 5
        resent = run_cli(*args, "--resend", "3")
    assert resent.status == 0, resent.err
    assert sent_to(handler)[5:] == ["zhangwei@example.org"]


def test_a_journal_left_by_a_crash_is_part_of_the_record(tmp_path: Path, certificates: Certificates) -> None:
    """manifest.json deleted, but the journal of an interrupted run still holds every row: no refusal."""
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        args, out = first_run(tmp_path, server, certificates)
        rows = manifest(out).values()
        (out / JOURNAL).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        (out / "manifest.json").unlink()
        again = run_cli(*args)
    assert again.status == 0, again.err
    assert "此前已发送 5" in again.out and len(handler.received) == 5


def test_copies_from_build_in_the_send_folder_are_refused_until_removed(tmp_path: Path) -> None:
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    built = run_cli("build", str(SAMPLE), "--recipients", str(RECIPIENTS), "-o", str(out))
    assert built.status == 0
    run = run_cli(*send_args(out, config, "--dry-run"))
    assert run.status == 1 and "build --recipients" in run.err
    for path in out.glob("0*.pdf"):
        path.unlink()
    assert run_cli(*send_args(out, config, "--dry-run")).status == 0


def test_a_long_send_does_not_pile_up_garbage(tmp_path: Path) -> None:
    """The CLI turns the cycle collector off for a command; each message used to leave ~300 objects in
    cycles (120 KB), which a thousand recipients turned into the better part of the memory."""
    import gc

    listed = tmp_path / "recipients.yaml"
    listed.write_text(
        "recipients:\n"
        + "".join(f"  - name: 收件人{n}\n    email: user{n}@example.org\n" for n in range(1, 21)),
        encoding="utf-8",
    )
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    gc.collect()
    gc.disable()
    try:
        report = send(SAMPLE, listed, tmp_path / "out", config=config, dry_run=True)
        left = gc.collect()
    finally:
        gc.enable()
    assert report.ok and len(report.deliveries) == 20
    assert left < 1000  # one message's worth at most; 5,756 before
