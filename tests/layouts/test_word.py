"""The layouts' `word:` section: what the shipped ones say, and located messages for a wrong one."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_cli
from packets import ROOT, copy_sample

from briefing.layouts.build import load_layout
from briefing.layouts.word import builtin_style


def test_the_shipped_layouts_name_the_fonts_chinese_offices_have():
    loaded = load_layout("gbt9704")
    layout = loaded.layout
    by_family = layout.word.fonts
    roles = loaded.fontbook.roles
    assert by_family[roles["fangsong"]] == ("仿宋_GB2312", "仿宋", "FangSong")
    assert by_family[roles["xiaobiaosong"]][0] == "方正小标宋简体"
    assert by_family[roles["hei"]] == ("黑体", "SimHei")
    assert by_family[roles["kai"]] == ("楷体_GB2312", "楷体", "KaiTi")
    assert layout.word.styles["body"] == "正文" and layout.word.styles["h1"] == "标题 1"
    assert layout.word.styles["th"] == "表头" and layout.word.styles["td"] == "表格"
    briefing = load_layout("briefing").layout
    assert set(briefing.word.styles) == set(briefing.styles)


def test_chinese_names_of_built_in_styles_are_word_built_ins():
    assert builtin_style("正文") == "Normal"
    assert builtin_style("标题 2") == "heading 2"
    assert builtin_style("目录 1") == "toc 1"
    assert builtin_style("Heading 1") == "heading 1"
    assert builtin_style("表格") is None


def _layout_with(tmp_path, word: str):  # type: ignore[no-untyped-def]
    packet = copy_sample(tmp_path)
    folder = packet / "layouts" / "mine"
    shutil.copytree(ROOT / "layouts" / "gbt9704", folder)
    text = (folder / "layout.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nword:")] + "\n" + word
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index("word:")) + 1
    return packet, line


@pytest.mark.parametrize(
    "word, offset, column, field, message",
    [
        (
            "word:\n  fonts:\n    fangsongg: [仿宋_GB2312]\n",
            2,
            5,
            "word.fonts.fangsongg",
            "字体“fangsongg”未在任何 fonts.yaml 中登记",
        ),
        (
            "word:\n  fonts:\n    fangsong: [仿宋_GB2312, '仿宋,FangSong']\n",
            2,
            27,
            "word.fonts.fangsong[2]",
            "Word 字体名“仿宋,FangSong”不能用：应为 1 到 31 个字符，不含逗号、分号、引号或控制字符",
        ),
        (
            "word:\n  fonts:\n    hei: []\n",
            2,
            10,
            "word.fonts.hei",
            "这里至少要写一个 Word 字体名",
        ),
        (
            "word:\n  styles:\n    bodyy: 正文\n",
            2,
            5,
            "word.styles.bodyy",
            "样式“bodyy”未在 styles 中定义",
        ),
        (
            "word:\n  styles:\n    body: 正文\n    td: Normal\n",
            3,
            9,
            "word.styles.td",
            "样式 body 已叫“Normal”；Word 中一个样式名只能给一个样式，请另取一个名字",
        ),
        (
            "word:\n  styles:\n    td: [表格]\n",
            2,
            9,
            "word.styles.td",
            "Word 样式名应为文字，这里是列表",
        ),
    ],
)
def test_a_wrong_word_section_is_a_located_error(tmp_path, word, offset, column, field, message):
    packet, line = _layout_with(tmp_path, word)
    result = run_cli("build", str(packet), "-o", str(tmp_path / "x.docx"), "--layout", "mine")
    assert result.status == 1
    assert f"layouts/mine/layout.yaml:{line + offset}:{column}: {field}: {message}" in result.err, result.err
    assert not (tmp_path / "x.docx").exists()


def test_a_wrong_word_section_stops_a_pdf_build_too(tmp_path):
    """The layout is checked as a whole, whatever is written from it."""
    packet, _ = _layout_with(tmp_path, "word:\n  fonts: 仿宋\n")
    result = run_cli("build", str(packet), "-o", str(tmp_path / "x.pdf"), "--layout", "mine")
    assert result.status == 1
    assert "word.fonts: Word 字体名应是“键: 值”形式的映射" in result.err
