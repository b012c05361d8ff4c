"""Fonts that come with a packet or a layout are untrusted files: links out of the folder are refused and a
font that cannot be parsed is a located message (exit 1), never a crash, a hang or a wrong PDF."""

from __future__ import annotations

import random
import re
import shutil
import struct
from pathlib import Path

import pytest
from conftest import Run, run_cli
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection
from fontTools.ttLib import TTFont as FontToolsFont
from guards import hang_guard
from packets import LAYOUTS, area_yaml, write_packet

# Every character of the small packet's text that the tiny face draws; the rest falls back to FandolFang.
CHARS = "测试领域汇报材料会议区人民政府办公室"
MANIFEST = "families:\n  Mine:\n    file: Mine.ttf\n    fallback: FandolFang\nroles:\n  fangsong: Mine\n"
FILE_ENTRY = r"fonts\.yaml:3:11: families\.Mine\.file: "


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))


def tiny_font(path: Path, name: str = "Tiny") -> Path:
    """A valid TrueType face of a few dozen square glyphs, 2 KB."""
    builder = FontBuilder(1000, isTTF=True)
    glyphs = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in CHARS]
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in CHARS}})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((900, 700))
    pen.closePath()
    box = pen.glyph()
    builder.setupGlyf({glyph: box for glyph in glyphs})
    builder.setupHorizontalMetrics({glyph: (1000, 100) for glyph in glyphs})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": name, "styleName": "Regular", "psName": f"{name}-Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def packet_with_font(tmp_path: Path, font: bytes | None = None, manifest: str = MANIFEST) -> Path:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="汇报材料。")})
    fonts = root / "fonts"
    fonts.mkdir()
    (fonts / "fonts.yaml").write_text(manifest, encoding="utf-8")
    if font is not None:
        (fonts / "Mine.ttf").write_bytes(font)
    return root


def build(root: Path, tmp_path: Path, *extra: str) -> Run:
    return run_cli("build", str(root), "-o", str(tmp_path / "out.pdf"), *extra)


def tables(data: bytes) -> dict[bytes, tuple[int, int, int]]:
    """tag -> (directory entry position, offset, length) of a plain TrueType file."""
    count = struct.unpack_from(">H", data, 4)[0]
    found = {}
    for number in range(count):
        entry = 12 + 16 * number
        offset, length = struct.unpack_from(">LL", data, entry + 8)
        found[data[entry : entry + 4]] = (entry, offset, length)
    return found


def with_table(data: bytes, tag: bytes, content: bytes) -> bytes:
    """The font with one table replaced by `content`, appended at the end of the file."""
    entry, _, _ = tables(data)[tag]
    padded = data + b"\0" * (-len(data) % 4)
    changed = bytearray(padded + content)
    struct.pack_into(">LL", changed, entry + 8, len(padded), len(content))
    return bytes(changed)


def cmap_bomb(data: bytes) -> bytes:
    """A cmap whose one format-12 group claims every 32-bit code: ReportLab would loop 4 billion times."""
    subtable = struct.pack(">HHLLLLLL", 12, 0, 28, 0, 1, 0, 0xFFFFFFFF, 1)
    return with_table(data, b"cmap", struct.pack(">HHHHL", 0, 1, 3, 10, 12) + subtable)


def runaway_composite(data: bytes) -> bytes:
    """Glyph 2 made a composite whose component records run on past its own end."""
    _, glyf, _ = tables(data)[b"glyf"]
    _, loca, _ = tables(data)[b"loca"]
    short = struct.unpack_from(">h", data, tables(data)[b"head"][1] + 50)[0] == 0
    at = struct.unpack_from(">H" if short else ">L", data, loca + (4 if short else 8))[0] * (
        2 if short else 1
    )
    changed = bytearray(data)
    struct.pack_into(">h", changed, glyf + at, -1)
    for record in range(glyf + at + 10, glyf + at + 10 + 64, 8):
        struct.pack_into(">HHHH", changed, record, 0x0021, 1, 0, 0)  # MORE_COMPONENTS | ARG_1_AND_2_ARE_WORDS
    return bytes(changed)


def cmap_past_the_glyphs(data: bytes) -> bytes:
    """A cmap that sends 测 to glyph 9999 of a face of a few dozen: it parses, and fails when subset."""
    gids = {ord(" "): 1} | {ord(c): index for index, c in enumerate(CHARS, start=2)} | {ord("测"): 9999}
    groups = b"".join(struct.pack(">LLL", code, code, gid) for code, gid in sorted(gids.items()))
    subtable = struct.pack(">HHLLL", 12, 0, 16 + len(groups), 0, len(gids)) + groups
    return with_table(data, b"cmap", struct.pack(">HHHHL", 0, 1, 3, 10, 12) + subtable)


def collection(tmp_path: Path) -> bytes:
    faces = [FontToolsFont(str(tiny_font(tmp_path / f"{n}.ttf", f"Tiny{n}"))) for n in (1, 2)]
    bundle = TTCollection()
    bundle.fonts = faces
    bundle.save(str(tmp_path / "two.ttc"))
    return (tmp_path / "two.ttc").read_bytes()


CORRUPTIONS = {
    "truncated-in-directory": (lambda good, _: good[:100], "已损坏或不完整"),
    "truncated-by-half": (lambda good, _: good[: len(good) // 2], "已损坏或不完整"),
    "last-table-cut-by-one-byte": (
        lambda good, _: good[: max(offset + length for _, offset, length in tables(good).values()) - 1],
        "已损坏或不完整",
    ),
    "zero-bytes": (lambda good, _: b"", "已损坏或不完整"),
    "random-bytes": (lambda good, _: random.Random(7).randbytes(5000), "不是 TrueType 字体"),
    "png-renamed": (
        lambda good, _: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(200),
        "不是 TrueType 字体",
    ),
    "cff-outlines": (lambda good, _: b"OTTO" + good[4:], "PostScript（CFF）轮廓"),
    "cmap-claims-every-code": (lambda good, _: cmap_bomb(good), "已损坏或不完整"),
    "composite-runs-off-its-glyph": (lambda good, _: runaway_composite(good), "已损坏或不完整"),
    "cmap-points-past-the-glyphs": (lambda good, _: cmap_past_the_glyphs(good), "已损坏或不完整"),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_font_that_cannot_be_parsed_is_a_located_message(tmp_path, name):
    damage, words = CORRUPTIONS[name]
    good = tiny_font(tmp_path / "good.ttf").read_bytes()
    root = packet_with_font(tmp_path, damage(good, tmp_path))
    with hang_guard(120, "reading a font that lies about its tables"):
        result = build(root, tmp_path)
    assert result.status == 1, result
    message = next((line for line in result.err.splitlines() if "families.Mine.file" in line), result.err)
    assert re.search(FILE_ENTRY + r".*Mine\.ttf", message), message
    assert words in message, message
    assert "内部错误" not in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out.pdf").exists()


def test_a_collection_index_that_is_not_there_names_the_choices(tmp_path):
    bundle = collection(tmp_path)
    manifest = MANIFEST.replace("file: Mine.ttf\n", "file: Mine.ttc\n    index: 5\n")
    root = packet_with_font(tmp_path, manifest=manifest)
    (root / "fonts" / "Mine.ttc").write_bytes(bundle)
    result = build(root, tmp_path)
    assert result.status == 1, result
    assert (
        "fonts.yaml:3:11: families.Mine.file: 字体集 Mine.ttc 中没有序号为 5 的字体（共 2 个，序号 0–1）"
        in result.err
    )
    english = build(root, tmp_path, "--lang", "en")
    assert "font collection Mine.ttc has no font number 5 (it holds 2, numbered 0-1)" in english.err

    (root / "fonts" / "fonts.yaml").write_text(manifest.replace("index: 5", "index: 1"), encoding="utf-8")
    assert build(root, tmp_path).status == 0, "the second face of the collection is fine"


def test_a_good_font_builds_and_is_embedded(tmp_path):
    """The counterpart of the corruptions: the same tiny face, intact, sets the body."""
    root = packet_with_font(tmp_path, tiny_font(tmp_path / "good.ttf").read_bytes())
    result = build(root, tmp_path)
    assert result.status == 0, result
    assert b"Tiny-Regular" in (tmp_path / "out.pdf").read_bytes()


def test_a_font_path_that_is_a_pipe_says_so_once_and_does_not_hang(tmp_path):
    """A named pipe is there but is not a file: reading it would wait for a writer forever."""
    import os

    root = packet_with_font(tmp_path)
    os.mkfifo(root / "fonts" / "Mine.ttf")
    result = build(root, tmp_path)
    assert result.status == 1, result
    lines = result.err.splitlines()
    assert re.search(FILE_ENTRY + "字体文件 Mine.ttf 不是普通文件", lines[0]), result.err
    assert lines[1:] == ["共 1 个问题，未生成任何文件。"], (
        "the role naming the family is not a second mistake"
    )


def test_a_missing_font_file_is_one_message_and_a_role_of_an_unknown_family_is_located(tmp_path):
    root = packet_with_font(tmp_path)
    result = build(root, tmp_path)
    assert result.status == 1 and len(result.err.splitlines()) == 2, result.err
    assert re.search(FILE_ENTRY + "字体文件 Mine.ttf 不存在", result.err), result.err
    (root / "fonts" / "fonts.yaml").write_text(
        MANIFEST.replace("fangsong: Mine", "fangsong: Nonesuch"), "utf-8"
    )
    tiny_font(root / "fonts" / "Mine.ttf")
    result = build(root, tmp_path)
    assert result.status == 1, result
    assert re.search(
        r"fonts\.yaml:6:13: roles\.fangsong: 字体“Nonesuch”未在任何 fonts\.yaml 中登记", result.err
    )


# links out of the packet -----------------------------------------------------------------------------
def _elsewhere(tmp_path: Path) -> Path:
    """A folder outside the packet holding a perfectly good font (someone's licensed face, a key…)."""
    folder = tmp_path / "elsewhere-secret"
    folder.mkdir()
    tiny_font(folder / "licensed.ttf")
    return folder


def _refused(result: Run, where: str, tmp_path: Path) -> None:
    assert result.status == 1, result
    assert re.search(where, result.err), result.err
    assert "是指向所在材料或版式目录之外的符号链接" in result.err
    assert "elsewhere-secret" not in result.err and "licensed" not in result.err, "the target is not echoed"
    assert not (tmp_path / "out.pdf").exists()


def test_a_packet_font_linked_outside_the_packet_is_refused(tmp_path):
    outside = _elsewhere(tmp_path)
    root = packet_with_font(tmp_path)
    (root / "fonts" / "Mine.ttf").symlink_to(outside / "licensed.ttf")
    _refused(build(root, tmp_path), FILE_ENTRY + "Mine.ttf 是指向", tmp_path)
    english = build(root, tmp_path, "--lang", "en")
    assert "Mine.ttf is a symbolic link leading outside its packet or layout folder" in english.err


def test_a_packet_manifest_or_fonts_folder_linked_outside_is_refused(tmp_path):
    outside = _elsewhere(tmp_path)
    (outside / "fonts.yaml").write_text(MANIFEST.replace("Mine.ttf", "licensed.ttf"), encoding="utf-8")
    root = packet_with_font(tmp_path)
    (root / "fonts" / "fonts.yaml").unlink()
    (root / "fonts" / "fonts.yaml").symlink_to(outside / "fonts.yaml")
    _refused(build(root, tmp_path), r"fonts\.yaml: fonts\.yaml 是指向", tmp_path)

    shutil.rmtree(root / "fonts")
    (root / "fonts").symlink_to(outside)
    _refused(build(root, tmp_path), r"fonts\.yaml: fonts\.yaml 是指向", tmp_path)


def test_a_layout_font_linked_outside_the_layout_is_refused(tmp_path):
    outside = _elsewhere(tmp_path)
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")}, layout="mine")
    layout = root / "layouts" / "mine"
    shutil.copytree(LAYOUTS / "gbt9704", layout)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    commented = "# fonts:\n#   xiaobiaosong: {file: fonts/方正小标宋简体.ttf}"
    assert commented in text
    (layout / "layout.yaml").write_text(
        text.replace(commented, "fonts:\n  xiaobiaosong: {file: fonts/Mine.ttf}"), encoding="utf-8"
    )
    (layout / "fonts").mkdir()
    (layout / "fonts" / "Mine.ttf").symlink_to(outside / "licensed.ttf")
    _refused(
        build(root, tmp_path),
        r"layouts/mine/layout\.yaml:22:\d+: fonts\.xiaobiaosong\.file: Mine\.ttf 是指向",
        tmp_path,
    )

    (layout / "fonts" / "Mine.ttf").unlink()
    (layout / "fonts" / "Mine.ttf").write_bytes(collection(tmp_path)[:300])
    damaged = build(root, tmp_path)
    assert damaged.status == 1, damaged
    assert re.search(
        r"layouts/mine/layout\.yaml:22:\d+: fonts\.xiaobiaosong\.file: 字体文件 Mine\.ttf 已损坏", damaged.err
    ), damaged.err


def test_links_that_stay_inside_the_packet_are_followed(tmp_path):
    root = packet_with_font(tmp_path)
    (root / "shared").mkdir()
    tiny_font(root / "shared" / "kept.ttf")
    (root / "fonts" / "Mine.ttf").symlink_to(Path("..") / "shared" / "kept.ttf")
    result = build(root, tmp_path)
    assert result.status == 0, result
    assert b"Tiny-Regular" in (tmp_path / "out.pdf").read_bytes()


def test_the_users_own_fonts_folder_may_link_anywhere(tmp_path, monkeypatch):
    """The shipped fonts folder and the user's own are not a packet: a link there is the user's choice."""
    home = tmp_path / "home"
    (home / "fonts").mkdir(parents=True)
    outside = _elsewhere(tmp_path)
    (home / "fonts" / "Mine.ttf").symlink_to(outside / "licensed.ttf")
    (home / "fonts" / "fonts.yaml").write_text(MANIFEST, encoding="utf-8")
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域", summary="汇报材料。")})
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    result = build(root, tmp_path)
    assert result.status == 0, result
    assert b"Tiny-Regular" in (tmp_path / "out.pdf").read_bytes()
