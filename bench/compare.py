"""Benchmark: this working tree against an older revision, builds interleaved so both see the same machine.

On a shared machine the speed drifts by up to 2x within minutes, so figures from different runs of
bench/build.py do not compare; alternating the two versions build by build does. Prints the median and
minimum wall time of each and the ratio. Usage: python bench/compare.py REV [--packet DIR] [--rounds 10]
(DIR defaults to the sample; `--tenfold` uses the generated 10x packet).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from build import SAMPLE, build_command, child_env, make_tenfold

ROOT = Path(__file__).resolve().parent.parent


def timed_build(source: Path, packet: Path, output: Path) -> float:
    """Wall seconds of one `briefing build` with the package imported from `source`."""
    env = dict(child_env(), PYTHONPATH=str(source))
    start = time.perf_counter()
    # cwd is the output folder, so `-m` cannot pick up a `briefing` package from the caller's folder.
    subprocess.run(
        build_command(packet, output),
        env=env,
        cwd=output.parent,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", help="the git revision to compare with (e.g. HEAD~3)")
    parser.add_argument("--packet", type=Path, default=SAMPLE)
    parser.add_argument("--tenfold", action="store_true", help="use the generated 10x packet")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        base = work / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base], check=True
        )
        try:
            packet = make_tenfold(work / "tenfold") if args.tenfold else args.packet.resolve()
            os.environ["BRIEFING_CACHE"] = str(work / "cache")
            sides = {"base": base, "here": ROOT}
            times: dict[str, list[float]] = {name: [] for name in sides}
            for name, source in sides.items():  # warm-up: fills each side's font cache
                timed_build(source, packet, work / f"{name}.pdf")
            for _ in range(args.rounds):
                for name, source in sides.items():
                    times[name].append(timed_build(source, packet, work / f"{name}.pdf"))
            for name, values in times.items():
                size = (work / f"{name}.pdf").stat().st_size
                print(
                    f"{name:>5} {sides[name]}: median {statistics.median(values):.3f} s, "
                    f"min {min(values):.3f} s, {size:,} bytes"
                )
            ratio = statistics.median(times["here"]) / statistics.median(times["base"])
            print(f"here / base (medians): {ratio:.2f}")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)


if __name__ == "__main__":
    main()
