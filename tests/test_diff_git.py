"""briefing diff on git revisions: read with ls-tree and show only, from a repository that may be hostile."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import run_cli
from diff_packets import ADDED, DROPPED, SAMPLE, area, edited_sample, small_packet

from briefing.messages import render_message

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    """Run git in the test's own repository, untouched by the user's settings."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    command = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "-C", str(repo), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, env=environment).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose packet data/x is the sample in the first commit and the edited sample in the second."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copytree(SAMPLE, root / "data" / "x")
    git(root, "add", ".")
    git(root, "commit", "-qm", "sample")
    shutil.rmtree(root / "data" / "x")
    edited_sample(root / "data" / "x")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edits")
    return root


def _counts(result_out: str) -> dict:  # type: ignore[type-arg]
    return json.loads(result_out)["counts"]


KNOWN_EDITS = {
    "fields": 0,
    "areas": {},
    "targets": {"changed": 1},
    "projects": {"added": 1, "removed": 1},
    "sentences": {"replaced": 1},
    "progress": {},
}


def test_two_revisions_of_one_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    result = run_cli("diff", "data/x@HEAD~1", "data/x@HEAD", "--json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["counts"] == KNOWN_EDITS
    assert (data["old"]["label"], data["new"]["label"]) == ("data/x@HEAD~1", "data/x@HEAD")
    second = data["areas"][1]
    assert [(p["status"], p["name"]) for p in second["projects"]] == [("added", ADDED), ("removed", DROPPED)]
    text = run_cli("diff", "data/x@HEAD~1", "data/x")
    assert text.out.splitlines()[0] == "修改对照：data/x@HEAD~1 → data/x"
    assert text.out.splitlines()[-1] == "共计：修改指标 1 项，新增项目 1 个，删除项目 1 个，改写语句 1 句。"


def test_git_option_compares_the_folder_with_a_revision(repo: Path) -> None:
    folder = repo / "data" / "x"
    result = run_cli("diff", "--git", "HEAD~1", str(folder), "--json")
    assert result.status == 0, result.err
    assert _counts(result.out) == KNOWN_EDITS
    assert json.loads(result.out)["old"]["label"] == f"{folder}@HEAD~1"
    same = run_cli("diff", "--git", "HEAD", str(folder))
    assert same.out.splitlines()[1] == "两份材料内容相同，没有改动。"
    # from a subfolder, with a revision written as a commit id, and a folder since deleted
    commit = git(repo, "rev-parse", "HEAD~1").strip()
    assert _counts(run_cli("diff", f"{folder}@{commit}", str(folder), "--json").out) == KNOWN_EDITS
    shutil.rmtree(folder)
    gone = run_cli("diff", f"{folder}@HEAD~1", f"{folder}@HEAD", "--json")
    assert gone.status == 0, gone.err
    assert _counts(gone.out) == KNOWN_EDITS


def test_a_revision_that_does_not_exist(repo: Path) -> None:
    folder = repo / "data" / "x"
    result = run_cli("diff", f"{folder}@HEAD~5", f"{folder}@no-such-branch")
    assert result.status == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{folder}@HEAD~5: git 仓库中没有修订版本“HEAD~5”；请写出存在的提交、分支或标签，如 HEAD~1、main、v1.0"
        "（git log --oneline 可查）",
        f"{folder}@no-such-branch: git 仓库中没有修订版本“no-such-branch”；请写出存在的提交、分支或标签，"
        "如 HEAD~1、main、v1.0（git log --oneline 可查）",
        "共 2 个问题，未生成任何文件。",
    ]
    missing = run_cli("diff", f"{repo}/data/y@HEAD", str(folder), "--lang", "en")
    assert missing.status == 1
    assert missing.err.splitlines()[0] == (
        f"{repo}/data/y@HEAD: revision HEAD has no folder '{repo}/data/y'; check the name, or see git log -- "
        f"{repo}/data/y for the revisions that have it"
    )


def test_paths_escaping_the_repository(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    shutil.copytree(SAMPLE, tmp_path / "elsewhere" / "x")
    for escaping in (f"{repo}/../elsewhere/x", f"{repo}/data/x/../../../elsewhere/x", f"{repo}/../nowhere"):
        result = run_cli("diff", f"{escaping}@HEAD", str(repo / "data" / "x"))
        assert result.status == 1
        assert result.err.splitlines()[0] == (
            f"{escaping}@HEAD: “{escaping}”不在 git 仓库中，无法读取修订版本 HEAD；请给出仓库里的材料目录，"
            "或去掉“@HEAD”直接比较目录"
        )


def test_hostile_repository_runs_nothing(repo: Path, tmp_path: Path) -> None:
    """Settings that make git run programs (fsmonitor, textconv, pager, hooks) are not obeyed, and
    symbolic links in the tree are not followed."""
    marker = tmp_path / "ran"
    script = tmp_path / "trap.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\n', encoding="utf-8")
    script.chmod(0o755)
    for key, value in (
        ("core.fsmonitor", str(script)),
        ("core.pager", str(script)),
        ("pager.show", str(script)),
        ("diff.trap.textconv", str(script)),
        ("core.hooksPath", str(tmp_path)),
        ("gpg.program", str(script)),
        ("log.showSignature", "true"),
    ):
        git(repo, "config", key, value)
    (repo / ".gitattributes").write_text("*.yaml diff=trap\n", encoding="utf-8")
    outside = tmp_path / "secret.yaml"
    outside.write_text(area("外部文件"), encoding="utf-8")
    (repo / "data" / "x" / "areas" / "99-link.yaml").symlink_to(outside)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    git(repo, "status")  # the trap is armed: plain git runs the fsmonitor program
    assert marker.exists()
    marker.unlink()
    result = run_cli("diff", f"{repo}/data/x@HEAD~1", f"{repo}/data/x@HEAD", "--json")
    assert result.status == 0, result.err
    assert json.loads(result.out)["changed"] is False  # the linked area is not read
    assert not marker.exists()


def test_files_too_large_or_too_many_are_refused_before_reading(repo: Path) -> None:
    folder = repo / "data" / "x"
    (folder / "areas" / "big.yaml").write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "big")
    result = run_cli("diff", f"{folder}@HEAD", f"{folder}@HEAD~1")
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{folder}@HEAD/areas/big.yaml: {render_message('load.too-large', {}, 'zh')}",
        "共 1 个问题，未生成任何文件。",
    ]


def test_too_many_area_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.diff.sides as sides

    monkeypatch.setattr(sides, "MAX_AREA_FILES", 3)
    root = tmp_path / "repo"
    names = {f"{n:02d}.yaml": area(f"领域{n}") for n in range(1, 5)}
    small_packet(root / "p", names)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "four areas")
    result = run_cli("diff", f"{root}/p@HEAD", f"{root}/p", "--lang", "en")
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{root}/p@HEAD: '{root}/p' at revision HEAD is too large (more than 3 area files, or over 64 MB in all);"
        " check that this is the right folder"
    )


def test_invalid_packet_at_a_revision_is_located_there(repo: Path) -> None:
    folder = repo / "data" / "x"
    text = (folder / "packet.yaml").read_text(encoding="utf-8")
    (folder / "packet.yaml").write_text(text.replace("year: 2023", "year: 二〇二三"), encoding="utf-8")
    git(repo, "commit", "-qam", "bad year")
    result = run_cli("diff", f"{folder}@HEAD", f"{folder}@HEAD~1")
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{folder}@HEAD/packet.yaml:10:7: year: 工作年度“二〇二三”不是有效年份；应写四位年份，如 2023"
    )


def test_crafted_tree_entries(tmp_path: Path) -> None:
    """Names git stores but no checkout could make: '..' is never written, a name longer than any file
    system takes is a located message, not a crash."""
    root = tmp_path / "repo"
    small_packet(root / "p", {"01.yaml": area("领域")})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "packet")

    def commit_with(name: str) -> str:
        blob = git(root, "rev-parse", "HEAD:p/areas/01.yaml").strip()
        packet = git(root, "rev-parse", "HEAD:p/packet.yaml").strip()
        areas = subprocess.run(
            ["git", "-C", str(root), "mktree"],
            input=f"100644 blob {blob}\t01.yaml\n100644 blob {blob}\t{name}\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        folder = subprocess.run(
            ["git", "-C", str(root), "mktree"],
            input=f"100644 blob {packet}\tpacket.yaml\n040000 tree {areas}\tareas\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        top = subprocess.run(
            ["git", "-C", str(root), "mktree"],
            input=f"040000 tree {folder}\tp\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return git(root, "commit-tree", top, "-m", name[:10]).strip()

    dots = commit_with("..")
    result = run_cli("diff", f"{root}/p@{dots}", f"{root}/p", "--json")
    assert result.status == 0, result.err
    assert json.loads(result.out)["changed"] is False
    long = commit_with("长" * 100 + ".yaml")
    result = run_cli("diff", f"{root}/p@{long}", f"{root}/p")
    assert result.status == 1
    [message, total] = result.err.splitlines()
    assert total == "共 1 个问题，未生成任何文件。"
    assert message.startswith(f"{root}/p@{long}: git 读取修订版本 {long} 失败：areas/长长")
    assert message.endswith("File name too long")


def test_git_missing_or_hanging_is_a_located_message(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.diff.sides as sides

    folder = repo / "data" / "x"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run_cli("diff", f"{folder}@HEAD", str(folder), "--lang", "en")
    assert result.status == 1
    assert result.err.splitlines()[0].startswith(f"{folder}@HEAD: git was not found (")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setattr(sides, "GIT_TIMEOUT", 0.5)
    start = time.perf_counter()
    result = run_cli("diff", f"{folder}@HEAD", str(folder))
    assert time.perf_counter() - start < 10
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        f"{folder}@HEAD: git 在 0.5 秒内没有读完修订版本 HEAD；请检查仓库是否完好（git fsck），或改为比较两个目录"
    )
