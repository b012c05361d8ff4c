"""Rendering a document plan to PDF bytes; the only package that imports reportlab."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import msgspec

from briefing.errors import RenderError, issue
from briefing.model.layout import Layout, TextStyle
from briefing.model.plan import (
    PAGE_TOKEN,
    Block,
    Cell,
    Chart,
    Contents,
    KeyFigures,
    Origin,
    Para,
    Plan,
    Space,
    TablePlan,
    VFill,
)
from briefing.model.plan import PageBreak as PlanPageBreak
from briefing.model.plan import Rule as PlanRule
from briefing.render.flowables import (
    BarChart,
    KeyFigureStrip,
    RenderState,
    Rule,
    Setter,
    TextBlock,
    TwoSided,
)
from briefing.render.flowables import Contents as ContentsFlowable
from briefing.render.fonts.registry import FontRegistry
from briefing.render.pager import (
    CondPageBreak,
    Flowable,
    LayoutError,
    OddPageBreak,
    PageBreak,
    PageLimitError,
    Spacer,
)
from briefing.render.pages import PacketDocument, StartNumbering
from briefing.render.table_plan import table_flowable

__all__ = ["Rendered", "render"]


class Rendered(msgspec.Struct, frozen=True):
    """The PDF and what the build learned: page count, heading pages, where synthetic bold was used."""

    pdf: bytes
    pages: int
    heading_pages: dict[str, int]
    synthetic_bold: tuple[str, ...]


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


class _StoryBuilder:
    """Turns plan blocks into flowables; knows the layout's styles and the shared render state."""

    def __init__(self, plan: Plan, fonts: FontRegistry, state: RenderState):
        self.plan = plan
        self.layout: Layout = plan.layout
        self.fonts = fonts
        self.state = state
        body = self.layout.styles.get("body")
        grid = self.layout.grid
        if grid and body:
            chars, lines = grid
            width = self.layout.page.frame_width
            tracking = (width - chars * body.size) / (chars - 1)
            self.setter = Setter(
                fonts, self.layout.typography, body.size, tracking, self.layout.page.frame_height / lines
            )
        else:
            self.setter = Setter(fonts, self.layout.typography)

    def style(self, name: str) -> TextStyle:
        return self.layout.styles[name]

    def para(self, block: Para, align: str | None = None) -> Flowable:
        if "\t" in block.text:
            left_text, right_text = block.text.split("\t", 1)
            style = self.style(block.style)
            left = TextBlock(left_text, style, self.setter, self.state, block.origin, "left")
            right = TextBlock(
                right_text.replace("\t", " "), style, self.setter, self.state, block.origin, "left"
            )
            return TwoSided(left, right)
        return self.text_block(block, align)

    def text_block(self, block: Para, align: str | None = None) -> TextBlock:
        outline = None
        if block.key and (block.outline_level is not None or block.toc):
            self.state.heading_titles[block.key] = block.text
            if block.outline_level is not None:
                outline = (block.key, block.text, block.outline_level)
            else:
                outline = (block.key, block.text, 0)
        return TextBlock(
            block.text, self.style(block.style), self.setter, self.state, block.origin, align, outline
        )

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
        return [self.para(block.title), contents]

    def table(self, block: TablePlan) -> list[Flowable]:
        return [table_flowable(block, self.layout, self.setter, self.state, self.text_block)]

    def cell(self, cell: Cell) -> TextBlock:
        return TextBlock(cell.text, self.style(cell.style), self.setter, self.state, cell.origin, cell.align)

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
        spec = self.layout.table
        return KeyFigureStrip(items, spec.total_fill, spec.header_fill, spec.padding * 2)

    def chart(self, block: Chart) -> list[Flowable]:
        style = self.style(block.label_style)
        labels = [
            TextBlock(label, style, self.setter, self.state, block.origin, "left") for label in block.labels
        ]
        values = [
            TextBlock(text, style, self.setter, self.state, block.origin, "left")
            for text in block.value_texts
        ]
        chart = BarChart(
            labels, list(block.values), values, self.layout.table.header_fill, self.layout.table.grid_color
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


def printed_texts(plan: Plan) -> Iterator[tuple[str, str, Origin]]:
    """Every (text, family, origin) the PDF will print, for the glyph preflight."""
    styles = plan.layout.styles
    for block in plan.blocks:
        if isinstance(block, Para):
            yield block.text.replace("\t", ""), styles[block.style].family, block.origin
        elif isinstance(block, Contents):
            yield block.title.text, styles[block.title.style].family, block.title.origin
        elif isinstance(block, TablePlan):
            for para in (block.caption, block.continued):
                yield para.text, styles[para.style].family, para.origin
            for row in (block.header, *block.rows):
                for cell in row.cells:
                    yield cell.text, styles[cell.style].family, cell.origin
        elif isinstance(block, KeyFigures):
            for value, label in block.items:
                yield value.text, styles[value.style].family, value.origin
                yield label.text, styles[label.style].family, label.origin
        elif isinstance(block, Chart):
            yield block.title.text, styles[block.title.style].family, block.title.origin
            for chart_label in block.labels:
                yield chart_label, styles[block.label_style].family, block.origin
    number_style = styles[plan.layout.page_number.style]
    yield (
        plan.page_number_format.replace(PAGE_TOKEN, "0123456789"),
        number_style.family,
        Origin(plan.layout.source, "texts.page_number"),
    )


def render(plan: Plan) -> Rendered:
    """Set the plan on pages. Raises RenderError naming file, line and field for what cannot be printed."""
    fonts = FontRegistry(plan.layout.fonts)
    problems = fonts.preflight(printed_texts(plan))
    if problems:
        raise RenderError(problems)
    state = RenderState()
    builder = _StoryBuilder(plan, fonts, state)
    story = builder.story()
    buffer = io.BytesIO()
    document = PacketDocument(
        buffer,
        plan.layout,
        fonts,
        state,
        plan.page_number_format,
        PAGE_TOKEN,
        mirror=plan.layout.page.mirror and plan.duplex,
        metadata=plan.metadata,
        marks=plan.marks,
        initial_font=fonts.name(plan.layout.styles["body"].family) if "body" in plan.layout.styles else None,
    )
    try:
        with _plain_streams():
            document.build(story)
    except LayoutError as exc:
        raise RenderError([_layout_issue(document, exc)]) from None
    return Rendered(
        buffer.getvalue(),
        document.pager.page,
        dict(state.heading_pages),
        tuple(dict.fromkeys(fonts.synthetic_bold)),
    )


@contextmanager
def _plain_streams() -> Iterator[None]:
    """ReportLab wraps every stream in ASCII85 (+25 % bytes) unless a global says no; say no for this build only."""
    from reportlab import rl_config

    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _layout_issue(document: PacketDocument, exc: LayoutError):  # type: ignore[no-untyped-def]
    """Say what did not fit, where it came from and on which page, in the user's terms."""
    flowable = exc.flowable
    origin = getattr(flowable, "origin", None)
    if isinstance(exc, PageLimitError):
        source, field = (origin.source, origin.field) if origin is not None else (document.layout.source, "")
        return issue(source, field, "render.too-many-pages", limit=exc.limit)
    height = getattr(flowable, "height", 0) or 0
    room = document.layout.page.frame_height
    if origin is None:
        return issue(document.layout.source, "", "render.layout", page=exc.page)
    return issue(
        origin.source,
        origin.field,
        "render.too-large",
        page=exc.page,
        height=f"{height:.0f}",
        room=f"{room:.0f}",
    )
