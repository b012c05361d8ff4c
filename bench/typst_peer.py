"""Benchmark: `briefing build` against Typst setting the same packet with the same fonts, paired in one run.

Issue 11 states the startup budget as "≈ 1.8× Typst" as well as in seconds; seconds on a shared 2-core
machine change from minute to minute, the ratio to a peer timed alternately with us does much less.
Typst (the `typst` package from PyPI: pip install typst) sets bench/peer/packet.typ, which reads the
sample's YAML itself and sets a cover, contents, one section per area with its tables and page numbers
(the same work, not our looks). Both run as whole processes, alternately, after a warm-up; Typst with
only the bundled fonts (no system font scan).

A third process only starts Python and imports the libraries the stages use: the floor under our time.

Usage: python bench/typst_peer.py [--runs 9] [--typst-python /path/to/python-with-typst] [--tenfold]
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
from build import SAMPLE, build_command, child_env, make_tenfold

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "peer" / "packet.typ"
# The floor under any build of ours: Python starting and importing the four libraries the stages use,
# before a line of briefing runs. Timed with the two, so the closing note can say how much of the gap
# to Typst is ours to close.
LIBRARIES = "import jinja2.sandbox, msgspec, yaml, reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts"
TYPST = """\
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root="/", font_paths=[sys.argv[3]],
              ignore_system_fonts=True, sys_inputs={"packet": sys.argv[4], "areas": sys.argv[5]})
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command[:4])} failed: {error}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--typst-python", default=sys.executable, help="a Python with the typst package")
    parser.add_argument("--tenfold", action="store_true", help="the 10x packet instead of the sample")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-peer-"))
    packet = make_tenfold(work / "tenfold") if args.tenfold else SAMPLE
    env = child_env()
    env["BRIEFING_CACHE"] = str(work / "cache")
    commands = {
        "briefing": build_command(packet, work / "ours.pdf"),
        "typst": [
            args.typst_python,
            "-c",
            TYPST,
            str(TEMPLATE),
            str(work / "typst.pdf"),
            str(ROOT / "fonts"),
            str(packet.resolve()),
            ",".join(sorted(p.name for p in (packet / "areas").glob("*.yaml"))),
        ],
        "libraries": [sys.executable, "-c", LIBRARIES],
    }
    for command in commands.values():  # warm-up: compiled modules, our caches
        timed(command, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(args.runs):
        for name in names if round_ % 2 == 0 else reversed(names):
            wall, peak = timed(commands[name], env)
            walls[name].append(wall)
            peaks[name].append(peak)
    for name in names:
        print(
            f"{name:9} median {statistics.median(walls[name]):.3f} s (min {min(walls[name]):.3f})"
            f"  peak {max(peaks[name]):.1f} MiB"
        )
    ratio = statistics.median(walls["briefing"]) / statistics.median(walls["typst"])
    paired = statistics.median(a / b for a, b in zip(walls["briefing"], walls["typst"], strict=True))
    print(f"briefing/typst wall: {ratio:.2f} (median of paired ratios {paired:.2f}); budget 1.8")
    floor = statistics.median(walls["libraries"]) / statistics.median(walls["typst"])
    print(
        f"libraries alone/typst: {floor:.2f} (Python starting and importing Jinja2, msgspec, PyYAML, ReportLab)"
    )


if __name__ == "__main__":
    main()
