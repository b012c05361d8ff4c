"""Benchmark: build the sample packet and a generated 10x packet as a user would (a whole process each).

Prints wall time (median, min, max of N runs after a warm-up), peak memory of the process, pages and
bytes, for each layout. Usage: python bench/build.py [--runs 5] [--layouts gbt9704,briefing]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"


def make_tenfold(target: Path, factor: int = 10) -> Path:
    """The sample with every area repeated `factor` times (so ten times the areas, targets and projects)."""
    shutil.copytree(SAMPLE, target)
    areas = sorted((target / "areas").glob("*.yaml"))
    for path in areas:
        text = path.read_text(encoding="utf-8")
        for copy in range(2, factor + 1):
            suffix = f"（第{copy}组）"
            renamed = re.sub(r"^(title: .*)$", rf"\1{suffix}", text, count=1, flags=re.M)
            renamed = re.sub(r"^(\s+- name: .*)$", rf"\1{suffix}", renamed, flags=re.M)
            (path.parent / f"{path.stem}-{copy:02d}.yaml").write_text(renamed, encoding="utf-8")
    packet = target / "packet.yaml"
    text = packet.read_text(encoding="utf-8")
    text = re.sub(r"^areas:.*?(?=^\S|\Z)", "areas: all\n", text, flags=re.M | re.S)
    text = re.sub(r"^declared:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S)
    packet.write_text(text, encoding="utf-8")
    return target


def child_env() -> dict[str, str]:
    """A user's Python caches compiled modules; some sandboxes switch that off, which would time the compiler."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


# What the `briefing` command pip installs runs (see its script in the venv's bin/): `python -m` would add
# runpy's start-up, which no user pays; written out so that PYTHONPATH picks the tree under test.
_CONSOLE_SCRIPT = "import sys; from briefing.cli import run; sys.exit(run())"


def cli_command(*arguments: str) -> list[str]:
    """The command line of one `briefing ARGUMENTS` process as a user runs it (the installed command's code)."""
    return [sys.executable, "-c", _CONSOLE_SCRIPT, *arguments]


def build_command(packet: Path, output: Path, *extra: str) -> list[str]:
    """The command line of `briefing build PACKET -o OUTPUT EXTRA…` (extra: --layout NAME and the like)."""
    return cli_command("build", str(packet), "-o", str(output), *extra)


def print_pair(times: dict[str, list[float]], cpus: dict[str, list[float]], same: bool) -> None:
    """The line under a paired case: this tree's median wall and CPU over the baseline's, and whether the
    two wrote the same PDF."""
    ratio = statistics.median(times["this"]) / statistics.median(times["baseline"])
    cpu_ratio = statistics.median(cpus["this"]) / statistics.median(cpus["baseline"])
    print(
        f"{'':8} {'':9} this/baseline wall {ratio:.2f}, cpu {cpu_ratio:.2f}   PDFs {'identical' if same else 'DIFFER'}"
    )


def run_once(packet: Path, output: Path, layout: str) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one `briefing build` process."""
    command = build_command(packet, output, "--layout", layout)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def calibration() -> float:
    """Seconds for a fixed pure-Python loop in a fresh process: shared machines change speed from minute
    to minute (2x seen on the 2-core VM), so figures taken at different times compare only relative to it."""
    code = "import time\nt=time.perf_counter()\ns=0\nfor i in range(3_000_000): s+=i*i\nprint(time.perf_counter()-t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
        for _ in range(3)
    ]
    return min(runs)


def count_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def measure(label: str, packet: Path, layout: str, runs: int, workdir: Path) -> dict[str, float]:
    output = workdir / f"{label}-{layout}.pdf"
    run_once(packet, output, layout)  # warm-up: fills the font cache, as every later build would find it
    walls, peaks, cpus = [], [], []
    for _ in range(runs):
        wall, peak, cpu = run_once(packet, output, layout)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    data = output.read_bytes()
    result = {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median(cpus),
        "peak_mib": max(peaks) / 1024,
        "pages": count_pages(data),
        "bytes": len(data),
    }
    print(
        f"{label:>6} {layout:<9} wall {result['median']:.3f} s (min {result['min']:.3f}, max {result['max']:.3f})"
        f"  cpu {result['cpu']:.3f} s  peak {result['peak_mib']:.1f} MiB  {result['pages']} pages"
        f"  {result['bytes']:,} bytes"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layouts", default="gbt9704,briefing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        tenfold = make_tenfold(workdir / "tenfold")
        cold_cache = workdir / "cache"
        os.environ["BRIEFING_CACHE"] = str(cold_cache)
        wall, peak, _ = run_once(SAMPLE, workdir / "cold.pdf", "gbt9704")
        print(
            f"  cold   gbt9704   wall {wall:.3f} s  peak {peak / 1024:.1f} MiB (fresh machine: fonts parsed and templates compiled, then cached)"
        )
        before = calibration()
        for layout in args.layouts.split(","):
            one = measure("x1", SAMPLE, layout, args.runs, workdir)
            ten = measure("x10", tenfold, layout, args.runs, workdir)
            print(
                f"         {layout:<9} x10/x1 wall {ten['median'] / one['median']:.2f}, "
                f"pages {ten['pages'] / one['pages']:.2f}"
            )
        after = calibration()
        drift = max(before, after) / min(before, after)
        verdict = (
            "steady" if drift < 1.15 else f"drifting ({drift:.2f}x): compare with care, or use compare.py"
        )
        print(f"  calibration loop {before:.3f} s before, {after:.3f} s after: {verdict}")


if __name__ == "__main__":
    main()
