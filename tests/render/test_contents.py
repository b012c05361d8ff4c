"""The contents: each entry points at its heading's page, and its number follows it in reading order."""

from __future__ import annotations

import re

import pytest

from .helpers import squash


def test_contents_entries_point_at_the_pages_of_their_headings(sample):
    packet, pdf = sample
    pages = pdf.page_of_number()
    contents_page = next(i for i in range(len(pdf.pages)) if "目" in pdf.text(i) and "录" in pdf.text(i))
    entries = []
    for line in pdf.line_texts(contents_page)[1:]:
        match = re.match(r"^(.*?)(\d+)$", line)
        assert match, line
        entries.append((match[1], int(match[2])))
    assert len(entries) == len(packet.areas) + 1
    for (title, _), area in zip(entries, packet.areas, strict=False):
        assert squash(area.title) in squash(title)
    for title, number in entries:
        heading_page = pages[number]
        first_lines = [squash(t) for t in pdf.line_texts(heading_page)]
        assert any(line.startswith(squash(title)[:10]) for line in first_lines), (title, number)


def test_contents_numbers_follow_their_entries_in_reading_order(sample):
    """Copying the contents out (or a screen reader) gives each entry followed by its page number, in the
    order the content stream draws them, and the page carries no form XObjects for the numbers."""
    _, pdf = sample
    contents_page = next(i for i in range(len(pdf.pages)) if "目" in pdf.text(i) and "录" in pdf.text(i))
    page = pdf.reader.pages[contents_page]
    streamed = page.extract_text(extraction_mode="plain")
    lines = [line for line in streamed.splitlines() if line.strip()][1:]
    assert len(lines) >= 9 and all(re.search(r"\S \d+$", line) for line in lines), lines
    assert not (page["/Resources"].get("/XObject") or {}), "page numbers are drawn inline, not as forms"
    assert b"%briefing-contents-number" not in page.get_contents().get_data(), "every mark was filled"


def _entries(count: int, title: str = "第一章") -> list[tuple[str, str, int]]:
    return [(f"k{number}", f"{title}{number}", number % 3) for number in range(count)]


def _contents(sample_plan, entries, frame_height=None):
    from briefing.errors import Source
    from briefing.model.plan import Origin
    from briefing.render.contents import Contents
    from briefing.render.fonts.registry import FontRegistry
    from briefing.render.setter import Setter
    from briefing.render.state import RenderState

    layout = sample_plan.layout
    style = layout.styles["body"]
    setter = Setter(FontRegistry(layout.fonts), layout.typography)
    origin = Origin(Source("layout.yaml"), "contents")
    return Contents(entries, style, setter, RenderState(), origin, style.size * 2.5, frame_height)


def test_contents_split_between_entries_and_keep_every_entry(sample_plan):
    contents = _contents(sample_plan, _entries(30))
    _, height = contents.wrap(400, 10_000)
    head, tail = contents.split(400, height / 2)
    assert head.wrap(400, 10_000)[1] + tail.wrap(400, 10_000)[1] == pytest.approx(height)
    assert [key for key, *_ in head._laid + tail._laid] == [key for key, *_ in _entries(30)]


def test_an_entry_taller_than_a_page_is_cut_between_lines_only_at_a_page_top(sample_plan):
    long_title = "很长的标题" * 200
    room = 100.0
    contents = _contents(sample_plan, [("k", long_title, 0)], frame_height=room)
    contents.wrap(400, room)
    head, tail = contents.split(400, room)
    (_, lines, _, numbered), *_ = head._laid
    assert not numbered and tail._laid[0][3], "the number goes with the entry's last part"
    assert len(lines) * contents.leading <= room
    lower = _contents(sample_plan, [("k", long_title, 0)], frame_height=room)
    lower.wrap(400, room / 2)
    assert lower.split(400, room / 2) == [], "not at a page top: it moves on whole"


def test_an_entry_level_never_indents_past_half_the_width(sample_plan):
    contents = _contents(sample_plan, [])
    assert contents._indent(-1, 400) == 0
    assert contents._indent(1_000, 400) == 200


def test_the_number_mark_names_its_heading():
    from briefing.render.contents import contents_mark

    assert contents_mark("area-3") == "%briefing-contents-number area-3"
