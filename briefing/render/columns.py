"""Table columns: widths from their content (auto table layout), headers broken at natural points, and
number columns set flush right with their decimal points aligned."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate

import msgspec

from briefing.linebreak import Line
from briefing.model.layout import ColumnSizing, TextStyle
from briefing.model.plan import Cell, Row
from briefing.model.progress import MARKS, STATUSES
from briefing.render.setter import Setter
from briefing.render.text import TextBlock

# A unit no line break may enter: a Latin word or number with the marks that cling to it, or one
# character with the opening marks before it and the closing marks after it (GB/T 15834 §5.1).
_UNIT = re.compile(
    r"[“‘（《〈【〔(\[]*(?:[A-Za-z0-9][A-Za-z0-9.,%‰:/@_+\-]*|\S)[，。、；：？！”’）》〉】〕)\]%‰]*"
)
# Where a header may break: after a year or a month (2023年|计划投资, 截至9月底|完成投资), before the
# words that start a header's second part (年度|目标与进展), before an opening bracket. A space the
# layout writes is a break too.
_HEADER_BREAK = re.compile(r"(?<=\d年)|(?<=\d月底)|(?=目标|计划|完成|（|\()")
# Where a header breaks in a crowded table, between the words of a part: 截至|9月底, 计划|投资, 完成|投资,
# 目标|与进展, 建设|期限, 牵头|单位 (never 总|投资: one character alone is no word).
_WORD_BREAK = re.compile(r"(?<=截至)|(?<=[^总])(?=投资)|(?=与进展)|(?<=建设)(?=期限)|(?<=牵头)(?=单位)")
# A run of Latin letters, digits and percent signs: where one meets hanzi, cjk_latin_space adds a quarter
# em (see cjk_latin_joins; a class of the hanzi took 2 ms to compile, re sets a bit for each of them).
_LATIN_RUN = re.compile(r"[A-Za-z0-9%]+")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
# Sizes in 号 from 初号 down: a header that cannot fit its column at its own size is set a step smaller.
_HAO = (42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0, 10.5, 9.0, 7.5, 6.5, 5.5, 5.0)
_MEASURED_ROWS = 2000  # a long table's columns are sized from its first rows
_MEASURED_CHARS = 400  # a cell this long is wider than any page: the rest does not change its width
# A progress status with its mark is one word: ●已完成 never breaks.
_STATUSES = frozenset(MARKS[status] + status for status in STATUSES)
_ONE_LINE = 1e6  # a width no cell's text fills
_LEAST_SHARE = 0.4  # no one unbreakable unit (a URL) claims more of the table than this


class Fit(msgspec.Struct, frozen=True):
    """A column's content widths in points, padding included: the narrowest it can be without breaking
    inside a word or number (min-content) and the width its longest cell needs on one line (max-content)."""

    least: float
    most: float
    floor: float = 0.0  # the width of its widest cell that never breaks (a progress status), padded
    tight: float = 0.0  # the least with its header broken between words too (截至|9月底), padded


def text_width(setter: Setter, style: TextStyle, text: str) -> float:
    """Width of `text` on one line in `style`, through the font fallback chain."""
    fonts = setter.fonts
    spans, _ = fonts.runs(text, style.family)
    tracking = setter.tracking(style) * max(len(text) - 1, 0)
    return sum(fonts.text_width(part, font) for part, font in spans) * style.size + tracking


def _advances(setter: Setter, style: TextStyle, text: str) -> list[float]:
    """Each character's advance in `style`, through the font fallback chain (one lookup a character)."""
    fonts = setter.fonts
    size = style.size
    tracking = setter.tracking(style)
    spans, _ = fonts.runs(text, style.family)
    return [fonts.measure(char, font) * size + tracking for part, font in spans for char in part]


UnitMemo = dict[tuple[str, str, float, float], "tuple[list[float], float] | None"]


def _units(
    setter: Setter, style: TextStyle, text: str, memo: UnitMemo | None
) -> tuple[list[float], float] | None:
    """The widths of the units no line break enters, in order, and of the whole text on one line (None
    where the fonts' runs do not cover the text one to one); `memo` keeps them for the next asking."""
    key = (text, style.family, style.size, setter.tracking(style))
    if memo is not None and key in memo:
        return memo[key]
    advances = _advances(setter, style, text)
    found = None
    if len(advances) == len(text):
        edges = list(accumulate(advances, initial=0.0))
        found = ([edges[unit.end()] - edges[unit.start()] for unit in _UNIT.finditer(text)], edges[-1])
    if memo is not None:
        memo[key] = found
    return found


def unit_widths(
    setter: Setter, style: TextStyle, text: str, memo: UnitMemo | None = None
) -> list[float] | None:
    """The widths of the units no line break enters, in order (None where the fonts' runs do not cover
    the text one to one)."""
    found = _units(setter, style, text, memo)
    return found[0] if found else None


def line_width(setter: Setter, style: TextStyle, text: str) -> float:
    """Width of `text` set on one line by the breaker itself (CJK–Latin space and compressed marks
    included), as the cell will print it when its column is wide enough."""
    if not text:
        return 0.0
    spans, _ = setter.fonts.runs(text, style.family)
    return max(line.width for line in setter.lines(spans, style, _ONE_LINE, "left"))


def header_segments(text: str, fine: bool = False) -> list[str]:
    """The header's parts that stay on one line: 2023年计划投资 → 2023年 | 计划投资; `fine`, also
    between the words of a part: 2023年 | 计划 | 投资."""
    segments: list[str] = []
    for word in text.split():
        cuts = {m.start() for m in _HEADER_BREAK.finditer(word)}
        if fine:
            cuts |= {m.start() for m in _WORD_BREAK.finditer(word)}
        ordered = sorted(cuts - {0, len(word)})
        segments += [word[a:b] for a, b in zip([0, *ordered], [*ordered, len(word)], strict=True)]
    return [segment for segment in segments if segment]


def widest_part(setter: Setter, style: TextStyle, segments: list[str]) -> float:
    return max((line_width(setter, style, segment) for segment in segments), default=0.0)


def header_lines(setter: Setter, style: TextStyle, text: str, width: float) -> tuple[list[str], bool]:
    """The header's lines at `width`: its parts joined greedily, broken between words only where a part
    is wider than the column; and whether even a word is, so that the header is set a size smaller."""
    segments = header_segments(text)
    if widest_part(setter, style, segments) > width:
        segments = header_segments(text, fine=True)
    return _greedy(setter, style, segments, width), widest_part(setter, style, segments) > width


def cell_fit(
    setter: Setter, style: TextStyle, text: str, header: bool = False, memo: UnitMemo | None = None
) -> tuple[float, float]:
    """(min-content, max-content) of one cell's text, without padding."""
    text = text[:_MEASURED_CHARS]
    if is_status(text):  # ●已完成 is one word: it is never broken
        width = line_width(setter, style, text)
        return width, width
    if header:
        least = max((line_width(setter, style, unit) for unit in header_segments(text)), default=0.0)
        return least, line_width(setter, style, "".join(text.split()))
    measured = _units(setter, style, text, memo)
    if measured is None:  # the runs do not cover the text one to one: measure units apart
        least = max((text_width(setter, style, unit) for unit in _UNIT.findall(text)), default=0.0)
        return least, text_width(setter, style, text)
    units, most = measured
    least = max(units, default=0.0)
    if setter.typography.cjk_latin_space:  # a quarter em where hanzi meet Latin or digits
        most += 0.25 * style.size * cjk_latin_joins(text)
    return least, most


def _is_hanzi(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def cjk_latin_joins(text: str) -> int:
    """How many times hanzi and Latin letters or digits meet in `text` (中A, 9中, %中; a % after hanzi is none)."""
    joins = 0
    for run in _LATIN_RUN.finditer(text):
        start, end = run.span()
        joins += start > 0 and text[start] != "%" and _is_hanzi(text[start - 1])
        joins += end < len(text) and _is_hanzi(text[end])
    return joins


def column_fits(
    setter: Setter,
    styles: dict[str, TextStyle],
    header: Row,
    rows: Sequence[Row],
    padding: float,
    memo: UnitMemo | None = None,
) -> list[Fit]:
    """Each column's min- and max-content over its header and its first rows; a sum row's label, which
    spans columns, is left out. `memo` keeps each cell's units for balancing the columns after."""
    count = len(header.cells)
    least = [0.0] * count
    most = [0.0] * count
    floor = [0.0] * count
    tight = [
        widest_part(setter, styles[cell.style], header_segments(cell.text[:_MEASURED_CHARS], fine=True))
        for cell in header.cells
    ]
    for index, row in enumerate((header, *rows[:_MEASURED_ROWS])):
        for column, cell in enumerate(row.cells):
            if row.role in ("subtotal", "total", "declared") and column <= 1:
                continue
            low, high = cell_fit(setter, styles[cell.style], cell.text, index == 0, memo)
            least[column] = max(least[column], low)
            if index:
                tight[column] = max(tight[column], low)
            if index and is_status(cell.text):
                floor[column] = max(floor[column], low)
            most[column] = max(most[column], high)
    pad = 2 * padding
    return [
        Fit(low + pad, max(high, low) + pad, (kept + pad) if kept else 0.0, bare + pad)
        for low, high, kept, bare in zip(least, most, floor, tight, strict=True)
    ]


def fit_widths(
    planned: tuple[float, ...], sizing: Sequence[ColumnSizing], fits: Sequence[Fit], total: float
) -> tuple[float, ...]:
    """Column widths that fill `total`: fixed columns as the layout gives them, shares of what is left as
    planned, auto columns the way browsers lay out an auto table: each gets its min-content, and the
    width left over goes to the columns that would wrap most (in proportion to max − min), then, past
    every max-content, in proportion to max-content."""
    auto = [index for index, size in enumerate(sizing) if size.auto]
    if not auto or len(sizing) != len(planned):
        return planned
    widths = list(planned)
    room = total - sum(w for index, w in enumerate(widths) if not sizing[index].auto)
    least = [min(fits[i].least, _LEAST_SHARE * total) for i in auto]
    most = [max(fits[i].most, low) for i, low in zip(auto, least, strict=True)]
    shared = _give_way(widths, [i for i, size in enumerate(sizing) if size.share], room, sum(least))
    floors = [fits[i].floor for i in auto]
    for i, width in zip(auto, _spread(room - shared, least, most, floors), strict=True):
        widths[i] = width
    return tuple(widths)


def _give_way(widths: list[float], shares: list[int], room: float, low: float) -> float:
    """Shared columns keep their planned width, but give way to the auto columns' min-content first
    (`widths` is changed in place); their width after that."""
    shared = sum(widths[i] for i in shares)
    if shared and room - shared < low:
        for i in shares:
            widths[i] *= max(room - low, 0.0) / shared
        shared = sum(widths[i] for i in shares)
    return shared


def _squeeze(room: float, least: list[float], floors: list[float]) -> list[float]:
    """Less room than every min-content: the columns shrink alike, but none below its floor while the
    others can give way."""
    low = sum(least)
    scale = max(room, 0.0) / (low or 1.0)
    pinned = [floor > width * scale for width, floor in zip(least, floors, strict=True)]
    kept = sum(floor for floor, pin in zip(floors, pinned, strict=True) if pin)
    rest = sum(width for width, pin in zip(least, pinned, strict=True) if not pin)
    if kept and rest and kept < room:
        scale = (room - kept) / rest
        return [f if pin else w * scale for w, f, pin in zip(least, floors, pinned, strict=True)]
    return [width * scale for width in least]


def _spread(room: float, least: list[float], most: list[float], floors: list[float]) -> list[float]:
    """`room` shared out among auto columns by their min- and max-content widths. When it is less than
    every min-content, the columns shrink alike, but none below its floor (a status such as ●已完成,
    which never breaks) while the others can give way."""
    low, high = sum(least), sum(most)
    if room <= low:
        return _squeeze(room, least, floors)
    if room <= high:
        return [a + (room - low) * (b - a) / (high - low or 1.0) for a, b in zip(least, most, strict=True)]
    return [b + (room - high) * b / (high or 1.0) for b in most]


def number_columns(rows: Sequence[Row], number_style: str) -> list[bool]:
    """Columns that hold numbers: every listed row's cell there is in the number style."""
    listed = [row for row in rows[:_MEASURED_ROWS] if row.role == "body"]
    if not listed:
        return []
    return [all(row.cells[c].style == number_style for row in listed) for c in range(len(listed[0].cells))]


def is_status(text: str) -> bool:
    """Whether a cell holds a progress status with its mark (●已完成)."""
    return text in _STATUSES


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def fraction_width(setter: Setter, style: TextStyle, text: str) -> float:
    """Width of a number's decimal point and the digits after it (0 for an integer or a text)."""
    if not is_number(text) or "." not in text:
        return 0.0
    return text_width(setter, style, text[text.index(".") :])


def decimal_insets(setter: Setter, styles: dict[str, TextStyle], cells: Sequence[Cell]) -> list[float]:
    """How far in from the right each number of a column stands so that the decimal points align."""
    fractions = [fraction_width(setter, styles[cell.style], cell.text) for cell in cells]
    widest = max(fractions, default=0.0)
    return [
        widest - fraction if is_number(cell.text) else 0.0
        for fraction, cell in zip(fractions, cells, strict=True)
    ]


class HeaderCell(TextBlock):
    """A header cell broken only between its segments (2023年 | 计划投资); when a segment is wider than
    the column, it is set a size (号) smaller before any word is broken."""

    def _break(self, width: float) -> Sequence[Line]:
        if self._lines is not None and self._width is not None and abs(self._width - width) <= 1e-6:
            return self._lines
        if len(self.text) > _MEASURED_CHARS:  # no header is this long: a hostile label is set as text
            return super()._break(width)
        style = self.style
        texts, shrink = header_lines(self.setter, style, self.text, width)
        if shrink:
            smaller = [size for size in _HAO if size < style.size]
            if smaller:
                size = smaller[0]
                style = msgspec.structs.replace(style, size=size, leading=style.leading * size / style.size)
                texts = header_lines(self.setter, style, self.text, width)[0]
        self.style = style
        self.leading = self.setter.leading(style)
        lines: list[Line] = []
        for text in texts:
            spans, _ = self.setter.fonts.runs(text, style.family)
            lines += self.setter.lines(spans, style, width, self.align)
        self._lines, self._width = lines, width
        return lines


def _greedy(setter: Setter, style: TextStyle, segments: list[str], width: float) -> list[str]:
    """Segments joined into as few lines as fit `width`."""
    lines: list[str] = []
    for segment in segments:
        if lines and line_width(setter, style, lines[-1] + segment) <= width + 1e-6:
            lines[-1] += segment
        else:
            lines.append(segment)
    return lines
