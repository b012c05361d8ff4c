"""The page filler and table splitting on their own: where things land, what splits, what is refused."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pager import (
    CondPageBreak,
    Flowable,
    Frame,
    LayoutError,
    OddPageBreak,
    PageBreak,
    Pager,
    Spacer,
)
from briefing.render.tables import DataTable, Rules, TableRow

FRAME_HEIGHT = 100.0


class Box(Flowable):
    """A fixed-size block that records the page and the height (from the frame's foot) it was drawn at."""

    def __init__(self, name: str, height: float, before: float = 0.0, after: float = 0.0):
        self.name = name
        self.height = height
        self.before = before
        self.after = after
        self.placed: list[tuple[int, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        return self.before

    def getSpaceAfter(self) -> float:
        return self.after

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        self.placed.append((canv.getPageNumber(), y))


class Lines(Box):
    """A block of 10-pt lines that splits between lines; its parts log where they land in `log`."""

    def __init__(self, lines: int, log: list[tuple[int, int, float]]):
        super().__init__("lines", lines * 10.0)
        self.lines = lines
        self.log = log

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fit = int(availHeight // 10)
        if fit <= 0 or fit >= self.lines:
            return []
        return [Lines(fit, self.log), Lines(self.lines - fit, self.log)]

    def drawOn(self, canv: Canvas, x: float, y: float) -> None:
        self.log.append((self.lines, canv.getPageNumber(), y))


def lay_out(story: list[Flowable]) -> tuple[Pager, list[int]]:
    canv = Canvas(io.BytesIO())
    ended: list[int] = []
    pager = Pager(
        canv,
        lambda page: Frame(0, 0, 50, FRAME_HEIGHT),
        lambda canv, page: None,
        lambda canv, page: ended.append(page),
        set(),
    )
    pager.lay_out(story)
    pager.finish()
    return pager, ended


def test_blocks_fill_a_page_from_the_top_and_move_on_when_full():
    a, b, c = Box("a", 40), Box("b", 50), Box("c", 20)
    _, ended = lay_out([a, b, c])
    assert a.placed == [(1, 60.0)]
    assert b.placed == [(1, 10.0)]
    assert c.placed == [(2, 80.0)], "20 pt do not fit in the 10 pt left"
    assert ended == [1, 2]


def test_space_before_is_dropped_at_a_page_top_and_touching_spaces_overlap():
    a = Box("a", 30, before=15, after=10)
    b = Box("b", 30, before=25)
    lay_out([a, b])
    assert a.placed == [(1, 70.0)], "no space before the first block on a page"
    assert b.placed == [(1, 70.0 - 10 - 15 - 30)], "space after 10 and before 25 give a gap of 25"


def test_a_splittable_block_fills_the_page_and_goes_on():
    first = Box("first", 65)
    log: list[tuple[int, int, float]] = []
    lay_out([first, Lines(8, log)])
    assert first.placed == [(1, 35.0)]
    assert log == [(3, 1, 5.0), (5, 2, 50.0)], "35 pt left: three lines here, five at the next page's top"


def test_a_block_that_fits_no_page_is_an_error_naming_it_and_the_page():
    tall = Box("tall", FRAME_HEIGHT + 1)
    with pytest.raises(LayoutError) as caught:
        lay_out([Box("a", 10), tall])
    assert caught.value.flowable is tall
    assert caught.value.page == 2, "it is tried once on a fresh page first"


def test_conditional_break_needs_the_room_and_never_makes_an_empty_page():
    a = Box("a", 70)
    heading = Box("heading", 10)
    lay_out([a, CondPageBreak(40), heading])
    assert heading.placed[0][0] == 2, "30 pt left, 40 asked for"
    b = Box("b", 10)
    _, ended = lay_out([CondPageBreak(FRAME_HEIGHT * 2), b])
    assert b.placed[0][0] == 1 and ended == [1], "at a page top it never breaks"


def test_odd_page_break_leaves_a_blank_verso_and_a_trailing_break_no_page():
    one, two, three = Box("one", 10), Box("two", 10), Box("three", 10)
    pager, ended = lay_out([one, OddPageBreak(), two, PageBreak(), three, OddPageBreak(), PageBreak()])
    assert one.placed[0][0] == 1
    assert two.placed[0][0] == 3, "page 2 is a blank verso"
    assert three.placed[0][0] == 4
    assert pager.blank_pages == {2}, "from page 4 the next page is odd already"
    assert ended == [1, 2, 3, 4, 5], "a break on an empty page ends it (page 5); the last adds nothing"


def test_spacer_takes_its_height():
    a = Box("a", 10)
    lay_out([Spacer(30), a])
    assert a.placed == [(1, 60.0)]


# --- tables ----------------------------------------------------------------------------------------------


class Cell:
    """A stand-in for a text cell: `lines` lines of 10 pt, split between lines."""

    style = SimpleNamespace(space_after=0.0)
    leading = 10.0

    def __init__(self, lines: int):
        self.lines = lines
        self.text = "x" * lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, self.lines * 10.0

    def split(self, availWidth: float, availHeight: float) -> list[Cell]:
        fit = int(availHeight // 10)
        if fit <= 0:
            return []
        return [Cell(min(fit, self.lines)), Cell(max(self.lines - fit, 0))]

    def getSpaceBefore(self) -> float:
        return 0.0

    def getSpaceAfter(self) -> float:
        return 0.0

    @property
    def has_text(self) -> bool:
        return self.lines > 0


def table(
    rows: list[int], keep_from: int | None = None, note: int = 0, frame: float = FRAME_HEIGHT
) -> DataTable:
    """A one-column table with a 1-line caption and header; row heights in lines (padding 0); a note of
    `note` lines under it; pages `frame` points tall."""
    rules = Rules(padding=0.0, grid_width=0.5, frame_width=1.0, grid_color="#000000", header_fill="#ffffff")
    return DataTable(
        Cell(1),  # type: ignore[arg-type]
        Cell(1),  # type: ignore[arg-type]
        TableRow([Cell(1)]),  # type: ignore[list-item]
        [TableRow([Cell(n)]) for n in rows],  # type: ignore[list-item]
        (50.0,),
        rules,
        frame,
        len(rows) if keep_from is None else keep_from,
        None,
        Cell(note) if note else None,  # type: ignore[arg-type]
    )


def heights(part: DataTable) -> list[int]:
    return [int(row.cells[0].lines) for row in part.rows]


def test_table_splits_between_rows_and_repeats_its_header():
    head, tail = table([3, 3, 3, 3]).split(50, 80)  # caption + header 20: room for two rows of 30
    assert heights(head) == [3, 3] and heights(tail) == [3, 3]
    assert tail.header is head.header and tail.caption is tail.continued


def test_table_keeps_the_last_row_with_its_sums():
    # Rows 0-3 listed, 4-5 sums; the group from row 3 on stays together.
    head, tail = table([1, 1, 1, 1, 1, 1], keep_from=3).split(50, 20 + 50)
    assert heights(head) == [1, 1, 1], "five rows would fit, but rows 3-5 go on together"
    assert len(tail.rows) == 3


def test_table_does_not_leave_a_header_alone_at_a_page_foot():
    assert table([3, 3]).split(50, 29) == [], "under the caption and header, room for no two lines"
    head, tail = table([3, 3]).split(50, 40)  # moving the table would leave 40 % of the page empty
    assert heights(head) == [2] and heights(tail) == [1, 3], "the first row's first two lines start it"


def test_a_row_is_split_when_moving_it_would_leave_more_than_a_quarter_of_the_page_empty():
    # The frame is 100 pt: a quarter is 25. Caption and header take 20.
    tall = table([20, 1])
    assert tall.split(50, 24) == [], "moving the table leaves less than a quarter of the page empty"
    after = table([3, 20, 1])
    head, tail = after.split(50, 20 + 30 + 20)
    assert heights(head) == [3] and heights(tail) == [20, 1], "20 pt left under a row: move it whole"
    head, tail = tall.split(50, 60)
    assert heights(head) == [4] and heights(tail) == [16, 1], "40 pt left: 4 lines here, 16 go on"
    head, tail = tall.split(50, FRAME_HEIGHT)
    assert heights(head) == [8] and heights(tail) == [12, 1], "at a page top: 8 lines, 12 go on"


def test_table_keeps_its_caption_and_header_with_two_rows():
    assert table([1, 1, 1]).split(50, 20 + 10 + 5) == [], "one row under the caption: move the table"
    head, tail = table([1, 1, 1]).split(50, 20 + 20 + 5)
    assert heights(head) == [1, 1] and heights(tail) == [1]
    head, tail = table([3, 3, 3]).split(50, 20 + 30 + 5)
    assert heights(head) == [3] and heights(tail) == [3, 3], "a row a quarter page tall is no orphan"


def test_a_table_starts_under_one_short_row_with_the_next_rows_first_lines():
    # Caption, header and row 0 (20 + 10) fit, row 1 does not: moving the table would leave half the
    # page empty, so row 1 begins here with two lines, and sixteen go on.
    head, tail = table([1, 20, 1]).split(50, 20 + 10 + 20)
    assert heights(head) == [1, 2] and heights(tail) == [18, 1]
    # Row 1 cannot leave two lines on each side, and row 0 is one line: the table moves.
    assert table([1, 3, 1]).split(50, 20 + 10 + 25) == []


def test_a_tall_first_row_may_stand_alone_rather_than_leave_a_quarter_page_empty():
    # On a 400 pt page a quarter is 100 pt. Caption and header (20) and row 0 (70) fit; row 1 (3 lines)
    # cannot leave two lines on each side. Moving the table would leave 115 pt empty.
    head, tail = table([7, 3, 3], frame=400).split(50, 20 + 70 + 25)
    assert heights(head) == [7] and heights(tail) == [3, 3], "seven lines are no orphan row"
    assert table([7, 3, 3], frame=400).split(50, 95) == [], "moving leaves 95 pt empty: under a quarter"


def test_table_keeps_its_note_with_the_last_row():
    whole = table([1, 1, 1], note=2)
    head, tail = whole.split(50, 20 + 30 + 10)
    assert heights(head) == [1, 1] and heights(tail) == [1], "three rows fit, the note does not"
    assert head.note is None and tail.note is whole.note


def test_a_heading_goes_with_the_table_that_cannot_start_under_it():
    first = Box("first", 70)
    heading = Box("heading", 10)
    under = table([3, 3])
    drawn: list[int] = []
    under.drawOn = lambda canv, x, y: drawn.append(canv.getPageNumber())  # type: ignore[method-assign]
    lay_out([first, CondPageBreak(15), heading, under])
    assert heading.placed[0][0] == 2, "20 pt under the heading hold the caption and header, no line more"
    assert drawn == [2]


def test_a_table_starts_under_its_heading_when_moving_both_would_leave_a_quarter_page_empty():
    # 50 pt are left: the heading takes 10, the table's caption and header 20, and two lines of its first
    # row fit under them: the heading and the table's start stay. With 35 left, one line would: both go.
    frame = Frame(0, 0, 50, FRAME_HEIGHT)
    frame.y = 50.0
    frame.at_top = False
    assert frame.can_start([Box("heading", 10), table([5, 3])])
    frame.y = 35.0
    assert not frame.can_start([Box("heading", 10), table([5, 3])])


def test_the_last_listed_row_leaves_its_last_lines_with_the_sums():
    # Row 1 (4 lines) is the last listed row, rows 2-3 the sums: 55 pt are left, the row fits but the
    # sums do not. Moving it would leave 45 pt empty: two of its lines stay, two go on with the sums.
    head, tail = table([1, 4, 1, 1], keep_from=1).split(50, 20 + 55)
    assert heights(head) == [1, 2] and heights(tail) == [2, 1, 1]
    # A row of three lines cannot leave two on each side: it goes on whole with the sums.
    head, tail = table([1, 1, 3, 1, 1], keep_from=2).split(50, 20 + 65)
    assert heights(head) == [1, 1] and heights(tail) == [3, 1, 1]


# Back on the grid after a table, and space at a page foot ---------------------------------------------------
class GridText(Box):
    """Running text on a 10-pt grid (as a paragraph of the layout's body)."""

    def grid_leading(self) -> float:
        return 10.0


class TableBlock(Box):
    """A block that is not running text: it ends off the grid."""

    is_block = True


def lay_out_on_grid(story: list[Flowable]) -> None:
    canv = Canvas(io.BytesIO())
    pager = Pager(
        canv,
        lambda page: Frame(0, 0, 50, FRAME_HEIGHT, pitch=10.0),
        lambda canv, page: None,
        lambda canv, page: None,
        set(),
    )
    pager.lay_out(story)
    pager.finish()


def test_text_after_a_table_starts_on_the_next_grid_line():
    lead, table, text, more = (
        GridText("lead", 20),
        TableBlock("table", 33.5),
        GridText("text", 20),
        GridText("m", 10),
    )
    lay_out_on_grid([lead, table, text, more])
    assert table.placed == [(1, 100 - 20 - 33.5)]
    assert text.placed == [(1, 100 - 60 - 20)], "the table ends 53.5 pt down: the text starts at 60"
    assert more.placed == [(1, 100 - 80 - 10)], "and the text after it stays on the grid"


def test_text_after_a_table_that_ends_on_a_grid_line_is_not_moved():
    table, text = TableBlock("table", 30), GridText("text", 10)
    lay_out_on_grid([table, text])
    assert text.placed == [(1, 100 - 30 - 10)]


def test_a_heading_under_a_table_keeps_its_own_space_before_in_full():
    table = TableBlock("table", 20, after=6)
    heading = Box("heading", 10, before=10)
    lay_out([table, heading])
    # Between running blocks the spaces would overlap (max(6, 10) = 10); under a table they add up.
    assert heading.placed == [(1, 100 - 20 - 6 - 10 - 10)]


def test_a_space_at_a_page_foot_is_not_carried_to_the_next_page():
    a, b = Box("a", 95), Box("b", 10)
    lay_out([a, Spacer(20), b])
    assert b.placed == [(2, 90.0)], "b starts at the top of page 2, not 15 pt down"


def test_a_blank_back_is_known_blank_before_it_begins():
    canv = Canvas(io.BytesIO())
    begun: list[tuple[int, bool]] = []
    blank: set[int] = set()
    pager = Pager(
        canv,
        lambda page: Frame(0, 0, 50, FRAME_HEIGHT),
        lambda canv, page: begun.append((page, page in blank)),
        lambda canv, page: None,
        blank,
    )
    pager.lay_out([Box("a", 10), OddPageBreak(), Box("b", 10)])
    pager.finish()
    assert begun == [(1, False), (2, True), (3, False)]
