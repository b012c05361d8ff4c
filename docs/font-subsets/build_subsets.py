#!/usr/bin/env python3
"""Rebuild the CJK font subsets shipped in fonts/ from the Debian source fonts.

This is a maintainer tool. Building, installing or testing briefing never runs it:
the subsets it writes are committed to the repository.

Recipe (one pass per output file):

1. pyftsubset SRC [--font-number=N] --text-file=CHARSET --layout-features='' --no-hinting
   --desubroutinize --name-IDs='*' --name-languages='*' --name-legacy --notdef-outline
   --drop-tables+=GSUB,GPOS,GDEF,VORG,vhea,vmtx,DSIG,BASE
2. Outline simplification (SimplifyPen), tolerance T = 2/1000 em (2 units at the sources' 1000 upm):
   a curve whose control points lie within T of its chord becomes a line, then every run of lines is
   simplified with Ramer-Douglas-Peucker at T. The original outline stays within T of the new one.
   Step 6 moves every point by up to 0.5/256 em = 1.95/1000 em anyway, so this adds no error larger than
   (about) the rounding already accepted: at 16 pt, 0.03 pt = 0.011 mm, a quarter of a 600 dpi dot.
   CFF sources: in the cubic domain, in front of step 3's Cu2QuPen. TrueType source (LXGW WenKai):
   each simple glyph redrawn through SimplifyPen into a TTGlyphPen (kept as it was unless it loses
   points). FandolFang, whose outlines are full of practically straight curves and collinear points,
   loses 43 % of its points; the others 5-7 %.
3. CFF sources only: CFF -> TrueType outlines (the fontTools otf2ttf snippet logic):
   every glyph drawn into SimplifyPen(Cu2QuPen(TTGlyphPen(None), max_err=1.0, reverse_direction=True));
   new glyf + loca; CFF and VORG dropped; hmtx lsb = xMin; maxp 1.0; post format 3.
4. LXGW WenKai only: renamed to "BriefKai" (name IDs 1, 3, 4, 6 and 16/17 if present),
   because "LXGW" and "霞鹜" are Reserved Font Names under the OFL.
5. NotoSerifCJKsc-Regular.subset.ttf only: new PostScript name (see Target.psname).
6. fontTools.ttLib.scaleUpem.scale_upem(font, 256): outlines and metrics rescaled from 1000 to 256
   units per em. A unit is then 1/16 pt at 16 pt type, below a 600 dpi printer dot, and most coordinate
   deltas fit one byte: embedded glyphs are 20-25 % smaller (FandolFang 431 -> 330 bytes a glyph).
   `--rescale FILE...` applies this step alone to subsets already built.

See README.md beside this file for the Debian packages, usage and timings.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.basePen import AbstractPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.filterPen import ContourFilterPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.scaleUpem import scale_upem

HERE = Path(__file__).resolve().parent
FONTS_DIR = HERE.parent.parent / "fonts"
CHARSET_FILE = HERE / "fonts-subset-charset.txt"
TYGF_FILE = HERE / "tygf-8105.txt"

# Where Debian installs the sources (apt-get install fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese).
SEARCH_ROOTS = [
    Path("/usr/share/fonts"),
    Path("/usr/share/texlive/texmf-dist/fonts"),
    Path("/usr/share/texmf/fonts"),
]

PYFTSUBSET_OPTIONS = [
    "--layout-features=",
    "--no-hinting",
    "--desubroutinize",
    "--name-IDs=*",
    "--name-languages=*",
    "--name-legacy",
    "--notdef-outline",
    "--drop-tables+=GSUB,GPOS,GDEF,VORG,vhea,vmtx,DSIG,BASE",
]

CU2QU_MAX_ERR = 1.0
UNITS_PER_EM = 256
SIMPLIFY_TOLERANCE = 2 / 1000  # em, step 2; about the 0.5/256 em that step 6's rounding moves a point

Point = tuple[float, float]


@dataclass(frozen=True)
class Source:
    key: str  # command-line option name
    filename: str  # file name Debian installs
    package: str
    face: int | None  # TTC face index (the SC face), None for a plain font
    psname: str  # expected PostScript name of that face, checked before subsetting


SOURCES = {
    s.key: s
    for s in [
        Source("fandol-fang", "FandolFang-Regular.otf", "texlive-lang-chinese", None, "FandolFang-Regular"),
        Source(
            "noto-serif-regular", "NotoSerifCJK-Regular.ttc", "fonts-noto-cjk", 2, "NotoSerifCJKsc-Regular"
        ),
        Source("noto-serif-bold", "NotoSerifCJK-Bold.ttc", "fonts-noto-cjk", 2, "NotoSerifCJKsc-Bold"),
        Source("noto-sans-regular", "NotoSansCJK-Regular.ttc", "fonts-noto-cjk", 2, "NotoSansCJKsc-Regular"),
        Source("noto-sans-bold", "NotoSansCJK-Bold.ttc", "fonts-noto-cjk", 2, "NotoSansCJKsc-Bold"),
        Source("lxgw-wenkai", "LXGWWenKai-Regular.ttf", "fonts-lxgw-wenkai", None, "LXGWWenKai-Regular"),
    ]
}


@dataclass(frozen=True)
class Target:
    output: str
    source: str  # key into SOURCES
    charset: str = "full"  # "full", or "fang-fallback": the charset minus what FandolFang maps
    rename: str | None = None  # new family name (OFL Reserved Font Names)
    # New PostScript name (name ID 6). ReportLab keys registered TTFs by it: registering a second file
    # with a PostScript name already registered silently aliases the new font name to the first file.
    psname: str | None = None


TARGETS = [
    Target("FandolFang-Regular.subset.ttf", "fandol-fang"),
    Target("NotoSerifCJKsc-Regular.fangfallback.ttf", "noto-serif-regular", charset="fang-fallback"),
    # Same source face as the fallback above, so it needs its own PostScript name (see Target.psname).
    Target("NotoSerifCJKsc-Regular.subset.ttf", "noto-serif-regular", psname="NotoSerifCJKscSubset-Regular"),
    Target("NotoSerifCJKsc-Bold.subset.ttf", "noto-serif-bold"),
    Target("NotoSansCJKsc-Regular.subset.ttf", "noto-sans-regular"),
    Target("NotoSansCJKsc-Bold.subset.ttf", "noto-sans-bold"),
    Target("KaiSubset-Regular.ttf", "lxgw-wenkai", rename="BriefKai"),
]


# --------------------------------------------------------------------------- charset


def read_chars(path: Path) -> set[str]:
    return set(path.read_text(encoding="utf-8")) - {"\n", "\r", "\ufeff"}


def gb2312_rows(first: int, last: int) -> set[str]:
    chars = set()
    for row in range(first, last + 1):
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([row, cell]).decode("gb2312"))
    return chars


def documented_base() -> set[str]:
    """Every part of the charset that fonts.md lists, except the seed text."""
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2460, 0x2469), (0x2474, 0x2476), (0x2160, 0x2169)]
    chars = {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
    chars |= gb2312_rows(0xB0, 0xF7) | gb2312_rows(0xA1, 0xA9) | read_chars(TYGF_FILE)
    chars |= set("（）《》“”‘’、，。；：？！…—·〔〕【】")
    chars |= set("％℃㎡‰°±×÷≤≥№～〇■□▲△◆◇○●★☆〈〉「」『』←↑→↓￥\u3000")
    return chars


def check_charset(chars: set[str]) -> list[str]:
    missing = documented_base() - chars
    return sorted(missing)


# --------------------------------------------------------------------------- steps


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment ab (to the point a if a == b)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _rdp(points: list[Point], witnesses: list[tuple[Point, ...]], tolerance: float) -> list[int]:
    """Ramer-Douglas-Peucker on the polyline points: the sorted indices of the points to keep.

    A chord replaces the stretch between two kept points only if every point of the stretch lies within
    tolerance of it, so removed points never add up to more than that. witnesses[i] are the control points
    of a curve that became the line points[i] -> points[i + 1]: they must lie within tolerance too, so
    the original curve (inside the hull of its points) is within tolerance of the chord as well.
    """
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        far = max(range(first + 1, last), key=lambda k: _distance(points[k], a, b))
        inside = [points[k] for k in range(first + 1, last)] + [w for ws in witnesses[first:last] for w in ws]
        if any(_distance(p, a, b) > tolerance for p in inside):
            keep.add(far)
            stack += [(first, far), (far, last)]
    return sorted(keep)


class SimplifyPen(ContourFilterPen):
    """Step 2: drop outline points so that the outline moves by at most `tolerance` font units.

    1. A cubic curveTo whose two control points lie within tolerance of the chord from its start to its
       end point, or a qCurveTo with a single off-curve point within tolerance of it, becomes a lineTo
       (the curve then deviates from the line by at most 0.75, resp. 0.5, x tolerance).
    2. Every run of consecutive lines, the implied closing line included, is simplified with
       Ramer-Douglas-Peucker (_rdp). Runs end at the contour's start point and at the endpoints of the
       remaining curves, which are all kept.

    Every point of the original outline stays within tolerance of the new one. Closed contours stay
    closed; one that would keep fewer than 3 points (on- and off-curve) is replayed unchanged, and so is
    an open contour or one without on-curve points. Curves with several off-curve points are kept.
    """

    def __init__(self, out_pen: AbstractPen, tolerance: float) -> None:
        super().__init__(out_pen)
        self.tolerance = tolerance

    def filterContour(self, contour: list[tuple[str, tuple]]) -> list[tuple[str, tuple]]:
        if len(contour) < 3 or contour[0][0] != "moveTo" or contour[-1][0] != "closePath":
            return contour
        (start,) = contour[0][1]
        # segments as (operator, points, witnesses); curves that are practically straight become lines
        segments: list[tuple[str, tuple, tuple[Point, ...]]] = []
        current = start
        for op, pts in contour[1:-1]:
            if pts[-1] is None:
                return contour
            witnesses: tuple[Point, ...] = ()
            single = (op, len(pts)) in (("curveTo", 3), ("qCurveTo", 2))
            if single and all(_distance(c, current, pts[-1]) <= self.tolerance for c in pts[:-1]):
                op, pts, witnesses = "lineTo", pts[-1:], pts[:-1]
            segments.append((op, pts, witnesses))
            current = pts[-1]
        closing = current != start  # the implied closing line takes part in the last run
        if closing:
            segments.append(("lineTo", (start,), ()))

        out: list[tuple[str, tuple]] = [contour[0]]
        run: list[Point] = [start]  # points of the current run of lines, from the point before it
        run_witnesses: list[tuple[Point, ...]] = []
        for op, pts, witnesses in [*segments, ("end", (), ())]:
            if op == "lineTo":
                run.append(pts[0])
                run_witnesses.append(witnesses)
                continue
            kept = _rdp(run, run_witnesses, self.tolerance)
            out += [("lineTo", (run[k],)) for k in kept[1:]]
            if op != "end":
                out.append((op, pts))
                run, run_witnesses = [pts[-1]], []
        if closing:
            out.pop()  # the closing line is implied again
        out.append(contour[-1])
        if sum(len(pts) for _, pts in out) - (out[-2][1][-1] == start) < 3:
            return contour
        return out


def find_source(src: Source, given: str | None) -> Path:
    if given:
        path = Path(given)
        if not path.is_file():
            raise SystemExit(f"--{src.key}: no such file: {path}")
        return path
    for root in SEARCH_ROOTS:
        if root.is_dir():
            for found in sorted(root.rglob(src.filename)):
                return found
    raise SystemExit(
        f"{src.filename} not found under {', '.join(map(str, SEARCH_ROOTS))}: "
        f"apt-get install {src.package}, or pass --{src.key} PATH"
    )


def check_face(src: Source, path: Path) -> None:
    if src.face is None:
        font = TTFont(path, lazy=True)
    else:
        fonts = TTCollection(path, lazy=True).fonts
        if src.face >= len(fonts):
            raise SystemExit(f"{path}: has {len(fonts)} faces, expected face {src.face} = {src.psname}")
        font = fonts[src.face]
    psname = font["name"].getDebugName(6)
    if psname != src.psname:
        raise SystemExit(f"{path} face {src.face}: PostScript name {psname!r}, expected {src.psname!r}")


def pyftsubset(path: Path, face: int | None, text_file: Path, out: Path) -> None:
    args = [str(path)]
    if face is not None:
        args.append(f"--font-number={face}")
    args += [f"--text-file={text_file}", *PYFTSUBSET_OPTIONS, f"--output-file={out}"]
    subset.main(args)  # exactly the pyftsubset command line


def cff_to_truetype(font: TTFont) -> None:
    """The fontTools otf2ttf snippet, with lsb = xMin, VORG dropped and post format 3."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    tolerance = SIMPLIFY_TOLERANCE * font["head"].unitsPerEm
    quad = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(None)
        cu2qu_pen = Cu2QuPen(tt_pen, CU2QU_MAX_ERR, reverse_direction=True)
        glyph_set[name].draw(SimplifyPen(cu2qu_pen, tolerance))
        quad[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = quad
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)

    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.compile(font)

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font.sfntVersion = "\x00\x01\x00\x00"


def simplify_truetype(font: TTFont) -> None:
    """Step 2 for a TrueType source: redraw every simple glyph through SimplifyPen.

    A glyph is replaced only if it loses points; the others keep their bytes. lsb = xMin again.
    """
    glyf, hmtx = font["glyf"], font["hmtx"]
    tolerance = SIMPLIFY_TOLERANCE * font["head"].unitsPerEm
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite() or glyph.numberOfContours <= 0:
            continue
        tt_pen = TTGlyphPen(None)
        glyph.draw(SimplifyPen(tt_pen, tolerance), glyf)
        new = tt_pen.glyph()
        if len(new.coordinates) < len(glyph.coordinates):
            new.recalcBounds(glyf)
            glyf[name] = new
            hmtx[name] = (hmtx[name][0], new.xMin)


def rescale(font: TTFont) -> bool:
    """Step 6: scale to UNITS_PER_EM; False if the font is already there."""
    if font["head"].unitsPerEm == UNITS_PER_EM:
        return False
    scale_upem(font, UNITS_PER_EM)
    return True


def rescale_file(path: str) -> str:
    font = TTFont(path, recalcTimestamp=False)
    before = Path(path).stat().st_size
    if not rescale(font):
        return f"{path}: already {UNITS_PER_EM} units per em"
    font.save(path)
    return f"{path}: {before / 1e6:.2f} -> {Path(path).stat().st_size / 1e6:.2f} MB"


def rename_family(font: TTFont, family: str) -> None:
    """Replace the family-identifying names (IDs 1, 3, 4, 6, 16, 17) everywhere, in every language."""
    name = font["name"]
    old = {n.nameID: n.toUnicode() for n in name.names if n.platformID == 3 and n.langID == 0x409}
    style = old.get(2, "Regular")
    ps = f"{family}-{style}".replace(" ", "")
    new = {1: family, 3: f"{ps};subset", 4: family if style == "Regular" else f"{family} {style}", 6: ps}
    if 16 in old:
        new[16] = family
    if 17 in old:
        new[17] = old[17]
    platforms = {(n.platformID, n.platEncID, n.langID) for n in name.names if n.nameID in (1, 2)}
    name.names = [n for n in name.names if n.nameID not in (1, 3, 4, 6, 16, 17)]
    for platform_id, enc_id, lang_id in sorted(platforms):
        if (platform_id, lang_id) not in ((3, 0x409), (1, 0)):
            continue  # other languages lose these IDs (the Chinese ones are "霞鹜文楷")
        for name_id, value in new.items():
            if name_id == 3 and platform_id != 3:
                continue  # the unique ID is written for Windows only, as in the shipped file
            name.setName(value, name_id, platform_id, enc_id, lang_id)


def set_psname(font: TTFont, psname: str) -> None:
    """Give the face a new PostScript name (ID 6) and put it into the unique ID (ID 3) too."""
    name = font["name"]
    old = name.getDebugName(6)
    for record in name.names:
        if record.nameID == 6:
            record.string = psname
        elif record.nameID == 3 and old and old in record.toUnicode():
            record.string = record.toUnicode().replace(old, psname)


def build_one(target: Target, src_path: str, out_dir: str, text: str) -> dict:
    src = SOURCES[target.source]
    out = Path(out_dir) / target.output
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "charset.txt"
        text_file.write_text(text, encoding="utf-8")
        subset_file = Path(tmp) / "subset.otf"
        pyftsubset(Path(src_path), src.face, text_file, subset_file)
        t_subset = time.perf_counter() - started
        font = TTFont(subset_file, recalcTimestamp=False)
        converted = "CFF " in font
        if converted:
            cff_to_truetype(font)  # simplifies the cubic outlines on the way
        else:
            simplify_truetype(font)
        if target.rename:
            rename_family(font, target.rename)
        if target.psname:
            set_psname(font, target.psname)
        rescale(font)
        font.save(out)
    total = time.perf_counter() - started
    return {"output": target.output, "subset_s": t_subset, "total_s": total, "converted": converted}


# --------------------------------------------------------------------------- report


def summary(path: Path, chars: set[str]) -> dict:
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    return {
        "glyphs": len(font.getGlyphOrder()),
        "cmap": set(cmap),
        "missing": sorted(c for c in chars if ord(c) not in cmap),
        "size": path.stat().st_size,
        "outlines": "glyf" if "glyf" in font else "CFF",
        "fsType": font["OS/2"].fsType,
        "family": font["name"].getDebugName(1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="directory to write the subsets to (fonts/ to replace them)")
    for src in SOURCES.values():
        parser.add_argument(f"--{src.key}", metavar="PATH", help=f"{src.filename} ({src.package})")
    parser.add_argument(
        "--charset", default=str(CHARSET_FILE), help="characters to keep (default: %(default)s)"
    )
    parser.add_argument(
        "--extra-text", action="append", default=[], metavar="FILE", help="add the characters of FILE"
    )
    parser.add_argument(
        "--only", action="append", metavar="OUTPUT", help="build only this output file (repeatable)"
    )
    parser.add_argument("--jobs", "-j", type=int, default=1, help="parallel builds (default 1)")
    parser.add_argument("--compare", metavar="DIR", help="compare glyph count and cmap with the files in DIR")
    parser.add_argument(
        "--rescale",
        nargs="+",
        metavar="FILE",
        help="only apply step 6 (units per em) to these files, in place",
    )
    args = parser.parse_args(argv)
    if args.rescale:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for line in pool.map(rescale_file, args.rescale):
                print(line)
        return 0

    if not args.out:
        parser.error("--out is required unless --rescale is given")
    chars = read_chars(Path(args.charset))
    for extra in args.extra_text:
        chars |= read_chars(Path(extra)) - {"\t"}
    gaps = check_charset(chars)
    if gaps:
        print(
            f"warning: charset lacks {len(gaps)} documented characters: {''.join(gaps[:40])}", file=sys.stderr
        )

    targets = [t for t in TARGETS if not args.only or t.output in args.only]
    unknown = set(args.only or []) - {t.output for t in TARGETS}
    if unknown:
        parser.error(f"unknown output(s) {sorted(unknown)}; known: {[t.output for t in TARGETS]}")
    needed = {t.source for t in targets} | (
        {"fandol-fang"} if any(t.charset != "full" for t in targets) else set()
    )
    paths = {}
    for key in sorted(needed):
        paths[key] = find_source(SOURCES[key], getattr(args, key.replace("-", "_")))
        check_face(SOURCES[key], paths[key])
        print(f"source {key}: {paths[key]}")

    full_text = "".join(sorted(chars))
    texts = {}
    for t in targets:
        if t.charset == "full":
            texts[t.output] = full_text
        else:  # the FandolFang fallback: what the charset asks for and FandolFang does not map
            fang = TTFont(paths["fandol-fang"], lazy=True).getBestCmap()
            texts[t.output] = "".join(sorted(c for c in chars if ord(c) not in fang))

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [(t, str(paths[t.source]), str(out_dir), texts[t.output]) for t in targets]
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(build_one, *zip(*jobs, strict=True)))
    else:
        results = [build_one(*job) for job in jobs]
    wall = time.perf_counter() - started

    failed = False
    print(
        f"\n{'output':42} {'MB':>6} {'glyphs':>6} {'cmap':>5} {'missing':>7} {'subset s':>8} {'total s':>7}"
    )
    for res, t in zip(results, targets, strict=True):
        info = summary(out_dir / t.output, set(texts[t.output]))
        print(
            f"{t.output:42} {info['size'] / 1e6:6.2f} {info['glyphs']:6d} {len(info['cmap']):5d} "
            f"{len(info['missing']):7d} {res['subset_s']:8.1f} {res['total_s']:7.1f}"
        )
        if info["outlines"] != "glyf" or info["fsType"] & 0x0302 or (t.rename and info["family"] != t.rename):
            print(f"  ERROR: outlines {info['outlines']}, fsType {info['fsType']}, family {info['family']!r}")
            failed = True
        if args.compare:
            ref_path = Path(args.compare) / t.output
            if not ref_path.is_file():
                print(f"  compare: {ref_path} does not exist")
                continue
            ref = summary(ref_path, set(texts[t.output]))
            same = ref["cmap"] == info["cmap"] and ref["glyphs"] == info["glyphs"]
            print(
                f"  compare: {'SAME' if same else 'DIFFERENT'} cmap and glyph count as {ref_path} "
                f"({ref['glyphs']} glyphs, {len(ref['cmap'])} cmap, {ref['size'] / 1e6:.2f} MB)"
            )
            if not same:
                print(f"    only new: {sorted(info['cmap'] - ref['cmap'])[:20]}")
                print(f"    only ref: {sorted(ref['cmap'] - info['cmap'])[:20]}")
                failed = True
    # ReportLab aliases a TTF whose PostScript name is already registered to the first one (tofu).
    seen: dict[str, str] = {}
    for path in sorted(out_dir.glob("*.tt[fc]")):
        psname = TTFont(path, lazy=True, fontNumber=0)["name"].getDebugName(6)
        if psname in seen:
            print(f"ERROR: {path.name} and {seen[psname]} share the PostScript name {psname!r}")
            failed = True
        seen.setdefault(psname, path.name)
    print(f"\nwall time {wall:.1f} s with {args.jobs} job(s), {os.cpu_count()} CPU(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
