"""Reading YAML files into plain located nodes; the only module that imports yaml."""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from pathlib import Path

import msgspec
import yaml

from briefing.errors import Issue, LoadError, Source, issue
from briefing.messages import printable

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
NAME_MAX = 255  # bytes in one file name, on every common file system


class Scalar(msgspec.Struct, frozen=True):
    """A YAML scalar resolved by our own small rule set (YAML 1.2 core: no yes/no booleans, no dates)."""

    value: str | int | Decimal | bool | None
    text: str
    source: Source
    quoted: bool = False


class Mapping(msgspec.Struct, frozen=True):
    """A YAML mapping whose keys are strings; each entry keeps the source of its key."""

    entries: dict[str, tuple[Source, Node]]
    source: Source

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


class Sequence(msgspec.Struct, frozen=True):
    """A YAML sequence."""

    items: tuple[Node, ...]
    source: Source


Node = Scalar | Mapping | Sequence


class Document(msgspec.Struct):
    """One loaded file: the root node, or None when the file could not be read (issues say why)."""

    path: Path
    display: str
    root: Node | None
    issues: list[Issue] = msgspec.field(default_factory=list)


_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def resolve_plain(text: str) -> str | int | Decimal | bool | None:
    """Type of an unquoted scalar. Floats become exact Decimals from their source text."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        # Python will not turn thousands of digits into an int; no count or year is that long anyway.
        return int(text) if len(text) <= 40 else Decimal(text)
    if _FLOAT.match(text):
        return Decimal(text)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: mostly ASCII, so every other byte is zero."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 4 and even < odd // 4:
        return "UTF-16LE"
    if even > len(sample) // 4 and odd < even // 4:
        return "UTF-16BE"
    return None


def _sniff_encoding(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, for the error message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    for name in ("gb18030", "big5", "shift_jis"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return "GBK/GB18030" if name == "gb18030" else name.upper()
    return "latin-1"


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a stray byte or two (a bad paste), rather than a file saved in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good >= 4 * bad


def _position(data: bytes, offset: int) -> Source:
    """Line and column (in characters) of a byte offset in mostly-UTF-8 data."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Source("", data[:offset].count(b"\n") + 1, column)


def _decode(data: bytes, display: str, issues: list[Issue]) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        issues.append(issue(Source(display, 1, 1), "", "load.encoding", encoding=_sniff_encoding(data)))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _position(data, exc.start)
        source = Source(display, where.line, where.column)
        if _mostly_utf8(data):
            shown = " ".join(f"{byte:02X}" for byte in data[exc.start : exc.end])
            issues.append(issue(source, "", "load.bad-byte", bytes=shown))
        else:
            issues.append(issue(source, "", "load.encoding", encoding=_sniff_encoding(data)))
        return None


# Characters YAML does not allow in a file (C0/C1 controls other than tab and line breaks, and the like).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_characters(text: str, display: str, issues: list[Issue]) -> None:
    """Report the first character YAML refuses, where it is, instead of PyYAML's offset into the text."""
    found = _NON_PRINTABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    issues.append(
        issue(Source(display, line, column), "", "load.control-char", char=f"U+{ord(found[0]):04X}")
    )


def _check_indentation(text: str, display: str, issues: list[Issue]) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            issues.append(issue(Source(display, number, indent.index("\t") + 1), "", "load.tab"))
            return


def _source(display: str, mark: yaml.Mark) -> Source:
    return Source(display, mark.line + 1, mark.column + 1)


def _child(path: str, key: str) -> str:
    """The field path of a key below `path`, written as the validator writes it (projects[2].name)."""
    return f"{path}.{key}" if path else key


def _short_tag(tag: str) -> str:
    """A tag as the user wrote it: tag:yaml.org,2002:python/object → !!python/object."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Composer(yaml.SafeLoader):
    """A SafeLoader that only composes nodes, and notes every alias and explicit tag instead of using it.

    An alias becomes an empty placeholder, so a document is never larger than its text (no billion
    laughs); the converter reports aliases and tags with the field they sit in.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.refused: dict[int, tuple[str, dict[str, str]]] = {}

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            placeholder = yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            self.refused[id(placeholder)] = ("load.alias", {"alias": str(event.anchor)})
            return placeholder
        tag = getattr(self.peek_event(), "tag", None)
        node = super().compose_node(parent, index)
        if tag not in (None, "!"):
            self.refused[id(node)] = ("load.tag", {"tag": _short_tag(tag)})
        return node


class _Refused(Exception):
    def __init__(self, code: str, mark: yaml.Mark):
        super().__init__(code)
        self.code = code
        self.mark = mark


class _Converter:
    """yaml nodes to located nodes; duplicate keys, aliases and tags are recorded with their field path."""

    def __init__(self, display: str, refused: dict[int, tuple[str, dict[str, str]]]) -> None:
        self.display = display
        self.refused = refused
        self.issues: list[Issue] = []
        self.rejected = False  # an alias or a tag: the file does not mean what it seems to say
        self.budget = MAX_NODES

    def _refuse(self, source: Source, path: str, node: yaml.Node) -> None:
        code, params = self.refused[id(node)]
        # One alias is enough to say so; an alias bomb holds hundreds.
        if code != "load.alias" or not any(found.code == code for found in self.issues):
            self.issues.append(issue(source, path, code, **params))
        self.rejected = True

    def convert(self, node: yaml.Node, path: str) -> Node:
        self.budget -= 1
        if self.budget < 0:
            raise _Refused("load.too-large", node.start_mark)
        source = _source(self.display, node.start_mark)
        if id(node) in self.refused:
            self._refuse(source, path, node)
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style in ("'", '"', "|", ">")
            value = node.value if quoted else resolve_plain(node.value)
            return Scalar(value=value, text=node.value, source=source, quoted=quoted)
        if isinstance(node, yaml.SequenceNode):
            items = tuple(self.convert(item, f"{path}[{index}]") for index, item in enumerate(node.value, 1))
            return Sequence(items, source)
        entries: dict[str, tuple[Source, Node]] = {}
        for key_node, value_node in node.value:
            key_source = _source(self.display, key_node.start_mark)
            if id(key_node) in self.refused:
                self._refuse(key_source, path, key_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.append(issue(key_source, path, "load.complex-key"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.issues.append(issue(key_source, _child(path, "<<"), "load.merge-key"))
                continue
            key = key_node.value
            here = _child(path, printable(key) or '""')
            if key in entries:
                first = entries[key][0]
                self.issues.append(
                    issue(key_source, here, "load.duplicate-key", key=key, first_line=first.line)
                )
                continue
            entries[key] = (key_source, self.convert(value_node, here))
        return Mapping(entries, source)


def _syntax_issue(exc: yaml.MarkedYAMLError, display: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    at_end = exc.problem and ("end of stream" in exc.problem or "<stream end>" in exc.problem)
    if exc.context_mark and at_end:
        mark = exc.context_mark  # an unclosed quote or bracket: where it opened, not the end of the file
    source = _source(display, mark) if mark else Source(display)
    problem = _unescape((exc.problem or "").strip())
    context = _unescape((exc.context or "").strip())
    return issue(source, "", "load.syntax", problem=problem, context=context)


def _unescape(text: str) -> str:
    """PyYAML names odd characters by their Python escape ('\\ufeff'); a user reads U+FEFF better."""
    return re.sub(
        r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))",
        lambda found: f"U+{int(found[1] or found[2] or found[3], 16):04X}",
        text,
    )


def parse_text(text: str, display: str) -> tuple[Node | None, list[Issue]]:
    """YAML text to a located node tree; never raises for anything a user can write."""
    issues: list[Issue] = []
    _check_characters(text, display, issues)
    _check_indentation(text, display, issues)
    if issues:
        return None, issues
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [issue(Source(display, 1, 1), "", "load.empty")]
    fast = _compose_fast(text)
    refused: dict[int, tuple[str, dict[str, str]]]
    if fast is not None:
        root, refused = fast, {}
    else:
        root, refused, problem = _compose_checked(text, display)
        if problem is not None:
            return None, [problem]
    if root is None or (
        isinstance(root, yaml.ScalarNode) and not root.style and resolve_plain(root.value) is None
    ):
        return None, [issue(Source(display, 1, 1), "", "load.empty")]  # nothing, or just `---` or `~`
    converter = _Converter(display, refused)
    try:
        converted = converter.convert(root, "")
    except _Refused as refused_error:
        return None, [issue(_source(display, refused_error.mark), "", refused_error.code)]
    except RecursionError:
        return None, [issue(Source(display, 1, 1), "", "load.too-deep")]
    if converter.rejected:
        return None, converter.issues
    # Duplicate and complex keys are reported, but the rest of the file is still worth validating.
    return converted, converter.issues


try:  # LibYAML's parser and composer, when PyYAML was built with it
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML without LibYAML
    _CParser = None
_UNTAGGED = "briefing:untagged"
_MERGE = "tag:yaml.org,2002:merge"


class _UntaggedResolver:
    """Tags nothing: plain scalars are typed later by resolve_plain, so an explicit tag stays visible.

    PyYAML's resolver matched every scalar against its implicit-type patterns (a seventh of loading the
    10x packet) for tags the converter never reads; only `<<` (a merge key, which we refuse) matters.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        return _MERGE if kind is yaml.ScalarNode and implicit[0] and value == "<<" else _UNTAGGED


if _CParser is not None:

    class _UntaggedLoader(_CParser, _UntaggedResolver):  # type: ignore[misc, valid-type]
        """LibYAML composing nodes without PyYAML's implicit tags."""


def _compose_fast(text: str) -> yaml.Node | None:
    """LibYAML's composer for the common case: a well-formed file without aliases or tags.

    Anything else (or no LibYAML) returns None, and the checking Python composer takes over: it reports
    aliases and tags with their fields and words syntax errors the way the message catalogue expects.
    """
    if _CParser is None or "\t" in text:  # LibYAML takes tabs PyYAML refuses; keep one set of rules
        return None
    loader = _UntaggedLoader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()
    return root if root is not None and _tags_and_aliases_absent(root) else None


def _tags_and_aliases_absent(root: yaml.Node) -> bool:
    """No explicit tag anywhere, and no node reached twice (LibYAML composes an alias as its anchor's node)."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen or node.tag not in (_UNTAGGED, _MERGE):
            return False
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending += (key, value)
    return True


def _compose_checked(text: str, display: str) -> tuple[yaml.Node | None, dict, Issue | None]:
    """The pure-Python composer that notes aliases and tags instead of following them."""
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, {}, _syntax_issue(exc, display)
    except yaml.YAMLError as exc:
        return None, {}, issue(Source(display, 1, 1), "", "load.syntax", problem=str(exc), context="")
    except RecursionError:
        return None, {}, issue(Source(display, 1, 1), "", "load.too-deep")
    finally:
        loader.dispose()
    return root, loader.refused, None


def load_file(path: Path, display: str, inside: Path | None = None) -> Document:
    """Read one YAML file; problems are recorded on the returned Document, never raised.

    With `inside` (the packet folder), a file that resolves outside it through a symbolic link is
    refused unread: a packet from elsewhere must not make us read, or print, the reader's own files.
    """
    problem = file_problem(path, inside)
    if problem is not None:
        code, params = problem
        return Document(path, display, None, [issue(Source(display), "", code, **params)])
    try:
        data = _read_bounded(path)
    except _NotRegular:
        return Document(path, display, None, [issue(Source(display), "", "load.not-a-file")])
    except OSError as exc:
        return Document(
            path,
            display,
            None,
            [issue(Source(display), "", "load.unreadable", reason=exc.strerror or str(exc))],
        )
    if len(data) > MAX_FILE_BYTES:
        return Document(path, display, None, [issue(Source(display), "", "load.too-large")])
    issues: list[Issue] = []
    text = _decode(data, display, issues)
    if text is None:
        return Document(path, display, None, issues)
    root, issues = parse_text(text, display)
    return Document(path, display, root, issues)


class _NotRegular(Exception):
    """What was opened is not a regular file (it was swapped after file_problem looked)."""


def _read_bounded(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file: a 10 GB file is not read to be refused.

    Opened without blocking, so a FIFO put where the file was cannot hang the run.
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    )
    with os.fdopen(os.open(path, flags), "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise _NotRegular
        return stream.read(MAX_FILE_BYTES + 1)


def file_problem(
    path: Path, inside: Path | None = None, folder: str = ""
) -> tuple[str, dict[str, object]] | None:
    """Why `path` cannot be read as a YAML file, as a message code and its values; None if it can.

    Nothing is opened (a FIFO would block, a device never end). `inside`: a file reached through a
    symbolic link to a place outside that folder is refused. `folder`: how to name the folder holding
    the file when it is that folder that cannot be entered.
    """
    longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
    if longest > NAME_MAX:
        return "load.name-too-long", {"file": path.name, "bytes": longest, "most": NAME_MAX}
    try:
        found = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return "load.missing", {}
    except PermissionError as exc:
        # Looking a name up needs the folder's search permission, not the file's.
        shown = folder or str(path.parent)
        return "load.folder-unreadable", {"folder": shown, "reason": exc.strerror or str(exc)}
    except OSError as exc:
        return "load.unreadable", {"reason": exc.strerror or str(exc)}
    if stat.S_ISLNK(found.st_mode):
        try:
            found = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return "load.dangling-link", {}
        except OSError as exc:
            return "load.unreadable", {"reason": exc.strerror or str(exc)}
    if inside is not None and not _resolves_inside(path, inside):
        return "load.link-outside", {}
    if stat.S_ISDIR(found.st_mode):
        return "load.is-folder", {}
    if not stat.S_ISREG(found.st_mode):
        return "load.not-a-file", {}
    return None


def _resolves_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, every symbolic link followed, is in `folder` (itself resolved the same way)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13, OSError since
        return False


def load_or_raise(path: Path, display: str) -> Node:
    """Load a file that must be valid YAML (layouts, manifests); raise LoadError otherwise."""
    document = load_file(path, display)
    if document.root is None or document.issues:
        raise LoadError(document.issues)
    return document.root


class RawPacket(msgspec.Struct):
    """packet.yaml and the area files it names, loaded but not yet interpreted."""

    root: Path
    packet: Document
    areas: list[Document]
    missing: list[Issue] = msgspec.field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        found = list(self.packet.issues) + list(self.missing)
        for document in self.areas:
            found.extend(document.issues)
        return found


PACKET_FILE = "packet.yaml"
AREAS_DIR = "areas"


def _listed_areas(root_node: Node | None) -> Sequence | None:
    """The list packet.yaml gives under `areas`, or None for "all files" (absent, `all`, or not a list)."""
    if not isinstance(root_node, Mapping):
        return None
    node = root_node.get("areas")
    return node if isinstance(node, Sequence) else None  # a wrong type is reported by validation


def _outside(name: str) -> bool:
    """A listed name that would reach out of areas/ (a path, not a file name)."""
    return name in (".", "..") or "/" in name or "\\" in name


def load_packet(root: Path) -> RawPacket:
    """Read packet.yaml and every area file it refers to, in order; never raises for bad input.

    Files are read only from inside the packet folder: a symbolic link out of it is refused unread.
    """
    packet = load_file(root / PACKET_FILE, PACKET_FILE, inside=root)
    paths, missing = area_files(root, packet.root)
    # A packet folder that cannot be entered fails packet.yaml and areas/ alike: say it once.
    said = [(problem.code, problem.params) for problem in packet.issues]
    missing = [problem for problem in missing if (problem.code, problem.params) not in said]
    documents = [load_file(path, display, inside=root) for path, display in paths]
    return RawPacket(root, packet, documents, missing)


def area_files(root: Path, packet_root: Node | None) -> tuple[list[tuple[Path, str]], list[Issue]]:
    """The area files packet.yaml asks for (its list, else every .yaml in areas/), in order, each with the
    name messages give it, and the problems found on the way. What is wrong with a file itself (a folder,
    a dangling or outward link) is left to load_file, which reports it at the file."""
    listed = _listed_areas(packet_root)
    areas_dir = root / AREAS_DIR
    folder = f"{AREAS_DIR}/"
    # file_problem looks at areas/ as at a file: "is a folder" is what it should be, "missing" is allowed.
    code, params = file_problem(areas_dir, root, str(root)) or ("load.not-a-file", {})
    if code not in ("load.missing", "load.is-folder"):
        if code == "load.not-a-file":
            code, params = "load.areas-not-folder", {"folder": folder}
        where = Source(str(root)) if code == "load.folder-unreadable" else Source(folder)
        return [], [issue(where, "", code, **params)]
    if listed is None:
        return _all_areas(areas_dir, folder, packet_root, code == "load.is-folder")
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
        field_path = f"areas[{index}]"
        if _outside(name):
            missing.append(issue(item.source, field_path, "load.area-outside", file=name, folder=folder))
            continue
        candidate = areas_dir / name
        if not candidate.suffix:
            candidate = candidate.with_name(candidate.name + ".yaml")
        display = f"{AREAS_DIR}/{printable(candidate.name, None)}"
        problem = file_problem(candidate, root, folder)
        if problem is None or problem[0] not in (
            "load.missing",
            "load.name-too-long",
            "load.folder-unreadable",
        ):
            found.append((candidate, display))  # load_file reads it, or says at the file what is wrong
        elif problem[0] == "load.folder-unreadable":
            missing.append(issue(Source(folder), "", problem[0], **problem[1]))
            break  # every other listed file is behind the same door
        elif problem[0] == "load.missing":
            missing.append(issue(item.source, field_path, "load.area-missing", file=display))
        else:  # a name no file system holds: what is wrong is the name in the list
            missing.append(issue(item.source, field_path, problem[0], **problem[1]))
    return found, missing


def _all_areas(
    areas_dir: Path, folder: str, packet_root: Node | None, exists: bool
) -> tuple[list[tuple[Path, str]], list[Issue]]:
    """Every .yaml (and .yml) file in areas/, by name; none is a problem reported at packet.yaml's `areas`."""
    names: list[str] = []
    if exists:
        try:
            with os.scandir(areas_dir) as entries:
                names = sorted(entry.name for entry in entries if _is_area_name(entry.name))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return [], [issue(Source(folder), "", "load.folder-unreadable", folder=folder, reason=reason)]
    if not names:
        if packet_root is None:
            return [], []
        where = packet_root.get("areas") if isinstance(packet_root, Mapping) else None
        source = where.source if where is not None else Source(PACKET_FILE, 1, 1)
        return [], [issue(source, "areas", "load.no-areas", folder=folder)]
    return [(areas_dir / name, f"{AREAS_DIR}/{printable(name, None)}") for name in names], []


def _is_area_name(name: str) -> bool:
    """What `areas: all` reads: visible files named *.yaml or *.yml (as the shell's *.yaml would match)."""
    return not name.startswith(".") and name.endswith((".yaml", ".yml"))
