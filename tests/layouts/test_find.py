"""layouts/find.py: a layout given by path, or found on the search path by its folder's name or by its `name:`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from packets import area_yaml, write_packet

from briefing.cli import main
from briefing.errors import LayoutError, Source
from briefing.layouts.find import available_layouts, declared_name, display_folder, find_layout
from briefing.layouts.search import shipped_dir

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


def test_a_layout_is_found_by_the_name_its_layout_yaml_gives(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The README's recipe copies gbt9704 into layouts/本单位 and renames it in layout.yaml: the packet may
    then ask for it by either name."""
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")}, layout="office")
    folder = copy_layout(root, "本单位")
    edit(folder, "name: gbt9704", "name: office")
    assert find_layout("office", root) == folder
    assert find_layout("本单位", root) == folder
    assert main(["build", str(root), "-o", str(tmp_path / "out.pdf")]) == 0, capsys.readouterr().err
    assert main(["build", str(root), "--layout", "office", "-o", str(tmp_path / "out2.pdf")]) == 0
    assert (tmp_path / "out2.pdf").read_bytes() == (tmp_path / "out.pdf").read_bytes()


def test_a_folder_name_comes_before_a_declared_name(tmp_path: Path) -> None:
    """An unchanged copy of gbt9704 (still `name: gbt9704`) does not take the place of the shipped one."""
    root = tmp_path / "p"
    copy_layout(root, "copy")
    assert find_layout("gbt9704", root) == shipped_dir("layouts") / "gbt9704"
    renamed = copy_layout(root, "briefing-like")
    edit(renamed, "name: gbt9704", "name: briefing")
    assert find_layout("briefing", root) == shipped_dir("layouts") / "briefing"


def test_the_nearest_layout_declaring_a_name_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    root = tmp_path / "p"
    for base, folder in ((home, "b-user"), (root, "z-packet"), (root, "a-packet")):
        copy = copy_layout(base, folder)
        edit(copy, "name: gbt9704", "name: 本单位")
    assert find_layout("本单位", root) == root / "layouts" / "a-packet", "the packet's first, by folder order"
    assert find_layout("本单位", None) == home / "layouts" / "b-user"


def test_an_unknown_name_lists_folders_and_declared_names(tmp_path: Path) -> None:
    root = tmp_path / "p"
    edit(copy_layout(root, "folder"), "name: gbt9704", "name: declared")
    with pytest.raises(LayoutError) as raised:
        find_layout("nonesuch", root, (Source("packet.yaml", 6, 9), "layout"))
    (found,) = raised.value.issues
    assert found.source == Source("packet.yaml", 6, 9) and found.field == "layout"
    assert found.params["known"] == ("briefing", "declared", "folder", "gbt9704")
    assert found.params["searched"][0] == str(root / "layouts")


def test_a_path_to_the_folder_or_to_its_layout_yaml(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path, "elsewhere")
    assert find_layout(str(folder), None) == folder
    assert find_layout(str(folder / "layout.yaml"), None) == folder
    with pytest.raises(LayoutError):
        find_layout(str(tmp_path / "no-such-folder"), None)
    with pytest.raises(LayoutError):
        find_layout("x" * 300, None), "a name too long for the system is no layout, not a crash"


def test_what_a_layout_declares_and_how_its_folder_is_named(tmp_path: Path) -> None:
    folder = copy_layout(tmp_path / "p")
    assert declared_name(folder) == "gbt9704"
    edit(folder, "name: gbt9704", "name: [a, b]")
    assert declared_name(folder) == ""
    assert display_folder(folder, tmp_path / "p") == "layouts/mine"
    assert display_folder(folder, None) == "mine"


def test_available_layouts_nearer_ones_hide_shipped_ones(tmp_path: Path) -> None:
    root = tmp_path / "p"
    edit(copy_layout(root, "gbt9704"), "description: 公文格式", "description: 本单位改过的公文格式")
    shelf = {name: (folder, description) for name, folder, description in available_layouts(root)}
    assert sorted(shelf) == ["briefing", "gbt9704"]
    assert shelf["gbt9704"] == (root / "layouts" / "gbt9704", shelf["gbt9704"][1])
    assert shelf["gbt9704"][1].startswith("本单位改过的公文格式")
    assert shelf["briefing"][0] == shipped_dir("layouts") / "briefing"


def test_looking_names_up_survives_what_a_packet_may_hold(tmp_path: Path) -> None:
    """Garbage, a FIFO, a link loop or a tag where a layout.yaml should be: the lookup goes on (no hang,
    no crash, nothing of those files shown) and finds the layout that does declare the name."""
    root = tmp_path / "p"
    layouts = root / "layouts"
    for name, make in (
        ("a-garbage", lambda path: path.write_bytes(b"\xff\xfe\x00garbage")),
        ("b-fifo", os.mkfifo),
        ("c-loop", lambda path: path.symlink_to(path)),
        ("d-tag", lambda path: path.write_text("name: !!python/object:os.system office\n", encoding="utf-8")),
    ):
        (layouts / name).mkdir(parents=True)
        make(layouts / name / "layout.yaml")
    edit(copy_layout(root, "z-real"), "name: gbt9704", "name: office")
    assert find_layout("office", root) == layouts / "z-real"
    with pytest.raises(LayoutError) as raised:
        find_layout("nonesuch", root)
    assert raised.value.issues[0].params["known"] == (
        "a-garbage",
        "briefing",
        "d-tag",
        "gbt9704",
        "office",
        "z-real",
    )
