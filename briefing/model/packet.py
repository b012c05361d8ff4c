"""The typed packet model: frozen records (msgspec Structs) handed from validation to composition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import msgspec

from briefing.errors import Source
from briefing.model.quantities import Figure, Value


class Located:
    """Records that remember where each of their fields was written."""

    source: Source
    sources: dict[str, Source]

    def where(self, name: str) -> Source:
        """The source of one field, or of the whole record when the field was not written."""
        return self.sources.get(name, self.source)


class Period(msgspec.Struct, frozen=True):
    """A construction period such as 2022—2024年; months are optional."""

    start: tuple[int, int | None]
    end: tuple[int, int | None]
    text: str


class Indicator(msgspec.Struct, Located, frozen=True):
    """One target indicator (指标): last year's result and this year's target."""

    name: str
    unit: str | None
    last_year: Value | None
    target: Value | None
    lead_unit: str | None
    note: str | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)


class Project(msgspec.Struct, Located, frozen=True):
    """One key project (重点项目) with its investment figures and progress."""

    name: str
    kind: str
    total_investment: Figure | None
    annual_investment: Figure | None
    period: Period | None
    status: str | None
    lead_unit: str | None
    note: str | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)


class Declared(msgspec.Struct, frozen=True):
    """Totals a report states for a list (e.g. 25个项目，总投资140亿元); checked when `complete`."""

    complete: bool
    count: int | None
    new: int | None
    continued: int | None
    total_investment: Figure | None
    annual_investment: Figure | None
    note: str | None
    source: Source


class Area(msgspec.Struct, Located, frozen=True):
    """One work area, from one file in areas/: its texts, indicators and projects."""

    key: str
    title: str
    lead_unit: str
    leader: str | None
    summary: tuple[str, ...]
    last_year_results: tuple[str, ...]
    targets: tuple[Indicator, ...]
    projects: tuple[Project, ...]
    declared: Declared | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)


class Secrecy(msgspec.Struct, frozen=True):
    """A 密级 with its optional period, printed as 秘密★1年."""

    level: str
    period: str | None

    def __str__(self) -> str:
        return f"{self.level}★{self.period}" if self.period else self.level


class Packet(msgspec.Struct, Located, frozen=True):
    """The whole packet: packet.yaml and its areas, validated."""

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
    areas: tuple[Area, ...]
    declared: Declared | None
    root: Path
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)

    @property
    def projects(self) -> tuple[Project, ...]:
        return tuple(project for area in self.areas for project in area.projects)

    @property
    def targets(self) -> tuple[Indicator, ...]:
        return tuple(target for area in self.areas for target in area.targets)


class Totals(msgspec.Struct, frozen=True):
    """Sums over a list of projects, in 万元, split by kind; `known_*` count rows that gave the figure."""

    count: int = 0
    new: int = 0
    continued: int = 0
    total_investment: Decimal = Decimal(0)
    annual_investment: Decimal = Decimal(0)
    known_total: int = 0
    known_annual: int = 0
    by_kind: dict[str, Totals] = msgspec.field(default_factory=dict)


def sum_projects(projects: tuple[Project, ...] | list[Project], unit: str = "万元") -> Totals:
    """Exact sums of the listed projects (Decimal), in `unit`, with 新建/续建 subtotals."""

    def plain(rows: list[Project]) -> Totals:
        totals = [p.total_investment.to(unit) for p in rows if p.total_investment is not None]
        annuals = [p.annual_investment.to(unit) for p in rows if p.annual_investment is not None]
        return Totals(
            count=len(rows),
            new=sum(1 for p in rows if p.kind == "新建"),
            continued=sum(1 for p in rows if p.kind == "续建"),
            total_investment=sum(totals, Decimal(0)),
            annual_investment=sum(annuals, Decimal(0)),
            known_total=len(totals),
            known_annual=len(annuals),
        )

    rows = list(projects)
    overall = plain(rows)
    by_kind = {kind: plain([p for p in rows if p.kind == kind]) for kind in ("新建", "续建")}
    return msgspec.structs.replace(overall, by_kind=by_kind)


# Layouts and fonts -----------------------------------------------------------------------------------
