"""Email: one MIME message per copy (RFC 2047/2231 headers) and an SMTP connection that reports every reply."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import re
import smtplib
import socket
import ssl
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import Enum
from typing import Any

import msgspec

from briefing.deliver.mailconfig import MailSettings
from briefing.errors import DeliveryError, Issue, Source, issue
from briefing.read.mailtext import fit_bytes
from briefing.read.recipients import Recipient

MAX_ATTACHMENT_BYTES = 240
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


class Reply(msgspec.Struct, frozen=True):
    """What the server answered (code and text), or what went wrong on the way (code None)."""

    code: int | None
    text: str


class OutcomeStatus(str, Enum):
    """What became of one message handed to the server."""

    SENT = "sent"  # the server took it
    FAILED = "failed"  # it certainly did not
    UNKNOWN = "unknown"  # it went out whole, but no answer came: it may have been delivered


class Outcome(msgspec.Struct, frozen=True):
    """One message's fate and the server's reply (or what went wrong on the way)."""

    status: OutcomeStatus
    reply: Reply


# messages ----------------------------------------------------------------------------------------------
def attachment_name(title: str, recipient: Recipient) -> str:
    """东昌区2023年重点工作汇报材料-000003-张三.pdf: what the recipient sees, safe on every file system."""

    def safe(text: str) -> str:
        return _UNSAFE_FILENAME.sub("_", text).strip(". ")

    # The name is saved on the recipient's disk, whose limit is 255 bytes: a long title gives way first.
    rest = "-".join(part for part in (recipient.copy_number, fit_bytes(safe(recipient.name), 150)) if part)
    room = MAX_ATTACHMENT_BYTES - len(rest.encode("utf-8")) - len("-.pdf")
    title_part = fit_bytes(safe(title), room).rstrip(". ")
    return "-".join(part for part in (title_part, rest) if part) + ".pdf"


def new_message_id(settings: MailSettings) -> str:
    """A fresh Message-ID in the sender's domain."""
    return make_msgid(domain=settings.domain)


def build_message(
    settings: MailSettings,
    recipient: Recipient,
    subject: str,
    body: str,
    pdf: bytes,
    filename: str,
    message_id: str,
    when: dt.datetime,
) -> bytes:
    """The message as it goes over the wire: 7-bit, CRLF, non-ASCII headers and filename encoded."""
    message = EmailMessage(policy=policy.SMTP)
    local, _, domain = settings.sender.partition("@")
    message["From"] = Address(settings.sender_name or "", local, domain)
    assert recipient.email is not None  # load_recipients(need_email=True) guarantees it
    local, _, domain = recipient.email.partition("@")
    message["To"] = Address(recipient.name, local, domain)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    message.set_content(body, cte="base64")
    # The email package encodes and then re-reads the attachment line by line in Python, a tenth of a
    # second for the sample's 400 KB: it gets a short stand-in, replaced by the same base64 lines made in C.
    stand_in = b"briefing attachment " + os.urandom(12)
    message.add_attachment(stand_in, maintype="application", subtype="pdf", filename=filename)
    for part in message.iter_attachments():
        part.set_param("name", filename)  # older clients read the name from Content-Type
    wire = message.as_bytes()
    placeholder = _base64_lines(stand_in)
    assert wire.count(placeholder) == 1
    return wire.replace(placeholder, _base64_lines(pdf))


def _base64_lines(data: bytes) -> bytes:
    """Base64 as MIME writes it (76 characters a line, CRLF after each), encoded in one call."""
    encoded = base64.b64encode(data)
    return b"".join(encoded[start : start + 76] + b"\r\n" for start in range(0, len(encoded), 76))


# SMTP --------------------------------------------------------------------------------------------------
class _NoStartTLS(Exception):
    pass


class Mailer:
    """One SMTP connection, opened on demand and reopened after a drop; never raises for one recipient."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self.in_doubt = False  # the message went out whole but no reply came: it may have been delivered

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        """Open, secure and log in, unless already connected; raise a DeliveryError saying why not."""
        if self._smtp is None:
            self._smtp = _open(self.settings, _tls_context(self.settings))

    def send(self, recipient: str, data: bytes) -> Outcome:
        """One transaction on the open connection: MAIL, RCPT, DATA. A refusal or a drop is an Outcome."""
        smtp = self._smtp
        assert smtp is not None, "connect() first"
        self.in_doubt = False
        try:
            code, text = smtp.mail(self.settings.sender)
            if code != 250:
                return self._refused(code, text)
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, text)
            code, text = smtp.docmd("data")
            if code != 354:
                return self._refused(code, text)
            payload = re.sub(rb"(?m)^\.", b"..", data)
            if not payload.endswith(b"\r\n"):
                payload += b"\r\n"
            self.in_doubt = True
            smtp.send(payload + b".\r\n")
        except (smtplib.SMTPException, OSError) as exc:
            self.in_doubt = False  # the final "." never got out whole, so the server cannot have taken it
            self.close()
            return Outcome(OutcomeStatus.FAILED, Reply(None, _describe(exc)))
        try:
            code, text = smtp.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            return Outcome(OutcomeStatus.UNKNOWN, Reply(None, _describe(exc)))
        self.in_doubt = False
        if code == 250:
            return Outcome(OutcomeStatus.SENT, Reply(code, _text(text)))
        return self._refused(code, text)

    def _refused(self, code: int, text: bytes) -> Outcome:
        smtp = self._smtp
        if code == 421 or code < 0 or smtp is None:
            self.close()
        else:
            try:
                smtp.rset()
            except (smtplib.SMTPException, OSError):
                self.close()
        return Outcome(OutcomeStatus.FAILED, Reply(code if code > 0 else None, _text(text)))

    def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                _close(smtp)


def _tls_context(settings: MailSettings) -> ssl.SSLContext:
    """Certificates checked against the system's CAs, or the settings' cafile; DeliveryError if unusable."""
    try:
        return ssl.create_default_context(cafile=str(settings.cafile) if settings.cafile else None)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
        raise DeliveryError(
            [issue(Source(str(settings.cafile)), "cafile", "mail.cafile-unusable", reason=reason)]
        ) from None


def _open(settings: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """A connection secured as the settings say and logged in; DeliveryError naming what failed."""
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        smtp.ehlo()
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise _NoStartTLS
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            _login(smtp, settings.user, settings.password or "")
    except (smtplib.SMTPException, OSError, _NoStartTLS, UnicodeError) as exc:
        if smtp is not None:
            _close(smtp)
        raise DeliveryError([_connect_issue(settings, exc)]) from None
    return smtp


def _connect_issue(settings: MailSettings, exc: BaseException) -> Issue:
    """Why a connection could not be made, in the words of the catalogue."""
    code, params = _refusal(settings, exc) or _network(settings, exc)
    return issue(
        Source(settings.server), "", code, server=settings.server, timeout=settings.timeout, **params
    )


def _refusal(settings: MailSettings, exc: BaseException) -> tuple[str, dict[str, Any]] | None:
    """The server answered, but not as a session needs (no STARTTLS, a refused login or greeting)."""
    if isinstance(exc, _NoStartTLS):
        return "mail.no-starttls", {}
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "mail.auth", {"user": settings.user, **_reply_params(exc)}
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return "mail.no-auth", {}
    if isinstance(exc, smtplib.SMTPResponseException):
        return "mail.greeting", _reply_params(exc)
    return None


def _network(settings: MailSettings, exc: BaseException) -> tuple[str, dict[str, Any]]:
    """The way to the server failed: TLS, the name, the port, the clock."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "mail.tls-verify", {"reason": exc.verify_message or str(exc)}
    if isinstance(exc, ssl.SSLError):
        return "mail.tls", {"reason": exc.reason or str(exc)}
    if isinstance(exc, socket.gaierror):
        return "mail.host-unknown", {"host": settings.host}
    if isinstance(exc, ConnectionRefusedError):
        return "mail.refused", {}
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):  # smtplib reports it as a disconnect
        return "mail.connect-timeout", {}
    return "mail.connect", {"reason": _describe(exc)}


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN, else AUTH LOGIN, in UTF-8: smtplib's own login() cannot send a non-ASCII password."""
    offered = (smtp.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" in offered:
        token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
        code, text = smtp.docmd("AUTH", f"PLAIN {token}")
    elif "LOGIN" in offered:
        code, text = smtp.docmd("AUTH", "LOGIN")
        for value in (user, password):
            if code != 334:
                break
            code, text = smtp.docmd(base64.b64encode(value.encode()).decode("ascii"))
    else:
        raise smtplib.SMTPNotSupportedError("AUTH PLAIN/LOGIN")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, text)


def _close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return " ".join(text.split())


def _reply_params(exc: smtplib.SMTPResponseException) -> dict[str, Any]:
    return {"reply": f"{exc.smtp_code} {_text(exc.smtp_error)}"}


def _describe(exc: BaseException) -> str:
    """A network failure in words (kept in the manifest next to the servers' own replies)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return "timed out waiting for the server"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"connection closed by the server ({exc})" if str(exc) else "connection closed by the server"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
