"""What the warm-build tests share (test_session.py, test_session_edits.py): the cold build to compare a
rebuild with, an edit of one file as an editor saves it, and a packet with a layout of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from packets import LAYOUTS, ROOT

from briefing.pipeline import Options, build


def cold(root: Path, tmp_path: Path, options: Options | None = None) -> bytes:
    """What `briefing build` writes for the files as they are now."""
    output = tmp_path / "cold" / "cold.pdf"
    build(root, output, options)
    return output.read_bytes()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def own_layout(packet: Path) -> Path:
    """The packet's own copy of gbt9704, named mine, with its kai face from a file in the layout."""
    folder = packet / "layouts" / "mine"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    (folder / "fonts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "fonts" / "KaiSubset-Regular.ttf", folder / "fonts" / "kai.ttf")
    edit(folder / "layout.yaml", "styles:\n", "fonts:\n  kai: {file: fonts/kai.ttf}\n\nstyles:\n")
    edit(packet / "packet.yaml", "layout: gbt9704", "layout: mine")
    return folder
