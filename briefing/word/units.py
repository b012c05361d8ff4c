"""Word's units: lengths in twentieths of a point (twips), font sizes in half points, borders in eighths."""

from __future__ import annotations


def twips(points: float) -> int:
    return round(points * 20)


def half_points(size: float) -> int:
    """A font size as Word stores it (w:sz); Word refuses sizes under one point."""
    return max(2, round(size * 2))


def eighths(width: float) -> int:
    """A border's width as Word stores it (w:sz of a border): from a quarter point to twelve points."""
    return max(2, min(96, round(width * 8)))
