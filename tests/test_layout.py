"""Layouts and fonts are files: found on the search path, validated with located errors, no code needed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from packets import LAYOUTS, ROOT, SAMPLE, area_yaml, write_packet
from pdfcheck import Pdf

from briefing.cli import main
from briefing.errors import LayoutError
from briefing.layouts.build import load_layout
from briefing.pipeline import build_pdf

FONTS = ROOT / "fonts"


def copy_layout(tmp_path: Path, name: str = "mine") -> Path:
    folder = tmp_path / "layouts" / name
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    return folder


def edit(folder: Path, old: str, new: str, file: str = "layout.yaml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, file: str = "layout.yaml") -> int:
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "size: 三号, leading: 28.99pt, indent: 2字, align: justify}",
            "size: 三好, leading: 28.99pt, indent: 2字, align: justify}",
            "styles.body.size",
            "字号",
        ),
        ("top: 37mm", "top: 37 millimetres", "page.top", "长度"),
        (
            "  h1:          {font: hei,",
            "  h1:          {font: heii,",
            "styles.h1.font",
            "未在任何 fonts.yaml 中登记",
        ),
        ('grid_color: "#000000"', "grid_color: black", "table.grid_color", "#RRGGBB"),
        (
            "blocks: [cover, contents, areas, grand_total]",
            "blocks: [cover, contents, areas, appendix]",
            "blocks",
            "不是允许的值",
        ),
        (", align: justify}\n  h1:", ", align: justify, colour: red}\n  h1:", "styles.body.colour", "color"),
        # A grid the body text cannot fill: glyphs or lines would overlap (1 character also divided by 0).
        ("chars: 28 ", "chars: 80 ", "grid.chars", "每行 80 字排不下：正文 16pt 时，版心每行应为 2 至 30 字"),
        ("chars: 28 ", "chars: 1 ", "grid.chars", "每行 1 字排不下"),
        ("lines: 22 ", "lines: 40 ", "grid.lines", "每页 40 行排不下：正文 16pt 时，版心每页应为 1 至 39 行"),
    ],
)
def test_layout_mistakes_are_located(tmp_path, old, new, field, words):
    folder = copy_layout(tmp_path)
    edit(folder, old, new)
    with pytest.raises(LayoutError) as caught:
        load_layout(str(folder))
    message = caught.value.render("zh")
    assert re.search(
        rf"^mine/layout\.yaml:{line_of(folder, new.split(chr(10))[0].strip()[:12])}:\d+: {re.escape(field)}: ",
        message,
        re.M,
    ), message
    assert words in message


def test_a_build_without_a_home_folder_works_uncached(tmp_path, monkeypatch, capsys):
    """No $HOME and no passwd entry (a container's arbitrary user): nothing to cache in, nothing breaks."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in ("BRIEFING_CACHE", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    assert main(["build", str(root), "-o", str(tmp_path / "out.pdf")]) == 0
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert main(["layouts"]) == 0
    recipients = tmp_path / "recipients.yaml"
    recipients.write_text("- name: 王明\n  email: wang@example.org\n", encoding="utf-8")
    # send without mail settings: a located message naming where they were looked for, not a crash
    assert main(["send", str(root), "--recipients", str(recipients), "--out", str(tmp_path / "s")]) == 1
    assert "~/.config/briefing/mail.yaml" in capsys.readouterr().err


def test_a_layout_in_the_packet_folder_is_found_by_name(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="office")
    folder = root / "layouts" / "office"
    shutil.copytree(LAYOUTS / "gbt9704", folder)
    edit(folder, "name: gbt9704", "name: office")
    edit(folder, "description: 公文格式", "description: 本单位版式 公文格式")
    assert main(["layouts", str(root)]) == 0
    listed = capsys.readouterr().out
    assert re.search(r"^office\t本单位版式", listed, re.M)
    assert main(["build", str(root), "-o", str(tmp_path / "out.pdf")]) == 0

    # A mistake in it is named from the packet, where the user finds the file.
    edit(folder, "chars: 28", "chars: 1")
    assert main(["build", str(root), "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert re.search(
        rf"^layouts/office/layout\.yaml:{line_of(folder, 'chars: 1')}:\d+: grid\.chars", err, re.M
    ), err


def test_an_unknown_layout_names_the_ones_there_are(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="nonesuch")
    line = next(
        number
        for number, text in enumerate((root / "packet.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("layout:")
    )
    assert main(["build", str(root), "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"packet.yaml:{line}:9: layout: "), err
    assert "nonesuch" in err and "briefing、gbt9704" in err
    assert main(["--lang", "en", "build", str(root), "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert "available: briefing, gbt9704 (searched: " in err and "、" not in err and "；" not in err, err


def test_an_unknown_layout_on_the_command_line_is_reported_there(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    assert main(["build", str(root), "--layout", "nonesuch", "-o", str(tmp_path / "out.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--layout: 找不到版式“nonesuch”"), err
    assert not (tmp_path / "out.pdf").exists()


def _font_named(source: Path, target: Path, family: str, postscript: str) -> Path:
    font = FontToolsFont(str(source))
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = postscript
    font.save(str(target))
    return target


def quote_widths(pdf: Pdf, page: int) -> list[float]:
    return [round(c.x1 - c.x0, 1) for c in pdf.pages[page] if c.text == "“"]


def test_a_user_font_is_a_file_and_a_manifest_entry(tmp_path):
    """A stand-in for a licensed 仿宋_GB2312: a face whose “ is 0.35 em wide where FandolFang's is 1 em."""
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="用户“自己”的字体。")})
    fonts = root / "fonts"
    fonts.mkdir()
    _font_named(FONTS / "KaiSubset-Regular.ttf", fonts / "OfficeFang.ttf", "OfficeFang", "OfficeFang-Regular")
    (fonts / "fonts.yaml").write_text(
        "families:\n  OfficeFang:\n    file: OfficeFang.ttf\nroles:\n  fangsong: OfficeFang\n",
        encoding="utf-8",
    )
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    page = next(i for i in range(len(pdf.pages)) if "自己" in pdf.text(i) and pdf.page_number(i))
    assert quote_widths(pdf, page) == [5.6], "the body is set in the user's face (16 pt × 0.35)"
    assert any("OfficeFang" in name for name in pdf.fonts())


def test_the_user_font_is_not_confused_with_a_bundled_face_of_the_same_name(tmp_path):
    """ReportLab silently draws a second file registered under a taken PostScript name with the first
    file's glyphs; the registry must keep them apart."""
    root = write_packet(
        tmp_path / "p",
        {"01-a.yaml": area_yaml("测试领域", summary="正文“引号”。")},
        packet_extra="",
    )
    packet_yaml = root / "packet.yaml"
    packet_yaml.write_text(
        packet_yaml.read_text(encoding="utf-8").replace("meeting: 测试会议", "meeting: “测试”会议"),
        encoding="utf-8",
    )
    fonts = root / "fonts"
    fonts.mkdir()
    _font_named(FONTS / "KaiSubset-Regular.ttf", fonts / "Clash.ttf", "Clash", "FandolFang-Regular")
    (fonts / "fonts.yaml").write_text(
        "families:\n  Clash:\n    file: Clash.ttf\nroles:\n  kai: Clash\n", encoding="utf-8"
    )
    _, rendered = build_pdf(root)
    pdf = Pdf(rendered.pdf)
    assert quote_widths(pdf, 0) == [5.6], "the cover's meeting line (楷体 role) uses the user's face"
    body = next(i for i in range(len(pdf.pages)) if "引号" in pdf.text(i) and pdf.page_number(i))
    assert quote_widths(pdf, body) == [16.0], "the body keeps the bundled FandolFang"
    fang = [name for name in pdf.fonts() if "FandolFang-Regular" in name]
    assert len({name.split("+")[1] for name in fang}) == 2, fang


def test_manifest_mistakes_are_located(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    fonts = root / "fonts"
    fonts.mkdir()
    (fonts / "fonts.yaml").write_text("families:\n  Mine:\n    file: missing.ttf\n", encoding="utf-8")
    assert main(["build", str(root), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"fonts\.yaml:3:\d+: families\.Mine\.file: 字体文件 missing\.ttf 不存在", err), err


def test_the_wheel_carries_the_shipped_layouts_and_fonts(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "hatchling" in result.stderr:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("briefing-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for layout in ("gbt9704", "briefing"):
        for file in ("layout.yaml", "cover.j2", "section.j2", "distribution.j2"):
            assert f"briefing/_shipped/layouts/{layout}/{file}" in names
    assert "briefing/_shipped/fonts/fonts.yaml" in names
    for font in FONTS.glob("*.ttf"):
        assert f"briefing/_shipped/fonts/{font.name}" in names
    assert not any(name.endswith(".py") and "_shipped" in name for name in names), "no scripts among the data"
    assert any(name.startswith("briefing/_shipped/fonts/LICENSES/") for name in names)


def test_sample_builds_through_the_installed_console_script(tmp_path):
    script = Path(sys.executable).with_name("briefing")
    result = subprocess.run(
        [str(script), "build", str(SAMPLE), "-o", str(tmp_path / "s.pdf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_output_does_not_depend_on_what_the_process_registered_before(tmp_path):
    """Identical input, identical bytes: also after another face with a taken PostScript name was used."""
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="正文“引号”。")})
    fresh = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "build", str(root), "-o", str(tmp_path / "a.pdf")],
        capture_output=True,
        text=True,
    )
    assert fresh.returncode == 0, fresh.stderr
    test_the_user_font_is_not_confused_with_a_bundled_face_of_the_same_name(tmp_path / "other")
    _, rendered = build_pdf(root)
    assert rendered.pdf == (tmp_path / "a.pdf").read_bytes()
