"""What the cache tests share (files/test_cache.py, render/fonts/test_cache.py): a cache base of the test's
own, ReportLab's process-wide font tables emptied as in a new process, a small packet, builds, entries.

A plugin of tests/conftest.py, so its fixtures are found without importing them; a module that needs fresh
font tables for every test says `pytestmark = pytest.mark.usefixtures("fresh_process_fonts")`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run, run_cli
from packets import area_yaml, write_packet
from reportlab.pdfbase import pdfmetrics


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache base of this test's own, with the usual umask (so 0700 is the code's doing)."""
    base = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE", str(base))
    previous = os.umask(0o022)
    yield base
    os.umask(previous)


@pytest.fixture
def fresh_process_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """ReportLab keeps registered faces for the life of the process, and a face registered once is never
    looked up in the cache again: each build here starts from empty tables, as a new process would."""
    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    return write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="缓存测试。")})


def build(root: Path, tmp_path: Path, *extra: str) -> Run:
    pdfmetrics._fonts.clear()
    pdfmetrics._dynFaceNames.clear()
    return run_cli("build", str(root), "-o", str(tmp_path / "out.pdf"), *extra)


def entries(cache: Path) -> dict[str, list[Path]]:
    folder = cache / "briefing"
    return {
        kind: sorted(p for p in (folder / kind).iterdir() if p.is_file()) for kind in ("fonts", "templates")
    }
