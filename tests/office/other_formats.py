"""The same workbook as .xls (xlwt) and .ods (the zip and XML written here), and hostile variants of each."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import openpyxl

Sheets = list[tuple[str, dict[tuple[int, int], Any], list[tuple[int, int, int, int]]]]  # name, cells, merges


def sheets_of(xlsx: Path) -> Sheets:
    """Every sheet's values (0-based row, column) and merged ranges (top, left, bottom, right) of an .xlsx."""
    book = openpyxl.load_workbook(xlsx)
    found: Sheets = []
    for sheet in book.worksheets:
        cells = {
            (cell.row - 1, cell.column - 1): cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in sheet.merged_cells.ranges
        ]
        found.append((sheet.title, cells, merges))
    return found


def write_xls(
    path: Path, sheets: Sheets, percent: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset()
) -> None:
    """An Excel 97-2003 workbook; the cells in `percent` (of every sheet) formatted 0.0%."""
    import xlwt

    shown_as_percent = xlwt.easyxf(num_format_str="0.0%")
    book = xlwt.Workbook(encoding="utf-8")
    for name, cells, merges in sheets:
        sheet = book.add_sheet(name)
        merged = {(top, left) for top, left, _, _ in merges}
        for top, left, bottom, right in merges:
            sheet.write_merge(top, bottom, left, right, cells.get((top, left), ""))
        for (row, column), value in cells.items():
            if (row, column) in percent:
                sheet.write(row, column, value, shown_as_percent)
            elif (row, column) not in merged:
                sheet.write(row, column, value)
    book.save(str(path))


def declare_xls_rows(path: Path, rows: int) -> None:
    """Rewrite the first sheet's DIMENSIONS record to declare `rows` rows (a few bytes; the cells stay)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")
    assert at > 0
    first_row, _, first_column, last_column, reserved = struct.unpack_from("<IIHHH", data, at + 4)
    struct.pack_into("<IIHHH", data, at + 4, first_row, rows, first_column, last_column, reserved)
    path.write_bytes(bytes(data))


_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: Any, across: int = 1, down: int = 1, percent: bool = False) -> str:
    span = (
        f' table:number-columns-spanned="{across}" table:number-rows-spanned="{down}"'
        if across > 1 or down > 1
        else ""
    )
    if value is None:
        return "<table:table-cell/>"
    if percent:
        return (
            f'<table:table-cell office:value-type="percentage" office:value="{value}">'
            f"<text:p>{value * 100}%</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{span}><text:p>{value}</text:p></table:table-cell>'
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string"{span}>{lines}</table:table-cell>'


def ods_table(
    name: str,
    cells: dict[tuple[int, int], Any],
    merges: list[tuple[int, int, int, int]],
    percent: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
) -> str:
    spans = {(top, left): (right - left + 1, bottom - top + 1) for top, left, bottom, right in merges}
    covered = {
        (r, c)
        for top, left, bottom, right in merges
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
        if (r, c) != (top, left)
    }
    height = max((row for row, _ in cells), default=-1) + 1
    width = max((column for _, column in cells), default=-1) + 1
    rows = []
    for r in range(height):
        parts = []
        for c in range(width):
            if (r, c) in covered:
                parts.append("<table:covered-table-cell/>")
            else:
                across, down = spans.get((r, c), (1, 1))
                parts.append(ods_cell(cells.get((r, c)), across, down, percent=(r, c) in percent))
        rows.append("<table:table-row>" + "".join(parts) + "</table:table-row>")
    return f"<table:table table:name={quoteattr(name)}>" + "".join(rows) + "</table:table>"


def write_ods_xml(path: Path, tables: str) -> None:
    """An .ods whose spreadsheet body is `tables` (table:table elements), as LibreOffice lays the zip out."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


def write_ods(
    path: Path, sheets: Sheets, percent: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset()
) -> None:
    """An OpenDocument spreadsheet; the cells in `percent` (of every sheet) typed as percentages."""
    write_ods_xml(path, "".join(ods_table(name, cells, merges, percent) for name, cells, merges in sheets))


def small_compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """A compound file holding one stream under 4096 bytes, which therefore lives in the mini stream
    (xlwt pads every workbook past that size, as Excel does; smaller writers do not)."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    assert len(stream) < 4096
    container = stream + b"\0" * (-len(stream) % 64)
    pieces = len(container) // 64
    container_sectors = -(-len(container) // 512)
    container += b"\0" * (container_sectors * 512 - len(container))
    # Sector 0: the allocation table; 1: the directory; 2: the mini allocation table; 3 on: the mini stream.
    fat = [fat_sector, end, end, *range(4, 3 + container_sectors), end]
    fat += [free] * (128 - len(fat))
    mini_fat = [*range(1, pieces), end] + [free] * (128 - pieces)

    def entry(label: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (label + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, free, free, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, 3, len(stream) + (-len(stream) % 64)) + entry(
        name, 2, free, 0, len(stream)
    )
    directory += b"\0" * (512 - len(directory))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, 2, 1, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + struct.pack("<128I", *mini_fat) + container
