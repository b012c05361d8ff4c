"""Benchmark the caches: this tree against a git revision, in alternating rounds so both see the same machine.

Per round and side (each in a fresh process): the sample's fonts loaded from a warm font cache, the
layout's templates compiled with a warm template cache and with none (Jinja2 itself), and whole sample
builds with a warm and with an empty cache. Prints medians and minimums of each.
Usage: python bench/caches.py REV [--rounds 10]   (REV is extracted with `git archive`, no worktree)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from build import ROOT, SAMPLE, build_command

# Runs in a child process with the side's package first on sys.path; prints one JSON line of milliseconds.
PROBE = r"""
import json, sys, time
from pathlib import Path
try:  # the stage's entry point, and the module whose compile_template() compiles layout templates
    from briefing.compose import compose
    import briefing.compose.templates as compiling
except ImportError:  # a revision from before the compose package was split into modules
    import briefing.compose.composer as compiling
    compose = compiling.compose
from briefing.pipeline import layout_asked, load_and_validate
from briefing.layouts.build import load_layout
from briefing.render.fonts import registry as registry
from briefing.render import render

repeat = int(sys.argv[2])
packet = load_and_validate(Path(sys.argv[1]))
loaded = load_layout(*layout_asked(packet, None))
sources = []
original = compiling.compile_template
def recording(env, source):
    sources.append((env, source))
    return original(env, source)
compiling.compile_template = recording
plan = compose(packet, loaded)
compiling.compile_template = original
render(plan)  # registers (and caches) every font the sample draws with
from reportlab.pdfbase import pdfmetrics
fonts = []
for name in pdfmetrics.getRegisteredFontNames():  # the faces the sample is drawn with
    family = name.rsplit("-", 1)[0]
    if family in loaded.layout.fonts:
        fonts.append((loaded.layout.fonts[family], name))

def timed(function):
    # milliseconds of the first call (what a build pays) and the best of `repeat` calls
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], min(times)

def load_fonts():
    for spec, name in fonts:
        assert registry.load_cached(spec, name) is not None, spec.path
def cached_templates():
    for env, source in sources:
        original(env, source)
def uncached_templates():
    for env, source in sources:
        env.from_string(source)
figures = {"fonts": len(fonts), "templates": len(sources)}
# The uncached compile runs first: the cached one must not warm what Jinja2 imports on first compile.
for key, function in (
    ("templates_jinja", uncached_templates),
    ("templates_cached", cached_templates),
    ("font_load", load_fonts),
):
    figures[key + "_first_ms"], figures[key + "_best_ms"] = timed(function)
print(json.dumps(figures))
"""


def child_env(source: Path, cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    env["BRIEFING_CACHE"] = str(cache)
    return env


def build_seconds(source: Path, cache: Path, output: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        build_command(SAMPLE, output),
        env=child_env(source, cache),
        cwd=output.parent,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"build with {source} failed: {done.stderr}")
    return time.perf_counter() - start


def probe(source: Path, cache: Path, repeat: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(SAMPLE), str(repeat)],
        env=child_env(source, cache),
        cwd=cache.parent,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def extract(revision: str, target: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", help="the git revision to compare with (e.g. main)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20, help="in-process repetitions per probe (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sides = {"base": extract(args.base, work / "base"), "here": ROOT}
        figures: dict[str, dict[str, list[float]]] = {name: {} for name in sides}
        for name, source in sides.items():  # warm-up: fill each side's own cache
            build_seconds(source, work / f"cache-{name}", work / f"{name}.pdf")
        for _ in range(args.rounds):
            for name, source in sides.items():
                warm = work / f"cache-{name}"
                cold = work / f"cold-{name}"
                shutil.rmtree(cold, ignore_errors=True)
                row = figures[name]
                row.setdefault("build_cold_s", []).append(build_seconds(source, cold, work / f"{name}.pdf"))
                row.setdefault("build_warm_s", []).append(build_seconds(source, warm, work / f"{name}.pdf"))
                for key, value in probe(source, warm, args.repeat).items():
                    row.setdefault(key, []).append(value)
        for name, row in figures.items():
            print(f"{name} ({sides[name]}):")
            for key, values in row.items():
                print(f"  {key:<22} median {statistics.median(values):8.3f}  min {min(values):8.3f}")
        for key in figures["here"]:
            base = statistics.median(figures["base"][key])
            if base and key not in ("fonts", "templates"):
                print(f"here / base {key:<22} {statistics.median(figures['here'][key]) / base:.2f}")


if __name__ == "__main__":
    main()
