"""Rendering catalogue messages: the language chosen, user text made printable, lists joined, values filled in."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

from briefing.messages.catalogue import CATALOGUE, KINDS

# What may break a one-line message or hide text: line and paragraph breaks, controls, BOM, lone surrogates.
# str.isprintable() is false for each of them, so printable text (nearly all) skips the pattern, which is
# compiled on first use (and kept in re's cache) rather than at import.
_UNPRINTABLE = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]"
MAX_SHOWN = 60
# Parameters that echo what the user wrote (or a sum of it), and so may be of any length.
_ECHOED = frozenset(
    {"text", "key", "unit", "file", "name", "tag", "alias", "claimed", "actual", "annual", "total"}
)
# How each language separates the items of a list: names and values, clauses of a sentence, folders,
# and a label from what it labels.
Separator = Literal["items", "clauses", "folders", "label"]
_SEPARATORS: Mapping[Separator, tuple[str, str]] = {
    "items": ("、", ", "),
    "clauses": ("，", ", "),
    "folders": ("；", "; "),
    "label": ("：", ": "),
}


class Bilingual(NamedTuple):
    """A parameter already in both languages (words another library chose, translated where they arise)."""

    zh: str
    en: str


def language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The message language: an explicit choice, else BRIEFING_LANG, else Chinese."""
    env = os.environ if environ is None else environ
    chosen = (explicit or env.get("BRIEFING_LANG") or "zh").lower()
    return "en" if chosen.startswith("en") else "zh"


def printable(text: str, limit: int | None = MAX_SHOWN) -> str:
    """User text fit for a one-line message: line breaks and control characters made visible, long text cut."""
    shown = text if text.isprintable() else re.sub(_UNPRINTABLE, _visible, text)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


def _visible(found: re.Match[str]) -> str:
    return "↵" if found[0] in "\r\n" else f"U+{ord(found[0]):04X}"


def joined(items: Iterable[object], lang: str, separator: Separator = "items") -> str:
    """Items listed the way the language lists them: 甲、乙 / a, b (clauses 甲，乙; folders 甲；乙; label 甲：乙)."""
    zh, en = _SEPARATORS[separator]
    return (en if lang == "en" else zh).join(map(str, items))


def render_message(code: str, params: Mapping[str, Any], lang: str = "zh") -> str:
    """Fill in one catalogue entry; kind names in `found`/`expected` are translated too.

    A code missing from the catalogue shows as itself, and a value missing from `params` as its {name}:
    a message that says too little beats a crash while reporting another problem.
    """
    zh, en = CATALOGUE.get(code, (code, code))
    values = _Lenient({key: _shown(key, value, lang) for key, value in params.items()})
    for key in ("found", "expected"):
        if values.get(key) in KINDS:
            values[key] = KINDS[values[key]][1 if lang == "en" else 0]
    context = values.get("context", "")
    values["context_zh"] = f"（{context}）" if context else ""
    values["context_en"] = f" ({context})" if context else ""
    return (en if lang == "en" else zh).format_map(values)


class _Lenient(dict[str, str]):
    """Values for str.format_map that leave an unknown {name} as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shown(key: str, value: Any, lang: str) -> str:
    """One parameter as the message shows it: None as nothing, a tuple listed, user text kept to one line."""
    if value is None:
        return ""
    if isinstance(value, Bilingual):
        value = value.en if lang == "en" else value.zh
    elif isinstance(value, tuple):
        value = joined(value, lang, "folders" if key == "searched" else "items")
    return printable(str(value), MAX_SHOWN if key in _ECHOED else None)
