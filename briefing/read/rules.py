"""The packet's rules: read values become the model, with the cross-checks (declared totals, units, duplicates)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import msgspec

from briefing.errors import Issue, LayoutError, LoadError, Source, ValidationError
from briefing.model.packet import (
    CONTINUED,
    NEW,
    UNKNOWN_KIND,
    Area,
    Declared,
    Indicator,
    LevelGrowth,
    Packet,
    Project,
    Secrecy,
    sum_projects,
)
from briefing.model.quantities import Figure, format_amount
from briefing.model.units import UNITS
from briefing.read.kinds import PATH_KEY, SOURCE_KEY
from briefing.read.packet_files import AREAS_DIR, PACKET_FILE, RawPacket
from briefing.read.progress_rules import completion_rows, progress_records
from briefing.read.reader import Reader, Values, source_of, value_of
from briefing.read.schema import AREA, PACKET
from briefing.read.yaml_nodes import Document

DEFAULT_LAYOUT = "gbt9704"
DECLARED_KEYS = ("count", "new", "continued", "total_investment", "annual_investment")
# Which declared figures a problem in one field of a project row makes uncheckable.
_DEPENDS = {
    "kind": {"new", "continued"},
    "total_investment": {"total_investment"},
    "annual_investment": {"annual_investment"},
}
# The list and key of an issue's field path (projects[2].name); compiled by re's cache when an issue needs it.
_ROW_FIELD = r"^(?P<list>[^\[.]+)(?:\[\d+\])?(?:\.(?P<key>[^.\[]+))?$"


def _sources(values: Values) -> dict[str, Source]:
    """Where each field of a record was written, for later stages' messages (Located.where)."""
    return {key: source for key, (_, source) in values.items() if not key.startswith("__")}


def _row_source(row: Values) -> Source:
    """Where a row (or a nested record) was written: the start of its mapping."""
    return row[SOURCE_KEY][1]


def _measure(target: object) -> object:
    """What progress is measured against: the target, or the level of a level-and-growth target."""
    return target.level if isinstance(target, LevelGrowth) else target


def _row_path(row: Values) -> str:
    return str(row[PATH_KEY][0])


class _Rules:
    """Builds model objects from read values and runs the cross-field checks; problems go to the reader."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.year: int | None = None  # packet.yaml's work year, which progress dates must fall in

    # areas ---------------------------------------------------------------------------------------------
    def areas(self, raw: RawPacket) -> tuple[list[Area], set[str]]:
        """Every area that could be read, and the declared figures of the packet they leave uncheckable."""
        areas: list[Area] = []
        project_rows: list[Values] = []
        # The packet's declared totals add up every area: unsure if any area could not be read in full.
        unsure: set[str] = set(DECLARED_KEYS) if raw.missing else set()
        for document in raw.areas:
            area, rows, area_unsure = self.area(document)
            unsure |= area_unsure
            project_rows.extend(rows)
            if area is not None:
                areas.append(area)
        self.duplicates(project_rows, "project.duplicate")
        return areas, unsure

    def area(self, document: Document) -> tuple[Area | None, list[Values], set[str]]:
        """One area file as the model, its project rows, and the declared figures it leaves unsure."""
        values = self.reader.record(document.root, AREA, "") if document.root is not None else None
        if document.root is None or values is None:
            return None, [], set(DECLARED_KEYS)
        target_rows: list[Values] = value_of(values, "targets", [])
        rows: list[Values] = value_of(values, "projects", [])
        self.duplicates(target_rows, "indicator.duplicate")
        projects = tuple(self.project(row) for row in rows)
        declared = self.declared(value_of(values, "declared"))
        unsure = self.unsure(document.issues + self.reader.issues, document.display, "projects")
        self.check_declared(value_of(values, "declared"), projects, "declared", unsure)
        area = Area(
            key=document.path.stem,
            title=value_of(values, "title", ""),
            lead_unit=value_of(values, "lead_unit"),
            leader=value_of(values, "leader"),
            summary=value_of(values, "summary", ()),
            last_year_results=value_of(values, "last_year_results", ()),
            targets=tuple(self.indicator(row) for row in target_rows),
            projects=projects,
            declared=declared,
            source=document.root.source,
            sources=_sources(values),
            completion=completion_rows(self.reader, value_of(values, "last_year_completion", []), self.year),
        )
        return area, rows, unsure

    def declared(self, values: Values | None) -> Declared | None:
        if values is None:
            return None
        return Declared(
            complete=bool(value_of(values, "complete", False)),
            count=value_of(values, "count"),
            new=value_of(values, "new"),
            continued=value_of(values, "continued"),
            total_investment=value_of(values, "total_investment"),
            annual_investment=value_of(values, "annual_investment"),
            note=value_of(values, "note"),
            source=_row_source(values),
        )

    def indicator(self, row: Values) -> Indicator:
        unit = value_of(row, "unit")
        if unit:
            for key in ("last_year", "target"):
                self._indicator_units(row, key, unit)
        return Indicator(
            name=value_of(row, "name", ""),
            unit=unit,
            last_year=value_of(row, "last_year"),
            target=value_of(row, "target"),
            lead_unit=value_of(row, "lead_unit"),
            note=value_of(row, "note"),
            source=_row_source(row),
            sources=_sources(row),
            progress=progress_records(self.reader, row, _measure(value_of(row, "target")), unit, self.year),
        )

    def _indicator_units(self, row: Values, key: str, unit: str) -> None:
        """The figures of one value in the indicator's unit: a figure or a pair's level and growth."""
        value = value_of(row, key)
        where, path = source_of(row, key, _row_source(row)), f"{_row_path(row)}.{key}"
        if isinstance(value, LevelGrowth):
            self._figure_unit(value.level, unit, where, f"{path}.level")
            self._figure_unit(value.growth, unit, where, f"{path}.growth")
        elif isinstance(value, Figure):
            self._figure_unit(value, unit, where, path)

    def _figure_unit(self, value: Figure, unit: str, where: Source, path: str) -> None:
        """A level in the indicator's own dimension (人 for 人); a change in % or 个百分点, or by an amount
        of the indicator's own (增加2000人 for 人, 减少500吨 for 万吨)."""
        same = value.dimension == UNITS[unit][0]
        if not value.change and not same:
            self.reader.add(
                where, path, "figure.wrong-unit", text=value.text(), unit=value.unit, expected=unit
            )
        if value.change and not same and value.unit not in ("%", "个百分点"):
            self.reader.add(where, path, "figure.change-unit", text=value.text(), unit=unit)

    def project(self, row: Values) -> Project:
        total: Figure | None = value_of(row, "total_investment")
        annual: Figure | None = value_of(row, "annual_investment")
        if total is not None and annual is not None and annual.to("万元") > total.to("万元"):
            self.reader.add(
                source_of(row, "annual_investment", _row_source(row)),
                f"{_row_path(row)}.annual_investment",
                "money.annual-above-total",
                annual=annual.text(),
                total=total.text(),
            )
        return Project(
            name=value_of(row, "name", ""),
            kind=value_of(row, "kind", UNKNOWN_KIND),
            total_investment=total,
            annual_investment=annual,
            period=value_of(row, "period"),
            status=value_of(row, "status"),
            lead_unit=value_of(row, "lead_unit"),
            note=value_of(row, "note"),
            source=_row_source(row),
            sources=_sources(row),
            progress=progress_records(self.reader, row, annual, None, self.year),
        )

    def duplicates(self, rows: list[Values], code: str) -> None:
        """A name given to two rows: reported at the second, naming where the first is."""
        seen: dict[str, Source] = {}
        for row in rows:
            name = value_of(row, "name")
            if not name:
                continue
            source = source_of(row, "name", _row_source(row))
            if name in seen:
                first = seen[name]
                where = f"{first.file}:{first.line}"
                self.reader.add(source, f"{_row_path(row)}.name", code, name=name, first=where)
            else:
                seen[name] = source

    # declared totals -----------------------------------------------------------------------------------
    def unsure(self, issues: list[Issue], file: str, list_path: str) -> set[str]:
        """Declared figures that cannot be checked because the rows they add up had problems of their own."""
        keys: set[str] = set()
        for found in issues:
            if found.source.file != file or found.code == "money.annual-above-total":
                continue
            match = re.match(_ROW_FIELD, found.field)
            if match is None or match["list"] != list_path:
                continue
            if match["key"] is None:  # the list, or one of its rows, could not be read at all
                return set(DECLARED_KEYS)
            # An unknown key may well be the figure misspelt (总投资 for total_investment).
            key = found.params.get("suggestion") if found.code == "field.unknown" else match["key"]
            keys |= _DEPENDS.get(str(key), set())
        return keys

    def check_declared(
        self, values: Values | None, projects: tuple[Project, ...], field_path: str, unsure: set[str]
    ) -> None:
        """A list that claims to be complete must add up to what it declares, count for count, 元 for 元."""
        declared = self.declared(values)
        if values is None or declared is None or not declared.complete:
            return
        totals = sum_projects(projects)
        pairs = (
            ("count", declared.count, totals.count),
            ("new", declared.new, totals.new),
            ("continued", declared.continued, totals.continued),
        )
        for key, claimed, actual in pairs:
            if claimed is not None and key not in unsure:
                where = source_of(values, key, declared.source)
                self._check_count(key, claimed, actual, totals.unknown, where, f"{field_path}.{key}")
        for key, known_key in (("total_investment", "known_total"), ("annual_investment", "known_annual")):
            if key not in unsure:
                claimed_figure: Figure | None = getattr(declared, key)
                known: int = getattr(totals, known_key)
                sum_: Decimal = getattr(totals, key)
                where = source_of(values, key, declared.source)
                self._check_sum(claimed_figure, sum_, (known, totals.count), where, f"{field_path}.{key}")

    def _check_count(
        self, key: str, claimed: int, actual: int, unknown: int, where: Source, path: str
    ) -> None:
        """A declared count against the list's. Projects whose kind the report does not say may be new or
        continued: a declared 新建 or 续建 count is right anywhere from those listed as such to that many more."""
        if key == "count" or not unknown:
            if claimed != actual:
                self.reader.add(where, path, "declared.count-mismatch", claimed=claimed, actual=actual)
            return
        if not actual <= claimed <= actual + unknown:
            kind = NEW if key == "new" else CONTINUED
            self.reader.add(
                where,
                path,
                "declared.kind-count-unknown",
                kind=kind,
                claimed=claimed,
                actual=actual,
                unknown=unknown,
                most=actual + unknown,
            )

    def _check_sum(
        self, claimed: Figure | None, actual: Decimal, rows: tuple[int, int], where: Source, path: str
    ) -> None:
        """A declared amount against the sum of the rows (`rows`: how many give the amount, of how many)."""
        known, count = rows
        if claimed is None:
            return
        if known < count:
            self.reader.add(
                where, path, "declared.incomplete-rows", missing=count - known, claimed=claimed.text()
            )
            return
        if claimed.to("万元") != actual:
            # The sum in the unit the total was declared in, so the two numbers compare at a glance.
            actual_text = format_amount(actual * UNITS["万元"][1] / UNITS[claimed.unit][1])
            self.reader.add(
                where,
                path,
                "declared.sum-mismatch",
                claimed=claimed.text(),
                actual=f"{actual_text}{claimed.unit}",
            )

    # packet.yaml ---------------------------------------------------------------------------------------
    def packet(self, raw: RawPacket, values: Values, areas: list[Area], unsure: set[str]) -> Packet:
        """packet.yaml as the model, its declared totals checked against every area's projects."""
        root = raw.packet.root
        assert root is not None  # the values were read from it
        if any(
            found.source.file == raw.packet.display and re.match(r"areas($|\[)", found.field)
            for found in self.reader.issues
        ):
            unsure = unsure | set(DECLARED_KEYS)  # the list of areas itself is wrong
        projects = tuple(project for area in areas for project in area.projects)
        self.check_declared(value_of(values, "declared"), projects, "declared", unsure)
        secrecy_values: Values | None = value_of(values, "secrecy")
        level = value_of(secrecy_values, "level")
        secrecy = Secrecy(level, value_of(secrecy_values, "period")) if level else None
        if secrecy is not None and value_of(values, "classification"):
            self.reader.add(source_of(values, "secrecy", root.source), "secrecy", "marks.both")
        return Packet(
            title=value_of(values, "title", ""),
            meeting=value_of(values, "meeting", ""),
            issuer=value_of(values, "issuer", ""),
            date=value_of(values, "date", dt.date(1970, 1, 1)),
            year=value_of(values, "year", 0),
            classification=value_of(values, "classification"),
            secrecy=secrecy,
            urgency=value_of(values, "urgency"),
            draft=value_of(values, "draft"),
            layout=value_of(values, "layout", DEFAULT_LAYOUT),
            areas=tuple(areas),
            declared=self.declared(value_of(values, "declared")),
            root=raw.root,
            source=root.source,
            sources=_sources(values),
        )


LayoutFinder = Callable[[str, Source], object]
"""Finds the layout packet.yaml names (written at the Source), raising LayoutError when there is none."""


def validate_packet(raw: RawPacket, find_layout: LayoutFinder | None = None, strict: bool = False) -> Packet:
    """Turn a loaded packet into the model, or raise LoadError / ValidationError with every issue.

    Warnings (what is probably a slip, such as an area file left out of the list) go with the errors
    when there are any, else onto the packet; with `strict` they are errors. `find_layout`, when given,
    looks for the layout packet.yaml names, so a missing one is reported with the rest.
    """
    load_issues = raw.issues
    reader = Reader()
    rules = _Rules(reader)
    packet_root = raw.packet.root
    packet_values = reader.record(packet_root, PACKET, "") if packet_root is not None else None
    rules.year = value_of(packet_values, "year")
    areas, unsure = rules.areas(raw)
    packet = rules.packet(raw, packet_values, areas, unsure) if packet_values is not None else None
    if packet is not None and find_layout is not None:
        _find_layout(find_layout, packet, reader)
    warnings = _warnings(raw, reader, strict)
    if load_issues and not reader.issues:
        raise LoadError(sorted(load_issues + warnings, key=_order))
    if load_issues or reader.issues:
        raise ValidationError(sorted(load_issues + reader.issues + warnings, key=_order))
    assert packet is not None  # no issues: packet.yaml was read
    return msgspec.structs.replace(packet, warnings=tuple(warnings))


def _warnings(raw: RawPacket, reader: Reader, strict: bool) -> list[Issue]:
    """The warnings in file order; none with `strict`, which makes them the reader's errors."""
    warnings = sorted(raw.warnings + reader.warnings, key=_order)
    if not strict:
        return warnings
    reader.issues += [found.as_error() for found in warnings]
    return []


def _find_layout(find_layout: LayoutFinder, packet: Packet, reader: Reader) -> None:
    try:
        find_layout(packet.layout, packet.where("layout"))
    except LayoutError as exc:
        reader.issues.extend(exc.issues)


def _order(found: Issue) -> tuple[int, str, int, int]:
    file = found.source.file
    rank = 0 if file == PACKET_FILE else 1 if file.startswith(f"{AREAS_DIR}/") else 2
    return (rank, file, found.source.line, found.source.column)
