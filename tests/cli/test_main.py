"""`python -m briefing` and `python -m briefing.cli` are the real command: same exits, same streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MODULES = ["briefing", "briefing.cli"]


def run_module(module: str, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BRIEFING_LANG"}
    return subprocess.run(
        [sys.executable, "-m", module, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("module", MODULES)
def test_usage_errors_of_import_export_and_diff_exit_2(module: str, tmp_path: Path) -> None:
    """These commands raised the UsageError of `briefing.cli` while `python -m briefing.cli` ran the same
    file as __main__, whose UsageError is another class: the error fell through as a bug, exit 70."""
    missing = tmp_path / "missing"
    for argv, says in (
        (
            ["import", str(missing / "t.xlsx"), "-o", str(tmp_path / "new")],
            f"表格文件 {missing / 't.xlsx'} 不存在",
        ),
        (["export", str(missing), "-o", str(tmp_path / "t.xlsx")], f"材料目录“{missing}”不存在或不是目录"),
        (["diff", str(missing), str(tmp_path)], f"材料目录“{missing}”不存在或不是目录"),
    ):
        done = run_module(module, *argv)
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert done.stderr.splitlines() == [
            done.stderr.splitlines()[0],
            "运行 briefing --help 查看用法",
        ], done.stderr
        assert done.stderr.startswith("briefing: 用法错误：") and says in done.stderr, done.stderr
        assert "内部错误" not in done.stderr


@pytest.mark.parametrize("module", MODULES)
def test_help_and_version_go_to_standard_output(module: str) -> None:
    version = run_module(module, "--version")
    assert (version.returncode, version.stdout, version.stderr) == (0, "briefing 0.1.0\n", "")
    helped = run_module(module, "build", "--help")
    assert helped.returncode == 0 and helped.stderr == ""
    assert helped.stdout.startswith("用法：briefing build ")


@pytest.mark.parametrize("module", MODULES)
def test_a_usage_error_in_english_from_the_environment(module: str) -> None:
    environment = dict(os.environ, BRIEFING_LANG="en")
    done = subprocess.run(
        [sys.executable, "-m", module, "validate"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "briefing: usage error: the following arguments are required: 目录; give them on the command line"
        " (command validate)\nrun briefing --help for usage\n"
    )


def test_a_name_in_bytes_that_are_not_utf8_on_a_strict_terminal(tmp_path: Path) -> None:
    """A UTF-8 terminal outside the C locale cannot write a lone surrogate: init, which lists what it
    wrote, and diff --json, which names its sides, wrote their files and then ended as a bug (exit 70)."""
    environment = {key: value for key, value in os.environ.items() if key != "BRIEFING_LANG"}
    environment["PYTHONIOENCODING"] = "utf-8:strict"
    folder = os.fsencode(tmp_path) + b"/new\xff"

    def run(*argv: bytes) -> subprocess.CompletedProcess[bytes]:
        command = [os.fsencode(sys.executable), b"-m", b"briefing", *argv]
        return subprocess.run(command, capture_output=True, env=environment, timeout=120, check=False)

    made = run(b"init", folder)
    assert made.returncode == 0, made.stderr.decode()
    listed = made.stdout.decode("utf-8").splitlines()
    assert listed[0] == f"{tmp_path}/newU+DCFF/packet.yaml"
    assert listed[-1] == f"已新建示例材料；编辑后运行 briefing validate {tmp_path}/newU+DCFF"
    compared = run(b"diff", folder, folder, b"--json")
    assert compared.returncode == 0, compared.stderr.decode()
    assert json.loads(compared.stdout)["changed"] is False
