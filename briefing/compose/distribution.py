"""The 分送 list's template name, and a glyph missing from it reported at the recipient whose name holds it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from briefing.errors import Issue, Source, issue

if TYPE_CHECKING:
    from briefing.read.recipients import Recipient

DISTRIBUTION = "distribution.j2"  # the layout's template of the list on the last page of numbered copies


def locate_in_recipients(issues: Iterable[Issue], recipients: Sequence[Recipient]) -> list[Issue]:
    """Glyphs missing from the distribution list, reported at the recipients whose names hold them.

    The list is one paragraph naming everyone; a character no font has is reported at the entry of the
    recipients file it came from (recipients[N].name or .organisation), and only what no entry holds
    stays with the template.
    """
    located: list[Issue] = []
    for found in issues:
        if found.code != "glyph.missing" or found.field != DISTRIBUTION:
            located.append(found)
            continue
        missing = str(found.params.get("chars", ""))
        left = missing
        for number, recipient in enumerate(recipients, start=1):
            for key in ("name", "organisation"):
                chars = _held(missing, getattr(recipient, key) or "")
                if chars:
                    located.append(
                        _glyph_issue(found, recipient.where(key), f"recipients[{number}].{key}", chars)
                    )
                    left = "".join(char for char in left if char not in chars)
        if left:
            located.append(_glyph_issue(found, found.source, found.field, left))
    return located


def _held(missing: str, written: str) -> str:
    """The missing characters (each once) that `written` holds."""
    return "".join(char for char in dict.fromkeys(missing) if char in written)


def _glyph_issue(found: Issue, where: Source, field: str, chars: str) -> Issue:
    codes = " ".join(f"U+{ord(char):04X}" for char in chars)
    return issue(where, field, found.code, **{**found.params, "chars": chars, "codes": codes})
