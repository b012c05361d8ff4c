"""The rules of progress records: units as the target's, dates in the packet's year, a likely unit slip
warned of, and the status computed where none is written (model/progress.py says how)."""

from __future__ import annotations

from decimal import Decimal

from briefing.errors import Source
from briefing.model.progress import RATIO_WARNING, Progress, completion, computed_status, percent
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
    reader: Reader, value: Figure, target: object, unit: str | None, where: Source, path: str
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
        f"{path}.value",
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
