"""Benchmark: `briefing diff -o` (the 修改对照表 as PDF and as Word) against a plain `diff`, in one run.

The sample and the 10x packet (bench/build.py) are each compared with a copy carrying the four known
edits in every copy of the areas they touch (bench/diff.py), so the 10x table has ten times the rows.
The plain diff, -o x.pdf and -o x.docx are run in turn, round after round, so that the machine's
changing speed (a shared machine's can halve within minutes) falls on all three alike. Prints wall time
(median, min, max), CPU time and peak memory of each whole process, and the table's pages.
Usage: python bench/diff_report.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, calibration, make_tenfold
from diff import run_once, with_edits


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
            pdf, docx = work / f"{label}.pdf", work / f"{label}.docx"
            forms = {
                "diff": ["diff", str(packet), str(edited)],
                "diff -o x.pdf": ["diff", str(packet), str(edited), "-o", str(pdf)],
                "diff -o x.docx": ["diff", str(packet), str(edited), "-o", str(docx)],
            }
            for arguments in forms.values():
                run_once(arguments)  # warm-up: compiled modules and fonts cached, as on any second run
            results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in forms}
            for _ in range(args.runs):
                for name, arguments in forms.items():
                    results[name].append(run_once(arguments))
            pages = _pages(pdf.read_bytes())
            for name, found in results.items():
                walls = [wall for wall, _, _ in found]
                cpu = statistics.median(cpu for _, _, cpu in found)
                peak = max(peak for _, peak, _ in found) / 1024
                print(
                    f"{label} {name:<15} wall {statistics.median(walls):.3f} s (min {min(walls):.3f}, "
                    f"max {max(walls):.3f})  cpu {cpu:.3f} s  peak {peak:.1f} MiB"
                )
            print(
                f"{label} table: {pages} pages, PDF {pdf.stat().st_size:,} bytes, Word {docx.stat().st_size:,} bytes"
            )
            shutil.rmtree(edited)
        after = calibration()
        drift = max(before, after) / min(before, after)
        verdict = "steady" if drift < 1.15 else f"drifting ({drift:.2f}x): compare with care"
        print(f"  calibration loop {before:.3f} s before, {after:.3f} s after: {verdict}")


def _pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


if __name__ == "__main__":
    main()
