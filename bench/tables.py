"""Benchmark: how well tables use the page, read back from the built PDF.

For the sample, the 10x packet (bench/build.py make_tenfold), a packet of 18 tall project rows and a packet
of generated report-like text (bench/texture.py make_generated), in each layout: pages, pages holding a
table, every page before a section's last page that is less than 75 % full (the lowest ink on the page
against the 版心's height), with the ones a table caused (the page holds a table or the next page starts
with one, its 续表 or its note); body paragraphs' single lines left at a page foot or carried to a page head
(widows and orphans), and, in a layout with a line grid, body lines under a table off that grid. Usage: python bench/tables.py
[--layouts gbt9704,briefing] [--keep DIR] (to look at the PDFs). Run it on another checkout with
PYTHONPATH=that/checkout python bench/tables.py.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, make_tenfold
from texture import make_generated

from briefing.pipeline import Options, run_stages

FULL = 0.75
TABLE_START = re.compile(r"^(续表\d+|表\d+（续）|表\d+|注：)")


def make_tall(target: Path, rows: int = 18) -> Path:
    """One area whose projects have long names, long progress texts and long notes: rows many lines tall."""
    (target / "areas").mkdir(parents=True)
    (target / "packet.yaml").write_text(
        "title: 重点项目汇报材料\nmeeting: 测试会议\nissuer: 测试区人民政府办公室\n"
        "date: 2023-01-10\nyear: 2023\nlayout: gbt9704\n",
        encoding="utf-8",
    )
    lines = ["title: 重点项目建设", "lead_unit: 区发展和改革局", "summary: |", "  本年安排重点项目如下。"]
    lines.append("projects:")
    for number in range(1, rows + 1):
        size = 3 + number % 3
        lines += [
            f"  - name: 第{number}号" + "高铁生态新城配套基础设施及公共服务" * (1 + number % 2) + "建设项目",
            f"    kind: {'新建' if number % 3 == 0 else '续建'}",
            f"    total_investment: {number * 1000 + 500}万元",
            f"    annual_investment: {number * 100 + 50.5}万元",
            "    status: " + "完成征地拆迁和管网迁改，推进主体工程建设，力争年内竣工投入使用；" * size,
            "    note: " + "报告只写加快推进，推定已在建设，计为续建，金额照录报告原文。" * size,
        ]
    (target / "areas" / "01-项目.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def build(packet: Path, layout: str) -> tuple[bytes, float, float, float]:
    """The PDF, its layout's 版心 top and bottom, measured from the page top, and its grid's pitch (0: none)."""
    staged = run_stages(packet, Options(layout=layout), (), lambda staged: staged)
    spec = staged.plan.layout
    page = spec.page
    pitch = page.frame_height / spec.grid[1] if spec.grid else 0.0
    return staged.rendered.pdf, page.top, page.height - page.bottom, pitch


Line = tuple[float, float, str]  # bottom, left, font of a line of body text


def body_lines(pdf: pdfplumber.PDF) -> list[list[Line]]:
    """Each page's lines of body text (the document's commonest size and face), top to bottom."""
    sizes = Counter(round(c["size"], 2) for page in pdf.pages for c in page.chars)
    size = sizes.most_common(1)[0][0] if sizes else 0.0
    pages = []
    for page in pdf.pages:
        rows: dict[float, list[dict]] = {}
        for char in page.chars:
            if round(char["size"], 2) == size:
                rows.setdefault(round(char["bottom"], 1), []).append(char)
        pages.append(
            [(bottom, min(c["x0"] for c in row), row[0]["fontname"]) for bottom, row in sorted(rows.items())]
        )
    faces = Counter(line[2] for lines in pages for line in lines)
    face = faces.most_common(1)[0][0] if faces else ""
    return [[(b, x, f if f == face else "") for b, x, f in lines] for lines in pages]


def widows_and_orphans(pages: list[list[Line]]) -> int:
    """Paragraphs that leave one line at a page foot or carry one line to the next page's head (a
    paragraph's first line is indented; a heading is in another face)."""

    def indented(line: Line, lines: list[Line]) -> bool:
        return line[1] > min(other[1] for other in lines if other[2]) + 1

    count = 0
    for here, there in pairwise(pages[2:]):  # after the cover and the contents
        if not here or not there or not here[-1][2] or not there[0][2] or indented(there[0], there):
            continue  # no body text runs over from this page to the next
        count += indented(here[-1], here)  # a first line at the foot: an orphan
        count += len(there) == 1 or not there[1][2] or indented(there[1], there)  # a last line at the head
    return count


def off_grid(pdf: pdfplumber.PDF, pages: list[list[Line]], pitch: float) -> int:
    """Body lines under a table that are off the grid the first full page's lines stand on."""
    first = next((lines[0][0] for lines in pages[2:] if lines), None)
    if not pitch or first is None:
        return 0
    count = 0
    for page, lines in zip(pdf.pages, pages, strict=True):
        tables = [table.bbox[3] for table in page.find_tables()]
        for bottom, _, _ in lines:
            steps = (bottom - first) / pitch
            count += bool(tables) and bottom > min(tables) and abs(steps - round(steps)) * pitch > 0.3
    return count


def measure(data: bytes, top: float, bottom: float, pitch: float) -> dict[str, object]:
    """Fill of every page, section starts (level-0 bookmarks), which pages tables reach, widows and
    orphans, and lines off the grid under tables."""
    height = bottom - top
    fills: list[float] = []
    firsts: list[str] = []
    has_table: list[bool] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            inside = [c for c in page.chars if c["bottom"] <= bottom + 1]
            ink = [c["bottom"] for c in inside] + [
                r["bottom"] for r in page.rects + page.lines if r["bottom"] <= bottom + 2
            ]
            fills.append((max(ink) - top) / height if ink else 0.0)
            text = page.extract_text() or ""
            firsts.append(text.strip().split("\n", 1)[0] if text.strip() else "")
            has_table.append(bool(page.rects or page.lines))
        starts = {0}
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        for item in reader.outline:
            if not isinstance(item, list):
                starts.add(reader.get_destination_page_number(item))
        lines = body_lines(pdf)
        lone = widows_and_orphans(lines)
        astray = off_grid(pdf, lines, pitch)
    count = len(fills)
    under = []
    for index in range(count - 1):
        if index + 1 in starts or fills[index] >= FULL or fills[index] == 0.0:
            continue
        by_table = has_table[index] or bool(TABLE_START.match(firsts[index + 1]))
        under.append((index + 1, fills[index], by_table))
    return {
        "pages": count,
        "table_pages": sum(has_table),
        "under": under,
        "mean_fill": sum(fills) / count,
        "lone": lone,
        "off_grid": astray,
    }


def report(label: str, layout: str, result: dict[str, object]) -> None:
    under = result["under"]
    assert isinstance(under, list)
    by_table = [u for u in under if u[2]]
    listed = ", ".join(f"p{page} {fill:.0%}" for page, fill, table in by_table) or "none"
    print(
        f"{label:>6} {layout:<9} {result['pages']:>4} pages, {result['table_pages']:>3} with tables, "
        f"mean fill {result['mean_fill']:.0%}; under {FULL:.0%} before a section's end: {len(under)}, "
        f"by a table: {len(by_table)} ({listed if len(by_table) <= 12 else str(len(by_table)) + ' pages'}); "
        f"widows and orphans: {result['lone']}; lines off the grid under a table: {result['off_grid']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--layouts", default="gbt9704,briefing")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        packets = {
            "x1": SAMPLE,
            "x10": make_tenfold(workdir / "tenfold"),
            "tall18": make_tall(workdir / "tall"),
            "text": make_generated(workdir / "generated"),
        }
        for layout in args.layouts.split(","):
            for label, packet in packets.items():
                data, top, bottom, pitch = build(packet, layout)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{label}-{layout}.pdf").write_bytes(data)
                report(label, layout, measure(data, top, bottom, pitch))


if __name__ == "__main__":
    main()
