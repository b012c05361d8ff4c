"""Word (.docx) output: the PDF renderer's sibling, writing the same composed plan with python-docx."""

# Importing this package costs nothing (layouts import its spec): python-docx loads in write_docx only.

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.model.plan import Plan
    from briefing.word.document import Written

__all__ = ["write_docx"]


def write_docx(plan: Plan, heading_pages: dict[str, int], *, embed_fonts: bool = False) -> Written:
    """The plan as a Word document; `heading_pages` (from the PDF render) pre-fill the contents' numbers."""
    from briefing.word.document import write

    return write(plan, heading_pages, embed_fonts=embed_fonts)
