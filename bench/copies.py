"""Benchmark: 100 numbered copies of the sample against one build, each a whole `briefing build` process.

Prints wall time (median of N runs after a warm-up), peak memory, and the ratio (the budget is 10x).
Usage: python bench/copies.py [--copies 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from build import SAMPLE, cli_command

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明红伟洋静敏强磊军勇艳杰娟涛超平刚桂英华"


def recipients_file(folder: Path, count: int) -> Path:
    lines = ["recipients:"]
    for number in range(1, count + 1):
        name = (
            SURNAMES[number % len(SURNAMES)]
            + GIVEN[(number * 7) % len(GIVEN)]
            + GIVEN[(number * 3) % len(GIVEN)]
        )
        lines += [
            f"  - name: {name}",
            "    organisation: 区政府办公室",
            f"    email: user{number}@example.org",
        ]
    path = folder / "recipients.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def child_env() -> dict[str, str]:
    """A user's Python caches compiled modules; some sandboxes switch that off, which would time the compiler."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(arguments: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(cli_command(*arguments), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(process.stderr.read().decode() if process.stderr else "failed")
    return wall, usage.ru_maxrss


def median_run(arguments: list[str], runs: int) -> tuple[float, float]:
    run(arguments)  # warm-up
    results = [run(arguments) for _ in range(runs)]
    return statistics.median(wall for wall, _ in results), max(peak for _, peak in results) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        recipients = recipients_file(work, args.copies)
        one, one_peak = median_run(["build", str(SAMPLE), "-o", str(work / "one.pdf")], args.runs)
        many, many_peak = median_run(
            ["build", str(SAMPLE), "--recipients", str(recipients), "-o", str(work / "copies")], args.runs
        )
        total = sum(path.stat().st_size for path in (work / "copies").glob("*.pdf"))
        print(f"one build            wall {one:.3f} s  peak {one_peak:.1f} MiB")
        print(
            f"{args.copies} numbered copies  wall {many:.3f} s  peak {many_peak:.1f} MiB  "
            f"{total / args.copies / 1024:.0f} KiB each"
        )
        print(
            f"ratio {many / one:.2f} (budget 10), {(many - one) / args.copies * 1000:.1f} ms per extra copy"
        )


if __name__ == "__main__":
    main()
