"""A row's progress changes as labelled parts for a report (推进情况（截至2023年9月底）完成值: old → new),
in the terminal's language or the 修改对照表's Chinese."""

from __future__ import annotations

from typing import NamedTuple

from briefing.diff.changes import ItemChange, ProgressChange

DAY_FIELD = "progress.as_of"
_SPACE = ("", " ")  # between the record and a field's name: none in Chinese


class Part(NamedTuple):
    """One labelled value of a report: what it is, and its text in each packet (None: absent)."""

    label: str
    old: str | None
    new: str | None


def progress_parts(item: ItemChange, lang: str) -> list[Part]:
    """A record added or removed as one part (its fields but the day, joined); a changed record as one
    part per field that differs."""
    parts: list[Part] = []
    for record in item.progress:
        label = _text(lang, "diff.progress.record", as_of=record.as_of or record.old_as_of or "")
        if record.status == "changed":
            parts += [
                Part(
                    label + _SPACE[lang == "en"] + _text(lang, f"diff.field.{change.field}"),
                    change.old,
                    change.new,
                )
                for change in record.fields
            ]
            continue
        whole = _whole(record, lang)
        parts.append(Part(label, None, whole) if record.status == "added" else Part(label, whole, None))
    return parts


def _whole(record: ProgressChange, lang: str) -> str:
    values = [
        _text(lang, "diff.field-value", field=_text(lang, f"diff.field.{change.field}"), value=value)
        for change in record.fields
        if change.field != DAY_FIELD and (value := change.new or change.old)
    ]
    if not values:  # a record to fill (init --from): say so rather than print an empty value
        return _text(lang, "diff.progress.unfilled")
    return ("；" if lang == "zh" else "; ").join(values)


def _text(lang: str, code: str, **params: str) -> str:
    from briefing.messages import render_message

    return render_message(code, params, lang)
