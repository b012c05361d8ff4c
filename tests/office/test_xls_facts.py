"""xls_facts: each sheet's extent read from an .xls's records, and damage found before calamine opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.office.xls_facts import DamagedFile, xls_extents
from office.other_formats import declare_xls_rows, small_compound_file, write_xls


def test_extent_is_the_larger_of_the_declared_dimensions_and_the_cells(tmp_path: Path) -> None:
    book = tmp_path / "t.xls"
    write_xls(book, [("扩大内需", {(0, 0): "指标名称", (4, 2): 3.5}, []), ("工作表2", {(9, 0): "x"}, [])])
    extents = xls_extents(book.read_bytes())
    assert [(e.name, e.rows, e.columns, e.cells) for e in extents] == [
        ("扩大内需", 5, 3, 2),
        ("工作表2", 10, 1, 1),
    ]
    declare_xls_rows(book, 2**31 - 1)
    assert xls_extents(book.read_bytes())[0].rows == 2**31 - 1


def test_a_one_cell_workbook_is_read(tmp_path: Path) -> None:
    book = tmp_path / "t.xls"
    write_xls(book, [("A", {(0, 0): 1}, [])])
    assert [(e.name, e.rows, e.columns) for e in xls_extents(book.read_bytes())] == [("A", 1, 1)]


def test_damage_is_named(tmp_path: Path) -> None:
    with pytest.raises(DamagedFile, match="not an Excel 97-2003 file"):
        xls_extents(b"PK\x03\x04 a zip, not an xls")
    book = tmp_path / "t.xls"
    write_xls(book, [("A", {(0, 0): 1}, [])])
    data = bytearray(book.read_bytes())
    data[0x30:0x34] = (10_000).to_bytes(4, "little")  # the directory's first sector: far past the end
    with pytest.raises(DamagedFile):
        xls_extents(bytes(data))


def test_a_workbook_stream_in_the_mini_stream_is_read_by_both_readers(tmp_path: Path) -> None:
    from conftest import run_cli

    from briefing.office.xls_facts import _Compound

    cells = {
        (0, 0): "指标名称",
        (0, 1): "单位",
        (0, 2): "2023年目标",
        (1, 0): "就业",
        (1, 1): "人",
        (1, 2): "2000人",
    }
    write_xls(tmp_path / "big.xls", [("扩大内需", cells, [])])
    stream = _Compound((tmp_path / "big.xls").read_bytes()).stream(("Workbook",)).rstrip(b"\0") + b"\0" * 3
    small = tmp_path / "small.xls"
    small.write_bytes(small_compound_file(stream))
    assert [(e.name, e.rows, e.columns) for e in xls_extents(small.read_bytes())] == [("扩大内需", 2, 3)]
    result = run_cli("import", str(small), "-o", str(tmp_path / "p"))
    assert "就业" in (tmp_path / "p" / "areas" / "01-扩大内需.yaml").read_text(encoding="utf-8"), result.err
