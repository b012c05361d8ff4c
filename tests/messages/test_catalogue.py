"""The catalogue as data: every code the package uses has a message in both languages, taking the same
values, and every value a message names is filled in when it is rendered."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import briefing
from briefing.messages import render_message
from briefing.messages.catalogue import CATALOGUE, KINDS

PACKAGE = Path(briefing.__file__).resolve().parent
CATALOGUE_FILE = PACKAGE / "messages" / "catalogue.py"
NAMESPACES = {code.split(".")[0] for code in CATALOGUE}
CODE = re.compile(r"[a-z]+(\.[a-z0-9][a-z0-9-]*)+")
# Strings of a code's shape that are not codes: file names, and field paths that share a namespace with
# codes (packet.yaml's `declared:` keys, which office/ writes as column names; layout.yaml's `word:` keys).
NOT_CODES = re.compile(
    r".*\.(yaml|json|journal)|declared\.(complete|count|new|continued|note)|word\.(fonts|styles)"
    r"|progress\.(value|status|note)"  # an imported row's progress columns (office/columns.py)
)
# Python showing through where a user should see a message.
LEAKS = re.compile(
    r"Traceback|Decimal\(|<briefing\.|object at 0x|\{'[^']*': |\['[^']*'[,\]]|\bNone\b|\bFalse\b|\bTrue\b"
    r"|[A-Z][a-z]+Error\b|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\{[a-z_]+\}"
)


def _sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != CATALOGUE_FILE)


def _looks_like_a_code(text: object) -> bool:
    if not isinstance(text, str):
        return False
    return bool(CODE.fullmatch(text)) and text.split(".")[0] in NAMESPACES and not NOT_CODES.fullmatch(text)


def _looks_like_a_prefix(text: object) -> bool:
    return isinstance(text, str) and text.endswith(".") and _looks_like_a_code(text[:-1])


def _codes_and_prefixes() -> tuple[dict[str, Path], dict[str, Path]]:
    """Every code written whole in the package, and every code prefix of an f-string (f"send.count.{x}")."""
    codes: dict[str, Path] = {}
    prefixes: dict[str, Path] = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        fstrings = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
        in_fstrings = {id(part) for node in fstrings for part in node.values}
        heads = [node.values[0] for node in fstrings if isinstance(node.values[0], ast.Constant)]
        prefixes |= {str(head.value): path for head in heads if _looks_like_a_prefix(head.value)}
        strings = [
            node for node in ast.walk(tree) if isinstance(node, ast.Constant) and id(node) not in in_fstrings
        ]
        codes |= {node.value: path for node in strings if _looks_like_a_code(node.value)}
    return codes, prefixes


CODES, PREFIXES = _codes_and_prefixes()


def test_the_scan_finds_codes_of_every_stage() -> None:
    for code in ("load.tab", "declared.sum-mismatch", "layout.not-found", "cli.usage", "send.summary"):
        assert code in CODES
    assert {"send.status.", "send.count.", "cli.not-a-file."} <= set(PREFIXES)


def test_every_code_in_the_package_has_a_message() -> None:
    missing = {code: str(path.relative_to(PACKAGE)) for code, path in CODES.items() if code not in CATALOGUE}
    assert not missing, f"no message for {missing}"


def test_every_code_prefix_has_messages() -> None:
    empty = [prefix for prefix in PREFIXES if not any(code.startswith(prefix) for code in CATALOGUE)]
    assert not empty


def test_every_command_line_message_is_used() -> None:
    """No stale entries among the CLI's own messages (cli.role.* are named by f"cli.role.{role}")."""
    used = set(CODES) | {code for code in CATALOGUE for prefix in PREFIXES if code.startswith(prefix)}
    stale = sorted(code for code in CATALOGUE if code.startswith("cli.") and code not in used)
    assert stale == []


def test_the_catalogue_is_data_alone() -> None:
    tree = ast.parse(CATALOGUE_FILE.read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Assign", "AnnAssign"}, kinds
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert all(node.module == "__future__" for node in imports)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_message_has_both_languages(code: str) -> None:
    zh, en = CATALOGUE[code]
    assert zh.strip() and en.strip() and zh != en
    assert re.search(r"[\u4e00-\u9fff]", zh), "the Chinese text is Chinese"
    assert _fields(zh) - {"context_zh"} == _fields(en) - {"context_en"}, "both languages take the same values"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_message_renders_without_python(code: str, lang: str) -> None:
    template = CATALOGUE[code][1 if lang == "en" else 0]
    params = {name: "x" for name in _fields(template)} | {"found": "list", "expected": "text"}
    text = render_message(code, params, lang)
    assert not LEAKS.search(text), text
    assert "\n" not in text


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_value_a_message_names_is_shown(code: str) -> None:
    for lang, template in zip(("zh", "en"), CATALOGUE[code], strict=True):
        names = _fields(template) - {"context_zh", "context_en"}
        params = {name: f"«{name}»" for name in names if name not in ("found", "expected")}
        params |= {"found": "list", "expected": "text", "problem": "«problem»"}
        text = render_message(code, params, lang)
        for name in names - {"found", "expected"}:
            assert f"«{name}»" in text, (lang, name, text)


def test_kind_names_have_both_languages() -> None:
    for kind, (zh, en) in KINDS.items():
        assert zh and en, kind
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh == en == "true/false", kind
