"""A packet's files: packet.yaml and the area files it asks for (its list, else all of areas/), loaded in order."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import msgspec

from briefing.errors import Issue, Source, issue, warning
from briefing.messages import printable
from briefing.read.input_files import file_problem
from briefing.read.yaml_nodes import Document, Mapping, Node, Scalar, Sequence, load_file

PACKET_FILE = "packet.yaml"
AREAS_DIR = "areas"
_AREAS_FOLDER = f"{AREAS_DIR}/"
# What file_problem may say of a listed area file that makes it a problem of the list, not of a file.
_NOT_THERE = ("load.missing", "load.name-too-long", "load.folder-unreadable")
MAX_LISTED = 10  # file names a warning lists; a folder of thousands says how many and shows the first

Found = tuple[list[tuple[Path, str]], list[Issue]]  # (file, its name in messages) in order; problems


class RawPacket(msgspec.Struct):
    """packet.yaml and the area files it names, loaded but not yet interpreted."""

    root: Path
    packet: Document
    areas: list[Document]
    missing: list[Issue] = msgspec.field(default_factory=list)
    warnings: list[Issue] = msgspec.field(default_factory=list)  # files in areas/ probably not meant so

    @property
    def issues(self) -> list[Issue]:
        found = list(self.packet.issues) + list(self.missing)
        for document in self.areas:
            found.extend(document.issues)
        return found


def load_packet(root: Path, load: Callable[..., Document] = load_file) -> RawPacket:
    """Read packet.yaml and every area file it refers to, in order; never raises for bad input.

    Files are read only from inside the packet folder: a symbolic link out of it is refused unread.
    `load` reads one file as load_file does (a warm build session gives back files it has read before).
    """
    packet = load(root / PACKET_FILE, PACKET_FILE, inside=root)
    paths, missing = area_files(root, packet.root)
    # A packet folder that cannot be entered fails packet.yaml and areas/ alike: say it once.
    said = [(problem.code, problem.params) for problem in packet.issues]
    missing = [problem for problem in missing if (problem.code, problem.params) not in said]
    documents = [load(path, display, inside=root) for path, display in paths]
    return RawPacket(root, packet, documents, missing, folder_warnings(root, packet.root))


def folder_warnings(root: Path, packet_root: Node | None) -> list[Issue]:
    """What in areas/ is probably a slip: stray copies of an area file (… - 副本.yaml, …(1).yaml), and
    files the list in packet.yaml leaves out (they are not printed)."""
    names = _area_names(root / AREAS_DIR) if os.path.isdir(root / AREAS_DIR) else []
    if isinstance(names, Issue):
        return []  # reported as an error by area_files
    stems = _by_stem(names)
    copies = {name: original for name in names if (original := _copy_of(name, stems))}
    found = []
    for name, original in copies.items():
        file = f"{AREAS_DIR}/{printable(name, None)}"
        found.append(warning(Source(file), "", "areas.copy", file=file, original=original))
    unlisted = _unlisted(packet_root, [name for name in names if name not in copies])
    return found + unlisted


def _unlisted(packet_root: Node | None, names: list[str]) -> list[Issue]:
    """One warning naming the files in areas/ that packet.yaml's list leaves out, when it lists any."""
    listed = _listed_areas(packet_root)
    if listed is None or not listed.items:  # all of them are read; an empty list is an error of its own
        return []
    given = {_file_name(name) for item in listed.items if (name := _name_of(item))}
    left_out = [printable(name) for name in names if name not in given]
    if not left_out:
        return []
    shown = (*left_out[:MAX_LISTED], "…") if len(left_out) > MAX_LISTED else tuple(left_out)
    return [warning(listed.source, "areas", "areas.unlisted", count=len(left_out), files=shown)]


# The names file managers give a copy: "x - 副本.yaml", "x - 副本 (2).yaml", "x(1).yaml", "x (1).yaml",
# "x（1）.yaml", "x - Copy.yaml", "Copy of x.yaml", "x copy.yaml", "x copy 2.yaml".
# Compiled by re's cache on first use, and only for a name that has what each alternative needs (副本,
# copy in any case, or a closing bracket at the end): a folder of plainly named files never compiles it.
_COPY = (
    r"^(?:(?P<a>.+?)\s*-\s*(?:副本|Copy)(?:\s*[(（]\d+[)）])?"
    r"|(?P<b>.+?)\s*副本\d*|(?P<c>.+?)\s*[(（]\d+[)）]|Copy of (?P<d>.+)|(?P<e>.+?) copy(?: \d+)?)$"
)


def _may_be_copy(stem: str) -> bool:
    return "副本" in stem or "copy" in stem.lower() or stem.endswith((")", "）"))


def _by_stem(names: list[str]) -> dict[str, list[str]]:
    """The file names by their name without the suffix, in order: looked up once per file, not scanned
    (a folder of many thousand files must not take the square of that)."""
    stems: dict[str, list[str]] = {}
    for name in names:
        stems.setdefault(name.rpartition(".")[0], []).append(name)
    return stems


def _copy_of(name: str, stems: dict[str, list[str]]) -> str:
    """The file (of `stems`, see _by_stem) that `name` is named as a copy of, or ""."""
    stem, dot, _ = name.rpartition(".")
    match = re.match(_COPY, stem, re.IGNORECASE) if dot and _may_be_copy(stem) else None
    if match is None:
        return ""
    base = next(group for group in match.groups() if group is not None).strip()
    return next((other for other in stems.get(base, ()) if other != name), "")


def _name_of(item: Node) -> str:
    """A listed file name, or "" for an item that is none (validation reports those)."""
    return item.value.strip() if isinstance(item, Scalar) and isinstance(item.value, str) else ""


def _file_name(name: str) -> str:
    """A listed name as the file it loads: the name, with .yaml added when it has no suffix."""
    return name if Path(name).suffix else f"{name}.yaml"


def area_files(root: Path, packet_root: Node | None) -> Found:
    """The area files packet.yaml asks for (its list, else every .yaml in areas/), in order, each with the
    name messages give it, and the problems found on the way. What is wrong with a file itself (a folder,
    a dangling or outward link) is left to load_file, which reports it at the file."""
    areas_dir = root / AREAS_DIR
    # file_problem looks at areas/ as at a file: "is a folder" is what it should be, "missing" is allowed.
    code, params = file_problem(areas_dir, root, str(root)) or ("load.not-a-file", {})
    if code not in ("load.missing", "load.is-folder"):
        if code == "load.not-a-file":
            code, params = "load.areas-not-folder", {"folder": _AREAS_FOLDER}
        where = Source(str(root)) if code == "load.folder-unreadable" else Source(_AREAS_FOLDER)
        return [], [issue(where, "", code, **params)]
    listed = _listed_areas(packet_root)
    if listed is None:
        return _all_areas(areas_dir, packet_root, code == "load.is-folder")
    return _listed_files(root, listed)


def _listed_areas(root_node: Node | None) -> Sequence | None:
    """The list packet.yaml gives under `areas`, or None for "all files" (absent, `all`, or not a list)."""
    if not isinstance(root_node, Mapping):
        return None
    node = root_node.get("areas")
    return node if isinstance(node, Sequence) else None  # a wrong type is reported by validation


def _listed_files(root: Path, listed: Sequence) -> Found:
    """The files packet.yaml lists, once each, and what is wrong with the names in the list."""
    found: list[tuple[Path, str]] = []
    missing: list[Issue] = []
    if not listed.items:
        missing.append(issue(listed.source, "areas", "load.no-areas-listed"))
    seen: set[str] = set()
    for index, item in enumerate(listed.items, start=1):
        # Names that are not text, and names given twice, are reported by validation; load each file once.
        if not isinstance(item, Scalar) or not isinstance(item.value, str) or not item.value.strip():
            continue
        name = item.value.strip()
        if name in seen:
            continue
        seen.add(name)
        candidate, problem = _listed_file(root, name, item, f"areas[{index}]")
        if candidate is not None:
            found.append(candidate)  # load_file reads it, or says at the file what is wrong
        elif problem is not None:
            missing.append(problem)
            if problem.code == "load.folder-unreadable":
                break  # every other listed file is behind the same door
    return found, missing


def _listed_file(
    root: Path, name: str, item: Scalar, field_path: str
) -> tuple[tuple[Path, str] | None, Issue | None]:
    """One listed name: the file to load with its name in messages, or the problem with the name."""
    if _outside(name):
        return None, issue(item.source, field_path, "load.area-outside", file=name, folder=_AREAS_FOLDER)
    candidate = root / AREAS_DIR / name
    if not candidate.suffix:
        candidate = candidate.with_name(candidate.name + ".yaml")
    display = f"{AREAS_DIR}/{printable(candidate.name, None)}"
    problem = file_problem(candidate, root, _AREAS_FOLDER)
    if problem is None or problem[0] not in _NOT_THERE:
        return (candidate, display), None
    code, params = problem
    if code == "load.folder-unreadable":
        return None, issue(Source(_AREAS_FOLDER), "", code, **params)
    if code == "load.missing":
        return None, issue(item.source, field_path, "load.area-missing", file=display)
    return None, issue(item.source, field_path, code, **params)  # a name no file system holds


def _outside(name: str) -> bool:
    """A listed name that would reach out of areas/ (a path, not a file name)."""
    return name in (".", "..") or "/" in name or "\\" in name


def _all_areas(areas_dir: Path, packet_root: Node | None, exists: bool) -> Found:
    """Every .yaml (and .yml) file in areas/, by name; none is a problem reported at packet.yaml's `areas`."""
    names = _area_names(areas_dir) if exists else []
    if isinstance(names, Issue):
        return [], [names]
    if names:
        return [(areas_dir / name, f"{AREAS_DIR}/{printable(name, None)}") for name in names], []
    if packet_root is None:
        return [], []
    node = packet_root.get("areas") if isinstance(packet_root, Mapping) else None
    source = node.source if node is not None else Source(PACKET_FILE, 1, 1)
    return [], [issue(source, "areas", "load.no-areas", folder=_AREAS_FOLDER)]


def _area_names(areas_dir: Path) -> list[str] | Issue:
    """The names of the area files in areas/, sorted; or why the folder cannot be listed."""
    try:
        with os.scandir(areas_dir) as entries:
            return sorted(entry.name for entry in entries if _is_area_name(entry.name))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return issue(Source(_AREAS_FOLDER), "", "load.folder-unreadable", folder=_AREAS_FOLDER, reason=reason)


def _is_area_name(name: str) -> bool:
    """What `areas: all` reads: visible files named *.yaml or *.yml (as the shell's *.yaml would match)."""
    return not name.startswith(".") and name.endswith((".yaml", ".yml"))
