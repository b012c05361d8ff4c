"""GB/T 15834 §5.1 and GB/T 15835 as data: which marks may not start or end a line, what stays whole."""

from __future__ import annotations

import re
from functools import cache

# GB/T 15834-2011 §5.1: pause and closing marks, 连接号, 间隔号 and 分隔号 may not start a line. A lone — is a
# 连接号; —— (破折号) may start a line and is handled as a run, so — is not listed here.
CANNOT_START = frozenset("、，。．；：？！）〕］｝》〉」』】〗〙〛”’％‰·・／～" + ",.;:?!)]}%-/~")
# Opening marks may not end a line; neither may 分隔号 (§5.1.9).
CANNOT_END = frozenset("“‘（〔［｛《〈「『【〖〘〚" + "([{" + "/／")
# The marks hang_punct lets into the right margin.
HANGING = frozenset("，。、")

# Mainland (GB) forms put the ink of these in the left half of the em box, so the right half can be squeezed.
INK_LEFT = frozenset("，。、；：！．）〕］｝》〉」』】〗〙〛”’")
# And of these in the right half: the left half can be squeezed.
INK_RIGHT = frozenset("“‘（〔［｛《〈「『【〖〘〚")
# Proportional fonts (LXGW's “” are 0.35 em) have no empty half to take away.
FULL_WIDTH = 0.75

# Qualifiers that read as part of the number before them (10%左右, 5000万元以上, 20余): never split off.
QUALIFIERS = ("左右", "以上", "以下", "以内", "余")

_FLIP = bytes([1]) + bytes(255)  # translate table: 0 -> 1, anything else -> 0


def char_class(chars: frozenset[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


class Patterns:
    """The rules' regular expressions, compiled together on first use (not at import: the token pattern
    alone, with every unit, took most of this module's import time). A plain class: a NamedTuple class
    costs a tenth of a millisecond to make at import."""

    __slots__ = (
        "address",
        "alnum_run",
        "dashes",
        "date_part",
        "ellipses",
        "marks",
        "no_break_after",
        "no_break_before",
        "punct_run",
        "spaces",
        "tight_run",
        "token",
    )

    def __init__(self) -> None:
        self.no_break_before = re.compile(char_class(CANNOT_START | {" "}))
        self.no_break_after = re.compile(char_class(CANNOT_END))
        self.spaces = re.compile(" +")
        self.dashes = re.compile("[—―]+")
        self.ellipses = re.compile("[…⋯]+")
        self.alnum_run = re.compile("[A-Za-z0-9]+")
        # A number, Latin word or URL as set: printable ASCII with the full-width per cent and per mille,
        # starting with a letter or digit (so "（" or a lone "-" next to a hanzi is not one).
        self.tight_run = re.compile("[A-Za-z0-9][!-~％‰]*")
        self.token = re.compile(_token())
        self.punct_run = re.compile(char_class(INK_LEFT | INK_RIGHT) + "{2,}")
        self.marks = re.compile(char_class(INK_LEFT | INK_RIGHT))
        # 年 of a date followed by its month, 月 followed by its day: where a date may break.
        self.date_part = re.compile(
            "(?<![0-9])[0-9]{1,4}年(?=[0-9]{1,2}月)|(?<![0-9])[0-9]{1,2}月(?=[0-9]{1,2}日)"
        )
        self.address = re.compile("(?<=[A-Za-z])://(?=[A-Za-z0-9])")


@cache
def patterns() -> Patterns:
    """The compiled patterns, built once per process; they hold no state of a build."""
    return Patterns()


def _token() -> str:
    """Latin words first (4A, A4, OEM), then dates, then a number with its magnitude, its longest unit and
    a qualifier (2,501人, 1.5亿元, 6.2%, 35万余人, 10%左右, 5000万元以上). The lookahead lets the scanner skip
    hanzi without trying each alternative."""
    from briefing.model.units import UNITS  # only when a paragraph is first broken

    units = sorted({*UNITS, "年", "月", "日", "％"}, key=len, reverse=True)
    return (
        r"(?=[0-9A-Za-z])(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*"
        r"|[0-9]{1,4}年[0-9]{1,2}月(?:[0-9]{1,2}日)?|[0-9]{1,2}月[0-9]{1,2}日"
        r"|[0-9]+(?:[.,][0-9]+)*[万亿]?[余多]?(?:"
        + "|".join(map(re.escape, units))
        + ")?"
        + "(?:"
        + "|".join(QUALIFIERS)
        + ")?)"
    )


def is_hanzi(char: str) -> bool:
    """An ideograph: 〇, CJK Extension A, the URO, compatibility ideographs, the supplementary planes.

    A function, not a regular expression: compiling a character class with ranges this wide took 6 ms
    of every run.
    """
    point = ord(char)
    return (
        0x4E00 <= point <= 0x9FFF
        or 0x3400 <= point <= 0x4DBF
        or 0x20000 <= point <= 0x3FFFF
        or 0xF900 <= point <= 0xFAFF
        or point == 0x3007
    )


def break_flags(text: str) -> tuple[bytearray, bytearray]:
    """Per position i (before text[i]): may the line break there, and is it inside a never-split token."""
    n = len(text)
    found = patterns()
    blocked = bytearray(n + 1)  # 1 where a kinsoku rule forbids the break
    inside = bytearray(n + 1)  # 1 inside a token that stays whole unless it is longer than the line
    blocked[0] = 1
    for m in found.no_break_before.finditer(text):
        blocked[m.start()] = 1
    for m in found.no_break_after.finditer(text):
        blocked[m.end()] = 1
    # A break after spaces drops them, so what ends the line is the mark before the spaces.
    for m in found.spaces.finditer(text) if " " in text else ():
        start, end = m.span()
        if start == 0 or text[start - 1] in CANNOT_END:
            blocked[end] = 1
    for pattern in (found.token, found.alnum_run):
        for m in pattern.finditer(text):
            start, end = m.span()
            if end - start > 1:
                inside[start + 1 : end] = b"\x01" * (end - start - 1)
    _pairs(text, found, blocked, inside)
    # Both arrays hold only bytes 0 and 1, so OR-ing them as integers ORs them position by position, in C.
    either = int.from_bytes(blocked, "little") | int.from_bytes(inside, "little")
    legal = bytearray(either.to_bytes(n + 1, "little").translate(_FLIP))
    legal[n] = 1
    return legal, inside


def _pairs(text: str, found: Patterns, blocked: bytearray, inside: bytearray) -> None:
    """—— and …… are two-character marks: a run is read as pairs, and a dash left over is a 连接号."""
    for pattern, marks in ((found.dashes, "—―"), (found.ellipses, "…⋯")):
        if marks[0] not in text and marks[1] not in text:
            continue  # most paragraphs have neither: no scan
        for m in pattern.finditer(text):
            start, end = m.span()
            odd = (end - start) % 2
            for k in range(start + 1, end - odd, 2):
                inside[k] = 1
            if odd and pattern is found.dashes:
                blocked[end - 1] = 1


def soft_breaks(text: str) -> bytearray:
    """Per position i: 1 where a line may break inside a token, but only to save a loose line.

    A token that never splits can leave the line before it with cells to spare and nothing to fill them
    but wide gaps between hanzi. Two kinds of token read well broken at one point, as typesetters break
    them when they must: a date after 年 or 月 (2025年 / 10月, each number keeping its unit), and a URL
    after its :// (an e-mail address already breaks after its @ and its dots). A number, its unit and its
    qualifier never split (GB/T 15835; 10%左右 and 50吨以下 stay whole).
    """
    soft = bytearray(len(text) + 1)
    found = patterns()
    for m in found.date_part.finditer(text):
        soft[m.end()] = 1
    for m in found.address.finditer(text):
        soft[m.end()] = 1
    return soft
