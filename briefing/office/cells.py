"""One cell's text read as `briefing validate` reads the same text typed into a YAML file."""

from __future__ import annotations

import re
from typing import Any

from briefing.errors import Issue, Source, issue
from briefing.office.grid import Cell
from briefing.read.reader import Field, Reader
from briefing.read.yaml_nodes import Scalar, resolve_plain

DASHES = frozenset({"—", "——", "-", "--", "－", "/", "／", "—-", "–"})  # "not given", as tables say it
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BOOLS = {"是": True, "否": False, "true": True, "false": False, "TRUE": True, "FALSE": False}

Checked = tuple[Any, Issue | None]  # the value to write, or the reason the cell stays out


def _first_issue(reader: Reader) -> Issue | None:
    return reader.issues[0] if reader.issues else None


def _check_words(field: Field, text: str, where: Source, path: str) -> Checked:
    """A cell export marked as words ({text: 与2022年持平}): checked as that mapping would be."""
    from briefing.read.yaml_nodes import Mapping as MappingNode

    reader = Reader()
    node = MappingNode({"text": (where, Scalar(value=text, text=text, source=where, quoted=True))}, where)
    reader.value(node, field, path)
    return {"text": text}, _first_issue(reader)


def _check_bool(field: Field, text: str, where: Source, path: str) -> Checked:
    if text not in _BOOLS:
        return None, issue(where, path, "bool.invalid", label=field.label, text=text)
    return _BOOLS[text], None


def _check_whole_number(field: Field, text: str, where: Source, path: str) -> Checked:
    """A count (3个 reads as 3) or a year: an int when the text is one, else the text for the message."""
    resolved = resolve_plain(text.removesuffix("个") if field.kind.name == "count" else text)
    number = Scalar(value=resolved if isinstance(resolved, int) else text, text=text, source=where)
    reader = Reader()
    reader.value(number, field, path)
    return number.value, _first_issue(reader)


def _check_paragraphs(field: Field, text: str, where: Source, path: str) -> Checked:
    """Each non-blank line of the cell is one paragraph."""
    paragraphs = tuple(line.strip() for line in text.split("\n") if line.strip())
    reader = Reader()
    for paragraph in paragraphs:
        reader.value(Scalar(value=paragraph, text=paragraph, source=where, quoted=True), field, path)
    return paragraphs, _first_issue(reader)


def _check_text(field: Field, text: str, where: Source, path: str) -> Checked:
    reader = Reader()
    reader.value(Scalar(value=text, text=text, source=where, quoted=True), field, path)
    return text, _first_issue(reader)


def check_cell(field: Field, text: str, where: Source, path: str, words: bool = False) -> Checked:
    """Read one cell's text exactly as the validator would read it typed into a YAML file."""
    kind = field.kind.name
    if words and kind in ("value", "progress-value"):  # a progress value may be words too
        return _check_words(field, text, where, path)
    if kind == "bool":
        return _check_bool(field, text, where, path)
    if kind in ("count", "year"):
        return _check_whole_number(field, text, where, path)
    if kind == "paragraphs":
        return _check_paragraphs(field, text, where, path)
    return _check_text(field, text, where, path)


def with_unit(cell: Cell, field: Field, unit: str) -> str:
    """The text to check: a bare number takes the unit its header or the row's unit column gives."""
    text = cell.text
    if field.kind.name in ("value", "money", "progress-value") and unit and _NUMBER.match(text):
        return text + unit
    return text
