"""`send`: each recipient's numbered copy mailed one at a time, every step on record before it is taken.

So a run can be resumed and never mails a copy twice; the record and its checks are in deliver/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Mapping as MappingOf
from pathlib import Path
from typing import Any

import msgspec

from briefing.compose import compose_mail
from briefing.copies import Copies, Copy, CopyGroup, copy_filename, copy_groups
from briefing.deliver.mail import Mailer, OutcomeStatus, attachment_name, build_message, new_message_id
from briefing.deliver.mailconfig import MailSettings, load_mail_settings
from briefing.deliver.manifest import MANIFEST_NAME, Entry, Manifest, RowStatus, load_manifest, locked
from briefing.deliver.report import Delivery, DeliveryStatus, SendReport
from briefing.deliver.resume import (
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
from briefing.errors import BriefingError, DeliveryError, Issue, Source, ValidationError, issue
from briefing.files.atomic import write_atomic
from briefing.layouts.templates import mail_templates
from briefing.model.layout import Layout
from briefing.model.packet import Packet
from briefing.pipeline import Options
from briefing.read.recipients import Recipient, load_recipients

# A copy held back, by why; a message handed over, by what the server made of it: (row, delivery).
_HELD = {
    Action.SKIP: DeliveryStatus.SKIPPED,
    Action.CHANGED: DeliveryStatus.CHANGED,
    Action.UNCERTAIN: DeliveryStatus.UNCERTAIN,
}
_AFTER = {
    OutcomeStatus.SENT: (RowStatus.SENT, DeliveryStatus.SENT),
    OutcomeStatus.FAILED: (RowStatus.FAILED, DeliveryStatus.FAILED),
    OutcomeStatus.UNKNOWN: (RowStatus.SENDING, DeliveryStatus.SENDING),
}


Progress = Callable[[int, int, Delivery], None]


class SendOptions(msgspec.Struct, frozen=True):
    """How a run treats the record: a dry run, the copies confirmed for resending, --assume-sent."""

    dry_run: bool = False
    resend: frozenset[int] = frozenset()
    assume_sent: bool = False


def send(
    root: Path,
    recipients_file: Path,
    out_dir: Path,
    *,
    config: Path | None = None,
    options: Options | None = None,
    dry_run: bool = False,
    allow_plain: bool = False,
    resend: Iterable[int] = (),
    assume_sent: bool = False,
    environ: MappingOf[str, str] | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Build every recipient's copy and mail it, one copy at a time, keeping OUT_DIR's record up to date.

    Settings and the recipient list are checked together (all problems at once), then the record: a 份号
    already delivered to someone else, or copies in the folder the record has no row for, stop the run
    before anything is built. A recipient with `areas:` of their own gets a copy of those areas only, as
    `build --recipients` makes it: one document is rendered per set of areas, and its 分送 list names
    the recipients of that document (copies.copy_groups).
    """
    settings, recipients = _settings_and_list(
        config, recipients_file, environ=environ, allow_plain=allow_plain, need_server=not dry_run
    )
    how = SendOptions(dry_run, _resend_wanted(resend, recipients, recipients_file), assume_sent)
    _checked_record(out_dir, recipients, how)  # fail before building
    # Every document before the first message: what each copy shows decides whether it is (re)sent.
    groups = list(copy_groups(root, recipients, options or Options()))
    shared = [Shared(group.staged.packet, group.staged.rendered.pdf, group.recipients) for group in groups]
    copies = _stamped_in_list_order(groups, recipients)
    return _send(groups[0].staged.layout, shared, copies, out_dir, settings, how, progress)


def _settings_and_list(
    config: Path | None,
    recipients_file: Path,
    *,
    environ: MappingOf[str, str] | None,
    allow_plain: bool,
    need_server: bool,
) -> tuple[MailSettings, tuple[Recipient, ...]]:
    """The mail settings and the recipient list (each with an address); ValidationError listing the
    problems of both at once."""
    issues: list[Issue] = []
    settings = recipients = None
    try:
        settings = load_mail_settings(
            config, environ=environ, allow_plain=allow_plain, need_server=need_server
        )
    except BriefingError as exc:
        issues.extend(exc.issues)
    try:
        recipients = load_recipients(recipients_file, str(recipients_file), need_email=True)
    except BriefingError as exc:
        issues.extend(exc.issues)
    if issues or settings is None or recipients is None:
        raise ValidationError(issues)
    return settings, recipients


def _resend_wanted(
    resend: Iterable[int], recipients: tuple[Recipient, ...], recipients_file: Path
) -> frozenset[int]:
    """The copies --resend confirms; ValidationError if one is not on the list."""
    wanted = frozenset(int(number) for number in resend)
    unknown = sorted(wanted - {recipient.copy for recipient in recipients})
    if unknown:
        shown = tuple(f"{number:06d}" for number in unknown)
        raise ValidationError([issue(Source(str(recipients_file)), "", "send.resend-unknown", copies=shown)])
    return wanted


class Shared(msgspec.Struct, frozen=True):
    """One rendered document (the packet, or some of its areas) and the recipients of its copies."""

    packet: Packet
    pdf: bytes
    recipients: tuple[Recipient, ...]


def send_copies(
    packet: Packet,
    layout: Layout,
    shared_pdf: bytes,
    copies: Copies | Sequence[Copy],
    out_dir: Path,
    settings: MailSettings,
    how: SendOptions | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Mail copies of one document (stamped one at a time as their turn comes), recording each step in
    OUT_DIR; see _send."""
    made = copies if isinstance(copies, Copies) else Copies.made(copies)
    shared = [Shared(packet, shared_pdf, made.recipients)]
    return _send(layout, shared, made, out_dir, settings, how or SendOptions(), progress)


def _stamped_in_list_order(groups: Sequence[CopyGroup], recipients: tuple[Recipient, ...]) -> Copies:
    """Each recipient's copy, stamped from their group's document when its turn comes."""
    stamped: dict[int, tuple[Copies, int]] = {}
    for group in groups:
        copies = Copies.stamped(group.staged, group.recipients)
        stamped.update((id(recipient), (copies, index)) for index, recipient in enumerate(group.recipients))

    def make(index: int) -> bytes:
        copies, within = stamped[id(recipients[index])]
        return copies.pdf(within)

    return Copies(recipients, make)


def _send(
    layout: Layout,
    shared: Sequence[Shared],
    made: Copies,
    out_dir: Path,
    settings: MailSettings,
    how: SendOptions,
    progress: Progress | None,
) -> SendReport:
    """Mail the copies and record each step in OUT_DIR.

    Every message's text is composed first (from the document its copy is stamped from) and the folder
    locked only then (which creates it), so a template error stops the run before the first send and
    leaves no trace in OUT_DIR.
    """
    subject, body = mail_templates(layout)
    sender = settings.sender_name or ""
    found: dict[int, tuple[str, tuple[str, str], bytes]] = {}  # by recipient: attachment, text, document
    for document in shared:
        names = [attachment_name(document.packet.title, recipient) for recipient in document.recipients]
        texts = compose_mail(
            document.packet, subject, body, document.recipients, sender_name=sender, attachments=names
        )
        for recipient, name, text in zip(document.recipients, names, texts, strict=True):
            found[id(recipient)] = (name, text, document.pdf)
    outgoing = [_Outgoing(index, r, *found[id(r)][:2]) for index, r in enumerate(made.recipients)]
    pdfs = [found[id(recipient)][2] for recipient in made.recipients]
    run = _Run(shared[0].packet.title, pdfs, made, out_dir, settings, how, progress)
    with locked(out_dir):
        return run.send(outgoing)


def _checked_record(
    out_dir: Path, recipients: tuple[Recipient, ...], how: SendOptions
) -> tuple[Manifest, dict[str, list[str]]]:
    """The record in OUT_DIR, and the copies found there without a row, once both allow the run."""
    manifest = load_manifest(out_dir / MANIFEST_NAME)
    found = unrecorded(out_dir, manifest)
    check_unrecorded(manifest, found, how.resend, how.assume_sent)
    check_identity(manifest, recipients, how.resend)
    return manifest, found


class _Outgoing(msgspec.Struct, frozen=True):
    """What one message is made of, besides the copy itself."""

    index: int
    recipient: Recipient
    attachment: str
    text: tuple[str, str]  # subject, body


class _Run:
    """One send run under the folder's lock: the record, the copies and the connection it works with."""

    def __init__(
        self,
        title: str,
        shared_pdfs: Sequence[bytes],
        copies: Copies,
        out_dir: Path,
        settings: MailSettings,
        how: SendOptions,
        progress: Progress | None,
    ):
        self.title = title
        self.shared_pdfs = shared_pdfs  # each recipient's document, before stamping
        self.copies = copies
        self.out_dir = out_dir
        self.settings = settings
        self.how = how
        self.progress = progress

    def send(self, outgoing: list[_Outgoing]) -> SendReport:
        """Check the record again (another run may have written it since), then go through the list."""
        recipients = self.copies.recipients
        manifest, found = _checked_record(self.out_dir, recipients, self.how)
        # Nothing is written before this point: a record that stops the run leaves the folder as it was.
        manifest.packet = self.title
        if self.how.assume_sent:
            manifest.record(adopted(found, recipients))
        digests: dict[int, hashlib._Hash] = {}  # by document: recipients of one set of areas share it
        for pdf in self.shared_pdfs:
            digests.setdefault(id(pdf), hashlib.sha256(pdf))
        contents = [
            _content_sha256(digests[id(pdf)], recipient)
            for recipient, pdf in zip(recipients, self.shared_pdfs, strict=True)
        ]
        actions = [
            decide(manifest.entries.get(r.copy_number), content, r.copy in self.how.resend)
            for r, content in zip(recipients, contents, strict=True)
        ]
        # Everyone on the list has a row before any file of theirs is written (see resume.unrecorded).
        manifest.record(
            [
                start(None, recipient, content, "")
                for recipient, content in zip(recipients, contents, strict=True)
                if recipient.copy_number not in manifest.entries
            ]
        )
        report_removed = tuple((e.copy, e.name, e.email) for e in removed(manifest, recipients))
        try:
            deliveries, aborted = self._go_through(manifest, outgoing, actions, contents)
        except BaseException:
            # Stopped (Ctrl-C, a full disk): compact what is on record if possible; the journal keeps it if not.
            with contextlib.suppress(BriefingError):
                manifest.save()
            raise
        manifest.save()
        return SendReport(manifest.path, tuple(deliveries), report_removed, aborted, self.how.dry_run)

    def _go_through(
        self, manifest: Manifest, outgoing: list[_Outgoing], actions: list[Action], contents: list[str]
    ) -> tuple[list[Delivery], Issue | None]:
        """Each recipient in list order, on one connection; after a lost connection, the rest are not tried."""
        deliveries: list[Delivery] = []
        aborted: Issue | None = None
        with Mailer(self.settings) as mailer:
            for message, action, content in zip(outgoing, actions, contents, strict=True):
                previous = manifest.entries.get(message.recipient.copy_number)
                if action is not Action.SEND:
                    reply = _reply(previous.reply if previous else None)
                    delivery = Delivery(message.recipient, _HELD[action], reply)
                elif aborted is not None:
                    delivery = Delivery(message.recipient, DeliveryStatus.NOT_TRIED)
                else:
                    delivery, aborted = self._deliver(manifest, mailer, previous, message, content)
                deliveries.append(delivery)
                if self.progress is not None:
                    self.progress(message.index + 1, len(outgoing), delivery)
                # The CLI switches the cycle collector off for a command; a message leaves cycles
                # (the email package's header classes, the marks' canvas) worth 120 KB, which over
                # a thousand recipients would be most of the memory. Only the young ones are looked at.
                gc.collect(0)
        return deliveries, aborted

    def _deliver(
        self, manifest: Manifest, mailer: Mailer, previous: Entry | None, outgoing: _Outgoing, content: str
    ) -> tuple[Delivery, Issue | None]:
        """One recipient: write the copy, then mark `sending`, send, mark the outcome (each line on disk
        before the next step). A dry run writes the message as .eml instead. The copy is stamped here and
        dropped on return."""
        recipient = outgoing.recipient
        if not self.how.dry_run:
            try:
                mailer.connect()
            except DeliveryError as exc:
                return Delivery(recipient, DeliveryStatus.NOT_TRIED), exc.issues[0]
        pdf = self.copies.pdf(outgoing.index)
        file = self.out_dir / copy_filename(recipient)
        entry = msgspec.structs.replace(
            start(previous, recipient, content, new_message_id(self.settings)),
            file=file.name,
            attachment=outgoing.attachment,
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        message = _message(self.settings, outgoing, pdf, entry.message_id)
        if self.how.dry_run:
            return self._preview(manifest, previous, recipient, entry, pdf, message), None
        write_atomic(file, pdf)
        del pdf
        return self._mail(manifest, mailer, recipient, entry, message), None

    def _preview(
        self,
        manifest: Manifest,
        previous: Entry | None,
        recipient: Recipient,
        entry: Entry,
        pdf: bytes,
        message: bytes,
    ) -> Delivery:
        """A dry run: the message as .eml beside the copy; recorded only on rows that were never tried,
        so that a preview never hides a send."""
        file = self.out_dir / entry.file
        eml = file.with_suffix(".eml")
        write_atomic(eml, message)
        if previous is None or previous.status in (RowStatus.PENDING, RowStatus.DRY_RUN):
            write_atomic(file, pdf)
            manifest.update(advance(entry, RowStatus.DRY_RUN))
        return Delivery(recipient, DeliveryStatus.DRY_RUN, file=eml)

    def _mail(
        self, manifest: Manifest, mailer: Mailer, recipient: Recipient, entry: Entry, message: bytes
    ) -> Delivery:
        """Mark `sending`, hand the message to the server, mark what it said."""
        entry = advance(entry, RowStatus.SENDING)
        manifest.update(entry)
        try:
            outcome = mailer.send(recipient.email or "", message)
        except KeyboardInterrupt:
            if not mailer.in_doubt:  # stopped before the message went out whole: it was certainly not sent
                manifest.update(advance(entry, RowStatus.FAILED, {"code": None, "text": "interrupted"}))
            raise
        row, status = _AFTER[outcome.status]
        manifest.update(advance(entry, row, {"code": outcome.reply.code, "text": outcome.reply.text}))
        return Delivery(
            recipient, status, (outcome.reply.code, outcome.reply.text), self.out_dir / entry.file
        )


def _message(settings: MailSettings, outgoing: _Outgoing, pdf: bytes, message_id: str) -> bytes:
    when = dt.datetime.now().astimezone()
    subject, body = outgoing.text
    return build_message(
        settings, outgoing.recipient, subject, body, pdf, outgoing.attachment, message_id, when
    )


def _reply(reply: dict[str, Any] | None) -> tuple[int | None, str] | None:
    return (reply.get("code"), str(reply.get("text", ""))) if reply else None


def _content_sha256(shared: hashlib._Hash, recipient: Recipient) -> str:
    """What a copy shows: the shared pages (`shared` is their running hash) plus the marks stamped on it
    (份号, name). The stamped PDF itself is not byte-stable from one build to the next, so resuming
    compares this."""
    digest = shared.copy()
    digest.update(b"\0" + recipient.copy_number.encode() + b"\0" + recipient.name.encode("utf-8"))
    return digest.hexdigest()
