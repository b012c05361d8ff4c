"""Benchmark: instructions a build executes (valgrind callgrind), this tree against a baseline tree.

Wall time on a shared 2-core machine swings by 2x from minute to minute; the count of instructions a
process executes does not (the same total twice, once with the other core loaded). So this gives the
figure that compares two trees exactly: the warm build of the sample (caches filled by a first run), and
the imports a build makes before it reads anything. Each case runs once per tree under callgrind (about
30 s each); startup.py gives the seconds.

Usage: python bench/instructions.py --baseline /path/to/baseline/tree [--layouts gbt9704,briefing]
(make a baseline tree with e.g. `git archive main | tar -x -C /tmp/base`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, build_command, child_env

HERE = Path(__file__).resolve().parent.parent
# What a build imports before it opens the packet: the command line, the stages and the renderer.
IMPORTS = "import briefing.cli.entry, briefing.pipeline, briefing.compose, briefing.render.document"


def instructions(tree: Path, command: list[str], cache: Path) -> int:
    """Instructions (callgrind's I refs) of one process of `tree` running `command` (python and its arguments)."""
    env = child_env()
    env["PYTHONPATH"] = str(tree)
    env["BRIEFING_CACHE"] = str(cache)
    subprocess.run(command, env=env, cwd=tree, check=True, capture_output=True)  # warm
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(command[1:])} failed:\n{run.stderr[-2000:]}")
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--layouts", default="gbt9704,briefing")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    trees = {"baseline": args.baseline.resolve(), "this": HERE}
    work = Path(tempfile.mkdtemp(prefix="briefing-instructions-"))
    try:
        cases = [("imports", [sys.executable, "-c", IMPORTS])]
        for layout in args.layouts.split(","):
            build = build_command(SAMPLE, work / f"{layout}.pdf", "--layout", layout)
            cases.append((f"warm {layout}", build))
        for name, command in cases:
            counts = {
                label: instructions(tree, command, work / f"cache-{label}") for label, tree in trees.items()
            }
            print(
                f"{name:14} baseline {counts['baseline'] / 1e6:8.1f} M  this {counts['this'] / 1e6:8.1f} M"
                f"  this/baseline {counts['this'] / counts['baseline']:.3f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
