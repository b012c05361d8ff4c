"""The bad-input catalogue: every case reports exactly its located messages, with the right exit status."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.messages.catalogue import CATALOGUE
from briefing.read import (
    figures,
    input_files,
    kinds,
    packet_files,
    reader,
    rules,
    yaml_culprits,
    yaml_messages,
    yaml_nodes,
)

CATALOGUE_DIR = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(path for path in CATALOGUE_DIR.iterdir() if (path / "expected.yaml").is_file())
EXPECTED = {case.name: yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8")) for case in CASES}

# An expected line: file[:line[:column]]: field: text  (field `-` for a problem with the whole file).
EXPECTED_LINE = re.compile(
    r"^(?P<file>[^:]+)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: (?P<field>\S+): (?P<text>.+)$"
)
ACTUAL_LINE = re.compile(r"^(?P<file>[^:]+)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: (?P<rest>.+)$")
SUMMARY = re.compile(r"^(共 \d+ 个问题，未生成任何文件。|\d+ problem\(s\); nothing was written\.)$")
# Python showing through where a user should see a message.
LEAKS = re.compile(
    r"Traceback|Decimal\(|<briefing\.|object at 0x|\{'[^']*': |\['[^']*'[,\]]|\bNone\b|\bFalse\b|\bTrue\b"
    r"|[A-Z][a-z]+Error\b|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\{[a-z_]+\}"
)
# Run through a real `python -m briefing.cli` too: the odd encodings, the attacks, the command line.
SUBPROCESS = {
    "alias-bomb",
    "tag-python-object",
    "encoding-gbk",
    "encoding-utf16",
    "control-character",
    "utf8-bom-accepted",
    "crlf-accepted",
    "packet-missing",
    "all-at-once",
}


def case_id(case: Path) -> str:
    return case.name


def argv(case: Path) -> list[str]:
    spec = EXPECTED[case.name]
    return [arg.replace("{case}", str(case)) for arg in spec.get("args", ["validate", "{case}"])]


def run_in_process(cli, case: Path, *options: str):  # type: ignore[no-untyped-def]
    args = argv(case)
    return cli(*options, *args)


def check_messages(expected: list[str], err: str, summary: bool = True) -> None:
    """Each expected line matches its own reported line (file, line, column and field exactly); no others.
    A failed run closes with a summary line; warnings of a run that went on do not."""
    lines = err.splitlines()
    if summary:
        assert lines and SUMMARY.match(lines[-1]), f"no closing summary line:\n{err}"
        lines = lines[:-1]
    reported = [ACTUAL_LINE.match(line) for line in lines]
    assert all(reported), f"a message without file:line:\n{err}"
    unmatched = list(reported)
    for wanted in expected:
        spec = EXPECTED_LINE.match(wanted)
        assert spec, f"bad expected line in the catalogue: {wanted!r}"
        found = next((actual for actual in unmatched if _matches(spec, actual)), None)
        assert found is not None, f"expected\n  {wanted}\nbut got\n{err}"
        unmatched.remove(found)
    assert not unmatched, "reported but not expected:\n" + "\n".join(m.string for m in unmatched if m)


def _matches(spec: re.Match, actual: re.Match) -> bool:  # type: ignore[type-arg]
    if (spec["file"], spec["line"]) != (actual["file"], actual["line"]):
        return False
    if spec["column"] is not None and spec["column"] != actual["column"]:
        return False
    rest = actual["rest"]
    if spec["field"] == "-":
        return not re.match(r"^\S+: ", rest) and spec["text"] in rest
    prefix = f"{spec['field']}: "
    return rest.startswith(prefix) and spec["text"] in rest[len(prefix) :]


def check_run(case: Path, status: int, out: str, err: str, lang: str = "zh") -> None:
    spec = EXPECTED[case.name]
    assert status == spec["status"], f"exit {status}, expected {spec['status']}:\n{err}"
    assert not LEAKS.search(err), f"Python leaked into the message:\n{err}"
    if status == 0:
        assert out.strip(), (out, err)
        check_messages(spec.get("messages_en" if lang == "en" else "messages") or [], err, summary=False)
        return
    assert out == "", "nothing may go to stdout on failure"
    if status == 2:
        assert spec["usage"] in err, err
        return
    check_messages(spec["messages_en" if lang == "en" else "messages"], err)


@pytest.fixture(autouse=True)
def _chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_LANG", raising=False)


def test_catalogue_is_complete() -> None:
    assert len(CASES) >= 45
    statuses = [EXPECTED[case.name]["status"] for case in CASES]
    assert {0, 1, 2} <= set(statuses)
    for case in CASES:
        spec = EXPECTED[case.name]
        assert spec["defect"], case.name
        assert re.fullmatch(r"\d{2,3}-[a-z0-9-]+", case.name), case.name
        if spec["status"] == 1:
            assert spec["messages"], f"{case.name}: a failing case must say what it reports"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case(cli, case: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_in_process(cli, case)
    check_run(case, run.status, run.out, run.err)


CASES_EN = [case for case in CASES if EXPECTED[case.name].get("messages_en")]


@pytest.mark.parametrize("case", CASES_EN, ids=case_id)
def test_case_in_english(cli, case: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_in_process(cli, case, "--lang", "en")
    check_run(case, run.status, run.out, run.err, lang="en")


def _subprocess(case: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BRIEFING_LANG"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", *argv(case)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=60,
        check=False,
    )


REAL = [case for case in CASES if case.name[3:] in SUBPROCESS or EXPECTED[case.name]["status"] == 2]


@pytest.mark.parametrize("case", REAL, ids=case_id)
def test_case_through_the_real_command(case: Path) -> None:
    done = _subprocess(case)
    check_run(case, done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize(
    "name", ["06-alias-bomb", "56-annual-above-total", "09-encoding-gbk"], ids=lambda name: name
)
def test_english_from_the_environment(name: str) -> None:
    case = CATALOGUE_DIR / name
    done = _subprocess(case, {"BRIEFING_LANG": "en"})
    check_run(case, done.returncode, done.stdout, done.stderr, lang="en")


def test_catalogue_is_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed cases are the starter plus the edits make_cases.py spells out, byte for byte."""
    sys.path.insert(0, str(CATALOGUE_DIR))
    try:
        import make_cases
    finally:
        sys.path.remove(str(CATALOGUE_DIR))
    make_cases.main(tmp_path)
    fresh = sorted(path.name for path in tmp_path.iterdir())
    assert fresh == [case.name for case in CASES]
    for name in fresh:
        comparison = filecmp.dircmp(tmp_path / name, CATALOGUE_DIR / name)
        _assert_same(comparison, name)


def _assert_same(comparison: filecmp.dircmp, where: str) -> None:  # type: ignore[type-arg]
    assert not comparison.left_only and not comparison.right_only, (
        where,
        comparison.left_only,
        comparison.right_only,
    )
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    assert not mismatch and not errors, (
        f"{where}: {mismatch or errors} differ; run python tests/bad_inputs/make_cases.py"
    )
    for name, sub in comparison.subdirs.items():
        _assert_same(sub, f"{where}/{name}")


# --- the message catalogue -------------------------------------------------------------------------------

CODE = re.compile(r"\"([a-z]+\.[a-z][a-z-]*)\"")
SOURCES = [
    Path(module.__file__)
    for module in (
        input_files,
        yaml_nodes,
        yaml_messages,
        yaml_culprits,
        packet_files,
        reader,
        kinds,
        figures,
        rules,
    )
    if module.__file__
]


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        found |= {
            code for code in CODE.findall(path.read_text(encoding="utf-8")) if not code.endswith(".yaml")
        }
    return found


def test_every_code_in_the_source_has_a_message() -> None:
    codes = _codes_in_source()
    assert "load.tab" in codes and "declared.sum-mismatch" in codes  # the pattern does find them
    assert codes <= set(CATALOGUE), f"no message for {sorted(codes - set(CATALOGUE))}"


def test_every_message_of_the_input_side_is_used() -> None:
    """No stale entries among the load/validate messages (other stages keep their own codes here too)."""
    prefixes = {code.split(".")[0] for code in _codes_in_source()}
    ours = {code for code in CATALOGUE if code.split(".")[0] in prefixes}
    assert not ours - _codes_in_source(), (
        f"catalogue entries nothing reports: {sorted(ours - _codes_in_source())}"
    )


@pytest.mark.parametrize("code", sorted(_codes_in_source()))
def test_input_message_says_what_would_be_right(code: str) -> None:
    zh, en = CATALOGUE[code]
    # The second half of each message is the remedy: what to write, or what to do.
    assert re.search(r"应|请|例如|如 |是不是|只能|只写|只列|不能|不允许|不得|须|允许的", zh), zh
    remedy = r"must|use |write|did you mean|e\.g\.|add |remove|fix |check|give|list |delete|replace|save|fill|only|cannot|not allowed|not supported|merge|allowed"
    assert re.search(remedy, en), en
