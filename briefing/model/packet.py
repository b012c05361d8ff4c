"""The typed packet model: frozen records (msgspec Structs) handed from validation to composition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import msgspec

from briefing.errors import Issue, Source
from briefing.model.progress import Completion, Progress
from briefing.model.quantities import Figure, Qualitative

NEW, CONTINUED = "新建", "续建"
UNKNOWN_KIND = "未明确"  # the report does not say whether a project is new or continued
PROJECT_KINDS = (NEW, CONTINUED, UNKNOWN_KIND)  # subtotalled in this order


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


class LevelGrowth(msgspec.Struct, frozen=True):
    """A level and how it moves, given together as reports give them: 113.6亿元，增长5%.

    `level` is in the indicator's unit; `growth` is a change (增长5%, 提高1个百分点, 增加2000人).
    """

    level: Figure
    growth: Figure

    def text(self) -> str:
        return f"{self.level.text()}，{self.growth.text()}"

    def __str__(self) -> str:
        return self.text()


Value = Figure | Qualitative | LevelGrowth
"""What an indicator gives for a year: a figure, words, or a level with its growth."""


class Indicator(msgspec.Struct, Located, frozen=True):
    """One target indicator (指标): last year's result and this year's target, each None when not given."""

    name: str
    unit: str | None
    last_year: Value | None
    target: Value | None
    lead_unit: str | None
    note: str | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)
    progress: tuple[Progress, ...] = ()  # 推进情况, in the order written


class Project(msgspec.Struct, Located, frozen=True):
    """One key project (重点项目) with its investment figures and progress; `kind` is 新建, 续建 or
    未明确 (UNKNOWN_KIND: the report does not say)."""

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
    progress: tuple[Progress, ...] = ()  # 推进情况 (完成投资), in the order written


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
    """One work area, from one file in areas/: its texts, indicators and projects (an area that only
    reviews last year has no summary)."""

    key: str
    title: str
    lead_unit: str | None
    leader: str | None
    summary: tuple[str, ...]
    last_year_results: tuple[str, ...]
    targets: tuple[Indicator, ...]
    projects: tuple[Project, ...]
    declared: Declared | None
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)
    completion: tuple[Completion, ...] = ()  # 上年完成情况 of a year-end packet (init --from --year-end)


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
    warnings: tuple[Issue, ...] = ()  # what validation found doubtful but not wrong, in file order

    @property
    def projects(self) -> tuple[Project, ...]:
        return tuple(project for area in self.areas for project in area.projects)

    @property
    def targets(self) -> tuple[Indicator, ...]:
        return tuple(target for area in self.areas for target in area.targets)


class Totals(msgspec.Struct, frozen=True):
    """Sums over a list of projects, in 万元, split by kind; `known_*` count rows that gave the figure,
    `unknown` the projects whose kind the report does not say."""

    count: int = 0
    new: int = 0
    continued: int = 0
    total_investment: Decimal = Decimal(0)
    annual_investment: Decimal = Decimal(0)
    known_total: int = 0
    known_annual: int = 0
    by_kind: dict[str, Totals] = msgspec.field(default_factory=dict)
    unknown: int = 0


def sum_projects(projects: tuple[Project, ...] | list[Project], unit: str = "万元") -> Totals:
    """Exact sums of the listed projects (Decimal), in `unit`, with 新建/续建/未明确 subtotals."""

    def plain(rows: list[Project]) -> Totals:
        totals = [p.total_investment.to(unit) for p in rows if p.total_investment is not None]
        annuals = [p.annual_investment.to(unit) for p in rows if p.annual_investment is not None]
        return Totals(
            count=len(rows),
            new=sum(1 for p in rows if p.kind == NEW),
            continued=sum(1 for p in rows if p.kind == CONTINUED),
            unknown=sum(1 for p in rows if p.kind == UNKNOWN_KIND),
            total_investment=sum(totals, Decimal(0)),
            annual_investment=sum(annuals, Decimal(0)),
            known_total=len(totals),
            known_annual=len(annuals),
        )

    rows = list(projects)
    overall = plain(rows)
    by_kind = {kind: plain([p for p in rows if p.kind == kind]) for kind in PROJECT_KINDS}
    return msgspec.structs.replace(overall, by_kind=by_kind)


# Layouts and fonts -----------------------------------------------------------------------------------
