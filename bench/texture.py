"""Text texture: where justification put the slack, read back from built PDFs (pdfplumber chars).

For the sample, the 10x packet (bench/build.py make_tenfold) and a packet of generated report-like text
(numbers, percentages, units, Latin words, URLs), built by a base revision (default main) and by this
tree in the same run, per layout, it prints for the body lines (text at the document's commonest size):

  lines        body lines measured
  spread       lines whose gaps between hanzi were widened (more than 0.02 pt over the line's tracking)
  inside       lines with extra space inside a number, a Latin word or a URL (must be 0)
  max-in       the largest such extra (pt)
  max-hanzi    the largest extra in one gap between two hanzi (pt; target <= 1.0 but on lines that
               cannot be filled otherwise, as one ending before a number that never splits)
  loose        lines with a gap between hanzi more than LOOSE (1 pt) wider than set (--show lists them)
  uneven       the largest difference between two gaps between hanzi on one line (pt; target ~0)
  max-punct    the largest extra in one gap beside the blank half of a full-width mark (after 。，）,
               before （“; pt): where slack that hanzi did not take was put
  asym         the largest difference between the space before a Latin/digit run and after it, on the
               same line with hanzi on both sides (pt; target ~0)
  qualifier    lines that start with the rest of a qualifier split from its number (10%左 / 右)
  lone         paragraphs' last lines of one character (punctuation after it not counted)

Usage: python bench/texture.py [--base main] [--layouts gbt9704,briefing] [--packets sample,10x,generated]
       [--keep DIR] [--show]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from itertools import pairwise
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import SAMPLE, child_env, make_tenfold

ROOT = Path(__file__).resolve().parent.parent
# Full-width marks with their blank half on the right, and on the left.
BLANK_RIGHT = set("，。、；：！）》」』】”’")
BLANK_LEFT = set("（《「『【“‘")
PUNCT = set("、，。．；：？！）〕］｝》〉」』】”’“‘（〔［｛《〈「『【…—·")
# Past this extra (pt) a gap between hanzi is loose: a point, a sixteenth of the gbt9704 三号 em (issue 13).
LOOSE = 1.0
QUALIFIER_TAIL = re.compile(r"^(右|上|下|内)")
QUALIFIER_HEAD = re.compile(r"[0-9%％万亿千百元个人项户家][左以]$")


def is_hanzi(char: str) -> bool:
    point = ord(char)
    return 0x4E00 <= point <= 0x9FFF or 0x3400 <= point <= 0x4DBF or 0x20000 <= point <= 0x3FFFF


def is_tight(char: str) -> bool:
    """Part of a number, a Latin word or a URL: printable ASCII other than the space."""
    return "!" <= char <= "~"


@dataclass
class Figures:
    lines: int = 0
    spread: int = 0
    inside: int = 0
    max_in: float = 0.0
    max_hanzi: float = 0.0
    loose: int = 0
    uneven: float = 0.0
    max_punct: float = 0.0
    asym: float = 0.0
    qualifier: int = 0
    lone: int = 0
    shown: list[str] = field(default_factory=list)  # the loose lines, not a column


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float


def body_lines(pdf: pdfplumber.PDF) -> Iterator[list[list[Glyph]]]:
    """Per page, its lines at the body size, left to right, cut where a gap is wider than an em (table
    cells and dot leaders sit on one baseline but are not one line). The body size is the one with the
    most characters in lines of 20 or more (tables have more characters, in short lines)."""
    pages = []
    sizes: Counter[float] = Counter()
    for page in pdf.pages:
        rows: dict[tuple[float, float], list[Glyph]] = {}
        for c in page.chars:
            key = (round(c["size"], 2), round(c["top"], 1))
            rows.setdefault(key, []).append(Glyph(c["text"], c["x0"], c["x1"]))
        lines: list[tuple[float, list[Glyph]]] = []
        for (size, _), row in sorted(rows.items(), key=lambda item: item[0][1]):
            row.sort(key=lambda g: g.x0)
            line = [row[0]]
            for glyph in row[1:]:
                if glyph.x0 - line[-1].x1 > size:
                    lines.append((size, line))
                    line = []
                line.append(glyph)
            lines.append((size, line))
        for size, line in lines:
            if len(line) >= 20:
                sizes[size] += len(line)
        pages.append(lines)
    if not sizes:
        return
    body = sizes.most_common(1)[0][0]
    for lines in pages:
        # Runs without a hanzi are contents page numbers and the like, which no breaker set.
        yield [line for size, line in lines if size == body and any(is_hanzi(g.text) for g in line)]


def tracking_of(pages: Sequence[list[list[Glyph]]]) -> float:
    """The tracking the layout sets: the commonest gap between two hanzi on lines that end short of the
    column (paragraphs' last lines, which are never spread)."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        right = max((line[-1].x1 for line in lines), default=0.0)
        for line in lines:
            if line[-1].x1 > right - 20:
                continue
            for a, b in pairwise(line):
                if is_hanzi(a.text) and is_hanzi(b.text):
                    gaps[round(b.x0 - a.x1, 2)] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.0


def measure_pdf(path: Path) -> Figures:
    with pdfplumber.open(path) as pdf:
        pages = list(body_lines(pdf))
    tracking = tracking_of(pages)
    figures = Figures()
    for number, lines in enumerate(pages):
        right = max((line[-1].x1 for line in lines), default=0.0)
        for index, line in enumerate(lines):
            figures.lines += 1
            text = "".join(g.text for g in line)
            spread = inside = 0.0
            hanzi = []
            for a, b in pairwise(line):
                extra = b.x0 - a.x1 - tracking
                if not a.text.strip() or not b.text.strip():
                    continue  # a word space: it may stretch
                if is_tight(a.text) and is_tight(b.text):
                    inside = max(inside, extra)
                elif is_hanzi(a.text) and is_hanzi(b.text):
                    spread = max(spread, extra)
                    hanzi.append(extra)
                if a.text in BLANK_RIGHT or b.text in BLANK_LEFT:
                    figures.max_punct = max(figures.max_punct, extra)
            if hanzi:
                figures.uneven = max(figures.uneven, max(hanzi) - min(hanzi))
            figures.spread += spread > 0.02
            figures.inside += inside > 0.02
            figures.max_in = max(figures.max_in, inside)
            figures.max_hanzi = max(figures.max_hanzi, spread)
            if spread > LOOSE:
                figures.loose += 1
                figures.shown.append(f"p{number + 1} +{spread:.2f} {text}")
            figures.asym = max(figures.asym, asymmetry(line))
            if index > 0 and QUALIFIER_TAIL.match(text):
                before = "".join(g.text for g in lines[index - 1])
                figures.qualifier += bool(QUALIFIER_HEAD.search(before))
            # A paragraph's last line ends short of the column; one character (and its marks) alone on it.
            bare = [g for g in line if g.text not in PUNCT]
            after_full = index > 0 and lines[index - 1][-1].x1 > right - 1
            figures.lone += len(bare) == 1 and after_full and line[-1].x1 < right - 1
    return figures


def asymmetry(line: Sequence[Glyph]) -> float:
    """The largest |space before - space after| of a Latin/digit run with hanzi on both sides."""
    worst = 0.0
    i = 0
    while i < len(line):
        if not is_tight(line[i].text):
            i += 1
            continue
        j = i
        while j + 1 < len(line) and is_tight(line[j + 1].text):
            j += 1
        if i > 0 and j + 1 < len(line) and is_hanzi(line[i - 1].text) and is_hanzi(line[j + 1].text):
            before = line[i].x0 - line[i - 1].x1
            after = line[j + 1].x0 - line[j].x1
            worst = max(worst, abs(before - after))
        i = j + 1
    return worst


# --- the generated packet ----------------------------------------------------------------------------------

WORDS = tuple(
    "推进项目建设完成投资企业服务保障改善民生城乡居民收入增长财政资金专项债券基础设施产业园区招商引资"
    "生态环境治理乡村振兴教育医疗养老就业创业数字平台营商改革审批事项办理网上公共安全生产应急管理社区"
)
UNITS = ("万元", "亿元", "个", "人", "户", "项", "km", "公里", "平方米", "吨", "MW", "GB", "家", "所")
LATIN = ("OEM", "5G", "PPP", "EPC", "IPv6", "AI", "App", "BIM", "LED", "ISO 9001", "CT", "GDP")
URLS = ("www.dongchang.gov.cn", "https://zwfw.jl.gov.cn/dc", "dcq@tonghua.gov.cn", "http://data.gov.cn/a_b")
QUALIFIERS = ("左右", "以上", "以下", "以内", "余")


def two(rng: random.Random) -> str:
    """A two-character word-like pair."""
    i = rng.randrange(len(WORDS) // 2) * 2
    return WORDS[i] + WORDS[i + 1]


def number(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return str(rng.randrange(1, 100))
    if kind == 1:
        return f"{rng.randrange(1, 1000)}.{rng.randrange(1, 100)}"
    if kind == 2:
        return f"{rng.randrange(1, 100)},{rng.randrange(0, 1000):03d}"
    if kind == 3:
        return str(rng.randrange(100, 100000))
    return str(rng.randrange(2015, 2031))


def clause(rng: random.Random) -> str:
    parts = [two(rng) for _ in range(rng.randrange(1, 4))]
    pick = rng.randrange(9)
    if pick == 0:
        parts.append(f"{number(rng)}%")
    elif pick == 1:
        parts.append(number(rng) + rng.choice(UNITS))
    elif pick == 2:
        parts.append(f"{number(rng)}{rng.choice(UNITS)}{rng.choice(QUALIFIERS)}")
    elif pick == 3:
        parts.append(f"增长{number(rng)}%{rng.choice(QUALIFIERS[:3])}")
    elif pick == 4:
        parts.append(rng.choice(LATIN))
    elif pick == 5:
        parts.append(f"（{rng.choice(URLS)}）")
    elif pick == 6:
        parts.append(f"{rng.randrange(2015, 2031)}年{rng.randrange(1, 13)}月")
    parts.append(two(rng))
    rng.shuffle(parts)
    return "".join(parts)


def paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randrange(2, 6)):
        clauses = [clause(rng) for _ in range(rng.randrange(2, 6))]
        sentences.append("，".join(clauses) + rng.choice("。。。；"))
    return "".join(sentences)[:-1] + "。"


def make_generated(target: Path, seed: int = 13, areas: int = 8) -> Path:
    """The sample with every area's texts replaced by generated report-like paragraphs."""
    shutil.copytree(SAMPLE, target)
    rng = random.Random(seed)
    for path in sorted((target / "areas").glob("*.yaml"))[:areas]:
        text = path.read_text(encoding="utf-8")
        for key in ("summary", "last_year_results"):
            body = "\n\n".join("  " + paragraph(rng) for _ in range(rng.randrange(3, 7)))
            text = re.sub(
                rf"^{key}: \|\n(?:(?:  .*)?\n)+", f"{key}: |\n{body}\n\n", text, count=1, flags=re.M
            )
        path.write_text(text, encoding="utf-8")
    return target


# --- building -----------------------------------------------------------------------------------------------


def checkout(base: str, target: Path) -> Path:
    """The tree of revision `base`, unpacked to `target`."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", base], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def build(code: Path, packet: Path, output: Path, layout: str, cache: Path) -> None:
    env = child_env() | {"PYTHONPATH": str(code), "BRIEFING_CACHE": str(cache)}
    command = [sys.executable, "-m", "briefing.cli", "build", str(packet), "-o", str(output)]
    # `python -m` puts the working folder first on the path: run in the tree whose code is measured.
    result = subprocess.run([*command, "--layout", layout], env=env, capture_output=True, text=True, cwd=code)
    if result.returncode != 0:
        raise SystemExit(f"build failed ({code}): {result.stderr}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the revision to compare with (default main)")
    parser.add_argument("--layouts", default="gbt9704,briefing")
    parser.add_argument("--packets", default="sample,10x,generated")
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    parser.add_argument("--show", action="store_true", help="list the loose lines (page, widest gap, text)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = {args.base: checkout(args.base, work / "base"), "this tree": ROOT}
        makers = {
            "sample": lambda: SAMPLE,
            "10x": lambda: make_tenfold(work / "tenfold"),
            "generated": lambda: make_generated(work / "generated"),
        }
        packets = {name: makers[name]() for name in args.packets.split(",")}
        names = [f.name for f in fields(Figures) if f.name != "shown"]
        print(f"{'packet':10} {'layout':9} {'code':10} " + " ".join(f"{n:>9}" for n in names))
        for packet_name, packet in packets.items():
            for layout in args.layouts.split(","):
                for label, code in trees.items():
                    output = work / f"{packet_name}-{layout}-{'base' if code != ROOT else 'tree'}.pdf"
                    build(code, packet, output, layout, work / "cache")
                    figures = measure_pdf(output)
                    values = [getattr(figures, n) for n in names]
                    shown = " ".join(f"{v:9.2f}" if isinstance(v, float) else f"{v:9d}" for v in values)
                    print(f"{packet_name:10} {layout:9} {label[:10]:10} {shown}", flush=True)
                    if args.show:
                        print("".join(f"    {line}\n" for line in figures.shown), end="", flush=True)
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(output, args.keep / output.name)


if __name__ == "__main__":
    main()
