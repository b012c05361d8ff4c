"""Each recipient's mail subject and body from the layout's mail/subject.j2 and mail/body.j2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import jinja2

from briefing.compose.budget import Limits
from briefing.compose.numerals import zh_numeral
from briefing.compose.run import TemplateFailure, render
from briefing.compose.sandbox import BoundedEnvironment
from briefing.compose.templates import compile_located, environment, locate
from briefing.compose.views import marks_line, packet_view, recipient_view
from briefing.errors import Issue, LayoutError
from briefing.model.layout import TemplateSource
from briefing.model.packet import Packet

if TYPE_CHECKING:
    from briefing.read.recipients import Recipient


def compose_mail(
    packet: Packet,
    subject: TemplateSource,
    body: TemplateSource,
    recipients: Sequence[Recipient],
    *,
    sender_name: str = "",
    attachments: Sequence[str] = (),
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> list[tuple[str, str]]:
    """(subject, body) for each recipient from the layout's mail/subject.j2 and mail/body.j2.

    `subject` and `body` are the templates' text with their files (for located errors); `today` is a
    datetime.date, by default today. The templates see `packet`, `year`, `recipient`, `copy_number`,
    `attachment`, `sender_name`, `marks` and `today` (plain data, see views.py). The subject is folded onto
    one line. Raise LayoutError (located in the template) once, before any message is sent, if either
    template is wrong.
    """
    env = environment("mail", limits)
    templates = (subject, body)
    compiled = _compiled(env, templates)
    common = {
        "packet": packet_view(packet, zh_numeral),
        "year": packet.year,
        "sender_name": sender_name,
        "marks": marks_line(packet),
        "today": today or dt.date.today(),
    }
    texts: list[tuple[str, str]] = []
    for index, recipient in enumerate(recipients):
        variables = {
            **common,
            "recipient": recipient_view(recipient),
            "copy_number": recipient.copy_number,
            "attachment": attachments[index] if index < len(attachments) else "",
        }
        title, text = _rendered(env, compiled, templates, variables)
        texts.append((" ".join(title.split()), _plain_text(text)))
    return texts


def _compiled(env: BoundedEnvironment, templates: Sequence[TemplateSource]) -> list[jinja2.Template]:
    """Both templates compiled; LayoutError naming every one that cannot be."""
    issues: list[Issue] = []
    compiled: list[jinja2.Template] = []
    for template in templates:
        found = compile_located(env, template)
        if isinstance(found, Issue):
            issues.append(found)
        else:
            compiled.append(found)
    if issues:
        raise LayoutError(issues)
    return compiled


def _rendered(
    env: BoundedEnvironment,
    compiled: Sequence[jinja2.Template],
    templates: Sequence[TemplateSource],
    variables: dict[str, Any],
) -> list[str]:
    """Each template's output for one recipient; LayoutError naming every one that fails."""
    issues: list[Issue] = []
    rendered = []
    for code, template in zip(compiled, templates, strict=True):
        try:
            rendered.append(render(env, code, variables))
        except TemplateFailure as failure:
            issues.append(locate(template, failure))
            rendered.append("")
    if issues:
        raise LayoutError(issues)
    return rendered


def _plain_text(text: str) -> str:
    """A mail body: no blank lines around it, no spaces at line ends, one newline at the end."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()) + "\n"
