"""read/packet_files.py: packet.yaml and the area files it asks for, found and loaded in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.read.packet_files import load_packet


def codes(issues) -> list[str]:  # type: ignore[no-untyped-def]
    return [found.code for found in issues]


def where(found) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    return found.source.line, found.source.column, found.field


# --- listing the area files ----------------------------------------------------------------------------------------------


def make_packet(root: Path, areas_line: str, files: tuple[str, ...] = ("01-a.yaml", "02-b.yaml")) -> Path:
    (root / "areas").mkdir(parents=True)
    (root / "packet.yaml").write_text(f"title: t\n{areas_line}\n", encoding="utf-8")
    for name in files:
        (root / "areas" / name).write_text(f"title: {name}\n", encoding="utf-8")
    return root


def test_all_areas_in_file_name_order(tmp_path: Path) -> None:
    root = make_packet(tmp_path, "areas: all", ("02-b.yaml", "01-a.yaml", "03-c.yml", "notes.txt"))
    raw = load_packet(root)
    assert [document.display for document in raw.areas] == [
        "areas/01-a.yaml",
        "areas/02-b.yaml",
        "areas/03-c.yml",
    ]
    assert not raw.issues


def test_listed_areas_keep_their_order_and_may_omit_the_suffix(tmp_path: Path) -> None:
    raw = load_packet(make_packet(tmp_path, "areas: [02-b, 01-a.yaml]"))
    assert [document.display for document in raw.areas] == ["areas/02-b.yaml", "areas/01-a.yaml"]


def test_listed_area_problems(tmp_path: Path) -> None:
    raw = load_packet(
        make_packet(tmp_path, "areas: [01-a.yaml, 09-x.yaml, ../packet.yaml, /etc/passwd, 01-a.yaml]")
    )
    assert [document.display for document in raw.areas] == [
        "areas/01-a.yaml"
    ]  # once, and nothing from outside
    assert [(found.code, found.field) for found in raw.issues] == [
        ("load.area-missing", "areas[2]"),
        ("load.area-outside", "areas[3]"),
        ("load.area-outside", "areas[4]"),
    ]
    assert where(raw.issues[0])[:2] == (2, 20)


def test_no_areas(tmp_path: Path) -> None:
    raw = load_packet(make_packet(tmp_path, "areas: all", ()))
    assert [(found.code, where(found)) for found in raw.issues] == [("load.no-areas", (2, 8, "areas"))]
    raw = load_packet(make_packet(tmp_path / "listed", "areas: []"))
    assert codes(raw.issues) == ["load.no-areas-listed"]


def test_missing_packet_file_still_reads_the_areas(tmp_path: Path) -> None:
    root = make_packet(tmp_path, "areas: all")
    (root / "packet.yaml").unlink()
    raw = load_packet(root)
    assert codes(raw.issues) == ["load.missing"] and len(raw.areas) == 2


# --- files in areas/ that are probably a slip: warnings (issue 12, point 5) ------------------------------------


def rendered(issues) -> list[str]:  # type: ignore[no-untyped-def]
    return [found.render("zh") for found in issues]


def test_files_the_list_leaves_out_are_named_in_one_warning(tmp_path: Path) -> None:
    root = make_packet(tmp_path, "areas:\n  - 01-a\n", ("01-a.yaml", "02-b.yaml", "03-c.yml", "notes.txt"))
    raw = load_packet(root)
    assert not raw.issues and [d.display for d in raw.areas] == ["areas/01-a.yaml"]
    assert rendered(raw.warnings) == [
        "packet.yaml:3:3: areas: 警告：areas/ 中有 2 个文件不在 areas 清单里，不会印出：02-b.yaml、03-c.yml；"
        "要印出请加入清单，不要的请移出 areas/"
    ]
    assert all(found.is_warning for found in raw.warnings)


def test_a_long_list_of_left_out_files_shows_the_first_ten(tmp_path: Path) -> None:
    files = tuple(f"{n:02d}-x.yaml" for n in range(1, 31))
    raw = load_packet(make_packet(tmp_path, "areas: [01-x.yaml]", files))
    [found] = raw.warnings
    assert (
        found.params["count"] == 29 and found.params["files"][-1] == "…" and len(found.params["files"]) == 11
    )


@pytest.mark.parametrize(
    "copy",
    ["01-a - 副本.yaml", "01-a - 副本 (2).yaml", "01-a(1).yaml", "01-a (1).yaml", "01-a（2）.yaml",
     "01-a - Copy.yaml", "Copy of 01-a.yaml", "01-a copy.yaml", "01-a copy 2.yaml", "01-a副本.yaml"],
)  # fmt: skip
def test_a_stray_copy_of_an_area_file_is_a_warning(tmp_path: Path, copy: str) -> None:
    raw = load_packet(make_packet(tmp_path, "areas: all", ("01-a.yaml", copy, "02-b.yaml")))
    assert copy in [document.path.name for document in raw.areas]  # `all` reads it: its projects repeat
    assert rendered(raw.warnings) == [
        f"areas/{copy}: 警告：areas/{copy} 看起来是 01-a.yaml 的副本（文件管理器复制时起的名字）；"
        "不需要的请移出 areas/，否则请改成说明内容的名字"
    ]


def test_a_listed_packet_names_a_copy_once_as_a_copy(tmp_path: Path) -> None:
    raw = load_packet(make_packet(tmp_path, "areas: [01-a]", ("01-a.yaml", "01-a - 副本.yaml")))
    assert codes(raw.warnings) == ["areas.copy"]


@pytest.mark.parametrize("name", ["02-b(1).yaml", "长江(二期).yaml", "report copy.txt", "03-c (1).yaml"])
def test_names_that_only_look_like_copies_are_no_warning(tmp_path: Path, name: str) -> None:
    raw = load_packet(make_packet(tmp_path, "areas: all", ("01-a.yaml", name, "03-c.yaml")))
    assert codes(raw.warnings) == ([] if name != "03-c (1).yaml" else ["areas.copy"])


def test_nothing_to_warn_of_in_an_empty_list_or_a_missing_folder(tmp_path: Path) -> None:
    root = make_packet(tmp_path / "a", "areas: []")
    assert codes(load_packet(root).warnings) == [] and codes(load_packet(root).issues) == [
        "load.no-areas-listed"
    ]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "packet.yaml").write_text("title: t\nareas: [x]\n", encoding="utf-8")
    assert load_packet(tmp_path / "b").warnings == []


def test_a_folder_of_many_copies_is_looked_at_in_linear_time(tmp_path: Path) -> None:
    """Each name is looked up once among the others: 3,000 copy-like names took half a minute when each scanned
    them all."""
    import time

    root = make_packet(tmp_path, "areas: [01-a]", ("01-a.yaml", "01-a(1).yaml"))
    for number in range(3_000):
        (root / "areas" / f"x{number}(1).yaml").touch()
    started = time.perf_counter()
    raw = load_packet(root)
    assert time.perf_counter() - started < 5.0
    assert codes(raw.warnings) == ["areas.copy", "areas.unlisted"]
