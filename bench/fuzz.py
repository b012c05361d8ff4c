"""The long fuzz campaign: thousands of damaged packets, layouts and recipient lists through `briefing`.

Each case is drawn from its own seeded generator (case i of seed S is always the same case, whichever worker
runs it), with the vocabulary of damage in tests/fuzzing.py that tests/test_fuzz.py uses in CI, and run
in-process (briefing.cli.main) by worker processes. A case that does not answer within its time guard is a
hang; a worker that dies or stops answering is restarted and its case counted as a crash or a hang.

Prints: cases run, the exit-status histogram, tracebacks, internal errors, hangs, files left behind or
changed, other problems (messages without a location, Python leaking into messages), and each distinct
problem with its first case, shrunk to the fewest damages that still show it.

Usage: python bench/fuzz.py [--cases 5000] [--seed 1] [--workers 2] [--case-seconds 60]
                            [--targets validate,build,layout,recipients] [--report fuzz.json]
       python bench/fuzz.py --seed 1 --only 123 [--write DIR]   # one case: show it, or write its files
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402  (tests/fuzzing.py, shared with the CI fuzz test)

TROUBLE = {
    "traceback": ("Traceback",),
    "internal error": ("internal error:", "exit status 70"),
    "hang": ("hang:",),
    "left behind or changed": (
        "left in",
        "changed the output",
        "temporary folder",
        "packet folder was changed",
    ),
}


def case_of(seed: int, index: int, targets: tuple[str, ...]) -> fuzzing.Case:
    return fuzzing.draw_case(fuzzing.RandomChooser(random.Random(f"{seed}-{index}")), targets)


def worker(seed: int, indices: list[int], targets: tuple[str, ...]) -> None:
    """Run the cases in this process; a JSON line on stdout as each starts and ends."""
    for index in indices:
        case = case_of(seed, index, targets)
        print(json.dumps({"start": index}), flush=True)
        started = time.perf_counter()
        outcome = fuzzing.run_case(case)
        print(
            json.dumps(
                {
                    "done": index,
                    "status": outcome.status,
                    "problems": outcome.problems,
                    "seconds": round(time.perf_counter() - started, 3),
                }
            ),
            flush=True,
        )


def campaign(args: argparse.Namespace) -> dict[str, Any]:
    """Run the cases in worker processes; returns the results by case index."""
    results: dict[int, dict[str, Any]] = {}
    # Each worker takes every `workers`-th case; a restarted worker goes on after the case it lost.
    lanes = [list(range(lane, args.cases, args.workers)) for lane in range(args.workers)]
    env = {**os.environ, "BRIEFING_FUZZ_CASE_SECONDS": str(args.case_seconds)}
    lines: queue.Queue[tuple[int, str | None]] = queue.Queue()
    running: dict[int, subprocess.Popen[str]] = {}
    current: dict[int, tuple[int, float]] = {}  # lane -> (case being run, since when)

    def start(lane: int) -> None:
        rest = [index for index in lanes[lane] if index not in results]
        if not rest:
            return
        command = [sys.executable, __file__, "--worker", ",".join(map(str, rest))]
        command += ["--seed", str(args.seed), "--targets", args.targets]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        running[lane] = process

        def read() -> None:
            for line in process.stdout:  # type: ignore[union-attr]
                lines.put((lane, line))
            lines.put((lane, None))

        threading.Thread(target=read, daemon=True).start()

    for lane in range(args.workers):
        start(lane)
    started_at = time.monotonic()
    last_report = 0
    while running:
        try:
            lane, line = lines.get(timeout=1.0)
        except queue.Empty:
            lane, line = -1, ""
        if line:
            message = json.loads(line)
            if "start" in message:
                current[lane] = (message["start"], time.monotonic())
            else:
                results[message["done"]] = message
                current.pop(lane, None)
        for each, process in list(running.items()):
            index, since = current.get(each, (None, time.monotonic()))
            stuck = index is not None and time.monotonic() - since > 2 * args.case_seconds + 30
            ended = (each == lane and line is None) or stuck
            if not ended:
                continue
            if stuck:
                process.kill()
            process.wait()
            if index is not None:  # the worker died or hung inside a case: that case is the culprit
                status = "hang" if stuck else f"died ({process.returncode})"
                results[index] = {"done": index, "status": status, "problems": [f"worker {status}"]}
                current.pop(each, None)
            del running[each]
            start(each)
        if len(results) - last_report >= 250:
            last_report = len(results)
            rate = len(results) / (time.monotonic() - started_at)
            print(f"  {len(results)}/{args.cases} cases, {rate:.1f}/s", file=sys.stderr, flush=True)
    return {"results": results, "seconds": time.monotonic() - started_at}


def shrink(case: fuzzing.Case, problem: str) -> fuzzing.Case:
    """Drop damages one at a time while the same problem (by signature) still shows."""
    wanted = fuzzing.signature(problem)
    fuzzing.run_case(case)  # once as it was: a first run fills caches, which may move a limit being probed
    ops = list(case.ops)
    changed = True
    while changed and len(ops) > 1:
        changed = False
        for index in range(len(ops)):
            fewer = fuzzing.Case(case.target, case.layout, case.lang, tuple(ops[:index] + ops[index + 1 :]))
            outcome = fuzzing.run_case(fewer)
            if any(fuzzing.signature(p) == wanted for p in outcome.problems):
                ops = list(fewer.ops)
                changed = True
                break
    return fuzzing.Case(case.target, case.layout, case.lang, tuple(ops))


def summarize(args: argparse.Namespace, run: dict[str, Any]) -> dict[str, Any]:
    results: dict[int, dict[str, Any]] = run["results"]
    targets = tuple(args.targets.split(","))
    statuses = collections.Counter(str(result["status"]) for result in results.values())
    counts = dict.fromkeys([*TROUBLE, "other problems"], 0)
    distinct: dict[str, dict[str, Any]] = {}
    for index in sorted(results):
        problems = results[index]["problems"]
        kinds = {
            next((k for k, marks in TROUBLE.items() if any(m in problem for m in marks)), "other problems")
            for problem in problems
        }
        for kind in kinds:
            counts[kind] += 1
        if problems:  # a case's first problem names it; the others (its leak, its status) come with it
            entry = distinct.setdefault(
                fuzzing.signature(problems[0]), {"first": index, "count": 0, "problems": problems}
            )
            entry["count"] += 1
    print(f"\nseed {args.seed}: {len(results)} cases in {run['seconds']:.0f} s ({', '.join(targets)})")
    print("exit status: " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())))
    for kind, n in counts.items():
        print(f"cases with {kind}: {n}")
    print(f"distinct problems: {len(distinct)}")
    for number, entry in enumerate(sorted(distinct.values(), key=lambda e: -e["count"]), start=1):
        case = case_of(args.seed, entry["first"], targets)
        if args.shrink and "worker" not in entry["problems"][0]:
            case = shrink(case, entry["problems"][0])
        entry["case"] = case._asdict()
        print(f"\n{number}. {entry['count']} case(s), first #{entry['first']}: {entry['problems'][0][:400]}")
        for also in entry["problems"][1:4]:
            print(f"   also: {also[:200]}")
        print(f"   reproduce: python bench/fuzz.py --seed {args.seed} --only {entry['first']}")
        print(f"   shrunk case: {case!r}"[:1200])
    return {
        "seed": args.seed,
        "cases": len(results),
        "seconds": run["seconds"],
        "statuses": dict(statuses),
        "counts": counts,
        "distinct": list(distinct.values()),
    }


def show(args: argparse.Namespace) -> None:
    case = case_of(args.seed, args.only, tuple(args.targets.split(",")))
    print(repr(case))
    if args.write:
        files = fuzzing.damage(case)
        folder = Path(args.write)
        for name, data in files.items():
            where = folder / (
                name
                if name.startswith(fuzzing.LAYOUT_PREFIX) or name == fuzzing.RECIPIENTS_FILE
                else f"packet/{name}"
            )
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_bytes(data)
        print(
            f"written to {folder}; command: briefing {' '.join(fuzzing.command(case, folder / 'packet', folder / 'out'))}"
        )
        return
    outcome = fuzzing.run_case(case)
    print(f"status {outcome.status}\nstdout: {outcome.out[-2000:]}\nstderr: {outcome.err[-2000:]}")
    print("problems:\n" + ("\n".join(outcome.problems) or "(none)"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--case-seconds", type=float, default=60.0, help="time guard per case")
    parser.add_argument("--targets", default=",".join(fuzzing.TARGETS))
    parser.add_argument("--report", help="also write the figures and problems as JSON here")
    parser.add_argument("--no-shrink", dest="shrink", action="store_false")
    parser.add_argument("--only", type=int, help="show one case (by index) and what it does")
    parser.add_argument("--write", help="with --only: write the case's damaged files into this folder")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        targets = tuple(args.targets.split(","))
        worker(args.seed, [int(index) for index in args.worker.split(",") if index], targets)
        return
    if args.only is not None:
        show(args)
        return
    summary = summarize(args, campaign(args))
    if args.report:
        Path(args.report).write_text(
            json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
