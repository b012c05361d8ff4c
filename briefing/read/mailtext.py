"""What a name or address may contain before it goes into a mail header or a file name."""

from __future__ import annotations

import re
import unicodedata

CONTROL, ENCODED_WORD, ADDRESS = "control", "encoded-word", "address"

# Mail clients decode an RFC 2047 encoded-word (=?charset?b?…?=) wherever it appears in a display name,
# so one written into a name shows as whatever it encodes, e.g. a second "<boss@…>". Anything between
# =? and ?= is refused, which is broader than the grammar on purpose: no real name contains it.
_ENCODED_WORD = re.compile(r"=\?.*\?=", re.DOTALL)
# A name holding an address makes the header read "区长 <boss@evil.example> <victim@…>" in a client.
_ADDRESS_MARKS = re.compile(r"[<>@＜＞＠]")
# Letters that print as nothing at all: a name made only of these is as good as blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def header_problem(*texts: str, display_name: bool = False) -> str | None:
    """Why these texts (a value, and the way it was written) may not go into a header, or None: CONTROL
    (line breaks and other control or format characters forge headers), ENCODED_WORD, or, for a display
    name, ADDRESS (it holds @ or angle brackets). The first of these that any text shows is the answer."""
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for text in texts for char in text):
        return CONTROL
    if any(_ENCODED_WORD.search(text) for text in texts):
        return ENCODED_WORD
    if display_name and any(_ADDRESS_MARKS.search(text) for text in texts):
        return ADDRESS
    return None


def blank(text: str) -> bool:
    """Nothing visible: spaces of any kind (U+3000 included), format characters and filler letters."""
    return all(
        char.isspace() or unicodedata.category(char) in ("Zs", "Cf") or char in _BLANK_LETTERS
        for char in text
    )


def fit_bytes(text: str, most: int) -> str:
    """`text` cut at a character boundary to at most `most` bytes of UTF-8 (a file name's limit is bytes)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= most:
        return text
    return encoded[:most].decode("utf-8", "ignore")
