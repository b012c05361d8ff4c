"""Damaging the sample packet, a layout folder or a recipients list, running the CLI on it, and judging the run.

Shared by tests/test_fuzz.py (hypothesis, a fixed seed, in CI) and bench/fuzz.py (a long seeded campaign):
both draw a case through a Chooser, so they speak the same vocabulary of damage, and judge it with `run_case`.
A case is plain data, (target, layout, lang, ops), so that a failure reads as what was done.
"""

from __future__ import annotations

import io
import os
import re
import resource
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from briefing.cli import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
T = TypeVar("T")

# What a run is given: the packet's files under their own names, a layout's under "layout/", the
# recipients list as "recipients.yaml".
LAYOUT_PREFIX = "layout/"
RECIPIENTS_FILE = "recipients.yaml"
TARGETS = ("validate", "build", "layout", "recipients")
LAYOUTS = ("gbt9704", "briefing")


def _files(root: Path, prefix: str = "") -> dict[str, bytes]:
    return {
        prefix + path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix in (".yaml", ".yml", ".j2")
    }


PACKET = _files(SAMPLE)
FILES_OF_SAMPLE = sorted(PACKET)
LAYOUT_FILES = {name: _files(REPO / "layouts" / name, LAYOUT_PREFIX) for name in LAYOUTS}
RECIPIENT_FILES = {RECIPIENTS_FILE: RECIPIENTS.read_bytes()}


def base_files(target: str, layout: str) -> dict[str, bytes]:
    """Everything a case of `target` starts from."""
    files = dict(PACKET)
    if target == "layout":
        files.update(LAYOUT_FILES[layout])
    if target == "recipients":
        files.update(RECIPIENT_FILES)
    return files


def mutable(target: str, files: Sequence[str]) -> list[str]:
    """The files a case of `target` damages: the packet's, or the layout's, or the recipients list."""
    if target == "layout":
        return [name for name in files if name.startswith(LAYOUT_PREFIX)]
    if target == "recipients":
        return [RECIPIENTS_FILE]
    return [name for name in files if not name.startswith(LAYOUT_PREFIX) and name != RECIPIENTS_FILE]


# --- the vocabulary of damage -------------------------------------------------------------------------

# Replacement values of every YAML kind, for retyping a scalar; huge and odd numbers among them.
RETYPED = (
    "0",
    "-5",
    "1.5",
    "1e400",
    "1e308",
    "-1e309",
    "9" * 400,
    "99999999999999999999999亿元",
    "0.000000000000000000001万元",
    ".nan",
    "-.inf",
    "0x7fffffffffffffff",
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
    "'\u3000'",
    "-1亿元",
    "9000余万元",
    "增长5人",
    "2000平方米",
    "2024—2022年",
    "\n  - x\n  - y",
    "\n  a: b",
    "|\n  一段\n\n  两段",
    '"a\\nb\\a"',
    '"\\0\\x01"',
    '"\\ud800"',
    "&x 1",
    "*x",
    "!!python/object:os.system x",
    "=?utf-8?b?5L2g5aW9?=",
    "'a\u202eb\u200fc'",
    "𠀀𪜀𫠠",
    "../../../etc/passwd",
    "/dev/zero",
    "'{{ 1/0 }}'",
)
# Layout values: lengths, sizes, colours and names a layout may misuse.
LAYOUT_VALUES = (
    "-37mm",
    "0",
    "0mm",
    "0pt",
    "1e309",
    "1e309mm",
    "9999mm",
    "0.001pt",
    "-1字",
    "1000字",
    "三号",
    "八号",
    "nan",
    "'#zzzzzz'",
    "'#ffffff'",
    "red",
    "[1, 2]",
    "{}",
    "A0",
    "A99",
    "nosuchfont",
    "'{{ page'",
    "'{{ 10**5000 }}'",
    "\"{{ ''.__class__ }}\"",
    "[cover, cover, cover]",
    "[]",
    "0*",
    "-1*",
    "1e309*",
)
# Lines put into a template: runaway and escaping Jinja, broken markers, odd styles.
SNIPPETS = (
    "{{ 1/0 }}",
    "{{ [].pop() }}",
    "{% include 'cover.j2' %}",
    "{% extends 'cover.j2' %}",
    "{% import 'cover.j2' as c %}",
    "{{ range(10**9)|list|length }}",
    "{{ 10**5000 }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ 'x' * 10**6 }}",
    "{{ packet.root }}",
    "{{ packet.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum(1000) }}",
    "{{ self }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ undefined_name }}",
    "{{ area.nope }}",
    "{{ area.title * 1000 }}",
    "{{",
    "{%",
    "{% endif %}",
    "{#",
    "[nostyle]x",
    "[@nothing]",
    "[@summary][@summary]",
    "[vfill][vfill]",
    "[space 999999]",
    "[space -1]",
    "[h1]",
    "\t",
    "\x00",
    "\ud800",
)
# Characters that break parsers and typesetters: controls, NUL, surrogates, bidi marks, astral CJK, YAML syntax.
ODD_CHARS = [
    *"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\ufeff\ufffe\ud800\udfff",
    *"\u200b\u200d\u200e\u200f\u202a\u202e\u2066\u3000\U0001f600\U00020000\U0002a6d6\U0003134a",
    *":-?[]{}&*!|>'\"%@`#,\n\t 中文，。１２0",
]
# Long strings: what is repeated, and how many characters.
LONG_UNITS = ("中", "x", "ab ", "，", "1", "—", "𠀀", "\u202e中", "“")
LONG_LENGTHS = (300, 5_000, 50_000)
DEPTHS = (40, 400, 1_500)
COPIES = (10, 30, 60)

_LINE_KINDS = (
    "delete-line",
    "delete-range",
    "duplicate-lines",
    "swap-lines",
    "truncate",
    "reencode",
    "insert",
    "indent",
    "random-bytes",
    "drop-file",
)
_YAML_KINDS = ("retype", "retype", "long-value", "deep-nesting")
ENCODINGS = ("gbk", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "big5")
INDENTS = (b"", b" ", b"   ", b"      ", b"\t", b"  \t")
SCALAR_LINE = re.compile(r"^(?P<head>\s*(?:- )?[^\s:#][^:#]*:)(?P<value> +[^#\n]*?)?(?P<tail>\s+#.*)?$")


class Chooser(Protocol):
    """Where the choices come from: hypothesis (which shrinks them) or a seeded random generator."""

    def choice(self, options: Sequence[T]) -> T: ...

    def fraction(self) -> float: ...

    def integer(self, low: int, high: int) -> int: ...

    def binary(self, low: int, high: int) -> bytes: ...


class Case(NamedTuple):
    """One damaged run: which command on what, in which language, after which damage."""

    target: str  # validate | build | layout | recipients
    layout: str  # the layout copied for target "layout"
    lang: str
    ops: tuple[tuple[Any, ...], ...]


def odd_text(choose: Chooser) -> str:
    return "".join(choose.choice(ODD_CHARS) for _ in range(choose.integer(1, 6)))


def draw_op(choose: Chooser, target: str, names: Sequence[str]) -> tuple[Any, ...]:
    """One damage, as plain data: (kind, file, where…). Positions are fractions, so they fit whatever earlier
    damage left of the file."""
    kinds = list(_LINE_KINDS)
    if target == "layout":
        kinds += ["retype-layout", "snippet", "snippet"]
    else:
        kinds += list(_YAML_KINDS)
    if target in ("validate", "build"):
        kinds.append("many-areas")
    if target == "recipients":
        kinds.append("many-recipients")
    kind = choose.choice(kinds)
    name = choose.choice(names)
    if kind == "snippet":
        templates = [n for n in names if n.endswith(".j2")] or list(names)
        return (kind, choose.choice(templates), choose.fraction(), choose.choice(SNIPPETS))
    if kind == "retype-layout":
        return ("retype", f"{LAYOUT_PREFIX}layout.yaml", choose.fraction(), choose.choice(LAYOUT_VALUES))
    if kind == "many-areas":
        return (kind, "packet.yaml", choose.choice(COPIES))
    if kind == "many-recipients":
        return (kind, RECIPIENTS_FILE, choose.choice(COPIES))
    at = choose.fraction()
    if kind in ("delete-range", "duplicate-lines", "swap-lines"):
        return (kind, name, at, choose.fraction())
    if kind == "retype":
        return (kind, name, at, choose.choice(RETYPED))
    if kind == "long-value":
        return (kind, name, at, choose.choice(LONG_UNITS), choose.choice(LONG_LENGTHS))
    if kind == "deep-nesting":
        return (kind, name, at, choose.choice(("[", "{a: ", "- ")), choose.choice(DEPTHS))
    if kind == "reencode":
        return (kind, name, choose.choice(ENCODINGS))
    if kind == "insert":
        return (kind, name, at, odd_text(choose))
    if kind == "indent":
        return (kind, name, at, choose.choice(INDENTS))
    if kind == "random-bytes":
        return (kind, name, at, choose.binary(1, 4))
    return (kind, name, at)


def draw_case(choose: Chooser, targets: Sequence[str] = TARGETS) -> Case:
    target = choose.choice(targets)
    layout = choose.choice(LAYOUTS)
    names = mutable(target, sorted(base_files(target, layout)))
    ops = tuple(draw_op(choose, target, names) for _ in range(choose.integer(1, 3)))
    return Case(target, layout, choose.choice(("zh", "en")), ops)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _index(at: float, size: int) -> int:
    return min(int(at * size), max(size - 1, 0))


def _replace_scalar(data: bytes, at: float, value: str) -> bytes | None:
    """The file with the value of one `key: value` line (chosen by `at`) replaced; None if it has none."""
    text = data.decode("utf-8", errors="replace").splitlines(keepends=True)
    candidates = [i for i, line in enumerate(text) if SCALAR_LINE.match(line.rstrip("\r\n"))]
    if not candidates:
        return None
    index = candidates[_index(at, len(candidates))]
    match = SCALAR_LINE.match(text[index].rstrip("\r\n"))
    assert match is not None
    text[index] = f"{match['head']} {value}{match['tail'] or ''}\n"
    return "".join(text).encode("utf-8", errors="surrogatepass")


def _nested(opener: str, depth: int) -> str:
    if opener == "[":
        return "[" * depth + "1" + "]" * depth
    if opener == "{a: ":
        return "{a: " * depth + "1" + "}" * depth
    # Block sequences, one level deeper a line.
    return "\n" + "".join("  " * (level + 1) + "-\n" for level in range(depth - 1)) + "  " * depth + "- 1"


def _many_areas(files: dict[str, bytes], copies: int) -> None:
    """Every area copied until there are about `copies` times as many, titles and project names made unique."""
    areas = [name for name in files if name.startswith("areas/")]
    for number in range(2, max(copies // max(len(areas), 1), 1) + 2):
        for name in areas:
            text = files[name].decode("utf-8", errors="replace")
            suffix = f"（第{number}组）"
            text = re.sub(r"^(title: .*)$", rf"\1{suffix}", text, count=1, flags=re.M)
            text = re.sub(r"^(\s+- name: .*)$", rf"\1{suffix}", text, flags=re.M)
            stem = name.removesuffix(".yaml")
            files[f"{stem}-{number:03d}.yaml"] = text.encode("utf-8", errors="surrogatepass")
    if "packet.yaml" in files:
        packet = files["packet.yaml"].decode("utf-8", errors="replace")
        packet = re.sub(r"^areas:.*?(?=^\S|\Z)", "areas: all\n", packet, flags=re.M | re.S)
        packet = re.sub(r"^declared:.*?(?=^\S|\Z)", "", packet, flags=re.M | re.S)
        files["packet.yaml"] = packet.encode("utf-8", errors="surrogatepass")


def _many_recipients(data: bytes, copies: int) -> bytes:
    """The list's entries repeated (without their copy numbers) until there are `copies` of them."""
    text = data.decode("utf-8", errors="replace")
    head, found, body = text.partition("recipients:\n")
    if not found:
        return data
    entries = re.split(r"(?m)^(?=  - )", body)
    entries = [re.sub(r"(?m)^    copy: .*\n?", "", entry) for entry in entries if entry.strip()]
    if not entries:
        return data
    out = []
    for number in range(copies):
        entry = entries[number % len(entries)]
        out.append(re.sub(r"(?m)^(  - name: .*)$", rf"\g<1>{number}", entry, count=1))
    return (head + found + "".join(out)).encode("utf-8", errors="surrogatepass")


def apply(files: dict[str, bytes], op: tuple[Any, ...]) -> dict[str, bytes]:
    """The files after one damage; damage to a file that is gone does nothing."""
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
    elif kind == "swap-lines":
        first, second = _index(op[2], len(lines)), _index(op[3], len(lines))
        lines[first], lines[second] = lines[second], lines[first]
        result[name] = b"".join(lines)
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
    elif kind == "random-bytes":
        position = _index(op[2], len(data) + 1)
        result[name] = data[:position] + op[3] + data[position:]
    elif kind == "retype":
        replaced = _replace_scalar(data, op[2], op[3])
        if replaced is not None:
            result[name] = replaced
    elif kind == "long-value":
        replaced = _replace_scalar(data, op[2], "'" + (op[3] * op[4])[: op[4]].replace("'", "''") + "'")
        if replaced is not None:
            result[name] = replaced
    elif kind == "deep-nesting":
        replaced = _replace_scalar(data, op[2], _nested(op[3], op[4]))
        if replaced is not None:
            result[name] = replaced
    elif kind == "snippet":
        index = _index(op[2], len(lines))
        lines.insert(index, op[3].encode("utf-8", errors="surrogatepass") + b"\n")
        result[name] = b"".join(lines)
    elif kind == "many-areas":
        _many_areas(result, op[2])
    elif kind == "many-recipients":
        result[name] = _many_recipients(data, op[2])
    else:
        raise ValueError(kind)
    return result


def damage(case: Case) -> dict[str, bytes]:
    files = base_files(case.target, case.layout)
    for op in case.ops:
        files = apply(files, op)
    return files


# --- running and judging one case ---------------------------------------------------------------------

# A file:line:col prefix (line and column optional) and then the message.
LOCATED = re.compile(r"^[^:\n]+(:\d+(:\d+)?)?: \S")
SUMMARY = re.compile(r"^(共 \d+ 个问题，未生成任何文件。|\d+ problem\(s\); nothing was written\.)$")
INTERNAL = re.compile(r"内部错误|internal error")
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
EXISTING = b"%PDF-1.4\n% an earlier build, which a failed one must leave as it was\n%%EOF\n"
CASE_SECONDS = float(os.environ.get("BRIEFING_FUZZ_CASE_SECONDS", "60"))
CASE_MEMORY = int(float(os.environ.get("BRIEFING_FUZZ_CASE_GIB", "1.5")) * 1024**3)


class Hang(BaseException):
    """The per-case time guard went off (a BaseException, so that nothing in the CLI can catch it)."""


class Outcome(NamedTuple):
    """What one case did, and what was wrong with it ([] when nothing)."""

    status: int | str  # the exit status, or "hang"
    out: str
    err: str
    problems: list[str]


def _write(files: dict[str, bytes], root: Path) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@contextmanager
def guarded(seconds: float = CASE_SECONDS, memory: int = CASE_MEMORY) -> Iterator[None]:
    """Raise Hang after `seconds`, and MemoryError past `memory` more bytes of address space than now.

    The time guard is SIGALRM (main thread only); a loop inside one C call is stopped when that call returns.
    """

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with suppress(OSError, ValueError):
        vm = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
        limit = vm + memory if hard == resource.RLIM_INFINITY else min(vm + memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        with suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def environment(scratch: Path) -> Iterator[Path]:
    """A case's surroundings: its own temporary folder (checked for leftovers), an empty user folder, and a
    cache shared by the cases of one process (cached fonts and templates keep a case quick)."""
    shared_cache = Path(tempfile.gettempdir()) / f"briefing-fuzz-cache-{os.getuid()}"
    shared_cache.mkdir(mode=0o700, exist_ok=True)
    temp = scratch / "tmp"
    temp.mkdir()
    saved_env = {
        key: os.environ.get(key) for key in ("BRIEFING_CACHE", "BRIEFING_HOME", "BRIEFING_LANG", "TMPDIR")
    }
    saved_tempdir = tempfile.tempdir
    os.environ.update(BRIEFING_CACHE=str(shared_cache), BRIEFING_HOME=str(scratch / "home"), TMPDIR=str(temp))
    os.environ.pop("BRIEFING_LANG", None)
    tempfile.tempdir = str(temp)
    try:
        yield temp
    finally:
        tempfile.tempdir = saved_tempdir
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def command(case: Case, root: Path, output: Path) -> list[str]:
    argv = ["--lang", case.lang]
    if case.target == "validate":
        return [*argv, "validate", str(root)]
    argv += ["build", str(root)]
    if case.target == "layout":
        argv += ["--layout", str(root.parent / LAYOUT_PREFIX)]
    if case.target == "recipients":
        argv += ["--recipients", str(root.parent / RECIPIENTS_FILE)]
        return [*argv, "-o", str(output / "copies")]
    return [*argv, "-o", str(output / "packet.pdf")]


def run_case(case: Case, files: dict[str, bytes] | None = None) -> Outcome:
    """Run the case's command in this process on its damaged files and judge what it did."""
    files = damage(case) if files is None else files
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        root = scratch / "packet"
        (root / "areas").mkdir(parents=True)
        inputs = {name: data for name, data in files.items() if not name.startswith(LAYOUT_PREFIX)}
        _write({name: data for name, data in inputs.items() if name != RECIPIENTS_FILE}, root)
        _write({name: data for name, data in files.items() if name.startswith(LAYOUT_PREFIX)}, scratch)
        if RECIPIENTS_FILE in files:
            (scratch / RECIPIENTS_FILE).write_bytes(files[RECIPIENTS_FILE])
        output = scratch / "out"
        (output / "copies").mkdir(parents=True)
        (output / "packet.pdf").write_bytes(EXISTING)
        (output / "copies" / "000001-earlier.pdf").write_bytes(EXISTING)
        before = {"packet": _tree(root), "out": _tree(output)}
        argv = command(case, root, output)
        out, err = io.StringIO(), io.StringIO()
        with environment(scratch) as temp:
            try:
                with guarded():
                    status: int | str = main(argv, stdout=out, stderr=err)
            except Hang:
                status = "hang"
            after = {"packet": _tree(root), "out": _tree(output), "tmp": _tree(temp)}
        problems = judge(case, files, status, out.getvalue(), err.getvalue(), before, after)
    return Outcome(status, out.getvalue(), err.getvalue(), problems)


_WARNING = re.compile(r"^\S+?:(?:\d+:\d+:)? ?[^:]*: (?:警告：|warning: )|^\S+: (?:警告：|warning: )")


def judge(
    case: Case,
    files: dict[str, bytes],
    status: int | str,
    out: str,
    err: str,
    before: dict[str, dict[str, bytes]],
    after: dict[str, dict[str, bytes]],
) -> list[str]:
    """Everything wrong with a run: its status, its messages, and the files it left."""
    problems: list[str] = []
    if status == "hang":
        return [f"hang: no answer within {CASE_SECONDS:.0f} s"]
    if status not in (0, 1, 2):
        problems.append(f"exit status {status}: {err.strip()[-300:]}")
    if INTERNAL.search(err):
        problems.append(f"internal error: {err.strip()[-300:]}")
    written = "\n".join(data.decode("utf-8", errors="replace") for data in files.values())
    for leak in LEAKS:
        if not leak.search(written) and (leak.search(err) or leak.search(out)):
            problems.append(f"{leak.pattern!r} leaked into: {err.strip()[-300:]}")
    # A valid packet may carry warnings (located like errors, exit 0); anything else on stderr is a problem.
    unwarned = [line for line in err.splitlines() if line.strip() and not _WARNING.search(line)]
    if status == 0 and case.target == "validate" and unwarned:
        problems.append(f"valid, yet something on standard error: {err.strip()[-300:]}")
    if status == 1 and out:
        problems.append(f"exit 1 with something on standard output: {out.strip()[-300:]}")
    if status == 1:
        lines = err.splitlines()
        if not lines:
            problems.append("exit 1 without a message")
        elif not SUMMARY.match(lines[-1]):
            problems.append(f"no summary line: {lines[-1]!r}")
        problems += [f"not located: {line!r}" for line in lines[:-1] if not LOCATED.match(line)]
    if after["packet"] != before["packet"]:
        changed = sorted(set(after["packet"]) ^ set(before["packet"])) or ["(contents)"]
        problems.append(f"the packet folder was changed: {changed}")
    if after["tmp"]:
        problems.append(f"left in the temporary folder: {sorted(after['tmp'])}")
    problems += _judge_output(case, status, before["out"], after["out"])
    return problems


def _judge_output(
    case: Case, status: int | str, before: dict[str, bytes], after: dict[str, bytes]
) -> list[str]:
    """A failed build leaves the output folder as it was; a good one adds only finished PDFs."""
    if status != 0 or case.target == "validate":
        if after != before:
            return [
                f"a failed run changed the output folder: {sorted(set(after) ^ set(before)) or '(contents)'}"
            ]
        return []
    problems = []
    wanted = "copies/" if case.target == "recipients" else "packet.pdf"
    for name, data in after.items():
        if name in before and not name.startswith(wanted):
            if data != before[name]:
                problems.append(f"{name} was changed by a build that does not write it")
        elif not name.startswith(wanted) or not name.endswith(".pdf"):
            problems.append(f"left in the output folder: {name}")
        elif not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
            problems.append(f"{name} is not a finished PDF")
    if after.get("packet.pdf") == EXISTING and case.target != "recipients":
        problems.append("exit 0 but the PDF was not written")
    return problems


def signature(problem: str) -> str:
    """A problem without the details that differ between cases, to count distinct ones."""
    problem = re.sub(r"/tmp/[^\s:'\"]+", "<path>", problem)
    problem = re.sub(r"\d+", "N", problem)
    return problem[:160]


class RandomChooser:
    """Choices from a seeded random.Random, for the long campaign."""

    def __init__(self, rng: Any):
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def fraction(self) -> float:
        return self.rng.random()

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def binary(self, low: int, high: int) -> bytes:
        return bytes(self.rng.randrange(256) for _ in range(self.rng.randint(low, high)))


Runner = Callable[[Case], Outcome]
