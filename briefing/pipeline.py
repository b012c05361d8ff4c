"""The one place that runs the stages in order: load → validate → compose → render → deliver."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.load import load_packet
from briefing.model import Packet, Totals, sum_projects
from briefing.recipients import Recipient
from briefing.validate import validate_packet

if TYPE_CHECKING:
    from briefing.render import Rendered


@dataclass(frozen=True)
class Summary:
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


@dataclass(frozen=True)
class Options:
    """How to build: layout name or folder, duplex printing, marks that override packet.yaml."""

    layout: str | None = None
    duplex: bool = False
    draft: str | None = None
    copy_number: int | None = None


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    bytes: int
    synthetic_bold: tuple[str, ...] = ()


@dataclass(frozen=True)
class Copy:
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
    from briefing.compose import compose
    from briefing.layout import load_layout
    from briefing.render import render

    options = options or Options(layout=layout, duplex=duplex)
    packet = load_and_validate(root)
    loaded = load_layout(options.layout or packet.layout, packet.root)
    copy_number = f"{options.copy_number:06d}" if options.copy_number else ""
    plan = compose(
        packet,
        loaded,
        duplex=options.duplex,
        recipients=recipients,
        draft=options.draft,
        copy_number=copy_number,
    )
    return packet, render(plan)


def build(root: Path, output: Path, options: Options | None = None) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF atomically."""
    from briefing.deliver import write_atomic

    _, rendered = build_pdf(root, options=options or Options())
    write_atomic(output, rendered.pdf)
    return BuildResult(output, rendered.pages, len(rendered.pdf), rendered.synthetic_bold)


def make_copies(
    root: Path, recipients: tuple[Recipient, ...], options: Options | None = None
) -> tuple[Packet, Rendered, list[Copy]]:
    """One numbered copy per recipient: the shared pages are rendered once, each copy only stamps its marks."""
    from briefing.layout import load_layout
    from briefing.render.copies import CopyMarks, stamp_copies

    options = options or Options()
    packet, rendered = build_pdf(root, options=options, recipients=recipients)
    layout = load_layout(options.layout or packet.layout, packet.root).layout
    marks = [CopyMarks(r.copy_number, f"{r.name} {r.copy_number}") for r in recipients]
    copies = [
        Copy(r, copy_filename(r), pdf)
        for r, pdf in zip(recipients, stamp_copies(rendered.pdf, layout, marks), strict=True)
    ]
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
    from briefing.deliver import write_atomic
    from briefing.recipients import load_recipients

    recipients = load_recipients(recipients_file)
    _, _, copies = make_copies(root, recipients, options)
    written = []
    for copy in copies:
        path = out_dir / copy.filename
        write_atomic(path, copy.pdf)
        written.append(path)
    return written
