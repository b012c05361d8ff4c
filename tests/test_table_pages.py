"""Data tables as a reader sees them: columns as wide as their content, headers broken at natural points,
numbers flush right on their decimal points, pages filled, captions and notes kept with their rows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from packets import SAMPLE, area_yaml, write_packet

from briefing.pipeline import build_pdf

NUMBER = re.compile(r"^\d[\d,]*(\.\d+)?$")
FRAME_TOP, FRAME_BOTTOM = 37 * 72 / 25.4, 841.89 - 35 * 72 / 25.4  # gbt9704's 版心, from the page top


def project_tables(data: bytes, first_header: str = "序号") -> list[tuple[int, list, object]]:
    """(page index, the table's rows of cells, the pdfplumber table) for each ruled table."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            for table in page.find_tables():
                rows = table.extract()
                if rows and rows[0] and (rows[0][0] or "").startswith(first_header):
                    found.append((index, rows, table))
    return found


def cell_chars(data: bytes, page_index: int, bbox: tuple[float, float, float, float]) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[page_index]
        x0, top, x1, bottom = bbox
        return [
            c
            for c in page.chars
            if c["x0"] >= x0 - 0.5
            and c["x1"] <= x1 + 0.5
            and c["top"] >= top - 0.5
            and c["bottom"] <= bottom + 0.5
        ]


def column_boxes(table) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """x extents of the columns, from the cells of the table's header row."""
    return [(cell[0], cell[2]) for cell in table.rows[0].cells if cell is not None]


# 4 columns from content -------------------------------------------------------------------------------------
def test_columns_take_their_width_from_their_content(tmp_path: Path) -> None:
    note = "报告只写加快推进，推定已在建设，计为续建，金额照录报告原文。" * 2
    projects = [
        {"name": f"{n}号路", "kind": "续建", "total_investment": "1000万元", "status": "开工", "note": note}
        for n in range(1, 4)
    ]
    _, rendered = build_pdf(write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试", projects)}))
    _, rows, table = project_tables(rendered.pdf)[0]
    widths = [x1 - x0 for x0, x1 in column_boxes(table)]
    header = [(cell or "").replace("\n", "") for cell in rows[0]]
    name, status, remark = (
        widths[header.index("项目名称")],
        widths[header.index("2023年目标与进展")],
        widths[-1],
    )
    # The old shares gave 项目名称, 目标与进展 and 备注 a third each of what was left, whatever they held.
    assert remark > 2.5 * name and remark > 2 * status, widths
    assert name >= 4 * 12, "项目名称 stays on one line (four characters of 小四)"


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_headers_break_only_at_natural_points(layout: str) -> None:
    _, rendered = build_pdf(SAMPLE, layout)
    found = project_tables(rendered.pdf)
    assert found
    # Where it makes the table shorter, a header breaks between the words of a part too (计划|投资).
    allowed = {
        "2023年计划投资": (["2023年计划投资"], ["2023年", "计划投资"], ["2023年", "计划", "投资"]),
        "2023年目标与进展": (["2023年目标与进展"], ["2023年", "目标与进展"], ["2023年", "目标", "与进展"]),
        "年度目标与进展": (["年度目标与进展"], ["年度", "目标与进展"], ["年度", "目标", "与进展"]),
        "2022年完成": (["2022年完成"], ["2022年", "完成"]),
        "2023年目标": (["2023年目标"], ["2023年", "目标"]),
        "项目名称": (["项目名称"],),
        "工作领域": (["工作领域"],),
    }
    seen = set()
    for _, rows, _ in found:
        for cell in rows[0]:
            lines = (cell or "").split("\n")
            whole = "".join(lines)
            if whole in allowed:
                seen.add(whole)
                assert lines in [list(way) for way in allowed[whole]], lines
    assert {"2023年计划投资", "项目名称"} <= seen


# 6 numbers ----------------------------------------------------------------------------------------------------
def money_packet(tmp_path: Path, layout: str) -> bytes:
    amounts = [
        ("1500万元", "150.25万元"),
        ("12345万元", "12.5万元"),
        ("2.5亿元", "800万元"),
        ("88万元", "0.75万元"),
    ]
    projects = [
        {"name": f"第{n}号项目", "kind": "续建", "total_investment": total, "annual_investment": annual}
        for n, (total, annual) in enumerate(amounts, start=1)
    ]
    root = write_packet(tmp_path / layout, {"01-a.yaml": area_yaml("测试", projects)}, layout=layout)
    return build_pdf(root)[1].pdf


def number_cells(data: bytes, page: int, table, column: int) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    """The characters of each number in a column (the header row left out)."""
    found = []
    for row in table.rows[1:]:
        bbox = row.cells[column]
        if bbox is None:
            continue
        chars = sorted(cell_chars(data, page, bbox), key=lambda c: c["x0"])
        if chars and NUMBER.match("".join(c["text"] for c in chars)):
            found.append(chars)
    return found


def decimal_x(chars: list[dict]) -> float:
    """Where the decimal point is, or would be: an integer's right edge."""
    for char in chars:
        if char["text"] == ".":
            return float(char["x0"])
    return float(chars[-1]["x1"])


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_money_columns_align_their_decimal_points(tmp_path: Path, layout: str) -> None:
    data = money_packet(tmp_path, layout)
    page, rows, table = project_tables(data)[0]
    header = [(cell or "").replace("\n", "") for cell in rows[0]]
    for label in ("总投资", "2023年计划投资"):
        numbers = number_cells(data, page, table, header.index(label))
        assert len(numbers) >= 4, label
        points = [decimal_x(chars) for chars in numbers]
        assert max(points) - min(points) < 0.3, (label, points)
        right = column_boxes(table)[header.index(label)][1]
        widest = max(numbers, key=lambda chars: len("".join(c["text"] for c in chars).partition(".")[2]))
        assert right - widest[-1]["x1"] < 6, "the longest fraction ends at the padding"


def test_target_values_are_flush_right_not_centred() -> None:
    _, rendered = build_pdf(SAMPLE, "gbt9704")
    found = project_tables(rendered.pdf)
    targets = [(page, table) for page, rows, table in found if "指标" in (rows[0][1] or "")]
    assert targets
    checked = 0
    for page, table in targets:
        for column in (3, 4):  # 2022年完成, 2023年目标
            numbers = number_cells(rendered.pdf, page, table, column)
            points = [decimal_x(chars) for chars in numbers]
            if len(points) >= 2:
                assert max(points) - min(points) < 0.3, points
                checked += 1
    assert checked >= 3


def test_digit_grouping_is_the_layouts_choice(tmp_path: Path) -> None:
    def texts(data: bytes) -> str:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "".join(page.extract_text() or "" for page in pdf.pages)

    assert "12,345" in texts(money_packet(tmp_path, "briefing"))
    plain = texts(money_packet(tmp_path, "gbt9704"))
    assert "12345" in plain and "12,345" not in plain, "公文 tables write numbers ungrouped"


# 5 pages ------------------------------------------------------------------------------------------------------
def tall_packet(target: Path, rows: int = 18) -> Path:
    """Projects with long names, progress texts and notes: rows a third to two thirds of a page tall."""
    projects = []
    for n in range(1, rows + 1):
        size = 3 + n % 3
        projects.append(
            {
                "name": f"第{n}号" + "高铁生态新城配套基础设施及公共服务" * (1 + n % 2) + "建设项目",
                "kind": "新建" if n % 3 == 0 else "续建",
                "total_investment": f"{n * 1000 + 500}万元",
                "annual_investment": f"{n * 100 + 50.5}万元",
                "status": "完成征地拆迁和管网迁改，推进主体工程建设，力争年内竣工投入使用；" * size,
                "note": "报告只写加快推进，推定已在建设，计为续建，金额照录报告原文。" * size,
            }
        )
    return write_packet(target, {"01-a.yaml": area_yaml("重点项目建设", projects)})


def test_tall_rows_are_split_so_that_every_page_is_three_quarters_full(tmp_path: Path) -> None:
    _, rendered = build_pdf(tall_packet(tmp_path / "p"))
    pages = sorted({page for page, rows, _ in project_tables(rendered.pdf) if rows[0][1] == "项目名称"})
    assert len(pages) >= 5
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        for index in pages[:-1]:
            page = pdf.pages[index]
            ink = [c["bottom"] for c in page.chars if c["bottom"] < FRAME_BOTTOM + 1]
            ink += [r["bottom"] for r in page.rects + page.lines if r["bottom"] < FRAME_BOTTOM + 2]
            fill = (max(ink) - FRAME_TOP) / (FRAME_BOTTOM - FRAME_TOP)
            assert fill >= 0.75, f"page {index + 1} is {fill:.0%} full"
        for index in pages[1:]:
            lines = (pdf.pages[index].extract_text() or "").split("\n")
            assert re.match(r"续表\d+", lines[0]), lines[0]
            assert lines[1].replace(" ", "").startswith("序号项目名称性质"), "the header is repeated"


def page_fills(data: bytes) -> list[float]:
    """How far down gbt9704's 版心 each page's lowest ink reaches (0 to 1)."""
    fills = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            ink = [c["bottom"] for c in page.chars if c["bottom"] < FRAME_BOTTOM + 1]
            ink += [r["bottom"] for r in page.rects + page.lines if r["bottom"] < FRAME_BOTTOM + 2]
            fills.append((max(ink) - FRAME_TOP) / (FRAME_BOTTOM - FRAME_TOP) if ink else 0.0)
    return fills


def test_a_table_under_a_seven_line_first_row_does_not_leave_a_page_half_empty(tmp_path: Path) -> None:
    # A summary of growing length pushes the project table down the page. Where its caption, header and
    # seven-line first row fit but the second row does not, the whole table used to move on, leaving the
    # page 63 % full: the tall row is no orphan, it stays and the rest goes on under 续表1.
    projects = [
        {
            "name": "万通药业药品上市许可持有人生产制造基地",
            "kind": "续建",
            "status": "支持基地建设",
            "note": "2022年万通药业已成为全市首个药品上市许可持有人生产制造基地示范企业，按已在推进计为续建。",
        }
    ]
    projects += [
        {
            "name": f"第{n}号化学药品制剂生产线",
            "kind": "续建",
            "status": "全面投产达效，力争新增产值1.5亿元",
            "note": "2022年已实现试生产。",
        }
        for n in range(2, 6)
    ]
    for repeats in range(12, 21):
        summary = "全面推进产业升级，加快重点项目建设，" * repeats
        root = write_packet(tmp_path / str(repeats), {"01-a.yaml": area_yaml("测试", projects, summary)})
        _, rendered = build_pdf(root)
        with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
            firsts = [(page.extract_text() or "").strip().split("\n")[0] for page in pdf.pages]
        appendix = next(i for i, first in enumerate(firsts) if first.startswith("附"))
        fills = page_fills(rendered.pdf)
        for index in range(2, appendix - 1):  # after the cover and contents, before the area's last page
            assert fills[index] >= 0.75, f"{repeats}: page {index + 1} is {fills[index]:.0%} full"


def test_split_rows_keep_every_line_once_in_order(tmp_path: Path) -> None:
    _, rendered = build_pdf(tall_packet(tmp_path / "p", rows=4))
    found = project_tables(rendered.pdf)
    listed = [
        row
        for _, rows, _ in found
        if rows[0][1] == "项目名称"
        for row in rows[1:]
        if not re.search("小计|合计", row[1] or "")  # a split row's rest has no 序号
    ]
    notes = "".join((row[-1] or "").replace("\n", "") for row in listed)
    expected = "".join(
        "报告只写加快推进，推定已在建设，计为续建，金额照录报告原文。" * (3 + n % 3) for n in range(1, 5)
    )
    assert notes == expected


def test_the_note_stays_on_the_page_of_the_last_row(tmp_path: Path) -> None:
    # With 47 one-line projects the old pager put the total at a page foot and the note on the next page.
    for count in range(45, 50):
        projects = [
            {"name": f"第{i}号项目", "kind": "续建", "annual_investment": f"{i}0万元"}
            for i in range(1, count + 1)
        ]
        root = write_packet(tmp_path / str(count), {"01-a.yaml": area_yaml("测试领域", projects)})
        _, rendered = build_pdf(root)
        with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        total = next(i for i, text in enumerate(texts) if f"合计（{count}个）" in text)
        note = next(i for i, text in enumerate(texts) if "注：" in text)
        assert note == total, f"{count} projects: note on page {note + 1}, total on {total + 1}"
        assert not any(text.split("\n")[0].startswith("金额的项目") for text in texts)


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_table_begins_with_its_caption_header_and_two_rows(tmp_path: Path, layout: str) -> None:
    # The 10x sample in both layouts: wherever a caption (表N) stands, its table has two rows on that page.
    from packets import SAMPLE as sample

    root = tmp_path / "ten"
    import shutil

    shutil.copytree(sample, root)
    for path in sorted((root / "areas").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for copy in range(2, 4):
            renamed = re.sub(r"^(\s+- name: .*)$", rf"\1（{copy}）", text, flags=re.M)
            renamed = re.sub(r"^(title: .*)$", rf"\1（{copy}）", renamed, count=1, flags=re.M)
            (path.parent / f"{path.stem}-{copy}.yaml").write_text(renamed, encoding="utf-8")
    packet_file = root / "packet.yaml"
    text = packet_file.read_text(encoding="utf-8")
    text = re.sub(r"^areas:.*?(?=^\S|\Z)", "areas: all\n", text, flags=re.M | re.S)
    packet_file.write_text(re.sub(r"^declared:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S), encoding="utf-8")
    _, rendered = build_pdf(root, layout)
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        for index, page in enumerate(pdf.pages):
            lines = (page.extract_text() or "").split("\n")
            if not any(re.match(r"表\d+\s", line) for line in lines):
                continue
            tables = page.find_tables()
            if not tables:
                continue  # the contents
            last = tables[-1].extract()
            if len(last) == 2:
                # One row under the caption only when it is a tall first row cut at the page foot (the
                # page is filled): at least two of its lines here, the rest under the 续表 on the next page.
                assert max((cell or "").count("\n") + 1 for cell in last[1]) >= 2, f"page {index + 1}"
                following = pdf.pages[index + 1]
                assert re.match(r"续表\d+|表\d+（续）", (following.extract_text() or "").strip())
                continued = following.find_tables()[0].extract()[1]
                # Or a whole row of four lines or more, where moving the table would leave more than a
                # quarter of the page empty (as many lines as two rows of two).
                tall = max((cell or "").count("\n") + 1 for cell in last[1]) >= 4
                assert tall or not continued[0], f"page {index + 2}: the cut row goes on (no 序号 of its own)"
            else:
                assert len(last) >= 3, f"page {index + 1}: a caption and header with {len(last) - 1} row"


# 7 empty columns and notes ------------------------------------------------------------------------------------
def test_columns_empty_in_every_row_are_dropped_where_the_layout_asks(tmp_path: Path) -> None:
    projects = [
        {"name": f"第{n}号项目", "kind": "续建", "total_investment": f"{n}000万元", "status": "开工"}
        for n in range(1, 4)
    ]
    headers = {}
    for layout in ("briefing", "gbt9704"):
        root = write_packet(tmp_path / layout, {"01-a.yaml": area_yaml("测试", projects)}, layout=layout)
        _, rows, _ = project_tables(build_pdf(root)[1].pdf)[0]
        headers[layout] = [(cell or "").replace("\n", "") for cell in rows[0]]
    # No project gives a period, a lead unit, an annual figure or a note: `briefing` leaves them out.
    assert headers["briefing"] == ["序号", "项目名称", "性质", "总投资", "年度目标与进展"]
    assert headers["gbt9704"][-1] == "备注" and "2023年计划投资" in headers["gbt9704"], "gbt9704 keeps them"


def test_the_briefing_layout_prints_project_notes() -> None:
    _, rendered = build_pdf(SAMPLE, "briefing")
    cells = {
        re.sub(r"\s", "", cell or "")
        for _, rows, _ in project_tables(rendered.pdf)
        if "备注" in rows[0]
        for row in rows[1:]
        for cell in row
    }
    assert "2022年已实现主体封闭。" in cells  # the note of 东圣OEM智能工厂 (areas/02)


def test_a_note_longer_than_a_page_goes_on_after_its_table(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # A hostile layout's note cannot stay on the page of the last row: it runs on by itself, whole.
    root = write_packet(
        tmp_path / "p",
        {"01-a.yaml": area_yaml("测试", [{"name": "甲项目", "kind": "续建", "status": "开工"}])},
        layout="mine",
    )
    import shutil

    from packets import LAYOUTS

    folder = root / "layouts" / "mine"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    text = (folder / "layout.yaml").read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(
        text.replace('partial: "注：', 'partial: "' + "注" * 3000 + "："), "utf-8"
    )
    output = tmp_path / "out.pdf"
    run = cli("build", str(root), "-o", str(output))
    assert run.status == 0, run.err
    with pdfplumber.open(output) as pdf:
        text = "".join(re.sub(r"\s", "", page.extract_text() or "") for page in pdf.pages)
    assert "注" * 3000 + "：" in re.sub(r"—\d+—", "", text) and len(pdf.pages) >= 6
    assert not re.search(r"（二）重点项目—\d+—", text), "the heading is not left alone on a page"


# A progress status is one word -----------------------------------------------------------------------------
STATUSES = ("已完成", "序时推进", "滞后", "未启动", "已终止")
MARKS = "●◎▲○×"


def test_a_progress_status_never_breaks_in_a_crowded_table(tmp_path: Path) -> None:
    # gbt9704's projects table with the progress columns has nine columns on 156 mm: every text
    # column wraps, but ●已完成 is one word and stands on one line.
    note = "报告只写加快推进，推定已在建设，计为续建，金额照录报告原文。"
    projects = [
        {
            "name": f"{n}号道路改造提升工程",
            "kind": "续建",
            "total_investment": "1000万元",
            "annual_investment": "500万元",
            "status": "开工建设",
            "note": note,
            "progress": f"{{as_of: 2023-09-30, value: 200万元, status: {STATUSES[n % 5]}}}",
        }
        for n in range(1, 11)
    ]
    _, rendered = build_pdf(write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试", projects)}))
    statuses = []
    for _, rows, _ in project_tables(rendered.pdf):
        header = [re.sub(r"\s", "", cell or "") for cell in rows[0]]
        if "进度" not in header:
            continue  # the grand total
        column = header.index("进度")
        statuses += [row[column] for row in rows[1:] if row[column] and row[column][0] in MARKS]
    assert len(statuses) == 10
    assert all("\n" not in status for status in statuses), statuses
    assert {status[1:] for status in statuses} == set(STATUSES)


# Crowded tables: widths moved to where they save most height ---------------------------------------------
HEADER_WORDS = re.compile(
    r"(?:序号|项目名称|性质|总投资|2023年|计划|投资|截至|9月底|完成|进度|目标|与进展|备注)+"
)
LONG_NAMES = (
    "东昌府区城区老旧小区改造提升及配套基础设施建设工程",
    "高铁生态新城综合管廊项目",
    "古城保护与更新二期工程",
    "凤凰工业园区标准化厂房及配套设施建设项目",
    "徒骇河生态治理工程",
    "第二人民医院新院区建设项目",
)


def crowded_packet(target: Path, notes: tuple[str, ...], status: str) -> Path:
    """gbt9704's projects table with its progress columns: nine columns on 156 mm."""
    projects = [
        {
            "name": name,
            "kind": "续建" if n % 2 else "新建",
            "total_investment": f"{(n + 1) * 12345}万元",
            "annual_investment": f"{(n + 1) * 2345}万元",
            "status": status * (1 + n % 2),
            "note": notes[n % len(notes)],
            "progress": f"{{as_of: 2023-09-30, value: {(n + 1) * 1500}万元, status: {STATUSES[n % 5]}}}",
        }
        for n, name in enumerate(LONG_NAMES)
    ]
    return write_packet(target, {"01-a.yaml": area_yaml("测试", projects)})


def crowded_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header's lines per column and the listed rows' cells of the projects table, on all its pages."""
    header: list[str] = []
    rows: list[list[str]] = []
    for _, found, _ in project_tables(data):
        if "进度" not in [re.sub(r"\s", "", cell or "") for cell in found[0]]:
            continue
        header = [cell or "" for cell in found[0]]
        rows += [[cell or "" for cell in row] for row in found[1:] if row[0] and row[0].isdigit()]
    return header, rows


def test_a_crowded_table_gives_no_column_of_text_less_than_four_characters_a_line(tmp_path: Path) -> None:
    # Long notes: fitted from their content alone, the columns left 备注 two characters a line (a
    # tower of twenty lines) while 截至9月底完成投资 kept the width of its header for four-digit sums.
    note = "报告只写加快推进，推定已在建设。"
    data = build_pdf(crowded_packet(tmp_path / "p", (note, note * 2), "完成主体工程建设，力争年内投入使用"))[
        1
    ].pdf
    header, rows = crowded_rows(data)
    assert len(rows) == len(LONG_NAMES)
    for column in (1, 7, 8):  # 项目名称, 2023年目标与进展, 备注
        widest = max(len(line) for row in rows for line in row[column].split("\n"))
        assert widest >= 4, f"{header[column]!r}: {widest} characters a line"
    for cell in header:
        for line in cell.split("\n"):
            assert HEADER_WORDS.fullmatch(line), f"{cell!r} broken inside a word"


def test_a_crowded_table_widens_its_project_names_from_the_number_columns_slack(tmp_path: Path) -> None:
    # Long names, short notes: 项目名称 stood four characters wide (six lines for the longest name) while
    # 截至9月底完成投资 held four-digit sums in five characters' width. Its header breaks between words
    # (截至|9月底|完成|投资) and the names get the width.
    data = build_pdf(crowded_packet(tmp_path / "p", ("按已在推进计为续建。", "—"), "力争年内投入使用"))[1].pdf
    header, rows = crowded_rows(data)
    names = [row[1].split("\n") for row in rows]
    assert max(len(line) for lines in names for line in lines) >= 5, names
    assert max(len(lines) for lines in names) <= 5, names
    statuses = [row[header.index("进度")] for row in rows] if "进度" in header else []
    assert all("\n" not in status for status in statuses), statuses
    for cell in header:
        for line in cell.split("\n"):
            assert HEADER_WORDS.fullmatch(line), f"{cell!r} broken inside a word"
