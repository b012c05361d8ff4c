"""Builds judged end to end: long tables, failures that leave files alone, outputs, user layouts.

(What render/ itself draws is tested in tests/render/, module by module.)
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import threading
from decimal import Decimal
from pathlib import Path

from packets import LAYOUTS, SAMPLE, area_yaml, write_packet
from pdfcheck import MM, Pdf, tables

from briefing.cli import main
from briefing.pipeline import build_pdf, load_and_validate

A4 = (595.2756, 841.8898)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_pages(pdf: Pdf) -> list[int]:
    return [index for index in range(len(pdf.pages)) if pdf.page_number(index)]


# text ------------------------------------------------------------------------------------------------


# page geometry -----------------------------------------------------------------------------------------


# tables ------------------------------------------------------------------------------------------------
def _many_projects(count: int) -> list[dict[str, str]]:
    projects = []
    for number in range(1, count + 1):
        projects.append(
            {
                "name": f"第{number}号测试项目（道路、管网和附属设施建设）",
                "kind": "新建" if number % 3 == 0 else "续建",
                "total_investment": f"{number * 1000 + 500}万元" if number % 7 else f"{number / 10}亿元",
                "annual_investment": f"{number * 100 + 50}万元",
                "status": "完成主体工程建设，年内投入使用" * (1 + number % 3),
            }
        )
    return projects


def test_long_project_table_repeats_header_and_says_continued(tmp_path):
    projects = _many_projects(60)
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", projects)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    found = tables(rendered.pdf)
    project_tables = [(page, rows) for page, rows in found if rows and rows[0][1] == "项目名称"]
    assert len(project_tables) >= 3, "60 projects must span several pages"
    pages = [page for page, _ in project_tables]
    assert pages == sorted(set(pages))
    for page, rows in project_tables[1:]:
        assert rows[0][:3] == ["序号", "项目名称", "性质"], "header repeated on every page"
        assert re.search(r"续表\d+", pdf.text(page)), f"page {page + 1} lacks 续表"
    assert "续表" not in pdf.text(project_tables[0][0])

    listed = [row for _, rows in project_tables for row in rows[1:] if row[0].isdigit()]
    assert [int(row[0]) for row in listed] == list(range(1, 61))
    total_row = next(row for _, rows in project_tables for row in rows if row[1].startswith("合计"))
    expected_total = sum(Figure_to_wan(p["total_investment"]) for p in projects)
    expected_annual = sum(Figure_to_wan(p["annual_investment"]) for p in projects)
    assert Decimal(total_row[3]) == expected_total
    assert Decimal(total_row[4]) == expected_annual
    subtotals = [row for _, rows in project_tables for row in rows if "小计" in row[1]]
    assert len(subtotals) == 2
    assert sum(Decimal(row[3]) for row in subtotals) == expected_total


def Figure_to_wan(text: str) -> Decimal:
    if text.endswith("亿元"):
        return Decimal(text[:-2]) * 10000
    return Decimal(text[:-2])


# escaping, glyphs and failures ------------------------------------------------------------------------


def test_failed_build_leaves_the_existing_pdf_untouched(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="私用区\U0010fffd")})
    output = tmp_path / "out" / "packet.pdf"
    output.parent.mkdir()
    output.write_bytes(b"%PDF-1.4 the old packet")
    assert main(["build", str(root), "-o", str(output)]) == 1
    assert output.read_bytes() == b"%PDF-1.4 the old packet"
    assert sorted(p.name for p in output.parent.iterdir()) == ["packet.pdf"]
    assert "Traceback" not in capsys.readouterr().err


def test_a_linked_output_keeps_its_link_and_a_pipe_is_written_through(tmp_path):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    target = tmp_path / "shared" / "packet.pdf"
    target.parent.mkdir()
    link = tmp_path / "latest.pdf"
    link.symlink_to(target)
    assert main(["build", str(root), "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert main(["build", str(root), "-o", str(pipe)]) == 0
    reader.join(timeout=30)
    assert received == [target.read_bytes()], "a pipe gets the PDF itself, not replaced by a file"
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_build_writes_the_pdf_and_reports_pages(tmp_path, capsys):
    output = tmp_path / "sample.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"%PDF-")
    assert "页" in capsys.readouterr().out


# layouts -----------------------------------------------------------------------------------------------
def test_a_user_layout_made_by_copying_files_needs_no_code(tmp_path):
    layout = tmp_path / "my-layouts" / "office"
    shutil.copytree(LAYOUTS / "gbt9704", layout)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    text = text.replace("name: gbt9704", "name: office")
    text = (
        text.replace("top: 37mm", "top: 30mm")
        .replace("inner: 28mm", "inner: 20mm")
        .replace("outer: 26mm", "outer: 20mm")
    )
    text = text.replace("fangsong: FandolFang", "fangsong: BriefKai")
    (layout / "layout.yaml").write_text(text, encoding="utf-8")
    output = tmp_path / "office.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output), "--layout", str(layout)]) == 0
    pdf = Pdf(output.read_bytes())
    left, top, width = 20 * MM, 30 * MM, A4[0] - 40 * MM
    page = body_pages(pdf)[0]
    body = [c for c in pdf.pages[page] if c.text.strip() and c not in pdf.page_number(page)[1]]
    assert min(c.x0 for c in body) >= left - MM and max(c.x1 for c in body) <= left + width + MM
    assert abs(min(c.top for c in body) - top) < 12
    assert any("BriefKai" in c.font for c in body if abs(c.size - 16) < 0.1)


def test_layouts_command_lists_both_shipped_layouts(capsys):
    assert main(["layouts"]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert {"gbt9704", "briefing"} <= set(names)


def test_sample_validates_before_rendering():
    packet = load_and_validate(SAMPLE)
    assert packet.layout == "gbt9704"


def test_output_folder_is_created_and_path_is_reported(tmp_path, capsys):
    output: Path = tmp_path / "nested" / "dir" / "x.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output)]) == 0
    assert output.is_file()


def test_a_cell_taller_than_a_page_is_split_across_pages(tmp_path):
    status = "".join(f"第{n}阶段完成征地拆迁、管网迁改和主体工程建设。" for n in range(1, 90))
    projects = [
        {"name": "甲项目", "kind": "新建", "total_investment": "1亿元"},
        {"name": "超长说明项目", "kind": "续建", "status": status},
        {"name": "乙项目", "kind": "续建", "total_investment": "2000万元"},
    ]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", projects)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    found = tables(rendered.pdf)
    status_parts = [
        (page, row[5]) for page, rows in found for row in rows if len(row) > 5 and "阶段" in row[5]
    ]
    pages = sorted({page for page, _ in status_parts})
    # The status column is sized from its content now (wider than the old 3* share), so fewer pages.
    assert len(pages) >= 3, "a 90-sentence cell runs over several pages"
    assert squash("".join(text for _, text in status_parts)) == squash(status), (
        "every line printed once, in order"
    )
    for page in pages[1:]:
        assert re.search(r"续表\d+", pdf.text(page))
        assert any(rows[0][1] == "项目名称" for p, rows in found if p == page), "the header is repeated"
