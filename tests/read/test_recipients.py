"""read/recipients.py: the distribution list read with located problems, and every copy numbered."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import LoadError, ValidationError
from briefing.read.recipients import load_recipients


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recipients.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, need_email: bool = False) -> list[str]:
    with pytest.raises((LoadError, ValidationError)) as raised:
        load_recipients(path, "recipients.yaml", need_email=need_email)
    return [found.render("zh") for found in raised.value.issues]


def test_copies_are_numbered_from_one_around_the_numbers_written(tmp_path: Path) -> None:
    path = written(tmp_path, "- name: 甲\n- name: 乙\n  copy: 1\n- name: 丙\n  organisation: 区财政局\n")
    recipients = load_recipients(path)
    assert [(r.name, r.copy_number) for r in recipients] == [
        ("甲", "000002"),
        ("乙", "000001"),
        ("丙", "000003"),
    ]
    assert recipients[2].label == "区财政局丙" and recipients[2].where("organisation").line == 5
    keyed = written(tmp_path, "recipients:\n  - name: 甲\n")
    assert [r.name for r in load_recipients(keyed)] == ["甲"]


def test_every_problem_is_located(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "recipients:\n"
        "  - name: 甲\n    email: a@example.org\n    copy: 3\n"
        "  - name: 乙\n    email: A@example.org\n    copy: 3\n"
        "  - name: 丙\n    email: not-an-address\n"
        "  - email: d@example.org\n"
        "  - name: 戊\n    copy: 0\n",
    )
    assert problems(path) == [
        "recipients.yaml:9:12: recipients[3].email: 邮箱地址“not-an-address”格式不对；应写成 zhangsan@example.org，只写一个地址，不带姓名和尖括号",
        "recipients.yaml:10:5: recipients[4].name: 缺少必填字段（姓名）；请添加，例如 name: 张三",
        "recipients.yaml:12:11: recipients[5].copy: 份号“0”超出范围；应为 1 到 999999 之间的整数",
        "recipients.yaml:7:11: recipients[2].copy: 份号 3 重复（recipients[1] 已用）；每份材料的份号须唯一",
        "recipients.yaml:6:12: recipients[2].email: 邮箱“A@example.org”重复（recipients[1] 已有）；同一人只列一次",
    ]


def test_a_name_that_shows_nothing_is_missing(tmp_path: Path) -> None:
    for blank in ('"\u3000"', '"\u200b"', '"\u3164 "'):
        path = written(tmp_path, f"- name: {blank}\n  email: a@example.org\n")
        assert problems(path) == [
            "recipients.yaml:1:3: recipients[1].name: 缺少必填字段（姓名）；请添加，例如 name: 张三"
        ], blank


def test_sending_needs_an_address_for_everyone(tmp_path: Path) -> None:
    path = written(tmp_path, "- name: 甲\n- name: 乙\n  email: b@example.org\n")
    assert len(load_recipients(path)) == 2
    assert [line.split(": ")[1] for line in problems(path, need_email=True)] == ["recipients[1].email"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "recipients.yaml:1:1: recipients: 收件人名单是空的"),
        ("recipients: 甲\n", "recipients.yaml:1:13: recipients: 收件人名单应为列表"),
        ("people: []\n", "recipients.yaml:1:1: people: 未知字段“people”；是不是“recipients”？"),
        ("甲\n", "recipients.yaml:1:1: 收件人名单应为列表"),
    ],
)
def test_the_shape_of_the_list(tmp_path: Path, text: str, message: str) -> None:
    found = problems(written(tmp_path, text))
    assert found[0].startswith(message), found
