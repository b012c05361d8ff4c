"""The files a command reads, so that no output is ever written over one of them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.errors import BriefingError, Source

if TYPE_CHECKING:
    from briefing.read.yaml_nodes import Mapping, Node


class Input(msgspec.Struct, frozen=True):
    """One file a build reads, and what it is to the build (packet, area, layout, font, recipients, settings)."""

    path: Path
    role: str


def build_inputs(
    root: Path,
    layout: str | None,
    *,
    recipients: Path | None = None,
    settings: Path | None = None,
    mail: bool = False,
) -> list[Input]:
    """Every file `build` (or, with `mail`, `send`) reads from the packet at `root`: packet.yaml, the area
    files, the layout's files (its mail templates among them) and fonts, the recipient list and mail
    settings.

    Found the way the build finds them, without reading the area files or any font and without
    validating anything: what is wrong is left for the build to report.
    """
    from briefing.read.yaml_nodes import PACKET_FILE, area_files, load_file

    found = [Input(root / PACKET_FILE, "packet")]
    packet = load_file(root / PACKET_FILE, PACKET_FILE, inside=root)
    areas, _ = area_files(root, packet.root)
    found += [Input(path, "area") for path, _ in areas]
    found += _layout_inputs(layout or _layout_named(packet.root), root)
    found += [Input(path, "recipients") for path in (recipients,) if path is not None]
    if mail:
        found += _mail_inputs(settings)
    else:
        found += [Input(path, "settings") for path in (settings,) if path is not None]
    return found


def _mail_inputs(settings: Path | None) -> list[Input]:
    """The mail settings `send` reads (the file given, else the default one) and the CA certificate they
    name ($BRIEFING_SMTP_CAFILE first), relative to the settings' folder as the settings reader takes it."""
    from briefing.deliver.mailconfig import ENV_KEYS, default_config
    from briefing.read.yaml_nodes import Mapping, Scalar, load_file

    path = settings if settings is not None else default_config()
    found = [Input(path, "settings")]
    readable = _identity(path) is not None
    document = load_file(path, str(path)).root if readable else None
    node = document.get("cafile") if isinstance(document, Mapping) else None
    written = os.environ.get(ENV_KEYS["cafile"]) or (node.text if isinstance(node, Scalar) else "")
    if written:
        with contextlib.suppress(RuntimeError):  # ~user of no such user: the settings reader says so
            base = path.parent if readable else Path.cwd()
            found.append(Input(base / Path(written).expanduser(), "settings"))
    return found


def _layout_named(packet: Node | None) -> str:
    """The layout packet.yaml names, or the default one."""
    from briefing.read.rules import DEFAULT_LAYOUT
    from briefing.read.yaml_nodes import Mapping, Scalar

    node = packet.get("layout") if isinstance(packet, Mapping) else None
    text = node.value if isinstance(node, Scalar) else None
    return text.strip() if isinstance(text, str) and text.strip() else DEFAULT_LAYOUT


def _layout_inputs(name: str, root: Path) -> list[Input]:
    """layout.yaml, the templates (mail/ too), every fonts.yaml on the search path and the font files
    they and the layout name. Read as YAML only: the build validates them (twice would cost a build a
    few per cent)."""
    from briefing.layouts.build import LAYOUT_FILE, find_layout

    try:
        folder = find_layout(name, root, (Source("--layout"), ""))
    except BriefingError:
        return []
    files = [folder / LAYOUT_FILE, *_listed(folder, "*.j2"), *_listed(folder / "mail", "*.j2")]
    return [Input(path, "layout") for path in files] + _font_inputs(folder, root)


def _font_inputs(folder: Path, root: Path) -> list[Input]:
    """Fonts: `fonts: {role: {file: …}}` in layout.yaml, relative to the layout's folder, and the
    families of each fonts.yaml on the search path, relative to its own folder."""
    from briefing.layouts.build import LAYOUT_FILE
    from briefing.layouts.search import search_dirs
    from briefing.read.yaml_nodes import load_file

    found = _named_fonts(folder, _mapping(load_file(folder / LAYOUT_FILE, LAYOUT_FILE).root, "fonts"))
    for directory in search_dirs("fonts", root, [folder / "fonts"]):
        manifest = directory / "fonts.yaml"
        found.append(Input(manifest, "font"))
        book = load_file(manifest, manifest.name).root if manifest.is_file() else None
        found += _named_fonts(directory, _mapping(book, "families"))
    return found


def _mapping(node: Node | None, key: str) -> Mapping | None:
    """node[key] if node is a mapping and that is one too."""
    from briefing.read.yaml_nodes import Mapping

    value = node.get(key) if isinstance(node, Mapping) else None
    return value if isinstance(value, Mapping) else None


def _named_fonts(base: Path, entries: Mapping | None) -> list[Input]:
    """The `file` and `licence` of each entry, relative to `base`."""
    from briefing.read.yaml_nodes import Mapping, Scalar

    found = []
    for _, entry in entries.entries.values() if entries is not None else ():
        for key in ("file", "licence"):
            value = entry.get(key) if isinstance(entry, Mapping) else None
            if isinstance(value, Scalar) and isinstance(value.value, str) and value.value:
                found.append(Input(base / value.value, "font"))
    return found


def _listed(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(folder.glob(pattern))
    except OSError:
        return []


def clash(outputs: Iterable[Path], inputs: Iterable[Input]) -> tuple[Path, Input] | None:
    """The first output that is one of the inputs, with that input; None if they are all apart.

    Files are compared as the system sees them, by device and inode: that sees through symbolic and
    hard links, `./` and `..`, and the letter case a case-insensitive disk ignores. An output that does
    not exist yet cannot be an input.
    """
    keys: dict[tuple[int, int], Input] = {}
    for found in inputs:
        key = _identity(found.path)
        if key is not None:
            keys.setdefault(key, found)
    if not keys:
        return None
    for output in outputs:
        key = _identity(output)
        if key is not None and key in keys:
            return output, keys[key]
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)
