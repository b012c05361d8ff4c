"""Benchmark: briefing.linebreak against ReportLab's Paragraph(wordWrap='CJK') on the seed report, and
against a base revision's breaker, paired in one run.

`python bench/linebreak.py` times ours and ReportLab's on tests/data/report.txt. `--base main` instead
records every break_paragraph call of a build of the sample in both layouts (spans, style, and the widths
the fonts gave), then replays that workload and the seed report with the base revision's breaker and with
this tree's in child processes taken in turns (base, tree, tree, base, …), and prints best and median per
tree, their ratio, whether the two set every line alike, and the import time of briefing.linebreak.
On a shared, loaded machine wall times scatter by 2x; `--instructions` also counts the CPU instructions
each tree executes per pass and per import (valgrind's cachegrind), which load does not change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
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


# --- paired with a base revision ---------------------------------------------------------------------------

Call = tuple[list[tuple[str, str]], dict[str, Any], float]  # spans, Style fields, size (widths key)


def record_build() -> tuple[list[Call], dict[float, dict[str, dict[str, float]]]]:
    """Every break_paragraph call a build of the sample makes in both layouts, and the widths it measured."""
    import briefing.render.setter as setter
    from briefing.pipeline import Options, build_pdf

    calls: list[Call] = []
    widths: dict[float, dict[str, dict[str, float]]] = {}
    original = setter.break_paragraph

    def recording(spans: Any, style: Style, measure: Measure, cache: Any = None) -> Any:
        calls.append(
            (
                [tuple(span) for span in spans],
                {f: getattr(style, f) for f in style.__struct_fields__},
                style.size,
            )
        )
        lines = original(spans, style, measure, cache)
        for font, table in (cache or {}).items():
            widths.setdefault(style.size, {}).setdefault(font, {}).update(table)
        return lines

    setter.break_paragraph = recording  # type: ignore[assignment]
    try:
        for layout in ("gbt9704", "briefing"):
            build_pdf(REPO / "data" / "dongchang-2023", options=Options(layout=layout))
    finally:
        setter.break_paragraph = original
    return calls, widths


def replay(workload: Path, repeat: int) -> dict[str, Any]:
    """In a child: time the recorded calls with the breaker on sys.path; a digest of every line set."""
    from briefing.linebreak import Style as ChildStyle
    from briefing.linebreak import break_paragraph as child_break

    data = pickle.loads(workload.read_bytes())
    cases: dict[str, list[Call]] = data["cases"]
    tables: dict[float, dict[str, dict[str, float]]] = data["widths"]
    only = os.environ.get("BENCH_CASE")
    prepared = {
        name: [(spans, ChildStyle(**fields), size) for spans, fields, size in calls]
        for name, calls in cases.items()
        if only in (None, name)
    }

    def run(calls: list[tuple[list[tuple[str, str]], Any, float]]) -> list[Any]:
        cache: dict[float, dict[str, dict[str, float]]] = {}  # a build starts with no widths measured
        out = []
        for spans, style, size in calls:
            table = tables[size]
            out.append(child_break(spans, style, lambda c, f, t=table: t[f][c], cache.setdefault(size, {})))
        return out

    result: dict[str, Any] = {}
    for name, calls in prepared.items():
        digest = hashlib.sha256(repr([list(lines) for lines in run(calls)]).encode()).hexdigest()[:16]
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            run(calls)
            times.append(time.perf_counter() - begin)
        result[name] = {"times": times, "digest": digest}
    return result


# What the build has imported before it sets text; the import measured is the breaker's own.
IMPORT = (
    "import time, msgspec, re, briefing.model.quantities; start = time.perf_counter(); "
    "import briefing.linebreak; print(time.perf_counter() - start)"
)


def seed_calls(measure: Measure) -> tuple[list[Call], dict[str, dict[str, float]]]:
    """The seed report at the gbt9704 body style, as recorded calls."""
    covered = register_fonts().face.charToGlyph
    paragraphs = [
        p
        for p in (REPO / "tests" / "data" / "report.txt").read_text(encoding="utf-8").split("\n")
        if p.strip()
    ]
    style = Style(width=WIDTH, size=SIZE, first_indent=2 * SIZE + 2 * TRACKING, tracking=TRACKING)
    fields = {f: getattr(style, f) for f in style.__struct_fields__}
    calls: list[Call] = [(runs(p, covered), fields, -SIZE) for p in paragraphs]
    table: dict[str, dict[str, float]] = {}
    for spans, _, _ in calls:
        for text, font in spans:
            for char in text:
                table.setdefault(font, {})[char] = measure(char, font)
    return calls, table


def instructions(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """CPU instructions `command` executes, counted by cachegrind."""
    counted = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command],
        env=env,
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", counted.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind: {counted.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def counted(trees: dict[str, Path], workload: Path) -> None:
    """Instructions per pass of each workload (3 passes less 1) and per import, per tree."""
    for name, tree in trees.items():
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(tree)
        for case in ("sample build", "seed report"):
            env["BENCH_CASE"] = case
            one, three = (
                instructions(
                    [sys.executable, __file__, "--replay", str(workload), "--repeat", str(k)], env, tree
                )
                for k in (1, 3)
            )
            print(f"{case:13} {name[:10]:10} {(three - one) / 2 / 1e6:8.1f} M instructions a pass")
        before = instructions([sys.executable, "-c", IMPORT.split("; start")[0]], env, tree)
        after = instructions([sys.executable, "-c", IMPORT], env, tree)
        print(f"import briefing.linebreak, {name[:10]:10}: {(after - before) / 1e6:6.1f} M instructions")


def paired(base: str, rounds: int, repeat: int, count: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tree = work / "base"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", base], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        os.environ.setdefault("BRIEFING_CACHE", str(work / "cache"))
        calls, widths = record_build()
        seed, table = seed_calls(make_measure(SIZE))
        widths[-SIZE] = table  # the seed report's own key: its fonts are not the build's
        workload = work / "workload.pickle"
        workload.write_bytes(
            pickle.dumps({"cases": {"sample build": calls, "seed report": seed}, "widths": widths})
        )
        print(f"sample build: {len(calls)} break_paragraph calls; seed report: {len(seed)} paragraphs")
        trees = {base: tree, "this tree": REPO}
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
        for index in range(rounds):
            order = list(trees) if index % 2 == 0 else list(trees)[::-1]
            for name in order:
                env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                env["PYTHONPATH"] = str(trees[name])
                command = [sys.executable, __file__, "--replay", str(workload), "--repeat", str(repeat)]
                out = subprocess.run(
                    command, env=env, cwd=trees[name], check=True, capture_output=True, text=True
                )
                results[name].append(json.loads(out.stdout))
                took = subprocess.run(
                    [sys.executable, "-c", IMPORT], env=env, cwd=trees[name], check=True, capture_output=True
                )
                results[name][-1]["import"] = float(took.stdout)
        for case in ("sample build", "seed report"):
            best = {}
            for name, runs_ in results.items():
                times = [t for r in runs_ for t in r[case]["times"]]
                best[name] = min(times), statistics.median(times)
                digest = runs_[0][case]["digest"]
                print(
                    f"{case:13} {name[:10]:10} best {best[name][0] * 1e3:7.2f} ms  median {best[name][1] * 1e3:7.2f} ms  lines {digest}"
                )
            ratio = [best["this tree"][k] / best[base][k] for k in (0, 1)]
            print(f"{case:13} this tree / {base}: best {ratio[0]:.2f}x, median {ratio[1]:.2f}x")
        for name, runs_ in results.items():
            imports = [r["import"] for r in runs_]
            print(
                f"import briefing.linebreak, {name[:10]:10}: best {min(imports) * 1e3:6.2f} ms  median {statistics.median(imports) * 1e3:6.2f} ms"
            )
        if count:
            counted(trees, workload)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", type=Path, default=REPO / "tests" / "data" / "report.txt")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--base", help="compare with this revision's breaker instead of ReportLab")
    parser.add_argument("--rounds", type=int, default=6, help="child processes per tree, with --base")
    parser.add_argument("--instructions", action="store_true", help="with --base: count instructions too")
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.replay:
        print(json.dumps(replay(args.replay, args.repeat)))
        return 0
    if args.base:
        return paired(args.base, args.rounds, max(1, args.repeat // 6), args.instructions)

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
