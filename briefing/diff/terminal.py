"""The change list as a readable summary for the terminal, in the message catalogue's language.

Inside a rewritten sentence, deleted characters are shown as [-…-] and inserted ones as {+…+} (the
marks of wdiff and git's word diff), which read the same without colour and survive copy and paste.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from briefing.diff.changes import (
    AreaChange,
    Counts,
    FieldChange,
    ItemChange,
    PacketDiff,
    Piece,
    SentenceChange,
    TextChange,
    TotalsChange,
    TotalsView,
    count,
)
from briefing.diff.progress_parts import progress_parts
from briefing.model.quantities import readable_money

INDENT = "  "
CONTEXT = 20  # characters of unchanged text shown beside a change in a rewritten sentence
STATUS_ORDER = ("added", "removed", "renamed", "moved", "changed", "replaced")


class _Writer:
    """Lines of the summary, each from a catalogue entry."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []

    def text(self, code: str, **params: Any) -> str:
        from briefing.messages import render_message

        return render_message(code, params, self.lang)

    def line(self, depth: int, code: str, **params: Any) -> None:
        self.lines.append(INDENT * depth + self.text(code, **params))

    def separator(self) -> str:
        return "；" if self.lang == "zh" else "; "

    def value(self, text: str | None) -> str:
        return self.text("diff.absent") if text is None else text

    def field(self, change: FieldChange) -> str:
        return self.labelled(self.text(f"diff.field.{change.field}"), change.old, change.new, change.kind)

    def labelled(self, name: str, old: str | None, new: str | None, kind: str = "text") -> str:
        if old is None:
            return self.text("diff.field-set", field=name, new=new)
        if new is None:
            return self.text("diff.field-cleared", field=name, old=old)
        code = "diff.field-wording" if kind == "wording" else "diff.field-changed"
        return self.text(code, field=name, old=old, new=new)

    def fields(self, changes: tuple[FieldChange, ...]) -> str:
        return self.separator().join(self.field(change) for change in changes)

    def item_details(self, item: ItemChange) -> str:
        """A row's fields that differ, then its progress records that do."""
        found = [self.field(change) for change in item.fields]
        found += [self.labelled(*part) for part in progress_parts(item, self.lang)]
        return self.separator().join(found)


def render_terminal(diff: PacketDiff, lang: str) -> list[str]:
    """The summary, line by line: what was compared, then each change, then the tally."""
    out = _Writer(lang)
    out.line(0, "diff.heading", old=diff.old.label, new=diff.new.label)
    if not diff.changed:
        out.line(0, "diff.no-changes")
        return out.lines
    if diff.fields or diff.area_order:
        out.line(0, "diff.packet-heading")
        for change in diff.fields:
            out.lines.append(INDENT + out.field(change))
        if diff.area_order:
            old, new = ("、".join(keys) for keys in diff.area_order)
            out.line(1, "diff.area-order", old=old, new=new)
    for area in diff.areas:
        _area(out, area)
    if diff.totals:
        out.line(0, "diff.packet-totals", totals=_totals(out, diff.totals))
    if any(s.pieces for a in diff.areas for t in a.texts for s in t.sentences):
        out.line(0, "diff.legend")
    if diff.truncated:
        out.line(0, "diff.truncated")
    out.line(0, "diff.tally", parts=_tally(out, count(diff)))
    return out.lines


def _area(out: _Writer, area: AreaChange) -> None:
    out.line(
        0,
        f"diff.area.{area.status}",
        title=area.title,
        key=area.key,
        old_title=area.old_title,
        old_key=area.old_key,
        targets=len(area.targets),
        projects=len(area.projects),
    )
    if area.fields:
        out.lines.append(INDENT + out.fields(area.fields))
    whole = area.status in ("added", "removed")
    for kind, items in (("target", area.targets), ("project", area.projects)):
        for item in items:
            # A whole area's rows are counted in its heading; only projects moved in or out are listed.
            if not whole or item.status in ("moved", "renamed", "changed"):
                _item(out, kind, item)
    for name in area.reordered:
        out.line(1, f"diff.reordered.{name}")
    for text in area.texts:
        _text(out, text)
    if area.totals:
        out.line(1, "diff.area-totals", totals=_totals(out, area.totals))


def _item(out: _Writer, kind: str, item: ItemChange) -> None:
    if item.status in ("added", "removed"):  # what the row holds, not field by field "set" or "removed"
        details = out.separator().join(
            out.text("diff.field-value", field=out.text(f"diff.field.{f.field}"), value=f.new or f.old)
            for f in item.fields
        )
    else:
        details = out.item_details(item)
    code = f"diff.{kind}.{item.status}"
    out.line(1, code, item=item.name, old_item=item.old_name, details=details)


def _text(out: _Writer, text: TextChange) -> None:
    field = out.text(f"diff.field.{text.field}")
    if text.old_paragraphs != text.new_paragraphs:
        out.line(1, "diff.text-paragraphs", field=field, old=text.old_paragraphs, new=text.new_paragraphs)
    else:
        out.line(1, "diff.text", field=field)
    for sentence in text.sentences:
        _sentence(out, sentence)


def _sentence(out: _Writer, sentence: SentenceChange) -> None:
    if sentence.status == "added":
        out.line(2, "diff.sentence.added", paragraph=sentence.new_paragraph, sentence=sentence.new)
    elif sentence.status == "removed":
        out.line(2, "diff.sentence.removed", paragraph=sentence.old_paragraph, sentence=sentence.old)
    else:
        out.line(
            2, "diff.sentence.replaced", paragraph=sentence.new_paragraph, sentence=marked(sentence.pieces)
        )


def marked(pieces: tuple[Piece, ...], context: int = CONTEXT) -> str:
    """A rewritten sentence with [-deleted-] and {+inserted+} characters; unchanged stretches longer than
    twice `context` keep only `context` characters next to each change (the JSON has them whole)."""
    shown = []
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        text = piece.text
        if piece.op == "delete":
            shown.append(f"[-{text}-]")
        elif piece.op == "insert":
            shown.append(f"{{+{text}+}}")
        elif len(text) <= 2 * context:
            shown.append(text)
        else:
            head = text[:context] if index > 0 else ""
            tail = text[-context:] if index < last else ""
            shown.append(f"{head}…{tail}")
    return "".join(shown)


def _totals(out: _Writer, change: TotalsChange) -> str:
    parts = []
    old, new = change.old, change.new
    for name in ("count", "new", "continued"):
        before, after = getattr(old, name, 0), getattr(new, name, 0)
        if before != after:
            parts.append(out.text(f"diff.totals.{name}", old=before, new=after))
    for name, known in (("total_investment", "known_total"), ("annual_investment", "known_annual")):
        before, after = _money(old, name, known), _money(new, name, known)
        if before != after:
            parts.append(out.text(f"diff.totals.{name}", old=before, new=after))
    return out.separator().join(parts) or out.text("diff.totals.listed")


def _money(view: TotalsView | None, name: str, known: str) -> str:
    """A sum as a reader writes it; — when no project gives the figure (as validate's summary shows it)."""
    if view is None or not getattr(view, known):
        return "—"
    return readable_money(Decimal(getattr(view, name)))


def _tally(out: _Writer, counts: Counts) -> str:
    parts = []
    for group, tally in (
        ("areas", counts.areas),
        ("targets", counts.targets),
        ("projects", counts.projects),
        ("sentences", counts.sentences),
        ("progress", counts.progress),
    ):
        for status in STATUS_ORDER:
            if tally.get(status):
                parts.append(out.text(f"diff.count.{group}.{status}", count=tally[status]))
    if counts.fields:
        parts.append(out.text("diff.count.fields", count=counts.fields))
    return ("，" if out.lang == "zh" else ", ").join(parts)
