"""The plan's blocks in order as Word paragraphs, tables and section breaks; the contents as a TOC field."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from briefing.model.plan import (
    CHANGES_KIND,
    Block,
    Chart,
    Contents,
    KeyFigures,
    PageBreak,
    Para,
    Plan,
    ProgressChart,
    Rule,
    Space,
    TablePlan,
    VFill,
)
from briefing.word import ooxml
from briefing.word.changes import write_changes_table
from briefing.word.progress_chart import write_progress_chart
from briefing.word.styles import Styles
from briefing.word.tables import put_text, write_chart, write_imprint, write_key_figures, write_table

RULE_COLOUR = "#000000"


def _pushed_down(blocks: list[Block], start: int) -> list[Block]:
    """The run of text a [vfill] pushes to the page foot: the paragraphs, spaces and rules right after it."""
    end = start
    while end < len(blocks) and isinstance(blocks[end], (Para, Space, Rule)):
        end += 1
    return blocks[start:end]


def toc_paras(blocks: tuple[Block, ...]) -> Iterator[Para]:
    for block in blocks:
        if isinstance(block, Para) and block.toc:
            yield block


def anchor(key: str) -> str:
    """A heading's bookmark: hidden (leading _), as Word names the ones its TOC field links to."""
    return f"_Toc_{key}"


class Story:
    """Writes the blocks into the document body; records where sections end and where numbering starts."""

    def __init__(
        self,
        document: Document,
        plan: Plan,
        styles: Styles,
        heading_pages: dict[str, int],
        table_widths: Mapping[object, tuple[float, ...]],
    ):
        self.document = document
        self.plan = plan
        self.layout = plan.layout
        self.styles = styles
        self.heading_pages = heading_pages
        self.table_widths = table_widths  # the PDF's, by table: columns sized to their content there
        self.body = document.element.body
        self.template = self.body.sectPr  # every section has the page set-up of the last one
        self.start = WD_SECTION.NEW_PAGE
        self.sections = 0  # sections closed so far
        self.numbered_section: int | None = None  # where page 1 is; None: no contents heading, no numbers
        self.framed = False
        self.pending_top: float | None = None
        self.bookmarks = 0
        entries = list(toc_paras(plan.blocks))
        first = heading_pages.get(entries[0].key) if entries else None
        self.number_start = first or 1

    # the walk ---------------------------------------------------------------------------------------------
    def write(self) -> None:
        blocks = list(self.plan.blocks)
        skip_space = self._copy_number(blocks)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if self.framed and not isinstance(block, (Para, Space, Rule)):
                self.framed = False  # the PDF's [vfill] pushes down only the run of text right after it
            if isinstance(block, Space):
                points = block.points - (skip_space if index == 0 else 0.0)
                if points > 0.5:
                    self.space(points)
            elif isinstance(block, Rule):
                self.rule(block, blocks[index + 1] if index + 1 < len(blocks) else None)
            elif isinstance(block, VFill):
                index = self.vfill(blocks, index)
            else:
                self.block(block)
            index += 1
        last = self._last_paragraph()
        # Word wants a paragraph after a table that ends the document; LibreOffice makes a frame of framed
        # paragraphs only when a paragraph outside it follows.
        if last is None or last.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None:
            self._end_paragraph()
        self.document.sections[-1].start_type = self.start

    def vfill(self, blocks: list[Block], index: int) -> int:
        """What the PDF pushes to the page foot: the 版记 (rules and the lines between) as a block fixed
        at the foot, or else the text after it framed; returns the index of the last block it took."""
        run = _pushed_down(blocks, index + 1)
        if any(isinstance(item, Rule) for item in run):
            write_imprint(self.document, run, self.styles, self.layout)
            return index + len(run)
        self.framed = True
        return index

    def block(self, block: Block) -> None:
        """A paragraph, page break, contents, table, key-figure strip, chart or progress chart."""
        if isinstance(block, Para):
            self.para(block)
        elif isinstance(block, PageBreak):
            self.close_section()
            self.start = WD_SECTION.ODD_PAGE if block.odd else WD_SECTION.NEW_PAGE
        elif isinstance(block, Contents):
            self.contents(block)
        elif isinstance(block, TablePlan):
            self.para(block.caption)
            self.pending_top = None
            if block.kind == CHANGES_KIND:
                write_changes_table(self.document, block, self.styles, self.layout)
            else:
                write_table(self.document, block, self.styles, self.layout, self.table_widths.get(block))
            if block.note is not None:
                self.para(block.note)
        elif isinstance(block, KeyFigures):
            write_key_figures(self.document, block, self.styles, self.layout)
        elif isinstance(block, Chart):
            self.para(block.title)
            write_chart(self.document, block, self.styles, self.layout)
        elif isinstance(block, ProgressChart):
            self.para(block.title).paragraph_format.keep_with_next = True
            write_progress_chart(self.document, block, self.styles, self.layout)

    def _copy_number(self, blocks: list[Block]) -> float:
        """The 份号 as the first line of the first page; a space the cover keeps for it gives that line up."""
        number = self.plan.marks.copy_number
        if not number:
            return 0.0
        styles = self.layout.styles
        name = "copy_number" if "copy_number" in styles else ("mark" if "mark" in styles else "body")
        paragraph = self.styles.apply(self.document.add_paragraph(number), name)
        ooxml.indents(paragraph._p.get_or_add_pPr(), 0, 0, styles[name].size)  # flush with the 版心 edge
        line = self.styles.grid.line_pitch / 20 if self.styles.grid else styles[name].leading
        return line if blocks and isinstance(blocks[0], Space) else 0.0

    # paragraphs ---------------------------------------------------------------------------------------------
    def para(self, block: Para, align: str | None = None) -> Paragraph:
        text = self.layout.styles[block.style]
        paragraph = self.styles.apply(self.document.add_paragraph(), block.style)
        ppr = paragraph._p.get_or_add_pPr()
        put_text(paragraph, block.text, self.layout.page.frame_width - text.left_indent)
        if align is not None:
            from briefing.word.styles import ALIGN

            paragraph.alignment = ALIGN[align]
        if block.toc and block.key:
            self.bookmarks += 1
            ooxml.bookmark(paragraph._p, self.bookmarks, anchor(block.key))
            if self.numbered_section is None:
                self.numbered_section = self.sections
        if self.pending_top is not None:
            ooxml.border(ppr, "top", self.pending_top, RULE_COLOUR)
            self.pending_top = None
        if self.framed:
            ooxml.frame_at_foot(ppr, self.layout.page.frame_width)
        return paragraph

    def space(self, points: float) -> None:
        paragraph = self.document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ooxml.text_grid(ppr, False)
        ooxml.spacing(ppr, 0, 0, points)
        if self.framed:
            ooxml.frame_at_foot(ppr, self.layout.page.frame_width)

    def rule(self, block: Rule, following: Block | None) -> None:
        """A 版记 line: the top border of the paragraph below it, else the bottom border of the one above."""
        if isinstance(following, Para):
            self.pending_top = block.width
            return
        last = self._last_paragraph()
        if last is not None:
            ooxml.border(last.get_or_add_pPr(), "bottom", block.width, RULE_COLOUR)
            return
        paragraph = self.document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ooxml.text_grid(ppr, False)
        ooxml.spacing(ppr, 0, 0, max(block.width, 1.0))
        ooxml.border(ppr, "bottom", block.width, RULE_COLOUR)
        if self.framed:
            ooxml.frame_at_foot(ppr, self.layout.page.frame_width)

    def _last_paragraph(self) -> etree._Element | None:
        last = self.body[-2] if len(self.body) > 1 else None
        return last if last is not None and last.tag == qn("w:p") else None

    # the contents ---------------------------------------------------------------------------------------------
    def contents(self, block: Contents) -> None:
        """目录 as Word's own TOC field, its result pre-filled with the entries and the PDF's page numbers, so
        it prints right before anyone updates it (F9), and Word can rebuild it from the headings."""
        self.para(block.title)
        entries = list(toc_paras(self.plan.blocks))
        levels = sorted({(entry.outline_level or 0) + 1 for entry in entries}) or [1]
        instruction = f'TOC \\o "1-{max(levels)}" \\h \\z \\u'
        size = self.layout.styles[block.entry_style].size
        paragraphs = []
        for entry in entries:
            paragraph = self.styles.apply(self.document.add_paragraph(), block.entry_style)
            level = entry.outline_level or 0
            if level:
                ooxml.indents(paragraph._p.get_or_add_pPr(), 0, level * 2 * size, size)
            ooxml.contents_entry(paragraph._p, entry.text, anchor(entry.key), self._printed_page(entry.key))
            paragraphs.append(paragraph._p)
        if not paragraphs:  # no headings: an empty field, for Word to fill when it is updated
            paragraphs.append(self.styles.apply(self.document.add_paragraph(), block.entry_style)._p)
        ooxml.field_begin(paragraphs[0], instruction)
        ooxml.field_end(paragraphs[-1])

    def _printed_page(self, key: str) -> str:
        page = self.heading_pages.get(key)
        return "" if page is None else str(page - self.number_start + 1)

    def _end_paragraph(self) -> etree._Element:
        """A paragraph one point high to carry a section's end (after a table or a frame)."""
        paragraph = self.document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ooxml.text_grid(ppr, False)
        ooxml.spacing(ppr, 0, 0, 1.0)
        return paragraph._p

    # sections ---------------------------------------------------------------------------------------------------
    def close_section(self) -> None:
        """End the current section at the last paragraph (a plain one is added after a table or a frame)."""
        last = self._last_paragraph()
        if last is None or last.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None:
            last = self._end_paragraph()
        sectpr = copy.deepcopy(self.template)
        ooxml.end_section_here(last, sectpr)
        self.document.sections[self.sections].start_type = self.start
        self.sections += 1
        self.pending_top = None
