"""Sending: a real SMTP server on loopback (aiosmtpd, STARTTLS or TLS, AUTH), the manifest and resuming."""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from email import policy
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pytest
from conftest import REPO, run_cli
from smtpserver import HOST, PASSWORD, USER, Certificates, Handler, SmtpServer, make_certificates

from briefing.copies import Copies, Copy
from briefing.deliver.mailconfig import MailSettings, load_mail_settings
from briefing.deliver.manifest import FIELDS, locked
from briefing.deliver.report import SendReport
from briefing.errors import DeliveryError, LayoutError, LoadError, ValidationError
from briefing.layouts.build import load_layout
from briefing.model.layout import Layout
from briefing.model.packet import Packet
from briefing.pipeline import Options, run_stages
from briefing.read.recipients import Recipient, load_recipients
from briefing.send import SendOptions, send_copies

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data:DeprecationWarning")

SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
TITLE = "东昌区2023年重点工作汇报材料"
SENDER_NAME = "东昌区人民政府办公室"


# fixtures ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


class Built(NamedTuple):
    """The sample packet, its layout, the shared pages and the five stamped copies."""

    packet: Packet
    layout: Layout
    shared: bytes
    copies: list[Copy]


@pytest.fixture(scope="module")
def built() -> Built:
    """The sample packet's five copies, rendered once for the tests that do not go through the CLI."""
    recipients = load_recipients(RECIPIENTS, need_email=True)
    staged = run_stages(SAMPLE, Options(), recipients, lambda staged: staged)
    copies = list(Copies.stamped(staged, recipients))
    return Built(staged.packet, staged.layout, staged.rendered.pdf, copies)


def mail(
    built: Built,
    copies: list[Copy],
    out: Path,
    settings: MailSettings,
    *,
    shared: bytes | None = None,
    layout: Layout | None = None,
    resend: tuple[int, ...] = (),
) -> SendReport:
    """send_copies with the sample's packet, layout and shared pages unless given."""
    how = SendOptions(resend=frozenset(resend))
    return send_copies(
        built.packet, layout or built.layout, shared or built.shared, copies, out, settings, how
    )


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings or keyring from the machine running the tests; the password comes from the environment."""
    for name in list(os.environ):
        if name.startswith("BRIEFING_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", PASSWORD)


def write_config(
    folder: Path, port: int, certificates: Certificates | None, security: str = "starttls", **extra: object
) -> Path:
    values: dict[str, object] = {"host": HOST, "port": port, "security": security}
    if security != "plain":
        values["user"] = USER
    values.update(sender="office@example.gov.cn", sender_name=SENDER_NAME, timeout=5)
    if certificates is not None:
        values["cafile"] = certificates.ca
    values.update(extra)
    path = folder / "mail.yaml"
    path.write_text("".join(f"{key}: {value}\n" for key, value in values.items()), encoding="utf-8")
    return path


def send_args(out: Path, config: Path, *more: str, recipients: Path = RECIPIENTS) -> list[str]:
    return [
        "send",
        str(SAMPLE),
        "--recipients",
        str(recipients),
        "--out",
        str(out),
        "--config",
        str(config),
        *more,
    ]


def manifest(out: Path) -> dict[str, dict]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["copy"]: entry for entry in data["entries"]}


def by_recipient(handler: Handler) -> dict[str, list]:
    found: dict[str, list] = {}
    for received in handler.received:
        for address in received.rcpt_tos:
            found.setdefault(address, []).append(received)
    return found


def check_message(received, recipient: Recipient, out: Path, row: dict) -> None:  # type: ignore[no-untyped-def]
    """Headers decoded as a mail client would, the attachment equal to the copy written, with its 份号."""
    received.data.decode("ascii")  # 7-bit on the wire: everything non-ASCII is encoded
    message = received.message
    assert message["Subject"] == f"【{TITLE}】第{recipient.copy_number}号 {recipient.name}"
    assert b"Subject: =?utf-8?" in received.data
    assert message["From"].addresses[0].display_name == SENDER_NAME
    assert message["To"].addresses[0].display_name == recipient.name
    assert message["To"].addresses[0].addr_spec == recipient.email
    assert message["Message-ID"] == row["message_id"]
    assert message["Message-ID"].endswith("@example.gov.cn>")
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    body = message.get_body(("plain",)).get_content()
    assert recipient.name in body and recipient.copy_number in body
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    name = f"{TITLE}-{recipient.copy_number}-{recipient.name}.pdf"
    assert attachments[0].get_filename() == name
    assert attachments[0].get_content_type() == "application/pdf"
    pdf = attachments[0].get_content()
    written = out / f"{recipient.copy_number}-{recipient.name}.pdf"
    assert pdf == written.read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == row["sha256"]
    first_page = first_page_lines(pdf)
    assert recipient.copy_number in first_page  # the 份号 line, top left of the first page
    others = {f"{n:06d}" for n in range(1, 6)} - {recipient.copy_number}
    assert not others.intersection(first_page)


def first_page_lines(pdf: bytes) -> list[str]:
    """Text lines of page 1 only (reading every page of five copies would take most of this file's time)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
    rows: dict[float, list[dict]] = {}
    for char in chars:
        rows.setdefault(round(char["bottom"]), []).append(char)
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


def check_row(row: dict, recipient: Recipient, status: str) -> None:
    assert set(FIELDS) <= set(row)
    assert row["copy"] == recipient.copy_number
    assert row["name"] == recipient.name
    assert row["email"] == recipient.email
    assert row["file"] == f"{recipient.copy_number}-{recipient.name}.pdf"
    assert row["attachment"] == f"{TITLE}-{recipient.copy_number}-{recipient.name}.pdf"
    assert len(row["sha256"]) == 64 and len(row["content_sha256"]) == 64
    assert row["message_id"].startswith("<")
    assert row["status"] == status
    assert dt.datetime.fromisoformat(row["time"]).tzinfo is not None


# the two scenarios ---------------------------------------------------------------------------------
def test_five_copies_over_starttls_with_auth(tmp_path: Path, certificates: Certificates) -> None:
    recipients = load_recipients(RECIPIENTS, need_email=True)
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        run = run_cli(*send_args(out, write_config(tmp_path, server.port, certificates)))
    assert run.status == 0, run.err
    assert handler.logins == ["PLAIN"]  # one connection, logged in after STARTTLS
    received = by_recipient(handler)
    assert sorted(received) == sorted(r.email for r in recipients)
    rows = manifest(out)
    assert sorted(rows) == [r.copy_number for r in recipients]
    for recipient in recipients:
        assert len(received[recipient.email]) == 1
        row = rows[recipient.copy_number]
        check_row(row, recipient, "sent")
        assert row["reply"]["code"] == 250 and row["reply"]["text"]
        assert row["attempts"] == 1
        check_message(received[recipient.email][0], recipient, out, row)
    assert "[3/5] 000003 张伟 <zhangwei@example.org> 已发送" in run.err
    assert "已发送 5" in run.out


def test_a_451_is_reported_and_a_rerun_sends_only_that_one(
    tmp_path: Path, certificates: Certificates
) -> None:
    handler = Handler(refuse={"zhangwei@example.org": "451 4.3.0 Mailbox busy, try again later"})
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        args = send_args(out, write_config(tmp_path, server.port, certificates))
        first = run_cli(*args)
        assert first.status == 1
        assert "[3/5] 000003 张伟 <zhangwei@example.org> 发送失败：451 4.3.0 Mailbox busy" in first.err
        assert "失败 1" in first.out and "已发送 4" in first.out
        assert "只会补发这些" in first.err and "Traceback" not in first.err
        rows = manifest(out)
        assert rows["000003"]["status"] == "failed"
        assert rows["000003"]["reply"] == {"code": 451, "text": "4.3.0 Mailbox busy, try again later"}
        assert [rows[key]["status"] for key in ("000001", "000002", "000004", "000005")] == ["sent"] * 4
        assert len(handler.received) == 4
        before = {key: row for key, row in rows.items() if key != "000003"}

        handler.refuse.clear()
        done = subprocess.run(
            [sys.executable, "-m", "briefing.cli", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=dict(os.environ),
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert "[1/5] 000001 王明 <wangming@example.org> 此前已发送，跳过" in done.stderr
    assert "[3/5] 000003 张伟 <zhangwei@example.org> 已发送" in done.stderr
    assert len(handler.received) == 5
    assert handler.received[-1].rcpt_tos == ("zhangwei@example.org",)
    rows = manifest(out)
    assert rows["000003"]["status"] == "sent" and rows["000003"]["attempts"] == 2
    assert {key: row for key, row in rows.items() if key != "000003"} == before  # untouched
    recipient = next(r for r in load_recipients(RECIPIENTS) if r.copy == 3)
    check_message(handler.received[-1], recipient, out, rows["000003"])


# never twice -----------------------------------------------------------------------------------------------
def settings_for(
    tmp_path: Path, port: int, certificates: Certificates | None, security: str = "starttls", **extra: object
):  # type: ignore[no-untyped-def]
    return load_mail_settings(
        write_config(tmp_path, port, certificates, security, **extra), allow_plain=security == "plain"
    )


def test_no_reply_after_data_is_never_resent_without_resend(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    handler = Handler(stall={"lihong@example.org"}, stall_seconds=2.5)
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        settings = settings_for(tmp_path, server.port, certificates, timeout=1)
        report = mail(built, copies, out, settings)
        statuses = [d.status for d in report.deliveries]
        assert statuses == ["sent", "sending", "sent", "sent", "sent"]  # reconnected after the lost reply
        row = manifest(out)["000002"]
        assert row["status"] == "sending" and row["reply"]["code"] is None
        first_id = row["message_id"]
        handler.stall.clear()

        again = mail(built, copies, out, settings)
        assert [d.status for d in again.deliveries] == [
            "skipped",
            "uncertain",
            "skipped",
            "skipped",
            "skipped",
        ]
        assert not again.ok
        assert len(handler.received) == 5

        confirmed = mail(built, copies, out, settings, resend=(2,))
    assert [d.status for d in confirmed.deliveries] == ["skipped", "sent", "skipped", "skipped", "skipped"]
    assert confirmed.ok
    twice = [r.message for r in handler.received if r.rcpt_tos == ("lihong@example.org",)]
    assert len(twice) == 2
    assert twice[0]["Message-ID"] == twice[1]["Message-ID"] == first_id  # the same message, for dedup


def test_a_changed_copy_that_was_sent_is_reported_not_resent(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    shared, copies = built.shared, built.copies
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        settings = settings_for(tmp_path, server.port, certificates)
        assert mail(built, copies[:3], out, settings).ok
        first = manifest(out)
        changed = shared + b"\n% corrected"  # the packet was edited after the first three were sent
        report = mail(built, copies, out, settings, shared=changed)
        assert [d.status for d in report.deliveries] == ["changed", "changed", "changed", "sent", "sent"]
        assert not report.ok
        assert len(handler.received) == 5
        assert manifest(out)["000001"] == first["000001"]
        resent = mail(built, copies, out, settings, shared=changed, resend=(1,))
    assert [d.status for d in resent.deliveries][:1] == ["sent"]
    row = manifest(out)["000001"]
    assert row["message_id"] != first["000001"]["message_id"]  # new content, new message
    assert row["attempts"] == 2


def test_a_copy_number_sent_to_someone_else_stops_the_run(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    handler = Handler()
    out = tmp_path / "out"
    shorter = tmp_path / "recipients.yaml"  # 李红 removed: automatic numbering gives 张伟 the 份号 000002
    text = RECIPIENTS.read_text(encoding="utf-8")
    start = text.index("  - name: 李红")
    shorter.write_text(text[:start] + text[text.index("  - name: 张伟") :], encoding="utf-8")
    with SmtpServer(handler, certificates, "starttls") as server:
        config = write_config(tmp_path, server.port, certificates)
        assert mail(built, copies, out, load_mail_settings(config)).ok
        run = run_cli(*send_args(out, config, recipients=shorter))
    assert run.status == 1
    assert "份号 000002 已于" in run.err and "李红 <lihong@example.org>" in run.err
    assert f"{shorter}:" in run.err and "recipients[2]" in run.err
    assert len(handler.received) == 5


# connections ------------------------------------------------------------------------------------------------
def test_implicit_tls(tmp_path: Path, certificates: Certificates, built) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    handler = Handler()
    with SmtpServer(handler, certificates, "tls") as server:
        report = mail(
            built,
            copies[:2],
            tmp_path / "out",
            settings_for(tmp_path, server.port, certificates, "tls"),
        )
    assert report.ok
    assert handler.logins == ["PLAIN"]
    assert [r.rcpt_tos for r in handler.received] == [("wangming@example.org",), ("lihong@example.org",)]


def test_plain_is_refused_unless_allowed(tmp_path: Path, built) -> None:  # type: ignore[no-untyped-def]
    handler = Handler()
    with SmtpServer(handler, None, "plain") as server:
        config = write_config(tmp_path, server.port, None, "plain")
        run = run_cli(*send_args(tmp_path / "out", config))
        assert run.status == 1
        assert f"{config}:3:11: security: " in run.err and "--allow-plain" in run.err
        assert handler.received == []
        copies = built.copies
        settings = load_mail_settings(config, allow_plain=True)
        assert mail(built, copies[:1], tmp_path / "out", settings).ok
    assert len(handler.received) == 1


def test_an_untrusted_certificate_stops_before_anything_is_sent(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        settings = settings_for(tmp_path, server.port, None)  # no cafile: the private CA is not trusted
        report = mail(built, copies, tmp_path / "out", settings)
    assert report.aborted is not None and report.aborted.code == "mail.tls-verify"
    assert "cafile" in report.aborted.render("zh")
    assert [d.status for d in report.deliveries] == ["not-tried"] * 5
    assert {row["status"] for row in manifest(tmp_path / "out").values()} == {"pending"}
    assert handler.received == []


def test_wrong_password_and_no_server(tmp_path: Path, certificates: Certificates, built, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "wrong")
    with SmtpServer(Handler(), certificates, "starttls") as server:
        report = mail(built, copies[:1], tmp_path / "a", settings_for(tmp_path, server.port, certificates))
    assert report.aborted is not None and report.aborted.code == "mail.auth"
    assert "535" in report.aborted.render("en")
    closed = settings_for(tmp_path, server.port, certificates)  # the server is gone now
    report = mail(built, copies[:1], tmp_path / "b", closed)
    assert report.aborted is not None and report.aborted.code == "mail.refused"


# settings -----------------------------------------------------------------------------------------------------
def test_a_password_in_the_settings_file_is_a_located_error(
    tmp_path: Path, certificates: Certificates
) -> None:
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        config = write_config(tmp_path, server.port, certificates)
        with config.open("a", encoding="utf-8") as stream:
            stream.write("password: hunter2\nextra:\n  - {smtp_password: x}\n")
        run = run_cli(*send_args(tmp_path / "out", config))
    assert run.status == 1
    lines = config.read_text(encoding="utf-8").splitlines()
    assert f"{config}:{len(lines) - 2}:1: password: 密码不能写在设置文件里" in run.err
    assert "BRIEFING_SMTP_PASSWORD" in run.err and "keyring set briefing-smtp" in run.err
    assert f"{config}:{len(lines)}:6: extra[1].smtp_password: 密码不能写在设置文件里" in run.err
    assert "hunter2" not in run.err + run.out
    assert handler.received == []


def test_password_comes_from_the_environment_or_the_keyring_only(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = write_config(tmp_path, 2525, None)
    asked = []

    def keyring(service: str, account: str) -> str:
        asked.append((service, account))
        return "from-keyring"

    assert load_mail_settings(config, password_lookup=keyring).password == PASSWORD
    assert asked == []
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD")
    assert load_mail_settings(config, password_lookup=keyring).password == "from-keyring"
    assert asked == [("briefing-smtp", f"{USER}@{HOST}")]
    with pytest.raises(ValidationError) as caught:
        load_mail_settings(config)  # the test keyring backend ("fail") has nothing
    shown = caught.value.render("zh")
    assert f"{config}:4:7: user: 找不到用户 {USER} 的密码" in shown
    assert load_mail_settings(config, need_server=False).password is None  # a dry run needs none


def test_settings_from_the_environment_and_located_mistakes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_SMTP_HOST", "smtp.example.gov.cn")
    monkeypatch.setenv("BRIEFING_SMTP_SENDER", "office@example.gov.cn")
    settings = load_mail_settings()
    assert (settings.host, settings.port, settings.security, settings.user) == (
        "smtp.example.gov.cn",
        465,
        "tls",
        None,
    )
    monkeypatch.setenv("BRIEFING_SMTP_PORT", "587")
    assert load_mail_settings().security == "starttls"
    monkeypatch.setenv("BRIEFING_SMTP_PORT", "abc")
    monkeypatch.setenv("BRIEFING_SMTP_SECURITY", "ssl")
    with pytest.raises(ValidationError) as caught:
        load_mail_settings()
    shown = caught.value.render("en")
    assert "$BRIEFING_SMTP_PORT: port: " in shown and "$BRIEFING_SMTP_SECURITY: security: " in shown
    bad = tmp_path / "mail.yaml"
    bad.write_text("hots: smtp.example.gov.cn\nsender: 办公室 <office@example.gov.cn>\n", encoding="utf-8")
    monkeypatch.delenv("BRIEFING_SMTP_HOST")
    monkeypatch.delenv("BRIEFING_SMTP_SENDER")
    with pytest.raises(ValidationError) as caught:
        load_mail_settings(bad)
    shown = caught.value.render("zh")
    assert f"{bad}:1:1: hots: 未知字段“hots”；是不是“host”？" in shown
    assert f"{bad}:2:9: sender: 发件地址" in shown


def test_no_settings_at_all(tmp_path: Path) -> None:
    run = run_cli("send", str(SAMPLE), "--recipients", str(RECIPIENTS), "--out", str(tmp_path / "out"))
    assert run.status == 1
    assert "找不到发信设置" in run.err and "mail.yaml" in run.err


# recipients, templates, dry run ----------------------------------------------------------------------------
def test_header_injection_in_the_list_is_refused(tmp_path: Path, certificates: Certificates) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(
        'recipients:\n  - name: "张三\\r\\nBcc: spy@evil.example"\n    email: zhangsan@example.org\n'
        '  - name: 李四\n    email: "lisi@example.org\\nRCPT TO:<spy@evil.example>"\n',
        encoding="utf-8",
    )
    handler = Handler()
    with SmtpServer(handler, certificates, "starttls") as server:
        run = run_cli(
            *send_args(tmp_path / "out", write_config(tmp_path, server.port, certificates), recipients=listed)
        )
    assert run.status == 1
    assert f"{listed}:2:" in run.err and "recipients[1].name" in run.err
    assert f"{listed}:5:" in run.err and "recipients[2].email" in run.err
    assert "Traceback" not in run.err
    assert handler.received == [] and not (tmp_path / "out").exists()


def test_a_template_error_stops_before_the_first_message_and_leaves_no_trace(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    """The mail texts are composed before OUT_DIR is locked: a bad template leaves no folder, no lock."""
    folder = tmp_path / "mine"
    shutil.copytree(REPO / "layouts" / "gbt9704", folder)
    (folder / "mail" / "subject.j2").write_text("{# 主题 #}\n{{ recipient.nmae }}\n", encoding="utf-8")
    layout = load_layout(str(folder), built.packet.root).layout
    handler = Handler()
    out = tmp_path / "out"
    with SmtpServer(handler, certificates, "starttls") as server:
        settings = settings_for(tmp_path, server.port, certificates)
        with pytest.raises(LayoutError) as caught:
            mail(built, built.copies, out, settings, layout=layout)
    assert "mine/mail/subject.j2:2: mail/subject.j2: 模板出错" in caught.value.render("zh")
    assert handler.received == [] and not out.exists()


def test_a_bad_mail_template_through_the_cli_leaves_no_output_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(REPO / "layouts" / "gbt9704", folder)
    (folder / "mail" / "body.j2").write_text("{{ packet.title }\n", encoding="utf-8")
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(*send_args(out, config, "--dry-run", "--layout", str(folder)))
    assert run.status == 1, run.err
    assert "mine/mail/body.j2:1: mail/body.j2: " in run.err and "Traceback" not in run.err
    assert not out.exists()


@pytest.mark.parametrize("missing", ["subject.j2", "body.j2"])
def test_a_layout_without_mail_templates_is_a_located_error_not_gbt9704s(
    tmp_path: Path, missing: str
) -> None:
    """No hidden fallback: a layout that lacks mail/x.j2 is told so, and nothing is sent or written."""
    folder = tmp_path / "mine"
    shutil.copytree(REPO / "layouts" / "gbt9704", folder)
    (folder / "mail" / missing).unlink()
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(*send_args(out, config, "--dry-run", "--layout", str(folder)))
    assert run.status == 1
    assert f"mine/mail/{missing}: 版式缺少模板文件 mail/{missing}；请从 gbt9704 版式复制一份" in run.err
    assert not out.exists()
    english = run_cli(*send_args(out, config, "--dry-run", "--layout", str(folder), "--lang", "en"))
    assert f"mine/mail/{missing}: the layout lacks the template mail/{missing}" in english.err


def test_dry_run_writes_messages_that_parse(tmp_path: Path) -> None:
    config = tmp_path / "mail.yaml"  # no server, no user: a dry run needs only the sender
    config.write_text(f"sender: office@example.gov.cn\nsender_name: {SENDER_NAME}\n", encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(*send_args(out, config, "--dry-run"))
    assert run.status == 0, run.err
    assert "未发送任何邮件" in run.out
    rows = manifest(out)
    for recipient in load_recipients(RECIPIENTS):
        row = rows[recipient.copy_number]
        check_row(row, recipient, "dry-run")
        eml = out / f"{recipient.copy_number}-{recipient.name}.eml"
        raw = eml.read_bytes()
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message["Subject"] == f"【{TITLE}】第{recipient.copy_number}号 {recipient.name}"
        [attachment] = message.iter_attachments()
        assert attachment.get_filename() == row["attachment"]
        assert attachment.get_content() == (out / row["file"]).read_bytes()


def test_only_one_run_at_a_time_per_folder(tmp_path: Path, certificates: Certificates, built) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    settings = settings_for(tmp_path, 2525, certificates)
    with locked(tmp_path / "out"), pytest.raises(DeliveryError) as caught:
        mail(built, copies, tmp_path / "out", settings)
    assert "另一个 send 正在使用这个输出目录" in caught.value.render("zh")


def test_a_broken_manifest_or_ca_file_is_reported_not_guessed(
    tmp_path: Path, certificates: Certificates, built
) -> None:  # type: ignore[no-untyped-def]
    copies = built.copies
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"entries": [\n  {"copy": "000001",}\n]}\n', encoding="utf-8")
    settings = settings_for(tmp_path, 2525, certificates)
    with pytest.raises(LoadError) as caught:
        mail(built, copies, out, settings)
    assert f"{out / 'manifest.json'}:2:21: 发送记录不是有效的 JSON" in caught.value.render("zh")
    (out / "manifest.json").unlink()
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate\n", encoding="utf-8")
    report = mail(built, copies[:1], out, settings_for(tmp_path, 2525, None, cafile=not_pem))
    assert report.aborted is not None and report.aborted.code == "mail.cafile-unusable"
    assert report.aborted.render("en").startswith(f"{not_pem}: cafile: cannot use the CA certificate")


def test_the_password_never_shows_in_the_settings_repr() -> None:
    """A repr reaches logs and tracebacks; the password must not go with it."""
    from briefing.deliver.mailconfig import MailSettings

    settings = MailSettings(
        "smtp.example.org", 465, "tls", "office", "office@example.org", None, None, 30, "s3cret"
    )
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings)
    assert "smtp.example.org" in repr(settings) and "password='***'" not in repr(settings)
    assert "password=***" in repr(settings)
