"""Writes the commented starter packet that `briefing init` creates, with the JSON Schemas its files name."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

_STARTER = ("packet.yaml", "areas/01-示例工作.yaml")


def write_starter(target: Path) -> list[Path]:
    """Copy the starter files into `target` (created if needed), then the JSON Schemas their first lines
    point editors to (packet.schema.json, area.schema.json); returns the paths written."""
    from briefing.read.schema import SCHEMA_FILES, json_schema

    files = resources.files("briefing") / "starter_files"
    written = []
    for name in _STARTER:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes((files / name).read_bytes())
        written.append(destination)
    for kind, name in SCHEMA_FILES.items():
        destination = target / name
        text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
        destination.write_text(text, encoding="utf-8")
        written.append(destination)
    return written
