"""Inputs as long as a file may hold: a huge cell, a long table, a title longer than a page. They are laid out
in memory proportional to a page (peak RSS under 300 MiB for any file under the 2 MB limit), and set
exactly as shorter ones would be."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from packets import ROOT, SAMPLE
from pypdf import PdfReader

from briefing import linebreak
from briefing.linebreak import Style, break_paragraph

BUDGET_MIB = 300
AREA = "01-扩大内需.yaml"
PROSE = (
    "突出投资的关键作用。坚持项目为王理念，把项目作为推动经济运行整体好转、合理增长的“牛鼻子”，"
    "举全区之力谋项目、上项目、推项目。全区计划实施5000万元以上重点项目25个，总投资140亿元。"
)


def grown_sample(tmp_path: Path, old: str, new: str) -> Path:
    packet = tmp_path / "packet"
    shutil.copytree(SAMPLE, packet)
    area = packet / "areas" / AREA
    text = area.read_text(encoding="utf-8")
    assert old in text
    area.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert area.stat().st_size < 2 * 1024 * 1024, "the file must pass the per-file limit"
    return packet


# The child's own peak: VmHWM of its memory after exec. (ru_maxrss from wait4 also counts the parent's
# pages at the fork, and a pytest worker late in the suite holds 0.2 GB.)
_MEASURED = """
import os, sys
from briefing import cli

def report_and_exit(code, exit=os._exit):
    with open("/proc/self/status") as status:
        sys.stderr.write("\\n" + next(line for line in status if line.startswith("VmHWM:")))
    sys.stderr.flush()
    exit(code)

os._exit = report_and_exit  # cli.run() ends the process with os._exit, as the installed command does
sys.argv = ["briefing", *sys.argv[1:]]
cli.run()
"""


def build_process(packet: Path, output: Path, tmp_path: Path, *options: str) -> tuple[int, str, float]:
    """`briefing build` in a process of its own, as a user runs it: exit status, standard error, and its
    peak RSS in MiB."""
    env = {**os.environ, "BRIEFING_CACHE": str(tmp_path / "cache"), "BRIEFING_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-c", _MEASURED, "build", str(packet), "-o", str(output), *options]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    err, _, peak = done.stderr.decode("utf-8", errors="replace").rpartition("\nVmHWM:")
    return done.returncode, err, int(peak.split()[0]) / 1024


def page_texts(data: bytes, pages: list[int]) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [reader.pages[page].extract_text() for page in pages]


def test_a_megabyte_table_cell_is_set_over_pages_in_bounded_memory(tmp_path: Path) -> None:
    """A 1 MB status (about 330,000 characters) in one cell: 0.9 GB and quadratic time before."""
    prose = (PROSE * 3300)[:330_000]
    packet = grown_sample(tmp_path, "status: 如期开工建设", f"status: {prose}")
    output = tmp_path / "out.pdf"
    status, err, peak = build_process(packet, output, tmp_path)
    assert status == 0, err
    assert peak < BUDGET_MIB, f"peak RSS {peak:.0f} MiB"
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    pages = len(reader.pages)
    # The status column is sized from its content now: wider than the old 3* share, so fewer pages.
    assert pages > 500, "a third of a million characters in a column a few characters wide"
    middle = reader.pages[pages // 2].extract_text()
    assert "续表" in middle and "坚持项目为王理念" in middle.replace("\n", "")


def test_a_table_of_10000_rows_is_set_a_page_at_a_time(tmp_path: Path) -> None:
    """Every row's text blocks were made and kept before the first page was set, and each page measured
    every row still to come: 0.23 GB for 10,000 rows, quadratic time. Now a page of rows at a time: what
    remains per row is the validated packet and the plan (about 4 KB), so the build stays far below."""
    rows = "".join(f"  - {{name: 第{i}号项目, kind: 新建, status: 完成{i}}}\n" for i in range(10_000))
    packet = grown_sample(tmp_path, "projects:\n", f"projects:\n{rows}")
    output = tmp_path / "out.pdf"
    status, err, peak = build_process(packet, output, tmp_path)
    assert status == 0, err
    # 200 MiB before issue 13: the structure tree (point 9) holds an element per cell until the PDF is
    # saved, about 0.5 KB each, 60,000 cells here.
    assert peak < 260, f"peak RSS {peak:.0f} MiB"
    # The other areas follow the table: read back from the end to its last page.
    for page in reversed(PdfReader(output).pages):
        numbers = [int(n) for n in re.findall(r"第(\d+)号项目", page.extract_text().replace("\n", ""))]
        if numbers:
            assert max(numbers) == 9999
            break
    else:
        raise AssertionError("no row found")


def test_a_title_longer_than_a_page_is_set_over_pages(tmp_path: Path) -> None:
    """The contents entry (and the table captions that repeat the title) could not be split: the build
    failed, blaming the layout's texts.contents_title."""
    title = "着力扩大内需" + (PROSE * 150)[:20_000]
    packet = grown_sample(tmp_path, "title: 着力扩大内需，推动经济合理增长", f"title: {title}")
    output = tmp_path / "out.pdf"
    status, err, _ = build_process(packet, output, tmp_path)
    assert status == 0, err
    texts = [page.extract_text().replace("\n", "") for page in PdfReader(output).pages]
    entry = "一、着力扩大内需突出投资"
    starts = [number for number, text in enumerate(texts) if text.startswith(entry)]
    assert len(starts) == 2, "the contents entry, then the heading, each starting a page"
    contents, heading = starts
    following = next(number for number, text in enumerate(texts) if "附：2023年重点项目汇总" in text)
    assert contents < following < heading, "the entry runs over pages, and the other entries follow it"
    assert texts[heading].endswith("— 1 —"), "the body starts on page 1, after the whole contents"


# --- the breaker: long paragraphs --------------------------------------------------------------------


def _measure(char: str, font: str) -> float:
    """Advances in pt at 16 pt: ideographs and full-width marks an em, others half."""
    return 16.0 if ord(char) > 0x2000 else 8.0


def paragraphs() -> list[str]:
    text = (ROOT / "tests" / "data" / "report.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize(
    "style",
    [
        Style(width=442.2, size=16.0, first_indent=31.6, tracking=-0.21),
        Style(width=150.0, size=16.0, compress_punct=True, cjk_latin_space=True, hang_punct=True),
        Style(width=100.0, size=16.0, align="center", compress_punct=True),
        Style(width=5.0, size=16.0, align="right"),
    ],
)
def test_a_long_paragraph_is_set_exactly_as_a_short_one(
    monkeypatch: pytest.MonkeyPatch, style: Style
) -> None:
    """Past _LONG characters the breaker keeps arrays and makes lines on demand: the same lines result."""
    text = "".join(paragraphs()) + " 2023年GDP增长6.2%，（“十四五”）——OEM A4……"
    spans = [(text[:400], "main"), (text[400:401], "fallback"), (text[401:], "main")]
    short = list(break_paragraph(spans, style, _measure))
    monkeypatch.setattr(linebreak, "_LONG", 64)
    long = break_paragraph(spans, style, _measure)
    assert not isinstance(long, list), "the long path was taken"
    assert len(long) == len(short)
    assert list(long) == short
    assert long[-1] == short[-1] and long[len(short) // 2] == short[len(short) // 2]


def test_a_long_paragraph_in_a_narrow_column_takes_bytes_a_character_not_a_line_object() -> None:
    """100,000 characters a line each (a huge cell in a hostile layout's hair-wide column) took 40 MB of Line
    objects (0.7 GB for 2 MB of text); a long paragraph now keeps a few integers a line and makes the Lines
    as they are drawn."""
    spans = [("x" * 100_000, "main")]
    style = Style(width=1.0, size=16.0)
    tracemalloc.start()
    try:
        lines = break_paragraph(spans, style, _measure)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(lines) == 100_000
    assert lines[54_321].text == "x" and lines[-1].last
    assert peak < 15 * 1024**2, f"{peak / 1024**2:.0f} MiB"
