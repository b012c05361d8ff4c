"""briefing preview as a user runs it: the PNGs written, what it says, and the --pages it refuses."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from briefing.cli.preview import wanted_pages
from briefing.cli.usage import UsageError

SAMPLE = REPO / "data" / "dongchang-2023"


def size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_contact_sheet_of_the_sample(tmp_path: Path) -> None:
    output = tmp_path / "预览.png"
    run = run_cli("preview", str(SAMPLE), "-o", str(output))
    assert (run.status, run.err) == (0, "")
    assert run.out == f"已生成 {output}（38 页缩略图，共 38 页）\n"
    assert size(output)[0] == 1308
    assert sorted(path.name for path in tmp_path.iterdir()) == ["预览.png"]  # no .part left


def test_pages_of_chosen_areas_one_picture_each(tmp_path: Path) -> None:
    output = tmp_path / "p.png"
    run = run_cli(
        "preview", str(SAMPLE), "-o", str(output), "--areas", "3,6", "--pages", "2,1", "--lang", "en"
    )
    assert (run.status, run.err) == (0, "")
    assert run.out.splitlines() == [
        f"wrote {tmp_path / 'p-2.png'} (page 2)",
        f"wrote {tmp_path / 'p-1.png'} (page 1)",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p-1.png", "p-2.png"]
    assert size(tmp_path / "p-1.png") == (1191, 1684)


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ("1-999999999", "briefing: 用法错误：--pages 一次最多 50 页，这里是 999999999 页；请分几次预览"),
        ("99", "briefing: 用法错误：没有第 99 页：材料共 38 页（--pages 可写 1–38）"),
        ("5-3", None),
        ("三", None),
        ("", None),
    ],
)
def test_pages_that_cannot_be_drawn_are_a_usage_error(
    tmp_path: Path, pages: str, message: str | None
) -> None:
    output = tmp_path / "p.png"
    run = run_cli("preview", str(SAMPLE), "-o", str(output), "--pages", pages)
    assert run.status == 2 and run.out == ""
    if message is not None:
        assert run.err.splitlines()[0] == message
    assert list(tmp_path.iterdir()) == []


def test_a_range_is_counted_before_any_list_is_made() -> None:
    assert wanted_pages("3-5,1,4", 50) == [3, 4, 5, 1]
    with pytest.raises(UsageError) as raised:
        wanted_pages("1-999999999", 50)  # a list of a billion numbers would take gigabytes
    assert raised.value.code == "cli.pages.too-many"


@pytest.mark.parametrize("name", ["sheet.pdf", "sheet"])
def test_the_output_must_be_a_png_file(tmp_path: Path, name: str) -> None:
    run = run_cli("preview", str(SAMPLE), "-o", str(tmp_path / name))
    assert run.status == 2
    assert (
        run.err.splitlines()[0]
        == f"briefing: 用法错误：preview 生成 PNG 图片：-o 应为 .png 文件（给的是“{tmp_path / name}”）"
    )


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    import shutil

    packet = tmp_path / "p"
    shutil.copytree(SAMPLE, packet)
    (packet / "areas" / "x.png").symlink_to(packet / "areas" / "03-营商环境.yaml")
    before = (packet / "areas" / "03-营商环境.yaml").read_bytes()
    run = run_cli("preview", str(packet), "-o", str(packet / "areas" / "x.png"))
    assert run.status == 2 and "工作领域文件" in run.err
    assert (packet / "areas" / "03-营商环境.yaml").read_bytes() == before
