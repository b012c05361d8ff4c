"""briefing watch as a user runs it: a real process on a real folder, saved into, then stopped with Ctrl-C
or SIGTERM, started as a shell starts a background job (SIGINT inherited ignored).

Each step waits for the line the program prints (with a generous limit for a loaded machine), never for
a fixed time; a save the watch could not yet see is simply made again until the update line comes.
"""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from conftest import REPO, run_cli
from guards import hang_guard
from packets import copy_sample

from briefing.cli import main

AREA = "areas/03-营商环境.yaml"
LIMIT = 120.0  # seconds for any one line: far above a build, so only a hang reaches it


class Lines:
    """The lines a stream gives, read in a thread, so that a test can wait for one with a limit."""

    def __init__(self, stream: IO[str]) -> None:
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def until(self, start: str, nudge: object = None) -> str:
        """The first line that starts with `start`; `nudge()` is called while waiting (a save again)."""
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=1.0)
            except queue.Empty:
                if callable(nudge):
                    nudge()
                continue
            if line is None:
                break
            self.seen.append(line)
            if line.startswith(start):
                return line
        raise AssertionError(f"no line starting {start!r}; saw {self.seen}")


def _as_a_background_job() -> None:
    """What a shell does for `briefing watch … &` (without job control): SIGINT ignored, and inherited so."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start(packet: Path, output: Path) -> tuple[subprocess.Popen[str], Lines]:
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "BRIEFING_LANG": "zh"}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing.cli", "watch", str(packet), "-o", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=REPO,
        preexec_fn=_as_a_background_job,
    )
    assert process.stdout is not None
    return process, Lines(process.stdout)


def _saver(area: Path) -> Callable[[], None]:
    """Saves of `area`, each with a different title, so that every save is a change."""
    good = area.read_text(encoding="utf-8")
    versions = iter(range(1, 1000))

    def save_edit() -> None:
        area.write_text(
            good.replace("title: 着力深化改革", f"title: 着力深化改革{next(versions)}", 1), encoding="utf-8"
        )

    return save_edit


def _leftovers(*folders: Path) -> list[str]:
    """Temporary files a write left behind (files/atomic.py names them `.NAME.briefing-….part`)."""
    return [path.name for folder in folders for path in folder.rglob("*.part")]


def test_watch_rebuilds_on_a_save_and_stops_on_ctrl_c_as_a_background_job(tmp_path: Path) -> None:
    packet = copy_sample(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    output = out / "x.pdf"
    process, stdout = _start(packet, output)
    try:
        assert stdout.until("已更新").startswith(f"已更新 {output}（38 页，")
        assert stdout.until("正在监视") == (
            f"正在监视 {packet}：材料、版式或字体一保存就重新生成 {output}；按 Ctrl-C 停止"
        )
        first = output.read_bytes()
        save_edit = _saver(packet / AREA)
        save_edit()
        line = stdout.until("已更新", nudge=save_edit)
        assert line.startswith(f"已更新 {output}（38 页，") and line.endswith(" 秒）")
        assert output.read_bytes() != first
        process.send_signal(signal.SIGINT)  # Ctrl-C, which the job inherited ignored
        with hang_guard(60, "watch stopping on Ctrl-C"):
            assert stdout.until("已停止监视") == "已停止监视"
            assert process.wait() == 0
    finally:
        process.kill()
        process.wait()
    assert _leftovers(out, packet) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_watch_stopped_while_it_rebuilds_exits_cleanly(tmp_path: Path, signum: int) -> None:
    """The signal lands just after a save, most often inside the rebuild it started: same end, the PDF
    whole (the last one written) and no temporary file left."""
    packet = copy_sample(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    output = out / "x.pdf"
    process, stdout = _start(packet, output)
    try:
        stdout.until("正在监视")
        _saver(packet / AREA)()
        time.sleep(0.3)  # past the batching of saves (50 ms steps): the rebuild is under way or done
        process.send_signal(signum)
        with hang_guard(60, f"watch stopping on signal {signum}"):
            assert process.wait() == 0
            assert stdout.until("已停止监视") == "已停止监视"
    finally:
        process.kill()
        process.wait()
    assert _leftovers(out, packet) == []
    assert output.read_bytes().startswith(b"%PDF-") and output.read_bytes().rstrip().endswith(b"%%EOF")


def test_watch_in_process_stops_on_ctrl_c_and_puts_the_handler_back(tmp_path: Path) -> None:
    """Ctrl-C in the same process (SIGINT sent to it while it waits for saves), with SIGINT ignored
    before, as a background job has it: watch stops with status 0 and leaves SIGINT ignored again."""
    packet = copy_sample(tmp_path)
    output = tmp_path / "x.pdf"
    out, err = io.StringIO(), io.StringIO()

    def interrupt_once_watching() -> None:
        deadline = time.monotonic() + LIMIT
        while "正在监视" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        threading.Thread(target=interrupt_once_watching, daemon=True).start()
        with hang_guard(int(LIMIT), "watch stopping on Ctrl-C in process"):
            status = main(["watch", str(packet), "-o", str(output), "--lang", "zh"], stdout=out, stderr=err)
            # watchfiles turns whatever a signal handler raises into KeyboardInterrupt, the guard's alarm
            # included: the time left on it says that Ctrl-C, not the guard, stopped the watch.
            assert signal.alarm(0) > 0, "watch did not stop on Ctrl-C; the hang guard stopped it"
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
    assert status == 0, err.getvalue()
    assert out.getvalue().splitlines()[-1] == "已停止监视" and err.getvalue() == ""
    assert output.is_file() and _leftovers(tmp_path) == []


def test_watch_takes_a_pdf_output_that_is_no_input(tmp_path: Path) -> None:
    packet = copy_sample(tmp_path)
    run = run_cli("watch", str(packet), "-o", str(tmp_path / "x.docx"))
    assert run.status == 2
    assert run.err.splitlines()[0] == (
        f"briefing: 用法错误：watch 生成 PDF：-o 应为 .pdf 文件（给的是“{tmp_path / 'x.docx'}”）；"
        "Word 文档请用 briefing build -o 文件.docx"
    )
    (packet / "areas" / "x.pdf").symlink_to(packet / AREA)
    run = run_cli("watch", str(packet), "-o", str(packet / "areas" / "x.pdf"))
    assert run.status == 2 and "工作领域文件" in run.err and (packet / AREA).is_file()


@pytest.mark.parametrize("areas", ["交通", ""])
def test_watch_with_areas_that_name_none_stops_at_once(tmp_path: Path, areas: str) -> None:
    packet = copy_sample(tmp_path)
    run = run_cli("watch", str(packet), "-o", str(tmp_path / "x.pdf"), "--areas", areas)
    assert run.status == 2 and run.out == "" and not (tmp_path / "x.pdf").exists()
