"""Layouts from elsewhere that the renderer must survive: contents levels past reason, pages without end."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from packets import LAYOUTS, SAMPLE
from pdfcheck import Pdf

from briefing.render import pager

AREA_TITLES = (
    "一、着力扩大内需，推动经济合理增长",
    "四、着力产业振兴，引领乡村全面振兴",
    "八、加强政府自身建设",
)


def layout_copy(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    folder = tmp_path / "layout"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    path = folder / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    return folder


def test_contents_entries_stay_on_the_page_whatever_the_outline_levels(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """A contents entry is indented two characters a level; levels a layout sets high (or that grow from
    heading to heading) pushed entries past the right edge: they went missing, a character a line. The
    indent now stops at half the line."""
    layout = layout_copy(
        tmp_path,
        lambda text: text.replace(
            "keep_with_next: true, outline: 0,", "keep_with_next: true, outline: 30,"
        ).replace("keep_with_next: true, outline: 1}", "keep_with_next: true, outline: 31}"),
    )
    output = tmp_path / "out.pdf"
    run = cli("build", str(SAMPLE), "-o", str(output), "--layout", str(layout))
    assert run.status == 0, run.err
    pdf = Pdf(output.read_bytes())
    contents = "".join(pdf.text(index).replace("\n", "") for index in range(1, 4))
    for title in AREA_TITLES:
        assert title in contents, title
    width = pdf.sizes[1][0]
    assert max(char.x1 for char in pdf.pages[1]) < width - 20 * 72 / 25.4


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
