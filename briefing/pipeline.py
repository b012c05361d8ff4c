"""The one place that runs the stages in order: load → validate → compose → render → deliver."""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Mapping as MappingOf
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from briefing.errors import BriefingError, DeliveryError, Issue, Source, ValidationError, issue
from briefing.model.layout import Layout
from briefing.model.packet import Packet, Totals, sum_projects
from briefing.read.mailtext import fit_bytes
from briefing.read.packet_files import load_packet
from briefing.read.recipients import Recipient
from briefing.read.rules import validate_packet

if TYPE_CHECKING:
    from briefing.deliver.mail import Mailer
    from briefing.deliver.mailconfig import MailSettings
    from briefing.deliver.manifest import Entry, Manifest
    from briefing.model.plan import Plan
    from briefing.render import Rendered


class Summary(msgspec.Struct, frozen=True):
    """What `validate` reports on success."""

    areas: int
    targets: int
    projects: int
    totals: Totals
    declared_count: int | None
    declared_total: str | None


def load_and_validate(root: Path) -> Packet:
    """Stages one and two: read every file of the packet and check it; raises a BriefingError."""
    return validate_packet(load_packet(root))


def summarize(packet: Packet) -> Summary:
    totals = sum_projects(packet.projects)
    declared = packet.declared
    return Summary(
        areas=len(packet.areas),
        targets=len(packet.targets),
        projects=len(packet.projects),
        totals=totals,
        declared_count=declared.count if declared else None,
        declared_total=declared.total_investment.text() if declared and declared.total_investment else None,
    )


class Options(msgspec.Struct, frozen=True):
    """How to build: layout name or folder, duplex printing, marks that override packet.yaml."""

    layout: str | None = None
    duplex: bool = False
    draft: str | None = None
    copy_number: int | None = None
    format: str = "pdf"  # or "docx": the same plan written as a Word document
    embed_fonts: bool = False  # docx only: carry the fonts whose licence allows it


class BuildResult(msgspec.Struct, frozen=True):
    """What `build` reports: where the PDF went, its pages and bytes."""

    output: Path
    pages: int
    bytes: int
    synthetic_bold: tuple[str, ...] = ()
    not_embedded: tuple[str, ...] = ()  # docx: font families asked to embed whose licence forbids it


class Copy(msgspec.Struct, frozen=True):
    """One recipient's numbered copy, in memory."""

    recipient: Recipient
    filename: str
    pdf: bytes


class Copies:
    """Numbered copies in list order, each made only when asked for, so that only the one being written
    or sent is in memory (a thousand stamped copies of the sample are 400 MB)."""

    def __init__(self, recipients: tuple[Recipient, ...], make: Callable[[int], bytes]):
        self.recipients = recipients
        self._make = make

    @classmethod
    def made(cls, copies: Sequence[Copy]) -> Copies:
        """Copies already in memory (from make_copies)."""
        return cls(tuple(copy.recipient for copy in copies), lambda index: copies[index].pdf)

    def __len__(self) -> int:
        return len(self.recipients)

    def pdf(self, index: int) -> bytes:
        """The PDF of the copy for recipients[index], stamped now."""
        return self._make(index)

    def __iter__(self) -> Iterator[Copy]:
        for index, recipient in enumerate(self.recipients):
            yield Copy(recipient, copy_filename(recipient), self.pdf(index))


def build_pdf(
    root: Path,
    layout: str | None = None,
    duplex: bool = False,
    *,
    options: Options | None = None,
    recipients: tuple[Recipient, ...] = (),
) -> tuple[Packet, Rendered]:
    """Stages one to four: the validated packet rendered with its layout; returns (packet, Rendered)."""
    packet, _, rendered = _render(root, options or Options(layout=layout, duplex=duplex), recipients)
    return packet, rendered


def _render(
    root: Path, options: Options, recipients: tuple[Recipient, ...]
) -> tuple[Packet, Layout, Rendered]:
    packet, plan = _plan(root, options, recipients)
    return packet, plan.layout, _rendered(plan, recipients)


def _plan(root: Path, options: Options, recipients: tuple[Recipient, ...]) -> tuple[Packet, Plan]:
    """Stages one to three: the validated packet composed with its layout."""
    from briefing.compose import compose
    from briefing.layouts.build import load_layout

    packet = load_and_validate(root)
    loaded = load_layout(*_layout_asked(packet, options.layout))
    copy_number = f"{options.copy_number:06d}" if options.copy_number else ""
    plan = compose(
        packet,
        loaded,
        duplex=options.duplex,
        recipients=recipients,
        draft=options.draft,
        copy_number=copy_number,
    )
    return packet, plan


def _rendered(plan: Plan, recipients: tuple[Recipient, ...]) -> Rendered:
    from briefing.compose import locate_in_recipients
    from briefing.errors import RenderError
    from briefing.render import render

    try:
        return render(plan)
    except RenderError as exc:  # a glyph missing from the distribution list is in someone's name
        raise RenderError(locate_in_recipients(exc.issues, recipients)) from None


def _layout_asked(packet: Packet, option: str | None) -> tuple[str, Path, tuple[Source, str]]:
    """The layout to use, the packet folder to search from, and where it was asked for (for messages)."""
    if option:
        return option, packet.root, (Source("--layout"), "")
    return packet.layout, packet.root, (packet.where("layout"), "layout")


def build(root: Path, output: Path, options: Options | None = None) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF (or the Word document) atomically."""
    from briefing.files.atomic import write_atomic

    if options is not None and options.format == "docx":
        return _build_docx(root, output, options)
    _, rendered = build_pdf(root, options=options or Options())
    write_atomic(output, rendered.pdf)
    return BuildResult(output, rendered.pages, len(rendered.pdf), rendered.synthetic_bold)


def make_copies(
    root: Path, recipients: tuple[Recipient, ...], options: Options | None = None
) -> tuple[Packet, Rendered, list[Copy]]:
    """One numbered copy per recipient: the shared pages are rendered once, each copy only stamps its marks."""
    packet, rendered, copies = _stamped_copies(root, recipients, options)
    return packet, rendered, list(copies)


def _stamped_copies(
    root: Path, recipients: tuple[Recipient, ...], options: Options | None
) -> tuple[Packet, Rendered, Copies]:
    """Like make_copies, but each copy is stamped only when asked for, so they need not all be in memory."""
    from briefing.render.copies import CopyMarks, Stamper

    packet, layout, rendered = _render(root, options or Options(), recipients)
    stamper = Stamper(rendered.pdf, layout)

    def make(index: int) -> bytes:
        recipient = recipients[index]
        return stamper.stamp(CopyMarks(recipient.copy_number, f"{recipient.name} {recipient.copy_number}"))

    return packet, rendered, Copies(recipients, make)


# A copy's file name stays well under the file systems' 255 bytes, leaving room for the temporary name
# (".NAME.xxxxxxxx.part") it is written under first.
MAX_FILENAME_BYTES = 200


def copy_filename(recipient: Recipient, suffix: str = ".pdf") -> str:
    """000003-张三.pdf: sortable by 份号, and safe on every file system."""
    safe = "".join("_" if char in '\\/:*?"<>|' or ord(char) < 32 else char for char in recipient.name).strip(
        ". "
    )
    prefix = f"{recipient.copy_number}-"
    room = MAX_FILENAME_BYTES - len(prefix) - len(suffix)
    return f"{prefix}{fit_bytes(safe, room).rstrip('. ') or 'copy'}{suffix}"


def build_copies(
    root: Path, recipients_file: Path, out_dir: Path, options: Options | None = None
) -> list[Path]:
    """Write every recipient's copy into `out_dir` (each atomically); returns the paths written."""
    from briefing.files.atomic import write_atomic
    from briefing.read.recipients import load_recipients

    recipients = load_recipients(recipients_file)
    if options is not None and options.format == "docx":
        return _docx_copies(root, recipients, out_dir, options)
    _, _, copies = _stamped_copies(root, recipients, options)
    written = []
    for copy in copies:
        path = out_dir / copy.filename
        write_atomic(path, copy.pdf)
        written.append(path)
    return written


# Word output: the same plan, its contents numbered by the pages the PDF render found -------------------
def _word(root: Path, options: Options, recipients: tuple[Recipient, ...]) -> tuple[Plan, Rendered]:
    _, plan = _plan(root, options, recipients)
    return plan, _rendered(plan, recipients)


def _build_docx(root: Path, output: Path, options: Options) -> BuildResult:
    from briefing.files.atomic import write_atomic
    from briefing.word import write_docx

    plan, rendered = _word(root, options, ())
    written = write_docx(plan, rendered.heading_pages, embed_fonts=options.embed_fonts)
    write_atomic(output, written.data)
    return BuildResult(output, rendered.pages, len(written.data), not_embedded=written.not_embedded)


def _docx_copies(
    root: Path, recipients: tuple[Recipient, ...], out_dir: Path, options: Options
) -> list[Path]:
    """One Word document per recipient: its 份号 on the first page and its name and 份号 as a watermark."""
    from briefing.files.atomic import write_atomic
    from briefing.model.plan import Marks
    from briefing.word import write_docx

    plan, rendered = _word(root, options, recipients)
    written = []
    for recipient in recipients:
        marks = Marks(recipient.copy_number, plan.marks.draft, f"{recipient.name} {recipient.copy_number}")
        document = write_docx(
            plan._replace(marks=marks), rendered.heading_pages, embed_fonts=options.embed_fonts
        )
        path = out_dir / copy_filename(recipient, ".docx")
        write_atomic(path, document.data)
        written.append(path)
    return written


# sending -----------------------------------------------------------------------------------------------
class Delivery(msgspec.Struct, frozen=True):
    """What happened to one recipient in this run.

    status: sent, failed, sending (the message went out but no reply came), dry-run, skipped (sent
    before), changed (sent before, the copy now differs), uncertain (left `sending` by an earlier run),
    not-tried (the connection was lost before its turn).
    """

    recipient: Recipient
    status: str
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
        done = ("dry-run", "skipped") if self.dry_run else ("sent", "skipped")
        return self.aborted is None and all(d.status in done for d in self.deliveries)


Progress = Callable[[int, int, Delivery], None]


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
    before anything is built.
    """
    from briefing.deliver.mailconfig import load_mail_settings
    from briefing.deliver.manifest import (
        MANIFEST_NAME,
        check_identity,
        check_unrecorded,
        load_manifest,
        unrecorded,
    )
    from briefing.read.recipients import load_recipients

    issues: list[Issue] = []
    settings = recipients = None
    try:
        settings = load_mail_settings(
            config, environ=environ, allow_plain=allow_plain, need_server=not dry_run
        )
    except BriefingError as exc:
        issues.extend(exc.issues)
    try:
        recipients = load_recipients(recipients_file, str(recipients_file), need_email=True)
    except BriefingError as exc:
        issues.extend(exc.issues)
    if issues or settings is None or recipients is None:
        raise ValidationError(issues)
    wanted = {int(number) for number in resend}
    unknown = sorted(wanted - {recipient.copy for recipient in recipients})
    if unknown:
        shown = tuple(f"{number:06d}" for number in unknown)
        raise ValidationError([issue(Source(str(recipients_file)), "", "send.resend-unknown", copies=shown)])
    manifest = load_manifest(out_dir / MANIFEST_NAME)  # fail before building
    check_unrecorded(manifest, unrecorded(out_dir, manifest), wanted, assume_sent)
    check_identity(manifest, recipients, wanted)
    options = options or Options()
    packet, rendered, copies = _stamped_copies(root, recipients, options)
    return send_copies(
        packet,
        rendered.pdf,
        copies,
        out_dir,
        settings,
        layout=options.layout,
        dry_run=dry_run,
        resend=wanted,
        assume_sent=assume_sent,
        progress=progress,
    )


def send_copies(
    packet: Packet,
    shared_pdf: bytes,
    copies: Copies | Sequence[Copy],
    out_dir: Path,
    settings: MailSettings,
    *,
    layout: str | None = None,
    dry_run: bool = False,
    resend: Iterable[int] = (),
    assume_sent: bool = False,
    progress: Progress | None = None,
) -> SendReport:
    """Mail the copies (stamped one at a time as their turn comes) and record each step in OUT_DIR.

    Messages are composed for everyone first, so a template error stops the run before the first send.
    """
    from briefing.deliver.manifest import locked

    made = copies if isinstance(copies, Copies) else Copies.made(copies)
    run = _Run(packet, shared_pdf, made, out_dir, settings, dry_run, progress)
    with locked(out_dir):
        return run.send(layout, {int(number) for number in resend}, assume_sent)


class _Run:
    """One send run under the folder's lock: the record, the copies and the connection it works with."""

    def __init__(
        self,
        packet: Packet,
        shared_pdf: bytes,
        copies: Copies,
        out_dir: Path,
        settings: MailSettings,
        dry_run: bool,
        progress: Progress | None,
    ):
        self.packet = packet
        self.shared_pdf = shared_pdf
        self.copies = copies
        self.out_dir = out_dir
        self.settings = settings
        self.dry_run = dry_run
        self.progress = progress

    def send(self, layout: str | None, wanted: set[int], assume_sent: bool) -> SendReport:
        from briefing.compose import compose_mail
        from briefing.deliver.mail import Mailer, attachment_name, mail_templates
        from briefing.deliver.manifest import (
            MANIFEST_NAME,
            SEND,
            adopted,
            check_identity,
            check_unrecorded,
            decide,
            load_manifest,
            removed,
            start,
            unrecorded,
        )
        from briefing.layouts.find import find_layout

        packet, recipients = self.packet, self.copies.recipients
        manifest = load_manifest(self.out_dir / MANIFEST_NAME)
        found = unrecorded(self.out_dir, manifest)
        check_unrecorded(manifest, found, wanted, assume_sent)
        check_identity(manifest, recipients, wanted)
        subject, body = mail_templates(find_layout(*_layout_asked(packet, layout)))
        names = [attachment_name(packet.title, recipient) for recipient in recipients]
        texts = compose_mail(
            packet,
            subject,
            body,
            recipients,
            sender_name=self.settings.sender_name or "",
            attachments=names,
        )
        # Nothing is written before this point: a template error leaves the folder as it was.
        manifest.packet = packet.title
        if assume_sent:
            manifest.record(adopted(found, recipients))
        shared = hashlib.sha256(self.shared_pdf)
        contents = [_content_sha256(shared, recipient) for recipient in recipients]
        actions = [
            decide(manifest.entries.get(r.copy_number), content, r.copy in wanted)
            for r, content in zip(recipients, contents, strict=True)
        ]
        # Everyone on the list has a row before any file of theirs is written (see manifest.unrecorded).
        manifest.record(
            [
                start(None, recipient, content, "")
                for recipient, content in zip(recipients, contents, strict=True)
                if recipient.copy_number not in manifest.entries
            ]
        )
        report_removed = tuple((e.copy, e.name, e.email) for e in removed(manifest, recipients))
        deliveries: list[Delivery] = []
        aborted: Issue | None = None
        try:
            with Mailer(self.settings) as mailer:
                for index, recipient in enumerate(recipients):
                    previous = manifest.entries.get(recipient.copy_number)
                    action = actions[index]
                    if action != SEND:
                        held = {"skip": "skipped", "changed": "changed", "uncertain": "uncertain"}[action]
                        delivery = Delivery(recipient, held, _reply(previous.reply if previous else None))
                    elif aborted is not None:
                        delivery = Delivery(recipient, "not-tried")
                    else:
                        outgoing = _Outgoing(index, recipient, contents[index], names[index], texts[index])
                        delivery, aborted = self._deliver(manifest, mailer, previous, outgoing)
                    deliveries.append(delivery)
                    if self.progress is not None:
                        self.progress(index + 1, len(recipients), delivery)
                    # The CLI switches the cycle collector off for a command; a message leaves cycles
                    # (the email package's header classes, the marks' canvas) worth 120 KB, which over
                    # a thousand recipients would be most of the memory. Only the young ones are looked at.
                    gc.collect(0)
        except BaseException:
            # Stopped (Ctrl-C, a full disk): compact what is on record if possible; the journal keeps it if not.
            with contextlib.suppress(BriefingError):
                manifest.save()
            raise
        manifest.save()
        return SendReport(manifest.path, tuple(deliveries), report_removed, aborted, self.dry_run)

    def _deliver(
        self, manifest: Manifest, mailer: Mailer, previous: Entry | None, outgoing: _Outgoing
    ) -> tuple[Delivery, Issue | None]:
        """One recipient: write the copy, then mark `sending`, send, mark the outcome (each line on disk
        before the next step). A dry run writes the message as .eml instead, and records it only on rows
        that were never tried. The copy is stamped here and dropped on return."""
        from briefing.deliver.mail import new_message_id
        from briefing.deliver.manifest import advance, start
        from briefing.files.atomic import write_atomic

        recipient = outgoing.recipient
        if not self.dry_run:
            try:
                mailer.connect()
            except DeliveryError as exc:
                return Delivery(recipient, "not-tried"), exc.issues[0]
        pdf = self.copies.pdf(outgoing.index)
        file = self.out_dir / copy_filename(recipient)
        entry = msgspec.structs.replace(
            start(previous, recipient, outgoing.content, new_message_id(self.settings)),
            file=file.name,
            attachment=outgoing.attachment,
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        message = _message(self.settings, recipient, outgoing, pdf, entry.message_id)
        if self.dry_run:
            eml = file.with_suffix(".eml")
            write_atomic(eml, message)
            if previous is None or previous.status in ("pending", "dry-run"):  # a preview never hides a send
                write_atomic(file, pdf)
                manifest.update(advance(entry, "dry-run"))
            return Delivery(recipient, "dry-run", file=eml), None
        write_atomic(file, pdf)
        del pdf
        entry = advance(entry, "sending")
        manifest.update(entry)
        try:
            outcome = mailer.send(recipient.email or "", message)
        except KeyboardInterrupt:
            if not mailer.in_doubt:  # stopped before the message went out whole: it was certainly not sent
                manifest.update(advance(entry, "failed", {"code": None, "text": "interrupted"}))
            raise
        reply = {"code": outcome.reply.code, "text": outcome.reply.text}
        status = {"sent": "sent", "failed": "failed", "unknown": "sending"}[outcome.status]
        manifest.update(advance(entry, status, reply))
        return Delivery(recipient, status, (outcome.reply.code, outcome.reply.text), file), None


class _Outgoing(msgspec.Struct, frozen=True):
    """What one message is made of, besides the copy itself."""

    index: int
    recipient: Recipient
    content: str  # content_sha256
    attachment: str
    text: tuple[str, str]  # subject, body


def _message(
    settings: MailSettings, recipient: Recipient, outgoing: _Outgoing, pdf: bytes, message_id: str
) -> bytes:
    import datetime as dt

    from briefing.deliver.mail import build_message

    when = dt.datetime.now().astimezone()
    subject, body = outgoing.text
    return build_message(settings, recipient, subject, body, pdf, outgoing.attachment, message_id, when)


def _reply(reply: dict[str, Any] | None) -> tuple[int | None, str] | None:
    return (reply.get("code"), str(reply.get("text", ""))) if reply else None


def _content_sha256(shared: hashlib._Hash, recipient: Recipient) -> str:
    """What a copy shows: the shared pages (`shared` is their running hash) plus the marks stamped on it
    (份号, name). The stamped PDF itself is not byte-stable from one build to the next, so resuming
    compares this."""
    digest = shared.copy()
    digest.update(b"\0" + recipient.copy_number.encode() + b"\0" + recipient.name.encode("utf-8"))
    return digest.hexdigest()
