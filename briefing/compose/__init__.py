"""Composition: the packet model and a layout to a document plan, and each recipient's mail; the only Jinja2 user.

compose() and compose_mail() are the stage's entry points; locate_in_recipients() reports a glyph missing
from the distribution list at the recipient it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.compose.budget import Limits
from briefing.compose.composer import Composer
from briefing.compose.distribution import locate_in_recipients
from briefing.compose.mail import compose_mail
from briefing.compose.memo import ComposeMemo
from briefing.model.layout import LoadedLayout
from briefing.model.packet import Packet
from briefing.model.plan import Block, Plan

if TYPE_CHECKING:
    from briefing.chosen import Chosen
    from briefing.read.recipients import Recipient

__all__ = ["ComposeMemo", "Limits", "compose", "compose_mail", "locate_in_recipients"]


def compose(
    packet: Packet,
    loaded: LoadedLayout,
    duplex: bool = False,
    recipients: tuple[Recipient, ...] = (),
    draft: str | None = None,
    copy_number: str = "",
    limits: Limits | None = None,
    chosen: Chosen | None = None,
    memo: ComposeMemo | None = None,
    appendix: Callable[[Composer], list[Block]] | None = None,
) -> Plan:
    """The document plan for `packet` in `loaded` layout; raise LayoutError for template problems.

    With `recipients`, the last page carries the distribution list; `draft` overrides the packet's draft
    mark and `copy_number` prints a 份号 on the first page. `limits` bounds every template render;
    `appendix` adds blocks after the layout's (before the distribution list). `chosen` says that `packet`
    holds only those areas of a whole packet (--areas). `memo` (a warm build's) gives back the templates
    the last compose in this layout compiled.
    """
    return Composer(
        packet,
        loaded,
        duplex,
        recipients,
        draft,
        copy_number,
        limits,
        chosen=chosen,
        memo=memo,
        appendix=appendix,
    ).compose()
