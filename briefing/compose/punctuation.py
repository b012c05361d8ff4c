"""The layout's typography.full_width_punct: half-width , : ; ( ) in Chinese text printed full-width."""

from __future__ import annotations

from collections.abc import Iterable

from briefing.model.plan import Block, Cell, Chart, KeyFigures, Para, Row, TablePlan
from briefing.model.punctuation import full_width


def _para(para: Para) -> Para:
    return para._replace(text=full_width(para.text))


def _cell(cell: Cell) -> Cell:
    return cell._replace(text=full_width(cell.text))


def _row(row: Row) -> Row:
    return row._replace(cells=tuple(_cell(cell) for cell in row.cells))


def _block(block: Block) -> Block:
    """One block with its printed text in full-width punctuation; blocks without text as they are."""
    if isinstance(block, Para):
        return _para(block)
    if isinstance(block, TablePlan):
        return block._replace(
            caption=_para(block.caption),
            continued=_para(block.continued),
            header=_row(block.header),
            rows=tuple(_row(row) for row in block.rows),
            note=None if block.note is None else _para(block.note),
        )
    if isinstance(block, KeyFigures):
        return block._replace(items=tuple((_cell(value), _cell(label)) for value, label in block.items))
    if isinstance(block, Chart):
        return block._replace(
            title=_para(block.title),
            labels=tuple(full_width(label) for label in block.labels),
            value_texts=tuple(full_width(text) for text in block.value_texts),
        )
    return block


def full_width_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Every block's printed text with the half-width marks that stand in Chinese text made full-width."""
    return tuple(_block(block) for block in blocks)
