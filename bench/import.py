"""Benchmark: `briefing import` of the sample as a spreadsheet and of a 10x one, as a user runs it.

The spreadsheets are what `briefing export` writes for the sample and for bench/build.py's 10x packet.
Prints wall time (median, min, max of N runs after a warm-up), CPU time and peak memory of each whole
process, and the same for `briefing export`. Usage: python bench/import.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, calibration, child_env, cli_command, make_tenfold


def run_once(arguments: list[str], clean: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one `briefing …` process."""
    if clean is not None:
        shutil.rmtree(clean, ignore_errors=True)
    command = cli_command(*arguments)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"briefing {' '.join(arguments)} failed: {message}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(label: str, arguments: list[str], runs: int, clean: Path | None = None) -> float:
    run_once(arguments, clean)  # warm-up: compiled modules cached, as on any second run
    walls, peaks, cpus = [], [], []
    for _ in range(runs):
        wall, peak, cpu = run_once(arguments, clean)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    median = statistics.median(walls)
    print(
        f"{label:<14} wall {median:.3f} s (min {min(walls):.3f}, max {max(walls):.3f})"
        f"  cpu {statistics.median(cpus):.3f} s  peak {max(peaks) / 1024:.1f} MiB"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tenfold = make_tenfold(work / "tenfold")
        before = calibration()
        timings = {}
        for label, packet in (("x1", SAMPLE), ("x10", tenfold)):
            book = work / f"{label}.xlsx"
            run_once(["export", str(packet), "-o", str(book)])
            cells = sum(1 for _ in _cells(book))
            print(f"{label}: {book.stat().st_size:,} bytes, {cells} filled cells")
            timings[f"export {label}"] = measure(
                f"export {label}", ["export", str(packet), "-o", str(book)], args.runs
            )
            out = work / f"{label}-imported"
            timings[f"import {label}"] = measure(
                f"import {label}", ["import", str(book), "-o", str(out)], args.runs, out
            )
        print(f"import x10/x1 wall {timings['import x10'] / timings['import x1']:.2f}")
        after = calibration()
        drift = max(before, after) / min(before, after)
        verdict = "steady" if drift < 1.15 else f"drifting ({drift:.2f}x): compare with care"
        print(f"calibration loop {before:.3f} s before, {after:.3f} s after: {verdict}")


def _cells(book: Path):  # type: ignore[no-untyped-def]
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(book))
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).iter_rows():
            yield from (value for value in row if value not in ("", None))


if __name__ == "__main__":
    main()
