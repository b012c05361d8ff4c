"""The line that really broke a YAML file: PyYAML notices a slip a line or two after it, and words it for a parser.

A full-width colon (`name：x`), a colon without its space (`total_investment:10亿元`) and a dash without its
space (`-name: x`) each make a line plain text, and PyYAML complains at the next key; an indentation that
matches no level is reported as a stray `key: value`. culprit() looks back from where PyYAML stopped for
the line a person would have to fix, and says what is wrong with it. A full-width space (U+3000) before a
key is found before parsing: it makes a different key, not always a syntax error.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

MAX_LOOKBACK = 3  # content lines above the one PyYAML stopped at that can have caused it
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_FULL_WIDTH_COLON = re.compile(rf"^(?P<lead> *(?:- +)?)(?P<key>{_KEY})[ \u3000]*：")
_NO_SPACE = re.compile(rf"^(?P<lead> *(?:- +)?)(?P<key>{_KEY}):(?P<value>[^\s:].*)$")
_NO_DASH_SPACE = re.compile(rf"^(?P<lead> *)-(?P<key>{_KEY}) *:(?: |$)")
# Patterns that run on every line of a file that may be hostile keep to linear time: no two repeats
# next to each other may take the same characters (a line of 2 MB of spaces must not backtrack).
_WIDE_INDENT = re.compile(rf"^(?P<lead>[ \u3000]+)(?:- +)?{_KEY} *[:：]")  # with a U+3000 in the lead
_LEAD = re.compile(r"^ *(?:- +)?")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")


class Culprit(NamedTuple):
    """Where the real problem is (1-based line and column) and the message saying what it is."""

    line: int
    column: int
    code: str
    params: dict[str, Any]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines(lines: list[str]) -> list[int]:
    """Indexes of the lines that YAML reads as structure: not blank, not comments, not the text of a
    block scalar (`summary: |` and the lines indented under it)."""
    found: list[int] = []
    block_indent: int | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if block_indent is not None:
            if not stripped or _indent(line) > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        found.append(index)
        if _BLOCK_SCALAR.search(line.split(" #")[0] if " #" in line else line):
            block_indent = _indent(line)
    return found


def wide_indents(text: str) -> list[Culprit]:
    """Keys indented with a full-width space (U+3000), which YAML does not take for indentation: each
    makes a key of its own (“　kind”) or breaks the file. Block scalar text may start with one."""
    lines = text.splitlines()
    found = []
    for index in _content_lines(lines):
        match = _WIDE_INDENT.match(lines[index])
        if match and "\u3000" in match["lead"]:
            column = match["lead"].index("\u3000") + 1
            found.append(Culprit(index + 1, column, "load.fullwidth-space", {}))
    return found


def _marked(line: str, number: int) -> Culprit | None:
    """A slip that makes a key line plain text: a full-width colon, a colon or a dash without its space."""
    if match := _FULL_WIDTH_COLON.match(line):
        column = line.index("：", match.end("key")) + 1
        return Culprit(number, column, "load.fullwidth-colon", {"key": match["key"]})
    if match := _NO_DASH_SPACE.match(line):
        return Culprit(number, match.end("lead") + 1, "load.dash-space", {"key": match["key"]})
    if match := _NO_SPACE.match(line):
        value = match["value"].split(" #")[0].strip()
        return Culprit(
            number, match.end("key") + 1, "load.colon-space", {"key": match["key"], "value": value}
        )
    return None


def _key_column(line: str) -> int | None:
    """Where the key of a `key: value` (or `- key: value`) line starts; None for other lines.

    A key is what comes before the first colon that has a space (or the end of the line) after it, with
    no `#` before it, starting with no space, `#`, `:` or `-`; found by scanning, not by a pattern that
    could backtrack.
    """
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    rest = line[start:]
    if not rest or rest[0].isspace() or rest[0] in "#:-":
        return None
    colon, comment = rest.find(":"), rest.find("#")
    if colon < 0 or 0 <= comment < colon:
        return None
    return start if rest[colon + 1 : colon + 2] in ("", " ") else None


def _misindented(lines: list[str], content: list[int], index: int) -> Culprit | None:
    """A key at a column no key above it has used, under a line that opens no block."""
    above = [i for i in content if i < index]
    column = _key_column(lines[index])
    expected = _sibling_column(lines[above[-1]]) if above else None
    if column is None or expected is None or column == expected:
        return None
    if column < expected and column in _levels(lines, above):
        return None  # back to an outer level: not what broke the file
    code = "load.indent-more" if column > expected else "load.indent-less"
    return Culprit(index + 1, column + 1, code, {"indent": column, "expected": expected})


def _levels(lines: list[str], indexes: list[int]) -> set[int | None]:
    """The columns the keys of these lines start at."""
    return {_key_column(lines[index]) for index in indexes}


def _sibling_column(line: str) -> int | None:
    """Where the next key should start after `line`: in line with its key; None after a `key:` with
    nothing after it (but a comment), under which the lines may be indented deeper."""
    return None if line.split(" #")[0].rstrip().endswith(":") else _key_column(line)


def culprit(text: str, error_line: int) -> Culprit | None:
    """The line to fix when PyYAML stopped at `error_line` (1-based), and why; None when none of the
    known slips is there (PyYAML's own words are shown then)."""
    lines = text.splitlines()
    content = _content_lines(lines)
    if not content:
        return None
    at = min(error_line - 1, len(lines) - 1)
    near = [i for i in content if i <= at][-(MAX_LOOKBACK + 1) :]
    for index in reversed(near):
        found = _marked(lines[index], index + 1)
        if found is not None:
            return found
    if near and near[-1] == at:
        return _misindented(lines, content, at)
    return None
