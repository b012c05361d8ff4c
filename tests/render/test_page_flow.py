"""How text flows from page to page, read back from the PDF: text after a table back on the 22-line grid,
headings clear of the table above them, no widows or orphans, tables that fill the page, no watermark on
blank duplex backs, and areas that run on (`areas_break`)."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from packets import LAYOUTS, SAMPLE

from briefing.pipeline import Options, build_pdf

MM = 72 / 25.4
FRAME_TOP = 37 * MM  # gbt9704's 版心, from the page top
FRAME_BOTTOM = 841.89 - 35 * MM
PITCH = 225 * MM / 22  # 28.99 pt: 22 lines to the 版心
BODY_SIZE = 16.0  # 3号
AREA_START = re.compile(r"^([一二三四五六七八九十]+、|附：)")

Line = tuple[float, float, float, str, str]  # top, bottom, x0, font, text


def page_lines(page: pdfplumber.page.Page, size: float) -> list[Line]:
    """The page's lines of characters of one size, top to bottom."""
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        if abs(char["size"] - size) < 0.01:
            rows.setdefault(round(char["bottom"], 1), []).append(char)
    lines = []
    for bottom in sorted(rows):
        chars = sorted(rows[bottom], key=lambda c: c["x0"])
        text = "".join(c["text"] for c in chars)
        lines.append((min(c["top"] for c in chars), bottom, chars[0]["x0"], chars[0]["fontname"], text))
    return lines


def all_lines(data: bytes, size: float) -> list[list[Line]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page_lines(page, size) for page in pdf.pages]


def table_bottoms(data: bytes) -> list[list[float]]:
    """The foot of each ruled table on each page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[table.bbox[3] for table in page.find_tables()] for page in pdf.pages]


def fills(data: bytes) -> list[float]:
    """How far down the 版心 each page is filled, as a share of its height (page numbers left out)."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            bottoms = [c["bottom"] for c in page.chars if c["bottom"] < FRAME_BOTTOM + 5]
            bottoms += [e["bottom"] for e in page.edges if e["bottom"] < FRAME_BOTTOM + 5]
            found.append((max(bottoms, default=FRAME_TOP) - FRAME_TOP) / (FRAME_BOTTOM - FRAME_TOP))
    return found


def on_grid(bottom: float, first: float) -> bool:
    lines = (bottom - first) / PITCH
    return abs(lines - round(lines)) * PITCH < 0.3


@pytest.fixture(scope="module")
def gbt9704() -> bytes:
    return build_pdf(SAMPLE, "gbt9704")[1].pdf


@pytest.fixture(scope="module")
def briefing() -> bytes:
    return build_pdf(SAMPLE, "briefing")[1].pdf


# Point 14: back on the grid after a table ------------------------------------------------------------------
def test_text_after_a_table_returns_to_the_grid(gbt9704: bytes) -> None:
    pages = all_lines(gbt9704, BODY_SIZE)
    first = pages[2][0][1]  # the first line of the first text page stands on the grid's first line
    tables = table_bottoms(gbt9704)
    checked = 0
    for index, (lines, bottoms) in enumerate(zip(pages, tables, strict=True)):
        after = [line for line in lines if bottoms and line[0] > min(bottoms)]
        checked += len(after)
        off = [(line[1], line[4][:8]) for line in after if not on_grid(line[1], first)]
        assert not off, f"page {index + 1}: lines after a table off the 28.99 pt grid: {off}"
    assert checked >= 5  # the sample has headings and text after its tables


def test_a_heading_after_a_table_stands_clear_of_it(gbt9704: bytes) -> None:
    """As far from the table's rule as from a line of text above it: at least leading − size."""
    pages = all_lines(gbt9704, BODY_SIZE)
    body_font = Counter(line[3] for lines in pages for line in lines).most_common(1)[0][0]
    gaps = []
    for lines, bottoms in zip(pages, table_bottoms(gbt9704), strict=True):
        for bottom in bottoms:
            below = [line for line in lines if line[0] > bottom]
            if below and below[0][3] != body_font:  # a heading (黑体, 楷体) right under the table
                gaps.append((below[0][4], below[0][0] - bottom))
    assert len(gaps) >= 3
    for text, gap in gaps:
        assert gap >= PITCH - BODY_SIZE - 0.01, (text, gap)


def test_the_draft_watermark_is_not_printed_on_blank_backs() -> None:
    rendered = build_pdf(SAMPLE, options=Options(layout="gbt9704", duplex=True, draft="征求意见稿"))[1]
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        blank = [index for index, page in enumerate(pdf.pages) if not page.chars]
        assert len(blank) >= 2  # the sample's areas 2 and 4 … end on a recto
        for index in blank:
            page = pdf.pages[index]
            assert not page.curves and not page.rects and not page.lines, f"page {index + 1} is not blank"
        printed = next(page for page in pdf.pages if page.chars)
        assert printed.curves  # the watermark's outlines are there on printed pages


# Point 16: widows and orphans --------------------------------------------------------------------------------
def widows_and_orphans(pages: list[list[Line]], size: float) -> list[tuple[str, int, str]]:
    """A paragraph's first line alone at a page foot (orphan) or its last line alone at the next page's
    head (widow). A paragraph's first line is indented two characters; a heading is in another face."""
    body_font = Counter(line[3] for lines in pages for line in lines).most_common(1)[0][0]
    found = []
    for number, (here, there) in enumerate(pairwise(pages[1:]), start=2):
        body_here = [line for line in here if line[3] == body_font]
        body_there = [line for line in there if line[3] == body_font]
        if not body_here or not body_there or here[-1][3] != body_font or there[0][3] != body_font:
            continue

        def indented(line: Line, body: list[Line]) -> bool:
            return line[2] > min(other[2] for other in body) + size  # each page its own left edge

        if indented(there[0], body_there):
            continue  # the next page starts a paragraph: nothing runs over
        if indented(here[-1], body_here):
            found.append(("orphan", number, here[-1][4]))
        if len(there) == 1 or indented(there[1], body_there) or there[1][3] != body_font:
            found.append(("widow", number + 1, there[0][4]))
    return found


@pytest.mark.parametrize(("layout", "size"), [("gbt9704", 16.0), ("briefing", 12.0)])
def test_no_paragraph_leaves_a_single_line_at_a_page_foot_or_head(
    layout: str, size: float, request: pytest.FixtureRequest
) -> None:
    data = request.getfixturevalue(layout)
    pages = all_lines(data, size)
    assert widows_and_orphans(pages, size) == []
    if layout == "gbt9704":  # the page may end a line short, never off the grid
        first = pages[2][0][1]
        for lines in pages[2:]:
            assert all(on_grid(line[1], first) for line in lines if line[1] < FRAME_BOTTOM)


# Point 5 / table defects: tables use the page ------------------------------------------------------------------
def test_no_page_before_a_sections_last_is_left_under_three_quarters_full_by_a_table(gbt9704: bytes) -> None:
    pages = all_lines(gbt9704, BODY_SIZE)
    with pdfplumber.open(io.BytesIO(gbt9704)) as pdf:
        starts = [AREA_START.match((page.extract_text() or "").strip()) is not None for page in pdf.pages]
        tabled = [bool(page.find_tables()) for page in pdf.pages]
    filled = fills(gbt9704)
    low = [
        (number + 1, round(filled[number] * 100, 1))
        for number in range(2, len(pages) - 1)
        if tabled[number] and not starts[number + 1] and filled[number] < 0.75
    ]
    assert low == []


# Point 16: areas that run on -----------------------------------------------------------------------------------
def run_on_layout(tmp_path: Path, how: str) -> Path:
    folder = tmp_path / f"run-on-{how}"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    yaml = folder / "layout.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "# areas_break: rule\n" in text  # documented in the shipped layout as a commented example
    yaml.write_text(text.replace("# areas_break: rule\n", f"areas_break: {how}\n"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["rule", "space"])
def test_areas_run_on_after_a_rule_or_a_space(tmp_path: Path, how: str, gbt9704: bytes) -> None:
    data = build_pdf(SAMPLE, str(run_on_layout(tmp_path, how)))[1].pdf
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        second = next(
            i for i, text in enumerate(texts) if "二、着力推动升级" in text and "目" not in text[:4]
        )
        assert "表2" in texts[second] or "续表2" in texts[second]  # area one's last table is on this page
        page = pdf.pages[second]
        heading = next(line for line in page_lines(page, BODY_SIZE) if line[4].startswith("二、"))
        rules = [e for e in page.horizontal_edges if e["x1"] - e["x0"] > 440 and e["top"] < heading[0]]
        tables = [t.bbox[3] for t in page.find_tables() if t.bbox[3] < heading[0]]
        above = max(tables)
        if how == "rule":
            rule = max(rules, key=lambda e: e["top"])
            assert above < rule["top"] < heading[0] - 6  # between the two areas, clear of both
        else:
            assert not [e for e in rules if e["top"] > above + 1]
        assert heading[0] - above >= PITCH  # at least a line between the areas
        first = page_lines(pdf.pages[2], BODY_SIZE)[0][1]
        assert on_grid(heading[1], first)
        assert len(pdf.pages) < len(pdfplumber.open(io.BytesIO(gbt9704)).pages)


def test_an_unknown_areas_break_is_reported_where_it_is_written(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    folder = run_on_layout(tmp_path, "sometimes")
    run = cli("build", str(SAMPLE), "--layout", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert run.status == 1
    line = next(
        number
        for number, text in enumerate((folder / "layout.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("areas_break:")
    )
    assert (
        f"layout.yaml:{line}:14: areas_break: 领域之间“sometimes”不是允许的值；应为：page、rule、space"
        in run.err
    )
    assert not (tmp_path / "out.pdf").exists()


def test_a_layout_of_one_line_a_page_still_builds(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # No widow or orphan rule can hold when a page has room for one line: the lines go one a page.
    folder = tmp_path / "one-line"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    yaml = folder / "layout.yaml"
    text = re.sub(r"(?m)^  lines: 22.*$", "  lines: 1", yaml.read_text(encoding="utf-8"))
    yaml.write_text(text, encoding="utf-8")
    packet = tmp_path / "packet"
    shutil.copytree(SAMPLE, packet)
    for area in sorted((packet / "areas").glob("*.yaml"))[1:]:
        area.unlink()
    packet_yaml = packet / "packet.yaml"
    packet_yaml.write_text(
        re.sub(r"(?ms)^(areas|declared):.*?(?=^\S|\Z)", "", packet_yaml.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    output = tmp_path / "out.pdf"
    run = cli("build", str(packet), "--layout", str(folder), "-o", str(output))
    assert run.status == 0, run.err
    with pdfplumber.open(output) as pdf:
        body = [page_lines(page, BODY_SIZE) for page in pdf.pages[2:12]]
    assert all(len(lines) <= 1 for lines in body)
    assert sum(len(lines) for lines in body) >= 8
