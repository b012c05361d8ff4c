"""JSON Schema pieces that say what the reader says: blank values, control characters, digits and years.

Patterns are written for both Python's re (which the tests validate with) and ECMA-262 (what editors
run): no \\s or \\d, whose meanings differ between the two, only explicit character lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# What str.strip() removes, so that "blank" here is blank to the reader (reader.is_empty): the characters
# str.isspace() takes, all in the Basic Multilingual Plane. Written out, not computed from the 65,536 BMP
# characters at every import (5 ms); tests/read/test_space_class.py checks it against str.isspace().
SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000"
# What the reader refuses in any text (text.control_char): only escapes in double quotes can write them.
CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff"

BLANK: dict[str, Any] = {"type": "string", "pattern": f"^[{SPACE}]*$"}
"""Text of spaces only, which the reader takes as not written."""
EMPTY: list[dict[str, Any]] = [{"type": "null"}, BLANK]
"""What an optional field may hold instead of a value: nothing written."""

TEXT_PATTERN = f"^[^{CONTROL}]*[^{CONTROL}{SPACE}][^{CONTROL}]*$"
"""Text that is not blank and holds no control character."""


def text_schema() -> dict[str, Any]:
    """One text (a number reads as its digits), not blank, without control characters."""
    return {"anyOf": [{"type": "string", "pattern": TEXT_PATTERN}, {"type": "number"}]}


def choice_schema(choices: Iterable[str]) -> dict[str, Any]:
    """One of `choices`: listed for completion, and also with spaces around (the reader strips them)."""
    listed = list(choices)
    alternatives = "|".join(re.escape(choice) for choice in sorted(listed, key=len, reverse=True))
    padded = {"type": "string", "pattern": f"^[{SPACE}]*(?:{alternatives})[{SPACE}]*$"}
    return {"anyOf": [{"enum": listed}, padded]}


def optional(schema: dict[str, Any]) -> dict[str, Any]:
    """A field that may be left empty: its value, null, or text of spaces only."""
    return {"anyOf": [schema, *EMPTY]}


# --- digits and years ----------------------------------------------------------------------------------

_WIDE = str.maketrans({chr(0xFF10 + digit): str(digit) for digit in range(10)})


def ascii_digits(text: str) -> str:
    """Full-width digits (from a Chinese input method) as ASCII, as the figures read them."""
    return text.translate(_WIDE)


def digit(chars: str = "0-9") -> str:
    """A class of ASCII digits `chars` (such as "0-9", "48", "1-2") and their full-width twins."""
    wide = "".join(chr(0xFF10 + int(char)) if char.isdigit() else char for char in chars)
    return f"[{chars}{wide}]"


def year_pattern(first: int, last: int) -> str:
    """Four digits (ASCII or full-width) naming a year from `first` to `last`, as an alternation.

    Written out digit by digit: for each year, the years sharing its first three digits are one branch.
    """
    branches: dict[str, list[int]] = {}
    for year in range(first, last + 1):
        branches.setdefault(str(year)[:3], []).append(year % 10)
    parts = []
    for head, lasts in branches.items():
        fixed = "".join(digit(char) for char in head)
        tail = f"{min(lasts)}-{max(lasts)}" if len(lasts) > 1 else str(lasts[0])
        parts.append(fixed + digit(tail))
    return "(?:" + "|".join(parts) + ")"
