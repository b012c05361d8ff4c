"""layouts/fontbook.py: every fonts.yaml on the search path merged into one book of families and roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packets import area_yaml, write_packet

from briefing.cli import main
from briefing.errors import LayoutError
from briefing.layouts.fontbook import load_fontbook
from briefing.layouts.search import shipped_dir


def test_manifest_mistakes_are_located(tmp_path, capsys):  # type: ignore[no-untyped-def]
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    fonts = root / "fonts"
    fonts.mkdir()
    (fonts / "fonts.yaml").write_text("families:\n  Mine:\n    file: missing.ttf\n", encoding="utf-8")
    assert main(["build", str(root), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"fonts\.yaml:3:\d+: families\.Mine\.file: 字体文件 missing\.ttf 不存在", err), err


def test_the_shipped_manifest_gives_every_role() -> None:
    book = load_fontbook([shipped_dir("fonts")])
    for role in ("fangsong", "song", "hei", "kai", "xiaobiaosong"):
        spec = book.resolve(role)
        assert spec is not None and spec.path.is_file(), role


def manifest(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "p" / "fonts"
    folder.mkdir(parents=True)
    (folder / "fonts.yaml").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(LayoutError) as raised:
        load_fontbook([folder, shipped_dir("fonts")], base=folder.parent)
    return [found.render("zh") for found in raised.value.issues]


def test_a_family_file_name_too_long_for_the_system_is_located(tmp_path: Path) -> None:
    folder = manifest(tmp_path, "families:\n  Mine:\n    file: " + "长" * 200 + ".ttf\n")
    (found,) = problems(folder)
    assert found.startswith("fonts/fonts.yaml:3:11: families.Mine.file: 字体文件 长")


def test_roles_and_fallbacks_name_known_families(tmp_path: Path) -> None:
    folder = manifest(
        tmp_path,
        "families:\n  Mine:\n    file: ../../../fonts.yaml\n    fallback: Nonesuch\n"
        "roles:\n  kai: Missing\n  hei: [a]\nextra: 1\n",
    )
    found = problems(folder)
    assert [line.split(": ")[1] for line in found] == [
        "extra",
        "families.Mine.file",
        "roles.hei",
        "roles.kai",
    ]
    assert "字体" in found[1] and "fonts.yaml" in found[1]


def test_a_font_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    folder = manifest(tmp_path, "families:\n  Mine:\n    file: notes.txt\n")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (found,) = problems(folder)
    assert found.startswith("fonts/fonts.yaml:3:11: families.Mine.file: ") and "notes.txt" in found
