"""The Word writer stays within the house sizes: the hand-written OOXML in one module of at most 400 lines."""

from __future__ import annotations

from pathlib import Path

import briefing.word

WORD = Path(briefing.word.__file__).parent


def test_every_word_module_is_at_most_400_lines() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in WORD.glob("*.py")}
    assert "ooxml.py" in sizes
    assert {name: lines for name, lines in sizes.items() if lines > 400} == {}
