"""The 修改对照表: `diff -o` as PDF and Word, and `build --changes-since`, read back as a reader sees them
(cell texts, lines drawn through and under characters, w:strike and w:u runs, contents and bookmarks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from diff.marks import docx_cells, docx_marked, margin_bars, pdf_marks, texts
from diff_packets import ADDED, DROPPED, SAMPLE, SENTENCE_NEW, SENTENCE_OLD, copy_sample, edit, edited_sample
from pdfcheck import Pdf, tables

from briefing.messages import render_message

SENTENCE_PREFIX = (
    "把招商引资作为稳增长、增后劲的关键举措，压实招商引资任务，领导带头“走出去、请进来”开展精准招商，"
    "聚焦优势产业、新兴产业和未来产业，开展专业招商、委托招商、资本招商，积极跟踪鑫海针织、佳诺服饰、"
    "海宁鸿翔等行业龙头，"
)
DROPPED_TEXT = (
    f"{DROPPED}：建设性质为续建；进展或年度目标为尽快落实东圣药业与国药物流、迦南科技合作事宜，力争投产；"
    "备注为2022年已实现主体封闭。"
)
ADDED_TEXT = f"{ADDED}：建设性质为新建；总投资为3.5亿元；年度计划投资为1亿元；进展或年度目标为年内开工"
HEADER = ["原文", "修改后", "说明"]
# The known edits, row by row, as the table shows them: 原文, 修改后, 说明.
KNOWN_ROWS = [
    ["固定资产投资：目标为增长8%", "固定资产投资：目标为增长9%", "修改指标：目标"],
    [SENTENCE_PREFIX + SENTENCE_OLD, SENTENCE_PREFIX + SENTENCE_NEW, "本年工作安排第4段：改写"],
    ["", ADDED_TEXT, "新增项目"],
    [DROPPED_TEXT, "", "删除项目"],
    [
        "新建 3 个；续建 14 个；总投资 10亿元；年度计划投资 —",
        "新建 4 个；续建 13 个；总投资 13.5亿元；年度计划投资 1亿元",
        "本领域合计",
    ],
    [
        "新建 15 个；续建 35 个；总投资 10.66亿元；年度计划投资 —",
        "新建 16 个；续建 34 个；总投资 14.16亿元；年度计划投资 1亿元",
        "整本材料合计",
    ],
]
# What is struck through (in 原文) and underlined (in 修改后), in reading order; a cell's marked text
# that runs over several lines comes as one piece a line.
STRUCK = ["8", "6", "15", DROPPED_TEXT, "3", "14", "10", "—", "15", "35", "10.66", "—"]
UNDERLINED = ["9", "8", "20", ADDED_TEXT, "4", "13", "13.5", "1亿元", "16", "34", "14.16", "1亿元"]


def _body_rows(data: bytes, first_page: int = 0) -> list[list[str]]:
    """The tables' rows (from `first_page` on) without their (repeated) header rows, spaces left out (a
    space where a line breaks is not printed); a row cut at a page foot is joined again (its rest, under
    the 续表, has no 说明 of its own)."""
    found: list[list[str]] = []
    for page, rows in tables(data):
        for row in rows if page >= first_page else ():
            cells = [cell.replace(" ", "") for cell in row]
            if row == HEADER:
                continue
            if found and not cells[-1] and len(cells) == len(found[-1]):
                found[-1] = [a + b for a, b in zip(found[-1], cells, strict=True)]
            else:
                found.append(cells)
    return found


def _squeezed(rows: list[list[str]]) -> list[list[str]]:
    return [[cell.replace(" ", "") for cell in row] for row in rows]


def _joined(pieces: list[str], expected: list[str]) -> list[str]:
    """Marked pieces with the ones a line break cut joined, so they compare with whole marked texts."""
    joined: list[str] = []
    wanted = iter(expected)
    target = next(wanted, None)
    for piece in pieces:
        if joined and target is not None and joined[-1] != target and target.startswith(joined[-1] + piece):
            joined[-1] += piece
        else:
            if joined and joined[-1] == target:
                target = next(wanted, None)
            joined.append(piece)
    return joined


def test_known_edits_as_pdf(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    output = tmp_path / "对照表.pdf"
    result = run_cli("diff", str(SAMPLE), str(new), "-o", str(output))
    assert result.status == 0, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    terminal = run_cli("diff", str(SAMPLE), str(new)).out.splitlines()
    assert lines[:-1] == terminal  # the summary as without -o, then what was written
    pdf = Pdf(output.read_bytes())
    assert lines[-1] == f"已生成修改对照表 {output}（{len(pdf.pages)} 页，{output.stat().st_size:,} 字节）"
    data = output.read_bytes()
    assert _body_rows(data) == _squeezed(
        KNOWN_ROWS
    )  # exactly the four edits and the totals they move, nothing else
    page_text = "".join(char.text for char in pdf.pages[0])
    assert page_text.startswith("修改对照表") and f"原稿：{SAMPLE}" in page_text
    assert pdf.outline() == [(0, "修改对照表", 0)]
    assert pdf.page_number(len(pdf.pages) - 1) is not None  # numbered from its first page
    marks = pdf_marks(data)
    assert _joined(texts(marks, "strike"), STRUCK) == STRUCK
    assert _joined(texts(marks, "underline"), UNDERLINED) == UNDERLINED
    for mark in marks:  # each line runs from the first character's left edge to the last one's right
        assert mark.left_gap < 0.5 and mark.right_gap < 0.5, mark


def test_known_edits_as_docx(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    output = tmp_path / "对照表.docx"
    result = run_cli("diff", str(SAMPLE), str(new), "-o", str(output), "--json")
    assert result.status == 0, result.err
    assert '"format": "briefing-diff/1"' in result.out  # JSON on standard output, untouched by -o
    assert result.err.startswith(f"已生成修改对照表 {output}（Word 文档，")
    rows = [row for row in docx_cells(output) if [cell[0][0] if cell else "" for cell in row] != HEADER]
    plain = [["".join(text for text, _ in cell) for cell in row] for row in rows]
    assert plain == KNOWN_ROWS
    assert docx_marked(output, "strike") == STRUCK
    assert docx_marked(output, "underline") == UNDERLINED
    target = rows[0]
    assert target[0] == [("固定资产投资：目标为增长", ""), ("8", "strike"), ("%", "")]
    assert target[1] == [("固定资产投资：目标为增长", ""), ("9", "underline"), ("%", "")]
    assert target[2] == [("修改指标：目标", "")]


def test_marks_are_lines_in_the_text_colour_in_each_layout(tmp_path: Path) -> None:
    """Grayscale: the marks are lines (through the middle, under the foot), drawn in the text's colour."""
    import pdfplumber

    new = edited_sample(tmp_path / "new")
    for layout in ("gbt9704", "briefing"):
        output = tmp_path / f"{layout}.pdf"
        result = run_cli("diff", str(SAMPLE), str(new), "-o", str(output), "--layout", layout)
        assert result.status == 0, result.err
        data = output.read_bytes()
        assert _body_rows(data) == _squeezed(KNOWN_ROWS)
        marks = pdf_marks(data)
        assert _joined(texts(marks, "strike"), STRUCK) == STRUCK, layout
        assert _joined(texts(marks, "underline"), UNDERLINED) == UNDERLINED, layout
        with pdfplumber.open(output) as pdf:
            page = pdf.pages[marks[0].page]
            struck = [line for line in page.lines if abs(line["top"] - marks[0].top) < 0.01]
            under = [
                c
                for c in page.chars
                if struck[0]["x0"] < (c["x0"] + c["x1"]) / 2 < struck[0]["x1"]
                and c["top"] < marks[0].top < c["bottom"]
            ]
            assert [c["text"] for c in under] == ["8"]
            assert all(line["stroking_color"] == under[0]["non_stroking_color"] for line in struck)


def test_a_sentence_longer_than_a_page_is_struck_on_both_pages(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    new = copy_sample(tmp_path / "new")
    long = "这是一句很长的删去的话，" * 150 + "完。"
    path = old / "areas" / "01-扩大内需.yaml"
    edit(path, SENTENCE_OLD, SENTENCE_OLD + long)
    output = tmp_path / "对照表.pdf"
    result = run_cli("diff", str(old), str(new), "-o", str(output))
    assert result.status == 0, result.err
    pdf = Pdf(output.read_bytes())
    assert len(pdf.pages) >= 2
    marks = pdf_marks(output.read_bytes())
    struck = [mark for mark in marks if mark.kind == "strike"]
    pages = sorted({mark.page for mark in struck})
    assert len(pages) >= 2 and pages == list(range(pages[0], pages[-1] + 1))
    assert "".join(mark.text for mark in struck) == long  # every character, each line's part of it
    assert not [mark for mark in marks if mark.kind == "underline"]
    for page in pages[1:]:
        text = "".join(char.text for char in pdf.pages[page])
        assert text.startswith("续表1原文修改后说明")  # the 续表 caption and the header again


def test_build_appends_the_table_with_contents_entry_and_bookmark(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    output = tmp_path / "材料.pdf"
    plain = tmp_path / "plain.pdf"
    assert run_cli("build", str(new), "-o", str(plain)).status == 0
    result = run_cli("build", str(new), "-o", str(output), "--changes-since", str(SAMPLE))
    assert result.status == 0, result.err
    pdf, before = Pdf(output.read_bytes()), Pdf(plain.read_bytes())
    assert len(pdf.pages) > len(before.pages)
    outline = pdf.outline()
    assert outline[: len(before.outline())] == before.outline()  # the packet as it was
    level, title, page = outline[len(before.outline())]
    assert (level, title) == (0, "修改对照表")
    assert page == len(before.pages)  # after the last page of the packet (its grand total)
    contents = "".join(char.text for char in pdf.pages[1])
    printed = pdf.page_number(page)
    assert printed is not None and f"修改对照表{printed[0]}" in contents.replace(".", "").replace("…", "")
    assert _body_rows(output.read_bytes(), page) == _squeezed(KNOWN_ROWS)
    marks = [mark for mark in pdf_marks(output.read_bytes()) if mark.page >= page]
    assert _joined(texts(marks, "strike"), STRUCK) == STRUCK


def test_build_docx_appends_the_table(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    output = tmp_path / "材料.docx"
    result = run_cli("build", str(new), "-o", str(output), "--changes-since", str(SAMPLE))
    assert result.status == 0, result.err
    assert docx_marked(output, "strike") == STRUCK
    assert docx_marked(output, "underline") == UNDERLINED


def test_no_changes(tmp_path: Path) -> None:
    output = tmp_path / "对照表.pdf"
    result = run_cli("diff", str(SAMPLE), str(SAMPLE), "-o", str(output))
    assert result.status == 0, result.err
    text = "".join(char.text for char in Pdf(output.read_bytes()).pages[0])
    assert "两份材料内容相同，没有改动。" in text
    assert tables(output.read_bytes()) == []


# hostile and wrong input ---------------------------------------------------------------------------------
def test_output_must_not_be_an_input(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    old = copy_sample(tmp_path / "old")
    packet_yaml = (old / "packet.yaml").read_bytes()
    area = old / "areas" / "01-扩大内需.yaml"
    area_bytes = area.read_bytes()
    link = tmp_path / "对照表.pdf"
    link.symlink_to(area)
    result = run_cli("diff", str(old), str(new), "-o", str(link))
    assert result.status == 2
    assert f"-o 会把输出写到 {link}，而它就是本次要读取的所比较的材料中的文件（{area}）" in result.err
    assert area.read_bytes() == area_bytes
    os.unlink(link)
    link.symlink_to(old / "packet.yaml")
    built = run_cli("build", str(new), "-o", str(link), "--changes-since", str(old))
    assert built.status == 2
    assert "所比较的材料中的文件" in built.err
    assert (old / "packet.yaml").read_bytes() == packet_yaml
    for name in ("对照表.txt", "对照表"):
        wrong = run_cli("diff", str(old), str(new), "-o", str(tmp_path / name))
        assert wrong.status == 2
        assert "修改对照表写成 PDF 或 Word 文件" in wrong.err
    assert run_cli("diff", str(old), str(new), "--layout", "gbt9704").status == 2


def test_a_glyph_missing_from_a_changed_text_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    new = edited_sample(tmp_path / "new")
    edit(old / "areas" / "01-扩大内需.yaml", SENTENCE_OLD, SENTENCE_OLD.replace("超亿元", "超𪚥亿元"))
    output = tmp_path / "对照表.pdf"
    output.write_bytes(b"the old table")
    result = run_cli("diff", str(old), str(new), "-o", str(output))
    assert result.status == 1
    glyph = render_message(
        "glyph.missing", {"chars": "𪚥", "codes": "U+2A6A5", "font": ("FandolFang", "NotoSerif")}, "zh"
    )
    [line, tally] = result.err.splitlines()
    assert line.startswith(f"{old}/areas/01-扩大内需.yaml:") and line.endswith(f": summary[4]: {glyph}")
    assert tally == "共 1 个问题，未生成任何文件。"
    assert output.read_bytes() == b"the old table"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    built = run_cli("build", str(new), "-o", str(tmp_path / "x.pdf"), "--changes-since", str(old))
    assert built.status == 1
    assert built.err.splitlines()[0].startswith(f"{old}/areas/01-扩大内需.yaml:")
    assert not (tmp_path / "x.pdf").exists()


def test_an_old_packet_that_does_not_validate_is_located_under_its_name(tmp_path: Path) -> None:
    old = copy_sample(tmp_path / "old")
    edit(old / "areas" / "03-营商环境.yaml", "  - name: 新增市场主体", "  - nme: 新增市场主体")
    output = tmp_path / "x.pdf"
    result = run_cli("build", str(SAMPLE), "-o", str(output), "--changes-since", str(old))
    assert result.status == 1
    assert (
        result.err.splitlines()[0]
        == f"{old}/areas/03-营商环境.yaml:41:5: targets[3].nme: 未知字段“nme”；是不是“name”？"
    )
    assert not output.exists()
    missing = run_cli("build", str(SAMPLE), "-o", str(output), "--changes-since", str(tmp_path / "nowhere"))
    assert missing.status == 2
    assert "材料目录“" in missing.err


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_changes_since_a_git_revision(tmp_path: Path) -> None:
    from test_diff_git import git

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    copy_sample(root / "x")
    git(root, "add", ".")
    git(root, "commit", "-qm", "sample")
    folder = root / "x"
    for path in (folder / "areas").glob("*.yaml"):
        path.unlink()
    import shutil

    shutil.rmtree(folder)
    edited_sample(folder)
    output = tmp_path / "材料.pdf"
    result = run_cli("build", str(folder), "-o", str(output), "--changes-since", f"{folder}@HEAD")
    assert result.status == 0, result.err
    assert _body_rows(output.read_bytes())[-len(KNOWN_ROWS) :] == _squeezed(KNOWN_ROWS)
    gone = run_cli("build", str(folder), "-o", str(output), "--changes-since", f"{folder}@no-such-tag")
    assert gone.status == 1
    assert gone.err.splitlines()[0].startswith(f"{folder}@no-such-tag: git 仓库中没有修订版本“no-such-tag”")
    elsewhere = tmp_path / "elsewhere"
    copy_sample(elsewhere)
    outside = run_cli("build", str(folder), "-o", str(output), "--changes-since", f"{elsewhere}@HEAD")
    assert outside.status == 1
    assert outside.err.splitlines()[0].startswith(f"{elsewhere}@HEAD: ")


def test_build_marks_changes_in_the_margin(tmp_path: Path) -> None:
    new = edited_sample(tmp_path / "new")
    plain, marked, both = (tmp_path / f"{name}.pdf" for name in ("plain", "marked", "both"))
    assert run_cli("build", str(new), "-o", str(plain)).status == 0
    result = run_cli(
        "build", str(new), "-o", str(marked), "--changes-since", str(SAMPLE), "--changes-as", "margin"
    )
    assert result.status == 0, result.err
    assert margin_bars(plain.read_bytes()) == []
    assert len(Pdf(marked.read_bytes()).pages) == len(Pdf(plain.read_bytes()).pages)  # no table appended
    bars = margin_bars(marked.read_bytes())
    beside = [text for _, text in bars]
    # the rewritten paragraph (on one page or two), the changed target's row, the added project's row, the
    # sums of its area's project table and the note under them (one project more with a total investment),
    # and that area's row in the grand total; nothing else
    paragraph = [text for text in beside if "招商" in text or "资金增长20%" in text]
    assert (
        paragraph
        and "".join(paragraph).startswith("突出招商的支撑作用。")
        and paragraph[-1].endswith("资金增长20%。")
    )
    rows = [text for text in beside if text not in paragraph]
    assert rows[0].startswith("3固定资产投")  # the name column is sized from content: 固定资产投 / 资
    assert any(text.startswith(f"{ADDED[:4]}") or ADDED[:4] in text for text in rows)
    assert [text[:6] for text in rows[2:6]] == ["新建项目小计", "续建项目小计", "合计（17个", "注：15个项"]
    assert rows[-1].startswith("2着力推动升级")
    assert len(rows) == 7
    for unchanged in ("突出消费的基础作用", "地区生产总值", DROPPED):
        assert not [text for text in beside if unchanged in text]
    result = run_cli(
        "build", str(new), "-o", str(both), "--changes-since", str(SAMPLE), "--changes-as", "both"
    )
    assert result.status == 0, result.err
    assert margin_bars(both.read_bytes()) == bars  # the appended table has no bars of its own
    assert _body_rows(both.read_bytes())[-len(KNOWN_ROWS) :] == _squeezed(KNOWN_ROWS)
    word = run_cli(
        "build",
        str(new),
        "-o",
        str(tmp_path / "x.docx"),
        "--changes-since",
        str(SAMPLE),
        "--changes-as",
        "both",
    )
    assert word.status == 2 and "Word 文件没有这种标记" in word.err
    alone = run_cli("build", str(new), "-o", str(tmp_path / "x.pdf"), "--changes-as", "margin")
    assert (
        alone.status == 2 and "--changes-as 说明怎样标出改动，须与 --changes-since 原材料 同用" in alone.err
    )


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_changes_since_a_revision_git_cannot_read_in_time_or_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guards import hang_guard
    from test_diff_git import git

    import briefing.diff.sides as sides

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    folder = copy_sample(root / "x")
    git(root, "add", ".")
    git(root, "commit", "-qm", "sample")
    output = tmp_path / "材料.pdf"
    monkeypatch.setattr(sides, "MAX_AREA_FILES", 3)  # the sample has 8: as a history with a runaway folder
    many = run_cli("build", str(folder), "-o", str(output), "--changes-since", f"{folder}@HEAD")
    assert many.status == 1
    assert many.err.splitlines()[0] == (
        f"{folder}@HEAD: 修订版本 HEAD 中的“{folder}”过大（工作领域文件超过 3 个，或合计超过 64 MB）；请检查目录是否选对"
    )
    monkeypatch.setattr(sides, "MAX_AREA_FILES", 1000)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setattr(sides, "GIT_TIMEOUT", 0.5)
    with hang_guard(20, "a build reading from a git that never answers"):  # git's own sleep is 30 s
        slow = run_cli("build", str(folder), "-o", str(output), "--changes-since", f"{folder}@HEAD")
    assert slow.status == 1
    assert slow.err.splitlines()[0] == (
        f"{folder}@HEAD: git 在 0.5 秒内没有读完修订版本 HEAD；请检查仓库是否完好（git fsck），或改为比较两个目录"
    )
    assert not output.exists()
