"""The rules of progress records: units as the target's, dates in the packet's year, a likely unit slip
warned of, and the status computed where none is written (model/progress.py says how)."""

from __future__ import annotations

from decimal import Decimal

from briefing.errors import Source
from briefing.model.progress import (
    ITEM_PROJECT,
    ITEM_TARGET,
    RATIO_WARNING,
    Completion,
    Progress,
    completion,
    computed_status,
    percent,
    year_end_status,
)
from briefing.model.quantities import Figure
from briefing.model.units import UNITS
from briefing.read.kinds import PATH_KEY, SOURCE_KEY
from briefing.read.reader import Reader, Values, source_of, value_of


def progress_records(
    reader: Reader, row: Values, target: object, unit: str | None, year: int | None
) -> tuple[Progress, ...]:
    """The progress records of one target or project row (`target`: the figure progress is measured
    against; `unit`: the row's unit, or None); problems go to `reader`."""
    records: list[Values] = value_of(row, "progress", [])
    return tuple(_record(reader, values, target, unit, year) for values in records if "as_of" in values)


def _record(reader: Reader, values: Values, target: object, unit: str | None, year: int | None) -> Progress:
    where = values[SOURCE_KEY][1]
    path = str(values[PATH_KEY][0])
    as_of, as_of_text = value_of(values, "as_of")
    if year and as_of.year != year:
        reader.add(
            source_of(values, "as_of", where),
            f"{path}.as_of",
            "progress.outside-year",
            text=as_of_text,
            year=year,
        )
    value = value_of(values, "value")
    ratio = None
    if isinstance(value, Figure) and _unit_fits(
        reader, value, target, unit, source_of(values, "value", where), path
    ):
        ratio = completion(value, target)
        if ratio is not None and ratio > RATIO_WARNING:
            _warn_slip(reader, value, target, ratio, source_of(values, "value", where), f"{path}.value")
    status = value_of(values, "status")
    # A record init --from left to fill, or one forgotten; not one whose value was wrong (reported).
    if value is None and status is None and not any(found.field.startswith(path) for found in reader.issues):
        reader.warn(where, path, "progress.to-fill", date=as_of_text)
    return Progress(
        as_of=as_of,
        as_of_text=as_of_text,
        value=value,
        status=status or computed_status(ratio, value, as_of),
        status_given=status is not None,
        ratio=ratio,
        note=value_of(values, "note"),
        source=where,
        sources={key: source for key, (_, source) in values.items() if not key.startswith("__")},
    )


def _unit_fits(
    reader: Reader,
    value: Figure,
    target: object,
    unit: str | None,
    where: Source,
    path: str,
    key: str = "value",
) -> bool:
    """A value in the dimension of the row's unit, or of its target's when the row names none (1650人 for
    人, 3200万元 for 亿元); a change (增长6.5%) in the unit of a change. Reported when it is not."""
    expected = unit or (target.unit if isinstance(target, Figure) else None)
    if expected is None:
        return True
    if value.is_change and value.unit in ("%", "个百分点"):
        return True
    if value.dimension == UNITS[expected][0]:
        return True
    reader.add(
        where,
        f"{path}.{key}",
        "progress.wrong-unit",
        text=value.text(),
        unit=value.unit,
        expected=expected,
    )
    return False


def _warn_slip(
    reader: Reader, value: Figure, target: object, ratio: Decimal, where: Source, path: str
) -> None:
    assert isinstance(target, Figure)  # a ratio was computed against it
    shown = percent(ratio, 0).removesuffix("%")
    reader.warn(where, path, "progress.ratio-high", text=value.text(), target=target.text(), ratio=shown)


def completion_rows(reader: Reader, rows: list[Values], year: int | None) -> tuple[Completion, ...]:
    """An area's 完成情况 rows (last year's targets and what they reached), ratios and statuses computed;
    a value reached in a unit that does not convert is reported as for progress."""
    found: list[Completion] = []
    for row in rows:
        where = row[SOURCE_KEY][1]
        path = str(row[PATH_KEY][0])
        item = value_of(row, "item", ITEM_TARGET)
        target, reached = value_of(row, "target"), value_of(row, "reached")
        unit = value_of(row, "unit") or ("万元" if item == ITEM_PROJECT else None)
        ratio = None
        if isinstance(reached, Figure) and _unit_fits(
            reader, reached, target, unit, source_of(row, "reached", where), path, "reached"
        ):
            ratio = completion(reached, target)
        as_of = value_of(row, "as_of")
        status = value_of(row, "status") or year_end_status(ratio, reached, (year or 1) - 1)
        found.append(
            Completion(
                name=value_of(row, "name", ""),
                item=item,
                unit=value_of(row, "unit"),
                target=target,
                reached=reached,
                as_of=as_of[0] if as_of else None,
                ratio=ratio,
                status=status,
                note=value_of(row, "note"),
                source=where,
            )
        )
    return tuple(found)
