"""Following a packet (briefing/watch.py and the session under it), driven batch by batch: what each save
leads to, what is said, and what is left on disk when a file is made hostile mid-watch.

The batches are the ones watchfiles would yield; the files are changed between them, so every step is
deterministic (the real file-system watch is exercised by the CLI test in tests/cli/test_watch.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from guards import hang_guard
from packets import LAYOUTS, copy_sample

from briefing.errors import BriefingError, ChoiceError, LoadError
from briefing.pipeline import Options, build
from briefing.session import BuildSession, Rebuilt, file_key
from briefing.watch import Batch, Follower

AREA = "areas/03-营商环境.yaml"


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    return copy_sample(tmp_path)


class Heard:
    """What the follower told its caller, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, object]] = []

    def updated(self, rebuilt: Rebuilt) -> None:
        self.said.append(("updated", rebuilt.result.pages if rebuilt.result else None))

    def failed(self, problem: BriefingError | ChoiceError) -> None:
        if isinstance(problem, ChoiceError):
            self.said.append(("failed", [problem.code]))
        else:
            self.said.append(("failed", [found.render() for found in problem.issues]))


def follower(packet: Path, output: Path, options: Options | None = None) -> tuple[Follower, Heard]:
    heard = Heard()
    return Follower(BuildSession(packet, output, options), heard.updated, heard.failed), heard


def saves(*steps: Callable[[], object]) -> Iterator[Batch]:
    """One batch after each step (a change to the files), as watchfiles yields them."""
    for step in steps:
        step()
        yield {(2, "changed")}


def edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def step() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return step


def cold(root: Path, tmp_path: Path) -> bytes:
    output = tmp_path / "cold" / "cold.pdf"
    build(root, output)
    return output.read_bytes()


def parts(*folders: Path) -> list[str]:
    return [name for folder in folders for name in os.listdir(folder) if name.endswith(".part")]


def test_every_save_rebuilds_and_a_wrong_one_keeps_the_last_pdf(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    area = packet / AREA
    good = area.read_text(encoding="utf-8")
    versions: list[bytes] = []
    still_there = follow.follow(
        saves(
            edit(area, "打造最优营商环境", "打造一流营商环境"),
            lambda: versions.append(output.read_bytes()),
            edit(area, "lead_unit:", "lead_unit: [\n"),  # a YAML syntax error
            lambda: versions.append(output.read_bytes()),
            lambda: area.write_text(good, encoding="utf-8"),
        )
    )
    assert still_there
    first, after_wrong = versions
    # The first build, the edit; nothing after a batch that changed nothing; the wrong file, reported
    # after each batch until it is put right; then the file as it first was.
    assert [kind for kind, _ in heard.said] == ["updated", "updated", "failed", "failed", "updated"]
    messages = heard.said[2][1]
    assert (
        isinstance(messages, list) and messages[0].startswith(f"{AREA}:") and heard.said[3] == heard.said[2]
    )
    assert after_wrong == first  # the PDF stayed as the last good build made it
    assert output.read_bytes() == cold(packet, tmp_path) and parts(output.parent) == []


def test_a_layout_edited_into_something_bad_is_located_and_the_watch_goes_on(
    packet: Path, tmp_path: Path
) -> None:
    layout = packet / "layouts" / "mine"
    shutil.copytree(LAYOUTS / "gbt9704", layout)
    edit(packet / "packet.yaml", "layout: gbt9704", "layout: mine")()
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    first = output.read_bytes()
    section = (layout / "section.j2").read_text(encoding="utf-8")
    assert follow.follow(
        saves(
            edit(layout / "layout.yaml", "  top: 37mm", "  top: [37mm"),  # layout.yaml that is not YAML
            lambda: shutil.copy(LAYOUTS / "gbt9704" / "layout.yaml", layout / "layout.yaml"),
            lambda: (layout / "section.j2").write_text("{{ area.title\n", encoding="utf-8"),  # a template
            lambda: (layout / "section.j2").write_text(section, encoding="utf-8"),
        )
    )
    kinds = [kind for kind, _ in heard.said]
    assert kinds == [
        "updated",
        "failed",
        "updated",
        "failed",
        "updated",
    ]  # a layout put right is loaded again
    assert heard.said[1][1][0].startswith("layouts/mine/layout.yaml:10:9: YAML 语法错误")  # type: ignore[index]
    assert "section.j2:1" in heard.said[3][1][0]  # type: ignore[index]
    assert output.read_bytes() == first == cold(packet, tmp_path)
    assert parts(output.parent, packet) == []


def test_a_batch_that_only_touches_the_output_is_not_looked_at(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    follow.follow(iter([{(2, str(output))}, {(1, str(output))}]))
    assert follow.rebuilds == 1 and heard.said == [("updated", 38)]


def test_a_deleted_packet_folder_ends_the_watch_and_leaves_the_pdf(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    first = output.read_bytes()
    assert not follow.follow(saves(lambda: shutil.rmtree(packet), lambda: pytest.fail("watched on")))
    assert follow.rebuilds == 1 and heard.said == [("updated", 38)]
    assert output.read_bytes() == first and parts(tmp_path) == []


def test_the_output_made_a_link_to_an_input_is_refused_and_the_input_kept(
    packet: Path, tmp_path: Path
) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    area = packet / AREA
    kept = area.read_bytes()

    def link() -> None:
        output.unlink()
        output.symlink_to(area)

    follow.follow(saves(link, edit(packet / "areas/01-扩大内需.yaml", "着力扩大内需", "着力扩大国内需求")))
    assert heard.said[-1] == (
        "failed",
        [
            f"{AREA}: 输出文件 {output} 现在就是本材料要读取的文件 {AREA}，写入会毁掉它，因此没有写；"
            "请把它改回，或停止监视后用 -o 另选输出位置"
        ],
    )
    assert area.read_bytes() == kept and output.is_symlink()


def test_an_area_swapped_for_a_link_out_of_the_packet_is_refused_as_a_cold_build_does(
    packet: Path, tmp_path: Path
) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    first = output.read_bytes()
    area = packet / AREA
    outside = tmp_path / "outside.yaml"
    shutil.copy(area, outside)  # the very same content, so only where it is differs

    def swap() -> None:
        area.unlink()
        area.symlink_to(outside)

    follow.follow(saves(swap))
    with pytest.raises(LoadError) as raised:
        build(packet, tmp_path / "cold.pdf")
    assert heard.said[-1] == ("failed", [found.render() for found in raised.value.issues])
    assert output.read_bytes() == first


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_an_areas_place_does_not_hang_the_watch(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    follow.rebuild(first=True)
    area = packet / AREA

    def pipe() -> None:
        area.unlink()
        os.mkfifo(area)

    assert file_key(area) is not None  # still a file until the step below
    with hang_guard(60, "a rebuild with a pipe in an area's place"):
        follow.follow(saves(pipe))  # a plain open() of a pipe with no writer would wait for ever
    assert file_key(area) is None
    kind, messages = heard.said[-1]
    assert kind == "failed" and isinstance(messages, list) and messages[0].startswith(AREA)


def test_areas_that_no_longer_name_one_area_are_reported_and_watched_on(packet: Path, tmp_path: Path) -> None:
    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output, Options(areas="民生"))
    follow.rebuild(first=True)
    first = output.read_bytes()
    area = packet / "areas/01-扩大内需.yaml"
    follow.follow(
        saves(
            edit(area, "title: 着力扩大内需", "title: 着力扩大内需、改善民生"), edit(area, "、改善民生", "")
        )
    )
    assert heard.said == [("updated", 9), ("failed", ["chosen.ambiguous"])]  # put back: nothing to write
    assert output.read_bytes() == first


def test_a_first_build_with_areas_that_name_none_is_a_wrong_command_line(
    packet: Path, tmp_path: Path
) -> None:
    follow, heard = follower(packet, tmp_path / "x.pdf", Options(areas="交通"))
    with pytest.raises(ChoiceError):
        follow.rebuild(first=True)
    assert heard.said == [] and not (tmp_path / "x.pdf").exists()


def test_a_first_build_of_wrong_data_is_reported_and_nothing_written(packet: Path, tmp_path: Path) -> None:
    edit(packet / AREA, "lead_unit:", "lead_unit: [\n")()
    follow, heard = follower(packet, tmp_path / "x.pdf")
    follow.rebuild(first=True)
    assert heard.said[0][0] == "failed" and not (tmp_path / "x.pdf").exists()


def test_a_day_of_saves_leaves_no_garbage_behind_with_the_collector_off(packet: Path, tmp_path: Path) -> None:
    """The CLI runs watch with the cycle collector off: each rebuild's cycles (canvas, flowables, pages)
    must still go, or memory grows with every save for as long as the watch runs."""
    import gc

    output = tmp_path / "x.pdf"
    follow, heard = follower(packet, output)
    area = packet / AREA
    good = area.read_text(encoding="utf-8")
    counts: list[int] = []

    def save(number: int) -> Callable[[], None]:
        def step() -> None:
            area.write_text(
                good.replace("title: 着力深化改革", f"title: 着力深化改革{number}", 1), encoding="utf-8"
            )

        return step

    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        follow.rebuild(first=True)
        for number in range(1, 7):
            assert follow.follow(saves(save(number)))
            counts.append(len(gc.get_objects()))
    finally:
        if was_enabled:
            gc.enable()
    assert [kind for kind, _ in heard.said] == ["updated"] * 7
    # After the first saves have filled the memos, a rebuild leaves (almost) nothing behind; each one
    # left about 11,000 objects before.
    assert counts[-1] - counts[1] < 2_000, counts
