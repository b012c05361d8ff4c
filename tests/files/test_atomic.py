"""Atomic writes (briefing/files/atomic.py): modes kept, temporary files never left, abandoned ones
removed, and outputs that cannot be written named; the cache's entries are written the same way."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Run, run_cli

from briefing.errors import DeliveryError
from briefing.files.atomic import remove_abandoned, replace_file, write_atomic

RECIPIENTS = REPO / "data" / "recipients-example.yaml"
SUMMARY_ZH = "未生成任何文件"


def _located(run: Run, *lines: str) -> None:
    assert run.status == 1, run.err
    assert "内部错误" not in run.err and "Traceback" not in run.err
    reported = run.err.splitlines()
    assert SUMMARY_ZH in reported[-1]
    for line in lines:
        assert any(found.startswith(line) for found in reported), f"{line!r} not in\n{run.err}"
    assert len(reported) == len(lines) + 1, run.err


# modes: the umask for new files, the old mode for files written over ------------------------------------
@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o077, 0o600), (0o002, 0o664), (0o027, 0o640)])
def test_a_new_pdf_gets_the_mode_the_umask_allows(
    starter: Path, tmp_path: Path, mask: int, mode: int
) -> None:
    with umask(mask):
        run = run_cli("build", str(starter), "-o", str(tmp_path / "new.pdf"))
    assert run.status == 0, run.err
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_a_pdf_written_over_keeps_its_mode(starter: Path, tmp_path: Path, mode: int) -> None:
    old = tmp_path / "old.pdf"
    old.write_bytes(b"old")
    old.chmod(mode)
    with umask(0o022):
        run = run_cli("build", str(starter), "-o", str(old))
    assert run.status == 0, run.err
    assert old.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(old.stat().st_mode) == mode


def test_copies_messages_and_manifest_follow_the_umask(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in [v for v in os.environ if v.startswith("BRIEFING_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "000001-王明.pdf").write_bytes(b"old")
    (copies / "000001-王明.pdf").chmod(0o640)
    with umask(0o077):
        built = run_cli("build", str(starter), "--recipients", str(RECIPIENTS), "-o", str(copies))
        sent = run_cli(
            "send", str(starter), "--recipients", str(RECIPIENTS), "--out", str(tmp_path / "sent"),
            "--config", str(config), "--dry-run",
        )  # fmt: skip
    assert built.status == 0 and sent.status == 0, built.err + sent.err
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in copies.iterdir()}
    assert modes.pop("000001-王明.pdf") == 0o640, "written over: keeps its mode"
    assert set(modes.values()) == {0o600} and len(modes) == 4
    written = [path for path in (tmp_path / "sent").iterdir() if not path.name.startswith(".")]
    assert {path.suffix for path in written} == {".pdf", ".eml", ".json"}
    assert {stat.S_IMODE(path.stat().st_mode) for path in written} == {0o600}


# interrupted writes leave no temporary file; abandoned ones are removed next time --------------------------
# A child `briefing` whose disk is slow: fsync waits, so the signal lands while the PDF is being written.
SLOW_DISK = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal, even if started in background
real = os.fsync
def slow(fd):
    time.sleep(60)
    real(fd)
os.fsync = slow
sys.argv = ["briefing", *sys.argv[1:]]
from briefing.cli import run
run()
"""


def temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".part"))


def _start_slow_build(packet: Path, output: Path) -> subprocess.Popen[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BRIEFING_LANG"}
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK, "build", str(packet), "-o", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    deadline = time.monotonic() + 60
    while not temporaries(output.parent):
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.05)
    return child


@pytest.mark.parametrize(
    ("signum", "status", "said"), [(signal.SIGTERM, 143, "已终止"), (signal.SIGINT, 130, "已中断")]
)
def test_a_signal_during_the_write_removes_the_temporary_file(
    starter: Path, tmp_path: Path, signum: int, status: int, said: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "packet.pdf").write_bytes(b"the old PDF")
    child = _start_slow_build(starter, out / "packet.pdf")
    [temporary] = temporaries(out)
    assert temporary.startswith(".packet.pdf.briefing-")
    child.send_signal(signum)
    stdout, stderr = child.communicate(timeout=300)  # a hang guard; a loaded machine is slow
    assert child.returncode == status, stderr
    assert said in stderr and "Traceback" not in stderr and stdout == ""
    assert temporaries(out) == [] and sorted(p.name for p in out.iterdir()) == ["packet.pdf"]
    assert (out / "packet.pdf").read_bytes() == b"the old PDF"


def test_a_temporary_file_left_by_sigkill_is_removed_by_the_next_run(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    child = _start_slow_build(starter, out / "packet.pdf")
    child.kill()
    child.communicate(timeout=300)  # a hang guard; a loaded machine is slow
    [left] = temporaries(out)
    run = run_cli("build", str(starter), "-o", str(out / "other.pdf"))
    assert run.status == 0, run.err
    assert temporaries(out) == [] and left not in os.listdir(out)


def test_only_our_own_abandoned_temporary_files_are_removed(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    ours = ".packet.pdf.briefing-0123456789abcdef.part"
    kept = {
        ".packet.pdf.part": b"a user's file",
        "notes.part": b"a user's file",
        ".packet.pdf.briefing-XYZ.part": b"not our pattern",
        ".packet.pdf.briefing-0123456789abcdef.part.bak": b"not our pattern",
        ".locked.briefing-fedcba9876543210.part": b"a write in progress in another process",
    }
    (out / ours).write_bytes(b"%PDF-1.4 half")
    old = time.time() - 3 * 3600
    os.utime(out / ours, (old, old))
    for name, data in kept.items():
        (out / name).write_bytes(data)
    # A link named like ours is not a file of ours: neither it nor what it points to is touched.
    (tmp_path / "precious").write_bytes(b"precious")
    (out / ".link.briefing-00000000000000aa.part").symlink_to(tmp_path / "precious")
    (out / ".dir.briefing-00000000000000bb.part").mkdir()
    with open(out / ".locked.briefing-fedcba9876543210.part", "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = run_cli("build", str(starter), "-o", str(out / "packet.pdf"))
    assert run.status == 0, run.err
    left = set(os.listdir(out))
    assert ours not in left
    assert set(kept) | {".link.briefing-00000000000000aa.part", ".dir.briefing-00000000000000bb.part"} < left
    for name, data in kept.items():
        assert (out / name).read_bytes() == data
    assert (tmp_path / "precious").read_bytes() == b"precious"


def test_remove_abandoned_reports_what_it_removed(tmp_path: Path) -> None:
    (tmp_path / ".a.pdf.briefing-0000000000000001.part").write_bytes(b"x")
    assert remove_abandoned(tmp_path) == [tmp_path / ".a.pdf.briefing-0000000000000001.part"]
    assert remove_abandoned(tmp_path / "no-such-folder") == []


@pytest.mark.parametrize(
    "stop",
    [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()],
    ids=["disk-full", "ctrl-c"],
)
def test_whatever_stops_the_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    def interrupted(fd: int) -> None:
        raise stop

    monkeypatch.setattr(os, "fsync", interrupted)
    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(DeliveryError if isinstance(stop, OSError) else KeyboardInterrupt) as caught:
        write_atomic(tmp_path / "a.pdf", b"new")
    if isinstance(stop, OSError):
        assert "No space left on device" in caught.value.render("zh")  # type: ignore[attr-defined]
    assert os.listdir(tmp_path) == ["a.pdf"] and (tmp_path / "a.pdf").read_bytes() == b"old"


# outputs that cannot be written are located messages ---------------------------------------------------------
def test_an_output_name_over_255_bytes(starter: Path, tmp_path: Path) -> None:
    target = tmp_path / ("b" * 300 + ".pdf")
    run = run_cli("build", str(starter), "-o", str(target))
    _located(run, f"{target}: 文件名过长（304 字节，文件系统最多允许 255 字节）")
    assert os.listdir(tmp_path) == ["packet"]
    run = run_cli("build", str(starter), "-o", str(tmp_path / ("c" * 256) / "x.pdf"))
    _located(run, f"{tmp_path / ('c' * 256) / 'x.pdf'}: 文件名过长（256 字节")


def test_an_output_that_is_a_loop_of_links(starter: Path, tmp_path: Path) -> None:
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    run = run_cli("build", str(starter), "-o", str(tmp_path / "loop.pdf"))
    _located(run, f"{tmp_path / 'loop.pdf'}: 无法写入文件：Too many levels of symbolic links")


def test_an_output_under_a_file_says_so(starter: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    target = tmp_path / "afile" / "x.pdf"
    run = run_cli("build", str(starter), "-o", str(target))
    _located(run, f"{target}: 无法写入：路径中的 {tmp_path / 'afile'} 是文件，不是目录")
    assert "File exists" not in run.err and "Not a directory" not in run.err


# replace_file: the one writer both outputs and cache entries go through ---------------------------------------
def test_replace_file_writes_inside_the_folder_it_was_given_open(tmp_path: Path) -> None:
    """With a folder descriptor, the names are taken in that folder even after its path changed: the cache
    opens its folders once, checked, and never looks them up by path again."""
    (tmp_path / "before").mkdir()
    handle = os.open(tmp_path / "before", os.O_RDONLY | os.O_DIRECTORY)
    try:
        (tmp_path / "before").rename(tmp_path / "after")
        (tmp_path / "before").mkdir()  # what the path names now
        replace_file(
            tmp_path / "before", "entry", (b"head:", b"data"), dir_fd=handle, new_mode=0o600, durable=False
        )
    finally:
        os.close(handle)
    assert (tmp_path / "after" / "entry").read_bytes() == b"head:data"
    assert stat.S_IMODE((tmp_path / "after" / "entry").stat().st_mode) == 0o600
    assert os.listdir(tmp_path / "before") == []


def test_replace_file_keeps_a_mode_it_is_given_and_raises_oserror(tmp_path: Path) -> None:
    with umask(0o022):
        replace_file(tmp_path, "a.pdf", (b"x",), mode=0o640)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640
    with pytest.raises(FileNotFoundError):
        replace_file(tmp_path / "missing", "a.pdf", (b"x",))


def test_remove_abandoned_in_a_folder_given_open(tmp_path: Path) -> None:
    name = ".entry.briefing-0123456789abcdef.part"
    (tmp_path / name).write_bytes(b"half")
    handle = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        assert remove_abandoned(tmp_path, dir_fd=handle) == [tmp_path / name]
    finally:
        os.close(handle)
    assert os.listdir(tmp_path) == []
