"""Loose lines against the least any rule-keeping break could do: is what is left avoidable?

bench/texture.py reports the largest extra between two hanzi. On text where a token that never splits (a
number with its unit and qualifier, 232.70%左右) follows a paragraph's first line that it does not fit, no
break can fill that line: this script shows how far down breaking can go at all. It builds a packet, and
for every justified paragraph it compares the largest hanzi gap our breaker set with the least largest gap
of any setting of the whole paragraph: every line breaking where the rules allow (or at a soft break),
each line set as the breaker may set it (marks squeezed where the layout allows, gaps closed up to SHRINK),
found exhaustively by a min-max search over line starts. A line is *avoidable* when ours is looser than
that bound; the bound's largest value is what the text itself forces.

Usage: python bench/texture_bound.py [--packets sample,generated] [--layouts gbt9704,briefing]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE
from texture import make_generated

LOOSE = 1.0  # pt: the limit for the extra between two hanzi


def least_worst(p, refit) -> float:  # type: ignore[no-untyped-def]
    """The least largest hanzi gap (pt) over every setting of paragraph `p`, by a min-max search."""
    legal = bytearray(a | b for a, b in zip(p.flags()[0], p.soft(), strict=True))
    best = {(0, True): 0.0}  # (line start, first line?) -> the least worst gap to get there
    todo = [(0, True)]
    done: set[tuple[int, bool]] = set()
    result = float("inf")
    while todo:
        todo.sort(key=lambda state: state[0])
        s, first = todo.pop(0)
        if (s, first) in done:
            continue
        done.add((s, first))
        worst = best[(s, first)]
        index = 0 if first else 1
        for end in range(s + 1, p.n + 1):
            if not legal[end]:
                continue
            got = refit.gap(index, s, end)
            if got is None:
                if p.R[p.trim(s, end)] - p.X[s] > p.avail(index) + 3 * p.style.size:
                    break  # longer still cannot fit
                continue
            if end < p.n and unfilled(p, index, s, end):
                continue  # a line with no gap to open (one character, one number) would stay short
            new = max(worst, got[0])
            if end >= p.n:
                result = min(result, new)
                continue
            nxt = (p.skip_spaces(end), False)
            if new < best.get(nxt, float("inf")):
                best[nxt] = new
                todo.append(nxt)
    return result


def unfilled(p, index: int, s: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether line s..end-1 is short with no gap that may open to fill it."""
    from briefing.linebreak.justify import NEVER

    c = p.trim(s, end)
    slack = p.avail(index) - (p.R[c] - p.X[s])
    return slack > 0.01 and (c <= s or p.gaps.codes.count(NEVER, s, c) == c - s)


def measure(packet: Path, layout: str) -> tuple[int, float, float, int]:
    """(paragraphs, our largest gap, the bound's largest, paragraphs where ours is above the bound)."""
    import briefing.linebreak as linebreak
    import briefing.linebreak.breaker as breaker
    from briefing.linebreak.refit import Refit, share
    from briefing.pipeline import Options, build

    rows: list[tuple[float, float, str]] = []
    original = breaker.break_lines

    def recording(p, long):  # type: ignore[no-untyped-def]
        lines = original(p, long)
        if not p.justify or p.n > long or len(lines) < 2:
            return lines
        ours, position = 0.0, 0
        for index, line in enumerate(lines[:-1]):
            s = p.text.find(line.text, position)
            c = s + len(line.text) - 1
            slack = p.avail(index) - (p.R[c] - p.X[s])
            ours = max(ours, share(p, s, c, slack) if slack > 0 else 0.0)
            position = c + 1
        refit = Refit(p)
        refit.budget = 1 << 40
        rows.append((ours, least_worst(p, refit), p.text[:24]))
        return lines

    breaker.break_lines = recording
    linebreak.break_lines = recording
    try:
        with tempfile.TemporaryDirectory() as folder:
            build(packet, Path(folder) / "out.pdf", Options(layout=layout))
    finally:
        breaker.break_lines = original
        linebreak.break_lines = original
    avoidable = [row for row in rows if row[0] > max(row[1], LOOSE) + 0.01]
    for ours, bound, text in avoidable[:5]:
        print(f"    avoidable: ours {ours:.2f} bound {bound:.2f} {text}")
    return (
        len(rows),
        max((r[0] for r in rows), default=0.0),
        max((r[1] for r in rows), default=0.0),
        len(avoidable),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--packets", default="sample,generated")
    parser.add_argument("--layouts", default="gbt9704,briefing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        packets = {"sample": SAMPLE, "generated": make_generated(Path(folder) / "generated")}
        print(
            f"{'packet':<10} {'layout':<9} {'paragraphs':>10} {'ours-max':>9} {'bound-max':>10} {'avoidable':>10}"
        )
        for name in args.packets.split(","):
            for layout in args.layouts.split(","):
                count, ours, bound, avoidable = measure(packets[name], layout)
                print(f"{name:<10} {layout:<9} {count:>10} {ours:>9.2f} {bound:>10.2f} {avoidable:>10}")


if __name__ == "__main__":
    main()
