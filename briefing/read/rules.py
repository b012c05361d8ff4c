"""Located nodes to the typed model: every problem collected, then raised once."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from briefing.errors import Issue, LoadError, Source, ValidationError, issue
from briefing.messages import printable
from briefing.model.packet import Area, Declared, Indicator, Packet, Period, Project, Secrecy, sum_projects
from briefing.model.quantities import (
    UNITS,
    Figure,
    FigureSyntaxError,
    Qualitative,
    Value,
    format_amount,
    parse_figure,
    suggest_unit,
)
from briefing.read.schema import AREA, PACKET, Field, Record
from briefing.read.yaml_nodes import AREAS_DIR, Mapping, Node, RawPacket, Scalar, Sequence

DEFAULT_LAYOUT = "gbt9704"
_CJK_MARKS = frozenset("，。、；：？！“”‘’（）《》〔〕【】…—")


def _is_cjk(char: str) -> bool:
    """Chinese text, where a line break joins without a space (a function: the equivalent character
    class took 5 ms of every run to compile)."""
    point = ord(char)
    return (
        0x2E80 <= point <= 0x9FFF
        or 0xF900 <= point <= 0xFAFF
        or 0x20000 <= point <= 0x3FFFF
        or char in _CJK_MARKS
    )


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_ZH = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR_MONTH = r"(\d{4})(?:年|-)?(?:(\d{1,2})月?)?年?"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PERIOD = re.compile(rf"^{_YEAR_MONTH}(?:\s*(?:—|–|-|~|～|至|到)\s*{_YEAR_MONTH})?$")


def _kind_name(node: Node) -> str:
    if isinstance(node, Mapping):
        return "mapping"
    if isinstance(node, Sequence):
        return "list"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, Decimal)):
        return "number"
    return "text"


def join_lines(text: str) -> str:
    """Join the lines of one paragraph: no space between Chinese characters, one space between Latin words."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        if _is_cjk(joined[-1]) or _is_cjk(part[0]):
            joined += part
        else:
            joined += " " + part
    return joined


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks inside a paragraph are joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return tuple(paragraph for paragraph in (join_lines(block) for block in blocks) if paragraph)


class Reader:
    """Reads nodes against schema records, appending an Issue for every problem instead of raising."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, source: Source, path: str, code: str, **params: Any) -> None:
        self.issues.append(issue(source, path, code, **params))

    # records -----------------------------------------------------------------
    def record(self, node: Node, record: Record, path: str) -> dict[str, tuple[Any, Source]] | None:
        """Values of a mapping by key, each with its source; None when the node is not a mapping."""
        if not isinstance(node, Mapping):
            self.add(
                node.source, path or record.name, "type.mapping", label=record.label, found=_kind_name(node)
            )
            return None
        values: dict[str, tuple[Any, Source]] = {}
        suggested: set[str] = set()  # keys an unknown key was probably meant to be
        for key, (key_source, value_node) in node.entries.items():
            field = record.field(key)
            shown = printable(key) or '""'
            here = f"{path}.{shown}" if path else shown
            if field is None:
                suggestion = difflib.get_close_matches(key, record.keys, n=1, cutoff=0.5)
                by_label = [f.key for f in record.fields if f.label == key]
                hint = (suggestion or by_label or [""])[0]
                suggested.add(hint)
                self.add(
                    key_source,
                    here,
                    "field.unknown" if hint else "field.unknown-no-hint",
                    key=key,
                    suggestion=hint,
                    allowed=tuple(record.keys),
                )
                continue
            value = self.value(value_node, field, here)
            if value is not None:
                values[key] = (value, value_node.source)
        for field in record.fields:
            if field.key in suggested:
                continue  # "unknown field titel; did you mean title?" says it already
            if field.required and field.key not in values and not self._reported_at(node, field, path):
                here = f"{path}.{field.key}" if path else field.key
                entry = node.entries.get(field.key)  # present but empty: point at the key
                where = entry[0] if entry else node.source
                self.add(where, here, "field.required", label=field.label, example=_example(field))
        return values

    def _reported_at(self, node: Mapping, field: Field, path: str) -> bool:
        """A required key that is present but wrong was already reported; do not also call it missing."""
        entry = node.entries.get(field.key)
        if entry is None:
            return False
        value_node = entry[1]
        return not (isinstance(value_node, Scalar) and (value_node.value is None or value_node.value == ""))

    # fields ------------------------------------------------------------------
    def value(self, node: Node, field: Field, path: str) -> Any:
        if isinstance(node, Scalar) and (
            node.value is None or (isinstance(node.value, str) and not node.value.strip())
        ):
            return None
        if isinstance(node, Scalar) and (control := _CONTROL.search(node.text)):
            # Only reachable through escapes in double quotes ("\a"); nothing can print such a character.
            self.add(
                node.source, path, "text.control-char", label=field.label, char=f"U+{ord(control[0]):04X}"
            )
            return None
        reader = getattr(self, f"_read_{field.kind}")
        return reader(node, field, path)

    def _scalar(self, node: Node, field: Field, path: str, expected: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        self.add(
            node.source, path, "type.wrong", label=field.label, expected=expected, found=_kind_name(node)
        )
        return None

    def _read_text(self, node: Node, field: Field, path: str) -> str | None:
        scalar = self._scalar(node, field, path, "text")
        if scalar is None:
            return None
        if isinstance(scalar.value, bool):
            self.add(node.source, path, "type.wrong", label=field.label, expected="text", found="bool")
            return None
        return join_lines(scalar.text) if scalar.quoted or isinstance(scalar.value, str) else scalar.text

    def _read_paragraphs(self, node: Node, field: Field, path: str) -> tuple[str, ...] | None:
        if isinstance(node, Sequence):
            paragraphs: list[str] = []
            for index, item in enumerate(node.items, start=1):
                text = self._read_text(item, field, f"{path}[{index}]")
                if text:
                    paragraphs.append(text)
            return tuple(paragraphs) or None
        scalar = self._scalar(node, field, path, "paragraphs")
        if scalar is None:
            return None
        if isinstance(scalar.value, bool):
            self.add(node.source, path, "type.wrong", label=field.label, expected="paragraphs", found="bool")
            return None
        return split_paragraphs(scalar.text) or None

    def _read_value(self, node: Node, field: Field, path: str) -> Value | None:
        if isinstance(node, Mapping):
            text_node = node.get("text")
            extra = [key for key in node.entries if key != "text"]
            if text_node is None or extra or not isinstance(text_node, Scalar) or text_node.value is None:
                self.add(node.source, path, "value.mapping", label=field.label)
                return None
            return Qualitative(join_lines(text_node.text))
        scalar = self._scalar(node, field, path, "figure")
        if scalar is None:
            return None
        if isinstance(scalar.value, bool):
            self.add(node.source, path, "type.wrong", label=field.label, expected="figure", found="bool")
            return None
        if isinstance(scalar.value, (int, Decimal)):
            self.add(node.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
            return None
        text = scalar.text.strip()
        if not re.search(r"\d", text):
            return Qualitative(join_lines(text))
        return self._figure(scalar, field, path)

    def _figure(self, scalar: Scalar, field: Field, path: str) -> Figure | None:
        if isinstance(scalar.value, (int, Decimal)):
            self.add(scalar.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
            return None
        if not isinstance(scalar.value, str):
            self.add(
                scalar.source,
                path,
                "type.wrong",
                label=field.label,
                expected="figure",
                found=_kind_name(scalar),
            )
            return None
        try:
            return parse_figure(scalar.text)
        except FigureSyntaxError as exc:
            if exc.reason == "too-long":
                self.add(scalar.source, path, "figure.too-long", label=field.label, text=scalar.text)
            elif exc.reason == "missing-unit":
                self.add(scalar.source, path, "figure.missing-unit", label=field.label, text=scalar.text)
            elif exc.reason == "unknown-unit":
                near = suggest_unit(exc.found)
                self.add(
                    scalar.source,
                    path,
                    "figure.unknown-unit" if near else "figure.unknown-unit-no-hint",
                    label=field.label,
                    text=scalar.text,
                    unit=exc.found,
                    suggestion=near,
                )
            else:
                self.add(scalar.source, path, "figure.unreadable", label=field.label, text=scalar.text)
            return None

    def _read_money(self, node: Node, field: Field, path: str) -> Figure | None:
        scalar = self._scalar(node, field, path, "money")
        if scalar is None:
            return None
        figure = self._figure(scalar, field, path)
        if figure is None:
            return None
        if not figure.is_money:
            self.add(node.source, path, "money.unit", label=field.label, text=scalar.text, unit=figure.unit)
            return None
        if figure.amount < 0:
            self.add(node.source, path, "money.negative", label=field.label, text=scalar.text)
            return None
        if figure.change:
            self.add(node.source, path, "money.change", label=field.label, text=scalar.text)
            return None
        return figure

    def _read_count(self, node: Node, field: Field, path: str) -> int | None:
        scalar = self._scalar(node, field, path, "count")
        if scalar is None:
            return None
        if isinstance(scalar.value, bool) or not isinstance(scalar.value, int) or scalar.value < 0:
            self.add(node.source, path, "count.invalid", label=field.label, text=scalar.text)
            return None
        return scalar.value

    def _read_year(self, node: Node, field: Field, path: str) -> int | None:
        scalar = self._scalar(node, field, path, "year")
        if scalar is None:
            return None
        text = scalar.text.strip().removesuffix("年")
        if not re.fullmatch(r"\d{4}", text) or not 1949 <= int(text) <= 2200:
            self.add(node.source, path, "year.invalid", label=field.label, text=scalar.text)
            return None
        return int(text)

    def _read_bool(self, node: Node, field: Field, path: str) -> bool | None:
        scalar = self._scalar(node, field, path, "bool")
        if scalar is None:
            return None
        if not isinstance(scalar.value, bool):
            self.add(node.source, path, "bool.invalid", label=field.label, text=scalar.text)
            return None
        return scalar.value

    def _read_enum(self, node: Node, field: Field, path: str) -> str | None:
        if not isinstance(node, Scalar) or isinstance(node.value, bool):
            self.add(
                node.source,
                path,
                "enum.not-text",
                label=field.label,
                choices=tuple(field.choices),
                found=_kind_name(node),
            )
            return None
        scalar = node
        text = scalar.text.strip()
        if text not in field.choices:
            self.add(
                node.source,
                path,
                "enum.invalid",
                label=field.label,
                text=text,
                choices=tuple(field.choices),
            )
            return None
        return text

    def _read_unit(self, node: Node, field: Field, path: str) -> str | None:
        scalar = self._scalar(node, field, path, "unit")
        if scalar is None:
            return None
        text = scalar.text.strip().replace("％", "%")
        if text not in UNITS:
            near = suggest_unit(text)
            self.add(
                node.source,
                path,
                "unit.unknown" if near else "unit.unknown-no-hint",
                label=field.label,
                unit=text,
                suggestion=near,
            )
            return None
        return text

    def _read_date(self, node: Node, field: Field, path: str) -> dt.date | None:
        scalar = self._scalar(node, field, path, "date")
        if scalar is None:
            return None
        text = scalar.text.strip()
        match = _DATE_ISO.match(text) or _DATE_ZH.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        self.add(node.source, path, "date.invalid", label=field.label, text=text)
        return None

    def _read_period(self, node: Node, field: Field, path: str) -> Period | None:
        scalar = self._scalar(node, field, path, "period")
        if scalar is None:
            return None
        text = scalar.text.strip()
        match = _PERIOD.match(text)
        if match:
            start = (int(match[1]), int(match[2]) if match[2] else None)
            end = (int(match[3]), int(match[4]) if match[4] else None) if match[3] else start
            months_ok = all(month is None or 1 <= month <= 12 for month in (start[1], end[1]))
            years_ok = all(1949 <= year <= 2200 for year in (start[0], end[0]))
            ordered = (start[0], start[1] or 0) <= (end[0], end[1] or 13)
            if months_ok and years_ok and ordered:
                return Period(start, end, text)
        self.add(node.source, path, "period.invalid", label=field.label, text=text)
        return None

    def _read_areas(self, node: Node, field: Field, path: str) -> tuple[str, ...] | str | None:
        if isinstance(node, Scalar) and node.value == "all":
            return "all"
        if not isinstance(node, Sequence):
            self.add(node.source, path, "areas.invalid", label=field.label)
            return None
        names: list[str] = []
        for index, item in enumerate(node.items, start=1):
            here = f"{path}[{index}]"
            if not isinstance(item, Scalar) or not isinstance(item.value, str) or not item.value.strip():
                self.add(item.source, here, "areas.invalid", label=field.label)
                continue
            name = item.value.strip()
            if name in names:
                self.add(item.source, here, "areas.duplicate", file=name)
                continue
            names.append(name)
        return tuple(names)

    def _read_record(self, node: Node, field: Field, path: str) -> dict[str, tuple[Any, Source]] | None:
        assert field.record is not None
        values = self.record(node, field.record, path)
        return None if values is None else {"__source__": (None, node.source), **values}

    def _read_records(
        self, node: Node, field: Field, path: str
    ) -> list[dict[str, tuple[Any, Source]]] | None:
        assert field.record is not None
        if not isinstance(node, Sequence):
            self.add(
                node.source, path, "type.wrong", label=field.label, expected="list", found=_kind_name(node)
            )
            return None
        rows = []
        for index, item in enumerate(node.items, start=1):
            values = self.record(item, field.record, f"{path}[{index}]")
            if values is not None:
                rows.append(
                    {
                        "__source__": (None, item.source),
                        "__path__": (f"{path}[{index}]", item.source),
                        **values,
                    }
                )
        return rows


def _example(field: Field) -> str:
    if field.example is None:
        return f"{field.key}: …"
    example = field.example
    if isinstance(example, bool):
        example = "true" if example else "false"
    return f"{field.key}: {example}"


def _get(values: dict[str, tuple[Any, Source]], key: str, default: Any = None) -> Any:
    entry = values.get(key)
    return default if entry is None else entry[0]


def _sources(values: dict[str, tuple[Any, Source]]) -> dict[str, Source]:
    """Where each field of a record was written, for later stages' messages (Located.where)."""
    return {key: source for key, (_, source) in values.items() if not key.startswith("__")}


def _where(values: dict[str, tuple[Any, Source]], key: str, fallback: Source) -> Source:
    entry = values.get(key)
    return fallback if entry is None else entry[1]


class _Checker:
    """Builds model objects from read values and runs the cross-field checks."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def declared(self, values: dict[str, tuple[Any, Source]] | None) -> Declared | None:
        if values is None:
            return None
        source = values["__source__"][1]
        return Declared(
            complete=bool(_get(values, "complete", False)),
            count=_get(values, "count"),
            new=_get(values, "new"),
            continued=_get(values, "continued"),
            total_investment=_get(values, "total_investment"),
            annual_investment=_get(values, "annual_investment"),
            note=_get(values, "note"),
            source=source,
        )

    def indicator(self, row: dict[str, tuple[Any, Source]]) -> Indicator:
        path = row["__path__"][0]
        unit = _get(row, "unit")
        for key in ("last_year", "target"):
            value = _get(row, key)
            if unit and isinstance(value, Figure) and not value.change and value.dimension != UNITS[unit][0]:
                self.reader.add(
                    _where(row, key, row["__source__"][1]),
                    f"{path}.{key}",
                    "figure.wrong-unit",
                    text=value.text(),
                    unit=value.unit,
                    expected=unit,
                )
            if unit and isinstance(value, Figure) and value.change and value.unit not in ("%", "个百分点"):
                self.reader.add(
                    _where(row, key, row["__source__"][1]),
                    f"{path}.{key}",
                    "figure.change-unit",
                    text=value.text(),
                )
        return Indicator(
            name=_get(row, "name", ""),
            unit=unit,
            last_year=_get(row, "last_year"),
            target=_get(row, "target"),
            lead_unit=_get(row, "lead_unit"),
            note=_get(row, "note"),
            source=row["__source__"][1],
            sources=_sources(row),
        )

    def project(self, row: dict[str, tuple[Any, Source]]) -> Project:
        path = row["__path__"][0]
        total: Figure | None = _get(row, "total_investment")
        annual: Figure | None = _get(row, "annual_investment")
        if total is not None and annual is not None and annual.to("万元") > total.to("万元"):
            self.reader.add(
                _where(row, "annual_investment", row["__source__"][1]),
                f"{path}.annual_investment",
                "money.annual-above-total",
                annual=annual.text(),
                total=total.text(),
            )
        return Project(
            name=_get(row, "name", ""),
            kind=_get(row, "kind", ""),
            total_investment=total,
            annual_investment=annual,
            period=_get(row, "period"),
            status=_get(row, "status"),
            lead_unit=_get(row, "lead_unit"),
            note=_get(row, "note"),
            source=row["__source__"][1],
            sources=_sources(row),
        )

    def duplicates(self, rows: list[dict[str, tuple[Any, Source]]], code: str) -> None:
        seen: dict[str, Source] = {}
        for row in rows:
            name = _get(row, "name")
            if not name:
                continue
            source = _where(row, "name", row["__source__"][1])
            if name in seen:
                first = seen[name]
                self.reader.add(
                    source, f"{row['__path__'][0]}.name", code, name=name, first=f"{first.file}:{first.line}"
                )
            else:
                seen[name] = source

    def unsure(self, issues: list[Issue], file: str, list_path: str) -> set[str]:
        """Declared figures that cannot be checked because the rows they add up had problems of their own."""
        keys: set[str] = set()
        for found in issues:
            if found.source.file != file or found.code == "money.annual-above-total":
                continue
            match = _ROW_FIELD.match(found.field)
            if match is None or match["list"] != list_path:
                continue
            if match["key"] is None:  # the list, or one of its rows, could not be read at all
                return set(DECLARED_KEYS)
            # An unknown key may well be the figure misspelt (总投资 for total_investment).
            key = found.params.get("suggestion") if found.code == "field.unknown" else match["key"]
            keys |= _DEPENDS.get(str(key), set())
        return keys

    def check_declared(
        self,
        values: dict[str, tuple[Any, Source]] | None,
        projects: tuple[Project, ...],
        field_path: str,
        unsure: set[str],
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
            if claimed is not None and claimed != actual and key not in unsure:
                self.reader.add(
                    _where(values, key, declared.source),
                    f"{field_path}.{key}",
                    "declared.count-mismatch",
                    claimed=claimed,
                    actual=actual,
                )
        for key, known_key in (("total_investment", "known_total"), ("annual_investment", "known_annual")):
            claimed_figure: Figure | None = getattr(declared, key)
            if claimed_figure is None or key in unsure:
                continue
            where = _where(values, key, declared.source)
            actual_sum: Decimal = getattr(totals, key)
            known = getattr(totals, known_key)
            if known < totals.count:
                self.reader.add(
                    where,
                    f"{field_path}.{key}",
                    "declared.incomplete-rows",
                    missing=totals.count - known,
                    claimed=claimed_figure.text(),
                )
                continue
            if claimed_figure.to("万元") != actual_sum:
                # The sum in the unit the total was declared in, so the two numbers compare at a glance.
                actual_text = format_amount(actual_sum * UNITS["万元"][1] / UNITS[claimed_figure.unit][1])
                self.reader.add(
                    where,
                    f"{field_path}.{key}",
                    "declared.sum-mismatch",
                    claimed=claimed_figure.text(),
                    actual=f"{actual_text}{claimed_figure.unit}",
                )


DECLARED_KEYS = ("count", "new", "continued", "total_investment", "annual_investment")
# Which declared figures a problem in one field of a project row makes uncheckable.
_DEPENDS = {
    "kind": {"new", "continued"},
    "total_investment": {"total_investment"},
    "annual_investment": {"annual_investment"},
}
_ROW_FIELD = re.compile(r"^(?P<list>[^\[.]+)(?:\[\d+\])?(?:\.(?P<key>[^.\[]+))?$")


def validate_packet(raw: RawPacket) -> Packet:
    """Turn a loaded packet into the model, or raise LoadError / ValidationError with every issue."""
    load_issues = raw.issues
    reader = Reader()
    checker = _Checker(reader)
    packet_values = reader.record(raw.packet.root, PACKET, "") if raw.packet.root is not None else None

    areas: list[Area] = []
    project_rows: list[dict[str, tuple[Any, Source]]] = []
    # The packet's declared totals add up every area: unsure if any area could not be read in full.
    packet_unsure: set[str] = set(DECLARED_KEYS) if raw.missing else set()
    for document in raw.areas:
        if document.root is None:
            packet_unsure.update(DECLARED_KEYS)
            continue
        values = reader.record(document.root, AREA, "")
        if values is None:
            packet_unsure.update(DECLARED_KEYS)
            continue
        target_rows = _get(values, "targets", [])
        rows = _get(values, "projects", [])
        checker.duplicates(target_rows, "indicator.duplicate")
        project_rows.extend(rows)
        projects = tuple(checker.project(row) for row in rows)
        declared = checker.declared(_get(values, "declared"))
        unsure = checker.unsure(document.issues + reader.issues, document.display, "projects")
        packet_unsure |= unsure
        checker.check_declared(_get(values, "declared"), projects, "declared", unsure)
        key = document.path.stem
        areas.append(
            Area(
                key=key,
                title=_get(values, "title", ""),
                lead_unit=_get(values, "lead_unit", ""),
                leader=_get(values, "leader"),
                summary=_get(values, "summary", ()),
                last_year_results=_get(values, "last_year_results", ()),
                targets=tuple(checker.indicator(row) for row in target_rows),
                projects=projects,
                declared=declared,
                source=document.root.source,
                sources=_sources(values),
            )
        )
    checker.duplicates(project_rows, "project.duplicate")

    packet: Packet | None = None
    if packet_values is not None:
        declared = checker.declared(_get(packet_values, "declared"))
        if any(
            found.source.file == raw.packet.display and re.match(r"areas($|\[)", found.field)
            for found in reader.issues
        ):
            packet_unsure.update(DECLARED_KEYS)  # the list of areas itself is wrong
        checker.check_declared(
            _get(packet_values, "declared"),
            tuple(p for area in areas for p in area.projects),
            "declared",
            packet_unsure,
        )
        secrecy_values = _get(packet_values, "secrecy")
        secrecy = (
            Secrecy(_get(secrecy_values, "level"), _get(secrecy_values, "period"))
            if secrecy_values and _get(secrecy_values, "level")
            else None
        )
        assert raw.packet.root is not None  # packet_values were read from it
        if secrecy is not None and _get(packet_values, "classification"):
            reader.add(_where(packet_values, "secrecy", raw.packet.root.source), "secrecy", "marks.both")
        packet = Packet(
            title=_get(packet_values, "title", ""),
            meeting=_get(packet_values, "meeting", ""),
            issuer=_get(packet_values, "issuer", ""),
            date=_get(packet_values, "date", dt.date(1970, 1, 1)),
            year=_get(packet_values, "year", 0),
            classification=_get(packet_values, "classification"),
            secrecy=secrecy,
            urgency=_get(packet_values, "urgency"),
            draft=_get(packet_values, "draft"),
            layout=_get(packet_values, "layout", DEFAULT_LAYOUT),
            areas=tuple(areas),
            declared=declared,
            root=raw.root,
            source=raw.packet.root.source,
            sources=_sources(packet_values),
        )

    if load_issues and not reader.issues:
        raise LoadError(load_issues)
    if load_issues or reader.issues:
        raise ValidationError(sorted(load_issues + reader.issues, key=_order))
    assert packet is not None
    return packet


def _order(found: Issue) -> tuple[int, str, int, int]:
    file = found.source.file
    rank = 0 if file == "packet.yaml" else 1 if file.startswith(f"{AREAS_DIR}/") else 2
    return (rank, file, found.source.line, found.source.column)
