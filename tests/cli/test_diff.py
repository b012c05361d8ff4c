"""The `diff` command's own part: what cannot name a packet is a usage error, before the engine loads."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from briefing.cli.diff import specs
from briefing.cli.usage import UsageError
from briefing.diff.sides import Spec

SAMPLE = REPO / "data" / "dongchang-2023"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = run_cli("diff", str(SAMPLE), str(missing))
    assert result.status == 2
    assert f"材料目录“{missing}”不存在或不是目录；请给出含 packet.yaml 的目录，或 目录@修订版本" in result.err
    one = run_cli("diff", str(SAMPLE))
    assert one.status == 2 and "需要两份材料：briefing diff 原材料 新材料" in one.err
    both = run_cli("diff", "--git", "HEAD", str(SAMPLE), str(SAMPLE))
    assert both.status == 2 and "--git 只与一个目录同用" in both.err
    option = run_cli("diff", f"{SAMPLE}@--output=x", str(SAMPLE), "--lang", "en")
    assert option.status == 2 and "must be a commit, branch or tag" in option.err


def _args(old: str, new: str | None = None, git: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(old=old, new=new, git=git, json=False)


def test_the_two_sides() -> None:
    folder = str(SAMPLE)
    assert specs(_args(folder, folder)) == (Spec(folder), Spec(folder))
    assert specs(_args(folder, git="HEAD~1")) == (Spec(folder, "HEAD~1"), Spec(folder))
    assert specs(_args(f"{folder}@v1.0", folder)) == (Spec(folder, "v1.0"), Spec(folder))


@pytest.mark.parametrize("revision", ["", "-p", "a b", "HEAD\n"])
def test_a_revision_that_git_would_read_as_an_option_is_refused(revision: str) -> None:
    with pytest.raises(UsageError) as caught:
        specs(_args(str(SAMPLE), git=revision))
    assert caught.value.code == "cli.diff.revision"
    assert "不能为空、以 - 开头或含空白" in caught.value.problem("zh")
