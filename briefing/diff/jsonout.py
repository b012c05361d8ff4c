"""The change list as JSON for other tools: a documented shape under a format version.

The shape (FORMAT "briefing-diff/1"). Keys may be added within a version; a key renamed, removed or
given another meaning makes a new version. Texts are as the packets write them; null means absent.

    {"format": "briefing-diff/1",
     "old": SIDE, "new": SIDE,            SIDE: {"label", "title", "areas", "targets", "projects"}
     "changed": bool,                      false: the packets are the same (every list below is empty)
     "truncated": bool,                    true: some texts went past the work limit and were compared
                                           coarsely (a rewrite's changed middle as one delete and one
                                           insert; sentences as removed and added rather than paired)
     "fields": [FIELD],                    packet.yaml fields; FIELD: {"field", "old", "new", "kind"}
                                           kind: "value" | "wording" (same figure, written otherwise) | "text"
     "area_order": null | {"old": [key], "new": [key]},
     "totals": null | TOTALS,              TOTALS: {"old": SUMS|null, "new": SUMS|null}
                                           SUMS: {"count", "new", "continued", "total_investment",
                                                  "annual_investment" (万元, decimal text),
                                                  "known_total", "known_annual"}
     "areas": [{"status": "added"|"removed"|"renamed"|"changed",
                "key", "title", "old_key", "old_title", "source", "old_source",
                "fields": [FIELD], "totals": null|TOTALS, "reordered": ["targets"|"projects"],
                "targets": [ITEM], "projects": [ITEM], "texts": [TEXT]}],
     "counts": {"fields": n, "areas": {status: n}, "targets": {…}, "projects": {…}, "sentences": {…},
                "progress": {…}}}

    ITEM: {"status": "added"|"removed"|"changed"|"renamed"|"moved", "name", "old_name",
           "source", "old_source" (file:line:column in each packet), "fields": [FIELD],
           "progress": [PROGRESS]}
          (an added or removed item lists its written fields with old or new null, and no progress:
           its records come and go with it; a moved project has the field "area", old and new area titles)
    PROGRESS: {"status": "added"|"removed"|"changed", "as_of", "old_as_of" (the day as each packet
               writes it, null on the side without the record), "source", "old_source",
               "fields": [FIELD]}  field: "progress.as_of" | "progress.value" | "progress.status"
               (as the packet shows it: written, or computed from value and day) | "progress.note";
               an added or removed record lists its written fields
    TEXT: {"field": "summary"|"last_year_results", "old_paragraphs": n, "new_paragraphs": n,
           "sentences": [{"status": "added"|"removed"|"replaced", "old", "new",
                          "old_paragraph", "new_paragraph" (from 1),
                          "pieces": [{"op": "equal"|"delete"|"insert", "text"}]}]}
"""

from __future__ import annotations

from typing import Any

import msgspec

from briefing.diff.changes import (
    AreaChange,
    FieldChange,
    ItemChange,
    PacketDiff,
    ProgressChange,
    SentenceChange,
    Side,
    TextChange,
    TotalsChange,
    TotalsView,
    count,
)

FORMAT = "briefing-diff/1"


def to_json(diff: PacketDiff) -> str:
    """The whole change list as one JSON document (UTF-8 text, Chinese kept as characters)."""
    # msgspec's encoder is C: json.dumps with indent runs in Python, 4 s for a 10 MB change list.
    return msgspec.json.format(msgspec.json.encode(to_data(diff)), indent=2).decode("utf-8")


def to_data(diff: PacketDiff) -> dict[str, Any]:
    """The change list as plain dicts and lists in the documented shape."""
    counts = count(diff)
    return {
        "format": FORMAT,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "changed": diff.changed,
        "truncated": diff.truncated,
        "fields": [_field(change) for change in diff.fields],
        "area_order": {"old": list(diff.area_order[0]), "new": list(diff.area_order[1])}
        if diff.area_order
        else None,
        "totals": _totals(diff.totals),
        "areas": [_area(area) for area in diff.areas],
        "counts": {
            "fields": counts.fields,
            "areas": counts.areas,
            "targets": counts.targets,
            "projects": counts.projects,
            "sentences": counts.sentences,
            "progress": counts.progress,
        },
    }


def _side(side: Side) -> dict[str, Any]:
    return {
        "label": side.label,
        "title": side.title,
        "areas": side.areas,
        "targets": side.targets,
        "projects": side.projects,
    }


def _field(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "old": change.old, "new": change.new, "kind": change.kind}


def _sums(view: TotalsView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {
        "count": view.count,
        "new": view.new,
        "continued": view.continued,
        "total_investment": view.total_investment,
        "annual_investment": view.annual_investment,
        "known_total": view.known_total,
        "known_annual": view.known_annual,
    }


def _totals(change: TotalsChange | None) -> dict[str, Any] | None:
    return None if change is None else {"old": _sums(change.old), "new": _sums(change.new)}


def _item(item: ItemChange) -> dict[str, Any]:
    return {
        "status": item.status,
        "name": item.name,
        "old_name": item.old_name,
        "source": item.source,
        "old_source": item.old_source,
        "fields": [_field(change) for change in item.fields],
        "progress": [_progress(record) for record in item.progress],
    }


def _progress(record: ProgressChange) -> dict[str, Any]:
    return {
        "status": record.status,
        "as_of": record.as_of,
        "old_as_of": record.old_as_of,
        "source": record.source,
        "old_source": record.old_source,
        "fields": [_field(change) for change in record.fields],
    }


def _sentence(sentence: SentenceChange) -> dict[str, Any]:
    return {
        "status": sentence.status,
        "old": sentence.old,
        "new": sentence.new,
        "old_paragraph": sentence.old_paragraph,
        "new_paragraph": sentence.new_paragraph,
        "pieces": [{"op": piece.op, "text": piece.text} for piece in sentence.pieces],
    }


def _text(text: TextChange) -> dict[str, Any]:
    return {
        "field": text.field,
        "old_paragraphs": text.old_paragraphs,
        "new_paragraphs": text.new_paragraphs,
        "sentences": [_sentence(sentence) for sentence in text.sentences],
    }


def _area(area: AreaChange) -> dict[str, Any]:
    return {
        "status": area.status,
        "key": area.key,
        "title": area.title,
        "old_key": area.old_key,
        "old_title": area.old_title,
        "source": area.source,
        "old_source": area.old_source,
        "fields": [_field(change) for change in area.fields],
        "totals": _totals(area.totals),
        "reordered": list(area.reordered),
        "targets": [_item(item) for item in area.targets],
        "projects": [_item(item) for item in area.projects],
        "texts": [_text(text) for text in area.texts],
    }
