"""layouts/search.py: where layouts and fonts are looked for, most specific first."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.layouts.search import search_dirs, shipped_dir, user_dir


def test_the_order_is_given_folders_packet_user_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    dirs = search_dirs("layouts", tmp_path / "p", [tmp_path / "given"])
    assert dirs == [
        tmp_path / "given",
        tmp_path / "p" / "layouts",
        tmp_path / "home" / "layouts",
        shipped_dir("layouts"),
    ]
    assert (shipped_dir("layouts") / "gbt9704" / "layout.yaml").is_file()


def test_a_folder_named_twice_is_searched_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path))
    (tmp_path / "layouts").mkdir()
    assert search_dirs("layouts", tmp_path).count(tmp_path / "layouts") == 1


def test_the_users_folder() -> None:
    assert user_dir({"BRIEFING_HOME": "/x"}) == Path("/x")
    assert user_dir({"XDG_CONFIG_HOME": "/cfg"}) == Path("/cfg/briefing")
