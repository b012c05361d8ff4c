"""Helpers for compose tests: a shipped layout with one template changed, and what the CLI prints for it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import msgspec

from briefing.compose import Limits
from briefing.messages import render_message
from briefing.model.layout import LoadedLayout

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
LIMITS = Limits()
# What a template can read from `packet`, as messages about a missing field list them.
PACKET_FIELDS = (
    "title", "meeting", "issuer", "date", "year", "classification", "secrecy", "urgency", "draft", "layout",
    "areas", "declared", "projects", "targets",
)  # fmt: skip


def hostile(tmp_path: Path, name: str, text: str, base: str = "gbt9704") -> Path:
    """A copy of a shipped layout, named `hostile`, with template `name` replaced by `text`."""
    folder = tmp_path / "hostile"
    if not folder.exists():
        shutil.copytree(REPO / "layouts" / base, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def located(template: str, line: int, code: str, /, **params: Any) -> str:
    """The line the CLI prints (in Chinese) for a failure in hostile/TEMPLATE at LINE."""
    return f"hostile/{template}:{line}: {template}: {render_message(code, params, 'zh')}"


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def with_template(loaded: LoadedLayout, name: str, text: str) -> LoadedLayout:
    """`loaded` with the text of its template `name` replaced (no files written)."""
    templates = dict(loaded.layout.templates)
    templates[name] = msgspec.structs.replace(templates[name], text=text)
    return msgspec.structs.replace(loaded, layout=msgspec.structs.replace(loaded.layout, templates=templates))


def with_text(loaded: LoadedLayout, key: str, text: str) -> LoadedLayout:
    """`loaded` with its short text `key` (texts: in layout.yaml) replaced."""
    texts = dict(loaded.layout.texts)
    texts[key] = msgspec.structs.replace(texts[key], text=text)
    return msgspec.structs.replace(loaded, layout=msgspec.structs.replace(loaded.layout, texts=texts))


def copy_layout(tmp_path: Path, name: str = "mine") -> Path:
    folder = tmp_path / "layouts" / name
    shutil.copytree(REPO / "layouts" / "gbt9704", folder)
    return folder


def edit(folder: Path, old: str, new: str, file: str = "layout.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, file: str = "layout.yaml") -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)
