"""Cache folders (briefing/files/cache.py) are used only when this user alone could have written them: a
folder or entry that someone else could write is ignored (one warning a run) and rebuilt, and its content is
never run; entries are written atomically and no temporary file outlives its write."""

from __future__ import annotations

import errno
import fcntl
import marshal
import os
import pickle
import stat
from pathlib import Path

import pytest
from cache_cases import build, entries
from conftest import Run
from reportlab.pdfbase import pdfmetrics

from briefing.files.cache import read_cached, store_in_cache
from briefing.render.fonts import registry as registry

pytestmark = pytest.mark.usefixtures("fresh_process_fonts")


class Plant:
    """A pickle that creates a file when loaded: what another user would put in a font cache."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def marshal_payload(marker: Path) -> bytes:
    """Compiled code that creates a file when run: what another user would put in a template cache."""
    return marshal.dumps(compile(f"open({str(marker)!r}, 'w').write('ran')", "<template>", "exec"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def foreign(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` belong to another user: chown when we may, else make fstat say so for that inode."""
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534, follow_symlinks=False)
        return
    inode = path.lstat().st_ino
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        found = real(fd)
        if found.st_ino != inode:
            return found
        fields = list(found[:10])
        fields[4] = os.geteuid() + 1  # st_uid
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)


def plant_everywhere(cache: Path, marker: Path) -> None:
    """Every cache entry replaced by code that would create `marker`, as each format's reader loads it."""
    found = entries(cache)
    assert found["fonts"] and found["templates"]
    for path in found["fonts"]:
        path.write_bytes(pickle.dumps(Plant(marker)))
    for path in found["templates"]:
        path.write_bytes(marshal_payload(marker))


def warnings_in(result: Run) -> list[str]:
    return [line for line in result.err.splitlines() if "警告" in line or "warning:" in line]


def test_cache_folders_are_made_0700_and_entries_0600(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    for folder in (cache / "briefing", cache / "briefing" / "fonts", cache / "briefing" / "templates"):
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    found = entries(cache)
    assert len(found["fonts"]) >= 3 and len(found["templates"]) >= 5
    assert {mode(path) for kind in found.values() for path in kind} == {0o600}


def test_a_folder_left_readable_by_an_older_version_is_made_private(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    os.chmod(cache / "briefing" / "fonts", 0o755)
    result = build(packet, tmp_path)
    assert result.status == 0 and not warnings_in(result)
    assert mode(cache / "briefing" / "fonts") == 0o700


@pytest.mark.parametrize("kind", ["fonts", "templates"])
@pytest.mark.parametrize("bits", [0o777, 0o770, 0o703], ids=oct)
def test_a_folder_others_can_write_is_not_read_and_its_code_never_runs(cache, packet, tmp_path, kind, bits):
    assert build(packet, tmp_path).status == 0
    good = (tmp_path / "out.pdf").read_bytes()
    marker = tmp_path / "planted-code-ran"
    plant_everywhere(cache, marker)
    os.chmod(cache / "briefing" / kind, bits)
    result = build(packet, tmp_path)
    assert result.status == 0, result
    assert not marker.exists(), "a planted cache entry was executed"
    assert (tmp_path / "out.pdf").read_bytes() == good
    folder = cache / "briefing" / kind
    assert warnings_in(result) == [
        f"{folder}: 警告：缓存 {folder} 可被其他用户写入（权限 0{bits:o}），本次不使用，照常生成；"
        f"请运行 chmod go-w {folder}，或删除它"
    ]


def test_the_briefing_folder_itself_is_checked_and_one_warning_is_printed_a_run(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    plant_everywhere(cache, marker)
    for folder in (cache / "briefing", cache / "briefing" / "fonts", cache / "briefing" / "templates"):
        os.chmod(folder, 0o777)
    for entry in [p for kind in entries(cache).values() for p in kind]:
        os.chmod(entry, 0o666)
    result = build(packet, tmp_path, "--lang", "en")
    assert result.status == 0 and not marker.exists()
    folder = cache / "briefing"
    assert warnings_in(result) == [
        f"{folder}: warning: the cache {folder} is writable by other users (mode 0777): it was not used, the"
        f" build goes on without it; run chmod go-w {folder}, or delete it"
    ]


def test_a_folder_owned_by_someone_else_is_not_read(cache, packet, tmp_path, monkeypatch):
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    plant_everywhere(cache, marker)
    foreign(cache / "briefing" / "templates", monkeypatch)
    foreign(cache / "briefing" / "fonts", monkeypatch)
    result = build(packet, tmp_path)
    assert result.status == 0, result
    assert not marker.exists()
    shown = warnings_in(result)
    assert len(shown) == 1 and "不属于当前用户" in shown[0], shown
    assert "BRIEFING_CACHE" in shown[0]


def test_an_entry_owned_by_someone_else_is_replaced_not_trusted(cache, packet, tmp_path, monkeypatch):
    """Valid entries (right format, checksum and key) that another user wrote: only ownership stops them."""
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    template = entries(cache)["templates"][0]
    store_in_cache("templates", template.name, marshal_payload(marker))
    assert read_cached("templates", template.name) == marshal_payload(marker), "a well-formed entry"
    foreign(template, monkeypatch)
    result = build(packet, tmp_path)
    assert result.status == 0 and not marker.exists()
    shown = warnings_in(result)
    assert len(shown) == 1 and shown[0].startswith(f"{template}: 警告：缓存 {template} 不属于当前用户"), shown
    monkeypatch.undo()
    assert template.stat().st_uid == os.geteuid() and mode(template) == 0o600, "replaced by our own"
    again = build(packet, tmp_path)
    assert again.status == 0 and not warnings_in(again)


def test_an_entry_others_can_write_is_replaced(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    font = entries(cache)["fonts"][0]
    font.write_bytes(pickle.dumps(Plant(marker)))
    os.chmod(font, 0o646)
    result = build(packet, tmp_path)
    assert result.status == 0 and not marker.exists()
    assert len(warnings_in(result)) == 1 and "（权限 0646）" in result.err
    assert mode(font) == 0o600
    assert not warnings_in(build(packet, tmp_path))


def test_a_symlinked_cache_folder_is_not_followed(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    plant_everywhere(cache, marker)
    moved = tmp_path / "someone-elses"
    (cache / "briefing").rename(moved)
    (cache / "briefing").symlink_to(moved)
    result = build(packet, tmp_path)
    assert result.status == 0, result
    assert not marker.exists()
    folder = cache / "briefing"
    assert warnings_in(result) == [
        f"{folder}: 警告：缓存 {folder} 是符号链接，可能指向他人的文件，本次不使用，照常生成；"
        "请删除这个链接，下次生成时会重建"
    ]
    assert (cache / "briefing").is_symlink(), "left for the user to look at"


def test_a_symlinked_cache_entry_is_replaced(cache, packet, tmp_path):
    assert build(packet, tmp_path).status == 0
    marker = tmp_path / "planted-code-ran"
    template = entries(cache)["templates"][0]
    elsewhere = tmp_path / "elsewhere.code"
    elsewhere.write_bytes(marshal_payload(marker))
    template.unlink()
    template.symlink_to(elsewhere)
    result = build(packet, tmp_path)
    assert result.status == 0 and not marker.exists()
    assert len(warnings_in(result)) == 1 and "是符号链接" in result.err
    assert not template.is_symlink() and mode(template) == 0o600
    assert elsewhere.read_bytes() == marshal_payload(marker), "the link's target is left alone"


def test_without_the_cli_a_library_caller_gets_a_python_warning(cache, packet, tmp_path):
    from briefing.files.cache import CacheWarning
    from briefing.pipeline import build_pdf

    assert build(packet, tmp_path).status == 0
    os.chmod(cache / "briefing" / "fonts", 0o777)
    pdfmetrics._fonts.clear()
    pdfmetrics._dynFaceNames.clear()
    with pytest.warns(CacheWarning, match="writable by other users"):
        build_pdf(packet)


def test_the_base_folder_may_be_shared_like_tmp(cache, packet, tmp_path, monkeypatch):
    """$BRIEFING_CACHE or $XDG_CACHE_HOME may be /tmp or a link to another disk: briefing/ below it is
    what must be the user's own."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    (tmp_path / "link-to-shared").symlink_to(shared)
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "link-to-shared"))
    first = build(packet, tmp_path)
    assert first.status == 0 and not warnings_in(first)
    assert mode(shared / "briefing") == 0o700 and entries(shared)["fonts"]
    second = build(packet, tmp_path)
    assert second.status == 0 and not warnings_in(second)


def test_a_cache_place_that_is_not_a_folder_or_not_a_file_is_named(cache, packet, tmp_path):
    cache.mkdir()
    (cache / "briefing").write_text("not a folder", encoding="utf-8")
    result = build(packet, tmp_path)
    assert result.status == 0
    assert warnings_in(result) == [
        f"{cache / 'briefing'}: 警告：缓存位置 {cache / 'briefing'} 不是目录，本次不使用缓存，照常生成；请删除或移走它"
    ]
    (cache / "briefing").unlink()
    assert build(packet, tmp_path).status == 0
    template = entries(cache)["templates"][0]
    template.unlink()
    template.mkdir()
    result = build(packet, tmp_path)
    assert result.status == 0
    assert len(warnings_in(result)) == 1 and f"{template}: 警告：缓存 {template} 不是普通文件" in result.err


# entries are written as outputs are (files/atomic.py) -------------------------------------------------------------
def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part"))


@pytest.mark.parametrize(
    "stop",
    [KeyboardInterrupt(), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))],
    ids=["ctrl-c", "disk-full"],
)
def test_a_cache_write_that_is_stopped_leaves_no_temporary_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException
) -> None:
    store_in_cache("templates", "first", b"data")
    real = os.write

    def stopped(fd: int, data: bytes) -> int:
        raise stop

    monkeypatch.setattr(os, "write", stopped)
    if isinstance(stop, OSError):
        store_in_cache("templates", "second", b"data")  # a full disk only costs the next build its time
    else:
        with pytest.raises(KeyboardInterrupt):
            store_in_cache("templates", "second", b"data")
    monkeypatch.setattr(os, "write", real)
    folder = cache / "briefing" / "templates"
    assert temporaries(folder) == [] and sorted(os.listdir(folder)) == ["first"]
    assert read_cached("templates", "second") is None and read_cached("templates", "first") == b"data"


def test_temporary_files_a_killed_build_left_in_the_cache_are_removed(cache: Path) -> None:
    store_in_cache("fonts", "first", b"data")
    folder = cache / "briefing" / "fonts"
    left = ".second.briefing-0123456789abcdef.part"
    held = ".third.briefing-fedcba9876543210.part"  # a parallel build still writing it
    other = ".fourth.1a2b3c4d.part"  # not a name briefing's writes use
    for name in (left, held, other):
        (folder / name).write_bytes(b"half")
    with open(folder / held, "rb") as writing:
        fcntl.flock(writing, fcntl.LOCK_EX)
        store_in_cache("fonts", "second", b"data")
    assert temporaries(folder) == sorted([held, other])
    assert read_cached("fonts", "second") == b"data"
