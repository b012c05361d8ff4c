"""A layout's Jinja2 sources: the block templates (*.j2), the mail templates (mail/*.j2) and the short texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.errors import LayoutError, Source, issue
from briefing.layouts.schema import TEXT_KEYS
from briefing.model.layout import Layout, TemplateSource
from briefing.read.reader import Reader
from briefing.read.yaml_nodes import Mapping, Scalar

REQUIRED_TEMPLATES = ("cover.j2", "section.j2")
MAIL_TEMPLATES = ("mail/subject.j2", "mail/body.j2")  # keys in Layout.templates; needed only to send


def read_templates(folder: Path, display: str, reader: Reader) -> dict[str, TemplateSource]:
    """Every *.j2 in the layout's folder by file name, and its mail templates by "mail/<name>"; a missing
    block template is reported (mail templates are looked for when mail is sent: see mail_templates)."""
    templates: dict[str, TemplateSource] = {}
    for path in sorted(folder.glob("*.j2")):
        _read(path, path.name, f"{display}/{path.name}", templates, reader)
    for name in MAIL_TEMPLATES:
        path = folder / name
        if _is_file(path):
            _read(path, name, f"{display}/{name}", templates, reader)
    for name in REQUIRED_TEMPLATES:
        if name not in templates:
            reader.add(Source(f"{folder.name}/{name}"), "", "layout.template-missing", name=name)
    return templates


def _read(path: Path, name: str, display: str, templates: dict[str, TemplateSource], reader: Reader) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        reader.add(Source(display, 1, 1), "", "load.encoding", encoding="?")
        return
    templates[name] = TemplateSource(name, text, Source(display, 1, 1))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def mail_templates(layout: Layout) -> tuple[TemplateSource, TemplateSource]:
    """The layout's mail subject and body templates; a layout without them raises a located LayoutError
    (there is no fallback to another layout's)."""
    missing = [name for name in MAIL_TEMPLATES if name not in layout.templates]
    if missing:
        folder = layout.source.file.rpartition("/")[0] or layout.path.name
        raise LayoutError(
            [issue(Source(f"{folder}/{name}"), "", "layout.template-missing", name=name) for name in missing]
        )
    subject, body = (layout.templates[name] for name in MAIL_TEMPLATES)
    return subject, body


def read_texts(entry: tuple[Any, Source] | None, reader: Reader) -> dict[str, TemplateSource]:
    """The layout's `texts`, each a template; every one of TEXT_KEYS must be there."""
    texts: dict[str, TemplateSource] = {}
    if entry is None:
        return texts
    node = entry[0]
    if not isinstance(node, Mapping):
        reader.add(entry[1], "texts", "type.mapping", label="文字", found="text")
        return texts
    for key, (key_source, value) in node.entries.items():
        if not isinstance(value, Scalar):
            reader.add(key_source, f"texts.{key}", "type.wrong", label=key, expected="text", found="list")
            continue
        texts[key] = TemplateSource(f"texts.{key}", "" if value.value is None else value.text, value.source)
    for key in TEXT_KEYS:
        if key not in texts:
            reader.add(entry[1], f"texts.{key}", "layout.text-missing", key=key)
    return texts
