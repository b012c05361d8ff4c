"""The data tables as table plans: targets, projects and grand total, with sum rows and column widths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import msgspec

from briefing.compose.headings import Headings
from briefing.compose.progress_cells import PROGRESS_FIELDS, as_of_text, cell_text, progress_columns
from briefing.compose.table_columns import shown_columns, written
from briefing.compose.templates import TemplateRunner
from briefing.compose.views import AreaView
from briefing.model.layout import Column, Layout, LoadedLayout, TableKind
from briefing.model.lengths import Em
from briefing.model.packet import (
    PROJECT_KINDS,
    UNKNOWN_KIND,
    Area,
    Declared,
    Indicator,
    Packet,
    Project,
    Totals,
    Value,
    sum_projects,
)
from briefing.model.plan import Cell, Origin, Para, Row, TablePlan
from briefing.model.quantities import Figure, format_amount

_MONEY = ("total_investment", "annual_investment")
_COUNTS = ("count", "new", "continued")
_LABELLED = ("name", "area")  # a sum row's label goes in the first of these columns
# What the subtotal of the projects whose kind the report does not say calls them (the layout's
# `subtotal` text gets it as `kind`: 性质未明项目小计（2个）).
UNKNOWN_KIND_LABEL = "性质未明"

# What a sum row has under one column: its text and where it came from, or None for an empty cell.
SumValue = Callable[[str], tuple[str, Origin] | None]


def column_widths(kind: TableKind, layout: Layout) -> tuple[float, ...]:
    """Column widths in points: N字 columns as written (in the cell style's size, plus padding), N* columns
    sharing what is left of the 版心 in proportion; all scaled down together when they overflow it."""
    frame = layout.page.frame_width
    fixed = _fixed_widths(kind, layout)
    shares = [_share(column) for column in kind.columns]
    remaining = max(frame - sum(w for w in fixed if w is not None), 0.0)
    total_share = sum(shares) or 1.0
    widths = [
        w if w is not None else remaining * share / total_share
        for w, share in zip(fixed, shares, strict=True)
    ]
    scale = frame / sum(widths) if sum(widths) > frame else 1.0
    return tuple(w * scale for w in widths)


def _fixed_widths(kind: TableKind, layout: Layout) -> list[float | None]:
    """The width of each N字 column in points (N characters of the cell style, plus padding); None for
    an N* column."""
    cell = layout.styles.get(layout.table.cell_style)
    size = cell.size if cell else 12.0
    pad = 2 * layout.table.padding
    return [float(c.width) * size + pad if isinstance(c.width, Em) else None for c in kind.columns]


def _share(column: Column) -> float:
    """An N* column's share of the remaining width (* alone is 1); 0 for a column of fixed width."""
    if not isinstance(column.width, str):
        return 0.0
    return float(column.width[:-1] or 1)


class Tables:
    """Makes the data tables of one packet in one layout, numbering them (表1, 表2 …) as they come.

    `headings` keys each caption and gives its outline level, in order with the headings around it.
    """

    def __init__(self, loaded: LoadedLayout, runner: TemplateRunner, headings: Headings) -> None:
        self.kinds = loaded.tables
        self.layout = loaded.layout
        self.runner = runner
        self.headings = headings
        self.made = 0  # tables so far: the next is numbered made + 1 (表1, 表2 …)

    # the three tables ----------------------------------------------------------------------------------
    def targets(self, area: Area, view: AreaView) -> TablePlan | None:
        """The area's target indicators, one row each; None when it has none."""
        kind = self.kinds.get("targets")
        if not area.targets or kind is None:
            return None
        records = [target.progress for target in area.targets]
        kind = msgspec.structs.replace(kind, columns=progress_columns(kind.columns, records))
        rows = [
            Row(tuple(self._target_cell(column, target, index) for column in kind.columns))
            for index, target in enumerate(area.targets, start=1)
        ]
        origin = Origin(area.where("targets"), "targets")
        return self._table("targets", kind, view, rows, origin, as_of=as_of_text(records))

    def projects(self, area: Area, view: AreaView) -> TablePlan | None:
        """The area's key projects, then a subtotal for each kind and the total; None when it has none."""
        kind = self.kinds.get("projects")
        if not area.projects or kind is None:
            return None
        records = [project.progress for project in area.projects]
        kind = msgspec.structs.replace(kind, columns=progress_columns(kind.columns, records))
        rows = [
            Row(tuple(self._project_cell(column, project, index, kind.money_unit) for column in kind.columns))
            for index, project in enumerate(area.projects, start=1)
        ]
        origin = Origin(area.where("projects"), "projects")
        totals = sum_projects(area.projects, kind.money_unit)
        for part_kind in PROJECT_KINDS:
            part = totals.by_kind[part_kind]
            if part.count:
                shown = UNKNOWN_KIND_LABEL if part_kind == UNKNOWN_KIND else part_kind
                label = self.runner.text("subtotal", kind=shown, count=part.count)
                rows.append(self._sum_row(kind, label, origin, self._sums(part, origin), origin, "subtotal"))
        label = self.runner.text("total", count=totals.count)
        rows.append(self._sum_row(kind, label, origin, self._sums(totals, origin), origin, "total"))
        note = self._partial_note(totals, origin)
        return self._table("projects", kind, view, rows, origin, note, as_of_text(records))

    def grand_total(self, packet: Packet, numbers: Sequence[int] | None = None) -> TablePlan | None:
        """Every area's project counts and sums, the packet's total, and what the report declared.

        `numbers` are the areas' numbers when not 1, 2, … (chosen areas keeping the whole packet's)."""
        kind = self.kinds.get("grand_total")
        if kind is None:
            return None
        unit = kind.money_unit
        indexes = numbers or range(1, len(packet.areas) + 1)
        rows = [self._area_row(kind, index, area) for index, area in zip(indexes, packet.areas, strict=True)]
        origin = Origin(packet.source, "declared")
        overall = sum_projects(packet.projects, unit)
        label = self.runner.text("total", count=overall.count)
        rows.append(self._sum_row(kind, label, origin, self._sums(overall, origin), origin, "total"))
        declared = packet.declared
        if declared is not None:
            label = self.runner.text("declared", complete=declared.complete, note=declared.note or "")
            label_origin = Origin(declared.source, "declared")
            values = self._declared(declared, unit)
            rows.append(self._sum_row(kind, label, label_origin, values, origin, "declared"))
        # Projects of unknown kind are in 项目数 but under neither 新建 nor 续建: the note says so.
        by_kind = any(column.field in ("new", "continued") for column in kind.columns)
        note = self._partial_note(overall, origin, overall.unknown if by_kind else 0)
        return self._table("grand_total", kind, None, rows, origin, note)

    # rows and cells ------------------------------------------------------------------------------------
    def _cell(self, text: str | None, origin: Origin, align: str, role: str = "body") -> Cell:
        table = self.layout.table
        style = {"body": table.cell_style, "number": table.number_style}.get(role, table.total_style)
        return Cell(text if text else self.runner.text("empty"), origin, style, align)

    def _target_cell(self, column: Column, target: Indicator, index: int) -> Cell:
        name = column.field
        origin = Origin(target.where(name), f"targets[{index}].{name}")
        if name == "index":
            return self._cell(str(index), origin, column.align)
        if name in ("last_year", "target"):
            value = self._value_text(getattr(target, name), target.unit)
            return self._cell(value, origin, column.align, "number")
        if name in PROGRESS_FIELDS:
            text = cell_text(name, target.progress, target.unit, None)
            return self._cell(
                text, Origin(target.where("progress"), f"targets[{index}].progress"), column.align
            )
        return self._cell(getattr(target, name), origin, column.align)

    def _value_text(self, value: Value | None, unit: str | None) -> str:
        """A target value as its column shows it: a figure without the unit the column heading already
        gives; a level with its growth whole, as reports write them (113.6亿元，增长5%)."""
        if value is None:
            return self.runner.text("empty")
        if isinstance(value, Figure) and unit and value.unit == unit and not value.change and unit != "%":
            return value.text(with_unit=False)
        return str(value)

    def _project_cell(self, column: Column, project: Project, index: int, unit: str) -> Cell:
        name = column.field
        origin = Origin(project.where(name), f"projects[{index}].{name}")
        if name == "index":
            return self._cell(str(index), origin, column.align)
        if name in _MONEY:
            figure: Figure | None = getattr(project, name)
            amount = None if figure is None else format_amount(figure.to(unit))
            return self._cell(amount, origin, column.align, "number")
        if name == "period":
            return self._cell(project.period.text if project.period else None, origin, column.align)
        if name in PROGRESS_FIELDS:
            text = cell_text(name, project.progress, None, unit)
            where = Origin(project.where("progress"), f"projects[{index}].progress")
            return self._cell(text, where, column.align, "number" if name != "progress_status" else "body")
        if name == "kind" and project.kind == UNKNOWN_KIND:
            return self._cell(None, origin, column.align)  # printed as not given
        return self._cell(getattr(project, name), origin, column.align)

    def _area_row(self, kind: TableKind, index: int, area: Area) -> Row:
        """One area's line of the grand total."""
        totals = sum_projects(area.projects, kind.money_unit)
        origin = Origin(area.where("projects"), "projects")
        cells = []
        for column in kind.columns:
            if column.field == "index":
                text = str(index)
            elif column.field == "area":
                text = area.title
            elif column.field in _COUNTS:
                text = str(getattr(totals, column.field))
            else:
                text = self._sum_text(totals, column.field)
            # The 序号 is a label set as the layout aligns it (centred), not a quantity set flush right.
            number = text[:1].isdigit() and column.field != "index"
            cells.append(self._cell(text, origin, column.align, "number" if number else "body"))
        return Row(tuple(cells))

    def _sum_text(self, totals: Totals, field: str) -> str:
        """A money sum as printed: the empty mark when no listed project gave the figure."""
        known = totals.known_total if field == "total_investment" else totals.known_annual
        amount: Decimal = getattr(totals, field)
        return format_amount(amount) if known else self.runner.text("empty")

    def _sums(self, totals: Totals, origin: Origin) -> SumValue:
        """What a subtotal or total row has under each column: counts and money sums."""

        def value(field: str) -> tuple[str, Origin] | None:
            if field in _MONEY:
                return self._sum_text(totals, field), origin
            if field in _COUNTS:
                return str(getattr(totals, field)), origin
            return None

        return value

    def _declared(self, declared: Declared, unit: str) -> SumValue:
        """What the declared row has under each column: the counts and sums the report states."""

        def value(field: str) -> tuple[str, Origin] | None:
            found = None if field in ("index", "area", "name") else getattr(declared, field, None)
            where = Origin(declared.source, f"declared.{field}")
            if isinstance(found, Figure):
                return format_amount(found.to(unit)), where
            if isinstance(found, int):
                return str(found), where
            return None

        return value

    def _sum_row(
        self, kind: TableKind, label: str, label_origin: Origin, values: SumValue, blank: Origin, role: str
    ) -> Row:
        """A subtotal, total or declared row: the label spans the text columns, figures go under theirs."""
        style = self.layout.table.total_style
        cells = []
        label_placed = False
        for column in kind.columns:
            if column.field in _LABELLED and not label_placed:
                cells.append(Cell(label, label_origin, style, "left"))
                label_placed = True
                continue
            found = values(column.field)
            text, origin = found if found is not None else ("", blank)
            cells.append(Cell(text, origin, style, column.align))
        return Row(tuple(cells), role)

    # the table around the rows ---------------------------------------------------------------------------
    def _partial_note(self, totals: Totals, origin: Origin, unknown: int = 0) -> Para | None:
        """Say so under a table when its sums leave out projects the report gave no figure for, or
        (`unknown`) its 新建 and 续建 counts leave out projects whose kind the report does not say."""
        missing_total = totals.count - totals.known_total
        missing_annual = totals.count - totals.known_annual
        if not totals.count or (not missing_total and not missing_annual and not unknown):
            return None
        text = self.runner.text(
            "partial",
            count=totals.count,
            missing_total=missing_total,
            missing_annual=missing_annual,
            known_total=totals.known_total,
            known_annual=totals.known_annual,
            unknown=unknown,
        )
        style = "table_note" if "table_note" in self.layout.styles else self.layout.table.caption_style
        return Para(style, text, origin) if text else None

    def _table(
        self,
        name: str,
        kind: TableKind,
        area: AreaView | None,
        rows: list[Row],
        origin: Origin,
        note: Para | None = None,
        as_of: str = "",
    ) -> TablePlan:
        """The table plan around `rows`: its number, caption, 续表 caption, header and column widths."""
        table = self.layout.table  # the columns printed (not those empty throughout), numbers as written
        shown = shown_columns(rows, self.runner.text("empty"), table.drop_empty_columns)
        rows = written(rows, shown, table.number_style, table.digit_grouping)
        kind = msgspec.structs.replace(kind, columns=tuple(kind.columns[column] for column in shown))
        self.made += 1
        variables = {"area": area, "table": self.made, "as_of": as_of}
        caption = self.runner.render(kind.caption, **variables)
        continued = self.runner.text("continued", **variables)
        header_style = self.layout.table.header_style
        header = tuple(
            Cell(
                self.runner.render(column.label, **variables),
                Origin(column.label.source, column.label.name),
                header_style,
                "center",
            )
            for column in kind.columns
        )
        caption_style = self.layout.table.caption_style
        style = self.layout.styles.get(caption_style)
        toc = bool(style and style.toc)
        key = self.headings.key("t")
        level = self.headings.level(style.outline_level if style else None, toc)
        return TablePlan(
            kind=name,
            caption=Para(caption_style, caption, origin, level, toc, key),
            continued=Para(caption_style, continued, origin),
            widths=column_widths(kind, self.layout),
            header=Row(header, "header"),
            rows=tuple(rows),
            columns=shown,
            origin=origin,
            note=note,
        )
