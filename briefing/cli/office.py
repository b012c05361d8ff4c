"""The `import` and `export` commands: their arguments, checks of paths, and what they print; the
spreadsheet and Word libraries load only when one of them runs."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.checks import existing_file, packet_dir
from briefing.cli.usage import UsageError

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands

EXIT_OK = 0
EXIT_INPUT = 1


def add_parsers(commands: Commands) -> None:
    """Add `import` and `export` to the CLI's subcommands."""
    imported = commands.add_parser(
        "import",
        help="从 Excel、WPS 表格或 Word 表格导入，生成材料目录",
        description=(
            "读取任务分解表、重点项目表（.xlsx .xlsm .xls .ods .csv）和 Word 表格（.docx），写出 packet.yaml\n"
            "和每个工作领域一个带注释的文件。按表头名称对应字段（指标名称、2023年目标、总投资（亿元）…），\n"
            "读不懂的单元格不猜：列入导入报告（文件、工作表、单元格、内容、原因），并在领域文件中写成注释。\n"
            "全部导入时退出状态为 0，有未导入的内容时为 1。输出目录须不存在或为空（不会改动已有材料）。"
        ),
    )
    imported.add_argument(
        "files", nargs="+", metavar="表格文件", help=".xlsx、.xls、.ods、.csv 或 .docx 文件"
    )
    imported.add_argument(
        "-o", "--output", required=True, metavar="目录", help="要新建的材料目录（须不存在或为空）"
    )
    imported.add_argument(
        "--mapping",
        metavar="mapping.yaml",
        help="映射文件：表头 → 字段（columns）、工作表 → 工作领域（sheets）、packet.yaml 的项（packet）",
    )
    exported = commands.add_parser(
        "export",
        help="把材料中的指标和项目导出为 Excel 表格",
        description=(
            "把材料目录中的目标指标、重点项目、工作领域和材料信息写成一个 .xlsx，列名与 import 相同，\n"
            "各部门填好后可直接用 briefing import 导回。"
        ),
    )
    exported.add_argument("packet", metavar="目录", help="材料目录（含 packet.yaml 和 areas/）")
    exported.add_argument("-o", "--output", required=True, metavar="输出.xlsx", help="要写出的 .xlsx 文件")
    imported.set_defaults(run=run_import)
    exported.set_defaults(run=run_export)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def run_import(args: argparse.Namespace, console: Console) -> int:
    from briefing.office.importer import import_tables

    # The CLI turns cycle collection off for short runs; an import re-reads and re-validates its packet and
    # leaves cyclic garbage each round (650 MB for a 15,000-row sheet without collection, 200 MB with).
    gc.enable()
    files = [existing_file(name, "cli.what.table") for name in args.files]
    folder = _new_folder(args.output)
    mapping = existing_file(args.mapping, "cli.what.mapping") if args.mapping else None
    result = import_tables(files, folder, mapping)
    for found in result.report:
        console.issue(found)
    console.say(
        "import.summary",
        areas=result.areas,
        targets=result.targets,
        projects=result.projects,
        folder=result.folder,
    )
    if result.report:
        console.warn("import.summary-left", count=len(result.report))
        return EXIT_INPUT
    console.say("import.summary-clean")
    return EXIT_OK


def _new_folder(value: str) -> Path:
    """The folder `import` writes: new or empty (so it cannot hold a table the import reads)."""
    folder = Path(value)
    if not value.strip():
        raise UsageError("cli.import.output-needed")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError("cli.import.not-empty", {"path": folder})
    return folder


def run_export(args: argparse.Namespace, console: Console) -> int:
    from briefing.office.export import export_packet

    root = packet_dir(args.packet)
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError("cli.export.not-xlsx", {"path": args.output})
    if output.is_dir():
        raise UsageError("cli.export.is-folder", {"path": args.output})
    if _inside(output, root) and output.resolve().parent.name == "areas":
        raise UsageError("cli.export.into-areas")
    result = export_packet(root, output)
    console.say("export.summary", targets=result.targets, projects=result.projects, path=result.path)
    return EXIT_OK
