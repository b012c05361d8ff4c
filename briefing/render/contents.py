"""The table of contents: entries broken like text and hung after their number, and marks where each
entry's page number and the dot leader up to it go once the pages are known."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import msgspec
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from briefing.linebreak import Line
from briefing.model.layout import TextStyle
from briefing.model.plan import Origin
from briefing.render.fonts.registry import FontRegistry
from briefing.render.pager import Flowable
from briefing.render.reportlab_private import replace_in_page
from briefing.render.setter import EM_CENTRE, Setter, fill_operator
from briefing.render.state import RenderState
from briefing.render.tagging import Element, Tagger
from briefing.render.text import LineRun, draw_lines

# An entry's own number, which its wrapped lines hang under: 一、 （一） 1. 附： 附件2： (read by
# entry_number, not a regular expression: compiling one took as long as laying out the contents).
_NUMERALS = "一二三四五六七八九十百零〇"
_DIGITS = "0123456789"
# Dots every LEADER_PITCH pt, counted from the right edge, so that they line up from entry to entry.
LEADER_PITCH = 4.0
LEADER_DOT = 0.9  # the dots' diameter
# Space between the entry's text and the first dot, and between the last dot and the page number, in em.
LEADER_PAD = 0.2


class Contents(Flowable):
    """The table of contents; page numbers are PDF forms filled in once every heading has been placed.

    It splits between entries; an entry taller than a whole page (a title pasted in by mistake) is cut
    between its lines, and its number goes with the last part.
    """

    origin: Origin

    def __init__(
        self,
        entries: list[tuple[str, str, int]],
        style: TextStyle,
        setter: Setter,
        state: RenderState,
        origin: Origin,
        number_width: float,
        frame_height: float | None = None,
        laid: list[tuple[str, Sequence[Line], int, bool]] | None = None,
        tags: ContentsTags | None = None,
        hangs: dict[str, float] | None = None,
    ):
        super().__init__()
        self.tags = tags or ContentsTags()  # the TOC element and its entries, shared by the parts
        self.entries = entries  # (key, title, level)
        self.style = style
        self.setter = setter
        self.state = state
        self.origin = origin
        self.number_width = number_width
        self.frame_height = frame_height
        self.leading = setter.leading(style)
        # (key, lines, level, numbered): `numbered` is False for the head of an entry cut between lines.
        self._laid = laid
        self.hangs = (
            {} if hangs is None else hangs
        )  # key -> how far its wrapped lines hang in, shared by the parts

    def _layout(self, width: float) -> list[tuple[str, Sequence[Line], int, bool]]:
        if self._laid is None:
            laid: list[tuple[str, Sequence[Line], int, bool]] = []
            for key, title, level in self.entries:
                indent = self._indent(level, width)
                spans, _ = self.setter.fonts.runs(title, self.style.family)
                room = width - self.number_width - indent - self.style.size
                style = self._hung(key, title, room)
                lines = self.setter.lines(spans, style, room, "left")
                laid.append((key, lines, level, True))
            self._laid = laid
        return self._laid

    def _hung(self, key: str, title: str, room: float) -> TextStyle:
        """The entry's style with its wrapped lines hung under the text after its number (一、…); the
        hang is kept in self.hangs. An entry without a number, or whose number leaves too little room,
        keeps the style as it is."""
        number = entry_number(title)
        if number is None:
            return self.style
        style = self.style
        tracking = self.setter.tracking(style)
        hang = self.setter.fonts.string_width(number, style.family, style.size)
        hang += len(number) * tracking
        if room - hang < 4 * style.size:
            return style
        self.hangs[key] = hang
        # Setter.lines counts a tracked style's indent in characters; the hang is measured already.
        indent = -hang * style.size / (style.size + tracking)
        return msgspec.structs.replace(style, left_indent=hang, indent=indent)

    def _indent(self, level: int, width: float) -> float:
        """Two characters a level; a layout's level below 0 or past reason stays inside the text area."""
        return min(max(level, 0) * 2 * self.style.size, width / 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        laid = self._layout(availWidth)
        self.width = availWidth
        self.height = sum(len(lines) for _, lines, _, _ in laid) * self.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        laid = self._layout(availWidth)
        used = 0.0
        for count, (key, lines, level, numbered) in enumerate(laid):
            used += len(lines) * self.leading
            if used > availHeight + 1e-6:
                if count > 0:
                    return [self._part(laid[:count]), self._part(laid[count:])]
                fit = math.floor((availHeight + 1e-6) / self.leading)
                at_page_top = self.frame_height is not None and availHeight >= self.frame_height - 1
                if not at_page_top or fit <= 0:
                    return []
                run = LineRun(lines)
                head = (key, run[:fit], level, False)
                return [self._part([head]), self._part([(key, run[fit:], level, numbered), *laid[1:]])]
        return [self]

    def _part(self, laid: list[tuple[str, Sequence[Line], int, bool]]) -> Contents:
        return Contents(
            [],
            self.style,
            self.setter,
            self.state,
            self.origin,
            self.number_width,
            self.frame_height,
            laid,
            self.tags,
            self.hangs,
        )

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        self.at = (x, y)  # where on the page: each entry's link covers its lines there
        super().drawOn(canv, x, y)

    def draw(self) -> None:
        canv = self.canv
        laid = self._layout(self.width)
        tagger: Tagger | None = getattr(canv, "tagger", None)
        top = self.height
        for key, lines, level, numbered in laid:
            indent = self._indent(level, self.width)
            link = self.tags.link(tagger, key, self.state.heading_titles.get(key, "")) if tagger else None
            if tagger is not None and link is not None:
                tagger.open(canv, link)
            draw_lines(
                canv, lines, self.style, self.setter, self.leading, top, indent + self.hangs.get(key, 0.0)
            )
            if tagger is not None and link is not None:
                tagger.close(canv)
            if numbered:
                self._draw_number(key, lines, indent + self.hangs.get(key, 0.0), top, tagger, link)
            if tagger is not None and link is not None:
                x, y = self.at
                bottom = top - len(lines) * self.leading
                tagger.link(canv, link, (x + indent, y + bottom, x + self.width, y + top), key)
            top -= len(lines) * self.leading

    def _draw_number(
        self,
        key: str,
        lines: Sequence[Line],
        left: float,
        top: float,
        tagger: Tagger | None = None,
        link: Element | None = None,
    ) -> None:
        """Marks for what is known only at the end: the dot leader after the entry's last line (furniture,
        from `left`, where the lines are drawn from) and the entry's page number (its content)."""
        canv = self.canv
        size = self.style.size
        last = lines[-1] if lines else None
        baseline = top - (len(lines) - 1) * self.leading - self.leading / 2 - EM_CENTRE * size
        text_end = left + (last.width if last else 0)
        canv.saveState()
        canv.translate(self.width, baseline)
        # The heading's page is known only once the whole document is laid out: leave marks where the
        # leader and the number go (the number's right end on this baseline); fill_number draws them.
        canv.addLiteral(leader_mark(key, text_end - self.width))
        if tagger is not None and link is not None:
            tagger.open(canv, link)
        canv.addLiteral(contents_mark(key))
        if tagger is not None and link is not None:
            tagger.close(canv)
        self.state.contents_numbers.append((canv.getPageNumber(), key))
        canv.restoreState()


class ContentsTags:
    """The contents in the structure tree: a TOC of TOCI entries, each a Link to its heading."""

    def __init__(self) -> None:
        self.toc: Element | None = None
        self.links: dict[str, Element] = {}

    def link(self, tagger: Tagger, key: str, title: str) -> Element | None:
        if tagger.inside:
            return None
        link = self.links.get(key)
        if link is None:
            if self.toc is None:
                self.toc = tagger.root.add("TOC")
            link = self.links[key] = self.toc.add("TOCI").add("Link", text=title)
        return link


def contents_mark(key: str) -> str:
    """A content-stream comment standing in for a contents entry's page number until it is known."""
    return f"%briefing-contents-number {key}"


def entry_number(title: str) -> str | None:
    """The number an entry's title starts with (一、 （一） 1. 1、 附： 附件2：), or None.

    Each kind of number starts with a character of its own: a numeral, （, a digit or 附."""
    first = title[:1]
    if first and first in _NUMERALS:
        end = _run(title, 0, _NUMERALS)
        return title[: end + 1] if title[end : end + 1] == "、" else None
    if first == "（":
        end = _run(title, 1, _NUMERALS + _DIGITS)
        return title[: end + 1] if end > 1 and title[end : end + 1] == "）" else None
    if first and first in _DIGITS:
        end = _run(title, 0, _DIGITS)
        return title[: end + 1] if title[end : end + 1] in (".", "．", "、") else None
    if first == "附":
        end = _run(title, 2 if title[1:2] == "件" else 1, _DIGITS)
        return title[: end + 1] if title[end : end + 1] in ("：", "\u3000") else None
    return None


def _run(text: str, start: int, characters: str) -> int:
    """Where the run of `characters` from `start` in `text` ends."""
    end = start
    while end < len(text) and text[end] in characters:
        end += 1
    return end


def leader_mark(key: str, text_end: float) -> str:
    """A content-stream comment standing in for an entry's dot leader: where its text ends, measured
    from the number's right end (so, negative)."""
    return f"%briefing-contents-leader {key} {text_end:.3f}"


def fill_number(
    page: Any, key: str, number: str | None, fonts: FontRegistry, doc: object, style: TextStyle
) -> None:
    """Put an entry's page number and its dot leader where their marks are in `page` (ReportLab's page,
    its stream still text); with no number (a heading that never made it onto a page) both stay empty.

    The number ends at the right edge; the dots run from just after the text to just before the number,
    each on a grid counted from the right edge, so that they line up down the page whatever the number.
    """
    found = _found_leader_mark(page.stream, key)
    operators = ""
    leader = ""
    if number is not None:
        width = fonts.string_width(number, style.family, style.size)
        drawn = fonts.string_operators(doc, number, style.family, style.size, -width, 0)
        operators = f"{fill_operator(style.color)} {drawn}"
        if found is not None:
            leader = _leader(float(found[1]), -width, style.size)
    if found is not None:
        replace_in_page(page, found[0], leader)
    replace_in_page(page, contents_mark(key), operators)


def _found_leader_mark(stream: str, key: str) -> tuple[str, str] | None:
    """The first leader mark of `key` in `stream` (as leader_mark wrote it) and the number in it, or None.

    Found with str.find, not a pattern made for each entry: a packet's contents would compile one per
    heading."""
    head = leader_mark(key, 0.0).rsplit(" ", 1)[0] + " "
    start = stream.find(head)
    while start >= 0:
        at = start + len(head)
        digits = at + 1 if stream.startswith("-", at) else at
        end = _run(stream, digits, _DIGITS + ".")
        if end > digits:
            return stream[start:end], stream[at:end]
        start = stream.find(head, start + 1)
    return None


def _leader(text_end: float, number_left: float, size: float) -> str:
    """The dots between a text ending at `text_end` and a number starting at `number_left` (both from
    the number's right end), drawn as a dashed line of zero-length dashes with round caps."""
    pad = LEADER_PAD * size + LEADER_DOT / 2
    first = math.ceil((text_end + pad) / LEADER_PITCH) * LEADER_PITCH
    last = math.floor((number_left - pad) / LEADER_PITCH) * LEADER_PITCH
    if last < first:
        return ""
    return (
        f"q {fp_str(LEADER_DOT)} w 1 J [0 {fp_str(LEADER_PITCH)}] 0 d"
        f" n {fp_str(first)} 1 m {fp_str(last + 0.01)} 1 l S Q"
    )
