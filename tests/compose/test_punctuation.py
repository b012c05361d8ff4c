"""compose/punctuation.py: a layout with typography.full_width_punct prints Chinese punctuation full-width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from packets import area_yaml, write_packet
from pdfcheck import Pdf

from briefing.pipeline import build_pdf

from .hostile import REPO, edit

SUMMARY = "落实责任,抓好(分工)落实;上午10:30召开"


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_layout_with_the_option_prints_it_full_width(tmp_path: Path, layout: str) -> None:
    area = area_yaml(
        "甲领域", [{"name": "工程(一期)", "kind": "新建", "status": "开工,建设"}], summary=SUMMARY
    )
    root = write_packet(tmp_path / "p", {"01-a.yaml": area}, layout="mine")
    folder = root / "layouts" / "mine"
    shutil.copytree(REPO / "layouts" / layout, folder)
    edit(folder, "  full_width_punct: false", "  full_width_punct: true")
    packet, rendered = build_pdf(root)
    text = Pdf(rendered.pdf).body_text
    assert "落实责任，抓好（分工）落实；上午10:30召开" in text
    assert "工程（一期）" in text and "开工，建设" in text
    assert [found.code for found in packet.warnings] == ["text.half-width"] * 3  # and validate says so


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_the_shipped_layouts_print_what_was_written(tmp_path: Path, layout: str) -> None:
    """The option is off in the shipped layouts: what is printed is what was written (validate warns)."""
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲领域", summary=SUMMARY)}, layout=layout)
    packet, rendered = build_pdf(root)
    assert SUMMARY in Pdf(rendered.pdf).body_text
    assert [found.code for found in packet.warnings] == ["text.half-width"]
