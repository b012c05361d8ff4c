"""Benchmark: `briefing send` to N recipients through a local SMTP server, this tree against another revision.

Each run is a whole `briefing send` process mailing the sample packet to N recipients on a loopback SMTP
server (aiosmtpd, as in the tests; no TLS, so the figures are briefing's own). The two versions run
alternately in the same session, since the speed of a shared machine drifts within minutes. Prints per
run: wall time, peak memory (max RSS), what the process wrote to disk (ru_oublock, which shows the
manifest being rewritten) and the messages the server took.
Usage: python bench/send.py [--base main] [--counts 100 1000] [--rounds 1] [--dry-run]
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
from typing import Any

from build import cli_command
from copies import recipients_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"
sys.path.insert(0, str(ROOT / "tests"))

from smtpserver import SmtpServer  # noqa: E402  (the tests' server, found through the path above)


class Counter:
    """An aiosmtpd handler that only counts what arrives (keeping 1,000 copies would bloat this process)."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        self.bytes += len(envelope.original_content or b"")
        return "250 2.0.0 OK"


def run_send(source: Path, work: Path, recipients: Path, out: Path, dry_run: bool) -> dict[str, float]:
    """One `briefing send` with the package imported from `source`; its wall time, peak memory, disk writes."""
    counter = Counter()
    with SmtpServer(counter, None, "plain") as server:  # type: ignore[arg-type]
        config = work / f"mail-{server.port}.yaml"
        config.write_text(
            f"host: 127.0.0.1\nport: {server.port}\nsecurity: plain\nsender: office@example.gov.cn\n",
            encoding="utf-8",
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEFING_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            PYTHONPATH=str(source),
            BRIEFING_HOME=str(work / "home"),
            BRIEFING_CACHE=str(work / f"cache-{source.name}"),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        arguments = ["send", str(SAMPLE), "--recipients", str(recipients), "--out", str(out)]
        arguments += ["--config", str(config), "--allow-plain"] + (["--dry-run"] if dry_run else [])
        start = time.perf_counter()
        # cwd is the work folder, so `-m` cannot pick up a `briefing` package from the caller's folder.
        process = subprocess.Popen(
            cli_command(*arguments),
            env=env,
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        errors = process.stderr.read()  # read as it comes: one progress line per recipient
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"send failed ({source}):\n" + errors.decode("utf-8", "replace")[-2000:])
    return {
        "wall": wall,
        "peak": usage.ru_maxrss / 1024,
        "written": usage.ru_oublock * 512 / 2**20,
        "messages": counter.messages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="main", help="the git revision to compare with (default main)")
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--dry-run", action="store_true", help="write .eml files instead of sending")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        base = work / "base"
        base.mkdir()
        # An exported tree, not a worktree: nothing is added to the repository's own records.
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.base], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        sides = {"base": base, "here": ROOT}
        warm = recipients_file(work, 1)
        for name, source in sides.items():  # fills each side's font and template caches
            run_send(source, work, warm, work / f"warm-{name}", args.dry_run)
        for count in args.counts:
            listed = work / f"recipients-{count}"
            listed.mkdir()
            recipients = recipients_file(listed, count)
            results: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
            for round_ in range(args.rounds):
                for name, source in sides.items():
                    out = work / f"out-{name}-{count}-{round_}"
                    results[name].append(run_send(source, work, recipients, out, args.dry_run))
            for name, runs in results.items():
                wall = statistics.median(run["wall"] for run in runs)
                peak = max(run["peak"] for run in runs)
                written = statistics.median(run["written"] for run in runs)
                messages = runs[-1]["messages"]
                print(
                    f"{name:>4} {count:>5} recipients: wall {wall:7.1f} s  peak {peak:6.1f} MiB  "
                    f"disk written {written:8.1f} MiB  messages {messages:.0f}",
                    flush=True,
                )
            ratio = statistics.median(r["wall"] for r in results["here"]) / statistics.median(
                r["wall"] for r in results["base"]
            )
            print(f"here / base wall ({count}): {ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
