"""The warm build session: files edited between rebuilds, what each rebuild did again, and the PDF it wrote.

Every PDF a session writes is compared with a cold `build` of the same files: the same bytes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from packets import ROOT, copy_sample
from session_cases import cold, edit, own_layout

from briefing.errors import ChoiceError, LoadError, ValidationError
from briefing.pipeline import Options
from briefing.session import BuildSession, Reloaded, file_key

AREA = "areas/03-营商环境.yaml"


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    return copy_sample(tmp_path)


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part"))


def test_the_first_rebuild_reads_everything_and_writes_what_build_writes(
    packet: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out" / "x.pdf"
    rebuilt = BuildSession(packet, output).rebuild()
    assert rebuilt.result is not None and rebuilt.result.pages == 38
    assert rebuilt.reloaded.files[0] == "packet.yaml" and len(rebuilt.reloaded.files) == 9
    assert rebuilt.reloaded.validated and rebuilt.reloaded.layout and rebuilt.reloaded.rendered
    assert output.read_bytes() == cold(packet, tmp_path)


def test_nothing_changed_nothing_is_read_again_or_written(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    before = os.stat(output)
    (packet / AREA).touch()  # saved without a change: its digest is what it was
    rebuilt = session.rebuild()
    assert rebuilt.result is None and rebuilt.reloaded == Reloaded()
    assert os.stat(output).st_mtime_ns == before.st_mtime_ns and os.stat(output).st_ino == before.st_ino


def test_an_edited_area_is_the_only_file_parsed_again(
    packet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdfcheck import Pdf
    from reportlab.pdfbase import pdfmetrics

    import briefing.compose.templates

    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    fonts = set(pdfmetrics.getRegisteredFontNames())
    compiled: list[str] = []
    compile_template = briefing.compose.templates.compile_template
    monkeypatch.setattr(
        briefing.compose.templates,
        "compile_template",
        lambda env, source: compiled.append(source) or compile_template(env, source),
    )
    edit(packet / AREA, "title: 着力深化改革，打造最优营商环境", "title: 着力深化改革，打造一流营商环境")
    rebuilt = session.rebuild()
    assert rebuilt.reloaded == Reloaded((AREA,), validated=True, rendered=True)  # no layout, no fonts
    assert set(pdfmetrics.getRegisteredFontNames()) == fonts  # no font file was read again
    assert compiled == []  # nor any template compiled (or read from the cache) again
    assert "三、着力深化改革，打造一流营商环境" in Pdf(output.read_bytes()).text(1)  # the contents too
    assert output.read_bytes() == cold(packet, tmp_path)


def test_a_save_in_the_same_tick_of_the_same_size_is_still_seen(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    path = packet / AREA
    before = os.stat(path)
    edit(path, "title: 着力深化改革", "title: 着力推进改革")  # the same number of bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the time it had
    assert session.rebuild().reloaded.files == (AREA,)
    assert output.read_bytes() == cold(packet, tmp_path)


def test_invalid_data_keeps_the_previous_pdf_and_is_reported_again_until_fixed(
    packet: Path, tmp_path: Path
) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    first = output.read_bytes()
    path = packet / AREA
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "projects: 3\n", encoding="utf-8")  # a key given twice
    for _ in range(2):  # not parsed again, but reported again
        with pytest.raises(LoadError) as raised:
            session.rebuild()
        assert raised.value.issues[0].code == "load.duplicate-key"
        assert output.read_bytes() == first and leftovers(tmp_path) == []
    path.write_text(good.replace("lead_unit:", "lead_unit: 1\nlead_unit_x:", 1), encoding="utf-8")
    with pytest.raises(ValidationError):
        session.rebuild()
    assert output.read_bytes() == first
    path.write_text(good, encoding="utf-8")  # back as it was when the PDF was written
    rebuilt = session.rebuild()
    assert rebuilt.result is None and output.read_bytes() == first  # the PDF already shows these files
    assert not rebuilt.reloaded.validated  # nor validated again: it is the packet last found valid


def test_a_listed_area_deleted_then_restored(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    first = output.read_bytes()
    kept = (packet / AREA).read_bytes()
    (packet / AREA).unlink()
    with pytest.raises(LoadError) as raised:
        session.rebuild()
    assert [found.render() for found in raised.value.issues] == [
        "packet.yaml:16:5: areas[3]: 列出的文件 areas/03-营商环境.yaml 不存在；请检查文件名，或从 areas 清单中删去"
    ]
    assert output.read_bytes() == first
    (packet / AREA).write_bytes(kept)
    rebuilt = session.rebuild()
    assert rebuilt.result is None and output.read_bytes() == first  # the same files as the PDF shows


def test_an_area_renamed_in_a_packet_of_all_its_areas(packet: Path, tmp_path: Path) -> None:
    packet_yaml = packet / "packet.yaml"
    text = packet_yaml.read_text(encoding="utf-8")
    packet_yaml.write_text(text[: text.index("areas:\n")] + "areas: all\n", encoding="utf-8")
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    os.rename(packet / AREA, packet / "areas/09-营商环境.yaml")  # now the last area
    rebuilt = session.rebuild()
    assert rebuilt.reloaded.files == ("areas/09-营商环境.yaml",)
    assert output.read_bytes() == cold(packet, tmp_path)


def test_the_area_list_reordered_in_packet_yaml(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    edit(
        packet / "packet.yaml",
        "  - 01-扩大内需.yaml\n  - 02-产业升级.yaml\n",
        "  - 02-产业升级.yaml\n  - 01-扩大内需.yaml\n",
    )
    rebuilt = session.rebuild()
    assert rebuilt.reloaded.files == ("packet.yaml",) and not rebuilt.reloaded.layout
    assert output.read_bytes() == cold(packet, tmp_path)
    edit(packet / "packet.yaml", "  - 08-政府自身建设.yaml\n", "")  # an area dropped from the list
    assert session.rebuild().reloaded.files == ("packet.yaml",)
    assert output.read_bytes() == cold(packet, tmp_path)


def test_an_editors_save_through_a_temporary_file_and_a_rename(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    path = packet / AREA
    temporary = path.with_name(".03-营商环境.yaml.swp4913")
    temporary.write_text(
        path.read_text(encoding="utf-8").replace("最优营商环境", "一流营商环境", 1), encoding="utf-8"
    )
    assert session.rebuild().result is None  # the temporary file is nothing the packet reads
    os.replace(temporary, path)
    assert session.rebuild().reloaded.files == (AREA,)
    assert output.read_bytes() == cold(packet, tmp_path)


def test_an_edited_layout_is_loaded_again(packet: Path, tmp_path: Path) -> None:
    folder = own_layout(packet)
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    assert session.rebuild().result is None
    edit(folder / "layout.yaml", 'page_number: "— {{ page }} —"', 'page_number: "第 {{ page }} 页"')
    rebuilt = session.rebuild()
    assert rebuilt.reloaded == Reloaded((), layout=True, rendered=True)
    assert output.read_bytes() == cold(packet, tmp_path)
    edit(folder / "section.j2", "[@summary]", "[@summary]\n[meta]（本节完）")  # a template
    assert session.rebuild().reloaded.layout
    assert output.read_bytes() == cold(packet, tmp_path)
    assert folder in session.watched() and packet in session.watched()


def test_a_font_file_replaced_in_place_is_read_again(packet: Path, tmp_path: Path) -> None:
    from pdfcheck import Pdf

    folder = own_layout(packet)
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    before = {name.split("+")[1] for name in Pdf(output.read_bytes()).fonts()}
    replacement = tmp_path / "new.ttf"
    # A face no other role of gbt9704 uses, that covers the kai texts too.
    shutil.copy(ROOT / "fonts" / "NotoSansCJKsc-Bold.subset.ttf", replacement)
    os.replace(replacement, folder / "fonts" / "kai.ttf")
    rebuilt = session.rebuild()
    assert rebuilt.reloaded.layout and rebuilt.reloaded.fonts and rebuilt.reloaded.files == ()
    after = {name.split("+")[1] for name in Pdf(output.read_bytes()).fonts()}
    assert len(after) == len(before) and after != before
    assert any(name.startswith("NotoSansCJKsc-Bold") for name in after - before)
    assert output.read_bytes() == cold(packet, tmp_path)


def test_areas_chosen_for_the_session_are_found_again_on_every_rebuild(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    options = Options(areas="民生")
    session = BuildSession(packet, output, options)
    session.rebuild()
    assert output.read_bytes() == cold(packet, tmp_path, options)
    first = output.read_bytes()
    edit(packet / "areas/01-扩大内需.yaml", "title: 着力扩大内需", "title: 着力扩大内需、改善民生")
    with pytest.raises(ChoiceError) as raised:
        session.rebuild()  # 民生 is now in two titles
    assert raised.value.code == "chosen.ambiguous"
    assert output.read_bytes() == first


def test_a_deleted_output_is_written_again(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    output.unlink()
    assert session.rebuild().result is not None and output.read_bytes() == cold(packet, tmp_path)


def test_a_file_key_knows_content_times_and_what_is_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    key = file_key(path)
    assert key is not None and key.size == 5 and len(key.digest) == 16
    assert file_key(path, content=False) is not None and file_key(path, content=False).digest == b""  # type: ignore[union-attr]
    assert file_key(tmp_path) is None and file_key(tmp_path / "missing") is None


def test_only_the_tables_an_edit_touches_are_measured_again(
    packet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables of areas not edited keep their column widths and decimal insets from the last render; the
    PDF is still the cold build's, byte for byte."""
    import briefing.render.table_plan

    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    measured: list[str] = []
    columns = briefing.render.table_plan._columns
    monkeypatch.setattr(
        briefing.render.table_plan,
        "_columns",
        lambda block, layout, setter: measured.append(block.kind) or columns(block, layout, setter),
    )
    # The title is also a row of the 汇总 table (and the caption of the area's own tables, not measured).
    edit(packet / AREA, "title: 着力深化改革，打造最优营商环境", "title: 着力深化改革，打造一流营商环境")
    assert session.rebuild().result is not None
    assert measured == ["grand_total"]
    assert output.read_bytes() == cold(packet, tmp_path)
    measured.clear()
    edit(packet / AREA, "target: 11个", "target: 12个")  # a cell of the area's targets table
    assert session.rebuild().result is not None
    assert measured == ["targets"]
    assert output.read_bytes() == cold(packet, tmp_path)


def test_pages_an_edit_leaves_as_they_were_are_not_compressed_again(
    packet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    import briefing.render.compression

    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    compressed: list[int] = []
    compress = zlib.compress
    monkeypatch.setattr(
        briefing.render.compression.zlib,
        "compress",
        lambda data, *more: compressed.append(len(data)) or compress(data, *more),
    )
    # A figure in the area's targets table, in characters drawn on earlier pages: every font keeps its
    # CIDs (a glyph first drawn here would renumber that font's later glyphs on every page after it).
    edit(packet / AREA, "target: 11个", "target: 12个")
    rebuilt = session.rebuild()
    assert rebuilt.result is not None and rebuilt.result.pages == 38
    # A few streams (the page with the figure, what changed with it), not every page again.
    assert 0 < len(compressed) < 10, compressed
    assert output.read_bytes() == cold(packet, tmp_path)
