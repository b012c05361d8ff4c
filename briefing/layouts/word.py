"""The layout's `word:` section: the font names Word is given for each font, and each style's Word name."""

from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Mapping as MappingOf
from typing import Any

from briefing.errors import Source
from briefing.layouts.kinds import NameListMap, NameMap
from briefing.model.layout import FontSpec, WordSpec
from briefing.read.reader import Field, Reader, Record
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence

WORD = Record(
    "word",
    "Word 输出",
    (
        Field(
            "fonts",
            NameListMap(),
            "Word 字体名",
            "字体角色或字体族 → Word 中的字体名，如 fangsong: [仿宋_GB2312, 仿宋, FangSong]；"
            "第一个写入文档，其余作为备选名。",
        ),
        Field(
            "styles",
            NameMap(),
            "Word 样式名",
            "版式中的样式名 → Word 中的样式名，如 body: 正文、h1: 标题 1。",
        ),
    ),
)

# Word keeps its built-in styles under English names and shows them in the user's language: a document
# whose headings are "heading 1" shows 标题 1 in Chinese Word and WPS, and only built-in headings feed the
# navigation pane's levels and a TOC field's \o switch. A style literally named 标题 1 would be a new one.
BUILTIN_STYLES: dict[str, str] = {
    "正文": "Normal",
    "标题": "Title",
    "题注": "caption",
    "页眉": "header",
    "页脚": "footer",
    "目录标题": "TOC Heading",
    **{f"标题 {level}": f"heading {level}" for level in range(1, 10)},
    **{f"目录 {level}": f"toc {level}" for level in range(1, 10)},
}
_ENGLISH = {name.lower(): name for name in BUILTIN_STYLES.values()}
UI_NAMES = {english: chinese for chinese, english in BUILTIN_STYLES.items()}

FONT_NAME_LIMIT = 31  # LF_FACESIZE - 1: Windows (and so Word) cannot name a longer face
STYLE_NAME_LIMIT = 253  # Word's own limit on a style name
# A face name goes into w:altName (a comma-separated list) and into a VML style ("font-family:"…"; …").
_FONT_NAME_SEPARATORS = frozenset(',;"')
# Characters no Word name may hold. Each is unprintable to str.isprintable(), so a PDF build, which checks
# the layout's names too, compiles this (on first use, kept in re's cache) only for a name that needs it.
_BAD_CHARACTER = r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"


def _clean(name: str) -> bool:
    return name.isprintable() or re.search(_BAD_CHARACTER, name) is None


def usable_font_name(name: str) -> bool:
    """Whether Word can be given this face name (the checks the word: section's names pass)."""
    return 0 < len(name) <= FONT_NAME_LIMIT and _FONT_NAME_SEPARATORS.isdisjoint(name) and _clean(name)


def usable_style_name(name: str) -> bool:
    return 0 < len(name) <= STYLE_NAME_LIMIT and _clean(name)


def builtin_style(name: str) -> str | None:
    """The built-in Word style a name stands for (正文 → Normal, 标题 1 → heading 1), or None."""
    return BUILTIN_STYLES.get(name.strip()) or _ENGLISH.get(name.strip().lower())


def read_word(
    reader: Reader,
    values: dict[str, tuple[Any, Source]],
    fonts: MappingOf[str, FontSpec],
    styles: Collection[str],
) -> WordSpec:
    """Check the layout's `word:` section against its fonts (role or family → FontSpec) and the style
    names it has or must have; problems go to `reader`. A name the layout declares but got wrong is
    reported where it is declared, not again here."""
    entry = values.get("word")
    if entry is None or not isinstance(entry[0], dict):
        return WordSpec()
    word = entry[0]
    font_names = _font_names(reader, word.get("fonts"), fonts, _declared(values.get("fonts")))
    style_names = _style_names(reader, word.get("styles"), {*styles, *_declared(values.get("styles"))})
    return WordSpec(fonts=font_names, styles=style_names)


def _declared(entry: tuple[Any, Source] | None) -> set[str]:
    """The keys a layout section writes, whether or not their values were right."""
    return set(entry[0].entries) if entry is not None and isinstance(entry[0], Mapping) else set()


def _entries(
    reader: Reader, entry: tuple[Any, Source] | None, path: str, label: str
) -> list[tuple[str, Source, Node]]:
    if entry is None:
        return []
    node = entry[0]
    if not isinstance(node, Mapping):
        reader.add(entry[1], path, "type.mapping", label=label, found="text")
        return []
    return [(key, key_source, value) for key, (key_source, value) in node.entries.items()]


def _font_names(
    reader: Reader, entry: tuple[Any, Source] | None, fonts: MappingOf[str, FontSpec], declared: set[str]
) -> dict[str, tuple[str, ...]]:
    """Family → Word names; a key may be a role (fangsong) or a family, as a style's `font:` may."""
    found: dict[str, tuple[str, ...]] = {}
    for key, key_source, value in _entries(reader, entry, "word.fonts", "Word 字体名"):
        path = f"word.fonts.{key}"
        spec = fonts.get(key)
        if spec is None:
            if key not in declared:
                reader.add(key_source, path, "font.family-unknown", name=key, known=tuple(sorted(fonts)))
            continue
        if isinstance(value, Sequence) and not value.items:
            reader.add(value.source, path, "word.font-names-empty")
            continue
        items = value.items if isinstance(value, Sequence) else (value,)
        names: list[str] = []
        for index, item in enumerate(items, start=1):
            where = f"{path}[{index}]" if isinstance(value, Sequence) else path
            if not isinstance(item, Scalar) or item.value is None or isinstance(item.value, bool):
                reader.add(
                    item.source, where, "type.wrong", label="Word 字体名", expected="text", found="list"
                )
                continue
            name = item.text.strip()
            if not usable_font_name(name):
                reader.add(item.source, where, "word.font-name", name=name, limit=FONT_NAME_LIMIT)
                continue
            names.append(name)
        if names:  # a role and its family may both be given: the first one written wins
            found.setdefault(spec.family, tuple(dict.fromkeys(names)))
    return found


def _style_names(reader: Reader, entry: tuple[Any, Source] | None, styles: set[str]) -> dict[str, str]:
    """Layout style → Word style name; two layout styles may not share one Word style."""
    found: dict[str, str] = {}
    taken: dict[str, str] = {}  # the Word style (case folded, built-ins by their English name) → layout style
    for key, key_source, value in _entries(reader, entry, "word.styles", "Word 样式名"):
        path = f"word.styles.{key}"
        if key not in styles:
            reader.add(key_source, path, "layout.style-unknown", name=key, known=tuple(sorted(styles)))
            continue
        if not isinstance(value, Scalar) or value.value is None or isinstance(value.value, bool):
            reader.add(value.source, path, "type.wrong", label="Word 样式名", expected="text", found="list")
            continue
        name = value.text.strip()
        if not usable_style_name(name):
            reader.add(value.source, path, "word.style-name", name=name, limit=STYLE_NAME_LIMIT)
            continue
        canonical = (builtin_style(name) or name).casefold()
        if canonical in taken:
            reader.add(value.source, path, "word.style-shared", name=name, other=taken[canonical])
            continue
        taken[canonical] = key
        found[key] = name
    return found
