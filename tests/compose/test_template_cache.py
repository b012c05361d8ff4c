"""Compiled layout templates kept between builds: reused, never stale, and a broken entry only costs a compile."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from packets import area_yaml, write_packet
from pdfcheck import Pdf

import briefing.compose.template_cache
from briefing.compose.templates import environment
from briefing.pipeline import build_pdf

from .hostile import copy_layout, edit


def test_compiled_templates_are_reused_and_a_broken_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second build takes every template from the cache; garbage in the cache is compiled over;
    the PDF is the same bytes every time."""
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    _, first = build_pdf(root)
    assert len(compiled) >= 5, "the layout's templates were compiled"
    cached = sorted((tmp_path / "cache" / "briefing" / "templates").glob("*.code"))
    assert len(cached) == len(set(compiled))

    compiled.clear()
    _, second = build_pdf(root)
    assert compiled == [] and second.pdf == first.pdf

    for path in cached:
        path.write_bytes(b"not marshal data")
    _, third = build_pdf(root)
    assert len(compiled) == len(cached) and third.pdf == first.pdf

    folder = copy_layout(tmp_path)  # an edited template is compiled afresh, not served stale
    edit(folder, "[h1]{{ area.numeral }}", "[h1]{{ area.numeral }}{{ '改' }}", "section.j2")
    compiled.clear()
    _, edited = build_pdf(root, str(folder))
    assert any("改" in source for source in compiled) and "改" in Pdf(edited.pdf).all_text


def test_templates_compiled_under_other_rules_are_kept_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same text compiles to different code for packet and mail templates (finalize, blocks): two entries."""
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    source = "{% if true %}\n{{ 1 }}\n{% endif %}"
    packet = briefing.compose.template_cache.compile_template(environment("packet"), source)
    mail = briefing.compose.template_cache.compile_template(environment("mail"), source)
    assert packet.render() != mail.render()
    assert len(list((tmp_path / "cache" / "briefing" / "templates").glob("*.code"))) == 2
    again = briefing.compose.template_cache.compile_template(environment("mail"), source)
    assert again.render() == mail.render()
