"""Finding a layout: a folder given by path, or a name looked up on the search path by folder, then by `name:`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing.errors import LayoutError, Source, issue
from briefing.layouts.search import search_dirs
from briefing.read.yaml_nodes import Mapping, Scalar, load_file

LAYOUT_FILE = "layout.yaml"


def find_layout(
    name_or_path: str,
    packet_root: Path | None,
    asked_at: tuple[Source, str] = (Source("packet.yaml"), "layout"),
) -> Path:
    """The folder of a layout given by path, or by name: the nearest folder of that name on the search
    path, else the nearest layout whose layout.yaml says `name:` it; raise LayoutError if none.

    `asked_at` is where the name was written and under which field, for the message: the packet's
    `layout:` line, or the command line's --layout.
    """
    given = Path(name_or_path)
    if _is_file(given / LAYOUT_FILE):
        return given
    if given.name == LAYOUT_FILE and _is_file(given):
        return given.parent
    dirs = search_dirs("layouts", packet_root)
    for directory in dirs:
        if _is_file(directory / name_or_path / LAYOUT_FILE):
            return directory / name_or_path
    named = _by_declared_name(dirs)
    if name_or_path in named:
        return named[name_or_path]
    known = sorted({folder.name for directory in dirs for folder in _layout_folders(directory)} | set(named))
    where, field = asked_at
    raise LayoutError(
        [
            issue(
                where,
                field,
                "layout.not-found",
                name=name_or_path,
                known=tuple(known),
                searched=tuple(str(d) for d in dirs),
            )
        ]
    )


def _by_declared_name(dirs: list[Path]) -> dict[str, Path]:
    """Each `name:` the layouts on the search path declare, with the nearest folder declaring it."""
    named: dict[str, Path] = {}
    for directory in dirs:
        for folder in _layout_folders(directory):
            name = declared_name(folder)
            if name and name not in named:
                named[name] = folder
    return named


def declared_name(folder: Path) -> str:
    """The `name:` a layout's layout.yaml gives, or "" (absent, not text, or the file unreadable)."""
    document = load_file(folder / LAYOUT_FILE, LAYOUT_FILE)
    node = document.root.get("name") if isinstance(document.root, Mapping) else None
    return node.text.strip() if isinstance(node, Scalar) and node.value is not None else ""


def available_layouts(packet_root: Path | None = None) -> list[tuple[str, Path, str]]:
    """(name, folder, description) of every layout on the search path; nearer ones hide shipped ones."""
    found: dict[str, tuple[str, Path, str]] = {}
    for directory in reversed(search_dirs("layouts", packet_root)):
        for folder in _layout_folders(directory):
            layout_file = folder / LAYOUT_FILE
            document = load_file(layout_file, str(layout_file))
            description = ""
            if isinstance(document.root, Mapping):
                node = document.root.get("description")
                description = str(node.text) if isinstance(node, Scalar) else ""
            found[folder.name] = (folder.name, folder, description)
    return sorted(found.values())


def display_folder(folder: Path, packet_root: Path | None) -> str:
    """How messages name a layout's folder: from the packet when it lives there (layouts/mine), else by
    its name (gbt9704, or a folder given with --layout)."""
    if packet_root is not None:
        try:
            return folder.resolve().relative_to(packet_root.resolve()).as_posix()
        except ValueError:
            pass
    return folder.name


def _is_file(path: Path) -> bool:
    """Path.is_file() without its exceptions: a name too long for the system is simply no layout."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _layout_folders(directory: Path) -> list[Path]:
    """The layouts in one folder of the search path; none if it is missing or cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            folders = [Path(entry.path) for entry in entries]
    except OSError:
        return []
    return sorted(folder for folder in folders if _is_file(folder / LAYOUT_FILE))
