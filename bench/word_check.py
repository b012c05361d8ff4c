"""Check the Word output the way a recipient sees it: LibreOffice turns the .docx into a PDF, compared with ours.

Needs LibreOffice (`apt-get install libreoffice-writer-nogui`); the test suite does not, and CI does not run
this. For each case it builds our PDF and the .docx (fonts embedded, so LibreOffice sets the same faces),
converts the .docx headless, and reports page counts and, area by area, whether the two PDFs hold the same
text (every character, ignoring spaces, page numbers, 续表 captions, repeated table headers and contents
leaders) and whether each paragraph's text appears whole and in order. It renders chosen pages of both to
PNG, side by side, in the output folder.

LibreOffice cannot set a character narrower than its size on Word's character grid (a 16 pt character on
GB/T 9704's 15.79 pt pitch takes two grid cells there, where Word and WPS squeeze it into one), so each
case is also converted with the grid's character pitch taken out ("lo-lines"): that shows the rest of the
layout as LibreOffice sets it, 27 characters a line.

Usage: python bench/word_check.py [--out folder/] [--pages 1,2,3,6,-1] [--case sample|duplex|copies]
                                 [--layout gbt9704 --layout briefing]  (each case in each layout; default both)
"""

from __future__ import annotations

import argparse
import collections
import difflib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.model.plan import Marks, Para, Plan, TablePlan  # noqa: E402
from briefing.pipeline import Options, _plan  # noqa: E402
from briefing.read.recipients import load_recipients  # noqa: E402
from briefing.render import render  # noqa: E402
from briefing.word import write_docx  # noqa: E402

SAMPLE = ROOT / "data" / "dongchang-2023"
RECIPIENTS = ROOT / "data" / "recipients-example.yaml"
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")
_CONTINUED = re.compile(r"续表\d+|表\d+（续）")  # gbt9704 and briefing captions
_LEADER = re.compile(r"(?:\.\s*){3,}|…+")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice is not installed: apt-get install -y libreoffice-writer-nogui")
    return found


def convert(docx: Path, folder: Path) -> Path:
    """The .docx as LibreOffice prints it, with a profile of its own (no clash with a running instance)."""
    profile = folder / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            # The blank pages an odd-page section break inserts are pages too (LibreOffice drops them).
            'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder / (docx.stem + ".pdf")


def without_char_grid(data: bytes) -> bytes:
    """The same .docx with the grid's character pitch taken out (a grid of lines only, for LibreOffice)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = re.sub(rb'w:charSpace="-?\d+"', b'w:charSpace="0"', content)
            target.writestr(item, content)
    return buffer.getvalue()


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    return [document[index].get_textpage().get_text_range() for index in range(len(document))]


def normal(text: str) -> str:
    text = _PAGE_NUMBER.sub("", text)
    text = _CONTINUED.sub("", text)
    text = _LEADER.sub("", text)
    return _SPACE.sub("", text)


def beyond_headers(
    more: collections.Counter[str], headers: list[collections.Counter[str]]
) -> collections.Counter[str]:
    """What one text has more of than the other once whole repeated header rows are taken out (a table
    repeats its header on each page it runs onto, and the two PDFs break pages in different places)."""
    left = collections.Counter(more)
    for header in sorted(headers, key=lambda counter: -sum(counter.values())):
        while header and not header - left:
            left -= header
    return left


def areas(plan: Plan, pages: list[str]) -> list[tuple[str, str]]:
    """(heading, text) for the front matter and each contents heading's part, split at the heading's second
    occurrence (its first is the contents entry)."""
    whole = normal("\n".join(pages))
    headings = [_SPACE.sub("", block.text) for block in plan.blocks if isinstance(block, Para) and block.toc]
    cuts = []
    for heading in headings:
        first = whole.find(heading)
        second = whole.find(heading, first + len(heading)) if first >= 0 else -1
        cuts.append(second if second >= 0 else first)
    parts = [("（封面、目录）", whole[: cuts[0]] if cuts else whole)]
    for index, (heading, start) in enumerate(zip(headings, cuts, strict=True)):
        end = cuts[index + 1] if index + 1 < len(cuts) else len(whole)
        parts.append((heading, whole[start:end] if start >= 0 else ""))
    return parts


def paragraphs_in_order(plan: Plan, text: str) -> tuple[int, int, list[str]]:
    """How many of the plan's paragraph texts appear whole, in order, in `text` (table cells aside), and
    the ones that do not."""
    wanted = [normal(block.text.replace("\t", "")) for block in plan.blocks if isinstance(block, Para)]
    found, at, missing = 0, 0, []
    for paragraph in wanted:
        position = text.find(paragraph, at)
        if position >= 0:
            found += 1
            at = position + len(paragraph)
        else:
            missing.append(paragraph)
    return found, len(wanted), missing


def compare(plan: Plan, ours: list[str], theirs: list[str]) -> list[str]:
    marks = [normal(text) for text in (plan.marks.draft, plan.marks.watermark) if text]
    ours = [_drop(page, marks) for page in ours]
    theirs = [_drop(page, marks) for page in theirs]
    headers = [
        collections.Counter(normal("".join(cell.text for cell in block.header.cells)))
        for block in plan.blocks
        if isinstance(block, TablePlan)
    ]
    lines = []
    same_all = True
    for (heading, mine), (_, other) in zip(areas(plan, ours), areas(plan, theirs), strict=True):
        a, b = normal(mine), normal(other)
        ours_more = beyond_headers(collections.Counter(a) - collections.Counter(b), headers)
        theirs_more = beyond_headers(collections.Counter(b) - collections.Counter(a), headers)
        identical = not ours_more and not theirs_more
        same_all &= identical
        ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        shown = "yes" if identical else f"NO (ours +{dict(ours_more)}, theirs +{dict(theirs_more)})"
        lines.append(
            f"    {heading[:20]:<20} {len(a):>5} 字  same characters: {shown}  order ratio {ratio:.4f}"
        )
    found, total, missing = paragraphs_in_order(plan, normal("\n".join(theirs)))
    lines.append(f"    paragraphs whole and in order in LibreOffice's PDF: {found}/{total}")
    lines.extend(f"      not whole: {text[:40]}…" for text in missing[:5])
    lines.append(f"    every area the same text: {'yes' if same_all else 'NO'}")
    return lines


def _drop(page: str, marks: list[str]) -> str:
    """A page's text without its watermarks (one on every page, and the two PDFs differ in pages)."""
    page = normal(page)
    for mark in marks:
        page = page.replace(mark, "")
    return page


def render_pages(pdf: Path, pages: list[int], out: Path, tag: str) -> list[Path]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    written = []
    for number in pages:
        index = number - 1 if number > 0 else len(document) + number
        if 0 <= index < len(document):
            path = out / f"{tag}-p{index + 1:02d}.png"
            document[index].render(scale=1.0).to_pil().save(path)
            written.append(path)
    return written


def side_by_side(left: list[Path], right: list[Path], out: Path) -> Path | None:
    from PIL import Image

    if not left or not right:
        return None
    images = [Image.open(path) for path in left + right]
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    sheet = Image.new("RGB", (width * len(left), height * 2), "white")
    for column, path in enumerate(left):
        sheet.paste(Image.open(path), (column * width, 0))
    for column, path in enumerate(right):
        sheet.paste(Image.open(path), (column * width, height))
    sheet.save(out)
    return out


def case(name: str, options: Options, recipients: bool, out: Path, pages: list[int]) -> None:
    listed = load_recipients(RECIPIENTS) if recipients else ()
    _, plan = _plan(SAMPLE, options, listed)
    if recipients:
        first = listed[0]
        plan = plan._replace(
            marks=Marks(first.copy_number, plan.marks.draft, f"{first.name} {first.copy_number}")
        )
    started = time.perf_counter()
    rendered = render(plan)
    pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    written = write_docx(plan, rendered.heading_pages, embed_fonts=True, table_widths=rendered.table_widths)
    docx_seconds = time.perf_counter() - started
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    ours = folder / "ours.pdf"
    ours.write_bytes(rendered.pdf)
    docx = folder / "word.docx"
    docx.write_bytes(written.data)
    lines = folder / "lo-lines.docx"
    lines.write_bytes(without_char_grid(written.data))
    print(
        f"{name}: our PDF {rendered.pages} pages ({pdf_seconds:.2f} s); .docx {len(written.data):,} bytes ({docx_seconds:.2f} s)"
    )
    ours_text = page_texts(ours)
    ours_png = render_pages(ours, pages, folder, "ours")
    for variant in (docx, lines):
        started = time.perf_counter()
        theirs = convert(variant, folder)
        seconds = time.perf_counter() - started
        texts = page_texts(theirs)
        print(f"  LibreOffice {variant.stem}: {len(texts)} pages ({seconds:.1f} s)")
        for line in compare(plan, ours_text, texts):
            print(line)
        theirs_png = render_pages(theirs, pages, folder, variant.stem)
        sheet = side_by_side(ours_png, theirs_png, folder / f"compare-{variant.stem}.png")
        if sheet:
            print(f"  pages {pages}: {sheet} (top ours, bottom LibreOffice)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out",
        default=str(Path(tempfile.gettempdir()) / "briefing-word-check"),
        help="folder for the PDFs, .docx files and PNGs (default: in the system's temporary folder)",
    )
    parser.add_argument(
        "--pages", default="1,2,3,6,-1", help="pages to render (negative counts from the end)"
    )
    parser.add_argument("--case", action="append", choices=("sample", "duplex", "copies"))
    parser.add_argument("--layout", action="append", help="a built-in layout (default: gbt9704 and briefing)")
    args = parser.parse_args()
    out = Path(args.out)
    pages = [int(part) for part in args.pages.split(",") if part.strip()]
    cases = args.case or ["sample", "duplex", "copies"]
    for layout in args.layout or ["gbt9704", "briefing"]:
        if "sample" in cases:
            case(f"sample-{layout}", Options(layout=layout), False, out, pages)
        if "duplex" in cases:
            case(
                f"duplex-{layout}", Options(layout=layout, duplex=True, draft="征求意见稿"), False, out, pages
            )
        if "copies" in cases:
            case(f"copies-{layout}", Options(layout=layout), True, out, pages)


if __name__ == "__main__":
    main()
