"""Benchmark: briefing.linebreak against ReportLab's Paragraph(wordWrap='CJK') on the seed report."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from briefing.linebreak import Measure, Style, break_paragraph

REPO = Path(__file__).resolve().parent.parent
FANG = "BenchFandolFang"
FALLBACK = "BenchFangFallback"
SIZE = 16.0
WIDTH = 442.20
TRACKING = (WIDTH - 28 * SIZE) / 27


def register_fonts() -> TTFont:
    main = TTFont(FANG, str(REPO / "fonts" / "FandolFang-Regular.subset.ttf"))
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(TTFont(FALLBACK, str(REPO / "fonts" / "NotoSerifCJKsc-Regular.subset.ttf")))
    return main


def make_measure(size: float) -> Measure:
    """A per-(char, font) width cache, as the renderer's FontRegistry keeps one.

    "warm" runs reuse one across runs; "cold" runs start each from an empty one. ReportLab reads its widths
    from the font's own table either way.
    """
    widths: dict[tuple[str, str], float] = {}

    def measure(char: str, font: str) -> float:
        width = widths.get((char, font))
        if width is None:
            width = widths[char, font] = pdfmetrics.stringWidth(char, font, size)
        return width

    return measure


def runs(text: str, covered: dict[int, int]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for char in text:
        font = FANG if ord(char) in covered else FALLBACK
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + char, font)
        else:
            out.append((char, font))
    return out


def timed(jobs: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Run the jobs round-robin, so that load from other processes falls on all of them alike."""
    for job in jobs.values():
        job()  # warm caches and imports before the clock starts
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", type=Path, default=REPO / "tests" / "data" / "report.txt")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    covered = register_fonts().face.charToGlyph
    paragraphs = [p for p in args.text.read_text(encoding="utf-8").split("\n") if p.strip()]
    spans = [runs(p, covered) for p in paragraphs]
    measure = make_measure(SIZE)
    ours_style = Style(width=WIDTH, size=SIZE, first_indent=2 * SIZE + 2 * TRACKING, tracking=TRACKING)
    rl_style = ParagraphStyle(
        "body", fontName=FANG, fontSize=SIZE, leading=29, wordWrap="CJK", firstLineIndent=2 * SIZE
    )
    marked_up = [escape(p) for p in paragraphs]
    built = [Paragraph(p, rl_style) for p in marked_up]

    def ours() -> int:
        return sum(len(break_paragraph(s, ours_style, measure)) for s in spans)

    def ours_cold() -> int:
        cold = make_measure(SIZE)
        return sum(len(break_paragraph(s, ours_style, cold)) for s in spans)

    every_option = Style(
        width=WIDTH,
        size=SIZE,
        first_indent=2 * SIZE + 2 * TRACKING,
        tracking=TRACKING,
        compress_punct=True,
        cjk_latin_space=True,
        hang_punct=True,
    )

    def ours_every_option() -> int:
        return sum(len(break_paragraph(s, every_option, measure)) for s in spans)

    def reportlab_parse_and_wrap() -> int:
        total = 0
        for text in marked_up:
            para = Paragraph(text, rl_style)
            para.wrap(WIDTH, 1e9)
            total += len(para.blPara.lines)
        return total

    def reportlab_wrap() -> int:
        total = 0
        for para in built:
            para.wrap(WIDTH, 1e9)
            total += len(para.blPara.lines)
        return total

    chars = sum(len(p) for p in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {chars} characters, {args.repeat} runs each (after one warm-up)")
    print(f"lines: ours {ours()} (28 per line, gbt9704 grid), ReportLab {reportlab_wrap()} (27 per line)")
    results = timed(
        {
            "ours (warm width cache)": ours,
            "ours (cold width cache)": ours_cold,
            "ours, every option on": ours_every_option,
            "ReportLab Paragraph() + wrap()": reportlab_parse_and_wrap,
            "ReportLab wrap() only": reportlab_wrap,
        },
        args.repeat,
    )
    for name, times in results.items():
        print(f"{name:32} best {min(times) * 1e3:7.2f} ms   median {statistics.median(times) * 1e3:7.2f} ms")
    ours_times = results["ours (warm width cache)"]
    for name in ("ReportLab Paragraph() + wrap()", "ReportLab wrap() only"):
        best = min(ours_times) / min(results[name])
        median = statistics.median(ours_times) / statistics.median(results[name])
        print(f"ours / {name}: best {best:.2f}x, median {median:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
