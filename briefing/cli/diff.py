"""The `diff` command: its arguments, checks of what names the two packets, and what it prints; the diff
engine loads only when it runs."""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.console import encodable
from briefing.cli.usage import UsageError

if TYPE_CHECKING:
    from briefing.cli.console import Console
    from briefing.cli.usage import Commands
    from briefing.diff.sides import Spec
    from briefing.pipeline import Options

EXIT_OK = 0

DESCRIPTION = """\
比较两份材料，列出改动：工作领域的增删和改名，目标指标与重点项目的增删改（数值、单位、写法、
牵头单位、备注、投资额、建设性质、期限、进展），领域和整本材料的合计变化，材料信息的变化，
以及工作安排、上年成效的逐句改动（句内删去的字写作 [-…-]，新增的字写作 {+…+}）。

每份材料可以是：
  目录                 材料目录现在的内容，如 data/dongchang-2023
  目录@修订版本        该目录在 git 修订版本中的内容，如 data/dongchang-2023@HEAD~1、
                       data/dongchang-2023@v1.0、data/dongchang-2023@3f2c1e9
  --git 修订版本 目录  即 目录@修订版本 与 目录 比较：上次提交以来改了什么
修订版本只用 git ls-tree 和 git show 读取，仓库的钩子和配置中的命令一律不执行。

匹配规则：工作领域先按文件名、再按标题对应；指标在领域内按名称对应；项目在整本材料内按名称对应
（换了领域的记为“移动”）；名称不同而其余各项（含数值）完全相同、且双方各只有一个这样的指标或项目时，
记为“改名”，否则记为一删一增。

退出状态：0 比较完成（无论有无改动；有无改动看输出，或 --json 的 "changed"）；
1 材料未通过校验或修订版本无法读取（列出文件、行、列和字段）；2 命令用法有误。

加 -o 对照表.pdf（或 .docx）另写出修改对照表：原文 / 修改后 / 说明三栏，每处改动一行，删去的字加删除线、
新增的字加下划线，用新材料的版式（--layout 可另选）。生成材料时附上对照表：
briefing build 目录 -o 材料.pdf --changes-since 原材料。

示例：
  briefing diff 征求意见稿/ 正式稿/ -o 对照表.pdf
  briefing diff 征求意见稿/ 正式稿/
  briefing diff data/dongchang-2023@HEAD~1 data/dongchang-2023
  briefing diff --git HEAD~1 data/dongchang-2023 --json > 改动.json"""


def add_parser(commands: Commands) -> None:
    """Add `diff` to the CLI's subcommands."""
    parser = commands.add_parser(
        "diff", help="比较两份材料（目录或 git 修订版本），列出改动", description=DESCRIPTION
    )
    parser.add_argument("old", metavar="原材料", help="原来的材料：目录，或 目录@修订版本")
    parser.add_argument(
        "new", nargs="?", metavar="新材料", help="修改后的材料：目录，或 目录@修订版本（用 --git 时省略）"
    )
    parser.add_argument(
        "--git",
        metavar="修订版本",
        help="与 git 修订版本比较：briefing diff --git HEAD~1 目录 即 目录@HEAD~1 对 目录",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='输出 JSON 供其他程序读取（格式见 README 的“修改对照”一节；版本键 "format": "briefing-diff/1"）',
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="对照表",
        help="另写出修改对照表：对照表.pdf 或 对照表.docx（原文 / 修改后 / 说明，删去的字加删除线、新增的字加下划线）",
    )
    parser.add_argument("--layout", metavar="版式", help="修改对照表的版式（名称或目录）；默认用新材料的版式")
    parser.set_defaults(run=run_diff)


def _checked(spec: Spec) -> Spec:
    from briefing.diff.sides import revision_problem

    if spec.revision is None:
        if not spec.folder.strip() or not os.path.isdir(spec.folder):
            raise UsageError("cli.diff.packet-folder", {"folder": spec.folder})
        return spec
    if revision_problem(spec.revision) is not None:
        raise UsageError("cli.diff.revision", {"label": spec.label})
    return spec


def specs(args: argparse.Namespace) -> tuple[Spec, Spec]:
    """The two sides from the arguments; usage errors for what cannot name a packet."""
    from briefing.diff.sides import Spec, parse_spec

    if args.git is not None:
        if args.new is not None:
            raise UsageError("cli.diff.git-with-two")
        folder = _checked(Spec(args.old))
        return _checked(Spec(args.old, args.git)), folder
    if args.new is None:
        raise UsageError("cli.diff.needs-two")
    return _checked(parse_spec(args.old)), _checked(parse_spec(args.new))


def run_diff(args: argparse.Namespace, console: Console) -> int:
    from briefing.diff.compare import compare
    from briefing.diff.jsonout import to_json
    from briefing.diff.sides import load_sides
    from briefing.diff.terminal import render_terminal

    old_spec, new_spec = specs(args)
    # A folder named in bytes that are not UTF-8 is read as given, and labelled as messages show it.
    labels = (encodable(old_spec.label), encodable(new_spec.label))
    if args.output is not None:
        return _write_report(args, (old_spec, new_spec), labels, console)
    if args.layout is not None:
        raise UsageError("cli.diff.layout-without-output")
    old, new = load_sides((old_spec, new_spec))
    diff = compare(old, new, *labels)
    if args.json:
        console.line(to_json(diff))
    else:
        for line in render_terminal(diff, console.lang):
            console.line(line)
    return EXIT_OK


def _write_report(
    args: argparse.Namespace, sides: tuple[Spec, Spec], labels: tuple[str, str], console: Console
) -> int:
    """diff -o: the 修改对照表 written, then the usual output (JSON, or the summary and what was written)."""
    from briefing.cli.checks import kind, remove_abandoned
    from briefing.diff.jsonout import to_json
    from briefing.diff.report import report_format, write_report
    from briefing.diff.terminal import render_terminal

    output = Path(args.output)
    found = kind(output)
    if found == "folder" or (found != "other" and report_format(output) is None):
        raise UsageError("cli.diff.output-format", {"output": args.output})
    refuse_compared("-o", [output], sides, args.layout)
    if found in ("", "file"):
        remove_abandoned(output.parent)
    report = write_report(sides, labels, output, args.layout)
    # Written to a pipe or device (-o /dev/stdout), the file may be on standard output: the rest goes
    # to standard error then, as it does after JSON.
    main = console.err if found == "other" else console.out
    lines = [to_json(report.diff)] if args.json else render_terminal(report.diff, console.lang)
    for line in lines:
        print(encodable(line), file=main)
    code = "cli.diff.written-docx" if report.format == "docx" else "cli.diff.written"
    written = console.text(code, path=output, pages=report.pages, size=f"{report.bytes:,}")
    print(encodable(written), file=console.err if args.json else main)
    return EXIT_OK


def changes_since(args: argparse.Namespace, options: Options) -> Options:
    """build --changes-since OLD: the options with OLD checked as diff checks a side (a folder that
    exists, or folder@revision) and files of OLD refused as outputs."""
    if args.changes_since is None:
        if args.changes_as is not None:
            raise UsageError("cli.build.changes-as-alone")
        return options
    import msgspec

    from briefing.diff.sides import parse_spec  # with subprocess and tempfile: only when asked for

    spec = _checked(parse_spec(args.changes_since))
    output = Path(args.output)
    outputs = [output]
    if args.recipients and os.path.isfile(args.recipients):
        from briefing.cli.checks import copy_paths

        outputs = copy_paths(Path(args.recipients), output, f".{options.format}")
    refuse_compared("-o", outputs, (spec,), None, with_last=False)
    shown_as = args.changes_as or "table"
    if shown_as != "table" and options.format == "docx":
        raise UsageError("cli.build.changes-margin-docx")
    return msgspec.structs.replace(options, changes_since=args.changes_since, changes_as=shown_as)


def refuse_compared(
    option: str, outputs: list[Path], sides: tuple[Spec, ...], layout: str | None, with_last: bool = True
) -> None:
    """Stop before anything is written if an output would overwrite a file of a packet being compared
    (its packet.yaml, area files, and, `with_last`, the layout and fonts the last side is set in)."""
    from briefing.errors import BriefingError
    from briefing.inputs import Input, build_inputs, clash

    inputs: list[Input] = []
    for spec in sides:
        if spec.revision is not None:
            continue
        folder = Path(spec.folder)
        inputs.append(Input(folder / "packet.yaml", "compared"))
        for pattern in ("*.yaml", "*.yml"):
            inputs += [Input(path, "compared") for path in sorted((folder / "areas").glob(pattern))]
    # A packet.yaml that cannot be read is not an input worth guarding: the comparison reports it.
    with contextlib.suppress(BriefingError, OSError):
        inputs += build_inputs(Path(sides[-1].folder or "."), layout) if with_last else []
    found = clash(outputs, inputs)
    if found is None:
        return
    output, used = found
    from briefing.cli.usage import Phrase

    params = {"option": option, "output": output, "role": Phrase(f"cli.role.{used.role}"), "used": used.path}
    raise UsageError("cli.clash", params)
