"""layouts/templates.py: a layout's block and mail templates and its short texts, read with located problems."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from briefing.errors import LayoutError, Source
from briefing.layouts.build import load_layout
from briefing.layouts.templates import MAIL_TEMPLATES, mail_templates, read_templates, read_texts
from briefing.read.reader import Reader
from briefing.read.yaml_nodes import parse_text

from .folders import copy_layout


def test_block_and_mail_templates_are_read_with_their_files(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    reader = Reader()
    templates = read_templates(folder, "layouts/mine", reader)
    assert not reader.issues
    assert {
        "cover.j2",
        "section.j2",
        "grand_total.j2",
        "distribution.j2",
        "progress_summary.j2",
        "progress_completion.j2",
        *MAIL_TEMPLATES,
    } == set(templates)
    assert templates["section.j2"].source == Source("layouts/mine/section.j2", 1, 1)


def test_a_missing_block_template_is_reported_a_missing_mail_template_is_not(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path)
    (folder / "section.j2").unlink()
    (folder / "mail" / "body.j2").unlink()
    (folder / "mail" / "subject.j2").write_bytes(b"\xff\xfe not utf-8")
    reader = Reader()
    templates = read_templates(folder, "layouts/mine", reader)
    assert [(found.source.file, found.code) for found in reader.issues] == [
        ("layouts/mine/mail/subject.j2", "load.encoding"),
        ("mine/section.j2", "layout.template-missing"),
    ]
    assert not set(MAIL_TEMPLATES) & set(templates)


def test_sending_asks_the_layout_for_its_mail_templates_and_gets_no_substitute(tmp_path: Path) -> None:
    subject, body = mail_templates(load_layout("briefing").layout)
    assert (subject.name, body.name) == MAIL_TEMPLATES
    assert subject.source.file == "briefing/mail/subject.j2"
    root = tmp_path / "p"
    folder = copy_layout(root, "office")
    (folder / "mail" / "subject.j2").unlink()
    (folder / "mail" / "body.j2").unlink()
    layout = load_layout("office", root).layout  # builds a PDF well enough without them
    with pytest.raises(LayoutError) as raised:
        mail_templates(layout)
    assert raised.value.render("zh").splitlines() == [
        "layouts/office/mail/subject.j2: 版式缺少模板文件 mail/subject.j2；请从 gbt9704 版式复制一份",
        "layouts/office/mail/body.j2: 版式缺少模板文件 mail/body.j2；请从 gbt9704 版式复制一份",
    ]
    shipped = load_layout("gbt9704").layout.templates
    only_body = msgspec.structs.replace(
        layout, templates={**layout.templates, "mail/body.j2": shipped["mail/body.j2"]}
    )
    with pytest.raises(LayoutError, match=r"mail/subject\.j2"):
        mail_templates(only_body)


def test_texts_are_templates_and_every_one_is_needed() -> None:
    root, _ = parse_text("texts:\n  empty: —\n  continued: [续表]\n  total: ~\n", "layout.yaml")
    entry = root.entries["texts"]  # type: ignore[union-attr]
    reader = Reader()
    texts = read_texts((entry[1], entry[1].source), reader)
    assert texts["empty"].text == "—" and texts["empty"].name == "texts.empty"
    assert texts["total"].text == ""
    assert [found.field for found in reader.issues][:2] == ["texts.continued", "texts.page_number"]
    assert all(found.code == "layout.text-missing" for found in reader.issues[1:])
    assert read_texts(None, reader) == {}
