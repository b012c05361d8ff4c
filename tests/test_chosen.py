"""Chosen areas: names found among the packet's areas, and the packet cut down to them."""

from __future__ import annotations

from pathlib import Path

import pytest
from packets import SAMPLE, area_yaml, write_packet

from briefing.chosen import MAX_CANDIDATES, Chosen, choose, choose_from_line, cut, find_area, unread_declared
from briefing.errors import ChoiceError, Source, ValidationError
from briefing.messages import render_message
from briefing.pipeline import load_and_validate
from briefing.read.area_refs import AreaRef, split_refs
from briefing.read.packet_files import load_packet
from briefing.read.rules import validate_packet


@pytest.fixture(scope="module")
def packet():  # type: ignore[no-untyped-def]
    return load_and_validate(SAMPLE)


def refs(text: str) -> tuple[AreaRef, ...]:
    return split_refs(text, Source("--areas"))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3),  # its number in the packet's order
        ("03-营商环境", 3),  # its file name
        ("03-营商环境.yaml", 3),
        ("营商", 3),  # a part of its title (着力深化改革，打造最优营商环境) no other title has
        ("扩大内需", 1),
        ("民生", 6),
        ("政府自身建设", 8),
        ("08", 8),  # not a number in range, but a part of one file name only (08-政府自身建设)
    ],
)
def test_an_area_is_found_by_number_file_name_or_a_part_of_its_title(packet, text: str, number: int) -> None:  # type: ignore[no-untyped-def]
    assert find_area(text, packet.areas) == number


def test_a_part_that_several_titles_share_names_them_all(packet) -> None:  # type: ignore[no-untyped-def]
    found = find_area("着力", packet.areas)
    assert not isinstance(found, int) and found.code == "chosen.ambiguous"
    shown = render_message(found.code, found.params)
    assert shown.startswith("“着力”与多个工作领域相符：1 着力扩大内需，推动经济合理增长（01-扩大内需）、")
    assert "7 着力平安建设，全力维护社会稳定（07-社会稳定）" in shown
    assert "加强政府自身建设" not in shown  # the one title without 着力 is not a candidate


def test_a_name_nothing_matches_lists_every_area(packet) -> None:  # type: ignore[no-untyped-def]
    found = find_area("交通", packet.areas)
    assert not isinstance(found, int)
    assert render_message(found.code, found.params, "en").startswith(
        "no work area matches '交通'; write its number (1–8), its file name or a part of its title. "
        "The packet's areas: 1 着力扩大内需，推动经济合理增长（01-扩大内需）, 2 "
    )


@pytest.mark.parametrize("text", ["0", "9", "99999999999999999999"])
def test_a_number_outside_the_packet_says_how_many_there_are(packet, text: str) -> None:  # type: ignore[no-untyped-def]
    found = find_area(text, packet.areas)
    assert not isinstance(found, int) and found.code == "chosen.number-range"
    assert render_message(found.code, found.params).startswith(
        f"没有第 {text} 个工作领域：本材料共 8 个（1–8）："
    )


def test_a_packet_of_hundreds_of_areas_names_a_few_of_them(tmp_path: Path) -> None:
    root = write_packet(
        tmp_path / "p", {f"{n:03d}-领域.yaml": area_yaml(f"第{n}领域") for n in range(1, 301)}
    )
    found = find_area("领域", load_and_validate(root).areas)
    assert not isinstance(found, int)
    shown = render_message(found.code, found.params)
    assert shown.count("第") == MAX_CANDIDATES  # 1 第1领域（001-领域） …, then how many more
    assert "（012-领域）、… +288；" in shown and len(shown) < 400


def test_chosen_areas_come_in_the_packets_order_whatever_order_they_are_named_in(packet) -> None:  # type: ignore[no-untyped-def]
    chosen = choose_from_line(refs("民生，1、营商"), packet.areas)
    assert chosen == Chosen((1, 3, 6), 8)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1,01-扩大内需", "chosen.twice"),
        ("3,营商", "chosen.twice"),
        ("1,着力", "chosen.ambiguous"),
        ("1,交通", "chosen.unknown"),
        (" , ，", "chosen.none"),
        ("", "chosen.none"),
    ],
)
def test_a_command_line_that_chooses_badly_is_a_choice_error(packet, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChoiceError) as raised:
        choose_from_line(refs(text), packet.areas)
    assert raised.value.code == code


def test_an_area_named_twice_says_which_names_meet(packet) -> None:  # type: ignore[no-untyped-def]
    chosen, problems = choose(refs("营商,3"), packet.areas)
    assert chosen is None
    assert [problem.render() for problem in problems] == [
        "--areas: areas: “3”与“营商”是同一个工作领域（着力深化改革，打造最优营商环境）；每个领域只写一次"
    ]


def test_every_name_is_checked_and_each_problem_is_where_it_was_written(packet) -> None:  # type: ignore[no-untyped-def]
    written = (AreaRef("9", Source("r.yaml", 3, 12)), AreaRef("1", Source("r.yaml", 3, 15)))
    written += (AreaRef("着力", Source("r.yaml", 3, 18)),)
    chosen, problems = choose(written, packet.areas)
    assert chosen is None
    assert [(str(problem.source), problem.code) for problem in problems] == [
        ("r.yaml:3:12", "chosen.number-range"),
        ("r.yaml:3:18", "chosen.ambiguous"),
    ]


def test_a_cut_packet_holds_only_the_chosen_areas_and_no_declared_totals(packet) -> None:  # type: ignore[no-untyped-def]
    assert packet.declared is not None
    part = cut(packet, Chosen((2, 5), 8))
    assert [area.key for area in part.areas] == ["02-产业升级", "05-生态环境"]
    assert part.declared is None
    assert part.title == packet.title and part.root == packet.root


def test_declared_totals_left_unread_are_neither_checked_nor_kept(tmp_path: Path) -> None:
    projects = [{"name": "甲项目", "kind": "新建", "total_investment": "1亿元"}]
    wrong = "declared:\n  complete: true\n  count: 5\n  total_investment: 9亿元\n"
    root = write_packet(tmp_path / "p", {"a.yaml": area_yaml("甲", projects)}, packet_extra=wrong)
    with pytest.raises(ValidationError) as raised:
        validate_packet(load_packet(root))
    assert {found.code for found in raised.value.issues} == {
        "declared.count-mismatch",
        "declared.sum-mismatch",
    }
    packet = validate_packet(unread_declared(load_packet(root)))
    assert packet.declared is None and [area.title for area in packet.areas] == ["甲"]


def test_a_packet_without_declared_totals_is_left_as_it_was() -> None:
    raw = load_packet(SAMPLE)
    assert unread_declared(unread_declared(raw)) is not raw  # the sample declares totals
    plain = unread_declared(raw)
    assert unread_declared(plain) is plain
