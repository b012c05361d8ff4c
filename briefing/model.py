"""The typed packet model: frozen dataclasses handed from validation to composition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from briefing.errors import Source
from briefing.quantities import Figure, Value


@dataclass(frozen=True)
class Period:
    """A construction period such as 2022—2024年; months are optional."""

    start: tuple[int, int | None]
    end: tuple[int, int | None]
    text: str


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str | None
    last_year: Value | None
    target: Value | None
    lead_unit: str | None
    note: str | None
    source: Source


@dataclass(frozen=True)
class Project:
    name: str
    kind: str
    total_investment: Figure | None
    annual_investment: Figure | None
    period: Period | None
    status: str | None
    lead_unit: str | None
    note: str | None
    source: Source


@dataclass(frozen=True)
class Declared:
    """Totals a report states for a list (e.g. 25个项目，总投资140亿元); checked when `complete`."""

    complete: bool
    count: int | None
    new: int | None
    continued: int | None
    total_investment: Figure | None
    annual_investment: Figure | None
    note: str | None
    source: Source


@dataclass(frozen=True)
class Area:
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


@dataclass(frozen=True)
class Secrecy:
    level: str
    period: str | None

    def __str__(self) -> str:
        return f"{self.level}★{self.period}" if self.period else self.level


@dataclass(frozen=True)
class Packet:
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

    @property
    def projects(self) -> tuple[Project, ...]:
        return tuple(project for area in self.areas for project in area.projects)

    @property
    def targets(self) -> tuple[Indicator, ...]:
        return tuple(target for area in self.areas for target in area.targets)


@dataclass(frozen=True)
class Totals:
    """Sums over a list of projects, in 万元, split by kind; `known_*` count rows that gave the figure."""

    count: int = 0
    new: int = 0
    continued: int = 0
    total_investment: Decimal = Decimal(0)
    annual_investment: Decimal = Decimal(0)
    known_total: int = 0
    known_annual: int = 0
    by_kind: dict[str, Totals] = field(default_factory=dict, compare=False)


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
    return Totals(**{**overall.__dict__, "by_kind": by_kind})
