"""What calamine does not say about an .xlsx: each sheet's extent, percent formats and export's text marks, from its XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import msgspec

from briefing.office.grid import TEXT_MARK


class SheetFacts(msgspec.Struct):
    """What calamine does not say about an .xlsx sheet, read from its XML before calamine reads it."""

    rows: int = 0
    columns: int = 0
    percent: set[str] = msgspec.field(default_factory=set)  # cells shown as 8% but stored as 0.08
    words: set[str] = msgspec.field(default_factory=set)  # cells export marked as words


_R_ATTRIBUTE = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,9})"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c(\s[^>]*)>")
_STYLE = re.compile(rb'\ss="(\d+)"')
_REF = re.compile(rb'\sr="([A-Z]{1,3}\d{1,9})"')
_PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from xml.etree import ElementTree

    return ElementTree.fromstring(archive.read(name))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for part in target.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId → (type, member) from a part's .rels file."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    found = {}
    for element in _xml(archive, rels):
        found[element.get("Id", "")] = (element.get("Type", ""), _target(part, element.get("Target", "")))
    return found


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _xml(archive, "xl/styles.xml")
    percent_ids = set(_PERCENT_FORMATS)
    xfs: list[Any] = []
    for element in styles:
        if _local(element.tag) == "numFmts":
            for fmt in element:
                if "%" in fmt.get("formatCode", "").replace("\\%", ""):
                    percent_ids.add(int(fmt.get("numFmtId", "-1")))
        elif _local(element.tag) == "cellXfs":
            xfs = list(element)
    return {
        str(index).encode() for index, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _marked_cells(archive: zipfile.ZipFile, member: str) -> set[str]:
    """Cells whose comment starts with the export's words mark."""
    marked: set[str] = set()
    for kind, target in _relationships(archive, member).values():
        if not kind.endswith("/comments") or target not in archive.namelist():
            continue
        for element in _xml(archive, target).iter():
            if _local(element.tag) == "comment":
                text = "".join(element.itertext())
                if text.startswith(TEXT_MARK):
                    marked.add(element.get("ref", ""))
    return marked


def _sheet_facts(data: bytes, percent: set[bytes]) -> SheetFacts:
    """One sheet's extent from every r="…" reference in its XML, and its cells in a percent style."""
    sheet = SheetFacts()
    for letters, digits in _R_ATTRIBUTE.findall(data):
        sheet.rows = max(sheet.rows, int(digits))
        if letters:
            sheet.columns = max(sheet.columns, _column_number(letters))
    if percent:
        for attributes in _CELL_TAG.findall(data):
            style = _STYLE.search(attributes)
            ref = _REF.search(attributes)
            if style and ref and style[1] in percent:
                sheet.percent.add(ref[1].decode())
    return sheet


def xlsx_facts(path: Path) -> dict[str, SheetFacts]:
    """Each sheet's true extent (the <dimension> element may lie), percent cells and marked cells."""
    facts: dict[str, SheetFacts] = {}
    with zipfile.ZipFile(path) as archive:
        workbook = "xl/workbook.xml"
        links = _relationships(archive, workbook)
        percent = _percent_styles(archive)
        for element in _xml(archive, workbook).iter():
            if _local(element.tag) != "sheet":
                continue
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
            member = links.get(rid, ("", ""))[1]
            if member not in archive.namelist():
                continue
            sheet = _sheet_facts(archive.read(member), percent)
            sheet.words = _marked_cells(archive, member)
            facts[element.get("name", "")] = sheet
    return facts
