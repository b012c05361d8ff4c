"""The entry point: each way a command ends becomes an exit status and at most a few lines, never a traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

import briefing.read.schema
from briefing.cli.entry import Terminated
from briefing.errors import Issue, Source, ValidationError


def _schema_raises(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fail(kind: str) -> object:
        raise error

    monkeypatch.setattr(briefing.read.schema, "json_schema", fail)


def test_a_bug_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    _schema_raises(monkeypatch, RuntimeError("bad state\nsecond line"))
    run = run_cli("schema")
    assert (run.status, run.out) == (70, "")
    assert run.err == "briefing 内部错误，请把这条信息报告给维护者: RuntimeError: bad state↵second line\n"
    english = run_cli("--lang", "en", "schema")
    assert english.err == "internal error in briefing, please report: RuntimeError: bad state↵second line\n"


def test_input_problems_are_listed_then_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    found = [
        Issue(Source("packet.yaml", 3, 1), "title", "field.required", {"label": "标题"}),
        Issue(Source("areas/01.yaml", 2), "", "load.tab", {}),
    ]
    _schema_raises(monkeypatch, ValidationError(found))
    run = run_cli("schema")
    assert (run.status, run.out) == (1, "")
    lines = run.err.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["packet.yaml", "areas/01.yaml"]
    assert lines[2:] == ["共 2 个问题，未生成任何文件。"]
    assert run_cli("--lang", "en", "schema").err.splitlines()[-1] == "2 problem(s); nothing was written."


@pytest.mark.parametrize(
    ("error", "status", "zh", "en"),
    [
        (KeyboardInterrupt(), 130, "已中断\n", "interrupted\n"),
        (Terminated(signal.SIGTERM), 128 + signal.SIGTERM, "已终止\n", "terminated\n"),
        (BrokenPipeError(), 141, "", ""),
    ],
    ids=["ctrl-c", "sigterm", "reader-gone"],
)
def test_stopped_runs(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, status: int, zh: str, en: str
) -> None:
    _schema_raises(monkeypatch, error)
    for lang, said in (("zh", zh), ("en", en)):
        run = run_cli("schema", "--lang", lang)
        assert (run.status, run.out, run.err) == (status, "", said)


def test_the_language_may_come_before_or_after_the_command(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    before = run_cli("--lang", "en", "validate", missing)
    after = run_cli("validate", missing, "--lang=en")
    assert before.err == after.err
    assert before.err.startswith(f"briefing: usage error: packet folder '{missing}' does not exist")


def test_the_command_flushes_its_output_before_it_ends(tmp_path: Path) -> None:
    """The entry point ends the process with os._exit: everything written to stdout and stderr must
    still arrive whole, and a reader that stops early must not turn into a traceback."""
    command = [sys.executable, "-m", "briefing.cli", "schema", "area"]
    done = subprocess.run(command, capture_output=True, cwd=tmp_path, check=False)
    assert done.returncode == 0 and json.loads(done.stdout)["type"] == "object"
    missing = [*command[:3], "build", str(tmp_path / "missing"), "-o", str(tmp_path / "x.pdf")]
    failed = subprocess.run(missing, capture_output=True, check=False)
    assert failed.returncode == 2 and "missing" in failed.stderr.decode()
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(1)
    reader.stdout.close()
    status = reader.wait(timeout=60)
    assert status in (0, 141), "done before the reader left, or stopped quietly as `yes | head` does"
    assert reader.stderr.read() == b"", "no traceback, no internal error"
