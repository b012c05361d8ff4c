"""Mail: the message as it goes over the wire, and an SMTP connection that turns every reply into an Outcome."""

from __future__ import annotations

import datetime as dt
import email
import os
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from msgspec.structs import replace
from smtpserver import HOST, Handler, SmtpServer, free_port

from briefing.deliver.mail import Mailer, Outcome, OutcomeStatus, Reply, attachment_name, build_message
from briefing.deliver.mailconfig import MailSettings
from briefing.errors import DeliveryError
from briefing.read.recipients import Recipient, load_recipients

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data:DeprecationWarning")

REPO = Path(__file__).resolve().parent.parent.parent
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
TITLE = "东昌区2023年重点工作汇报材料"
SENDER = "office@example.gov.cn"


@pytest.fixture(scope="module")
def recipient() -> Recipient:
    return load_recipients(RECIPIENTS, need_email=True)[2]  # 张伟


def relay(port: int, security: str = "plain", timeout: int = 5) -> MailSettings:
    """A local relay: no TLS, no login."""
    return MailSettings(HOST, port, security, None, SENDER, "东昌区人民政府办公室", None, timeout)


# the message ------------------------------------------------------------------------------------------------
def test_the_message_is_seven_bit_and_reads_back_as_written(recipient: Recipient) -> None:
    pdf = b"%PDF-1.7\n" + os.urandom(200_000)  # every byte value, lines of any length
    name = attachment_name(TITLE, recipient)
    when = dt.datetime(2023, 1, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    wire = build_message(
        relay(25),
        recipient,
        "【汇报材料】第000003号 张伟",
        "张伟：\n请查收。\n",
        pdf,
        name,
        "<1@example.gov.cn>",
        when,
    )
    wire.decode("ascii")
    assert b"\r\n" in wire and b"\n" not in wire.replace(b"\r\n", b"")
    assert max(len(line) for line in wire.split(b"\r\n")) <= 78
    assert b"Subject: =?utf-8?" in wire
    message = email.message_from_bytes(wire, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "【汇报材料】第000003号 张伟"
    assert message["From"].addresses[0].display_name == "东昌区人民政府办公室"
    assert message["To"].addresses[0].display_name == "张伟"
    assert message["To"].addresses[0].addr_spec == "zhangwei@example.org"
    assert message["Message-ID"] == "<1@example.gov.cn>"
    assert message["Date"] == "Mon, 02 Jan 2023 09:30:00 +0800"
    assert message.get_body(("plain",)).get_content() == "张伟：\r\n请查收。\r\n"  # canonical text: CRLF
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == name == f"{TITLE}-000003-张伟.pdf"
    assert attachment.get_param("name") == name  # older clients read it from Content-Type
    assert attachment.get_content() == pdf


def test_a_long_title_gives_way_in_the_attachment_name(recipient: Recipient) -> None:
    name = attachment_name("很长的标题/第一部分:" * 40, recipient)
    assert len(name.encode("utf-8")) <= 240
    assert name.endswith("-000003-张伟.pdf") and name.startswith("很长的标题_第一部分_")
    blank = attachment_name("", replace(recipient, name="..."))
    assert blank == "000003.pdf"


# the connection ---------------------------------------------------------------------------------------------
def test_a_refused_recipient_is_an_outcome_and_the_connection_goes_on(recipient: Recipient) -> None:
    handler = Handler(refuse={"nobody@example.org": "550 5.1.1 No such user"})
    with SmtpServer(handler, None, "plain") as server, Mailer(relay(server.port)) as mailer:
        mailer.connect()
        refused = mailer.send("nobody@example.org", b"Subject: x\r\n\r\nbody\r\n")
        sent = mailer.send("zhangwei@example.org", b"Subject: y\r\n\r\n.line with a dot\r\n")
    assert refused == Outcome(OutcomeStatus.FAILED, Reply(550, "5.1.1 No such user"))
    assert sent.status is OutcomeStatus.SENT and sent.reply.code == 250
    assert [r.rcpt_tos for r in handler.received] == [("zhangwei@example.org",)]
    assert handler.received[0].data.endswith(b".line with a dot\r\n")  # dot-stuffed on the way, and back


def test_a_421_closes_the_connection_and_connect_opens_another(recipient: Recipient) -> None:
    handler = Handler(refuse={"busy@example.org": "421 4.3.2 Service shutting down"})
    with SmtpServer(handler, None, "plain") as server, Mailer(relay(server.port)) as mailer:
        mailer.connect()
        closed = mailer.send("busy@example.org", b"Subject: x\r\n\r\nbody\r\n")
        with pytest.raises(AssertionError):
            mailer.send("zhangwei@example.org", b"Subject: x\r\n\r\nbody\r\n")
        mailer.connect()
        again = mailer.send("zhangwei@example.org", b"Subject: x\r\n\r\nbody\r\n")
    assert closed == Outcome(OutcomeStatus.FAILED, Reply(421, "4.3.2 Service shutting down"))
    assert again.status is OutcomeStatus.SENT


def test_no_answer_after_the_message_is_unknown_and_in_doubt(recipient: Recipient) -> None:
    handler = Handler(stall={"zhangwei@example.org"}, stall_seconds=2.5)
    with SmtpServer(handler, None, "plain") as server, Mailer(relay(server.port, timeout=1)) as mailer:
        mailer.connect()
        outcome = mailer.send("zhangwei@example.org", b"Subject: x\r\n\r\nbody\r\n")
        assert outcome.status is OutcomeStatus.UNKNOWN and outcome.reply.code is None
        assert mailer.in_doubt
    assert len(handler.received) == 1


def test_why_a_connection_failed_is_named(tmp_path: Path) -> None:
    port = free_port()  # nobody listens there
    with pytest.raises(DeliveryError) as caught:
        Mailer(relay(port)).connect()
    assert caught.value.issues[0].code == "mail.refused"
    assert caught.value.render("en").startswith(f"smtp://{HOST}:{port}: ")
    with SmtpServer(Handler(), None, "plain") as server:
        with pytest.raises(DeliveryError) as caught:
            Mailer(relay(server.port, "starttls")).connect()
        assert caught.value.issues[0].code == "mail.no-starttls"
        not_pem = tmp_path / "ca.pem"
        not_pem.write_text("not a certificate\n", encoding="utf-8")
        with pytest.raises(DeliveryError) as caught:
            Mailer(replace(relay(server.port, "starttls"), cafile=not_pem)).connect()
    assert caught.value.render("en").startswith(f"{not_pem}: cafile: cannot use the CA certificate")
