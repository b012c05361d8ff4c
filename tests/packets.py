"""Building test packets on disk: the sample, copies of it, and small generated packets."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"
LAYOUTS = ROOT / "layouts"


def copy_sample(target: Path) -> Path:
    destination = target / "packet"
    shutil.copytree(SAMPLE, destination)
    return destination


def write_packet(
    target: Path, areas: dict[str, str], packet_extra: str = "", layout: str = "gbt9704"
) -> Path:
    """A packet folder with a standard packet.yaml (plus `packet_extra` lines) and the given area files."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "packet.yaml").write_text(
        "title: 测试汇报材料\n"
        "meeting: 测试会议\n"
        "issuer: 测试区人民政府办公室\n"
        "date: 2023-01-10\n"
        "year: 2023\n"
        f"layout: {layout}\n" + packet_extra,
        encoding="utf-8",
    )
    (target / "areas").mkdir(exist_ok=True)
    for name, text in areas.items():
        (target / "areas" / name).write_text(text, encoding="utf-8")
    return target


def area_yaml(
    title: str,
    projects: list[dict[str, str]] | None = None,
    summary: str = "本年工作安排。",
    targets: str = "",
    extra: str = "",
) -> str:
    lines = [f"title: {title}", "lead_unit: 区政府办公室", "summary: |", f"  {summary}"]
    if targets:
        lines.append(targets.rstrip())
    if projects:
        lines.append("projects:")
        for project in projects:
            lines.append(f"  - name: {project['name']}")
            for key, value in project.items():
                if key != "name":
                    lines.append(f"    {key}: {value}")
    if extra:
        lines.append(extra.rstrip())
    return "\n".join(lines) + "\n"
