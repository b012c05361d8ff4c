"""The one place that runs the stages in order: load → validate → compose → render → deliver."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.load import load_packet
from briefing.model import Packet, Totals, sum_projects
from briefing.validate import validate_packet


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
class BuildResult:
    output: Path
    pages: int
    bytes: int


def build_pdf(root: Path, layout: str | None = None, duplex: bool = False):  # type: ignore[no-untyped-def]
    """Stages one to four: the validated packet rendered with its layout; returns (packet, Rendered)."""
    from briefing.compose import compose
    from briefing.layout import load_layout
    from briefing.render import render

    packet = load_and_validate(root)
    loaded = load_layout(layout or packet.layout, packet.root)
    plan = compose(packet, loaded, duplex=duplex)
    return packet, render(plan)


def build(root: Path, output: Path, layout: str | None = None, duplex: bool = False) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF atomically."""
    from briefing.deliver import write_atomic

    _, rendered = build_pdf(root, layout, duplex)
    write_atomic(output, rendered.pdf)
    return BuildResult(output, rendered.pages, len(rendered.pdf))
