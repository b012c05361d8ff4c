"""grid: cell texts, merges, trimming, and the limits every reader keeps."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from briefing.office.grid import (
    Cell,
    SheetExtent,
    a1,
    clean_text,
    column_letter,
    extent_problems,
    fill_merges,
    number_text,
    trimmed,
    zip_checked,
)


def test_numbers_read_as_typed_and_percent_as_shown() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert a1(5, 2) == "C5"
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(2501.0) == "2501"
    assert number_text(0.08, percent=True) == "8%"
    assert number_text(Decimal("113.60")) == "113.6"
    assert number_text(float("inf")) == "inf"
    assert clean_text(" a\r\nb\r ") == "a\nb"
    assert clean_text("x\ud800") == "x" + "\ufffd" * 3  # a lone surrogate cannot be written as UTF-8


def test_merged_cells_take_the_first_cells_text_and_rows_are_trimmed_to_one_width() -> None:
    rows = [[Cell("标题", "A1"), Cell("", "B1")], [Cell("1", "A2"), Cell("", "B2"), Cell("", "C2")]]
    fill_merges(rows, [(0, 0, 0, 1)], 0)
    assert rows[0][1] == Cell("标题", "B1", anchor="A1", across=True)
    rows.append([Cell("", "A3")])
    trimmed_rows, numbers = trimmed(rows, [1, 2, 3])
    assert numbers == [1, 2]
    assert [len(row) for row in trimmed_rows] == [2, 2]


def test_extents_past_a_limit_are_each_named_and_cells_count_over_the_file() -> None:
    problems = extent_problems(
        "t.xls",
        [
            SheetExtent("甲", rows=20_001),
            SheetExtent("乙", columns=201),
            SheetExtent("丙", rows=2, cells=900_000),
        ],
    )
    assert [(str(p.source), p.code) for p in problems] == [
        ("t.xls:甲", "import.too-many-rows"),
        ("t.xls:乙", "import.too-many-columns"),
    ]
    many = extent_problems("t.ods", [SheetExtent("甲", cells=600_000), SheetExtent("乙", cells=600_000)])
    assert [(str(p.source), p.code) for p in many] == [("t.ods:乙", "import.too-many-cells")]


def test_a_zip_unpacking_too_large_or_no_zip_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "b.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.xml", b" " * (25 * 1024 * 1024))
    problem = zip_checked(bomb, "b.xlsx")
    assert problem is not None and problem.code == "import.file-too-large"
    (tmp_path / "n.xlsx").write_bytes(b"no zip")
    problem = zip_checked(tmp_path / "n.xlsx", "n.xlsx")
    assert problem is not None and problem.code == "import.file-unreadable"
