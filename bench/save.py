"""Benchmark: the save step alone (the structure tree registered, then the PDF written), this tree against a
baseline tree, in alternating build processes.

The save step is `Tagger.write` plus `save_compressing_ahead` (PacketDocument.build's last two calls);
each build process times them with perf_counter (wall) and thread_time (the main thread's CPU, which the
compression thread does not add to), the rest of the build being as a user runs it. Prints the medians
per tree and case, and whether the PDFs are byte-identical.

Usage: python bench/save.py --baseline /path/to/baseline/tree [--runs 9] [--layouts gbt9704,briefing]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, child_env, make_tenfold, print_pair

HERE = Path(__file__).resolve().parent.parent
# Run in each build process: the two calls wrapped with timers, the build run as the console script runs
# it (main(), then the figures on stderr's last line).
_TIMED_BUILD = """
import gc, json, sys, time
gc.disable()
import briefing.render.pages as pages
import briefing.render.tagging as tagging
spent = {"wall": 0.0, "cpu": 0.0}
def timed(call):
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent["wall"] += time.perf_counter() - wall
            spent["cpu"] += time.thread_time() - cpu
    return run
pages.save_compressing_ahead = timed(pages.save_compressing_ahead)
tagging.Tagger.write = timed(tagging.Tagger.write)
from briefing.cli.entry import main
sys.argv = ["briefing", *sys.argv[1:]]
code = main()
sys.stderr.write("\\n" + json.dumps(spent) + "\\n")
sys.exit(code)
"""


def save_once(tree: Path, packet: Path, output: Path, layout: str, cache: Path) -> tuple[float, float]:
    """Wall and main-thread CPU seconds of the save step in one build process of `tree`."""
    env = child_env() | {"PYTHONPATH": str(tree), "BRIEFING_CACHE": str(cache)}
    command = [
        sys.executable,
        "-c",
        _TIMED_BUILD,
        "build",
        str(packet),
        "-o",
        str(output),
        "--layout",
        layout,
    ]
    run = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{tree}: build failed:\n{run.stderr[-2000:]}")
    spent = json.loads(run.stderr.strip().splitlines()[-1])
    return spent["wall"], spent["cpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--layouts", default="gbt9704,briefing")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this": HERE}
    with tempfile.TemporaryDirectory(prefix="briefing-save-") as folder:
        work = Path(folder)
        packets = {"sample": SAMPLE, "tenfold": make_tenfold(work / "tenfold")}
        for layout in args.layouts.split(","):
            for case, packet in packets.items():
                outputs = {label: work / f"{case}-{layout}-{label}.pdf" for label in trees}
                caches = {label: work / f"cache-{label}" for label in trees}
                walls: dict[str, list[float]] = {label: [] for label in trees}
                cpus: dict[str, list[float]] = {label: [] for label in trees}
                for label, tree in trees.items():  # warm-up: compiled modules and caches
                    save_once(tree, packet, outputs[label], layout, caches[label])
                labels = list(trees)
                for round_ in range(args.runs):
                    for label in labels if round_ % 2 == 0 else reversed(labels):
                        wall, cpu = save_once(trees[label], packet, outputs[label], layout, caches[label])
                        walls[label].append(wall)
                        cpus[label].append(cpu)
                same = len({path.read_bytes() for path in outputs.values()}) == 1
                for label in labels:
                    print(
                        f"{case:>8} {layout:<9} {label:<8} save median {statistics.median(walls[label]) * 1000:6.1f} ms"
                        f" (min {min(walls[label]) * 1000:6.1f})"
                        f"  main-thread cpu {statistics.median(cpus[label]) * 1000:6.1f} ms"
                    )
                print_pair(walls, cpus, same)


if __name__ == "__main__":
    main()
