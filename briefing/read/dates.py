"""The kinds that hold a time: a work year, a day, a building period; read with full-width digits too."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from briefing.model.packet import Period
from briefing.read.json_patterns import SPACE, ascii_digits, digit, year_pattern
from briefing.read.reader import Field, Kind, Reader
from briefing.read.yaml_nodes import Node

# Dates and periods are read with ASCII digits (full-width ones are made ASCII first): Python's \d would
# also take Arabic-Indic and other digits, which no schema pattern lists. Patterns are compiled by re's
# own cache on first use, not at import.
_DATE_ISO = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"
_DATE_ZH = r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$"
_YEAR_MONTH = r"([0-9]{4})(?:年|-)?(?:([0-9]{1,2})月?)?年?"
_DASHES = ("—", "–", "-", "~", "～", "至", "到")
_PERIOD = rf"^{_YEAR_MONTH}(?:[{SPACE}]*(?:{'|'.join(_DASHES)})[{SPACE}]*{_YEAR_MONTH})?$"
FIRST_YEAR, LAST_YEAR = 1949, 2200  # the years a work year or a building period may name


class Year(Kind[int]):
    """A year such as 2023 (or 2023年, in full-width digits too), from FIRST_YEAR to LAST_YEAR."""

    name = "year"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> int | None:
        scalar = reader.scalar(node, field, path, "year")
        if scalar is None:
            return None
        value = scalar.value
        if isinstance(value, int) and not isinstance(value, bool):
            year = value  # by its value, as JSON has it: +2023 and 02023 are 2023
        else:
            text = ascii_digits(scalar.text.strip()).removesuffix("年")
            year = int(text) if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", text) else 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            reader.add(node.source, path, "year.invalid", label=field.label, text=scalar.text)
            return None
        return year

    def json_schema(self) -> dict[str, Any]:
        written = f"^[{SPACE}]*{year_pattern(FIRST_YEAR, LAST_YEAR)}年?[{SPACE}]*$"
        return {
            "anyOf": [
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                {"type": "string", "pattern": written},
            ]
        }


class Date(Kind[dt.date]):
    """A day: 2023-01-10 or 2023年1月10日 (full-width digits too)."""

    name = "date"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> dt.date | None:
        scalar = reader.scalar(node, field, path, "date")
        if scalar is None:
            return None
        text = scalar.text.strip()
        digits = ascii_digits(text)
        match = (
            (re.match(_DATE_ISO, digits) or re.match(_DATE_ZH, digits))
            if isinstance(scalar.value, str)
            else None
        )
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
        reader.add(node.source, path, "date.invalid", label=field.label, text=text)
        return None

    def json_schema(self) -> dict[str, Any]:
        iso = _date_pattern("-", "-", "")
        chinese = _date_pattern("年", "月", "日")
        return {"type": "string", "pattern": f"^[{SPACE}]*(?:{iso}|{chinese})[{SPACE}]*$"}


def _date_pattern(after_year: str, after_month: str, after_day: str) -> str:
    """A day that exists, written year, month, day with the given marks: the months of 31 and of 30 days,
    February to the 28th, and the 29th of February in leap years (every 4th, not centuries unless every
    400th). Day and month may have a leading zero; year 0000 is no year."""
    d = digit
    year = f"(?!{d('0')}{{4}}){d()}{{4}}"
    leap = (
        f"(?:{d()}{{2}}(?:{d('0')}{d('48')}|{d('2468')}{d('048')}|{d('13579')}{d('26')})"
        f"|(?:{d('02468')}{d('048')}|{d('13579')}{d('26')}){d('0')}{{2}})"
    )
    day28 = f"(?:{d('0')}?{d('1-9')}|{d('1')}{d()}|{d('2')}{d('0-8')})"
    day30 = f"(?:{day28}|{d('2')}{d('9')}|{d('3')}{d('0')})"
    day31 = f"(?:{day30}|{d('3')}{d('1')})"
    long_months = f"(?:{d('0')}?{d('13578')}|{d('1')}{d('02')})"
    short_months = f"(?:{d('0')}?{d('469')}|{d('1')}{d('1')})"
    february = f"{d('0')}?{d('2')}"
    y, m, e = after_year, after_month, after_day
    return (
        f"(?:{year}{y}(?:{long_months}{m}{day31}|{short_months}{m}{day30}|{february}{m}{day28}){e}"
        f"|{leap}{y}{february}{m}{d('2')}{d('9')}{e})"
    )


class PeriodOfYears(Kind[Period]):
    """A building period: 2023年, 2022—2024年, 2023年3月—2023年12月 (from no later than to); a bare
    number is a year."""

    name = "period"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> Period | None:
        scalar = reader.scalar(node, field, path, "period")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if isinstance(scalar.value, bool) or not isinstance(scalar.value, (str, int)):
            period = None
        elif isinstance(scalar.value, int):  # a number is a year (202312 is no period)
            period = _period(text) if FIRST_YEAR <= scalar.value <= LAST_YEAR else None
        else:
            period = _period(ascii_digits(text), text)
        if period is None:
            reader.add(node.source, path, "period.invalid", label=field.label, text=text)
        return period

    def json_schema(self) -> dict[str, Any]:
        year = year_pattern(FIRST_YEAR, LAST_YEAR)
        month = f"(?:{digit('0')}?{digit('1-9')}|{digit('1')}{digit('0-2')})"
        year_month = f"{year}(?:年|-)?(?:{month}月?)?年?"
        dash = "|".join(_DASHES)
        written = f"^[{SPACE}]*{year_month}(?:[{SPACE}]*(?:{dash})[{SPACE}]*{year_month})?[{SPACE}]*$"
        return {
            "anyOf": [
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                {"type": "string", "pattern": written},
            ]
        }


def _period(text: str, written: str | None = None) -> Period | None:
    match = re.match(_PERIOD, text)
    if match is None:
        return None
    start = (int(match[1]), _month(match[2]))
    end = (int(match[3]), _month(match[4])) if match[3] else start
    return Period(start, end, written or text) if _plausible(start, end) else None


def _month(text: str | None) -> int | None:
    return int(text) if text else None


def _plausible(start: tuple[int, int | None], end: tuple[int, int | None]) -> bool:
    """Months that exist, years in range, and a start no later than the end (a year alone spans it all)."""
    months_ok = all(month is None or 1 <= month <= 12 for month in (start[1], end[1]))
    years_ok = all(FIRST_YEAR <= year <= LAST_YEAR for year in (start[0], end[0]))
    return months_ok and years_ok and (start[0], start[1] or 0) <= (end[0], end[1] or 13)


YEAR = Year()
DATE = Date()
PERIOD = PeriodOfYears()
