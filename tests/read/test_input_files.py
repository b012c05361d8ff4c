"""read/input_files.py: what an input path is before it is opened, a bounded read, and the text's encoding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.errors import Issue
from briefing.read.input_files import MAX_FILE_BYTES, NotRegular, decode, file_problem, read_bounded


def code(path: Path, inside: Path | None = None) -> str | None:
    problem = file_problem(path, inside)
    return problem[0] if problem else None


def test_what_a_path_is(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "fifo.yaml")
    assert code(tmp_path / "a.yaml") is None
    assert code(tmp_path / "missing.yaml") == "load.missing"
    assert code(tmp_path / "folder.yaml") == "load.is-folder"
    assert code(tmp_path / "dangling.yaml") == "load.dangling-link"
    assert code(tmp_path / "fifo.yaml") == "load.not-a-file"
    assert code(tmp_path / "a.yaml" / "below.yaml") == "load.missing"
    assert code(tmp_path / ("长" * 100 + ".yaml")) == "load.name-too-long"


def test_a_link_out_of_the_packet_is_refused_unread(tmp_path: Path) -> None:
    packet, elsewhere = tmp_path / "packet", tmp_path / "elsewhere.yaml"
    packet.mkdir()
    elsewhere.write_text("secret: 1\n", encoding="utf-8")
    (packet / "area.yaml").symlink_to(elsewhere)
    assert code(packet / "area.yaml", inside=packet) == "load.link-outside"
    assert code(packet / "area.yaml") is None, "without a packet to stay in, a link is followed"


def test_a_folder_that_cannot_be_entered_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking a name up needs the folder's search permission (denied here as the system would deny it: the
    tests may run as root, whom no permission stops)."""

    def denied(path: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("briefing.read.input_files.os.lstat", denied)
    problem = file_problem(tmp_path / "locked" / "a.yaml", folder="locked/")
    assert problem == ("load.folder-unreadable", {"folder": "locked/", "reason": "Permission denied"})
    assert file_problem(tmp_path / "locked" / "a.yaml") == (
        "load.folder-unreadable",
        {"folder": str(tmp_path / "locked"), "reason": "Permission denied"},
    )


def test_reads_stop_past_the_limit_and_never_wait_on_a_fifo(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(10 * MAX_FILE_BYTES)
    assert len(read_bounded(big)) == MAX_FILE_BYTES + 1
    os.mkfifo(tmp_path / "fifo.yaml")
    with pytest.raises(NotRegular):
        read_bounded(tmp_path / "fifo.yaml")


@pytest.mark.parametrize(
    ("data", "code", "named"),
    [
        ("题目：甲\n".encode("gbk"), "load.encoding", "GBK/GB18030"),
        ("title: x\n".encode("utf-16-le"), "load.encoding", "UTF-16LE"),
        (
            "a: 汉字汉字汉字\nb: caf\xe9\n".encode().replace(b"\xc3\xa9", b"\xe9"),
            "load.bad-byte",
            None,
        ),
    ],
)
def test_text_that_is_not_utf8_is_named_or_located(data: bytes, code: str, named: str | None) -> None:
    issues: list[Issue] = []
    assert decode(data, "f.yaml", issues) is None
    assert [found.code for found in issues] == [code]
    if named:
        assert issues[0].params["encoding"] == named
    else:
        assert (issues[0].source.line, issues[0].source.column, issues[0].params["bytes"]) == (2, 7, "E9")


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    issues: list[Issue] = []
    assert decode(b"\xef\xbb\xbfa: 1\n", "f.yaml", issues) == "a: 1\n" and not issues
