"""Benchmark: how well tables use the page, read back from the built PDF.

For the sample, the 10x packet (bench/build.py make_tenfold) and a packet of 18 tall project rows, in each
layout: pages, pages holding a table, and every page before a section's last page that is less than 75 %
full (the lowest ink on the page against the 版心's height), with the ones a table caused (the page holds
a table or the next page starts with one, its 续表 or its note). Usage: python bench/tables.py
[--layouts gbt9704,briefing] [--keep DIR] (to look at the PDFs). Run it on another checkout with
PYTHONPATH=that/checkout python bench/tables.py.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, make_tenfold

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


def build(packet: Path, layout: str) -> tuple[bytes, float, float]:
    """The PDF and its layout's 版心 top and bottom, measured from the page top."""
    staged = run_stages(packet, Options(layout=layout), (), lambda staged: staged)
    page = staged.plan.layout.page
    return staged.rendered.pdf, page.top, page.height - page.bottom


def measure(data: bytes, top: float, bottom: float) -> dict[str, object]:
    """Fill of every page, section starts (level-0 bookmarks) and which pages tables reach."""
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
    }


def report(label: str, layout: str, result: dict[str, object]) -> None:
    under = result["under"]
    assert isinstance(under, list)
    by_table = [u for u in under if u[2]]
    listed = ", ".join(f"p{page} {fill:.0%}" for page, fill, table in by_table) or "none"
    print(
        f"{label:>6} {layout:<9} {result['pages']:>4} pages, {result['table_pages']:>3} with tables, "
        f"mean fill {result['mean_fill']:.0%}; under {FULL:.0%} before a section's end: {len(under)}, "
        f"by a table: {len(by_table)} ({listed if len(by_table) <= 12 else str(len(by_table)) + ' pages'})"
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
        }
        for layout in args.layouts.split(","):
            for label, packet in packets.items():
                data, top, bottom = build(packet, layout)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"{label}-{layout}.pdf").write_bytes(data)
                report(label, layout, measure(data, top, bottom))


if __name__ == "__main__":
    main()
