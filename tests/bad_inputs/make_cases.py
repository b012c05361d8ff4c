"""Writes the bad-input catalogue: one folder per case, each the `briefing init` starter with one defect.

Run from the repository root:  python tests/bad_inputs/make_cases.py
The folders it writes are committed and reviewed like any test data; this script only saves typing.
Each edit names the exact starter line it replaces, so a changed starter makes this script fail loudly
instead of quietly producing cases that test something else.

expected.yaml holds:
  defect:   what is wrong, in words
  status:   the exit status `briefing validate` must return
  messages: every located message, as  file:line[:col]: field: text   where text is a substring of the
            message and field is `-` for a problem with the whole file; the run must report these and
            no others (line and column are 1-based)
            (a status-0 case lists the warnings it prints, which must be these and no others)
  messages_en: (some cases) the same with English text, checked with --lang en
  args:     (usage cases) the command line, with {case} standing for the case folder
  usage:    (usage cases) a substring of the usage message on stderr
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
STARTER = HERE.parent.parent / "briefing" / "starter_files"
AREA = "areas/01-示例工作.yaml"
PACKET = "packet.yaml"


@dataclass
class Case:
    name: str
    defect: str
    messages: list[str] = field(default_factory=list)
    status: int = 1
    # file -> [(exact old line, new text)], replacing whole lines so that later line numbers stay put
    lines: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # file -> a function from the starter text to the new bytes, for edits that are not line edits
    raw: dict[str, Callable[[str], bytes]] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    # new file -> the starter file it is a copy of
    copies: dict[str, str] = field(default_factory=dict)
    keep_empty_areas: bool = False
    messages_en: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    usage: str = ""


def replace_lines(text: str, edits: list[tuple[str, str]]) -> str:
    lines = text.split("\n")
    for old, new in edits:
        hits = [i for i, line in enumerate(lines) if line == old]
        assert len(hits) == 1, f"starter line not found exactly once: {old!r}"
        lines[hits[0]] = new
    return "\n".join(lines)


def billion_laughs(text: str) -> bytes:
    bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return (text + "\n".join(bomb) + "\n").encode("utf-8")


def stray_latin1_byte(text: str) -> bytes:
    old = "# draft: 征求意见稿                  # 稿本标记：每页印浅色斜向水印"
    assert old in text
    before, after = text.split(old)
    return before.encode() + "draft: Révision 2".encode("latin-1") + after.encode()


CASES = [
    # --- reading the files --------------------------------------------------------------------------
    Case(
        "duplicate-key",
        "项目里 kind 写了两次（第二次替换了 status 一行）",
        [f"{AREA}:42:5: projects[1].kind: 键“kind”重复（第 38 行已有）"],
        lines={AREA: [("    status: 年内开工建设", "    kind: 新建")]},
        messages_en=[f"{AREA}:42:5: projects[1].kind: duplicate key 'kind' (already on line 38)"],
    ),
    Case(
        "duplicate-key-top-level",
        "packet.yaml 里 title 写了两次",
        [f"{PACKET}:13:1: title: 键“title”重复（第 5 行已有）"],
        lines={
            PACKET: [
                ("# draft: 征求意见稿                  # 稿本标记：每页印浅色斜向水印", "title: 另一个标题")
            ]
        },
    ),
    Case(
        "tag-python-object",
        "值前加了 !!python/object/apply 标签（PyYAML 的不安全加载会执行它）",
        [f"{AREA}:38:11: projects[1].kind: 不允许 YAML 标签 !!python/object/apply:os.system"],
        lines={AREA: [("    kind: 新建", "    kind: !!python/object/apply:os.system [echo 新建]")]},
        messages_en=[
            f"{AREA}:38:11: projects[1].kind: YAML tag !!python/object/apply:os.system is not allowed"
        ],
    ),
    Case(
        "tag-custom",
        "值前加了自定义标签 !foo",
        [f"{PACKET}:14:9: layout: 不允许 YAML 标签 !foo"],
        lines={
            PACKET: [
                (
                    "layout: gbt9704                      # 版式：gbt9704（公文格式）或 briefing（会议材料）",
                    "layout: !foo gbt9704",
                )
            ]
        },
    ),
    Case(
        "tag-str",
        "即使是无害的 !!str 标签也不接受：文件应只写普通值",
        [f"{AREA}:30:13: targets[2].target: 不允许 YAML 标签 !!str"],
        lines={AREA: [("    target: 2000人", "    target: !!str 2000人")]},
    ),
    Case(
        "alias-bomb",
        "文件末尾加了“十亿笑声”别名炸弹（9 层，每层 9 个别名）",
        [f"{AREA}:51:8: b[1]: 不支持 YAML 别名引用（*a）"],
        raw={AREA: billion_laughs},
        messages_en=[f"{AREA}:51:8: b[1]: YAML aliases (*a) are not supported"],
    ),
    Case(
        "alias",
        "第二个项目的总投资用别名引用了第一个项目的",
        [f"{AREA}:46:23: projects[2].total_investment: 不支持 YAML 别名引用（*t）"],
        lines={
            AREA: [
                ("    total_investment: 5000万元", "    total_investment: &t 5000万元"),
                ("    total_investment: 1亿元", "    total_investment: *t"),
            ]
        },
    ),
    Case(
        "merge-key",
        "用 YAML 合并键 << 代替 kind（kind 可省略，只报合并键）",
        [f"{AREA}:45:5: projects[2].<<: 不支持 YAML 合并键（<<）"],
        lines={AREA: [("    kind: 续建", "    <<: {kind: 续建}")]},
    ),
    Case(
        "encoding-gbk",
        "工作领域文件存成了 GBK 编码",
        [f"{AREA}:1:4: -: 文件不是 UTF-8 编码（看起来是 GBK/GB18030）"],
        raw={AREA: lambda text: text.encode("gbk")},
        messages_en=[f"{AREA}:1:4: -: file is not UTF-8 (it looks like GBK/GB18030)"],
    ),
    Case(
        "encoding-utf16",
        "工作领域文件存成了带 BOM 的 UTF-16",
        [f"{AREA}:1:1: -: 文件不是 UTF-8 编码（看起来是 UTF-16）"],
        raw={AREA: lambda text: text.encode("utf-16")},
    ),
    Case(
        "encoding-utf16-no-bom",
        "packet.yaml 存成了不带 BOM 的 UTF-16LE",
        [f"{PACKET}:1:1: -: 文件不是 UTF-8 编码（看起来是 UTF-16LE）"],
        raw={PACKET: lambda text: text.encode("utf-16-le")},
    ),
    Case(
        "encoding-stray-byte",
        "UTF-8 文件里粘进了一个 Latin-1 编码的 é",
        [f"{PACKET}:13:9: -: 无法识别的字节（E9）"],
        raw={PACKET: stray_latin1_byte},
    ),
    Case(
        "tab-indent",
        "缩进里用了制表符",
        [f"{AREA}:38:1: -: 缩进里有制表符（Tab）"],
        lines={AREA: [("    kind: 新建", "\tkind: 新建")]},
        messages_en=[f"{AREA}:38:1: -: tab character in indentation"],
    ),
    Case(
        "tab-after-spaces",
        "缩进是两个空格加一个制表符",
        [f"{PACKET}:23:3: -: 缩进里有制表符（Tab）"],
        lines={PACKET: [("  count: 2", "  \tcount: 2")]},
    ),
    Case(
        "control-character",
        "项目名称里夹了一个不可见的控制字符（BEL）",
        [f"{AREA}:37:13: -: 不可见的控制字符 U+0007"],
        lines={AREA: [("  - name: 示例新建项目", "  - name: 示例\a新建项目")]},
    ),
    Case(
        "control-character-escape",
        "双引号里用转义写出了控制字符",
        [f"{AREA}:37:11: projects[1].name: 不可见的控制字符 U+0007"],
        lines={AREA: [("  - name: 示例新建项目", '  - name: "示例\\a新建项目"')]},
    ),
    Case(
        "empty-area-file", "工作领域文件是空的", [f"{AREA}:1:1: -: 文件是空的"], raw={AREA: lambda text: b""}
    ),
    Case(
        "comments-only",
        "工作领域文件只有注释",
        [f"{AREA}:1:1: -: 文件是空的"],
        raw={AREA: lambda text: "".join(f"# {line}\n" for line in text.splitlines()).encode()},
    ),
    Case(
        "empty-packet", "packet.yaml 是空的", [f"{PACKET}:1:1: -: 文件是空的"], raw={PACKET: lambda text: b""}
    ),
    Case(
        "listed-area-missing",
        "areas 清单列出了不存在的文件",
        [f"{PACKET}:15:23: areas[2]: 列出的文件 areas/02-民生.yaml 不存在"],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: [01-示例工作.yaml, 02-民生.yaml]",
                )
            ]
        },
        messages_en=[f"{PACKET}:15:23: areas[2]: listed file areas/02-民生.yaml does not exist"],
    ),
    Case(
        "listed-area-outside",
        "areas 清单里写了指向 areas/ 之外的路径",
        [
            f"{PACKET}:15:8: areas: 警告：areas/ 中有 1 个文件不在 areas 清单里，不会印出：01-示例工作.yaml",
            f"{PACKET}:15:9: areas[1]: “../packet.yaml”不是 areas/ 目录中的文件名",
        ],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: [../packet.yaml]",
                )
            ]
        },
    ),
    Case(
        "listed-area-twice",
        "areas 清单把同一个文件列了两次",
        [f"{PACKET}:15:23: areas[2]: 文件 01-示例工作.yaml 在清单中重复出现"],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: [01-示例工作.yaml, 01-示例工作.yaml]",
                )
            ]
        },
    ),
    Case(
        "listed-areas-empty",
        "areas 清单是空列表",
        [f"{PACKET}:15:8: areas: 工作领域清单是空的"],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: []",
                )
            ]
        },
    ),
    Case(
        "areas-wrong-type",
        "areas 写成了数字",
        [f"{PACKET}:15:8: areas: 工作领域顺序应为 all 或文件名列表"],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: 5",
                )
            ]
        },
    ),
    Case("packet-missing", "没有 packet.yaml", [f"{PACKET}: -: 找不到文件"], remove=[PACKET]),
    Case(
        "areas-folder-empty",
        "areas/ 目录是空的（只有 .gitkeep）",
        [f"{PACKET}:15:8: areas: areas/ 目录里没有任何 .yaml 文件"],
        remove=[AREA],
        keep_empty_areas=True,
        messages_en=[f"{PACKET}:15:8: areas: no .yaml files in areas/"],
    ),
    Case(
        "areas-folder-missing",
        "根本没有 areas/ 目录",
        [f"{PACKET}:15:8: areas: areas/ 目录里没有任何 .yaml 文件"],
        remove=[AREA],
    ),
    Case(
        "syntax-unclosed-quote",
        "引号没有闭合",
        [f"{AREA}:38:11: -: YAML 语法错误：文件意外结束（引号或括号没有闭合）"],
        lines={AREA: [("    kind: 新建", '    kind: "新建')]},
        messages_en=[f"{AREA}:38:11: -: YAML syntax error: found unexpected end of stream"],
    ),
    Case(
        "syntax-colon-in-value",
        "值里有“冒号加空格”，没加引号",
        [f"{AREA}:6:14: -: YAML 语法错误：此处不能出现“键: 值”"],
        lines={
            AREA: [
                (
                    "title: 着力扩大内需，推动经济合理增长    # 标题，不含“（一）”等序号",
                    "title: 着力扩大内需: 推动经济合理增长",
                )
            ]
        },
    ),
    Case(
        "syntax-bad-indent",
        "一个键比同级的键多缩进了两格（报在这一行，说明多了几格）",
        [
            f"{AREA}:39:7: -: YAML 语法错误：这一行缩进 6 格，比上一行的键（4 格）多；同一层的键应对齐，请改为缩进 4 格"
        ],
        lines={AREA: [("    total_investment: 5000万元", "      total_investment: 5000万元")]},
    ),
    Case(
        "file-is-a-list",
        "整个工作领域文件写成了列表",
        [f"{AREA}:1:1: area: 工作领域应是“键: 值”形式的映射，这里是列表"],
        raw={AREA: lambda text: "- 着力扩大内需，推动经济合理增长\n- 区发展和改革局\n".encode()},
        messages_en=[f"{AREA}:1:1: area: 工作领域 must be a mapping of key: value, found a list"],
    ),
    Case(
        "file-is-a-scalar",
        "整个 packet.yaml 只有一句话",
        [f"{PACKET}:1:1: packet: 汇报材料应是“键: 值”形式的映射，这里是文字"],
        raw={PACKET: lambda text: "2023年重点工作汇报材料\n".encode()},
    ),
    Case(
        "complex-key",
        "用 ? 写了一个列表作键",
        [f"{AREA}:8:3: -: 键必须是简单文字"],
        lines={AREA: [("leader: 副区长                           # 责任领导，可省略", "? [副区长]")]},
    ),
    # --- accepted variants ----------------------------------------------------------------------------
    Case(
        "utf8-bom-accepted",
        "UTF-8 带 BOM：应当接受",
        status=0,
        raw={AREA: lambda text: b"\xef\xbb\xbf" + text.encode()},
    ),
    Case(
        "crlf-accepted",
        "两个文件都是 Windows 换行（CRLF）：应当接受",
        status=0,
        raw={
            AREA: lambda text: text.replace("\n", "\r\n").encode(),
            PACKET: lambda text: text.replace("\n", "\r\n").encode(),
        },
    ),
    # --- fields --------------------------------------------------------------------------------------
    Case(
        "unknown-key-typo",
        "键名拼错：leadr",
        [f"{AREA}:8:1: leadr: 未知字段“leadr”；是不是“leader”？"],
        lines={AREA: [("leader: 副区长                           # 责任领导，可省略", "leadr: 副区长")]},
        messages_en=[f"{AREA}:8:1: leadr: unknown field 'leadr'; did you mean 'leader'?"],
    ),
    Case(
        "unknown-key-label",
        "用中文名称“总投资”作键",
        [f"{AREA}:39:5: projects[1].总投资: 未知字段“总投资”；是不是“total_investment”？"],
        lines={AREA: [("    total_investment: 5000万元", "    总投资: 5000万元")]},
    ),
    Case(
        "unknown-key-no-hint",
        "一个毫不相干的键",
        [f"{PACKET}:13:1: printer: 未知字段“printer”；允许的字段有：title、meeting"],
        lines={
            PACKET: [
                ("# draft: 征求意见稿                  # 稿本标记：每页印浅色斜向水印", "printer: 办公室")
            ]
        },
    ),
    Case(
        "missing-required",
        "删去了标题（牵头单位可以省略，标题不能）",
        [f"{AREA}:7:1: title: 缺少必填字段（标题）；请添加，例如 title: 示例工作领域"],
        lines={AREA: [("title: 着力扩大内需，推动经济合理增长    # 标题，不含“（一）”等序号", "")]},
        messages_en=[f"{AREA}:7:1: title: required field missing (标题); add it, e.g. title: 示例工作领域"],
    ),
    Case(
        "missing-required-in-row",
        "第二个项目没有名称（建设性质可以省略，名称不能）",
        [f"{AREA}:45:5: projects[2].name: 缺少必填字段（项目名称）；请添加，例如 name: 示例项目"],
        lines={AREA: [("  - name: 示例续建项目", "  -")]},
    ),
    Case(
        "required-but-null",
        "必填的会议名称写成 ~（空值）",
        [f"{PACKET}:6:1: meeting: 缺少必填字段（会议名称）"],
        lines={PACKET: [("meeting: 区政府常务会议              # 会议名称", "meeting: ~")]},
    ),
    Case(
        "required-bool-missing",
        "declared 里删去了 complete",
        [f"{PACKET}:23:3: declared.complete: 缺少必填字段（清单是否完整）；请添加，例如 complete: false"],
        lines={PACKET: [("  complete: true", "")]},
    ),
    Case(
        "text-given-a-list",
        "标题写成了列表",
        [f"{AREA}:6:8: title: 标题应为文字，这里是列表"],
        lines={
            AREA: [
                (
                    "title: 着力扩大内需，推动经济合理增长    # 标题，不含“（一）”等序号",
                    "title: [着力扩大内需, 推动经济合理增长]",
                )
            ]
        },
        messages_en=[f"{AREA}:6:8: title: 标题 must be text, found a list"],
    ),
    Case(
        "list-where-mapping",
        "declared 写成了列表",
        [f"{PACKET}:22:3: declared: 申报合计应是“键: 值”形式的映射，这里是列表"],
        lines={
            PACKET: [
                ("  complete: true", "  - complete: true"),
                ("  count: 2", "    count: 2"),
                ("  new: 1", "    new: 1"),
                ("  continued: 1", "    continued: 1"),
                ("  total_investment: 1.5亿元", "    total_investment: 1.5亿元"),
                ("  annual_investment: 6000万元", "    annual_investment: 6000万元"),
            ]
        },
    ),
    Case(
        "mapping-where-list",
        "targets 写成了一个映射而不是列表",
        [f"{AREA}:21:10: targets: 目标指标应为列表，这里是键值对（映射）"],
        raw={
            AREA: lambda text: (
                replace_lines(text, [("targets:", "targets: {name: 城镇新增就业, unit: 人, target: 2000人}")])
                .replace(
                    '  - name: 固定资产投资\n    unit: "%"\n    last_year: 预计增长6%\n    target: 增长8%\n'
                    "    lead_unit: 区发展和改革局\n  - name: 城镇新增就业\n    unit: 人\n    last_year: 2501人\n"
                    '    target: 2000人\n  - name: 地区生产总值\n    unit: "%"\n',
                    "\n" * 11,
                )
                .replace("    target: 不低于全市平均水平          # 文字性目标直接写文字\n", "\n")
                .encode()
            )
        },
    ),
    Case(
        "enum-bad-choice",
        "建设性质写成“改建”",
        [f"{AREA}:38:11: projects[1].kind: 建设性质“改建”不是允许的值；应为：新建、续建"],
        lines={AREA: [("    kind: 新建", "    kind: 改建")]},
        messages_en=[
            f"{AREA}:38:11: projects[1].kind: 建设性质 '改建' is not allowed; use one of: 新建, 续建"
        ],
    ),
    Case(
        "enum-given-a-list",
        "建设性质写成了列表",
        [f"{AREA}:38:11: projects[1].kind: 建设性质应为以下之一：新建、续建、未明确；这里是列表"],
        lines={AREA: [("    kind: 新建", "    kind: [新建]")]},
    ),
    Case(
        "enum-urgency",
        "紧急程度写成“紧急”",
        [f"{PACKET}:12:10: urgency: 紧急程度“紧急”不是允许的值；应为：特急、加急"],
        lines={PACKET: [("# urgency: 加急                      # 紧急程度：特急 或 加急", "urgency: 紧急")]},
    ),
    Case(
        "secrecy-bad-level",
        "密级写成“内部”",
        [f"{PACKET}:10:18: secrecy.level: 密级“内部”不是允许的值；应为：秘密、机密、绝密"],
        lines={
            PACKET: [
                (
                    "classification: 内部资料 注意保存    # 封面上的发放范围；涉密材料改用下面的 secrecy",
                    "secrecy: {level: 内部}",
                )
            ]
        },
    ),
    Case(
        "secrecy-and-classification",
        "同时写了 classification 和 secrecy",
        [f"{PACKET}:11:10: secrecy: classification 与 secrecy 只能填一个"],
        lines={
            PACKET: [
                (
                    "# secrecy: {level: 秘密, period: 1年}  # 密级和保密期限，印作“秘密★1年”",
                    "secrecy: {level: 秘密, period: 1年}",
                )
            ]
        },
    ),
    # --- figures and money ---------------------------------------------------------------------------
    Case(
        "money-missing-unit",
        "总投资只写了数字",
        [f"{AREA}:39:23: projects[1].total_investment: “5000”缺少单位；数值须带单位，如 5000人、5000万元"],
        lines={AREA: [("    total_investment: 5000万元", "    total_investment: 5000")]},
        messages_en=[
            f"{AREA}:39:23: projects[1].total_investment: '5000' has no unit; write the unit with the number"
        ],
    ),
    Case(
        "money-wrong-unit",
        "总投资的单位是“万人”",
        [f"{AREA}:46:23: projects[2].total_investment: 总投资“1万人”不是金额；金额单位应为 元、万元 或 亿元"],
        lines={AREA: [("    total_investment: 1亿元", "    total_investment: 1万人")]},
    ),
    Case(
        "money-unknown-unit",
        "总投资的单位写成了“亿圆”",
        [f"{AREA}:46:23: projects[2].total_investment: “1亿圆”的单位“亿圆”无法识别；是不是“亿元”？"],
        lines={AREA: [("    total_investment: 1亿元", "    total_investment: 1亿圆")]},
    ),
    Case(
        "money-negative",
        "年度计划投资为负数",
        [f"{AREA}:40:24: projects[1].annual_investment: 年度计划投资“-2000万元”为负数；投资额不能为负"],
        lines={AREA: [("    annual_investment: 2000万元", "    annual_investment: -2000万元")]},
        messages_en=[f"{AREA}:40:24: projects[1].annual_investment: 年度计划投资 '-2000万元' is negative"],
    ),
    Case(
        "money-is-a-change",
        "总投资写成了增长幅度",
        [f"{AREA}:39:23: projects[1].total_investment: 总投资“增长5000万元”是增减幅度，不是金额"],
        lines={AREA: [("    total_investment: 5000万元", "    total_investment: 增长5000万元")]},
    ),
    Case(
        "annual-above-total",
        "年度计划投资大于总投资（清单合计因此也与申报不符）",
        [
            f"{PACKET}:27:22: declared.annual_investment: 申报合计为 6000万元，清单各行之和为 14000万元",
            f"{AREA}:47:24: projects[2].annual_investment: 年度计划投资 1.2亿元 大于总投资 1亿元",
        ],
        lines={AREA: [("    annual_investment: 4000万元", "    annual_investment: 1.2亿元")]},
        messages_en=[
            f"{PACKET}:27:22: declared.annual_investment: declared total is 6000万元 but the rows add up to 14000万元",
            f"{AREA}:47:24: projects[2].annual_investment: this year's investment 1.2亿元 exceeds the total investment 1亿元",
        ],
    ),
    Case(
        "figure-missing-unit",
        "指标的上年完成值只写了数字",
        [f"{AREA}:29:16: targets[2].last_year: “2501”缺少单位"],
        lines={AREA: [("    last_year: 2501人", "    last_year: 2501")]},
    ),
    Case(
        "figure-unknown-unit",
        "指标值写成“2千人”（千人不是单位）",
        [f"{AREA}:30:13: targets[2].target: “2千人”的单位“千人”无法识别；是不是“人”？"],
        lines={AREA: [("    target: 2000人", "    target: 2千人")]},
    ),
    Case(
        "figure-unreadable",
        "数字目标写成了排名“全市第2名”，没有按文字性目标写成 {text: …}",
        [f"{AREA}:33:13: targets[3].target: 无法识别数值“全市第2名”；应写成 2000人、1.5亿元、增长6%"],
        lines={
            AREA: [
                ("    target: 不低于全市平均水平          # 文字性目标直接写文字", "    target: 全市第2名")
            ]
        },
        messages_en=[
            f"{AREA}:33:13: targets[3].target: cannot read the figure '全市第2名'; write it like 2000人"
        ],
    ),
    Case(
        "indicator-unit-unknown",
        "指标单位写成“人们”",
        [f"{AREA}:28:11: targets[2].unit: 单位“人们”无法识别；是不是“人”？"],
        lines={AREA: [("    unit: 人", "    unit: 人们")]},
    ),
    Case(
        "indicator-value-wrong-unit",
        "以“人”计的指标，目标写成了万元",
        [
            f"{AREA}:30:13: targets[2].target: “2000万元”的单位“万元”与本指标的单位“人”不符，也无法换算；请改用 人"
        ],
        lines={AREA: [("    target: 2000人", "    target: 2000万元")]},
        messages_en=[
            f"{AREA}:30:13: targets[2].target: '2000万元' is in 万元, which does not convert to this indicator's unit 人"
        ],
    ),
    Case(
        "indicator-change-unit",
        "增长幅度用了“人”而不是 %",
        [f"{AREA}:25:13: targets[1].target: 增减幅度“增长8人”应以 % 或 个百分点 表示"],
        lines={AREA: [("    target: 增长8%", "    target: 增长8人")]},
    ),
    Case(
        "value-mapping-extra-key",
        "文字性目标写成映射时多了一个键",
        [f"{AREA}:33:13: targets[3].target: 本年目标写成映射时只能有 text 一项"],
        lines={
            AREA: [
                (
                    "    target: 不低于全市平均水平          # 文字性目标直接写文字",
                    "    target: {text: 不低于全市平均水平, note: 待定}",
                )
            ]
        },
    ),
    # --- dates and periods ---------------------------------------------------------------------------
    Case(
        "date-impossible",
        "编印日期是 2 月 30 日",
        [f"{PACKET}:8:7: date: 编印日期“2023-02-30”不是有效日期；应写成 2023-01-10 或 2023年1月10日"],
        lines={
            PACKET: [
                ("date: 2023-01-10                     # 编印日期，也可写 2023年1月10日", "date: 2023-02-30")
            ]
        },
        messages_en=[
            f"{PACKET}:8:7: date: 编印日期 '2023-02-30' is not a valid date; write 2023-01-10 or 2023年1月10日"
        ],
    ),
    Case(
        "date-not-a-date",
        "编印日期写成“一月十日”",
        [f"{PACKET}:8:7: date: 编印日期“一月十日”不是有效日期"],
        lines={
            PACKET: [
                ("date: 2023-01-10                     # 编印日期，也可写 2023年1月10日", "date: 一月十日")
            ]
        },
    ),
    Case(
        "year-invalid",
        "工作年度写成两位数",
        [f"{PACKET}:9:7: year: 工作年度“23”不是有效年份；应写四位年份，如 2023"],
        lines={
            PACKET: [
                ("year: 2023                           # 工作年度；表格中“上年完成”即 2022 年", "year: 23")
            ]
        },
    ),
    Case(
        "period-reversed",
        "建设期限起止倒置",
        [f"{AREA}:48:13: projects[2].period: 建设期限“2024—2022年”不是有效的期限"],
        lines={AREA: [("    period: 2022—2024年", "    period: 2024—2022年")]},
        messages_en=[f"{AREA}:48:13: projects[2].period: 建设期限 '2024—2022年' is not a valid period"],
    ),
    Case(
        "period-bad-month",
        "建设期限里有 13 月",
        [f"{AREA}:41:13: projects[1].period: 建设期限“2023年13月”不是有效的期限"],
        lines={AREA: [("    period: 2023年", "    period: 2023年13月")]},
    ),
    # --- counts and cross-checks ---------------------------------------------------------------------
    Case(
        "bool-invalid",
        "complete 写成“是”",
        [f"{PACKET}:22:13: declared.complete: 清单是否完整“是”应为 true 或 false"],
        lines={PACKET: [("  complete: true", "  complete: 是")]},
    ),
    Case(
        "count-negative",
        "新建项目个数为负数",
        [f"{PACKET}:24:8: declared.new: 新建项目个数“-1”应为非负整数"],
        lines={PACKET: [("  new: 1", "  new: -1")]},
    ),
    Case(
        "duplicate-project",
        "同一个项目列了两次",
        [f"{AREA}:44:11: projects[2].name: 项目“示例新建项目”重复（areas/01-示例工作.yaml:37 已有）"],
        lines={AREA: [("  - name: 示例续建项目", "  - name: 示例新建项目")]},
        messages_en=[
            f"{AREA}:44:11: projects[2].name: project '示例新建项目' is listed twice (first at areas/01-示例工作.yaml:37)"
        ],
    ),
    Case(
        "duplicate-indicator",
        "同一个指标列了两次",
        [f"{AREA}:27:11: targets[2].name: 指标“固定资产投资”重复（areas/01-示例工作.yaml:22 已有）"],
        lines={AREA: [("  - name: 城镇新增就业", "  - name: 固定资产投资")]},
    ),
    Case(
        "declared-count-mismatch",
        "申报个数与清单不符",
        [f"{PACKET}:23:10: declared.count: 申报个数为 3，清单实际为 2"],
        lines={PACKET: [("  count: 2", "  count: 3")]},
        messages_en=[f"{PACKET}:23:10: declared.count: declared count is 3 but the list has 2"],
    ),
    Case(
        "declared-sum-mismatch",
        "申报总投资与各项目之和不符",
        [f"{PACKET}:26:21: declared.total_investment: 申报合计为 2亿元，清单各行之和为 1.5亿元"],
        lines={PACKET: [("  total_investment: 1.5亿元", "  total_investment: 2亿元")]},
        messages_en=[
            f"{PACKET}:26:21: declared.total_investment: declared total is 2亿元 but the rows add up to 1.5亿元"
        ],
    ),
    Case(
        "declared-sum-mismatch-area",
        "工作领域自己的申报合计与本领域项目之和不符",
        [f"{AREA}:50:56: declared.total_investment: 申报合计为 1.6亿元，清单各行之和为 1.5亿元"],
        raw={
            AREA: lambda text: (
                text + "declared: {complete: true, count: 2, total_investment: 1.6亿元}\n"
            ).encode()
        },
    ),
    # --- several problems at once --------------------------------------------------------------------
    Case(
        "all-at-once",
        "两个文件里的四处错误一次全部报告，按文件和行排序",
        [
            f"{PACKET}:8:7: date: 编印日期“2023-02-30”不是有效日期",
            f"{AREA}:8:1: leadr: 是不是“leader”",
            f"{AREA}:38:11: projects[1].kind: 建设性质“改建”不是允许的值",
            f"{AREA}:40:24: projects[1].annual_investment: 为负数",
        ],
        lines={
            PACKET: [
                ("date: 2023-01-10                     # 编印日期，也可写 2023年1月10日", "date: 2023-02-30")
            ],
            AREA: [
                ("leader: 副区长                           # 责任领导，可省略", "leadr: 副区长"),
                ("    kind: 新建", "    kind: 改建"),
                ("    annual_investment: 2000万元", "    annual_investment: -2000万元"),
            ],
        },
        messages_en=[
            f"{PACKET}:8:7: date: is not a valid date",
            f"{AREA}:8:1: leadr: did you mean 'leader'?",
            f"{AREA}:38:11: projects[1].kind: is not allowed",
            f"{AREA}:40:24: projects[1].annual_investment: is negative",
        ],
    ),
    Case(
        "two-files-unreadable",
        "一个文件编码不对，另一个有语法错误：两个都报告",
        [
            f"{PACKET}:23:10: -: YAML 语法错误",
            f"{AREA}:1:4: -: 看起来是 GBK/GB18030",
        ],
        lines={PACKET: [("  count: 2", '  count: "2')]},
        raw={AREA: lambda text: text.encode("gbk")},
    ),
    # --- the command line ----------------------------------------------------------------------------
    Case(
        "usage-no-such-folder",
        "材料目录不存在",
        status=2,
        args=["validate", "{case}/no-such-folder"],
        usage="不存在或不是目录",
    ),
    Case(
        "usage-folder-is-a-file",
        "给出的“目录”其实是一个文件",
        status=2,
        args=["validate", "{case}/packet.yaml"],
        usage="不存在或不是目录",
    ),
    Case("usage-missing-folder", "validate 后面没有给目录", status=2, args=["validate"], usage="缺少参数"),
    Case(
        "usage-unknown-command",
        "不存在的子命令",
        status=2,
        args=["check", "{case}"],
        usage="无效的选项",
    ),
    Case(
        "usage-bad-language",
        "--lang 的值不是 zh 或 en",
        status=2,
        args=["--lang", "fr", "validate", "{case}"],
        usage="--lang",
    ),
    Case(
        "usage-extra-argument",
        "多给了一个参数",
        status=2,
        args=["validate", "{case}", "{case}"],
        usage="无法识别的参数",
    ),
    # --- added later: appended so that earlier folders keep their numbers -------------------------------
    Case(
        "money-too-many-digits",
        "总投资写成了 17 位数（单位弄错了，或多打了零）",
        [
            f"{AREA}:39:23: projects[1].total_investment: 数值“50000000000000000万元”位数过多（最多 15 位整数、6 位小数）"
        ],
        lines={AREA: [("    total_investment: 5000万元", "    total_investment: 50000000000000000万元")]},
        messages_en=[
            f"{AREA}:39:23: projects[1].total_investment: the figure '50000000000000000万元' has too many digits"
        ],
    ),
    Case(
        "area-name-too-long",
        "列出的工作领域文件名长 270 字节，超过文件系统允许的 255 字节（曾是内部错误）",
        [
            f"{PACKET}:15:8: areas: 警告：areas/ 中有 1 个文件不在 areas 清单里，不会印出：01-示例工作.yaml",
            f"{PACKET}:15:9: areas[1]: 文件名“{'长' * 59}…”过长（275 字节，文件系统最多允许 255 字节）",
        ],
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    f"areas: [{'长' * 90}]",
                )
            ]
        },
        messages_en=[
            f"{PACKET}:15:8: areas: warning: 1 file(s) in areas/ are not in the areas list",
            f"{PACKET}:15:9: areas[1]: the file name '{'长' * 59}…' is too long (275 bytes",
        ],
    ),
    Case(
        "usage-recipients-is-a-folder",
        "--recipients 给出的是目录，不是名单文件（曾说“不存在”）",
        status=2,
        args=["build", "{case}", "--recipients", "{case}/areas", "-o", "{case}/copies"],
        usage="是目录，不是文件",
    ),
    # --- YAML slips reported at the line to fix, in words (issue 12, point 6) --------------------------------
    Case(
        "syntax-fullwidth-colon",
        "项目名称的键后用了全角冒号“：”（曾报在下一行，不提“：”）",
        [
            f"{AREA}:37:9: -: YAML 语法错误：“name”后面是全角冒号“：”；键后面应是半角冒号加空格，请写成 name: …"
        ],
        lines={AREA: [("  - name: 示例新建项目", "  - name：示例新建项目")]},
        messages_en=[f"{AREA}:37:9: -: YAML syntax error: 'name' is followed by a full-width colon '：'"],
    ),
    Case(
        "syntax-colon-without-space",
        "total_investment:5000万元 冒号后没有空格（曾报在下一行）",
        [
            f"{AREA}:39:21: -: YAML 语法错误：“total_investment:”后面少了空格，整行被当成了文字；"
            "冒号后应有一个空格，请写成 total_investment: 5000万元"
        ],
        lines={AREA: [("    total_investment: 5000万元", "    total_investment:5000万元")]},
        messages_en=[f"{AREA}:39:21: -: YAML syntax error: no space after 'total_investment:'"],
    ),
    Case(
        "fullwidth-space-indent",
        "用两个全角空格（U+3000）缩进了一个键（曾不提全角空格）",
        [f"{AREA}:38:1: -: 缩进里有全角空格（U+3000），YAML 不把它当作缩进"],
        lines={AREA: [("    kind: 新建", "\u3000\u3000kind: 新建")]},
        messages_en=[f"{AREA}:38:1: -: full-width space (U+3000) in the indentation"],
    ),
    Case(
        "syntax-indent-less",
        "一个键只缩进了 3 格，同级的键是 4 格（曾说“缩进得多”）",
        [f"{AREA}:39:4: -: YAML 语法错误：这一行缩进 3 格，比上一行的键（4 格）少"],
        lines={AREA: [("    total_investment: 5000万元", "   total_investment: 5000万元")]},
        messages_en=[
            f"{AREA}:39:4: -: YAML syntax error: this line is indented 3 spaces, less than the key above (4)"
        ],
    ),
    Case(
        "syntax-dash-without-space",
        "列表项写成 -name:，“-”后没有空格（曾是未翻译的英文 expected <block end>）",
        [f"{AREA}:37:3: -: YAML 语法错误：列表项的“-”后面少了空格，“-name”被当成了键名；请写成 - name: …"],
        lines={AREA: [("  - name: 示例新建项目", "  -name: 示例新建项目")]},
        messages_en=[f"{AREA}:37:3: -: YAML syntax error: no space after the list item's '-'"],
    ),
    # --- what reports do not say, and level with growth (issue 12, points 1 and 3) ---------------------------
    Case(
        "target-null-accepted",
        "报告没有给出本年目标：target: null，应当接受（曾报缺少必填字段）",
        status=0,
        lines={AREA: [("    target: 2000人", "    target: null")]},
    ),
    Case(
        "kind-unknown-accepted",
        "项目性质报告没有写明：kind: 未明确，应当接受；申报的续建个数仍对得上",
        status=0,
        lines={AREA: [("    kind: 续建", "    kind: 未明确")]},
    ),
    Case(
        "level-with-growth-accepted",
        "一行写数值及其增幅：{level: 2000人, growth: 增长5%}，应当接受",
        status=0,
        lines={AREA: [("    target: 2000人", "    target: {level: 2000人, growth: 增长5%}")]},
    ),
    Case(
        "level-wrong-unit",
        "数值及其增幅中，数值的单位与本指标的单位不符",
        [f"{AREA}:30:13: targets[2].target.level: “2000户”的单位“户”与本指标的单位“人”不符"],
        lines={AREA: [("    target: 2000人", "    target: {level: 2000户, growth: 增长5%}")]},
    ),
    # --- validate sees what build sees (issue 12, point 5) ----------------------------------------------------
    Case(
        "layout-unknown",
        "packet.yaml 写了不存在的版式（曾只在 build 时才报）",
        [f"{PACKET}:14:9: layout: 找不到版式“本单位”"],
        lines={
            PACKET: [
                (
                    "layout: gbt9704                      # 版式：gbt9704（公文格式）或 briefing（会议材料）",
                    "layout: 本单位",
                )
            ]
        },
    ),
    Case(
        "warning-title-numbered",
        "标题自带序号“（二）”，印出来会成“一、（二）…”：警告，退出状态仍为 0",
        [f"{AREA}:6:8: title: 警告：标题“（二）着力扩大内需，推动经济合理增长”以序号“（二）”开头"],
        status=0,
        lines={
            AREA: [
                (
                    "title: 着力扩大内需，推动经济合理增长    # 标题，不含“（一）”等序号",
                    "title: （二）着力扩大内需，推动经济合理增长",
                )
            ]
        },
        messages_en=[
            f"{AREA}:6:8: title: warning: the title '（二）着力扩大内需，推动经济合理增长' starts with"
        ],
    ),
    Case(
        "warning-quotes-and-half-width",
        "牵头单位整个加了中文引号，工作安排里有半角逗号：两条警告",
        [
            f"{AREA}:7:12: lead_unit: 警告：牵头单位写作 “区发展和改革局”，整个被引号括起",
            f"{AREA}:11:10: summary: 警告：工作安排里有夹在中文里的半角标点 ,",
        ],
        status=0,
        lines={
            AREA: [
                ("lead_unit: 区发展和改革局               # 牵头单位", "lead_unit: “区发展和改革局”"),
                (
                    "  坚持项目为王理念，举全区之力谋项目、上项目、推项目。",
                    "  坚持项目为王理念,举全区之力谋项目、上项目、推项目。",
                ),
            ]
        },
    ),
    Case(
        "warning-strict",
        "同上一例的序号，加 --strict：警告当作错误，退出状态为 1",
        [f"{AREA}:6:8: title: 标题“（二）着力扩大内需，推动经济合理增长”以序号“（二）”开头"],
        args=["validate", "--strict", "{case}"],
        lines={
            AREA: [
                (
                    "title: 着力扩大内需，推动经济合理增长    # 标题，不含“（一）”等序号",
                    "title: （二）着力扩大内需，推动经济合理增长",
                )
            ]
        },
    ),
    Case(
        "warning-area-not-listed",
        "areas 清单只列了一个文件，areas/ 里还有一个：警告，列出文件名",
        [f"{PACKET}:15:8: areas: 警告：areas/ 中有 1 个文件不在 areas 清单里，不会印出：02-民生保障.yaml"],
        status=0,
        copies={"areas/02-民生保障.yaml": AREA},
        lines={
            PACKET: [
                (
                    "areas: all                           # 工作领域顺序：all 按文件名排序，或列出文件名",
                    "areas: [01-示例工作.yaml]",
                )
            ]
        },
    ),
    Case(
        "warning-stray-copy",
        "areas/ 里留了一份“- 副本”：按 all 读入后项目重复（错误），并警告它像是副本",
        [
            "areas/01-示例工作 - 副本.yaml: -: 警告：areas/01-示例工作 - 副本.yaml 看起来是 01-示例工作.yaml 的副本",
            f"{AREA}:37:11: projects[1].name: 项目“示例新建项目”重复（areas/01-示例工作 - 副本.yaml:37 已有）",
            f"{AREA}:44:11: projects[2].name: 项目“示例续建项目”重复（areas/01-示例工作 - 副本.yaml:44 已有）",
            f"{PACKET}:23:10: declared.count: 申报个数为 2，清单实际为 4",
            f"{PACKET}:24:8: declared.new: 申报个数为 1，清单实际为 2",
            f"{PACKET}:25:14: declared.continued: 申报个数为 1，清单实际为 2",
            f"{PACKET}:26:21: declared.total_investment: 申报合计为 1.5亿元，清单各行之和为 3亿元",
            f"{PACKET}:27:22: declared.annual_investment: 申报合计为 6000万元，清单各行之和为 12000万元",
        ],
        copies={"areas/01-示例工作 - 副本.yaml": AREA},
    ),
    # --- progress records (issue 15: 推进情况) ---------------------------------------------------------------
    Case(
        "progress-accepted",
        "指标和项目写了推进情况（一条写成映射，多条写成列表；截至2023年9月底 等日期写法），应当接受",
        status=0,
        lines={
            AREA: [
                (
                    "    last_year: 预计增长6%",
                    "    progress: [{as_of: 2023-06-30, value: 增长3%}, {as_of: 截至2023年9月底, value: 增长6.5%}]",
                ),
                (
                    "    last_year: 2501人",
                    "    progress: {as_of: 2023年9月30日, value: 1400人, note: 招聘会10场}",
                ),
                (
                    "    target: 不低于全市平均水平          # 文字性目标直接写文字",
                    "    progress: {as_of: 2023-09-30, status: 已终止, note: 统计口径调整}",
                ),
                ("    status: 年内开工建设", "    progress: {as_of: 2023-09-30, value: 0万元}"),
                (
                    "    status: 主体封顶",
                    "    progress: {as_of: 2023-09-30, value: 4000万元, status: 已完成}",
                ),
            ]
        },
    ),
    Case(
        "progress-problems",
        "推进情况：日期在工作年度之外、完成值的单位与目标不符、日期不存在（9月31日），一次全部报告",
        [
            f"{AREA}:29:23: targets[2].progress.as_of: 截至日期“2022-12-31”不在本材料的工作年度 2023 年内",
            f"{AREA}:29:42: targets[2].progress.value: 完成值“1650万元”的单位“万元”与目标的单位“人”不符",
            f"{AREA}:42:23: projects[1].progress.as_of: 截至日期“2023年9月31日”无法识别为日期",
        ],
        lines={
            AREA: [
                ("    last_year: 2501人", "    progress: {as_of: 2022-12-31, value: 1650万元}"),
                ("    status: 年内开工建设", "    progress: {as_of: 2023年9月31日, value: 100万元}"),
            ]
        },
    ),
    Case(
        "warning-progress-ratio",
        "完成值是目标的 825%（可能把单位写错）：警告，照常通过",
        [f"{AREA}:29:42: targets[2].progress.value: 警告：完成值“16500人”是目标“2000人”的 825%，超过 300%"],
        status=0,
        lines={AREA: [("    last_year: 2501人", "    progress: {as_of: 2023-09-30, value: 16500人}")]},
    ),
]


def _expected_yaml(case: Case) -> str:
    """expected.yaml, written by hand-style rules (json strings are valid YAML scalars)."""

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f"defect: {quoted(case.defect)}", f"status: {case.status}"]
    if case.args:
        lines.append("args: [" + ", ".join(quoted(arg) for arg in case.args) + "]")
    if case.usage:
        lines.append(f"usage: {quoted(case.usage)}")
    for key, messages in (("messages", case.messages), ("messages_en", case.messages_en)):
        if messages or (key == "messages" and not case.args and case.status):
            lines.append(f"{key}:" + ("" if messages else " []"))
            lines.extend(f"  - {quoted(message)}" for message in messages)
    return "\n".join(lines) + "\n"


def write_case(number: int, case: Case, root: Path) -> Path:
    folder = root / f"{number:02d}-{case.name}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(STARTER, folder)
    for name, edits in case.lines.items():
        path = folder / name
        path.write_text(replace_lines(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
    for name, make in case.raw.items():
        path = folder / name
        path.write_bytes(make(path.read_text(encoding="utf-8")))
    for name, original in case.copies.items():
        shutil.copyfile(folder / original, folder / name)
    for name in case.remove:
        (folder / name).unlink()
    if case.remove and AREA in case.remove:
        if case.keep_empty_areas:
            (folder / "areas" / ".gitkeep").write_bytes(b"")
        else:
            (folder / "areas").rmdir()
    (folder / "expected.yaml").write_text(_expected_yaml(case), encoding="utf-8")
    return folder


def main(root: Path = HERE) -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for old in root.iterdir():
        if old.is_dir() and old.name[:2].isdigit():
            shutil.rmtree(old)
    for number, case in enumerate(CASES, start=1):
        write_case(number, case, root)
    print(f"wrote {len(CASES)} cases under {root}", file=sys.stderr)


if __name__ == "__main__":
    main()
