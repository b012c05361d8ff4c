#!/usr/bin/env python3
"""Check the font files in fonts/: ReportLab loads them, fsType allows embedding, samples render.

For each .ttf/.ttc (or the files given) this:
- registers it with reportlab.pdfbase.ttfonts.TTFont(name, path) and times that;
- reads OS/2 fsType (restricted-licence or no-subsetting bits fail the check);
- checks every sample character against the cmap (a miss would be drawn as .notdef: tofu);
- prints the advance widths, in font units, of the punctuation that matters for typesetting;
- with --render DIR, writes one small PDF per face with ReportLab and rasterises it to PNG with
  pypdfium2, to look at by eye.

Maintainer tool like build_subsets.py; the product's build and tests never need it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from fontTools.ttLib import TTFont as FTFont

FONTS_DIR = Path(__file__).resolve().parent.parent.parent / "fonts"

SAMPLES = [
    "二〇二四年东昌区政府工作报告（一）、。，；：？！",
    "“稳中求进”‘以进促稳’——《意见》〔2024〕1号…… — 1 —",
    "ABC abc 0123456789 %+.·×÷≤≥℃％①⑩Ⅰ■△→￥ é ü ñ",
]
# 通用规范汉字表 characters outside GB2312 (two of them outside the BMP); FandolFang lacks these.
EXTENDED = "镕喆堃赟珺玥昇彧垚𠅤𡎚"
PUNCT = {
    "U+2014 —": "\u2014",
    "U+201C “": "\u201c",
    "U+201D ”": "\u201d",
    "U+2018 ‘": "\u2018",
    "U+2019 ’": "\u2019",
    "U+00B7 ·": "\u00b7",
    "U+2026 …": "\u2026",
    "U+3001 、": "\u3001",
    "U+FF0C ，": "\uff0c",
    "U+3000": "\u3000",
}


def advances(font: FTFont) -> dict[str, int | None]:
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    return {label: (hmtx[cmap[ord(ch)]][0] if ord(ch) in cmap else None) for label, ch in PUNCT.items()}


def render(name: str, path: Path, lines: list[str], out_dir: Path, dpi: int, ascii_ok: bool) -> Path:
    import pypdfium2
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    pdf = out_dir / f"{path.stem}.pdf"
    width, size = 190 * mm, 16
    height = (len(lines) + 1) * size * 1.6
    c = canvas.Canvas(str(pdf), pagesize=(width, height), invariant=1, initialFontName=name)
    y = height - size * 1.5
    for line in lines:
        c.setFont(name, size)
        c.drawString(8 * mm, y, line)
        y -= size * 1.6
    if ascii_ok:  # the file name, where the face has ASCII
        c.setFont(name, 8)
        c.drawString(8 * mm, 4 * mm, path.name)
    c.showPage()
    c.save()
    png = out_dir / f"{path.stem}.png"
    doc = pypdfium2.PdfDocument(str(pdf))
    doc[0].render(scale=dpi / 72).to_pil().save(png)
    doc.close()
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help=f"font files (default: every .ttf/.ttc in {FONTS_DIR})")
    parser.add_argument("--render", metavar="DIR", help="write a sample PDF and PNG per face into DIR")
    parser.add_argument("--dpi", type=int, default=150)
    args = parser.parse_args(argv)

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = [Path(f) for f in args.files] or sorted(
        p for p in FONTS_DIR.iterdir() if p.suffix in (".ttf", ".ttc")
    )
    out_dir = Path(args.render) if args.render else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    rows = []
    for path in files:
        name = "chk" + path.stem.replace(".", "").replace("-", "")
        started = time.perf_counter()
        try:
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
        except Exception as exc:  # report any refusal
            print(f"FAIL {path.name}: ReportLab refuses it: {exc}")
            failed = True
            continue
        load_ms = (time.perf_counter() - started) * 1000
        if pdfmetrics.getFont(name).face is not font.face:
            # registerFont aliases a TTF whose PostScript name (name ID 6) is already registered to the
            # earlier file: text set in this face would be drawn with the other one's glyphs.
            print(
                f"FAIL {path.name}: PostScript name {font.face.name!r} is already registered by another file"
            )
            failed = True
        font = FTFont(path, lazy=True)
        fs_type = font["OS/2"].fsType
        cmap = font.getBestCmap()
        sample = "".join(SAMPLES) + EXTENDED
        missing = sorted({ch for ch in sample if ch != " " and ord(ch) not in cmap})
        ok_fs = not (fs_type & 0x0002 or fs_type & 0x0200)
        failed |= not ok_fs
        print(
            f"{'ok  ' if ok_fs else 'FAIL'} {path.name}: {path.stat().st_size / 1e6:.2f} MB, "
            f"{len(font.getGlyphOrder())} glyphs, {len(cmap)} chars, fsType {fs_type}, "
            f"family {font['name'].getDebugName(1)!r}, upm {font['head'].unitsPerEm}, ReportLab load {load_ms:.0f} ms"
        )
        if missing:
            print(f"     sample characters not in its cmap: {''.join(missing)}")
        rows.append((path.name, advances(font)))
        if out_dir:
            lines = list(SAMPLES)
            if len(cmap) < 3000:  # a fallback face: show only what it is there for
                hanzi = [chr(c) for c in sorted(cmap) if 0x4E00 <= c <= 0x9FFF or c > 0xFFFF]
                lines = ["".join(hanzi[i : i + 24]) for i in range(0, 96, 24)] + ["".join(hanzi[-24:])]
            elif all(ord(ch) in cmap for ch in EXTENDED):
                lines.append("通规表外字：" + EXTENDED)
            ascii_ok = all(ord(ch) in cmap for ch in path.name)
            png = render(name, path, lines, out_dir, args.dpi, ascii_ok)
            print(f"     rendered {png}")
    print("\nadvance widths in font units (None: not in the font)")
    labels = list(PUNCT)
    print(f"{'file':42} " + " ".join(f"{label:>9}" for label in labels))
    for file, adv in rows:
        print(f"{file:42} " + " ".join(f"{adv[label]!s:>9}" for label in labels))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
