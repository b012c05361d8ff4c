"""Writes the commented starter packet that `briefing init` creates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_STARTER = ("packet.yaml", "areas/01-示例工作.yaml")


def write_starter(target: Path) -> list[Path]:
    """Copy the starter files into `target` (created if needed); returns the paths written."""
    files = resources.files("briefing") / "starter_files"
    written = []
    for name in _STARTER:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes((files / name).read_bytes())
        written.append(destination)
    return written
