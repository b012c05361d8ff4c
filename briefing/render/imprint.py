"""The 版记's lines (GB/T 9704 7.4): inset one 字 on both sides, wrapped after their "分送：", at the face's pitch.

A 版记 line is inset by its style's left_indent on the left and, as 7.4.2 says of 抄送 ("左右各空一字"), by
as much on the right. A line that opens with a label ("分送：", "抄送：") wraps under the first character
after the label's colon. The names are set flush left at the face's own pitch: a list of names is not
justified (spreading it would set every character of a 4号 list at 15.2 pt instead of 14). A line with a
tab has a left part and a right part: the 印发机关 from the left inset, the 印发日期 ending at the right one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from briefing.linebreak import JOINER, Line
from briefing.model.layout import TextStyle
from briefing.model.plan import Origin
from briefing.render.pager import Flowable
from briefing.render.setter import Setter
from briefing.render.state import RenderState
from briefing.render.text import TextBlock

IMPRINT_STYLE = "imprint"  # the style the layouts set their 版记 lines in
# A label is a short word and a full-width colon at the start of the line: 分送：, 抄送：, 主送：.
_LABEL = re.compile(r"[^：\t]{1,6}：")
# The wrapped lines keep at least this many characters of room, whatever the label's length.
_MIN_CHARS = 4
# Where a list after a label may break: after the mark that ends an entry (刘洋（000004），).
_ENTRY_END = re.compile("(?<=[，、；。])")


class InsetText(TextBlock):
    """Text kept `right` points in from the right edge as well as its style's left_indent from the left."""

    right: float = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, height = super().wrap(max(availWidth - self.right, self.style.left_indent), availHeight)
        self.width = availWidth
        return availWidth, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return super().split(max(availWidth - self.right, self.style.left_indent), availHeight)

    def _part(
        self, lines: Sequence[Line], width: float, outline: tuple[str, str, int] | None, first: bool
    ) -> TextBlock:
        part = self._piece(InsetText, lines, width, outline, first)
        part.right = self.right
        return part


def _flush(align: str) -> str:
    """Names are not spread: justified 版记 lines are set flush left; centred or right ones stay so."""
    return "left" if align == "justify" else align


def imprint_line(text: str, style: TextStyle, setter: Setter, state: RenderState, origin: Origin) -> Flowable:
    """One 版记 line: two-sided when it has a tab, else inset text hung after its label."""
    if "\t" in text:
        left_text, right_text = text.split("\t", 1)
        return TwoSided(
            TextBlock(left_text, style, setter, state, origin, "left"),
            TextBlock(right_text.replace("\t", " "), style, setter, state, origin, "left"),
        )
    inset = style.left_indent
    label = _LABEL.match(text)
    if label:
        text = label.group() + _whole_entries(text[label.end() :])
    hang = _label_width(label.group(), style, setter) if label else 0.0
    if hang > style.size * (len("分送：") + _MIN_CHARS):
        hang = 0.0  # a label that long is no label: its wrapped lines would have no room
    tracking = setter.tracking(style)
    hung = msgspec.structs.replace(
        style,
        left_indent=inset + hang,
        # Setter.lines counts a tracked style's indent in characters; the hang is already measured.
        indent=-hang * style.size / (style.size + tracking) if hang else style.indent,
    )
    block = InsetText(text, hung, setter, state, origin, _flush(style.align))
    block.right = inset
    return block


def _whole_entries(names: str) -> str:
    """The list with its entries joined inside (a name and its 份号 never split at a line end: "刘 / 洋"):
    a line breaks only between entries, after their 、，；。, unless an entry is longer than a line."""
    return "".join(JOINER.join(entry) for entry in _ENTRY_END.split(names))


def _label_width(label: str, style: TextStyle, setter: Setter) -> float:
    """Where the first character after the label starts, from the line's start: the label's advances
    and the tracking after each of its characters."""
    width = setter.fonts.string_width(label, style.family, style.size)
    return width + len(label) * setter.tracking(style)


class TwoSided(Flowable):
    """A line with a left part and a right-aligned part (印发机关 … 印发日期): the template's tab splits them.

    Both parts keep the style's left_indent from their edge of the 版心; the right part sits on the left
    part's last line.
    """

    def __init__(self, left: TextBlock, right: TextBlock):
        super().__init__()
        self.left = left
        self.right = right

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self.left.style
        inset = style.left_indent
        # Setter.lines takes the left_indent off the width it is given: each part gets the room between
        # the insets, and the left part leaves one character's space before the right one.
        self.right.wrap(max(availWidth - inset, inset + style.size), availHeight)
        right_width = self.right.width_used()
        room = availWidth - inset - right_width - style.size
        _, left_height = self.left.wrap(max(room, inset + style.size), availHeight)
        self.width = availWidth
        right_lines = max(len(self.right._lines or ()), 1)
        self.height = max(left_height, right_lines * self.right.leading)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        return self.left.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.left.getSpaceAfter()

    def draw(self) -> None:
        inset = self.left.style.left_indent
        canv = self.canv
        self.left.canv = canv
        self.left.draw_at(canv, inset, self.height)
        lines = self.left._lines or []
        last_top = self.height - max(len(lines) - 1, 0) * self.left.leading
        right_lines = max(len(self.right._lines or ()), 1)
        top = max(last_top, right_lines * self.right.leading)
        self.right.canv = canv
        self.right.draw_at(canv, self.width - inset - self.right.width_used(), top)
