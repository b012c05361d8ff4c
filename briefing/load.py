"""Reading YAML files into plain located nodes; the only module that imports yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from briefing.errors import Issue, LoadError, Source, issue

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000


@dataclass(frozen=True)
class Scalar:
    """A YAML scalar resolved by our own small rule set (YAML 1.2 core: no yes/no booleans, no dates)."""

    value: str | int | Decimal | bool | None
    text: str
    source: Source
    quoted: bool = False


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping whose keys are strings; each entry keeps the source of its key."""

    entries: dict[str, tuple[Source, Node]]
    source: Source

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


@dataclass(frozen=True)
class Sequence:
    """A YAML sequence."""

    items: tuple[Node, ...]
    source: Source


Node = Scalar | Mapping | Sequence


@dataclass
class Document:
    """One loaded file: the root node, or None when the file could not be read (issues say why)."""

    path: Path
    display: str
    root: Node | None
    issues: list[Issue] = field(default_factory=list)


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
        return int(text)
    if _FLOAT.match(text):
        return Decimal(text)
    return text


def _sniff_encoding(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file most likely has, for the error message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for name in ("gb18030", "big5", "shift_jis"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return "GBK/GB18030" if name == "gb18030" else name.upper()
    return "latin-1"


def _decode(data: bytes, display: str, issues: list[Issue]) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        issues.append(issue(Source(display, 1, 1), "", "load.encoding", encoding=_sniff_encoding(data)))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        issues.append(
            issue(Source(display, line, column), "", "load.encoding", encoding=_sniff_encoding(data))
        )
        return None


def _check_indentation(text: str, display: str, issues: list[Issue]) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            issues.append(issue(Source(display, number, indent.index("\t") + 1), "", "load.tab"))
            return


def _source(display: str, mark: yaml.Mark) -> Source:
    return Source(display, mark.line + 1, mark.column + 1)


class _Composer(yaml.SafeLoader):
    """A SafeLoader that refuses aliases, so a document is never larger than its text."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused("load.alias", event.start_mark)
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, code: str, mark: yaml.Mark):
        super().__init__(code)
        self.code = code
        self.mark = mark


def _convert(node: yaml.Node, display: str, issues: list[Issue], budget: list[int]) -> Node:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused("load.too-large", node.start_mark)
    source = _source(display, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        quoted = node.style in ("'", '"', "|", ">")
        value = node.value if quoted else resolve_plain(node.value)
        return Scalar(value=value, text=node.value, source=source, quoted=quoted)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(_convert(item, display, issues, budget) for item in node.value), source)
    entries: dict[str, tuple[Source, Node]] = {}
    for key_node, value_node in node.value:
        key_source = _source(display, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(issue(key_source, "", "load.complex-key"))
            continue
        if key_node.tag == "tag:yaml.org,2002:merge":
            issues.append(issue(key_source, "", "load.merge-key"))
            continue
        key = key_node.value
        if key in entries:
            first = entries[key][0]
            issues.append(issue(key_source, key, "load.duplicate-key", key=key, first_line=first.line))
            continue
        entries[key] = (key_source, _convert(value_node, display, issues, budget))
    return Mapping(entries, source)


def _scan_tags(text: str, display: str, issues: list[Issue]) -> None:
    """Report explicit tags (!!python/object, !foo) by their position in the token stream."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                issues.append(
                    issue(_source(display, token.start_mark), "", "load.tag", tag=f"{handle or ''}{suffix}")
                )
    except yaml.YAMLError:
        pass  # the parse below reports syntax errors with a better message


def _syntax_issue(exc: yaml.MarkedYAMLError, display: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    source = _source(display, mark) if mark else Source(display)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    return issue(source, "", "load.syntax", problem=problem, context=context)


def parse_text(text: str, display: str) -> tuple[Node | None, list[Issue]]:
    """YAML text to a located node tree; never raises for anything a user can write."""
    issues: list[Issue] = []
    _check_indentation(text, display, issues)
    if issues:
        return None, issues
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [issue(Source(display, 1, 1), "", "load.empty")]
    tag_issues: list[Issue] = []
    _scan_tags(text, display, tag_issues)
    if tag_issues:
        return None, tag_issues
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except _Refused as refused:
        return None, [issue(_source(display, refused.mark), "", refused.code)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc, display)]
    except yaml.YAMLError as exc:
        return None, [issue(Source(display, 1, 1), "", "load.syntax", problem=str(exc), context="")]
    except RecursionError:
        return None, [issue(Source(display, 1, 1), "", "load.too-deep")]
    finally:
        loader.dispose()
    if root is None:
        return None, [issue(Source(display, 1, 1), "", "load.empty")]
    try:
        converted = _convert(root, display, issues, [MAX_NODES])
    except _Refused as refused:
        return None, [issue(_source(display, refused.mark), "", refused.code)]
    except RecursionError:
        return None, [issue(Source(display, 1, 1), "", "load.too-deep")]
    # Duplicate and complex keys are reported, but the rest of the file is still worth validating.
    return converted, issues


def load_file(path: Path, display: str) -> Document:
    """Read one YAML file; problems are recorded on the returned Document, never raised."""
    issues: list[Issue] = []
    try:
        if not path.is_file():
            code = "load.not-a-file" if path.exists() else "load.missing"
            return Document(path, display, None, [issue(Source(display), "", code)])
        data = path.read_bytes()
    except OSError as exc:
        return Document(
            path,
            display,
            None,
            [issue(Source(display), "", "load.unreadable", reason=exc.strerror or str(exc))],
        )
    if len(data) > MAX_FILE_BYTES:
        return Document(path, display, None, [issue(Source(display), "", "load.too-large")])
    text = _decode(data, display, issues)
    if text is None:
        return Document(path, display, None, issues)
    root, issues = parse_text(text, display)
    return Document(path, display, root, issues)


def load_or_raise(path: Path, display: str) -> Node:
    """Load a file that must be valid YAML (layouts, manifests); raise LoadError otherwise."""
    document = load_file(path, display)
    if document.root is None or document.issues:
        raise LoadError(document.issues)
    return document.root


@dataclass
class RawPacket:
    """packet.yaml and the area files it names, loaded but not yet interpreted."""

    root: Path
    packet: Document
    areas: list[Document]
    missing: list[Issue] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        found = list(self.packet.issues) + list(self.missing)
        for document in self.areas:
            found.extend(document.issues)
        return found


PACKET_FILE = "packet.yaml"
AREAS_DIR = "areas"


def _listed_areas(root_node: Node | None) -> tuple[list[tuple[str, Source]] | None, bool]:
    """The file names packet.yaml lists under `areas`, or None for "all files" (absent or `all`)."""
    if not isinstance(root_node, Mapping):
        return None, False
    node = root_node.get("areas")
    if node is None or (isinstance(node, Scalar) and node.value in (None, "all")):
        return None, False
    if not isinstance(node, Sequence):
        return None, True  # wrong type: validation reports it
    names = [(str(item.value), item.source) for item in node.items if isinstance(item, Scalar) and item.value]
    return names, False


def load_packet(root: Path) -> RawPacket:
    """Read packet.yaml and every area file it refers to, in order; never raises for bad input."""
    packet = load_file(root / PACKET_FILE, PACKET_FILE)
    listed, _ = _listed_areas(packet.root)
    areas_dir = root / AREAS_DIR
    missing: list[Issue] = []
    if listed is None:
        paths = (
            sorted(areas_dir.glob("*.yaml")) + sorted(areas_dir.glob("*.yml")) if areas_dir.is_dir() else []
        )
        paths.sort(key=lambda p: p.name)
        if not paths and packet.root is not None:
            missing.append(issue(Source(PACKET_FILE, 1, 1), "areas", "load.no-areas", folder=f"{AREAS_DIR}/"))
        documents = [load_file(path, f"{AREAS_DIR}/{path.name}") for path in paths]
    else:
        documents = []
        for name, source in listed:
            candidate = areas_dir / name
            if not candidate.suffix:
                candidate = candidate.with_name(candidate.name + ".yaml")
            display = f"{AREAS_DIR}/{candidate.name}"
            if not candidate.is_file():
                missing.append(issue(source, "areas", "load.area-missing", file=display))
                continue
            documents.append(load_file(candidate, display))
    return RawPacket(root, packet, documents, missing)
