"""A layout's data tables (targets, projects, grand total): the caption, and columns whose widths fit the 版心."""

from __future__ import annotations

import math

from briefing.errors import Source
from briefing.layouts.geometry import Room
from briefing.layouts.schema import COLUMN, COLUMN_FIELDS
from briefing.model.layout import Column, ColumnSizing, TableKind, TemplateSource, TextStyle
from briefing.model.lengths import Em
from briefing.read.reader import Reader, Values, value_of
from briefing.read.yaml_nodes import Node, Sequence

MAX_SHARE = 1000.0  # a column's N* share of the remaining width
AUTO = "auto"  # a column sized from its content


def sizing(column: Column, cell: TextStyle | None, padding: float) -> ColumnSizing:
    """How the renderer finds a column's width: N字 in points (characters of the cell style, plus the
    padding on both sides), N* as a share, or from its content."""
    if column.auto:
        return ColumnSizing(auto=True)
    if isinstance(column.width, Em):
        size = cell.size if cell is not None else 12.0
        return ColumnSizing(fixed=float(column.width) * size + 2 * padding)
    return ColumnSizing(share=float(str(column.width)[:-1] or 1))


def table_kind(
    reader: Reader, kind: str, values: Values | None, cell: TextStyle | None, room: Room
) -> TableKind | None:
    """The table `kind` (targets …) as the layout's `<kind>_table` defines it; None when it cannot be read."""
    if values is None or "caption" not in values or "columns" not in values:
        return None
    node, where = values["columns"]
    if not isinstance(node, Sequence):
        reader.add(where, f"{kind}_table.columns", "type.wrong", label="列", expected="list", found="text")
        return None
    columns = []
    for index, item in enumerate(node.items, start=1):
        column = _column(reader, item, f"{kind}_table.columns[{index}]", COLUMN_FIELDS[kind], (cell, room))
        if column is not None:
            columns.append(column)
    caption, caption_source = values["caption"]
    return TableKind(
        caption=TemplateSource(f"{kind}_table.caption", str(caption), caption_source),
        columns=tuple(columns),
        money_unit=str(value_of(values, "money_unit", "万元")),
    )


def _column(
    reader: Reader, item: Node, where: str, allowed: tuple[str, ...], measure: tuple[TextStyle | None, Room]
) -> Column | None:
    """One column: a field the table can show, a label, and a width that fits (see column_width), or
    `auto` (the default): as wide as its content asks, as a browser sizes an auto-layout table."""
    values = reader.record(item, COLUMN, where)
    if values is None or not {"field", "label"} <= values.keys():
        return None  # a required key missing or wrong: reported already
    field_name = str(values["field"][0])
    if field_name not in allowed:
        reader.add(
            values["field"][1],
            f"{where}.field",
            "enum.invalid",
            label="内容",
            text=field_name,
            choices=allowed,
        )
        return None
    label = TemplateSource(f"{where}.label", str(values["label"][0]), values["label"][1])
    align = value_of(values, "align", "left")
    width_text, width_source = values.get("width", (AUTO, item.source))
    if str(width_text).strip() == AUTO:
        return Column(field_name, label, "1*", align, auto=True)
    width = column_width(reader, str(width_text).strip(), width_source, where, measure)
    if width is None:
        return None
    return Column(field_name, label, width, align)


def column_width(
    reader: Reader, text: str, where: Source, path: str, measure: tuple[TextStyle | None, Room]
) -> Em | str | None:
    """N字 (cell characters, the column within the 版心) or N* (a positive share of what is left)."""
    unit = text[-1:]
    number = text[:-1].strip() or ("1" if unit == "*" else "")
    value = _number(number) if unit in ("*", "字") else math.nan
    if not math.isfinite(value):
        reader.add(where, f"{path}.width", "layout.column-width", text=text)
        return None
    reader.written[where] = text
    most, shown = _widest(unit, measure)
    if not 0 < value <= most:
        reader.add(where, f"{path}.width", "layout.length-positive", label="列宽", text=text, high=shown)
        return None
    return text if unit == "*" else Em(value)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _widest(unit: str, measure: tuple[TextStyle | None, Room]) -> tuple[float, str]:
    """The largest width in `unit`, and how messages write it: a share, or the 版心's width in characters
    of the cell style (as written: in 字)."""
    if unit == "*":
        return MAX_SHARE, f"{MAX_SHARE:g}*"
    cell, room = measure
    size = cell.size if cell is not None else 0.0
    return (room[0] / size, f"{room[0] / size:.1f}字") if size else (math.inf, "—")
