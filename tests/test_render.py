"""The rendered PDF, judged as a reader sees it: text, positions, page numbers, contents, tables, fonts."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from packets import LAYOUTS, ROOT, SAMPLE, area_yaml, write_packet
from pdfcheck import MM, Pdf, tables

from briefing.cli import main
from briefing.errors import RenderError
from briefing.model.quantities import Figure
from briefing.pipeline import build_pdf, load_and_validate

A4 = (595.2756, 841.8898)
FRAME_LEFT, FRAME_TOP = 28 * MM, 37 * MM
FRAME_RIGHT, FRAME_BOTTOM = FRAME_LEFT + 156 * MM, FRAME_TOP + 225 * MM


@pytest.fixture(scope="module")
def sample():
    packet, rendered = build_pdf(SAMPLE, "gbt9704")
    return packet, Pdf(rendered.pdf)


@pytest.fixture(scope="module")
def sample_briefing():
    packet, rendered = build_pdf(SAMPLE, "briefing")
    return packet, Pdf(rendered.pdf)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_pages(pdf: Pdf) -> list[int]:
    return [index for index in range(len(pdf.pages)) if pdf.page_number(index)]


# text ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fixture", ["sample", "sample_briefing"])
def test_every_area_title_and_target_is_printed(fixture, request):
    packet, pdf = request.getfixturevalue(fixture)
    text = squash(pdf.all_text)
    cells = {cell for _, rows in tables(pdf.data) for row in rows for cell in row}
    for area in packet.areas:
        assert squash(area.title) in text, area.title
        for target in area.targets:
            assert target.name in cells, f"{area.key}: {target.name}"


def test_target_values_are_printed_in_their_rows(sample):
    packet, pdf = sample
    rows = [row for _, table in tables(pdf.data) for row in table]
    by_name = {row[1]: row for row in rows if len(row) == 6}
    for target in packet.targets:
        row = by_name[target.name]
        unit = target.unit
        for value, cell in ((target.last_year, row[3]), (target.target, row[4])):
            if value is None:
                assert cell == "—"
            elif isinstance(value, Figure) and unit == value.unit and not value.change and unit != "%":
                assert cell == value.text(with_unit=False)
            else:
                assert cell == squash(str(value))


def test_summary_paragraphs_are_printed(sample):
    packet, pdf = sample
    text = squash(pdf.body_text)
    for area in packet.areas:
        for paragraph in area.summary + area.last_year_results:
            assert squash(paragraph) in text, paragraph[:30]


# page geometry -----------------------------------------------------------------------------------------
def test_pages_are_a4(sample):
    _, pdf = sample
    for width, height in pdf.sizes:
        assert abs(width - A4[0]) < 0.5 and abs(height - A4[1]) < 0.5


def test_body_text_lies_inside_the_frame(sample):
    _, pdf = sample
    tolerance = 1 * MM
    pages = body_pages(pdf)
    assert len(pages) > 8
    for index in pages:
        number_row = pdf.page_number(index)[1]
        for char in pdf.pages[index]:
            if char in number_row or not char.text.strip():
                continue
            assert char.x0 >= FRAME_LEFT - tolerance, (index, char)
            assert char.x1 <= FRAME_RIGHT + tolerance, (index, char)
            assert char.top >= FRAME_TOP - tolerance, (index, char)
            assert char.bottom <= FRAME_BOTTOM + tolerance, (index, char)


def test_page_numbers_alternate_sides_one_character_in(sample):
    _, pdf = sample
    numbers = []
    for index in body_pages(pdf):
        number, row = pdf.page_number(index)
        numbers.append(number)
        assert all(abs(c.size - 14) < 0.01 for c in row), "page numbers are 4号 (14 pt)"
        left, right = min(c.x0 for c in row), max(c.x1 for c in row)
        if number % 2:
            assert abs(right - (FRAME_RIGHT - 14)) < 1.0, (number, right)
        else:
            assert abs(left - (FRAME_LEFT + 14)) < 1.0, (number, left)
        dash = row[0]
        assert dash.text == "—"
        middle = (dash.top + dash.bottom) / 2
        assert abs(middle - (FRAME_BOTTOM + 7 * MM)) < 1.0, (number, middle)
    assert numbers == list(range(1, len(numbers) + 1))
    assert {n % 2 for n in numbers} == {0, 1}


def test_contents_entries_point_at_the_pages_of_their_headings(sample):
    packet, pdf = sample
    pages = pdf.page_of_number()
    contents_page = next(i for i in range(len(pdf.pages)) if "目" in pdf.text(i) and "录" in pdf.text(i))
    entries = []
    for line in pdf.line_texts(contents_page)[1:]:
        match = re.match(r"^(.*?)(\d+)$", line)
        assert match, line
        entries.append((match[1], int(match[2])))
    assert len(entries) == len(packet.areas) + 1
    for (title, _), area in zip(entries, packet.areas, strict=False):
        assert squash(area.title) in squash(title)
    for title, number in entries:
        heading_page = pages[number]
        first_lines = [squash(t) for t in pdf.line_texts(heading_page)]
        assert any(line.startswith(squash(title)[:10]) for line in first_lines), (title, number)


def test_contents_numbers_follow_their_entries_in_reading_order(sample):
    """Copying the contents out (or a screen reader) gives each entry followed by its page number, in the
    order the content stream draws them, and the page carries no form XObjects for the numbers."""
    _, pdf = sample
    contents_page = next(i for i in range(len(pdf.pages)) if "目" in pdf.text(i) and "录" in pdf.text(i))
    page = pdf.reader.pages[contents_page]
    streamed = page.extract_text(extraction_mode="plain")
    lines = [line for line in streamed.splitlines() if line.strip()][1:]
    assert len(lines) >= 9 and all(re.search(r"\S \d+$", line) for line in lines), lines
    assert not (page["/Resources"].get("/XObject") or {}), "page numbers are drawn inline, not as forms"
    assert b"%briefing-contents-number" not in page.get_contents().get_data(), "every mark was filled"


def test_bookmarks_go_from_areas_to_their_tables(sample):
    packet, pdf = sample
    outline = pdf.outline()
    top = [(title, page) for level, title, page in outline if level == 0]
    assert [t for t, _ in top][: len(packet.areas)] == [
        f"{n}、{a.title}" for n, a in zip("一二三四五六七八", packet.areas, strict=False)
    ]
    for title, page in top:
        assert squash(title)[:10] in squash(pdf.text(page))
    levels = [level for level, _, _ in outline]
    assert 1 in levels and max(levels) == 1
    assert any("主要目标指标" in title for level, title, _ in outline if level == 1)


def test_document_metadata(sample):
    packet, pdf = sample
    info = pdf.reader.metadata
    assert info.title == packet.title
    assert info.author == packet.issuer
    assert info.subject == packet.meeting
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "zh-CN"


def _cid_widths(descendant) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """CID -> advance (1/1000 em) from a CIDFont's W array; CIDs not listed take DW."""
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    for start, run in zip(items[::2], items[1::2], strict=True):
        for offset, width in enumerate(run):
            widths[int(start) + offset] = float(width)
    return widths


def _bfchars(cmap: bytes) -> dict[int, str]:
    entries = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S))
    return {
        int(cid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for cid, text in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]+)>", entries)
    }


def test_every_font_is_embedded_and_subset(sample, sample_briefing):
    """Each font is one Type0 font whose program holds just the glyphs drawn, with widths and a ToUnicode
    map that agree with that program (a viewer places glyphs by W; copying text out reads ToUnicode)."""
    for _, pdf in (sample, sample_briefing):
        fonts = pdf.fonts()
        assert len(fonts) >= 4
        for name, font in fonts.items():
            assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
            assert (font["/Subtype"], font["/Encoding"]) == ("/Type0", "/Identity-H"), name
            descendant = font["/DescendantFonts"][0].get_object()
            assert descendant["/Subtype"] == "/CIDFontType2" and descendant["/CIDToGIDMap"] == "/Identity"
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            glyphs = program.getGlyphOrder()
            to_unicode = _bfchars(font["/ToUnicode"].get_object().get_data())
            assert sorted(to_unicode) == list(range(1, len(glyphs))), f"{name}: a CID copies out as nothing"
            assert len(glyphs) < 2500, f"{name} embeds {len(glyphs)} glyphs: not a subset"
            per_em = 1000 / program["head"].unitsPerEm
            listed = _cid_widths(descendant)
            default = float(descendant["/DW"])
            for cid, glyph in enumerate(glyphs[1:], start=1):
                advance = program["hmtx"][glyph][0] * per_em
                assert listed.get(cid, default) == pytest.approx(advance, abs=1e-3), (name, cid)


def test_font_dictionaries_are_indirect_objects(sample):
    """Direct font dictionaries are legal, but poppler (pdftotext, pdffonts, Evince) then loses their
    ToUnicode maps and reports xref errors: every font in a page's resources must be a reference."""
    import pikepdf

    _, pdf = sample
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        fonts = document.pages[2].Resources.Font
        assert len(fonts) >= 4
        for name, font in fonts.items():
            assert font.is_indirect, name
        assert not any("/Trans" in page.obj for page in document.pages), "no empty transitions"


def _bundled_programs() -> dict[str, TTFont]:
    """The shipped font files by PostScript name."""
    programs = {}
    for path in (ROOT / "fonts").glob("*.ttf"):
        font = TTFont(path, lazy=True)
        programs[font["name"].getDebugName(6)] = font
    return programs


def test_each_cid_draws_the_glyph_of_its_character(tmp_path):
    """CID n must be glyph n of the embedded program and that glyph must be the character's own: a code
    off by one would still copy out right (ToUnicode) while printing the neighbouring glyph."""
    odd = "甲\u00a0乙\u200b丙𠅤丁 R&D 2023年"  # no-break space, zero-width space, a non-BMP ideograph
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试", summary=odd)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    assert "甲 乙丙𠅤丁 R&D 2023年" in pdf.all_text, "spaces copy out as spaces, not no-break spaces"
    bundled = _bundled_programs()
    checked = 0
    for name, font in pdf.fonts().items():
        face = re.sub(r"^/[A-Z]{6}\+|-[0-9A-F]{8}$", "", name)
        source = bundled[face]
        cmap = source.getBestCmap()
        descendant = font["/DescendantFonts"][0].get_object()
        program = TTFont(io.BytesIO(descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        order = program.getGlyphOrder()
        for cid, text in _bfchars(font["/ToUnicode"].get_object().get_data()).items():
            embedded = program["glyf"][order[cid]]
            original = source["glyf"][cmap[ord(text)]]
            assert (
                embedded.getCoordinates(program["glyf"])[0] == original.getCoordinates(source["glyf"])[0]
            ), (
                name,
                text,
            )
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("file", ["FandolFang-Regular.subset.ttf", "NotoSerifCJKsc-Regular.subset.ttf"])
def test_a_cached_face_is_the_parsed_face(tmp_path, monkeypatch, file):
    """The font cache keeps the per-glyph tables as arrays and works out widths on demand: every width,
    metric and subset it gives must be what ReportLab's own parse gives."""
    from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

    from briefing.errors import Source
    from briefing.model.layout import FontSpec
    from briefing.render.fonts.cache import load_cached, store_cached
    from briefing.render.fonts.parse import mend_trailing_advances

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path))
    spec = FontSpec("F", ROOT / "fonts" / file, 0, None, None, Source("fonts.yaml"))
    parsed = ReportLabFont("parsed", str(spec.path), asciiReadable=False)
    mend_trailing_advances(parsed.face)
    store_cached(spec, parsed)
    cached = load_cached(spec, "cached")
    assert cached is not None, "the face was cached"
    fresh, kept = parsed.face, cached.face
    assert kept.charToGlyph == fresh.charToGlyph
    for code in [*fresh.charWidths, 0xA0, 0x20, 0x10FFFF]:
        assert kept.getCharWidth(code) == fresh.getCharWidth(code), hex(code)
    assert [kept.hmetrics[g] for g in range(len(fresh.hmetrics))] == fresh.hmetrics
    sample_text = sorted(set(SAMPLE.joinpath("areas").glob("*.yaml").__next__().read_text(encoding="utf-8")))
    codes = [ord(c) for c in sample_text if ord(c) in fresh.charToGlyph]
    assert len(codes) > 300
    assert kept.makeSubset(codes) == fresh.makeSubset(codes)


def test_fonts_hold_only_the_characters_printed(sample):
    """The sample's body font carries exactly the characters of the text set in it, not the whole face."""
    _, pdf = sample
    fang = next(font for name, font in pdf.fonts().items() if "FandolFang" in name)
    printed = set(_bfchars(fang["/ToUnicode"].get_object().get_data()).values())
    text = set(pdf.all_text)
    assert printed <= text | {" "}
    assert {"东", "昌", "区", "。"} <= printed


def test_rebuild_is_byte_identical():
    _, first = build_pdf(SAMPLE, "gbt9704")
    _, second = build_pdf(SAMPLE, "gbt9704")
    assert first.pdf == second.pdf


# tables ------------------------------------------------------------------------------------------------
def _many_projects(count: int) -> list[dict[str, str]]:
    projects = []
    for number in range(1, count + 1):
        projects.append(
            {
                "name": f"第{number}号测试项目（道路、管网和附属设施建设）",
                "kind": "新建" if number % 3 == 0 else "续建",
                "total_investment": f"{number * 1000 + 500}万元" if number % 7 else f"{number / 10}亿元",
                "annual_investment": f"{number * 100 + 50}万元",
                "status": "完成主体工程建设，年内投入使用" * (1 + number % 3),
            }
        )
    return projects


def test_long_project_table_repeats_header_and_says_continued(tmp_path):
    projects = _many_projects(60)
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", projects)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    found = tables(rendered.pdf)
    project_tables = [(page, rows) for page, rows in found if rows and rows[0][1] == "项目名称"]
    assert len(project_tables) >= 3, "60 projects must span several pages"
    pages = [page for page, _ in project_tables]
    assert pages == sorted(set(pages))
    for page, rows in project_tables[1:]:
        assert rows[0][:3] == ["序号", "项目名称", "性质"], "header repeated on every page"
        assert re.search(r"续表\d+", pdf.text(page)), f"page {page + 1} lacks 续表"
    assert "续表" not in pdf.text(project_tables[0][0])

    listed = [row for _, rows in project_tables for row in rows[1:] if row[0].isdigit()]
    assert [int(row[0]) for row in listed] == list(range(1, 61))
    total_row = next(row for _, rows in project_tables for row in rows if row[1].startswith("合计"))
    expected_total = sum(Figure_to_wan(p["total_investment"]) for p in projects)
    expected_annual = sum(Figure_to_wan(p["annual_investment"]) for p in projects)
    assert Decimal(total_row[3]) == expected_total
    assert Decimal(total_row[4]) == expected_annual
    subtotals = [row for _, rows in project_tables for row in rows if "小计" in row[1]]
    assert len(subtotals) == 2
    assert sum(Decimal(row[3]) for row in subtotals) == expected_total


def Figure_to_wan(text: str) -> Decimal:
    if text.endswith("亿元"):
        return Decimal(text[:-2]) * 10000
    return Decimal(text[:-2])


# escaping, glyphs and failures ------------------------------------------------------------------------
def test_markup_in_data_prints_literally(tmp_path):
    root = write_packet(
        tmp_path / "p",
        {
            "01-a.yaml": area_yaml(
                "R&D与<b>创新</b>",
                [{"name": "x<y & z>w 项目", "kind": "新建", "note": "'\"<br>\" &amp;'"}],
                summary="研发投入R&D占比提高，x<y时取<b>较大值</b>&nbsp;。",
            )
        },
    )
    _, rendered = build_pdf(root)
    cells = [squash(cell) for _, rows in tables(rendered.pdf) for row in rows for cell in row]
    assert "x<y&z>w项目" in cells
    assert '"<br>"&amp;' in cells
    text = squash(Pdf(rendered.pdf).all_text)
    for literal in (
        "R&D与<b>创新</b>",
        "研发投入R&D占比提高，x<y时取<b>较大值</b>&nbsp;。",
    ):
        assert literal in text, literal


def test_a_character_no_font_has_is_a_located_error(tmp_path):
    root = write_packet(
        tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="含有私用区字符\U0010fffd的段落。")}
    )
    with pytest.raises(RenderError) as caught:
        build_pdf(root)
    message = caught.value.render("zh")
    assert message.startswith("areas/01-a.yaml:3:")
    assert "summary[1]" in message and "\U0010fffd" in message and "U+10FFFD" in message


def test_failed_build_leaves_the_existing_pdf_untouched(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="私用区\U0010fffd")})
    output = tmp_path / "out" / "packet.pdf"
    output.parent.mkdir()
    output.write_bytes(b"%PDF-1.4 the old packet")
    assert main(["build", str(root), "-o", str(output)]) == 1
    assert output.read_bytes() == b"%PDF-1.4 the old packet"
    assert sorted(p.name for p in output.parent.iterdir()) == ["packet.pdf"]
    assert "Traceback" not in capsys.readouterr().err


def test_a_linked_output_keeps_its_link_and_a_pipe_is_written_through(tmp_path):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    target = tmp_path / "shared" / "packet.pdf"
    target.parent.mkdir()
    link = tmp_path / "latest.pdf"
    link.symlink_to(target)
    assert main(["build", str(root), "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert main(["build", str(root), "-o", str(pipe)]) == 0
    reader.join(timeout=30)
    assert received == [target.read_bytes()], "a pipe gets the PDF itself, not replaced by a file"
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_build_writes_the_pdf_and_reports_pages(tmp_path, capsys):
    output = tmp_path / "sample.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"%PDF-")
    assert "页" in capsys.readouterr().out


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
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", _many_projects(3))})
    with pytest.raises(RenderError) as caught:
        build_pdf(root, str(layout))
    message = caught.value.render("zh")
    assert message.startswith("areas/01-a.yaml:"), message
    assert "projects" in message and "排不下" in message
    assert "0x" not in message and "<" not in message, "no Python repr may leak"


# layouts -----------------------------------------------------------------------------------------------
def test_a_user_layout_made_by_copying_files_needs_no_code(tmp_path):
    layout = tmp_path / "my-layouts" / "office"
    shutil.copytree(LAYOUTS / "gbt9704", layout)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    text = text.replace("name: gbt9704", "name: office")
    text = (
        text.replace("top: 37mm", "top: 30mm")
        .replace("inner: 28mm", "inner: 20mm")
        .replace("outer: 26mm", "outer: 20mm")
    )
    text = text.replace("fangsong: FandolFang", "fangsong: BriefKai")
    (layout / "layout.yaml").write_text(text, encoding="utf-8")
    output = tmp_path / "office.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output), "--layout", str(layout)]) == 0
    pdf = Pdf(output.read_bytes())
    left, top, width = 20 * MM, 30 * MM, A4[0] - 40 * MM
    page = body_pages(pdf)[0]
    body = [c for c in pdf.pages[page] if c.text.strip() and c not in pdf.page_number(page)[1]]
    assert min(c.x0 for c in body) >= left - MM and max(c.x1 for c in body) <= left + width + MM
    assert abs(min(c.top for c in body) - top) < 12
    assert any("BriefKai" in c.font for c in body if abs(c.size - 16) < 0.1)


def test_briefing_layout_has_key_figures_chart_and_contents(sample_briefing):
    packet, pdf = sample_briefing
    text = squash(pdf.all_text)
    assert "目录" in text
    assert "增长目标" in text, "the chart title"
    first_target = next(t for t in packet.areas[0].targets if isinstance(t.target, Figure))
    assert squash(str(first_target.target)) in text


def test_layouts_command_lists_both_shipped_layouts(capsys):
    assert main(["layouts"]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert {"gbt9704", "briefing"} <= set(names)


def test_sample_validates_before_rendering():
    packet = load_and_validate(SAMPLE)
    assert packet.layout == "gbt9704"


def test_output_folder_is_created_and_path_is_reported(tmp_path, capsys):
    output: Path = tmp_path / "nested" / "dir" / "x.pdf"
    assert main(["build", str(SAMPLE), "-o", str(output)]) == 0
    assert output.is_file()


def test_a_cell_taller_than_a_page_is_split_across_pages(tmp_path):
    status = "".join(f"第{n}阶段完成征地拆迁、管网迁改和主体工程建设。" for n in range(1, 90))
    projects = [
        {"name": "甲项目", "kind": "新建", "total_investment": "1亿元"},
        {"name": "超长说明项目", "kind": "续建", "status": status},
        {"name": "乙项目", "kind": "续建", "total_investment": "2000万元"},
    ]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", projects)})
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    found = tables(rendered.pdf)
    status_parts = [
        (page, row[5]) for page, rows in found for row in rows if len(row) > 5 and "阶段" in row[5]
    ]
    pages = sorted({page for page, _ in status_parts})
    # The status column is sized from its content now (wider than the old 3* share), so fewer pages.
    assert len(pages) >= 3, "a 90-sentence cell runs over several pages"
    assert squash("".join(text for _, text in status_parts)) == squash(status), (
        "every line printed once, in order"
    )
    for page in pages[1:]:
        assert re.search(r"续表\d+", pdf.text(page))
        assert any(rows[0][1] == "项目名称" for p, rows in found if p == page), "the header is repeated"
