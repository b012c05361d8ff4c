"""Lengths and sizes as layouts write them: mm, cm, pt, 字 (Em, resolved against a type size), 号, paper."""

from __future__ import annotations

import re

MM = 72 / 25.4
# GB/T 9704 and common practice: Chinese type sizes in points.
HAO = {
    "初号": 42.0,
    "小初": 36.0,
    "一号": 26.0,
    "小一": 24.0,
    "二号": 22.0,
    "小二": 18.0,
    "三号": 16.0,
    "小三": 15.0,
    "四号": 14.0,
    "小四": 12.0,
    "五号": 10.5,
    "小五": 9.0,
    "六号": 7.5,
    "小六": 6.5,
    "七号": 5.5,
    "八号": 5.0,
}
PAPER = {
    "A4": (210 * MM, 297 * MM),
    "A3": (297 * MM, 420 * MM),
    "A5": (148 * MM, 210 * MM),
    "B5": (176 * MM, 250 * MM),
}
LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(mm|cm|pt|字|)$")


class Em(float):
    """A length given in 字 (character widths): resolved against a font size later."""


def parse_length(text: str) -> float | Em | None:
    """Points (or an Em for 字) from "37mm", "0.35 mm", "16pt", "2字", "1.5cm" or a bare number (points)."""
    match = LENGTH.match(text.strip())
    if not match:
        return None
    number, unit = float(match[1]), match[2]
    if unit == "字":
        return Em(number)
    return number * {"mm": MM, "cm": 10 * MM}.get(unit, 1.0)


def points(length: float, size: float) -> float:
    """A length in points: an Em counts characters of `size`."""
    return float(length) * size if isinstance(length, Em) else float(length)
