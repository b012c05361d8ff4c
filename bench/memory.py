"""Benchmark: peak memory and time of `briefing build` for the largest inputs a packet file may hold.

Each case is a copy of the sample with one area file grown by --sizes bytes (2,000,000 stays just under the
2 MB per-file limit): one huge table cell, one huge paragraph, many medium paragraphs, many table rows, a
huge title. Every case is built by a whole `python -m briefing.cli build` process, once with this
checkout's code and once with the code of another checkout (main by default, through PYTHONPATH),
alternating, so both see the same machine. Wall time on a shared machine varies twofold; CPU time less.

Usage: python bench/memory.py [--against /work/main] [--cases cell-cjk,paragraph] [--sizes 500000,1000000]
       [--layout gbt9704] [--narrow] [--timeout 600] [--skip-against]
Peak RSS is the child's ru_maxrss (os.wait4), which also counts the parent's pages at the fork: this
process stays far smaller than any build, so the figure is the build's own. A child over --limit-gib of address space is stopped by the
kernel and shown as "MemoryError", a child over --timeout seconds as "timeout".
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from build import build_command, child_env  # noqa: E402  (bench/build.py)

SAMPLE = ROOT / "data" / "dongchang-2023"
AREA = "01-扩大内需.yaml"
BUDGET_MIB = 300

# Sample prose (with its punctuation), repeated to any size: a realistic long text.
_PROSE = (
    "突出投资的关键作用。坚持项目为王理念，把项目作为推动经济运行整体好转、合理增长的“牛鼻子”，"
    "举全区之力谋项目、上项目、推项目。全区计划实施5000万元以上重点项目25个，总投资140亿元。"
)


def prose(size: int) -> str:
    """CJK prose of about `size` UTF-8 bytes."""
    unit = len(_PROSE.encode("utf-8"))
    return (_PROSE * (size // unit + 1))[: size // 3]


def _area(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _set_area(packet: Path, text: str) -> None:
    data = text.encode("utf-8")
    assert len(data) < 2 * 1024 * 1024, f"{len(data)} bytes: over the per-file limit"
    (packet / "areas" / AREA).write_bytes(data)


def _rows(make: Callable[[int], str], size: int, most: int) -> str:
    """Rows make(0), make(1), … while they come to at most `size` bytes, and at most `most` of them."""
    rows: list[str] = []
    used = 0
    for i in range(most):
        row = make(i)
        used += len(row.encode("utf-8"))
        if used > size:
            break
        rows.append(row)
    return "".join(rows)


def cell_cjk(packet: Path, size: int) -> None:
    """One project's status: `size` bytes of CJK prose in one table cell."""
    text = _area(packet / "areas" / AREA)
    text = text.replace("status: 如期开工建设", f"status: {prose(size)}", 1)
    _set_area(packet, text)


def cell_ascii(packet: Path, size: int) -> None:
    """One project's status: `size` letters without a space, one word longer than any line."""
    text = _area(packet / "areas" / AREA)
    text = text.replace("status: 如期开工建设", "status: " + "x" * size, 1)
    _set_area(packet, text)


def target_name(packet: Path, size: int) -> None:
    """One target's name (a table cell, and a chart label in the briefing layout): `size` bytes of prose."""
    text = _area(packet / "areas" / AREA)
    text = text.replace("  - name: 地区生产总值", f"  - name: {prose(size)}", 1)
    _set_area(packet, text)


def paragraph(packet: Path, size: int) -> None:
    """The summary as one paragraph of `size` bytes."""
    text = _area(packet / "areas" / AREA)
    text = re.sub(
        r"^summary: \|\n(?:  .*\n|\n)*", f"summary: |\n  {prose(size)}\n\n", text, count=1, flags=re.M
    )
    _set_area(packet, text)


def paragraph_latin(packet: Path, size: int) -> None:
    """The summary as one paragraph of `size` bytes of Latin words: a character a byte, the most per file."""
    text = _area(packet / "areas" / AREA)
    words = ("lorem ipsum dolor sit amet 2023 GDP " * (size // 36 + 1))[:size].strip()
    text = re.sub(r"^summary: \|\n(?:  .*\n|\n)*", f"summary: |\n  {words}\n\n", text, count=1, flags=re.M)
    _set_area(packet, text)


def many_paragraphs(packet: Path, size: int) -> None:
    """The summary as distinct paragraphs of about 1 KB each, `size` bytes in all."""
    text = _area(packet / "areas" / AREA)
    one = prose(1000)
    # Each paragraph differs (rotated, numbered): identical ones would be broken into lines only once.
    body = "".join(f"  第{i}段。{one[i % 97 :]}{one[: i % 97]}\n\n" for i in range(size // 1000))
    text = re.sub(r"^summary: \|\n(?:  .*\n|\n)*", f"summary: |\n{body}", text, count=1, flags=re.M)
    _set_area(packet, text)


def many_rows(packet: Path, size: int) -> None:
    """Projects: four-line rows of about 100 bytes each, `size` bytes in all."""
    text = _area(packet / "areas" / AREA)
    rows = _rows(
        lambda i: (
            f"  - name: 第{i}号重点项目\n    kind: 续建\n    status: 完成主体建设{i}\n    note: 第{i}号\n"
        ),
        size,
        size,
    )
    text = re.sub(r"^projects:\n(?:  .*\n|\n)*", f"projects:\n{rows}", text, count=1, flags=re.M)
    _set_area(packet, text)


def many_small_rows(packet: Path, size: int) -> None:
    """Projects: as many one-line rows as the 200,000-node limit allows (5 nodes a row), `size` bytes at most."""
    text = _area(packet / "areas" / AREA)
    rows = _rows(lambda i: f"  - {{name: 项目{i}, kind: 新建}}\n", size, 39_000)
    text = re.sub(r"^projects:\n(?:  .*\n|\n)*", f"projects:\n{rows}", text, count=1, flags=re.M)
    _set_area(packet, text)


def title(packet: Path, size: int) -> None:
    """The area title (a heading, a contents entry, a bookmark): `size` bytes of prose."""
    text = _area(packet / "areas" / AREA)
    text = re.sub(r"^title: .*$", f"title: {prose(size)}", text, count=1, flags=re.M)
    _set_area(packet, text)


CASES: dict[str, Callable[[Path, int], None]] = {
    "cell-cjk": cell_cjk,
    "cell-ascii": cell_ascii,
    "target-name": target_name,
    "paragraph": paragraph,
    "paragraph-latin": paragraph_latin,
    "many-paragraphs": many_paragraphs,
    "many-rows": many_rows,
    "many-small-rows": many_small_rows,
    "title": title,
}


def narrow_layout(name: str, target: Path) -> Path:
    """The shipped layout `name` with its projects' status column a tenth of a character wide."""
    shutil.copytree(ROOT / "layouts" / name, target)
    path = target / "layout.yaml"
    text, count = re.subn(
        r"(\{field: status,.*?width: )[^,}]+", r"\g<1>0.1字", path.read_text(encoding="utf-8")
    )
    assert count == 1, "the layout's status column"
    path.write_text(text, encoding="utf-8")
    return target


def build(code: Path, packet: Path, output: Path, layout: str, cache: Path, timeout: float, limit: int):
    """(exit status or 'timeout'/'MemoryError', wall s, CPU s, peak RSS MiB, first stderr line) of one build."""
    env = child_env()
    env["PYTHONPATH"] = str(code)
    env["BRIEFING_CACHE"] = str(cache)
    command = build_command(packet, output, "--layout", layout)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=env, preexec_fn=cap, cwd=code
        )
        deadline = start + timeout
        status: object = None
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.perf_counter() > deadline:
                process.kill()
                _, wait_status, usage = os.wait4(process.pid, 0)
                status = "timeout"
                break
            time.sleep(0.05)
        process.returncode = -1  # reaped above
        wall = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode("utf-8", errors="replace").strip().splitlines()
    if status not in (0, 1, 2, "timeout") and any("MemoryError" in line for line in err):
        status = "MemoryError"
    cpu = usage.ru_utime + usage.ru_stime
    return status, wall, cpu, usage.ru_maxrss / 1024, (err[0][:100] if err else "")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", type=Path, default=Path("/work/main"), help="the other checkout")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument(
        "--sizes",
        default="1000000",
        help="bytes of the grown text, comma-separated (two show how time grows)",
    )
    parser.add_argument("--layout", default="gbt9704")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--limit-gib", type=float, default=6, help="address-space cap per build")
    parser.add_argument("--skip-against", action="store_true", help="measure this checkout only")
    parser.add_argument(
        "--narrow",
        action="store_true",
        help="a copy of the layout whose status column is 0.1字 wide: a character a line, the most pages",
    )
    args = parser.parse_args()
    limit = int(args.limit_gib * 1024**3)
    sizes = [int(size) for size in args.sizes.split(",")]
    codes = [("this", ROOT)] + ([] if args.skip_against else [("against", args.against.resolve())])
    print(f"layout {args.layout}; this = {ROOT}, against = {args.against}; budget {BUDGET_MIB} MiB")
    print(
        f"{'case':<16} {'bytes':>9} {'code':<8} {'status':>11} {'wall s':>8} {'CPU s':>7} {'peak MiB':>9}  message"
    )
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.narrow:
            args.layout = str(narrow_layout(args.layout, work / "narrow"))
        for label, code in codes:  # warm-up: fonts parsed and templates compiled into each code's cache
            build(code, SAMPLE, work / "warm.pdf", args.layout, work / f"cache-{label}", args.timeout, limit)
        for name in args.cases.split(","):
            cpus: dict[str, list[float]] = {label: [] for label, _ in codes}
            grown_sizes: list[int] = []
            for size in sizes:
                packet = work / f"{name}-{size}"
                shutil.copytree(SAMPLE, packet)
                CASES[name](packet, size)
                grown = (packet / "areas" / AREA).stat().st_size
                grown_sizes.append(grown)
                for label, code in codes:
                    cache = work / f"cache-{label}"
                    output = work / f"{name}-{size}-{label}.pdf"
                    status, wall, cpu, peak, message = build(
                        code, packet, output, args.layout, cache, args.timeout, limit
                    )
                    cpus[label].append(cpu)
                    flag = "" if peak < BUDGET_MIB else "  OVER BUDGET"
                    print(
                        f"{name:<16} {grown:>9,} {label:<8} {status!s:>11} {wall:8.2f} {cpu:7.2f} {peak:9.1f}  {message}{flag}",
                        flush=True,
                    )
                shutil.rmtree(packet)
            if len(sizes) > 1:
                growth = ", ".join(
                    f"{label} x{times[-1] / times[0]:.1f}" for label, times in cpus.items() if times[0] > 0
                )
                print(
                    f"{'':<16} CPU time for x{grown_sizes[-1] / grown_sizes[0]:.1f} the file's bytes: {growth}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
