"""The story: plan blocks turned into flowables, with the layout's styles and the shared render state."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.model.layout import Layout, TextStyle
from briefing.model.plan import (
    CHANGES_KIND,
    Block,
    Cell,
    Chart,
    Contents,
    KeyFigures,
    Para,
    Plan,
    ProgressChart,
    Space,
    TablePlan,
    VFill,
)
from briefing.model.plan import PageBreak as PlanPageBreak
from briefing.model.plan import Rule as PlanRule
from briefing.render.contents import Contents as ContentsFlowable
from briefing.render.fonts.registry import FontRegistry
from briefing.render.imprint import IMPRINT_STYLE, imprint_line
from briefing.render.memo import RenderMemo
from briefing.render.pager import CondPageBreak, Flowable, OddPageBreak, PageBreak, Spacer
from briefing.render.pages import StartNumbering
from briefing.render.paragraphs import Paragraph
from briefing.render.rule import Rule
from briefing.render.setter import Setter
from briefing.render.state import RenderState
from briefing.render.table_plan import table_flowable
from briefing.render.tagging import CellSlot
from briefing.render.text import TextBlock

# The bookmark of the contents' own title.
CONTENTS_KEY = "briefing-contents"


class _VFill(Flowable):
    """Takes all remaining height on the page except what the following blocks need."""

    def __init__(self, following: list[Flowable]):
        super().__init__()
        self.following = following

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        needed = sum(
            f.wrap(availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            for f in self.following
        )
        self.height = max(availHeight - needed - 1e-3, 0)
        return availWidth, self.height

    def draw(self) -> None:
        pass


class StoryBuilder:
    """Turns plan blocks into flowables; knows the layout's styles and the shared render state."""

    def __init__(self, plan: Plan, fonts: FontRegistry, state: RenderState, memo: RenderMemo | None = None):
        self.plan = plan
        self.layout: Layout = plan.layout
        self.fonts = fonts
        self.state = state
        self.memo = memo  # a warm build's (tables measured last time)
        body = self.layout.styles.get("body")
        grid = self.layout.grid
        # A warm build's memo: lines broken by the last render (the same text breaks the same way).
        broken, styles, advances = (memo.broken, memo.styles, memo.advances) if memo else ({}, {}, {})
        if grid and body:
            chars, lines = grid
            width = self.layout.page.frame_width
            tracking = (width - chars * body.size) / (chars - 1)
            self.setter = Setter(
                fonts,
                self.layout.typography,
                body.size,
                tracking,
                self.layout.page.frame_height / lines,
                broken=broken,
                styles=styles,
                advances_at=advances,
                long_broken=memo.long_broken if memo else None,
            )
        else:
            self.setter = Setter(
                fonts,
                self.layout.typography,
                broken=broken,
                styles=styles,
                advances_at=advances,
                long_broken=memo.long_broken if memo else None,
            )

    def style(self, name: str) -> TextStyle:
        return self.layout.styles[name]

    def para(self, block: Para, align: str | None = None) -> Flowable:
        if "\t" in block.text or block.style == IMPRINT_STYLE:
            return imprint_line(block.text, self.style(block.style), self.setter, self.state, block.origin)
        return self.text_block(block, align)

    def text_block(self, block: Para, align: str | None = None) -> TextBlock:
        outline = None
        if block.key and (block.outline_level is not None or block.toc):
            self.state.heading_titles[block.key] = block.text
            if block.outline_level is not None:
                outline = (block.key, block.text, block.outline_level)
            else:
                outline = (block.key, block.text, 0)
        paragraph = Paragraph(
            block.text, self.style(block.style), self.setter, self.state, block.origin, align, outline
        )
        paragraph.frame_height = self.layout.page.frame_height
        return paragraph

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        blocks = list(self.plan.blocks)
        started = False
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if isinstance(block, VFill):
                following = []
                rest = index + 1
                while rest < len(blocks) and isinstance(blocks[rest], (Para, Space, PlanRule)):
                    following.extend(self.flowables(blocks[rest]))
                    rest += 1
                story.append(_VFill(following))
                story.extend(following)
                index = rest
                continue
            if not started and isinstance(block, Para) and block.toc:
                story.append(StartNumbering(self.state))
                started = True
            if isinstance(block, Para) and self.style(block.style).keep_with_next:
                story.append(CondPageBreak(self._keep_height(block, blocks[index + 1 : index + 2])))
            story.extend(self.flowables(block))
            index += 1
        return story

    def _keep_height(self, heading: Para, following: list[Block]) -> float:
        """A heading needs room for itself and the start of what follows (two lines or a table head)."""
        style = self.style(heading.style)
        need = self.setter.leading(style) + style.space_before
        if following:
            nxt = following[0]
            if isinstance(nxt, Para):
                need += 2 * self.setter.leading(self.style(nxt.style))
            elif isinstance(nxt, TablePlan):
                need += (
                    self.setter.leading(self.style(nxt.caption.style))
                    + 4 * self.style(self.layout.table.cell_style).leading
                )
        return need

    def flowables(self, block: Block) -> list[Flowable]:
        """The flowables for one plan block, in order."""
        if isinstance(block, Para):
            return [self.para(block)]
        if isinstance(block, Space):
            spacer = Spacer(block.points)
            spacer.origin = block.origin
            return [spacer]
        if isinstance(block, PlanPageBreak):
            return [OddPageBreak() if block.odd else PageBreak()]
        if isinstance(block, PlanRule):
            rule = Rule(block.width)
            rule.origin = block.origin
            return [rule]
        if isinstance(block, Contents):
            return self.contents(block)
        if isinstance(block, TablePlan):
            return self.table(block)
        if isinstance(block, KeyFigures):
            return [self.key_figures(block)]
        if isinstance(block, Chart):
            return self.chart(block)
        if isinstance(block, ProgressChart):
            # Charts, key figures and change tables are imported where a plan has one: most builds draw
            # none, and each module costs a build's start-up (issue 11's budget).
            from briefing.render.progress_chart import progress_chart_flowables

            return progress_chart_flowables(self, block)
        raise TypeError(block)

    def contents(self, block: Contents) -> list[Flowable]:
        entries = [(p.key, p.text, p.outline_level or 0) for p in _toc_paras(self.plan.blocks)]
        style = self.style(block.entry_style)
        contents = ContentsFlowable(
            entries,
            style,
            self.setter,
            self.state,
            block.title.origin,
            number_width=style.size * 2.5,
            frame_height=self.layout.page.frame_height,
        )
        # The contents' own title is a bookmark too, so that a reader can come back to it.
        bookmark = "".join(block.title.text.split())
        title = TextBlock(
            block.title.text,
            self.style(block.title.style),
            self.setter,
            self.state,
            block.title.origin,
            None,
            (CONTENTS_KEY, bookmark, 0),
        )
        return [title, contents]

    def table(self, block: TablePlan) -> list[Flowable]:
        if block.kind == CHANGES_KIND:  # the 修改对照表 (diff -o, build --changes-since)
            from briefing.render.changes import change_table

            return change_table(self, block)
        return [table_flowable(block, self.layout, self.setter, self.state, self.text_block, self.memo)]

    def cell(self, cell: Cell, slot: CellSlot | None = None) -> TextBlock:
        return TextBlock(
            cell.text,
            self.style(cell.style),
            self.setter,
            self.state,
            cell.origin,
            cell.align,
            slot=slot,
        )

    def key_figures(self, block: KeyFigures) -> Flowable:
        items = [
            (
                TextBlock(v.text, self.style(block.value_style), self.setter, self.state, v.origin, "center"),
                TextBlock(
                    label.text, self.style(block.label_style), self.setter, self.state, label.origin, "center"
                ),
            )
            for v, label in block.items
        ]
        from briefing.render.figures import KeyFigureStrip

        spec = self.layout.table
        return KeyFigureStrip(items, spec.total_fill, spec.header_fill, spec.padding * 2)

    def chart(self, block: Chart) -> list[Flowable]:
        from briefing.render.figures import BarChart

        style = self.style(block.label_style)
        labels = [
            TextBlock(label, style, self.setter, self.state, block.origin, "left") for label in block.labels
        ]
        values = [
            TextBlock(text, style, self.setter, self.state, block.origin, "left")
            for text in block.value_texts
        ]
        # What the chart shows, for those who cannot see it: its title, then each bar's label and value.
        alt = (
            block.title.text
            + "："
            + "；".join(
                f"{label} {text}" for label, text in zip(block.labels, block.value_texts, strict=True)
            )
        )
        chart = BarChart(
            labels,
            list(block.values),
            values,
            self.layout.table.header_fill,
            self.layout.table.grid_color,
            alt,
        )
        title = self.style(block.title.style)
        return [
            CondPageBreak(chart.estimated_height() + self.setter.leading(title)),
            self.para(block.title),
            chart,
        ]


def _toc_paras(blocks: tuple[Block, ...]) -> Iterator[Para]:
    for block in blocks:
        if isinstance(block, Para) and block.toc:
            yield block
