"""The stages in order (load → validate → compose → render → deliver), the build and numbered copies.

The stages are imported where they run: `validate` needs only the first two, and should not load
Jinja2, ReportLab or pikepdf to check a packet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import msgspec

from briefing.errors import Source
from briefing.model.layout import Layout
from briefing.model.packet import Packet, Totals, sum_projects
from briefing.read.mailtext import fit_bytes
from briefing.read.packet_files import load_packet
from briefing.read.recipients import Recipient, load_recipients
from briefing.read.rules import validate_packet

if TYPE_CHECKING:
    from briefing.model.plan import Plan
    from briefing.render import Rendered

Delivered = TypeVar("Delivered")


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
    changes_since: str | None = None  # a folder or folder@revision: append the 修改对照表 from it
    changes_as: str = "table"  # or "margin" (bars beside what changed), or "both"


class RenderedPacket(msgspec.Struct, frozen=True):
    """What the stages before delivery hand to it: the checked packet, its plan (in the layout resolved
    once for the whole command) and the PDF."""

    packet: Packet
    plan: Plan
    rendered: Rendered

    @property
    def layout(self) -> Layout:
        return self.plan.layout


def run_stages(
    root: Path,
    options: Options,
    recipients: tuple[Recipient, ...],
    deliver: Callable[[RenderedPacket], Delivered],
) -> Delivered:
    """Every stage in order: load and validate the packet, find its layout, compose, render, then hand
    the result to `deliver` (write a PDF or Word file, write copies, mail them) and return what that
    returns.

    `recipients` put a distribution list on the last page. Raises a BriefingError from whichever stage
    found a problem; nothing is delivered then.
    """
    packet, plan = _plan(root, options, recipients)
    rendered = _rendered(plan, recipients)
    return deliver(RenderedPacket(packet, plan, rendered))


def _plan(root: Path, options: Options, recipients: tuple[Recipient, ...]) -> tuple[Packet, Plan]:
    """Stages one to three: the validated packet composed in its layout."""
    from briefing.compose import compose
    from briefing.layouts.build import load_layout

    packet = load_and_validate(root)
    loaded = load_layout(*_layout_asked(packet, options.layout))
    copy_number = f"{options.copy_number:06d}" if options.copy_number else ""
    appendix, changed = None, frozenset[tuple[str, str]]()
    if options.changes_since is not None:
        from briefing.diff.report import changes_since

        appendix, changed = changes_since(options.changes_since, options.changes_as, packet, str(root))
    plan = compose(
        packet,
        loaded,
        duplex=options.duplex,
        recipients=recipients,
        draft=options.draft,
        copy_number=copy_number,
        appendix=appendix,
    )
    return packet, plan._replace(changed=changed) if changed else plan


def _rendered(plan: Plan, recipients: tuple[Recipient, ...]) -> Rendered:
    """Stage four: the PDF (a Word document's contents take their page numbers from it too)."""
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


def _kept(staged: RenderedPacket) -> RenderedPacket:
    """Delivery to the caller: the result stays in memory."""
    return staged


# one PDF ---------------------------------------------------------------------------------------------------
class BuildResult(msgspec.Struct, frozen=True):
    """What `build` reports: where the PDF (or Word document) went, its pages and bytes."""

    output: Path
    pages: int
    bytes: int
    synthetic_bold: tuple[str, ...] = ()
    not_embedded: tuple[str, ...] = ()  # docx: font families asked to embed whose licence forbids it


def build(root: Path, output: Path, options: Options | None = None) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF (or the Word document) atomically."""
    options = options or Options()
    if options.format == "docx":
        return run_stages(root, options, (), partial(_write_docx, output, options.embed_fonts))
    return run_stages(root, options, (), partial(_write_pdf, output))


def _write_pdf(output: Path, staged: RenderedPacket) -> BuildResult:
    from briefing.files.atomic import write_atomic

    rendered = staged.rendered
    write_atomic(output, rendered.pdf)
    return BuildResult(output, rendered.pages, len(rendered.pdf), rendered.synthetic_bold)


def _write_docx(output: Path, embed_fonts: bool, staged: RenderedPacket) -> BuildResult:
    """The same plan as a Word document, its contents numbered by the pages the PDF render found."""
    from briefing.files.atomic import write_atomic
    from briefing.word import write_docx

    rendered = staged.rendered
    written = write_docx(staged.plan, rendered.heading_pages, embed_fonts=embed_fonts)
    write_atomic(output, written.data)
    return BuildResult(output, rendered.pages, len(written.data), not_embedded=written.not_embedded)


def build_pdf(
    root: Path,
    layout: str | None = None,
    duplex: bool = False,
    *,
    options: Options | None = None,
    recipients: tuple[Recipient, ...] = (),
) -> tuple[Packet, Rendered]:
    """Stages one to four: the validated packet rendered with its layout; returns (packet, Rendered)."""
    staged = run_stages(root, options or Options(layout=layout, duplex=duplex), recipients, _kept)
    return staged.packet, staged.rendered


# numbered copies ---------------------------------------------------------------------------------------------
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
    def stamped(cls, staged: RenderedPacket, recipients: tuple[Recipient, ...]) -> Copies:
        """Each recipient's copy of the rendered PDF: its 份号 and a watermark with their name."""
        from briefing.render.copies import CopyMarks, Stamper

        stamper = Stamper(staged.rendered.pdf, staged.layout)

        def make(index: int) -> bytes:
            recipient = recipients[index]
            return stamper.stamp(
                CopyMarks(recipient.copy_number, f"{recipient.name} {recipient.copy_number}")
            )

        return cls(recipients, make)

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


# A copy's file name stays well under the file systems' 255 bytes, leaving room for the temporary name
# (".NAME.briefing-xxxxxxxxxxxxxxxx.part") it is written under first.
MAX_FILENAME_BYTES = 200


def copy_filename(recipient: Recipient, suffix: str = ".pdf") -> str:
    """000003-张三.pdf: sortable by 份号, and safe on every file system."""
    safe = "".join("_" if char in '\\/:*?"<>|' or ord(char) < 32 else char for char in recipient.name).strip(
        ". "
    )
    prefix = f"{recipient.copy_number}-"
    room = MAX_FILENAME_BYTES - len(prefix) - len(suffix)
    return f"{prefix}{fit_bytes(safe, room).rstrip('. ') or 'copy'}{suffix}"


def make_copies(
    root: Path, recipients: tuple[Recipient, ...], options: Options | None = None
) -> tuple[Packet, Rendered, list[Copy]]:
    """One numbered copy per recipient: the shared pages are rendered once, each copy only stamps its marks."""
    staged = run_stages(root, options or Options(), recipients, _kept)
    return staged.packet, staged.rendered, list(Copies.stamped(staged, recipients))


def build_copies(
    root: Path, recipients_file: Path, out_dir: Path, options: Options | None = None
) -> list[Path]:
    """Write every recipient's copy into `out_dir` (each atomically); returns the paths written."""
    options = options or Options()
    recipients = load_recipients(recipients_file)
    if options.format == "docx":
        write = partial(_write_docx_copies, recipients, out_dir, options.embed_fonts)
        return run_stages(root, options, recipients, write)
    return run_stages(root, options, recipients, partial(_write_copies, recipients, out_dir))


def _write_copies(recipients: tuple[Recipient, ...], out_dir: Path, staged: RenderedPacket) -> list[Path]:
    """Stamp and write one copy at a time, so only one is ever in memory."""
    from briefing.files.atomic import write_atomic

    written = []
    for copy in Copies.stamped(staged, recipients):
        path = out_dir / copy.filename
        write_atomic(path, copy.pdf)
        written.append(path)
    return written


def _write_docx_copies(
    recipients: tuple[Recipient, ...], out_dir: Path, embed_fonts: bool, staged: RenderedPacket
) -> list[Path]:
    """One Word document per recipient: its 份号 on the first page and its name and 份号 as a watermark."""
    from briefing.files.atomic import write_atomic
    from briefing.model.plan import Marks
    from briefing.word import write_docx

    plan, heading_pages = staged.plan, staged.rendered.heading_pages
    written = []
    for recipient in recipients:
        marks = Marks(recipient.copy_number, plan.marks.draft, f"{recipient.name} {recipient.copy_number}")
        document = write_docx(plan._replace(marks=marks), heading_pages, embed_fonts=embed_fonts)
        path = out_dir / copy_filename(recipient, ".docx")
        write_atomic(path, document.data)
        written.append(path)
    return written
