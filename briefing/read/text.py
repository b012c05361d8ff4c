"""Text as the reader takes it from YAML: lines of one paragraph joined, paragraphs split at blank lines."""

from __future__ import annotations

import re

_CJK_MARKS = frozenset("，。、；：？！“”‘’（）《》〔〕【】…—")
# C0 and C1 controls except tab and line ends, lone surrogates and non-characters: nothing prints them,
# a PDF's text and a Word file's XML cannot hold some of them, and they hide text from a reader. In YAML
# only escapes in double quotes ("\a") can write them. Every one of them is unprintable to
# str.isprintable(), so the pattern is compiled (on first use, kept in re's cache) only for text that
# holds another unprintable character than the spaces and line ends text is written with.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
_WRITTEN_SPACES = dict.fromkeys(map(ord, "\t\n\r\xa0\u3000"))  # unprintable, but no control: deleted


def control_char(text: str) -> str | None:
    """The first character of `text` that is a control character, or None."""
    if text.isprintable() or text.translate(_WRITTEN_SPACES).isprintable():
        return None
    found = re.search(_CONTROL, text)
    return found[0] if found else None


def is_cjk(char: str) -> bool:
    """Chinese text, where a line break joins without a space: radicals to the unified ideographs, the
    compatibility and supplementary ideographs, and Chinese punctuation.

    A function, not a character class: compiling the equivalent class took 5 ms of every run. (The line
    breaker's `_is_hanzi` asks a narrower question: ideographs only, for the CJK–Latin space.)
    """
    point = ord(char)
    return (
        0x2E80 <= point <= 0x9FFF
        or 0xF900 <= point <= 0xFAFF
        or 0x20000 <= point <= 0x3FFFF
        or char in _CJK_MARKS
    )


def join_lines(text: str) -> str:
    """Join the lines of one paragraph: no space between Chinese characters, one space between Latin words."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        if is_cjk(joined[-1]) or is_cjk(part[0]):
            joined += part
        else:
            joined += " " + part
    return joined


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks inside a paragraph are joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return tuple(paragraph for paragraph in (join_lines(block) for block in blocks) if paragraph)
