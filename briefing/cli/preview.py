"""briefing preview: the packet as pictures, a contact sheet or single pages (PNG), for a look without a PDF viewer."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.checks import (
    add_areas_option,
    add_print_options,
    kind,
    packet_dir,
    print_options,
    refuse_inputs_as_outputs,
    remove_abandoned,
)
from briefing.cli.usage import UsageError

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands
    from briefing.pipeline import Options

EXIT_OK = 0
# One page (3) or a range (3-5); several separated by commas.
_PART = r"^\s*(\d{1,9})\s*(?:[-–~]\s*(\d{1,9})\s*)?$"  # compiled by re's cache when --pages is given


def add_parser(commands: Commands) -> None:
    """Add `preview` to the CLI's subcommands."""
    preview = commands.add_parser(
        "preview",
        help="生成缩略图总览或单页 PNG 图片，不用打开 PDF 就能看版面",
        description=(
            "生成材料后画成 PNG 图片：默认一张缩略图总览（每页下标页序，1 为封面），"
            "给 --pages 则每页一张（如 -o 预览.png --pages 3-5 生成 预览-3.png、预览-4.png、预览-5.png）。"
        ),
    )
    preview.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")
    preview.add_argument("-o", "--output", required=True, metavar="输出.png", help="PNG 图片文件")
    preview.add_argument(
        "--pages", metavar="页", help="只画这些页，每页一张图：页序（封面为 1）或范围，如 3、3-5、1,4-6"
    )
    add_print_options(preview)
    add_areas_option(preview)
    preview.set_defaults(run=run_preview)


def wanted_pages(text: str, most: int) -> list[int]:
    """--pages as page numbers in the order given, each once; a usage error if malformed or too many."""
    numbers: dict[int, None] = {}
    for part in re.split(r"[,，]", text):
        found = re.match(_PART, part)
        if found is None:
            raise UsageError("cli.pages.malformed", {"text": text})
        first = int(found[1])
        last = int(found[2]) if found[2] else first
        if last < first:
            raise UsageError("cli.pages.malformed", {"text": text})
        if last - first + 1 + len(numbers) > most:  # counted before any list is made of the range
            raise UsageError("cli.pages.too-many", {"most": most, "count": last - first + 1 + len(numbers)})
        numbers.update(dict.fromkeys(range(first, last + 1)))
    return list(numbers)


def page_path(output: Path, number: int) -> Path:
    """Where one page's picture goes: 预览.png → 预览-3.png."""
    return output.with_name(f"{output.stem}-{number}{output.suffix}")


def run_preview(args: argparse.Namespace, console: Console) -> int:
    from briefing.render.preview import MAX_PAGE_IMAGES

    root = packet_dir(args.packet)
    output = Path(args.output)
    if output.suffix.lower() != ".png" or kind(output) not in ("", "file"):
        raise UsageError("cli.preview.png", {"path": args.output})
    numbers = wanted_pages(args.pages, MAX_PAGE_IMAGES) if args.pages is not None else None
    options = print_options(args)
    outputs = [page_path(output, number) for number in numbers] if numbers else [output]
    refuse_inputs_as_outputs("-o", outputs, root, options)
    remove_abandoned(output.parent)
    pdf = _built(root, options)
    if numbers is None:
        _write_sheet(pdf, output, console)
    else:
        _write_pages(pdf, output, numbers, console)
    return EXIT_OK


def _built(root: Path, options: Options) -> bytes:
    """The packet's PDF, built in memory."""
    from briefing.pipeline import run_stages

    return run_stages(root, options, (), lambda staged: staged.rendered.pdf)


def _write_sheet(pdf: bytes, output: Path, console: Console) -> None:
    from briefing.files.atomic import write_atomic
    from briefing.render.preview import contact_sheet

    sheet = contact_sheet(pdf)
    write_atomic(output, sheet.png)
    console.say("preview.sheet", path=output, shown=sheet.shown, pages=sheet.pages)
    if sheet.shown < sheet.pages:
        console.say(
            "preview.sheet-capped",
            pages=sheet.pages,
            shown=sheet.shown,
            rest=f"{sheet.shown + 1}-{sheet.pages}",
        )


def _write_pages(pdf: bytes, output: Path, numbers: list[int], console: Console) -> None:
    from briefing.files.atomic import write_atomic
    from briefing.render.preview import page_count, page_images

    pages = page_count(pdf)
    missing = [number for number in numbers if not 1 <= number <= pages]
    if missing:
        raise UsageError("cli.pages.range", {"page": missing[0], "pages": pages})
    for number, image in page_images(pdf, numbers):
        path = page_path(output, number)
        write_atomic(path, image)
        console.say("preview.page", path=path, page=number)
