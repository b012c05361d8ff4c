"""Benchmark: `briefing diff` of the sample and of the 10x packet (bench/build.py), as a user runs it.

Each packet is compared with a copy carrying the four known edits of tests/diff_packets.py (a target
changed, a project dropped, one added, a sentence rewritten) in every area file they touch, so the 10x
diff reports ten times the changes; and with an unchanged copy. Prints wall time (median, min, max of N
runs after a warm-up), CPU time and peak memory of each whole process. Usage: python bench/diff.py [--runs 5]
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from build import SAMPLE, calibration, child_env, cli_command, make_tenfold
from diff_packets import ADDED_YAML, DROPPED, SENTENCE_NEW, SENTENCE_OLD, TARGET_NEW, TARGET_OLD


def with_edits(packet: Path, target: Path) -> Path:
    """A copy of `packet` with the four known edits in every copy of the first two areas."""
    shutil.copytree(packet, target)
    for path in sorted((target / "areas").glob("01-*.yaml")):
        text = path.read_text(encoding="utf-8")
        text = text.replace(TARGET_OLD, TARGET_NEW, 1).replace(SENTENCE_OLD, SENTENCE_NEW, 1)
        path.write_text(text, encoding="utf-8")
    for number, path in enumerate(sorted((target / "areas").glob("02-*.yaml"))):
        text = path.read_text(encoding="utf-8")
        start = text.index(f"  - name: {DROPPED}")
        end = text.index("  - name: ", start + 1)
        added = ADDED_YAML.replace("产业园\n", f"产业园{number}\n", 1)  # project names are packet-wide
        path.write_text(text[:start] + text[end:].rstrip("\n") + "\n" + added, encoding="utf-8")
    return target


def run_once(arguments: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one `briefing …` process."""
    command = cli_command(*arguments)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"briefing {' '.join(arguments)} failed: {message}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(label: str, arguments: list[str], runs: int) -> float:
    run_once(arguments)  # warm-up: compiled modules cached, as on any second run
    walls, peaks, cpus = [], [], []
    for _ in range(runs):
        wall, peak, cpu = run_once(arguments)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    median = statistics.median(walls)
    print(
        f"{label:<22} wall {median:.3f} s (min {min(walls):.3f}, max {max(walls):.3f})"
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
        for label, packet in (("x1", SAMPLE), ("x10", tenfold)):
            edited = with_edits(packet, work / f"{label}-edited")
            same = shutil.copytree(packet, work / f"{label}-same")
            measure(f"{label} edited", ["diff", str(packet), str(edited)], args.runs)
            measure(f"{label} edited --json", ["diff", str(packet), str(edited), "--json"], args.runs)
            measure(f"{label} unchanged", ["diff", str(packet), str(same)], args.runs)
        measure("validate x10 (for scale)", ["validate", str(tenfold)], args.runs)
        after = calibration()
        drift = max(before, after) / min(before, after)
        verdict = "steady" if drift < 1.15 else f"drifting ({drift:.2f}x): compare with care"
        print(f"  calibration loop {before:.3f} s before, {after:.3f} s after: {verdict}")


if __name__ == "__main__":
    main()
