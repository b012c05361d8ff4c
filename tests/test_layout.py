"""Layouts and fonts are files: found on the search path, validated with located errors, no code needed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from fontTools.ttLib import TTFont as FontToolsFont
from packets import ROOT, SAMPLE, area_yaml, write_packet
from pdfcheck import Pdf

from briefing.cli import main
from briefing.pipeline import build_pdf

FONTS = ROOT / "fonts"


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
