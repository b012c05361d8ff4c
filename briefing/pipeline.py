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
