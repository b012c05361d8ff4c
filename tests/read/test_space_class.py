"""The blank-character class of the JSON Schema (json_patterns.SPACE), written out as a constant, is exactly
what str.isspace() takes: what the reader strips."""

from __future__ import annotations

import re

from briefing.read.json_patterns import SPACE


def test_space_class_is_exactly_what_isspace_takes() -> None:
    every = "".join(chr(point) for point in range(0x10000) if not 0xD800 <= point <= 0xDFFF)
    assert re.findall(f"[{SPACE}]", every) == [char for char in every if char.isspace()]
    assert not any(chr(point).isspace() for point in range(0x10000, 0x110000))
