"""Word output: 份号, 分送, watermarks, embedded fonts, and what hostile text or a failed write does."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from conftest import run_cli
from docx.oxml.ns import qn
from packets import ROOT, SAMPLE, copy_sample
from wordcheck import NS, Docx, attribute

from briefing.word.fonts import obfuscate

RECIPIENTS = ROOT / "data" / "recipients-example.yaml"


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    result = run_cli(
        "build",
        str(SAMPLE),
        "--recipients",
        str(RECIPIENTS),
        "-o",
        str(folder),
        "--format",
        "docx",
        "--draft",
        "征求意见稿",
    )
    assert result.status == 0, result.err
    return folder, result


def watermarks(document: Docx) -> list[tuple[str, str]]:
    """(shape id, text) of every text-path shape in the first section's headers."""
    found = []
    for header in document.header_parts(document.sections[0]).values():
        for shape in header.iter("{urn:schemas-microsoft-com:vml}shape"):
            path = shape.find("v:textpath", NS)
            found.append((shape.get("id"), path.get("string")))
    return found


def test_numbered_copies_are_word_documents_named_by_copy_number(copies):
    folder, result = copies
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "000001-王明.docx",
        "000002-李红.docx",
        "000003-张伟.docx",
        "000004-刘洋.docx",
        "000005-陈静.docx",
    ]
    assert "已生成 5 份编号材料" in result.out


def test_each_copy_carries_its_copy_number_as_the_first_line(copies):
    folder, _ = copies
    for path in sorted(folder.iterdir()):
        document = Docx(path.read_bytes())
        first = document.paragraphs[0]
        assert first.text == path.name[:6]
        assert first.style == "份号"
        assert attribute(first.element.find("w:pPr/w:ind", NS), "firstLine") == "0"


def test_the_distribution_list_is_real_text_between_the_imprint_rules(copies):
    folder, _ = copies
    document = Docx((folder / "000003-张伟.docx").read_bytes())
    imprint = document.tables[-1]
    rows = document.rows(imprint)
    assert rows[0][0].startswith("分送：区发展和改革局王明（000001），")
    assert rows[0][0].endswith("区政府办公室陈静（000005）。")
    assert rows[1][0] == "通化市东昌区人民政府办公室\t2022年12月19日印发"
    position = imprint.find("w:tblPr/w:tblpPr", NS)
    assert (attribute(position, "vertAnchor"), attribute(position, "tblpYSpec")) == ("margin", "bottom")
    first, second = imprint.findall("w:tr/w:tc", NS)
    thick, thin = "8", "6"  # 0.35 mm and 0.25 mm in eighths of a point
    assert attribute(first.find("w:tcPr/w:tcBorders/w:top", NS), "sz") == thick
    assert attribute(second.find("w:tcPr/w:tcBorders/w:top", NS), "sz") == thin
    assert attribute(second.find("w:tcPr/w:tcBorders/w:bottom", NS), "sz") == thick


def test_the_draft_is_a_word_watermark_and_the_recipient_mark_is_tiled(copies):
    folder, _ = copies
    document = Docx((folder / "000001-王明.docx").read_bytes())
    marks = watermarks(document)
    drafts = [shape for shape in marks if shape[1] == "征求意见稿"]
    assert drafts and all(shape_id.startswith("PowerPlusWaterMarkObject") for shape_id, _ in drafts)
    assert len([shape for shape in marks if shape[1] == "王明 000001"]) == 2 * 6  # odd and even headers
    header = next(iter(document.header_parts(document.sections[0]).values()))
    assert len(header.findall(".//v:shapetype", NS)) == 1
    for section in document.sections[1:]:  # every later section shows the same headers
        assert not section.findall("w:headerReference", NS)


def test_embedded_fonts_are_the_bundled_files_obfuscated(tmp_path):
    result = run_cli("build", str(SAMPLE), "-o", str(tmp_path / "e.docx"), "--embed-fonts")
    assert result.status == 0, result.err
    assert "未嵌入" not in result.out
    document = Docx((tmp_path / "e.docx").read_bytes())
    assert document.xml("word/settings.xml").find("w:embedTrueTypeFonts", NS) is not None
    table = document.xml("word/fontTable.xml")
    embedded = {}
    for font in table.findall("w:font", NS):
        for kind in ("embedRegular", "embedBold"):
            node = font.find(f"w:{kind}", NS)
            if node is not None:
                part = document.related(node.get(qn("r:id")), "word/fontTable.xml")
                data = obfuscate(document.zip.read(part), node.get(qn("w:fontKey")))
                embedded[(font.get(qn("w:name")), kind)] = hashlib.sha256(data).hexdigest()
    bundled = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (ROOT / "fonts").glob("*.ttf")
    }
    assert embedded == {
        ("FandolFang R", "embedRegular"): bundled["FandolFang-Regular.subset.ttf"],
        ("Noto Serif CJK SC", "embedRegular"): bundled["NotoSerifCJKsc-Regular.subset.ttf"],
        ("Noto Serif CJK SC", "embedBold"): bundled["NotoSerifCJKsc-Bold.subset.ttf"],
        ("Noto Sans CJK SC", "embedRegular"): bundled["NotoSansCJKsc-Regular.subset.ttf"],
        ("BriefKai", "embedRegular"): bundled["KaiSubset-Regular.ttf"],
    }
    types = document.xml("[Content_Types].xml")
    overrides = {node.get("PartName"): node.get("ContentType") for node in types}
    assert (
        overrides["/word/fonts/font1.odttf"] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    )
    # The runs name the faces that travel with the file; the 小标宋 is the serif family's bold member.
    title = document.styles_by_name["封面标题"]
    assert attribute(title.find("w:rPr/w:rFonts", NS), "eastAsia") == "Noto Serif CJK SC"
    assert title.find("w:rPr/w:b", NS) is not None
    alternatives = {
        font.get(qn("w:name")): attribute(font.find("w:altName", NS), "val")
        for font in table.findall("w:font", NS)
    }
    assert alternatives["FandolFang R"] == "仿宋_GB2312,仿宋,FangSong"


def test_a_font_whose_licence_forbids_editable_embedding_is_named_not_embedded(tmp_path):
    from fontTools.ttLib import TTFont

    packet = copy_sample(tmp_path)
    fonts = packet / "fonts"
    fonts.mkdir()
    face = TTFont(ROOT / "fonts" / "KaiSubset-Regular.ttf")
    face["OS/2"].fsType = 4  # preview & print only: may travel in a PDF, not in a document one edits
    face.save(fonts / "PrintOnlyKai.ttf")
    (fonts / "fonts.yaml").write_text(
        "families:\n  PrintOnlyKai:\n    file: PrintOnlyKai.ttf\nroles:\n  kai: PrintOnlyKai\n",
        encoding="utf-8",
    )
    result = run_cli("build", str(packet), "-o", str(tmp_path / "k.docx"), "--embed-fonts")
    assert result.status == 0, result.err
    assert (
        "以下字体的许可不允许嵌入可编辑文档，未嵌入，文档中写其常用字体名：PrintOnlyKai (print-only)"
        in result.out
    )
    document = Docx((tmp_path / "k.docx").read_bytes())
    heading = document.styles_by_name["heading 2"]
    assert attribute(heading.find("w:rPr/w:rFonts", NS), "eastAsia") == "楷体_GB2312"
    names = {
        font.get(qn("w:name")): font for font in document.xml("word/fontTable.xml").findall("w:font", NS)
    }
    assert names["楷体_GB2312"].find("w:embedRegular", NS) is None
    assert names["FandolFang R"].find("w:embedRegular", NS) is not None


def test_xml_special_characters_travel_as_text(tmp_path):
    packet = copy_sample(tmp_path)
    yaml = packet / "packet.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: '东昌区<重点>&\"工作\"汇报 ]]> </w:t>'", text)
    yaml.write_text(text, encoding="utf-8")
    result = run_cli("build", str(packet), "-o", str(tmp_path / "x.docx"), "--draft", '<草稿> & "征求"')
    assert result.status == 0, result.err
    document = Docx((tmp_path / "x.docx").read_bytes())
    assert any(p.text == '东昌区<重点>&"工作"汇报 ]]> </w:t>' for p in document.paragraphs)
    assert ("PowerPlusWaterMarkObject1", '<草稿> & "征求"') in watermarks(document)
    assert document.document.core_properties.title == '东昌区<重点>&"工作"汇报 ]]> </w:t>'


def test_a_control_character_is_a_located_error_and_the_old_file_stays(tmp_path):
    target = tmp_path / "x.docx"
    target.write_bytes(b"previous")
    result = run_cli("build", str(SAMPLE), "-o", str(target), "--draft", "征求\x07意见稿")
    assert result.status == 2, "the command line's text is refused before anything is built, as for a PDF"
    assert "--draft 的文字中有控制字符 U+0007，印不出来；请删去这个字符" in result.err
    assert target.read_bytes() == b"previous"
    assert [path.name for path in tmp_path.iterdir()] == ["x.docx"]


def test_a_control_character_from_a_template_names_the_template(tmp_path):
    packet = copy_sample(tmp_path)
    layout = packet / "layouts" / "mine"
    shutil.copytree(ROOT / "layouts" / "gbt9704", layout)
    cover = layout / "cover.j2"
    cover.write_text(
        cover.read_text(encoding="utf-8").replace("[cover_issuer]", "[cover_issuer]\x08"), encoding="utf-8"
    )
    result = run_cli("build", str(packet), "-o", str(tmp_path / "x.docx"), "--layout", "mine")
    assert result.status == 1
    assert "U+0008" in result.err and not (tmp_path / "x.docx").exists()


def test_an_unwritable_output_is_a_located_delivery_error(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    result = run_cli("build", str(SAMPLE), "-o", str(blocked / "x.docx"))
    assert result.status == 1
    assert f"{blocked / 'x.docx'}: 无法写入" in result.err and "共 1 个问题，未生成任何文件。" in result.err


def test_long_titles_fit_the_document_properties(tmp_path):
    """The keywords are every area's title; python-docx refuses a property over 255 characters."""
    packet = copy_sample(tmp_path)
    yaml = packet / "packet.yaml"
    long_title = "东昌区重点工作汇报材料" * 30  # 330 characters
    yaml.write_text(re.sub(r"(?m)^title: .*$", f"title: {long_title}", yaml.read_text(encoding="utf-8")))
    for area in sorted((packet / "areas").glob("*.yaml")):  # eight titles of 40 characters and more
        text = area.read_text(encoding="utf-8")
        area.write_text(
            text.replace("title: ", "title: 坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，", 1),
            encoding="utf-8",
        )
    result = run_cli("build", str(packet), "-o", str(tmp_path / "long.docx"))
    assert result.status == 0, result.err
    core = Docx((tmp_path / "long.docx").read_bytes()).document.core_properties
    assert len(core.title) == 255 and core.title.endswith("…") and long_title.startswith(core.title[:-1])
    assert len(core.keywords) == 255 and core.keywords.startswith("坚持稳中求进工作总基调")


def test_a_font_file_naming_itself_with_a_control_character_is_not_embedded(tmp_path):
    """A font file is input too: its own family name goes into the document only if Word can take it."""
    from fontTools.ttLib import TTFont

    packet = copy_sample(tmp_path)
    fonts = packet / "fonts"
    fonts.mkdir()
    face = TTFont(ROOT / "fonts" / "KaiSubset-Regular.ttf")
    face["name"].setName('Brief\x01Kai, "x"', 1, 3, 1, 0x409)
    face.save(fonts / "OddKai.ttf")
    (fonts / "fonts.yaml").write_text(
        "families:\n  OddKai:\n    file: OddKai.ttf\nroles:\n  kai: OddKai\n", encoding="utf-8"
    )
    result = run_cli("build", str(packet), "-o", str(tmp_path / "odd.docx"), "--embed-fonts")
    assert result.status == 0, result.err
    assert "OddKai (name)" in result.out
    document = Docx((tmp_path / "odd.docx").read_bytes())
    heading = document.styles_by_name["heading 2"]
    assert attribute(heading.find("w:rPr/w:rFonts", NS), "eastAsia") == "楷体_GB2312"
