"""Benchmark: what the tagged document (issue 13, points 8-10) costs, paired against a base revision.

Builds the sample and the 10x packet (bench/build.py make_tenfold) with this tree and with a base revision
(default main, unpacked with git archive) in alternating runs of one process each, so that both meet the
same machine load; prints the median wall and CPU time and the bytes of each, and the ratio.
Usage: python bench/document.py [--base main] [--runs 5] [--layout gbt9704] [--draft 征求意见稿]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, SAMPLE, build_command, child_env, make_tenfold


def unpack(revision: str, target: Path) -> Path:
    """The base revision's files in `target` (its package, layouts and fonts: what a build imports)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def build_once(tree: Path, packet: Path, output: Path, extra: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one `briefing build` process importing the package from `tree`."""
    env = child_env() | {"PYTHONPATH": str(tree)}
    command = build_command(packet, output, *extra)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tree)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"build failed in {tree}: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="main")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layout", default="gbt9704")
    parser.add_argument("--draft", default="征求意见稿")
    args = parser.parse_args()
    extra = ["--layout", args.layout, *(["--draft", args.draft] if args.draft else [])]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["BRIEFING_CACHE"] = str(work / "cache")
        trees = {"base": unpack(args.base, work / "base"), "tagged": ROOT}
        packets = {"x1": SAMPLE, "x10": make_tenfold(work / "tenfold")}
        for label, packet in packets.items():
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for name, tree in trees.items():  # warm-up: font cache and compiled modules, as users have them
                build_once(tree, packet, work / f"{name}.pdf", extra)
            for _ in range(args.runs):
                for name, tree in trees.items():
                    times[name].append(build_once(tree, packet, work / f"{name}.pdf", extra))
            sizes = {name: (work / f"{name}.pdf").stat().st_size for name in trees}
            medians = {name: statistics.median(wall for wall, _ in runs) for name, runs in times.items()}
            cpus = {name: statistics.median(cpu for _, cpu in runs) for name, runs in times.items()}
            for name in trees:
                print(
                    f"{label:>4} {name:<6} wall {medians[name]:.3f} s  cpu {cpus[name]:.3f} s"
                    f"  {sizes[name]:,} bytes"
                )
            print(
                f"{label:>4} tagged/base: wall {medians['tagged'] / medians['base']:.2f}x,"
                f" cpu {cpus['tagged'] / cpus['base']:.2f}x, bytes {sizes['tagged'] / sizes['base']:.2f}x"
            )


if __name__ == "__main__":
    main()
