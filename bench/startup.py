"""Benchmark: a build's start-to-finish time and peak memory against a baseline tree, paired in one run.

Both trees run as a user runs briefing (a whole `briefing build` (the installed command's code) process each, compiled
modules cached, PYTHONDONTWRITEBYTECODE dropped), with the same Python and libraries, alternately
(baseline, this tree, this tree, baseline, …) so that both meet the same load on a shared machine. Each
case is timed `--runs` times per tree after a warm-up; the cold case gives every run an empty
BRIEFING_CACHE. The PDFs of the two trees are compared byte for byte.

Usage: python bench/startup.py --baseline /path/to/baseline/tree [--runs 9] [--cases warm,cold,tenfold]
(make a baseline tree with e.g. `git archive main | tar -x -C /tmp/base`).
Budget (issue 11): warm ≤ 0.18 s, cold ≤ 0.30 s, 10× ≤ 0.30 s, peak ≤ 60 MiB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, build_command, child_env, make_tenfold, print_pair

HERE = Path(__file__).resolve().parent.parent
BUDGET = {"warm": 0.18, "cold": 0.30, "tenfold": 0.30}
PEAK_BUDGET_MIB = 60


def run_once(tree: Path, packet: Path, output: Path, layout: str, cache: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one build process of `tree`."""
    env = child_env()
    env["PYTHONPATH"] = str(tree)
    env["BRIEFING_CACHE"] = str(cache)
    command = build_command(packet, output, "--layout", layout)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tree)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tree}: build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def case(name: str, trees: dict[str, Path], packet: Path, layout: str, runs: int, work: Path) -> None:
    cold = name == "cold"
    outputs = {label: work / f"{name}-{layout}-{label}.pdf" for label in trees}
    caches = {label: work / f"cache-{label}" for label in trees}
    times: dict[str, list[float]] = {label: [] for label in trees}
    peaks: dict[str, list[float]] = {label: [] for label in trees}
    cpus: dict[str, list[float]] = {label: [] for label in trees}
    for label, tree in trees.items():  # warm-up: compiled modules, and (unless cold) the caches
        run_once(tree, packet, outputs[label], layout, caches[label])
    labels = list(trees)
    for round_ in range(runs):
        for label in labels if round_ % 2 == 0 else reversed(labels):
            cache = Path(tempfile.mkdtemp(dir=work)) if cold else caches[label]
            wall, cpu, peak = run_once(trees[label], packet, outputs[label], layout, cache)
            times[label].append(wall)
            cpus[label].append(cpu)
            peaks[label].append(peak)
    same = len({path.read_bytes() for path in outputs.values()}) == 1
    for label in labels:
        median = statistics.median(times[label])
        budget = BUDGET.get(name)
        mark = "" if label != "this" or budget is None else (" ok" if median <= budget else f" > {budget}")
        print(
            f"{name:>8} {layout:<9} {label:<8} median {median:.3f} s (min {min(times[label]):.3f})"
            f"  cpu {statistics.median(cpus[label]):.3f} s  peak {max(peaks[label]):.1f} MiB{mark}"
        )
    print_pair(times, cpus, same)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", type=Path, required=True, help="a source tree of the baseline")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", default="warm,cold,tenfold")
    parser.add_argument("--layouts", default="gbt9704")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this": HERE}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tenfold = make_tenfold(work / "tenfold")
        for layout in args.layouts.split(","):
            for name in args.cases.split(","):
                packet = tenfold if name == "tenfold" else SAMPLE
                case(name, trees, packet, layout, args.runs, work)
    print(
        f"budget: warm ≤ {BUDGET['warm']} s, cold ≤ {BUDGET['cold']} s, 10x ≤ {BUDGET['tenfold']} s, peak ≤ {PEAK_BUDGET_MIB} MiB"
    )


if __name__ == "__main__":
    main()
