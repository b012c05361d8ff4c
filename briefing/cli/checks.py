"""Checks of the paths and options a command is given, made before anything is read or written."""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing.cli.usage import Phrase, UsageError
from briefing.errors import BriefingError
from briefing.read.text import control_char

if TYPE_CHECKING:
    from briefing.pipeline import Options

Kind = Literal["folder", "file", "other", ""]


def kind(path: Path) -> Kind:
    """What `path` is: "folder", "file", "other" (a pipe or device), or "" (nothing, or not to be looked at).

    Path.is_dir() raises for a name longer than the system allows, or a folder that cannot be entered.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def packet_dir(value: str) -> Path:
    """The packet folder given on the command line, which must be a folder."""
    path = Path(value)
    if not value.strip() or kind(path) != "folder":
        raise UsageError("cli.packet-folder", {"folder": value})
    return path


def existing_file(value: str, what: str) -> Path:
    """A file the command reads (`what` is its cli.what.* name): it must be a regular file."""
    path = Path(value)
    found = kind(path)
    if found != "file":
        problem = {"folder": "folder", "other": "other"}.get(found, "missing")
        raise UsageError(f"cli.not-a-file.{problem}", {"what": Phrase(what), "path": path})
    return path


def add_print_options(parser: argparse.ArgumentParser) -> None:
    """--layout, --duplex and --draft: how `build` and `send` set the packet on the page."""
    parser.add_argument(
        "--layout",
        metavar="版式",
        help="版式名称（如 gbt9704、briefing）或版式目录；覆盖 packet.yaml 中的 layout",
    )
    parser.add_argument(
        "--duplex",
        action="store_true",
        help="双面印刷：每个工作领域从单数页（右页）开始，插入的空白页不印页码",
    )
    parser.add_argument(
        "--draft",
        metavar="文字",
        help="稿本水印，如 征求意见稿；覆盖 packet.yaml 中的 draft（写空字符串则不印）",
    )
    parser.add_argument(
        "--pdfa",
        action="store_true",
        help="生成 PDF/A-2b 归档格式（嵌入 sRGB 色彩特性文件和 XMP 标识）",
    )


def add_areas_option(parser: argparse.ArgumentParser) -> None:
    """--areas: a packet of some areas only (build, watch, preview)."""
    parser.add_argument(
        "--areas",
        metavar="领域",
        help="只印这些工作领域：序号、文件名或标题中的一段文字，用逗号分开，如 1,3 或 扩大内需,民生",
    )


def print_options(args: argparse.Namespace, output_format: str = "pdf", embed_fonts: bool = False) -> Options:
    """The layout, duplex, draft and copy-number options of `build` and `send`, and the output format."""
    from briefing.pipeline import Options

    copy_number = getattr(args, "copy_number", None)
    if copy_number is not None and not 1 <= copy_number <= 999_999:
        raise UsageError("cli.copy-number-range")
    if args.draft is not None and (control := control_char(args.draft)) is not None:
        raise UsageError("cli.draft-control-char", {"char": f"U+{ord(control):04X}"})
    return Options(
        layout=args.layout,
        duplex=args.duplex,
        draft=args.draft,
        copy_number=copy_number,
        format=output_format,
        embed_fonts=embed_fonts,
        areas=getattr(args, "areas", None),
        pdfa=getattr(args, "pdfa", False),
    )


def copy_paths(recipients: Path, folder: Path, suffix: str = ".pdf") -> list[Path]:
    """Where each numbered copy will go; none when the list has mistakes (the build reports those)."""
    from briefing.copies import copy_filename
    from briefing.read.recipients import load_recipients

    try:
        listed = load_recipients(recipients)
    except BriefingError:
        return []
    return [folder / copy_filename(recipient, suffix) for recipient in listed]


def refuse_inputs_as_outputs(
    option: str,
    outputs: Sequence[Path],
    root: Path,
    options: Options,
    recipients: Path | None = None,
    *,
    settings: Path | None = None,
    mail: bool = False,
) -> None:
    """Stop before anything is written if an output would overwrite a file the command reads."""
    from briefing.inputs import build_inputs, clash

    inputs = build_inputs(root, options.layout, recipients=recipients, settings=settings, mail=mail)
    found = clash(outputs, inputs)
    if found is None:
        return
    output, used = found
    params = {"option": option, "output": output, "role": Phrase(f"cli.role.{used.role}"), "used": used.path}
    raise UsageError("cli.clash", params)


def remove_abandoned(folder: Path) -> None:
    """Temporary files that a killed run left in the output folder go before this run writes there."""
    from briefing.files.atomic import remove_abandoned as remove

    remove(folder if str(folder) else Path("."))
