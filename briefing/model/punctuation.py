"""Half-width punctuation in Chinese text: where it is, and the text with its full-width forms.

Chinese text takes full-width marks (GB/T 15834); a comma typed with the input method switched to Latin
comes out half-width. A mark counts as Chinese when a Chinese character stands next to it (a pair of
brackets: next to either bracket, or inside), so 10:30, 1,000 and "ID: A1 (B2)" stay as written.
"""

from __future__ import annotations

import re

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_PAIR = re.compile(r"\(([^()]*)\)")
_SINGLE = re.compile(r"[,:;()]")


def _chinese(char: str) -> bool:
    """An ideograph or a Chinese punctuation mark (the CJK blocks, full-width forms excluded)."""
    point = ord(char)
    return 0x3000 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF or 0x20000 <= point <= 0x3FFFF


def _beside(text: str, start: int, end: int) -> bool:
    """A Chinese character just before `start` or just after `end` (spaces skipped).

    Scanned in place, not sliced: a text of a million commas would copy it a million times."""
    before = start - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    after = end
    while after < len(text) and text[after] == " ":
        after += 1
    return (before >= 0 and _chinese(text[before])) or (after < len(text) and _chinese(text[after]))


def half_width_marks(text: str) -> list[int]:
    """Where the half-width , : ; ( ) standing in Chinese text are (indexes, in order)."""
    found: set[int] = set()
    paired: set[int] = set()
    for match in _PAIR.finditer(text):
        paired |= {match.start(), match.end() - 1}
        inside = any(_chinese(char) for char in match[1])
        if inside or _beside(text, match.start(), match.end()):
            found |= {match.start(), match.end() - 1}
    for match in _SINGLE.finditer(text):
        index = match.start()
        if index not in paired and _beside(text, index, index + 1):
            found.add(index)
    return sorted(found)


def full_width(text: str) -> str:
    """`text` with the half-width marks that stand in Chinese text in their full-width forms."""
    marks = half_width_marks(text)
    if not marks:
        return text
    chars = list(text)
    for index in marks:
        chars[index] = FULL_WIDTH[chars[index]]
    return "".join(chars)
