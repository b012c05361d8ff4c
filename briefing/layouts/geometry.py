"""Range checks of a layout's lengths: margins, type sizes, indents, page numbers and rules that keep text on the paper."""

from __future__ import annotations

from collections.abc import Callable

from briefing.errors import Source
from briefing.layouts.schema import PAGE, PAGE_NUMBER, STYLE, TABLE
from briefing.model.layout import PageNumberSpec, PageSpec, TextStyle
from briefing.model.lengths import Em
from briefing.read.reader import Reader, Record, Values

MAX_RULE = 10.0  # points: a table rule thicker than this fills the cells
MAX_PADDING = 30.0  # points of padding inside a table cell
Room = tuple[float, float]  # the width and height lengths are measured against: the 版心, or the paper


def points(value: float) -> str:
    return f"{round(value, 1):g}pt"


def label(record: Record, key: str) -> str:
    field = record.field(key)
    return field.label if field is not None else key


def in_range(
    reader: Reader,
    where: Source,
    path: str,
    label: str,
    value: float,
    limits: tuple[float, float],
    *,
    above: bool = False,
) -> bool:
    """Whether low ≤ value ≤ high (low < value when `above`); if not, say so where it was written."""
    low, high = limits
    if (value > low if above else value >= low) and value <= high:
        return True
    text = reader.written.get(where, points(value))
    if above:
        reader.add(where, path, "layout.length-positive", label=label, text=text, high=points(high))
    else:
        reader.add(
            where, path, "layout.length-range", label=label, text=text, low=points(low), high=points(high)
        )
    return False


def check_margins(reader: Reader, values: Values, page: PageSpec) -> bool:
    """Each margin more than nothing and less than the paper: a negative one pushes text off it."""
    fits = True
    for key, extent in (
        ("top", page.height),
        ("bottom", page.height),
        ("inner", page.width),
        ("outer", page.width),
    ):
        if key not in values:
            fits = False  # missing or unreadable: reported already, and the 版心 cannot be known
        elif isinstance(values[key][0], Em):
            # 字 of which size? A margin holds no text: it is measured in mm or pt.
            written = reader.written.get(values[key][1], "")
            reader.add(
                values[key][1], f"page.{key}", "layout.length-unit", label=label(PAGE, key), text=written
            )
            fits = False
        else:
            where, value = values[key][1], values[key][0]
            fits &= in_range(reader, where, f"page.{key}", label(PAGE, key), value, (0, extent), above=True)
    return fits


def check_style(
    reader: Reader, name: str, values: Values, size: float, length: Callable[[str, float], float], room: Room
) -> bool:
    """A style's lengths leave its text on the 版心: a type size and leading that fit it, indents that
    leave room for a character, no negative spacing."""
    width, height = room
    ok = True

    def check(key: str, limits: tuple[float, float], above: bool = False, default: float = 0.0) -> float:
        nonlocal ok
        value = length(key, default)
        if key in values:
            where, path = values[key][1], f"styles.{name}.{key}"
            ok &= in_range(reader, where, path, label(STYLE, key), value, limits, above=above)
        return value

    check("size", (0, min(width, height)), above=True, default=size)
    if size > min(width, height):
        return False
    check("leading", (0, height), above=True, default=size)
    indent = check("indent", (0, width - size))
    left_indent = check("left_indent", (0, width - size))
    if ok and indent + left_indent > width - size:
        where = values["indent"][1] if "indent" in values else values["left_indent"][1]
        limits = (0, width - size - left_indent)
        in_range(reader, where, f"styles.{name}.indent", label(STYLE, "indent"), indent, limits)
        ok = False
    check("space_before", (0, height))
    check("space_after", (0, height))
    return ok


def check_page_number(
    reader: Reader, values: Values, spec: PageNumberSpec, style: TextStyle | None, page: PageSpec, room: Room
) -> None:
    """The number sits below the 版心 and on the paper, and its inset leaves it inside the 版心's width."""
    if style is None:
        return
    if "below" in values:
        limits = (0, max(page.bottom - style.size, 0.0))
        where = values["below"][1]
        in_range(reader, where, "page_number.below", label(PAGE_NUMBER, "below"), spec.below, limits)
    if "inset" in values:
        inset = float(spec.inset) * style.size if isinstance(spec.inset, Em) else float(spec.inset)
        where = values["inset"][1]
        in_range(reader, where, "page_number.inset", label(PAGE_NUMBER, "inset"), inset, (0, room[0] / 2))


def check_table(reader: Reader, values: Values) -> None:
    """Rules thick enough to print and thin enough to leave the cells room; padding likewise."""
    for key, high, above in (
        ("grid_width", MAX_RULE, True),
        ("frame_width", MAX_RULE, True),
        ("padding", MAX_PADDING, False),
    ):
        if key not in values:
            continue
        value, where = values[key]
        if isinstance(value, Em):
            text = reader.written.get(where, "")
            reader.add(where, f"table.{key}", "layout.length", label=label(TABLE, key), text=text)
        else:
            in_range(reader, where, f"table.{key}", label(TABLE, key), value, (0.0, high), above=above)
