"""A recipient's `areas:`: a list or one line of names, each kept with where it was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import Source, ValidationError
from briefing.read.area_refs import AreaRef, split_refs
from briefing.read.recipients import load_recipients


def recipients(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recipients.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_line_of_names_splits_at_any_comma_a_writer_may_use() -> None:
    where = Source("--areas")
    assert split_refs("1,3，民生、营商;5；6", where) == tuple(
        AreaRef(text, where) for text in ("1", "3", "民生", "营商", "5", "6")
    )
    assert split_refs(" , ，", where) == ()


def test_areas_are_read_from_a_list_or_a_line_each_where_it_was_written(tmp_path: Path) -> None:
    path = recipients(
        tmp_path,
        "recipients:\n"
        "  - name: 王明\n"
        "    areas: [1, 民生]\n"
        "  - name: 李红\n"
        "    areas: 6，扩大内需\n"
        "  - name: 张伟\n"
        "    areas:\n"
        "      - 03-营商环境.yaml\n"
        "  - name: 刘洋\n",
    )
    listed = load_recipients(path)
    assert [[ref.text for ref in recipient.areas] for recipient in listed] == [
        ["1", "民生"],
        ["6", "扩大内需"],
        ["03-营商环境.yaml"],
        [],
    ]
    assert [str(ref.source) for ref in listed[0].areas] == ["recipients.yaml:3:13", "recipients.yaml:3:16"]
    assert str(listed[1].areas[1].source) == "recipients.yaml:5:12"  # one line: the line's place


@pytest.mark.parametrize(
    ("areas", "expected"),
    [
        (
            "[1, {a: 1}]",
            "recipients.yaml:3:16: recipients[1].areas[2]: “工作领域”中的每一项应是序号、文件名或标题中的一段文字，"
            "这里是键值对（映射）；如 areas: [1, 民生]",
        ),
        (
            "[true]",
            "recipients.yaml:3:13: recipients[1].areas[1]: “工作领域”中的每一项应是序号、文件名或标题中的一段文字，"
            "这里是true/false；如 areas: [1, 民生]",
        ),
        (
            "[]",
            "recipients.yaml:3:12: recipients[1].areas: “工作领域”是空的；写这位收件人要收的工作领域，"
            "如 areas: [1, 3]，或删去这一行让他收全部材料",
        ),
        (
            '"，，"',
            "recipients.yaml:3:12: recipients[1].areas: “工作领域”是空的；写这位收件人要收的工作领域，"
            "如 areas: [1, 3]，或删去这一行让他收全部材料",
        ),
    ],
)
def test_an_area_list_that_names_nothing_usable_is_a_located_error(
    tmp_path: Path, areas: str, expected: str
) -> None:
    path = recipients(tmp_path, f"recipients:\n  - name: 王明\n    areas: {areas}\n")
    with pytest.raises(ValidationError) as raised:
        load_recipients(path)
    assert [found.render() for found in raised.value.issues] == [expected]
