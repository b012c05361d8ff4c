"""YAML text and files to plain located nodes, every problem an Issue; the only module that imports yaml."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import msgspec
import yaml

from briefing.errors import Issue, LoadError, Source, issue
from briefing.messages import printable
from briefing.read.input_files import MAX_FILE_BYTES, NotRegular, decode, file_problem, read_bounded
from briefing.read.yaml_messages import syntax_issue, unescape

MAX_NODES = 200_000


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
    """A tab in an indentation, else the first key indented with a full-width space (U+3000)."""
    wide = False  # a U+3000 in the spaces a line starts with: only then can a key be indented with one
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            issues.append(issue(Source(display, number, indent.index("\t") + 1), "", "load.tab"))
            return
        wide = wide or "\u3000" in line[: len(line) - len(line.lstrip(" \u3000"))]
    if wide:
        from briefing.read.yaml_culprits import wide_indents  # its patterns cost start-up; rarely needed

        for found in wide_indents(text)[:1]:
            issues.append(issue(Source(display, found.line, found.column), "", found.code, **found.params))


def _source(display: str, mark: yaml.Mark) -> Source:
    return Source(display, mark.line + 1, mark.column + 1)


def child_path(path: str, key: str) -> str:
    """The field path of a key below `path`, written as the validator writes it (projects[2].name)."""
    return f"{path}.{key}" if path else key


def _short_tag(tag: str) -> str:
    """A tag as the user wrote it: tag:yaml.org,2002:python/object → !!python/object."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_UNTAGGED = "briefing:untagged"
_MERGE = "tag:yaml.org,2002:merge"
Refusals = dict[
    int, tuple[str, dict[str, str]]
]  # id of a yaml node → the message code and values refusing it


class _Composer(yaml.SafeLoader):
    """A SafeLoader that only composes nodes, and notes every alias and explicit tag instead of using it.

    An alias becomes an empty placeholder, so a document is never larger than its text (no billion
    laughs); the converter reports aliases and tags with the field they sit in.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.refused: Refusals = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]  # the stubs leave Parser untyped
            placeholder = yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            self.refused[id(placeholder)] = ("load.alias", {"alias": str(event.anchor)})
            return placeholder
        tag = getattr(self.peek_event(), "tag", None)  # type: ignore[no-untyped-call]  # as get_event
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

    def __init__(self, display: str, refused: Refusals) -> None:
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
        assert isinstance(node, yaml.MappingNode)  # the composer makes no fourth kind
        return Mapping(self._entries(node, path), source)

    def _entries(self, node: yaml.MappingNode, path: str) -> dict[str, tuple[Source, Node]]:
        entries: dict[str, tuple[Source, Node]] = {}
        for key_node, value_node in node.value:
            key_source = _source(self.display, key_node.start_mark)
            key = self._key(key_node, key_source, path)
            if key is None:
                continue
            here = child_path(path, printable(key) or '""')
            if key in entries:
                first = entries[key][0]
                self.issues.append(
                    issue(key_source, here, "load.duplicate-key", key=key, first_line=first.line)
                )
                continue
            entries[key] = (key_source, self.convert(value_node, here))
        return entries

    def _key(self, key_node: yaml.Node, key_source: Source, path: str) -> str | None:
        """The text of a mapping key; None (and the reason noted) for an alias, tag, complex or merge key."""
        if id(key_node) in self.refused:
            self._refuse(key_source, path, key_node)
            return None
        if not isinstance(key_node, yaml.ScalarNode):
            self.issues.append(issue(key_source, path, "load.complex-key"))
            return None
        if key_node.tag == _MERGE:
            self.issues.append(issue(key_source, child_path(path, "<<"), "load.merge-key"))
            return None
        return str(key_node.value)


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str, display: str) -> Issue:
    """A syntax error at the line to fix, saying what is wrong with it when it is a known slip (see
    yaml_culprits); else where PyYAML stopped, in its words (translated)."""
    mark, at_end = _error_mark(exc)
    from briefing.read.yaml_culprits import culprit  # a syntax error: only then

    found = culprit(text, mark.line + 1) if mark and not at_end else None
    if found is not None:
        return issue(Source(display, found.line, found.column), "", found.code, **found.params)
    source = _source(display, mark) if mark else Source(display)
    return syntax_issue(source, unescape((exc.problem or "").strip()), unescape((exc.context or "").strip()))


def _error_mark(exc: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, bool]:
    """Where PyYAML stopped, and whether at the end of the file: then, for an unclosed quote or bracket,
    where it opened."""
    problem = exc.problem or ""
    at_end = "end of stream" in problem or "<stream end>" in problem
    if at_end and exc.context_mark:
        return exc.context_mark, True
    return exc.problem_mark or exc.context_mark, at_end


def parse_text(text: str, display: str) -> tuple[Node | None, list[Issue]]:
    """YAML text to a located node tree; never raises for anything a user can write."""
    issues: list[Issue] = []
    _check_characters(text, display, issues)
    _check_indentation(text, display, issues)
    if issues:
        return None, issues
    if _only_comments(text):
        return None, [issue(Source(display, 1, 1), "", "load.empty")]
    fast = _compose_fast(text)
    refused: Refusals = {}
    if fast is not None:
        root: yaml.Node | None = fast
    else:
        root, refused, problem = _compose_checked(text, display)
        if problem is not None:
            return None, [problem]
    if root is None or (
        isinstance(root, yaml.ScalarNode) and not root.style and resolve_plain(root.value) is None
    ):
        return None, [issue(Source(display, 1, 1), "", "load.empty")]  # nothing, or just `---` or `~`
    return _convert(root, display, refused)


def _only_comments(text: str) -> bool:
    return not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    )


def _convert(root: yaml.Node, display: str, refused: Refusals) -> tuple[Node | None, list[Issue]]:
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


if yaml.__with_libyaml__:  # LibYAML's parser and composer, when PyYAML was built with it
    from yaml._yaml import CParser

    class _UntaggedLoader(CParser, _UntaggedResolver):
        """LibYAML composing nodes without PyYAML's implicit tags."""


def _compose_fast(text: str) -> yaml.Node | None:
    """LibYAML's composer for the common case: a well-formed file without aliases or tags.

    Anything else (or no LibYAML) returns None, and the checking Python composer takes over: it reports
    aliases and tags with their fields and words syntax errors the way the message catalogue expects.
    """
    if not yaml.__with_libyaml__ or "\t" in text:  # LibYAML takes tabs PyYAML refuses; keep one set of rules
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


def _compose_checked(text: str, display: str) -> tuple[yaml.Node | None, Refusals, Issue | None]:
    """The pure-Python composer that notes aliases and tags instead of following them."""
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, {}, _syntax_issue(exc, text, display)
    except yaml.YAMLError as exc:
        return None, {}, syntax_issue(Source(display, 1, 1), str(exc), "")
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
        data = read_bounded(path)
    except NotRegular:
        return Document(path, display, None, [issue(Source(display), "", "load.not-a-file")])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Document(path, display, None, [issue(Source(display), "", "load.unreadable", reason=reason)])
    if len(data) > MAX_FILE_BYTES:
        return Document(path, display, None, [issue(Source(display), "", "load.too-large")])
    issues: list[Issue] = []
    text = decode(data, display, issues)
    if text is None:
        return Document(path, display, None, issues)
    root, issues = parse_text(text, display)
    return Document(path, display, root, issues)


def load_or_raise(path: Path, display: str) -> Node:
    """Load a file that must be valid YAML (an import's mapping file); raise LoadError otherwise."""
    document = load_file(path, display)
    if document.root is None or document.issues:
        raise LoadError(document.issues)
    return document.root
