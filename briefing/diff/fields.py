"""One field of two versions of a record: its value as the packet writes it, and how the two differ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from briefing.diff.changes import FieldChange, FieldKind
from briefing.model.packet import Period
from briefing.model.quantities import Figure, Qualitative
from briefing.model.units import convert

VALUE_FIELDS = frozenset({"last_year", "target", "total_investment", "annual_investment", "value"})
COUNT_FIELDS = frozenset({"count", "new", "continued"})  # a Declared's project counts


def as_text(value: Any) -> str | None:
    """A field's value as the packet writes it; None when absent."""
    if value is None:
        return None
    if isinstance(value, Figure):
        return value.text()
    if isinstance(value, (Qualitative, Period)):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # text, counts, years, a Secrecy (秘密★1年)


def same_figure(old: Any, new: Any) -> bool:
    """Both figures, and the same amount in one dimension and direction (15000万元 and 1.5亿元)."""
    if not (isinstance(old, Figure) and isinstance(new, Figure)):
        return False
    if old.dimension != new.dimension or old.is_change != new.is_change:
        return False
    try:
        return bool(old.signed_amount == convert(new.signed_amount, new.unit, old.unit))
    except (ValueError, ArithmeticError):
        return False


def field_kind(name: str, old: Any, new: Any) -> FieldKind:
    """value, or wording when both are the same figure written otherwise (see changes.FieldKind)."""
    if name in COUNT_FIELDS:
        return "value"
    if name not in VALUE_FIELDS:
        return "text"
    return "wording" if same_figure(old, new) else "value"


def field_changes(old: Any, new: Any, names: Iterable[str], prefix: str = "") -> list[FieldChange]:
    """The named fields whose written text differs between two records (either may be None)."""
    changes = []
    for name in names:
        before, after = getattr(old, name, None), getattr(new, name, None)
        if as_text(before) != as_text(after):
            kind = field_kind(name, before, after)
            changes.append(FieldChange(prefix + name, as_text(before), as_text(after), kind))
    return changes


def written_fields(row: Any, fields: Iterable[str], added: bool, prefix: str = "") -> tuple[FieldChange, ...]:
    """The written fields of an added (or removed) record, so a report can show what came (or went)."""
    changes = []
    for name in fields:
        text = as_text(getattr(row, name))
        if text is not None:
            kind: FieldKind = "value" if name in VALUE_FIELDS else "text"
            changes.append(FieldChange(prefix + name, None if added else text, text if added else None, kind))
    return tuple(changes)
