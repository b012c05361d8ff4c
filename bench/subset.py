"""Benchmark: ReportLab's subsetter against fontTools' on the sample's fonts and the glyphs it draws, paired.

For each face the sample prints with, the code points it draws are recorded from a real build; then, in
alternating order round after round (so both see the same load on a shared machine), ReportLab's
`makeSubset` on the face a build already holds, and fontTools reading the file and subsetting it to the
same glyphs (TrueType outlines kept, layout tables and names dropped, as an embedded PDF font needs).
Prints per-face medians in milliseconds. Usage: python bench/subset.py [--rounds 7] [--layout gbt9704]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path
from typing import Any

from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont as FontToolsFont

from briefing.pipeline import build_pdf
from briefing.render.fonts import program

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"


def drawn_faces(layout: str) -> list[tuple[Any, list[int], Path, int]]:
    """(ReportLab face, code points in CID order, font file, index) for every face a build embeds."""
    seen: list[tuple[Any, list[int], Path, int]] = []
    original = program.CIDFont.addObjects

    def recording(self: program.CIDFont, doc: Any) -> None:
        spec = self.spec
        assert spec is not None
        seen.append((self.face, list(self._firsts), spec.path, spec.index))
        original(self, doc)

    program.CIDFont.addObjects = recording  # type: ignore[method-assign]  # a bench's probe, undone below
    try:
        build_pdf(SAMPLE, layout)
    finally:
        program.CIDFont.addObjects = original  # type: ignore[method-assign]
    return seen


def reportlab_subset(face: Any, points: list[int]) -> int:
    return len(face.makeSubset(points))


def fonttools_subset(path: Path, index: int, glyphs: list[int]) -> int:
    data = path.read_bytes()
    font = FontToolsFont(io.BytesIO(data), fontNumber=index if data[:4] == b"ttcf" else -1, lazy=True)
    options = ft_subset.Options()
    options.layout_features = []
    options.name_IDs = []
    options.name_languages = []
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(gids=glyphs)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return len(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--layout", default="gbt9704")
    args = parser.parse_args()
    faces = drawn_faces(args.layout)
    print(f"{len(faces)} faces, rounds {args.rounds} (alternating order)")
    print(f"{'face':40} {'glyphs':>6} {'ReportLab ms':>13} {'fontTools ms':>13} {'ratio':>7}  bytes RL / fT")
    totals = [0.0, 0.0]
    for face, points, path, index in faces:
        glyphs = sorted({0, *(face.charToGlyph.get(p, 0) for p in points)})
        times: dict[str, list[float]] = {"rl": [], "ft": []}
        sizes = {}
        for round_ in range(args.rounds):
            order = ("rl", "ft") if round_ % 2 == 0 else ("ft", "rl")
            for which in order:
                start = time.perf_counter()
                if which == "rl":
                    sizes[which] = reportlab_subset(face, points)
                else:
                    sizes[which] = fonttools_subset(path, index, glyphs)
                times[which].append((time.perf_counter() - start) * 1000)
        rl, ft = statistics.median(times["rl"]), statistics.median(times["ft"])
        totals[0] += rl
        totals[1] += ft
        print(
            f"{path.name:40} {len(points):6} {rl:13.1f} {ft:13.1f} {ft / rl:6.0f}x  {sizes['rl']} / {sizes['ft']}"
        )
    print(
        f"{'all faces of one build':40} {'':6} {totals[0]:13.1f} {totals[1]:13.1f} {totals[1] / totals[0]:6.0f}x"
    )


if __name__ == "__main__":
    main()
