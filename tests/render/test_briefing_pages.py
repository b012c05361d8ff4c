"""The `briefing` layout as a reader sees it: a composed cover, key-figure labels on one line, and a
growth chart with a scale whose bars say only their numbers (the title says 增长 and %)."""

from __future__ import annotations

import io
import itertools

import pytest
from packets import ROOT, SAMPLE
from pdfcheck import MM, Char, Pdf

from briefing.compose.figures import chart_value, growth_targets, key_figures
from briefing.model.quantities import parse_figure
from briefing.pipeline import build_pdf
from briefing.read.recipients import load_recipients
from briefing.render.copies import CopyMarks, stamp_copies
from briefing.render.figures import scale, tick_text

from .helpers import squash

FRAME_CENTRE = (25 + 165 / 2) * MM  # an odd page: inner margin 25 mm on the left, 版心 165 mm wide


def _text(row: list[Char]) -> str:
    return "".join(c.text for c in row)


def _row(pdf: Pdf, page: int, text: str) -> list[Char]:
    return next(row for row in pdf.lines(page) if squash(_text(row)) == squash(text))


def _centre(row: list[Char]) -> float:
    return (row[0].x0 + row[-1].x1) / 2


def test_the_cover_centres_a_title_block_high_on_the_page_and_the_issuer_at_its_foot(sample_briefing):
    packet, pdf = sample_briefing
    height = pdf.sizes[0][1]
    title = _row(pdf, 0, packet.title)
    meeting = _row(pdf, 0, packet.meeting)
    date = _row(pdf, 0, "2022年12月19日")
    issuer = _row(pdf, 0, packet.issuer)
    for row in (title, meeting, date, issuer):
        assert _centre(row) == pytest.approx(FRAME_CENTRE, abs=0.5), _text(row)  # was flush left
    # Title first, then the meeting and its date under it (the meeting stood above the title).
    assert title[0].bottom < meeting[0].top < meeting[0].bottom < date[0].top
    assert title[0].size > 2 * meeting[0].size - 6
    # The block's middle sits above the page's middle, near two fifths down; the issuer at the foot.
    middle = (title[0].top + date[0].bottom) / 2 / height
    assert 0.33 < middle < 0.45, middle
    assert issuer[0].top / height > 0.85
    # A rule under the title divides the block.
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        rules = [line for line in document.pages[0].lines if title[0].bottom < line["top"] < meeting[0].top]
    assert len(rules) == 1


def test_on_a_numbered_copy_the_copy_number_has_the_cover_s_first_line_to_itself(tmp_path):
    recipients = load_recipients(ROOT / "data" / "recipients-example.yaml")
    _, rendered = build_pdf(SAMPLE, "briefing", recipients=recipients)
    from briefing.errors import Source
    from briefing.layouts.build import load_layout

    layout = load_layout("briefing", SAMPLE, (Source("--layout"), "")).layout
    copy = Pdf(next(stamp_copies(rendered.pdf, layout, [CopyMarks("000001", "王明 000001")])))
    number = next(row for row in copy.lines(0) if "000001" in _text(row))
    mark = next(row for row in copy.lines(0) if "内部资料" in _text(row))
    assert _text(number) == "000001", "the 份号 is printed over the mark"
    assert number[0].bottom < mark[0].top


def _area_pages(pdf: Pdf, packet) -> list[tuple[object, int]]:  # type: ignore[no-untyped-def]
    found = []
    for area in packet.areas:
        heading = squash(area.title)
        page = next(
            i for i in range(1, len(pdf.pages)) if any(squash(t).endswith(heading) for t in pdf.line_texts(i))
        )
        found.append((area, page))
    return found


def test_key_figure_labels_are_never_broken(sample_briefing):
    packet, pdf = sample_briefing
    checked = 0
    for area, page in _area_pages(pdf, packet):
        strip = key_figures(area)
        if strip is None:
            continue
        lines = [squash(t) for t in pdf.line_texts(page)]
        for _, label in strip.items:
            # On one line (with the other labels beside it): "实施5000万元以上重点 / 项目" was broken.
            assert any(squash(label.text) in line for line in lines), label.text
            checked += 1
    assert checked >= 10


def test_the_chart_has_a_scale_and_its_bars_do_not_repeat_what_the_title_says(sample_briefing):
    packet, pdf = sample_briefing
    charts = 0
    for area in packet.areas:
        growth = growth_targets(area)
        if len(growth) < 2:
            continue
        caption_text = squash(f"{area.title}：2023年增长目标（%）")
        page, caption = next(
            (index, number)
            for index in range(len(pdf.pages))
            for number, row in enumerate(pdf.lines(index))
            if squash(_text(row)) == caption_text
        )
        rows = pdf.lines(page)
        bars = rows[caption + 1 : caption + 1 + len(growth)]
        for row, (name, figure) in zip(bars, growth, strict=True):
            assert squash(_text(row)) == squash(name + figure.amount_text), _text(row)  # was 增长7%
        # Under the bars, a scale from 0 in even round steps, as far as the longest bar reaches.
        ticks = rows[caption + 1 + len(growth)]
        numbers = [c for c in ticks if c.text.isdigit() or c.text == "."]
        assert _text(ticks).startswith("0")
        groups: list[list[Char]] = []
        for char in numbers:
            if groups and char.x0 - groups[-1][-1].x1 < 1:
                groups[-1].append(char)
            else:
                groups.append([char])
        values = [float(_text(group)) for group in groups]
        steps = {round(b - a, 6) for a, b in itertools.pairwise(values)}
        assert values[0] == 0 and len(steps) == 1 and values[-1] >= max(float(f.amount) for _, f in growth)
        centres = [_centre(group) for group in groups]
        gaps = [b - a for a, b in itertools.pairwise(centres)]
        assert max(gaps) - min(gaps) < 0.5, "the numbers stand at even distances"
        charts += 1
    assert charts >= 2


@pytest.mark.parametrize(
    ("largest", "expected"),
    [
        (15.4, (5.0, 20.0)),
        (8, (2.0, 8.0)),
        (9, (2.0, 10.0)),
        (0.3, (0.1, 0.3)),
        (120, (25.0, 125.0)),
        (0, (1.0, 1.0)),
    ],
)
def test_the_scale_takes_round_steps(largest, expected):
    step, top = scale(largest)
    assert (step, top) == pytest.approx(expected)
    assert top / step <= 5 + 1e-9


def test_hostile_values_give_a_usable_scale():
    for value in (float("inf"), float("nan"), -5.0, 1e300, 1e-300):
        step, top = scale(value)
        assert step > 0 and top >= step and top / step <= 5 + 1e-9
    assert tick_text(2.5) == "2.5" and tick_text(20.0) == "20" and tick_text(0.0) == "0"


@pytest.mark.parametrize(
    ("written", "title", "shown"),
    [
        ("增长7%", "2023年增长目标（%）", "7"),
        ("增长8%左右", "2023年增长目标（%）", "8左右"),
        ("力争增长6%以上", "2023年增长目标（%）", "力争6以上"),
        ("提高5%", "2023年增长目标（%）", "5"),
        ("增长7%", "2023年增长目标", "7%"),
        ("增长7%", "2023年主要目标（%）", "增长7"),
        ("增长7%", "主要目标", "增长7%"),
    ],
)
def test_a_bar_says_only_what_its_title_does_not(written, title, shown):
    assert chart_value(parse_figure(written), title) == shown
