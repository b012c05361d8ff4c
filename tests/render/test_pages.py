"""The pages: A4, the 版心, page numbers (4号, outside, 一字线 below the 版心) and the document's metadata."""

from __future__ import annotations

from pdfcheck import MM

from .helpers import A4, FRAME_BOTTOM, FRAME_LEFT, FRAME_RIGHT, FRAME_TOP, body_pages

# Full-width marks with their ink in the left half of the em (GB forms); the right half is blank.
INK_LEFT = set("，。、；：！）〕］｝》〉」』】”’")


def test_pages_are_a4(sample):
    _, pdf = sample
    for width, height in pdf.sizes:
        assert abs(width - A4[0]) < 0.5 and abs(height - A4[1]) < 0.5


def test_body_text_lies_inside_the_frame(sample):
    _, pdf = sample
    tolerance = 1 * MM
    pages = body_pages(pdf)
    assert len(pages) > 8
    for index in pages:
        number_row = pdf.page_number(index)[1]
        for char in pdf.pages[index]:
            if char in number_row or not char.text.strip():
                continue
            assert char.x0 >= FRAME_LEFT - tolerance, (index, char)
            # A line-end closing mark may give its blank right half past the frame; its ink stays inside.
            ink_right = (char.x0 + char.x1) / 2 if char.text in INK_LEFT else char.x1
            assert ink_right <= FRAME_RIGHT + tolerance, (index, char)
            assert char.top >= FRAME_TOP - tolerance, (index, char)
            assert char.bottom <= FRAME_BOTTOM + tolerance, (index, char)


def test_page_numbers_alternate_sides_one_character_in(sample):
    _, pdf = sample
    numbers = []
    for index in body_pages(pdf):
        number, row = pdf.page_number(index)
        numbers.append(number)
        assert all(abs(c.size - 14) < 0.01 for c in row), "page numbers are 4号 (14 pt)"
        left, right = min(c.x0 for c in row), max(c.x1 for c in row)
        if number % 2:
            assert abs(right - (FRAME_RIGHT - 14)) < 1.0, (number, right)
        else:
            assert abs(left - (FRAME_LEFT + 14)) < 1.0, (number, left)
        # The dash's height is measured on its ink, not its em box: test_page_number_dash.py.
        assert row[0].text == "—"
    assert numbers == list(range(1, len(numbers) + 1))
    assert {n % 2 for n in numbers} == {0, 1}


def test_document_metadata(sample):
    packet, pdf = sample
    info = pdf.reader.metadata
    assert info.title == packet.title
    assert info.author == packet.issuer
    assert info.subject == packet.meeting
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "zh-CN"


def test_empty_transitions_and_rotations_are_not_written(sample):
    _, pdf = sample
    assert b"/Trans" not in pdf.data and b"/Rotate 0" not in pdf.data


def test_numbering_starts_on_the_page_of_the_first_contents_heading(sample):
    """The cover and contents carry no number and are labelled i, ii; the body counts from 1."""
    _, pdf = sample
    labels = pdf.reader.page_labels
    first_numbered = body_pages(pdf)[0]
    assert labels[0] == "i" and labels[first_numbered] == "1"


def test_start_numbering_marks_only_the_first_page_it_lands_on():
    from briefing.render.pages import StartNumbering
    from briefing.render.state import RenderState

    class Page:
        def __init__(self, number: int):
            self.number = number

        def getPageNumber(self) -> int:
            return self.number

    state = RenderState()
    for page in (3, 5):
        mark = StartNumbering(state)
        mark.canv = Page(page)  # type: ignore[assignment]  # only the page number is asked for
        mark.draw()
    assert state.number_start == 3
    assert [state.printed_number(page) for page in (2, 3, 4)] == [None, 1, 2]
