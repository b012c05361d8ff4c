"""The `diff` subcommand: its arguments, checks of what names the two packets, and what it prints."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from briefing.diff.sides import Spec

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

示例：
  briefing diff 征求意见稿/ 正式稿/
  briefing diff data/dongchang-2023@HEAD~1 data/dongchang-2023
  briefing diff --git HEAD~1 data/dongchang-2023 --json > 改动.json"""


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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


def _usage(zh: str, en: str) -> Exception:
    from briefing.cli import UsageError

    return UsageError(zh, en)


def _checked(spec: Spec) -> Spec:
    import os

    from briefing.diff.sides import revision_problem

    if spec.revision is None:
        if not spec.folder.strip() or not os.path.isdir(spec.folder):
            raise _usage(
                f"材料目录“{spec.folder}”不存在或不是目录；请给出含 packet.yaml 的目录，或 目录@修订版本",
                f"packet folder '{spec.folder}' does not exist or is not a folder; give the folder holding"
                " packet.yaml, or folder@revision",
            )
        return spec
    problem = revision_problem(spec.revision)
    if problem is not None:
        raise _usage(
            f"“{spec.label}”中的修订版本应是一个提交、分支或标签名，如 HEAD~1、main、v1.0"
            "（不能为空、以 - 开头或含空白）",
            f"the revision in '{spec.label}' must be a commit, branch or tag, e.g. HEAD~1, main, v1.0"
            " (not empty, not starting with -, no spaces)",
        )
    return spec


def specs(args: argparse.Namespace) -> tuple[Spec, Spec]:
    """The two sides from the arguments; usage errors for what cannot name a packet."""
    from briefing.diff.sides import Spec, parse_spec

    if args.git is not None:
        if args.new is not None:
            raise _usage(
                "--git 只与一个目录同用（原材料为该目录在修订版本中的内容）；比较两个修订版本请写 目录@版本1 目录@版本2",
                "--git takes one folder (compared with itself at the revision); to compare two revisions"
                " write folder@rev1 folder@rev2",
            )
        folder = _checked(Spec(args.old))
        return _checked(Spec(args.old, args.git)), folder
    if args.new is None:
        raise _usage(
            "需要两份材料：briefing diff 原材料 新材料（或 briefing diff --git 修订版本 目录）",
            "two packets are needed: briefing diff OLD NEW (or briefing diff --git REVISION FOLDER)",
        )
    return _checked(parse_spec(args.old)), _checked(parse_spec(args.new))


def cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO, lang: str) -> int:
    from briefing.diff.compare import compare
    from briefing.diff.jsonout import to_json
    from briefing.diff.sides import load_sides
    from briefing.diff.terminal import render_terminal

    old_spec, new_spec = specs(args)
    old, new = load_sides((old_spec, new_spec))
    diff = compare(old, new, old_spec.label, new_spec.label)
    if args.json:
        print(to_json(diff), file=out)
    else:
        for line in render_terminal(diff, lang):
            print(line, file=out)
    return EXIT_OK
