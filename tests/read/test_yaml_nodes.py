"""read/yaml_nodes.py: YAML text and files to located nodes; every problem an Issue with file, line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from guards import hang_guard

from briefing.errors import LoadError
from briefing.read.input_files import MAX_FILE_BYTES
from briefing.read.yaml_nodes import (
    Mapping,
    Scalar,
    Sequence,
    load_file,
    load_or_raise,
    parse_text,
    resolve_plain,
)


def codes(issues) -> list[str]:  # type: ignore[no-untyped-def]
    return [found.code for found in issues]


def where(found) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    return found.source.line, found.source.column, found.field


# --- scalars --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023", 2023),
        ("-5", -5),
        ("1.5", Decimal("1.5")),
        ("0.1", Decimal("0.1")),
        ("1e3", Decimal("1e3")),
        ("~", None),
        ("null", None),
        ("", None),
        ("true", True),
        ("False", False),
        # YAML 1.1 surprises stay text: no yes/no booleans, no sexagesimal, no dates, no octal.
        ("yes", "yes"),
        ("no", "no"),
        ("1:30", "1:30"),
        ("2023-01-10", "2023-01-10"),
        ("0x10", "0x10"),
        ("5000万元", "5000万元"),
        pytest.param("1" + "0" * 5000, Decimal("1" + "0" * 5000), id="5001-digits"),  # past int()'s limit
    ],
)
def test_plain_scalars_resolve_by_the_core_schema(text: str, value: object) -> None:
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_numbers_are_exact_decimals_from_their_text() -> None:
    root, issues = parse_text("a: 0.1\nb: 0.2\n", "f.yaml")
    assert not issues and isinstance(root, Mapping)
    a, b = root.get("a"), root.get("b")
    assert isinstance(a, Scalar) and isinstance(b, Scalar)
    assert a.value + b.value == Decimal("0.3")  # type: ignore[operator]


def test_quoted_scalars_stay_text() -> None:
    root, _ = parse_text("a: '2023'\nb: \"true\"\n", "f.yaml")
    assert isinstance(root, Mapping)
    assert root.get("a") == Scalar("2023", "2023", root.get("a").source, quoted=True)  # type: ignore[union-attr]
    assert root.get("b").value == "true"  # type: ignore[union-attr]


def test_nodes_keep_line_and_column() -> None:
    root, _ = parse_text("title: x\nprojects:\n  - name: 甲\n    kind: 新建\n", "areas/a.yaml")
    assert isinstance(root, Mapping)
    projects = root.get("projects")
    assert isinstance(projects, Sequence)
    row = projects.items[0]
    assert isinstance(row, Mapping)
    key_source, kind = row.entries["kind"]
    assert (key_source.file, key_source.line, key_source.column) == ("areas/a.yaml", 4, 5)
    assert (kind.source.line, kind.source.column) == (4, 11)


# --- what is refused ------------------------------------------------------------------------------------


def test_duplicate_key_names_the_full_field_and_the_first_line() -> None:
    root, issues = parse_text("projects:\n  - name: 甲\n    kind: 新建\n    kind: 续建\n", "f.yaml")
    assert codes(issues) == ["load.duplicate-key"]
    assert where(issues[0]) == (4, 5, "projects[1].kind")
    assert issues[0].params["first_line"] == 3
    assert root is not None  # the rest of the file is still validated


@pytest.mark.parametrize(
    ("text", "tag", "field"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system", "a"),
        ("a:\n  b: !foo x\n", "!foo", "a.b"),
        ("- !!binary aGVsbG8=\n", "!!binary", "[1]"),
        ("!!map {a: 1}\n", "!!map", ""),
    ],
)
def test_tags_are_refused_with_their_field(text: str, tag: str, field: str) -> None:
    root, issues = parse_text(text, "f.yaml")
    assert root is None
    assert codes(issues) == ["load.tag"]
    assert issues[0].params["tag"] == tag and issues[0].field == field


def test_billion_laughs_is_refused_quickly_with_one_message() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    # Refused at the first alias: expanding it would build 9**9 nodes (minutes and gigabytes).
    with hang_guard(60, "reading nested aliases"):
        root, issues = parse_text("\n".join(lines) + "\n", "f.yaml")
    assert root is None
    assert codes(issues) == ["load.alias"]
    assert where(issues[0]) == (2, 8, "b[1]")


def test_merge_key_is_refused_but_the_file_is_still_read() -> None:
    root, issues = parse_text("a: 1\n<<: {b: 2}\n", "f.yaml")
    assert codes(issues) == ["load.merge-key"] and issues[0].field == "<<"
    assert isinstance(root, Mapping) and list(root.entries) == ["a"]


def test_complex_key() -> None:
    _, issues = parse_text("? [a, b]\n: c\n", "f.yaml")
    assert codes(issues) == ["load.complex-key"]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a: 1\n\tb: 2\n", 2, 1), ("a:\n  \tb: 2\n", 2, 3)],
)
def test_tab_in_indentation(text: str, line: int, column: int) -> None:
    root, issues = parse_text(text, "f.yaml")
    assert root is None and codes(issues) == ["load.tab"]
    assert where(issues[0])[:2] == (line, column)


def test_tab_after_a_value_is_a_located_syntax_error() -> None:
    """PyYAML refuses a tab between words of a plain value; the message says it is the tab."""
    root, issues = parse_text("a: x\ty\n", "f.yaml")
    assert root is None and codes(issues) == ["load.syntax"]
    assert issues[0].render("zh").startswith("f.yaml:1:5: YAML 语法错误：这里有制表符（Tab）")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_located(char: str) -> None:
    root, issues = parse_text(f"a: 1\nb: x{char}y\n", "f.yaml")
    assert root is None and codes(issues) == ["load.control-char"]
    assert where(issues[0])[:2] == (2, 5)
    assert issues[0].params["char"] == f"U+{ord(char):04X}"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n", "  \n# x\n"])
def test_empty_files(text: str) -> None:
    root, issues = parse_text(text, "f.yaml")
    assert root is None and codes(issues) == ["load.empty"]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: 1\nb: [1, 2\n", 2, 4),  # the bracket that is never closed
        ('a: 1\nb: "x\nc: 3\n', 2, 4),  # the quote that is never closed
        ("a: b: c\n", 1, 5),
        ("- a\nb: 1\n", 2, 1),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, column: int) -> None:
    root, issues = parse_text(text, "f.yaml")
    assert root is None and codes(issues) == ["load.syntax"]
    assert where(issues[0])[:2] == (line, column)
    message = issues[0].render("zh")
    assert message.startswith(f"f.yaml:{line}:{column}: YAML 语法错误") and "\\u" not in message


def test_deep_nesting_is_an_issue_not_a_crash() -> None:
    root, issues = parse_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml")
    assert root is None and codes(issues) == ["load.too-deep"]


# --- files ------------------------------------------------------------------------------------------------

TEXT = "title: 着力扩大内需\nlead_unit: 区发展和改革局\n"


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode())
    document = load_file(path, "areas/a.yaml")
    assert not document.issues
    assert isinstance(document.root, Mapping) and document.root.get("title").value == "着力扩大内需"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (TEXT.encode("gbk"), "GBK/GB18030"),
        (TEXT.encode("utf-16"), "UTF-16"),
        (TEXT.encode("utf-16-le"), "UTF-16LE"),
        (TEXT.encode("utf-16-be"), "UTF-16BE"),
    ],
)
def test_other_encodings_are_named(tmp_path: Path, data: bytes, named: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(data)
    document = load_file(path, "areas/a.yaml")
    assert document.root is None and codes(document.issues) == ["load.encoding"]
    assert document.issues[0].params["encoding"] == named
    assert document.issues[0].source.line == 1


def test_one_stray_byte_in_utf8_is_located_not_called_gbk(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(TEXT.encode() + b"note: caf\xe9\n")
    document = load_file(path, "areas/a.yaml")
    assert codes(document.issues) == ["load.bad-byte"]
    assert where(document.issues[0])[:2] == (3, 10)
    assert document.issues[0].params["bytes"] == "E9"


def test_missing_directory_and_oversized_files(tmp_path: Path) -> None:
    assert codes(load_file(tmp_path / "nope.yaml", "nope.yaml").issues) == ["load.missing"]
    (tmp_path / "dir.yaml").mkdir()
    assert codes(load_file(tmp_path / "dir.yaml", "dir.yaml").issues) == ["load.is-folder"]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert codes(load_file(big, "big.yaml").issues) == ["load.too-large"]


def test_load_or_raise(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_or_raise(path, "a.yaml")
    assert codes(raised.value.issues) == ["load.duplicate-key"]
    path.write_text("a: 1\n", encoding="utf-8")
    assert isinstance(load_or_raise(path, "a.yaml"), Mapping)


def test_libyaml_composes_plain_files_and_leaves_tags_and_aliases_to_the_checking_composer() -> None:
    """The fast path must really be taken for ordinary files (else every build pays for the Python
    composer), and must hand anything with a tag or an alias to the composer that reports them."""
    from briefing.read.yaml_nodes import _compose_fast

    sample = Path(__file__).resolve().parents[2] / "data" / "dongchang-2023"
    for path in [sample / "packet.yaml", *sorted((sample / "areas").glob("*.yaml"))]:
        assert _compose_fast(path.read_text(encoding="utf-8")) is not None, path.name
    assert _compose_fast("a: &x 1\nb: *x\n") is None
    assert _compose_fast("a: !!python/object:os.system x\n") is None
    assert _compose_fast("a: [1, !foo 2]\n") is None
    merged = _compose_fast("base: {a: 1}\n<<: {b: 2}\n")
    assert merged is not None and merged.value[1][0].tag == "tag:yaml.org,2002:merge"
