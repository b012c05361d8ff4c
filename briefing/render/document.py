"""The whole render of one plan: glyph preflight, story, pages, and the PDF's bytes with located failures."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager

from briefing.errors import Issue, RenderError, issue
from briefing.model.plan import PAGE_TOKEN, Plan
from briefing.render import Rendered
from briefing.render.archive import document_time
from briefing.render.fonts.registry import FontRegistry
from briefing.render.memo import RenderMemo
from briefing.render.pager import LayoutError, PageLimitError
from briefing.render.pages import PacketDocument
from briefing.render.preflight import printed_texts
from briefing.render.state import RenderState
from briefing.render.story import StoryBuilder


def render_plan(plan: Plan, memo: RenderMemo | None = None) -> Rendered:
    """Set the plan on pages. Raises RenderError naming file, line and field for what cannot be printed."""
    time = document_time(plan.metadata, os.environ)
    if isinstance(time, Issue):
        raise RenderError([time])
    if memo is not None:
        memo.start()
    fonts = FontRegistry(plan.layout.fonts, memo)
    problems = fonts.preflight(printed_texts(plan))
    if problems:
        raise RenderError(problems)
    state = RenderState()
    builder = StoryBuilder(plan, fonts, state, memo)
    story = builder.story()
    if plan.changed:  # build --changes-as margin
        from briefing.render.changes import with_change_bars  # only then: a module less to start

        story = with_change_bars(story, plan.changed)
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
        memo=memo,
        time=time,
        pdfa=plan.pdfa,
    )
    try:
        with _plain_streams():
            document.build(story)
    except LayoutError as exc:
        raise RenderError([_layout_issue(document, exc)]) from None
    fonts.keep_subsets()
    return Rendered(
        buffer.getvalue(),
        document.pager.page,
        dict(state.heading_pages),
        tuple(dict.fromkeys(fonts.synthetic_bold)),
        dict(state.table_widths),
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


def _layout_issue(document: PacketDocument, exc: LayoutError) -> Issue:
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
