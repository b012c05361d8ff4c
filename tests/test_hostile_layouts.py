"""Layouts from elsewhere that the renderer must survive: bookmark levels out of order, and pages without end."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from packets import LAYOUTS, SAMPLE
from pdfcheck import MM, Pdf

from briefing.render import pager


def layout_copy(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    folder = tmp_path / "layout"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    path = folder / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("h1", "h2"), [(1, 3), (2, 2), (30, 31)])
def test_bookmark_levels_that_skip_levels_still_build(
    tmp_path: Path, cli: Callable[..., Run], h1: int, h2: int
) -> None:
    """A layout's `outline:` levels that do not start at 0 or skip one were an internal error (ReportLab:
    "can't jump from outline level -1 to level 1"); a bookmark now goes under the nearest earlier one of a
    lower level. And a level past reason indented the contents entry off the page."""
    layout = layout_copy(
        tmp_path,
        lambda text: text.replace(
            "keep_with_next: true, outline: 0,", f"keep_with_next: true, outline: {h1},"
        ).replace("keep_with_next: true, outline: 1}", f"keep_with_next: true, outline: {h2}}}"),
    )
    output = tmp_path / "out.pdf"
    run = cli("build", str(SAMPLE), "-o", str(output), "--layout", str(layout))
    assert run.status == 0, run.err
    pdf = Pdf(output.read_bytes())
    contents = next(index for index in range(4) if "目　　录" in pdf.text(index))
    width = pdf.sizes[contents][0]
    chars = pdf.pages[contents]
    assert 20 * MM < min(c.x0 for c in chars) < max(c.x1 for c in chars) < width - 20 * MM, (
        "inside the text area"
    )
    outline = pdf.outline()
    titles = [title for _, title, _ in outline]
    assert "一、着力扩大内需，推动经济合理增长" in titles and "（一）2022年工作成效" in titles
    levels = [level for level, _, _ in outline]
    assert levels[0] == 0
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert max(levels) == (1 if h2 > h1 else 0), "the sections' headings hang under the areas'"


def test_a_packet_running_past_the_page_limit_is_stopped_with_a_located_message(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Column widths a hair wide set one character a line: a 2 MB cell made 57,000 pages (0.6 GB, ten
    minutes). Past the limit (10,000 pages; 20 here, so that the sample's 42 pages reach it) the build stops
    and names the text it was setting."""
    monkeypatch.setattr(pager, "MAX_PAGES", 20)
    output = tmp_path / "out.pdf"
    run = cli("build", str(SAMPLE), "-o", str(output))
    assert run.status == 1
    first, summary = run.err.splitlines()
    assert re.match(
        r"areas/\S+\.yaml:\d+:\d+: \S+: 排到第 20 页这部分仍未排完，超过一份材料的页数上限；", first
    ), first
    assert summary == "共 1 个问题，未生成任何文件。"
    assert not output.exists()
    english = cli("--lang", "en", "build", str(SAMPLE), "-o", str(output))
    assert "this text is still running on at page 20, the most a packet may have" in english.err
