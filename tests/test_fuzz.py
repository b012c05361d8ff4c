"""Property test: no mangling of a valid packet makes `briefing validate` crash, leak Python, or lose the location."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.starter import write_starter

REPO = Path(__file__).resolve().parent.parent

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "300"))
# A file:line:col prefix (line and column optional) and then the message.
LOCATED = re.compile(r"^[^:\n]+(:\d+(:\d+)?)?: \S")
SUMMARY = re.compile(r"^(共 \d+ 个问题，未生成任何文件。|\d+ problem\(s\); nothing was written\.)$")
# Python showing through: each is a leak unless the user wrote it in a file.
LEAKS = [
    re.compile(pattern)
    for pattern in (
        r"Traceback",
        r"Decimal\(",
        r"<briefing\.",
        r"object at 0x",
        r"\{'[^']*': ",  # a dict's repr
        r"\['[^']*'[,\]]",  # a list's repr
        r"\bNone\b",
        r"[A-Z][a-z]+Error\b",
        r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}",  # Python's escapes of odd characters
    )
]


def _base_packet() -> dict[str, bytes]:
    """The real sample packet when it is there, else the `briefing init` starter."""
    sample = REPO / "data" / "dongchang-2023"
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "packet"
        if (sample / "packet.yaml").is_file():
            shutil.copytree(sample, root)
        else:
            write_starter(root)
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.suffix in (".yaml", ".yml")
        }


BASE = _base_packet()
FILES = sorted(BASE)

# Replacement values of every YAML kind, for retyping a scalar.
RETYPED = [
    "0",
    "-5",
    "1.5",
    "1e400",
    "2023-02-30",
    "文字",
    "'2000'",
    "[a, 1]",
    "{a: 1}",
    "{text: 5}",
    "~",
    "",
    "true",
    "'  '",
    "-1亿元",
    "9000余万元",
    "增长5人",
    "2000平方米",
    "2024—2022年",
    "\n  - x\n  - y",
    "\n  a: b",
    "|\n  一段\n\n  两段",
    '"a\\nb\\a"',
    "&x 1",
    "*x",
    "!!python/object:os.system x",
]
ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        list("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\ufeff\ufffe\ud800\U0001f600")
        + list(":-?[]{}&*!|>'\"%@`#,\n\t 中文，。１２0")
    ),
    min_size=1,
    max_size=6,
)
SCALAR_LINE = re.compile(r"^(?P<head>\s*(?:- )?[^\s:#][^:#]*:)(?P<value> +[^#\n]*?)?(?P<tail>\s+#.*)?$")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


MUTATIONS = (
    "delete-line",
    "delete-range",
    "duplicate-lines",
    "retype",
    "truncate",
    "reencode",
    "insert",
    "indent",
    "drop-file",
    "swap-lines",
    "random-bytes",
)
ENCODINGS = ("gbk", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "big5")
INDENTS = (b"", b" ", b"   ", b"      ", b"\t", b"  \t")


@st.composite
def mutation(draw: st.DrawFn) -> tuple:
    """One damage, as plain data so that a failing example reads as what was done: (kind, file, where…)."""
    kind = draw(st.sampled_from(MUTATIONS))
    name = draw(st.sampled_from(FILES))
    # Positions are fractions of the file, so they fit whatever earlier damage left of it.
    at = draw(st.floats(0, 1))
    if kind in ("delete-range", "duplicate-lines", "swap-lines"):
        return (kind, name, at, draw(st.floats(0, 1)))
    if kind == "retype":
        return (kind, name, at, draw(st.sampled_from(RETYPED)))
    if kind == "reencode":
        return (kind, name, draw(st.sampled_from(ENCODINGS)))
    if kind == "insert":
        return (kind, name, at, draw(ODD_TEXT))
    if kind == "indent":
        return (kind, name, at, draw(st.sampled_from(INDENTS)))
    if kind == "random-bytes":
        return (kind, name, at, draw(st.binary(min_size=1, max_size=4)))
    return (kind, name, at)


def _index(at: float, size: int) -> int:
    return min(int(at * size), max(size - 1, 0))


def apply(files: dict[str, bytes], op: tuple) -> dict[str, bytes]:
    """The packet after one mutation; a mutation of a file that is gone does nothing."""
    kind, name = op[0], op[1]
    if name not in files:
        return files
    result = dict(files)
    data = files[name]
    lines = _lines(data)
    if kind == "delete-line":
        index = _index(op[2], len(lines))
        result[name] = b"".join(lines[:index] + lines[index + 1 :])
    elif kind == "delete-range":
        start, end = sorted((_index(op[2], len(lines)), _index(op[3], len(lines)) + 1))
        result[name] = b"".join(lines[:start] + lines[end:])
    elif kind == "duplicate-lines":
        start = _index(op[2], len(lines))
        end = min(start + 1 + int(op[3] * 4), len(lines))
        result[name] = b"".join(lines[:end] + lines[start:end] + lines[end:])
    elif kind == "retype":
        text = data.decode("utf-8", errors="replace").splitlines(keepends=True)
        candidates = [i for i, line in enumerate(text) if SCALAR_LINE.match(line.rstrip("\r\n"))]
        if candidates:
            index = candidates[_index(op[2], len(candidates))]
            match = SCALAR_LINE.match(text[index].rstrip("\r\n"))
            assert match is not None
            text[index] = f"{match['head']} {op[3]}{match['tail'] or ''}\n"
            result[name] = "".join(text).encode("utf-8")
    elif kind == "truncate":
        result[name] = data[: _index(op[2], len(data))]
    elif kind == "reencode":
        text = data.decode("utf-8", errors="replace")
        result[name] = text.encode(op[2], errors="replace")
        if op[2] == "latin-1":
            result[name] += "# café\n".encode("latin-1")
    elif kind == "insert":
        position = _index(op[2], len(data) + 1)
        result[name] = data[:position] + op[3].encode("utf-8", errors="surrogatepass") + data[position:]
    elif kind == "indent":
        index = _index(op[2], len(lines))
        lines[index] = op[3] + lines[index].lstrip(b" ")
        result[name] = b"".join(lines)
    elif kind == "drop-file":
        del result[name]
    elif kind == "swap-lines":
        first, second = _index(op[2], len(lines)), _index(op[3], len(lines))
        lines[first], lines[second] = lines[second], lines[first]
        result[name] = b"".join(lines)
    elif kind == "random-bytes":
        position = _index(op[2], len(data) + 1)
        result[name] = data[:position] + op[3] + data[position:]
    return result


def damage(ops: list[tuple]) -> dict[str, bytes]:
    files = dict(BASE)
    for op in ops:
        files = apply(files, op)
    return files


def _write(files: dict[str, bytes], root: Path) -> None:
    (root / "areas").mkdir(parents=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def validate(root: Path, *options: str) -> tuple[int, str, str]:
    """`briefing [OPTIONS] validate ROOT` in this process: status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = main([*options, "validate", str(root)], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def check_run(files: dict[str, bytes], lang: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "packet"
        _write(files, root)
        status, out, err = validate(root, "--lang", lang)
    written = "\n".join(data.decode("utf-8", errors="replace") for data in files.values())
    assert status in (0, 1), err
    if status == 0:
        assert err == ""
        return
    assert out == ""
    lines = err.splitlines()
    assert lines, "exit 1 without a message"
    assert SUMMARY.match(lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert LOCATED.match(line), f"not located: {line!r}"
    for leak in LEAKS:
        if not leak.search(written):
            assert not leak.search(err), f"{leak.pattern!r} leaked into:\n{err}"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ops=st.lists(mutation(), min_size=1, max_size=3), lang=st.sampled_from(["zh", "en"]))
# Damage that once crashed the loader or leaked Python into a message.
@example(ops=[("insert", "packet.yaml", 0.5, "\x07")], lang="zh")  # PyYAML's ReaderError, exit 70
@example(ops=[("insert", FILES[0], 0.2, "!\ufeff")], lang="en")  # "found '\ufeff'" in a syntax error
@example(ops=[("reencode", FILES[-1], "utf-16-be")], lang="zh")  # UTF-16 without a BOM called latin-1
@example(ops=[("retype", FILES[0], 0.5, '"a\\nb\\a"')], lang="zh")  # a line break inside a message
@example(ops=[("insert", "packet.yaml", 0.0, "*[")], lang="en")  # PyYAML quoting: "found '['"
def test_damaged_packet_is_reported_not_crashed(ops: list[tuple], lang: str) -> None:
    check_run(damage(ops), lang)


def test_base_packet_is_valid() -> None:
    """The fuzzer starts from a packet that passes, so every failure it finds comes from the damage."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "packet"
        _write(BASE, root)
        status, _, err = validate(root)
    assert status == 0, err
