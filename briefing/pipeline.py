"""The one place that runs the stages in order: load → validate → compose → render → deliver."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from collections.abc import Mapping as MappingOf
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from briefing.errors import BriefingError, DeliveryError, Issue, Source, ValidationError, issue
from briefing.model.layout import Layout
from briefing.model.packet import Packet, Totals, sum_projects
from briefing.read.recipients import Recipient
from briefing.read.rules import validate_packet
from briefing.read.yaml_nodes import load_packet

if TYPE_CHECKING:
    from briefing.deliver.mail import Mailer
    from briefing.deliver.mailconfig import MailSettings
    from briefing.deliver.manifest import Entry, Manifest
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


class BuildResult(msgspec.Struct, frozen=True):
    """What `build` reports: where the PDF went, its pages and bytes."""

    output: Path
    pages: int
    bytes: int
    synthetic_bold: tuple[str, ...] = ()


class Copy(msgspec.Struct, frozen=True):
    """One recipient's numbered copy, in memory."""

    recipient: Recipient
    filename: str
    pdf: bytes


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
    from briefing.compose import compose, locate_in_recipients
    from briefing.errors import RenderError
    from briefing.layouts.build import load_layout
    from briefing.render import render

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
    try:
        rendered = render(plan)
    except RenderError as exc:  # a glyph missing from the distribution list is in someone's name
        raise RenderError(locate_in_recipients(exc.issues, recipients)) from None
    return packet, loaded.layout, rendered


def _layout_asked(packet: Packet, option: str | None) -> tuple[str, Path, tuple[Source, str]]:
    """The layout to use, the packet folder to search from, and where it was asked for (for messages)."""
    if option:
        return option, packet.root, (Source("--layout"), "")
    return packet.layout, packet.root, (packet.where("layout"), "layout")


def build(root: Path, output: Path, options: Options | None = None) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF atomically."""
    from briefing.files.atomic import write_atomic

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
) -> tuple[Packet, Rendered, Iterator[Copy]]:
    """Like make_copies, but each copy is stamped only when asked for, so they need not all be in memory."""
    from briefing.render.copies import CopyMarks, stamp_copies

    packet, layout, rendered = _render(root, options or Options(), recipients)
    marks = [CopyMarks(r.copy_number, f"{r.name} {r.copy_number}") for r in recipients]
    copies = (
        Copy(r, copy_filename(r), pdf)
        for r, pdf in zip(recipients, stamp_copies(rendered.pdf, layout, marks), strict=True)
    )
    return packet, rendered, copies


def copy_filename(recipient: Recipient) -> str:
    """000003-张三.pdf: sortable by 份号, and safe on every file system."""
    safe = "".join("_" if char in '\\/:*?"<>|' or ord(char) < 32 else char for char in recipient.name).strip(
        ". "
    )
    return f"{recipient.copy_number}-{safe or 'copy'}.pdf"


def build_copies(
    root: Path, recipients_file: Path, out_dir: Path, options: Options | None = None
) -> list[Path]:
    """Write every recipient's copy into `out_dir` (each atomically); returns the paths written."""
    from briefing.files.atomic import write_atomic
    from briefing.read.recipients import load_recipients

    recipients = load_recipients(recipients_file)
    _, _, copies = _stamped_copies(root, recipients, options)
    written = []
    for copy in copies:
        path = out_dir / copy.filename
        write_atomic(path, copy.pdf)
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
    environ: MappingOf[str, str] | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Build every recipient's copy once and mail it, keeping OUT_DIR/manifest.json up to date.

    Settings and the recipient list are checked together (all problems at once), then the manifest:
    a 份号 already delivered to someone else stops the run before anything is built.
    """
    from briefing.deliver.mailconfig import load_mail_settings
    from briefing.deliver.manifest import MANIFEST_NAME, check_identity, load_manifest
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
    check_identity(load_manifest(out_dir / MANIFEST_NAME), recipients, wanted)  # fail before building
    options = options or Options()
    packet, rendered, copies = make_copies(root, recipients, options)
    return send_copies(
        packet,
        rendered.pdf,
        copies,
        out_dir,
        settings,
        layout=options.layout,
        dry_run=dry_run,
        resend=wanted,
        progress=progress,
    )


def send_copies(
    packet: Packet,
    shared_pdf: bytes,
    copies: list[Copy],
    out_dir: Path,
    settings: MailSettings,
    *,
    layout: str | None = None,
    dry_run: bool = False,
    resend: Iterable[int] = (),
    progress: Progress | None = None,
) -> SendReport:
    """Mail copies already built (by make_copies) and record each step in OUT_DIR/manifest.json.

    Messages are composed for everyone first, so a template error stops the run before the first send.
    """
    from briefing.deliver.manifest import locked

    with locked(out_dir):
        return _send_locked(packet, shared_pdf, copies, out_dir, settings, layout, dry_run, resend, progress)


def _send_locked(
    packet: Packet,
    shared_pdf: bytes,
    copies: list[Copy],
    out_dir: Path,
    settings: MailSettings,
    layout: str | None,
    dry_run: bool,
    resend: Iterable[int],
    progress: Progress | None,
) -> SendReport:
    from briefing.compose import compose_mail
    from briefing.deliver.mail import Mailer, attachment_name, mail_templates, new_message_id
    from briefing.deliver.manifest import (
        MANIFEST_NAME,
        SEND,
        check_identity,
        decide,
        load_manifest,
        removed,
        start,
    )
    from briefing.layouts.build import find_layout

    wanted = {int(number) for number in resend}
    manifest = load_manifest(out_dir / MANIFEST_NAME)
    check_identity(manifest, tuple(copy.recipient for copy in copies), wanted)
    manifest.packet = packet.title
    plan = []
    for copy in copies:
        content = _content_sha256(shared_pdf, copy.recipient)
        entry = manifest.entries.get(copy.recipient.copy_number)
        plan.append((copy, content, decide(entry, content, copy.recipient.copy in wanted)))
    subject, body = mail_templates(find_layout(*_layout_asked(packet, layout)))
    names = [attachment_name(packet.title, copy.recipient) for copy in copies]
    texts = compose_mail(
        packet,
        subject,
        body,
        [copy.recipient for copy in copies],
        sender_name=settings.sender_name or "",
        attachments=names,
    )
    for copy, content, action in plan:  # everyone on the list has a row from the start
        entry = manifest.entries.get(copy.recipient.copy_number)
        if action == SEND and entry is None:
            manifest.entries[copy.recipient.copy_number] = start(entry, copy.recipient, content, "")
    report_removed = tuple(
        (e.copy, e.name, e.email) for e in removed(manifest, tuple(c.recipient for c in copies))
    )

    deliveries: list[Delivery] = []
    aborted: Issue | None = None
    total = len(copies)
    with Mailer(settings) as mailer:
        for index, ((copy, content, action), name, (title, text)) in enumerate(
            zip(plan, names, texts, strict=True), start=1
        ):
            recipient = copy.recipient
            previous = manifest.entries.get(recipient.copy_number)
            if action != SEND:
                held = {"skip": "skipped", "changed": "changed", "uncertain": "uncertain"}[action]
                delivery = Delivery(recipient, held, _reply(previous.reply if previous else None))
            elif aborted is not None:
                delivery = Delivery(recipient, "not-tried")
            else:
                entry = start(previous, recipient, content, new_message_id(settings))
                message = _message(settings, copy, title, text, name, entry.message_id)
                delivery, aborted = _deliver(
                    manifest, mailer, entry, previous, copy, message, name, out_dir, dry_run
                )
            deliveries.append(delivery)
            if progress is not None:
                progress(index, total, delivery)
    manifest.save()
    return SendReport(manifest.path, tuple(deliveries), report_removed, aborted, dry_run)


def _message(
    settings: MailSettings, copy: Copy, subject: str, body: str, filename: str, message_id: str
) -> bytes:
    import datetime as dt

    from briefing.deliver.mail import build_message

    when = dt.datetime.now().astimezone()
    return build_message(settings, copy.recipient, subject, body, copy.pdf, filename, message_id, when)


def _deliver(
    manifest: Manifest,
    mailer: Mailer,
    entry: Entry,
    previous: Entry | None,
    copy: Copy,
    message: bytes,
    attachment: str,
    out_dir: Path,
    dry_run: bool,
) -> tuple[Delivery, Issue | None]:
    """One recipient: write the copy, then mark `sending`, send, mark the outcome (manifest saved each time).

    A dry run writes the message as .eml instead, and records it only on rows that were never tried.
    """
    import hashlib

    from briefing.deliver.manifest import advance
    from briefing.files.atomic import write_atomic

    recipient = copy.recipient
    file = out_dir / copy.filename
    digest = hashlib.sha256(copy.pdf).hexdigest()
    if dry_run:
        eml = file.with_suffix(".eml")
        write_atomic(eml, message)
        if previous is None or previous.status in ("pending", "dry-run"):  # a preview never hides a real send
            write_atomic(file, copy.pdf)
            manifest.update(advance(entry, "dry-run", file=file.name, attachment=attachment, sha256=digest))
        return Delivery(recipient, "dry-run", file=eml), None
    try:
        mailer.connect()
    except DeliveryError as exc:
        return Delivery(recipient, "not-tried"), exc.issues[0]
    write_atomic(file, copy.pdf)
    entry = advance(entry, "sending", file=file.name, attachment=attachment, sha256=digest)
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


def _reply(reply: dict[str, Any] | None) -> tuple[int | None, str] | None:
    return (reply.get("code"), str(reply.get("text", ""))) if reply else None


def _content_sha256(shared_pdf: bytes, recipient: Recipient) -> str:
    """What a copy shows: the shared pages plus the marks make_copies stamps on it (份号, name).

    The stamped PDF itself is not byte-stable from one build to the next, so resuming compares this.
    """
    import hashlib

    digest = hashlib.sha256(shared_pdf)
    digest.update(b"\0" + recipient.copy_number.encode() + b"\0" + recipient.name.encode("utf-8"))
    return digest.hexdigest()
