"""The texts a plan will print, each with its font family and origin, for the glyph preflight."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.errors import Source
from briefing.model.plan import (
    PAGE_TOKEN,
    Block,
    Chart,
    Contents,
    KeyFigures,
    Origin,
    Para,
    Plan,
    ProgressChart,
    TablePlan,
)

# (text, style name, origin): the style's family is looked up once, in printed_texts.
_StyledText = tuple[str, str, Origin]


def printed_texts(plan: Plan) -> Iterator[tuple[str, str, Origin]]:
    """Every (text, family, origin) the PDF will print, for the glyph preflight."""
    styles = plan.layout.styles
    for block in plan.blocks:
        for text, style, origin in _block_texts(block):
            yield text, styles[style].family, origin
    number_style = styles[plan.layout.page_number.style]
    yield (
        plan.page_number_format.replace(PAGE_TOKEN, "0123456789"),
        number_style.family,
        Origin(plan.layout.source, "texts.page_number"),
    )
    # The marks are drawn as glyph outlines in the mark style's face: a character it lacks would be drawn
    # as its empty box. --draft is checked here; a recipient's name in a watermark where it is read.
    mark = styles.get("mark") or styles["body"]
    marks = plan.marks
    for text, origin in (
        (marks.draft, Origin(Source("--draft"), "")),
        (marks.watermark, Origin(Source("recipients"), "name")),
        (marks.copy_number, Origin(Source("--copy-number"), "")),
    ):
        if text:
            yield text, mark.family, origin


def _block_texts(block: Block) -> Iterator[_StyledText]:
    """The texts one block prints, in order; spacing, rules and breaks print none."""
    if isinstance(block, Para):
        yield block.text.replace("\t", ""), block.style, block.origin
    elif isinstance(block, Contents):
        yield block.title.text, block.title.style, block.title.origin
    elif isinstance(block, TablePlan):
        yield from _table_texts(block)
    elif isinstance(block, KeyFigures):
        for value, label in block.items:
            yield value.text, value.style, value.origin
            yield label.text, label.style, label.origin
    elif isinstance(block, Chart):
        yield block.title.text, block.title.style, block.title.origin
        for chart_label in block.labels:
            yield chart_label, block.label_style, block.origin
    elif isinstance(block, ProgressChart):
        yield block.title.text, block.title.style, block.title.origin
        for text in (*(label for label, _ in block.rows), *(f"{m}{s}" for s, m in block.statuses)):
            yield text, block.label_style, block.origin


def _table_texts(block: TablePlan) -> Iterator[_StyledText]:
    for para in (block.caption, block.continued):
        yield para.text, para.style, para.origin
    for row in (block.header, *block.rows):
        for cell in row.cells:
            yield cell.text, cell.style, cell.origin
