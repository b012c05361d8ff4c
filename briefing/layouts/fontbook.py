"""Font manifests: every fonts.yaml on the search path merged into one book of families and roles."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from briefing.errors import LayoutError, Source, issue
from briefing.layouts.search import shipped_dir, user_dir
from briefing.model.layout import FontBook, FontSpec
from briefing.read.kinds import COUNT, TEXT
from briefing.read.reader import Field, Reader, Record, Values
from briefing.read.yaml_nodes import Mapping, Node, load_file

MANIFEST = "fonts.yaml"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")

FAMILY = Record(
    "family",
    "字体",
    (
        Field(
            "file",
            TEXT,
            "字体文件",
            "TrueType 字体文件（.ttf 或 .ttc），相对于 fonts.yaml 所在目录。",
            required=True,
        ),
        Field("index", COUNT, "子字体序号", ".ttc 文件中的字体序号，默认 0。"),
        Field("fallback", TEXT, "后备字体", "本字体缺字时改用的字体族名。"),
        Field("licence", TEXT, "许可证文件", "字体许可证文件，相对于 fonts.yaml 所在目录。"),
    ),
)
MANIFEST_KEYS = ("families", "roles")


def _display(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)


def linked_outside(path: Path, root: Path) -> bool:
    """Whether a symbolic link inside `root` takes `path` out of it.

    A packet or layout comes from elsewhere, and a link in it can name any file on this machine (a key,
    another user's font): such a file is neither read nor named in a message. A path written with ../ or
    from / is the author's visible choice in the YAML and is left to the file checks that follow.
    """
    try:
        resolved = path.resolve()
        if resolved.is_relative_to(root.resolve()):
            return False
    except (OSError, RuntimeError):  # a loop of links
        return True
    lexical = Path(os.path.normpath(os.path.abspath(path)))
    return lexical.is_relative_to(Path(os.path.normpath(os.path.abspath(root))))


def _confined_to(directory: Path) -> Path | None:
    """The folder a fonts/ folder's files must stay in: its packet or layout; None for the user's own
    fonts folder and the shipped one."""
    trusted = [shipped_dir("fonts")]
    with suppress(RuntimeError, KeyError):  # no home folder
        trusted.append(user_dir() / "fonts")
    with suppress(OSError, RuntimeError):
        if any(directory.resolve() == folder.resolve() for folder in trusted):
            return None
    return directory.parent


class _Notes:
    """What the later checks need from every manifest read: where each fallback and role is named, and
    which families were named but could not be used (their problem is already reported)."""

    def __init__(self) -> None:
        self.fallbacks: dict[str, Source] = {}
        self.roles: dict[str, Source] = {}
        self.broken: set[str] = set()


def read_manifest(
    path: Path, display: str, reader: Reader, confine: Path | None, notes: _Notes
) -> tuple[dict[str, FontSpec], dict[str, str]]:
    """One fonts.yaml: families with their files checked, and roles; a family file that a link takes
    outside `confine` is refused."""
    document = load_file(path, display)
    reader.issues.extend(document.issues)
    if document.root is None:
        return {}, {}
    root = document.root
    if not isinstance(root, Mapping):
        reader.add(root.source, "", "type.mapping", label="字体清单", found="text")
        return {}, {}
    for key, (key_source, _) in root.entries.items():
        if key not in MANIFEST_KEYS:
            reader.add(
                key_source, key, "field.unknown", key=key, suggestion="families", allowed="families、roles"
            )
    families: dict[str, FontSpec] = {}
    for family, (values, _node) in reader.named_records(root.get("families"), FAMILY, "families").items():
        spec = _family(path.parent, family, values, reader, confine)
        if spec is None:
            notes.broken.add(family)
            continue
        notes.broken.discard(family)
        families[family] = spec
        if "fallback" in values:
            notes.fallbacks[family] = values["fallback"][1]
    return families, _roles(root.get("roles"), reader, notes)


def _family(
    folder: Path, family: str, values: Values, reader: Reader, confine: Path | None
) -> FontSpec | None:
    """One family of a manifest in `folder`, if its file is there, stays inside `confine` and is a font."""
    file_entry = values.get("file")
    if file_entry is None:
        return None
    written, where = str(file_entry[0]), file_entry[1]
    file_path = folder / written
    problem = _file_problem(file_path, confine)
    if problem is not None:
        reader.add(where, f"families.{family}.file", problem, file=written)
        return None
    licence = values.get("licence")
    return FontSpec(
        family=family,
        path=file_path,
        index=int(values["index"][0]) if "index" in values else 0,
        fallback=str(values["fallback"][0]) if "fallback" in values else None,
        licence=(folder / str(licence[0])) if licence else None,
        source=where,
    )


def _file_problem(file_path: Path, confine: Path | None) -> str | None:
    """Why a family's file cannot be used (a message code), or None."""
    if confine is not None and linked_outside(file_path, confine):
        return "font.linked-outside"
    if not _is_file(file_path):
        return "font.not-regular" if _exists(file_path) else "font.file-missing"
    if file_path.suffix.lower() not in FONT_SUFFIXES:
        return "font.not-font"
    return None


def _roles(node: Node | None, reader: Reader, notes: _Notes) -> dict[str, str]:
    """Role → family name; checked against the families once every manifest is read."""
    roles: dict[str, str] = {}
    if node is None:
        return roles
    if not isinstance(node, Mapping):
        reader.add(node.source, "roles", "type.mapping", label="roles", found="text")
        return roles
    for role, (key_source, value) in node.entries.items():
        if isinstance(value, Mapping) or not hasattr(value, "text"):
            reader.add(
                key_source, f"roles.{role}", "type.wrong", label=role, expected="text", found="mapping"
            )
            continue
        roles[role] = str(value.text)
        notes.roles[role] = value.source
    return roles


def load_fontbook(dirs: list[Path], base: Path | None = None) -> FontBook:
    """Merge the manifests found in `dirs` (most specific first); raise LayoutError on any problem."""
    reader = Reader()
    families: dict[str, FontSpec] = {}
    roles: dict[str, str] = {}
    notes = _Notes()
    for directory in reversed(dirs):  # least specific first, so nearer manifests override
        manifest = directory / MANIFEST
        confine = _confined_to(directory)
        display = _display(manifest, base)
        if confine is not None and linked_outside(manifest, confine):
            reader.issues.append(issue(Source(display), "", "font.linked-outside", file=MANIFEST))
            continue
        if not _is_file(manifest):
            continue
        found_families, found_roles = read_manifest(manifest, display, reader, confine, notes)
        families.update(found_families)
        roles.update(found_roles)
    _check_names(families, roles, notes, reader)
    if reader.issues:
        raise LayoutError(reader.issues)
    return FontBook(families, roles)


def _check_names(families: dict[str, FontSpec], roles: dict[str, str], notes: _Notes, reader: Reader) -> None:
    """Every fallback and every role names a family some manifest defines (a family whose file could not be
    used is already reported: naming it is not a second mistake)."""
    known = tuple(sorted(families))
    for family, spec in families.items():
        if spec.fallback and spec.fallback not in families and spec.fallback not in notes.broken:
            where = notes.fallbacks.get(family, spec.source)
            reader.add(
                where, f"families.{family}.fallback", "font.family-unknown", name=spec.fallback, known=known
            )
    for role, family in roles.items():
        if family not in families and family not in notes.broken:
            where = notes.roles.get(role, Source(MANIFEST))
            reader.add(where, f"roles.{role}", "font.family-unknown", name=family, known=known)


def _exists(path: Path) -> bool:
    """Path.exists() without its exceptions."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    """Path.is_file() without its exceptions: a name the system cannot look up is no file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def font_from_file(path: Path, source: Source, field: str = "", root: Path | None = None) -> FontSpec:
    """A font a layout names by file instead of family (e.g. a licensed 方正小标宋 .ttf).

    `field` is where messages about the file point (fonts.song.file); with `root` (the layout's folder),
    a file that a link takes outside it is refused with a LayoutError.
    """
    if root is not None and linked_outside(path, root):
        raise LayoutError([issue(source, field, "font.linked-outside", file=path.name)])
    return FontSpec(
        family=path.stem, path=path, index=0, fallback=None, licence=None, source=source, field=field
    )
