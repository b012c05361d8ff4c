"""read/packet_files.py: packet.yaml and the area files it asks for, found and loaded in order."""

from __future__ import annotations

from pathlib import Path

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
