"""Benchmark: a watch rebuild after one area file is saved, paired with a cold build in the same run.

Each round saves a changed title into one area file of (a copy of) the sample, times the warm session's
rebuild (what `briefing watch` does on that save: wall and CPU time of the rebuild alone), then times a
cold `briefing build` of the same files as a whole process (what a user waits for without watch). The
rounds alternate, so both see the same load on a shared machine; the CPU time is the figure a busy
machine disturbs least. The budget (issue 14) is a rebuild of 0.12 s; nothing here asserts it.

With --instructions it counts instructions instead (valgrind callgrind; the figure a shared machine does
not disturb at all, see instructions.py): a session process that builds once and then rebuilds after
each of N saves, less the same process with no saves, divided by N, is one rebuild's instructions; a
`briefing build` process of the edited packet is the paired cold build. The cycle collector is off in
the session, as the CLI runs watch (its Follower collects the youngest generation after each rebuild).

Usage: python bench/watch.py [--rounds 10] [--layout gbt9704] [--area 03-营商环境.yaml] [--instructions]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"
sys.path.insert(0, str(ROOT))

from briefing.pipeline import Options  # noqa: E402  (the checkout's own package, not an installed one)
from briefing.session import BuildSession  # noqa: E402


def child_env() -> dict[str, str]:
    """A user's Python caches compiled modules; some sandboxes switch that off, which would time the compiler."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = str(ROOT)
    return environment


def cold_build(packet: Path, output: Path, layout: str) -> tuple[float, float]:
    """Wall and CPU seconds of one `briefing build` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "briefing.cli",
        "build",
        str(packet),
        "-o",
        str(output),
        "--layout",
        layout,
    ]
    subprocess.run(command, check=True, capture_output=True, env=child_env())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edited(text: str, round_: int) -> str:
    """The area file as saved in round `round_`: its title changed."""
    return text.replace("\ntitle: ", f"\ntitle: {round_}", 1)


def session_rounds(packet: Path, output: Path, layout: str, area: Path, rounds: int) -> None:
    """One warm session: the first build, then a rebuild after each of `rounds` saves (as watch runs it)."""
    text = area.read_text(encoding="utf-8")
    gc.disable()
    session = BuildSession(packet, output, Options(layout=layout))
    session.rebuild()
    for round_ in range(1, rounds + 1):
        area.write_text(edited(text, round_), encoding="utf-8")
        session.rebuild()
        gc.collect(0)
    area.write_text(text, encoding="utf-8")


def callgrind(command: list[str]) -> int:
    """Instructions (callgrind's I refs) of one process running `command` (python and its arguments)."""
    environment = child_env()
    environment["PYTHONHASHSEED"] = "0"  # the same set orders in every run
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=environment,
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(command[1:])} failed under valgrind:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def count_instructions(folder: Path, packet: Path, area: Path, args: argparse.Namespace) -> None:
    """A rebuild's instructions (two session processes, told apart by their saves) and a cold build's."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind)")
    session = [
        sys.executable,
        __file__,
        "--session",
        str(packet),
        "--layout",
        args.layout,
        "--area",
        area.name,
    ]
    subprocess.run([*session, "--rounds", "1"], check=True, env=child_env())  # byte code compiled
    none = callgrind([*session, "--rounds", "0"])
    some = callgrind([*session, "--rounds", str(args.rounds)])
    area.write_text(edited(area.read_text(encoding="utf-8"), args.rounds), encoding="utf-8")
    cold = [sys.executable, "-m", "briefing.cli", "build", str(packet), "-o", str(folder / "cold.pdf")]
    cold_count = callgrind([*cold, "--layout", args.layout])
    rebuild = (some - none) / args.rounds
    print(f"{args.rounds} rounds, layout {args.layout}: instructions (callgrind)")
    print(f"watch rebuild, one area saved        {rebuild / 1e6:9.1f} M")
    print(f"session's first build and start-up   {none / 1e6:9.1f} M")
    print(f"cold `briefing build` process         {cold_count / 1e6:9.1f} M")
    print(f"a rebuild takes 1/{cold_count / rebuild:.1f} of a cold build's instructions")


def figures(name: str, values: list[float]) -> str:
    return (
        f"{name:<34} median {statistics.median(values) * 1000:7.1f} ms   "
        f"min {min(values) * 1000:7.1f}   max {max(values) * 1000:7.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--layout", default="gbt9704")
    parser.add_argument("--area", default="03-营商环境.yaml")
    parser.add_argument("--instructions", action="store_true", help="count instructions with valgrind")
    parser.add_argument("--session", type=Path, help=argparse.SUPPRESS)  # the process --instructions counts
    args = parser.parse_args()
    if args.session is not None:
        area = args.session / "areas" / args.area
        session_rounds(args.session, args.session.parent / "watch.pdf", args.layout, area, args.rounds)
        return

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        packet = folder / "packet"
        shutil.copytree(SAMPLE, packet)
        area = packet / "areas" / args.area
        text = area.read_text(encoding="utf-8")
        if "\ntitle: " not in text:
            raise SystemExit(f"{area.name} has no title line to change")
        if args.instructions:
            count_instructions(folder, packet, area, args)
            return

        session = BuildSession(packet, folder / "watch.pdf", Options(layout=args.layout))
        first = session.rebuild()
        assert first.result is not None
        print(f"sample: {first.result.pages} pages; the session's first build {first.seconds * 1000:.0f} ms")

        warm_wall: list[float] = []
        warm_cpu: list[float] = []
        cold_wall: list[float] = []
        cold_cpu: list[float] = []
        for round_ in range(1, args.rounds + 1):
            area.write_text(edited(text, round_), encoding="utf-8")
            cpu = time.process_time()
            rebuilt = session.rebuild()
            warm_cpu.append(time.process_time() - cpu)
            warm_wall.append(rebuilt.seconds)
            reloaded = rebuilt.reloaded
            # Warm means this: only the saved file parsed, no layout, template or font read again.
            assert reloaded.files == (f"areas/{args.area}",) and not reloaded.layout, reloaded
            assert rebuilt.result is not None
            wall, cpu_seconds = cold_build(packet, folder / "cold.pdf", args.layout)
            cold_wall.append(wall)
            cold_cpu.append(cpu_seconds)
            # The warm PDF is the cold one, byte for byte.
            assert (folder / "watch.pdf").read_bytes() == (folder / "cold.pdf").read_bytes()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.rounds} rounds, layout {args.layout}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print(figures("watch rebuild, one area saved: wall", warm_wall))
    print(figures("                               CPU", warm_cpu))
    print(figures("cold `briefing build` process: wall", cold_wall))
    print(figures("                               CPU", cold_cpu))
    ratio = statistics.median(cold_wall) / statistics.median(warm_wall)
    print(f"a rebuild takes 1/{ratio:.0f} of a cold build (wall, medians); budget 120 ms a rebuild")


if __name__ == "__main__":
    main()
