"""Helpers for layout tests: a shipped layout copied into a packet, edited in place, and lines found in it."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = REPO / "layouts"


def copy_layout(tmp_path: Path, name: str = "mine", base: str = "gbt9704") -> Path:
    """A copy of a shipped layout as tmp_path/layouts/<name>."""
    folder = tmp_path / "layouts" / name
    shutil.copytree(LAYOUTS / base, folder)
    return folder


def edit(folder: Path, old: str, new: str, file: str = "layout.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, file: str = "layout.yaml") -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)
