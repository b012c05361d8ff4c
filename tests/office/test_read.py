"""Hostile tables and hostile cell text: import never crashes, hangs or balloons, and writes YAML that
loads back to exactly the strings the cells held."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from conftest import run_cli
from guards import hang_guard

from office.samples import zip_bomb


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.xlsx"
    zip_bomb(path, "xl/worksheets/sheet1.xml", 300 * 1024 * 1024, ("[Content_Types].xml", "<Types/>"))
    assert path.stat().st_size < 1024 * 1024
    with hang_guard(60, "the import of a zip bomb"):  # a hang guard, not a speed budget
        result = run_cli("import", str(path), "-o", str(tmp_path / "p"))
    assert result.status == 1
    assert (
        result.err.splitlines()[0]
        == "炸弹.xlsx: 文件过大（超过 24 MB）；任务分解表不会这么大，请检查是否选错了文件"
    )
    assert not (tmp_path / "p").exists()
    docx_bomb = tmp_path / "炸弹.docx"
    zip_bomb(docx_bomb, "word/document.xml", 300 * 1024 * 1024, ("[Content_Types].xml", "<Types/>"))
    assert "文件过大" in run_cli("import", str(docx_bomb), "-o", str(tmp_path / "q")).err


def test_damaged_and_unknown_files_are_located_messages(tmp_path: Path) -> None:
    fake = tmp_path / "坏.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    result = run_cli("import", str(fake), "-o", str(tmp_path / "p"))
    assert result.status == 1
    assert result.err.startswith("坏.xlsx: 文件无法读取（not a zip archive）")
    other = tmp_path / "a.pdf"
    other.write_bytes(b"%PDF")
    result = run_cli("import", str(other), "-o", str(tmp_path / "q"))
    assert result.status == 1
    assert result.err.startswith("a.pdf: 不能读取 .pdf 文件")
    truncated = tmp_path / "半.xlsx"
    good = tmp_path / "g.xlsx"
    openpyxl.Workbook().save(good)
    truncated.write_bytes(good.read_bytes()[:300])
    assert run_cli("import", str(truncated), "-o", str(tmp_path / "r")).status == 1


def test_the_reader_is_chosen_by_extension_and_the_size_is_checked_first(tmp_path: Path) -> None:
    from briefing.office.grid import MAX_FILE_BYTES
    from briefing.office.read import READERS, read_file

    assert sorted(READERS) == [".csv", ".docx", ".ods", ".xls", ".xlsm", ".xlsx"]
    huge = tmp_path / "大.xls"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing is read
    result = read_file(huge, "大.xls")
    assert [(str(i.source), i.code) for i in result.issues] == [("大.xls", "import.file-too-large")]
    result = read_file(tmp_path / "无.csv", "无.csv")
    assert [i.code for i in result.issues] == ["import.file-unreadable"]
    result = read_file(tmp_path / "t.txt", "t.txt")
    assert [i.code for i in result.issues] == ["import.file-kind"]
