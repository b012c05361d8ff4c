"""The `import` and `export` subcommands: their arguments, checks of paths, and what they print."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import TextIO

from briefing.messages.catalogue import render_message

EXIT_OK = 0
EXIT_INPUT = 1


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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


def _usage(zh: str, en: str) -> Exception:
    from briefing.cli import UsageError

    return UsageError(zh, en)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.office.importer import import_tables

    # The CLI turns cycle collection off for short runs; an import re-reads and re-validates its packet and
    # leaves cyclic garbage each round (650 MB for a 15,000-row sheet without collection, 200 MB with).
    gc.enable()
    files = [Path(name) for name in args.files]
    for path in files:
        if not path.is_file():
            raise _usage(f"表格文件 {path} 不存在", f"table file {path} does not exist")
    folder = Path(args.output)
    if not args.output.strip():
        raise _usage("-o 需要一个目录名", "-o needs a folder name")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise _usage(
            f"{folder} 已存在且不为空；import 只写入新目录，不会覆盖或合并已有材料。"
            "请换一个新目录，再把需要的内容合并到已有材料中",
            f"{folder} exists and is not empty; import only writes a new folder and never overwrites or merges "
            "into an existing packet. Choose a new folder, then merge what you need by hand",
        )
    for path in files:
        if _inside(path, folder):
            raise _usage(
                f"输出目录不能包含输入文件 {path}", f"the output folder must not hold the input {path}"
            )
    mapping = Path(args.mapping) if args.mapping else None
    if mapping is not None and not mapping.is_file():
        raise _usage(f"映射文件 {mapping} 不存在", f"mapping file {mapping} does not exist")
    result = import_tables(files, folder, mapping)
    for found in result.report:
        print(found.render(lang), file=err)
    params = {
        "areas": result.areas,
        "targets": result.targets,
        "projects": result.projects,
        "folder": result.folder,
    }
    print(render_message("import.summary", params, lang), file=out)
    if result.report:
        print(render_message("import.summary-left", {"count": len(result.report)}, lang), file=err)
        return EXIT_INPUT
    print(render_message("import.summary-clean", {}, lang), file=out)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.office.export import export_packet

    root = Path(args.packet)
    if not root.is_dir():
        raise _usage(
            f"材料目录“{args.packet}”不存在或不是目录；请给出含 packet.yaml 的目录",
            f"packet folder '{args.packet}' does not exist or is not a folder; give the folder holding packet.yaml",
        )
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise _usage(
            f"-o 应是 .xlsx 文件名，而不是“{args.output}”",
            f"-o takes an .xlsx file name, not '{args.output}'",
        )
    if output.is_dir():
        raise _usage(
            f"-o 应是文件名，而“{args.output}”是目录",
            f"-o takes a file name, but '{args.output}' is a folder",
        )
    if _inside(output, root) and output.resolve().parent.name == "areas":
        raise _usage("不能写入材料的 areas/ 目录", "the workbook may not go into the packet's areas/ folder")
    result = export_packet(root, output)
    params = {"targets": result.targets, "projects": result.projects, "path": result.path}
    print(render_message("export.summary", params, lang), file=out)
    return EXIT_OK


COMMANDS = {"import": cmd_import, "export": cmd_export}
