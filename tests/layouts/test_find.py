"""layouts/find.py: a layout given by path, or found on the search path by its folder's name or by its `name:`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packets import LAYOUTS, area_yaml, write_packet

from briefing.cli import main
from briefing.errors import LayoutError
from briefing.layouts.find import available_layouts, find_layout

from .folders import copy_layout, edit, line_of


def test_a_layout_in_the_packet_folder_is_found_by_name(tmp_path, capsys):
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="office")
    folder = copy_layout(root, "office")
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


def test_a_path_to_the_folder_or_to_its_layout_yaml(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path, "elsewhere")
    assert find_layout(str(folder), None) == folder
    assert find_layout(str(folder / "layout.yaml"), None) == folder
    with pytest.raises(LayoutError):
        find_layout(str(tmp_path / "no-such-folder"), None)
    with pytest.raises(LayoutError):
        find_layout("x" * 300, None), "a name too long for the system is no layout, not a crash"


def test_available_layouts_nearer_ones_hide_shipped_ones(tmp_path: Path) -> None:
    root = tmp_path / "p"
    edit(copy_layout(root, "gbt9704"), "description: 公文格式", "description: 本单位改过的公文格式")
    shelf = {name: (folder, description) for name, folder, description in available_layouts(root)}
    assert sorted(shelf) == ["briefing", "gbt9704"]
    assert shelf["gbt9704"] == (root / "layouts" / "gbt9704", shelf["gbt9704"][1])
    assert shelf["gbt9704"][1].startswith("本单位改过的公文格式")
    assert shelf["briefing"][0] == LAYOUTS / "briefing"
