"""The page numbers' ink is measured once a style, not read from the glyph outlines on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from packets import copy_sample

import briefing.render.marks
from briefing.pipeline import build


def test_the_page_numbers_ink_is_measured_once_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a 一字线 (— 1 —) only the dash's ink counts, which is the same on every page: the sample's 39
    pages read its outline once. The numbers still sit where a measurement per page put them (the
    dash's position: test_page_number_dash)."""
    measured: list[str] = []
    ink_middle = briefing.render.marks.ink_middle
    monkeypatch.setattr(
        briefing.render.marks,
        "ink_middle",
        lambda fonts, text, family, size: measured.append(text) or ink_middle(fonts, text, family, size),
    )
    result = build(copy_sample(tmp_path), tmp_path / "x.pdf")
    assert result.pages == 38
    assert len(measured) == 1 and "\u2014" in measured[0], measured
