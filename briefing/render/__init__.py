"""Rendering a document plan to PDF bytes; the only package that imports reportlab.

Importing the package is cheap: ReportLab and the modules that use it are imported when render() runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from briefing.model.plan import Plan
    from briefing.render.memo import RenderMemo

__all__ = ["Rendered", "render"]


class Rendered(msgspec.Struct, frozen=True):
    """The PDF and what the build learned: page count, heading pages, where synthetic bold was used, the
    column widths each data table (by its plan) was printed with."""

    pdf: bytes
    pages: int
    heading_pages: dict[str, int]
    synthetic_bold: tuple[str, ...]
    table_widths: dict[object, tuple[float, ...]] = msgspec.field(default_factory=dict)


def render(plan: Plan, memo: RenderMemo | None = None) -> Rendered:
    """Set the plan on pages. Raises RenderError naming file, line and field for what cannot be printed.

    `memo` (a warm build's) gives back what the last render with the same layout and fonts computed.
    """
    from briefing.render.reportlab_private import defer_pillow

    defer_pillow()  # before ReportLab is first imported: a build draws no images
    from briefing.render.document import render_plan

    return render_plan(plan, memo)
