"""Heading keys and outline levels: in document order, and never a level skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from conftest import run_cli

from briefing.compose.headings import Headings

from .hostile import REPO, SAMPLE, hostile


def test_keys_run_in_document_order() -> None:
    headings = Headings()
    assert [headings.key("h"), headings.key("t"), headings.key("h")] == ["h1", "t2", "h3"]


def test_a_heading_deeper_than_the_one_before_moves_up_to_one_level_deeper() -> None:
    headings = Headings()
    wanted = [(2, False), (0, False), (2, False), (None, False), (1, False), (None, True), (2, False)]
    assert [headings.level(level, toc) for level, toc in wanted] == [0, 0, 1, None, 1, None, 1]


def test_a_section_may_open_with_a_subheading(tmp_path: Path) -> None:
    """[h2] before the area's [h1] stopped the build with an internal error (an outline level skipped)."""
    section = (REPO / "layouts" / "gbt9704" / "section.j2").read_text(encoding="utf-8")
    layout = hostile(tmp_path, "section.j2", section.replace("[h1]", "[h2]导语\n[h1]", 1))
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 0, run.err
    outline = pypdf.PdfReader(io.BytesIO(out.read_bytes())).outline
    # The contents' own bookmark comes first since issue 13 (point 9: a 目录 bookmark).
    assert outline[0].title == "目录"
    outline = outline[1:]
    assert outline[0].title == "导语"
    assert outline[1].title.startswith("一、")
    assert isinstance(outline[2], list) and outline[2][0].title.startswith("（一）")
