"""Packets for the diff tests: the sample with known edits, and small packets built to order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import run_cli

from briefing.diff.changes import PacketDiff
from briefing.diff.compare import compare
from briefing.diff.sides import Spec, load_sides
from briefing.model.packet import Packet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"

# The four known edits to the sample: one target changed, one project dropped, one added, one sentence
# rewritten (two figures in it).
TARGET_OLD = "    target: 增长8%\n"
TARGET_NEW = "    target: 增长9%\n"
SENTENCE_OLD = "力争引进超亿元投资项目6个以上，引进省外资金增长15%。"
SENTENCE_NEW = "力争引进超亿元投资项目8个以上，引进省外资金增长20%。"
DROPPED = "东圣OEM智能工厂"
ADDED = "通化医药健康产业园"
ADDED_YAML = f"  - name: {ADDED}\n    kind: 新建\n    total_investment: 3.5亿元\n    annual_investment: 1亿元\n    status: 年内开工\n"


def copy_sample(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edited_sample(target: Path) -> Path:
    """The sample with exactly the four known edits."""
    copy_sample(target)
    first = target / "areas" / "01-扩大内需.yaml"
    edit(first, TARGET_OLD, TARGET_NEW)
    edit(first, SENTENCE_OLD, SENTENCE_NEW)
    second = target / "areas" / "02-产业升级.yaml"
    text = second.read_text(encoding="utf-8")
    start = text.index(f"  - name: {DROPPED}\n")
    end = text.index("  - name: ", start + 1)
    text = text[:start] + text[end:]
    second.write_text(text.rstrip("\n") + "\n" + ADDED_YAML, encoding="utf-8")
    return target


def small_packet(target: Path, areas: dict[str, str], packet_extra: str = "") -> Path:
    """A packet folder with a fixed packet.yaml and the given area files (name -> YAML text)."""
    (target / "areas").mkdir(parents=True, exist_ok=True)
    (target / "packet.yaml").write_text(
        "title: 测试汇报材料\nmeeting: 测试会议\nissuer: 测试区人民政府办公室\ndate: 2023-01-10\n"
        "year: 2023\n" + packet_extra,
        encoding="utf-8",
    )
    for old in (target / "areas").glob("*.yaml"):
        old.unlink()
    for name, text in areas.items():
        (target / "areas" / name).write_text(text, encoding="utf-8")
    return target


def _quoted(value: str | None) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def area(
    title: str,
    summary: str = "本年工作安排。",
    targets: list[dict[str, str | None]] | None = None,
    projects: list[dict[str, str | None]] | None = None,
    extra: str = "",
) -> str:
    """An area file: title, lead unit, summary, then targets and projects given as field dicts."""
    lines = [f"title: {title}", "lead_unit: 区政府办公室", "summary: |"]
    lines += [f"  {line}" if line else "" for line in summary.split("\n")]
    for key, rows in (("targets", targets), ("projects", projects)):
        if rows:
            lines.append(f"{key}:")
            for row in rows:
                items = list(row.items())
                lines.append(f"  - {items[0][0]}: {_quoted(items[0][1])}")
                lines += [f"    {name}: {_quoted(value)}" for name, value in items[1:]]
    if extra:
        lines.append(extra.rstrip())
    return "\n".join(lines) + "\n"


def compared(old: Path, new: Path, labels: tuple[str, str] = ("old", "new")) -> tuple[PacketDiff, Packet]:
    """The change list between two packet folders, compared in process, and the new packet."""
    before, after = load_sides((Spec(str(old)), Spec(str(new))))
    return compare(before, after, *labels), after


def diff_json(*argv: str) -> dict[str, Any]:
    """`briefing diff ARGV --json`, which must succeed with nothing on stderr, as data."""
    result = run_cli("diff", *argv, "--json")
    assert result.status == 0, result.err
    assert result.err == ""
    data: dict[str, Any] = json.loads(result.out)
    return data


# Progress records for the sample (a second-quarter packet), and a third-quarter packet with exactly four
# known progress edits: one record added, one value changed, one written status changed, one day changed.
AREA = "01-扩大内需.yaml"
Q2_PROGRESS = {
    "固定资产投资": "{as_of: 2023-06-30, value: 增长3%}",
    "社会消费品零售总额": "{as_of: 2023-06-30, value: 增长4%}",
    "引进省外资金": "{as_of: 截至2023年6月底, value: 增长8%, note: 签约项目3个}",
    "冰雪产业示范新城一期": "{as_of: 2023-06-30, status: 序时推进}",
    "高铁生态新城": "{as_of: 2023-06-30, status: 序时推进, note: 征收过半}",
}
Q3_PROGRESS = {
    **Q2_PROGRESS,
    "固定资产投资": "[{as_of: 2023-06-30, value: 增长3%}, {as_of: 截至2023年9月底, value: 增长6.5%}]",
    "社会消费品零售总额": "{as_of: 2023-06-30, value: 增长5%}",
    "冰雪产业示范新城一期": "{as_of: 2023-06-30, status: 滞后}",
    "高铁生态新城": "{as_of: 2023-09-30, status: 序时推进, note: 征收过半}",
}


def progress_sample(target: Path, progress: dict[str, str]) -> Path:
    """The sample with a progress record under each named target or project of its first area."""
    copy_sample(target)
    for name, record in progress.items():
        edit(target / "areas" / AREA, f"  - name: {name}\n", f"  - name: {name}\n    progress: {record}\n")
    return target
