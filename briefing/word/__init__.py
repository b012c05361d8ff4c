"""Word (.docx) output: the PDF renderer's sibling, writing the same composed plan with python-docx."""

# Importing this package costs nothing (layouts import its spec): python-docx loads in write_docx only.

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from briefing.model.plan import Plan
    from briefing.word.document import Written

__all__ = ["write_docx"]


def write_docx(
    plan: Plan,
    heading_pages: dict[str, int],
    *,
    embed_fonts: bool = False,
    table_widths: Mapping[object, tuple[float, ...]] | None = None,
) -> Written:
    """The plan as a Word document; `heading_pages` (from the PDF render) pre-fill the contents' numbers,
    and `table_widths` (from it too) give the data tables the columns the PDF sized to their content."""
    from briefing.word.document import write

    return write(plan, heading_pages, embed_fonts=embed_fonts, table_widths=table_widths)
