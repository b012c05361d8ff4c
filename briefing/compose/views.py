"""What layout templates see: the packet, its areas and the recipients as plain records, no paths, no methods.

Templates are foreign code (a layout may come from anywhere), so they get copies of the data as frozen
records whose only attributes are data fields: text, numbers, Decimal, dates, tuples, mappings and other
such records. The model's own records stay out of reach: they hold the packet's folder (a Path, whose
methods read and write files) and where every value was written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, overload

import msgspec

from briefing.model.packet import (
    Area,
    Declared,
    Indicator,
    LevelGrowth,
    Packet,
    Period,
    Project,
    Secrecy,
    Totals,
    Value,
    sum_projects,
)
from briefing.model.quantities import Figure

if TYPE_CHECKING:
    from briefing.read.recipients import Recipient


class FigureView(msgspec.Struct, frozen=True):
    """A figure with its unit, printed as written ({{ target.target }} gives 增长6%)."""

    amount: Decimal
    unit: str
    amount_text: str
    prefix: str
    change: str
    approx: str
    suffix: str
    subject: str
    text: str

    def __str__(self) -> str:
        return self.text


class WordsView(msgspec.Struct, frozen=True):
    """A target stated in words (不低于全市平均水平), printed as written."""

    text: str

    def __str__(self) -> str:
        return self.text


class PairView(msgspec.Struct, frozen=True):
    """A level with its growth ({{ target.target }} gives 113.6亿元，增长5%; .level and .growth apart)."""

    level: FigureView
    growth: FigureView
    text: str

    def __str__(self) -> str:
        return self.text


ValueView = FigureView | WordsView | PairView


class IndicatorView(msgspec.Struct, frozen=True):
    """One target indicator (指标)."""

    name: str
    unit: str | None
    last_year: ValueView | None
    target: ValueView | None
    lead_unit: str | None
    note: str | None


class ProjectView(msgspec.Struct, frozen=True):
    """One key project (重点项目)."""

    name: str
    kind: str
    total_investment: FigureView | None
    annual_investment: FigureView | None
    period: Period | None
    status: str | None
    lead_unit: str | None
    note: str | None


class DeclaredView(msgspec.Struct, frozen=True):
    """Totals a report states for a list."""

    complete: bool
    count: int | None
    new: int | None
    continued: int | None
    total_investment: FigureView | None
    annual_investment: FigureView | None
    note: str | None


class AreaView(msgspec.Struct, frozen=True):
    """One work area with its number (index 1, numeral 一) and its project sums (in 万元)."""

    index: int
    numeral: str
    key: str
    title: str
    lead_unit: str | None
    leader: str | None
    summary: tuple[str, ...]
    last_year_results: tuple[str, ...]
    targets: tuple[IndicatorView, ...]
    projects: tuple[ProjectView, ...]
    totals: Totals
    declared: DeclaredView | None


class PacketView(msgspec.Struct, frozen=True):
    """The packet: packet.yaml's values, its areas, and all projects and targets in area order."""

    title: str
    meeting: str
    issuer: str
    date: dt.date
    year: int
    classification: str | None
    secrecy: Secrecy | None
    urgency: str | None
    draft: str | None
    layout: str
    areas: tuple[AreaView, ...]
    declared: DeclaredView | None
    projects: tuple[ProjectView, ...]
    targets: tuple[IndicatorView, ...]


class RecipientView(msgspec.Struct, frozen=True):
    """One person on the distribution list: copy is the number, copy_number the six digits printed."""

    name: str
    organisation: str | None
    email: str | None
    copy: int
    copy_number: str
    label: str


@overload
def figure_view(figure: Figure) -> FigureView: ...
@overload
def figure_view(figure: None) -> None: ...
@overload
def figure_view(figure: Figure | None) -> FigureView | None: ...
def figure_view(figure: Figure | None) -> FigureView | None:
    if figure is None:
        return None
    return FigureView(
        figure.amount,
        figure.unit,
        figure.amount_text,
        figure.prefix,
        figure.change,
        figure.approx,
        figure.suffix,
        figure.subject,
        figure.text(),
    )


def _value_view(value: Value | None) -> ValueView | None:
    if isinstance(value, Figure):
        return figure_view(value)
    if isinstance(value, LevelGrowth):
        return PairView(figure_view(value.level), figure_view(value.growth), value.text())
    return None if value is None else WordsView(value.text)


def _indicator_view(target: Indicator) -> IndicatorView:
    return IndicatorView(
        target.name,
        target.unit,
        _value_view(target.last_year),
        _value_view(target.target),
        target.lead_unit,
        target.note,
    )


def _project_view(project: Project) -> ProjectView:
    return ProjectView(
        project.name,
        project.kind,
        figure_view(project.total_investment),
        figure_view(project.annual_investment),
        project.period,
        project.status,
        project.lead_unit,
        project.note,
    )


def _declared_view(declared: Declared | None) -> DeclaredView | None:
    if declared is None:
        return None
    return DeclaredView(
        declared.complete,
        declared.count,
        declared.new,
        declared.continued,
        figure_view(declared.total_investment),
        figure_view(declared.annual_investment),
        declared.note,
    )


def area_view(area: Area, index: int, numeral: Callable[[int], str]) -> AreaView:
    """The view of one area, numbered `index` (its numeral made by `numeral`)."""
    return AreaView(
        index,
        numeral(index),
        area.key,
        area.title,
        area.lead_unit,
        area.leader,
        area.summary,
        area.last_year_results,
        tuple(_indicator_view(target) for target in area.targets),
        tuple(_project_view(project) for project in area.projects),
        sum_projects(area.projects),
        _declared_view(area.declared),
    )


def packet_view(packet: Packet, numeral: Callable[[int], str]) -> PacketView:
    """The view of the whole packet; its areas are numbered from 1."""
    areas = tuple(area_view(area, index, numeral) for index, area in enumerate(packet.areas, start=1))
    return PacketView(
        packet.title,
        packet.meeting,
        packet.issuer,
        packet.date,
        packet.year,
        packet.classification,
        packet.secrecy,
        packet.urgency,
        packet.draft,
        packet.layout,
        areas,
        _declared_view(packet.declared),
        tuple(project for area in areas for project in area.projects),
        tuple(target for area in areas for target in area.targets),
    )


def recipient_view(recipient: Recipient) -> RecipientView:
    """The view of one recipient on the distribution list."""
    return RecipientView(
        recipient.name,
        recipient.organisation,
        recipient.email,
        recipient.copy,
        recipient.copy_number,
        recipient.label,
    )


# What templates call each record, for messages about a field one lacks ("packet has no attribute 'root'").
TERMS: Mapping[type, str] = {
    PacketView: "packet",
    AreaView: "area",
    IndicatorView: "target",
    ProjectView: "project",
    DeclaredView: "declared",
    FigureView: "figure",
    WordsView: "words",
    PairView: "pair",
    RecipientView: "recipient",
    Totals: "totals",
    Period: "period",
    Secrecy: "secrecy",
}


def marks_line(packet: Packet) -> str:
    """`marks` in templates: the 密级 line (秘密★1年) or else the classification (内部资料), as printed."""
    return str(packet.secrecy) if packet.secrecy else (packet.classification or "")
