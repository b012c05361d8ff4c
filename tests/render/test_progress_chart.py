"""The progress chart of the briefing layout: counts by status per area as stacked bars, each status with
its mark and its own pattern (grayscale printing keeps both), a Figure with alternative text."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli

from .tagged import squash, structure

REPO = Path(__file__).resolve().parent.parent.parent
PACKET = REPO / "tests" / "data" / "progress-two-areas"  # two areas with progress, every status
TITLE = "各领域推进情况（截至9月底，单位：项）"


def build(tmp_path: Path, layout: str) -> Path:
    out = tmp_path / f"{layout}.pdf"
    run = run_cli("build", str(PACKET), "--layout", layout, "-o", str(out))
    assert run.status == 0, run.err
    return out


@pytest.fixture(scope="module")
def chart_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("chart"), "briefing")


def chart_page(pdf: Path) -> pdfplumber.page.Page:
    document = pdfplumber.open(pdf)
    return next(page for page in document.pages if TITLE in squash(page.extract_text() or ""))


def test_the_chart_prints_its_legend_labels_marks_and_totals(chart_pdf: Path) -> None:
    page = chart_page(chart_pdf)
    lines = [squash(line) for line in (page.extract_text() or "").splitlines()]
    start = lines.index(TITLE)
    assert lines[start + 1] == "●已完成◎序时推进▲滞后○未启动×已终止"
    assert lines[start + 2] == "一、着力扩大内需，推动经济合理增长●1◎1▲1○1×15"
    assert lines[start + 3] == "二、着力保障和改善民生●1◎1▲1○14"


def _segments(page: pdfplumber.page.Page) -> dict[str, tuple[float, float, float, float]]:
    """Each status's segment on the first bar: the outlined rectangle under its mark."""
    words = page.extract_words()
    found = {}
    bar_rects = [r for r in page.rects if r["height"] > 8 and r["width"] > 20]
    for mark in ("●1", "◎1", "▲1", "○1", "×1"):
        word = next(w for w in words if w["text"] == mark)
        middle = ((word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2)
        rect = next(
            r for r in bar_rects if r["x0"] <= middle[0] <= r["x1"] and r["top"] <= middle[1] <= r["bottom"]
        )
        found[mark[0]] = (rect["x0"], rect["top"], rect["x1"], rect["bottom"])
    return found


def _slopes(page: pdfplumber.page.Page, box: tuple[float, float, float, float]) -> set[str]:
    """The directions of the pattern lines drawn inside `box` (their clipping keeps them inside)."""
    x0, top, x1, bottom = box
    found = set()
    for line in page.lines:
        (ax, ay), (bx, by) = line["pts"][0], line["pts"][-1]
        cx, cy = (ax + bx) / 2, (ay + by) / 2
        if not (x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1) or (ax, ay) == (bx, by):
            continue
        if abs(ay - by) < 0.01:
            found.add("—")
        elif abs(ax - bx) > 0.01:
            found.add("/" if (by - ay) * (bx - ax) < 0 else "\\")  # pdfplumber's y grows downwards
    return found


def test_every_status_has_its_own_pattern_as_well_as_its_colour(chart_pdf: Path) -> None:
    page = chart_page(chart_pdf)
    segments = _segments(page)
    patterns = {mark: _slopes(page, box) for mark, box in segments.items()}
    assert patterns == {"●": set(), "◎": {"/"}, "▲": {"/", "\\"}, "○": set(), "×": {"—"}}
    fills = {}
    for mark, box in segments.items():
        rect = next(r for r in page.rects if (r["x0"], r["top"], r["x1"], r["bottom"]) == box)
        fills[mark] = tuple(round(c, 2) for c in rect["non_stroking_color"])
    # 已完成 and 未启动 have no lines: told apart by a solid fill against white (gray levels far apart)
    gray = {mark: sum(color) / len(color) for mark, color in fills.items()}
    assert gray["○"] == 1 and gray["●"] < 0.8
    assert len(set(fills.values())) == 5


def test_the_chart_is_a_figure_with_alternative_text(chart_pdf: Path) -> None:
    document, _, _ = structure(chart_pdf.read_bytes())
    alts = [str(node.obj.Alt) for node in document.walk() if node.tag == "Figure"]
    assert (
        f"{TITLE}：一、着力扩大内需，推动经济合理增长：●已完成1项，◎序时推进1项，▲滞后1项，○未启动1项，"
        "×已终止1项；二、着力保障和改善民生：●已完成1项，◎序时推进1项，▲滞后1项，○未启动1项"
    ) in alts


def test_only_the_briefing_layout_with_two_areas_has_the_chart(tmp_path: Path, chart_pdf: Path) -> None:
    assert chart_page(chart_pdf) is not None
    with pdfplumber.open(build(tmp_path, "gbt9704")) as document:
        assert not any(TITLE[:8] in squash(p.extract_text() or "") for p in document.pages)
    one = tmp_path / "one.pdf"
    fixture = REPO / "tests" / "bad_inputs" / "102-progress-accepted"
    assert run_cli("build", str(fixture), "--layout", "briefing", "-o", str(one)).status == 0
    with pdfplumber.open(one) as document:
        assert not any("各领域推进情况" in squash(p.extract_text() or "") for p in document.pages)
