"""render(): the plan in, the PDF and what the build learned out; what cannot be set is a located error."""

from __future__ import annotations

import shutil

import pytest
from packets import LAYOUTS, SAMPLE, area_yaml, write_packet

from briefing.errors import RenderError
from briefing.pipeline import build_pdf


def test_rebuild_is_byte_identical():
    _, first = build_pdf(SAMPLE, "gbt9704")
    _, second = build_pdf(SAMPLE, "gbt9704")
    assert first.pdf == second.pdf


_PROJECTS = [{"name": f"第{n}号项目", "kind": "新建", "total_investment": f"{n}亿元"} for n in range(1, 4)]


def test_content_that_cannot_fit_is_a_located_error(tmp_path):
    layout = tmp_path / "layouts" / "tall-header"
    shutil.copytree(LAYOUTS / "gbt9704", layout)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    # A header row taller than the page can neither be split nor repeated.
    text = text.replace(
        "{field: index, label: 序号, width: 2字, align: center}\n    - {field: name, label: 项目名称",
        "{field: index, label: " + "序号" * 200 + ", width: 2字, align: center}\n"
        "    - {field: name, label: 项目名称",
    )
    (layout / "layout.yaml").write_text(text, encoding="utf-8")
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", _PROJECTS)})
    with pytest.raises(RenderError) as caught:
        build_pdf(root, str(layout))
    message = caught.value.render("zh")
    assert message.startswith("areas/01-a.yaml:"), message
    assert "projects" in message and "排不下" in message
    assert "0x" not in message and "<" not in message, "no Python repr may leak"


def test_rendered_says_pages_headings_and_synthetic_bold(sample_plan):
    from briefing.render import render

    rendered = render(sample_plan)
    assert rendered.pdf.startswith(b"%PDF-") and rendered.pdf.count(b"/Type /Page\n") == rendered.pages
    keys = {block.key for block in sample_plan.blocks if getattr(block, "key", "")}
    assert set(rendered.heading_pages) == keys and min(rendered.heading_pages.values()) >= 1
    assert rendered.synthetic_bold == (), "gbt9704's bold faces are real ones"


def test_a_build_writes_plain_streams_and_leaves_reportlabs_setting_as_it_was(sample_plan):
    from reportlab import rl_config

    from briefing.render import render

    before = rl_config.useA85
    assert b"ASCII85Decode" not in render(sample_plan).pdf
    assert rl_config.useA85 == before
