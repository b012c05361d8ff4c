"""What the warm-build tests share (test_session.py, test_session_edits.py): the cold build to compare a
rebuild with, and an edit of one file as an editor saves it."""

from __future__ import annotations

from pathlib import Path

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
