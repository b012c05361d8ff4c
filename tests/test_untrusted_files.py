"""A packet or layout from elsewhere is untrusted: links out of the packet are not followed; odd files get
located messages; layout geometry is range-checked. (Outputs over inputs: test_inputs.py; modes and
temporary files of writes: files/test_atomic.py.)"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Run, run_cli
from packets import LAYOUTS

AREA_NAME = "01-示例工作.yaml"
SUMMARY_ZH = "未生成任何文件"


def set_line(path: Path, start: str, new: str) -> int:
    """Replace the one line that starts with `start`; returns its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    [number] = [i for i, line in enumerate(lines) if line.startswith(start)]
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def packet_layout(starter: Path, name: str = "mine", source: str = "gbt9704") -> Path:
    folder = starter / "layouts" / name
    shutil.copytree(LAYOUTS / source, folder)
    set_line(starter / "packet.yaml", "layout:", f"layout: {name}")
    return folder


# --- 7. area files (and packet.yaml) that are links out of the packet are not read ----------------------

SECRET = "s3cr3t_token_from_elsewhere"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the packet whose content any message or PDF built from it would show."""
    path = tmp_path / "outside" / "private.yaml"
    path.parent.mkdir()
    path.write_text(f"{SECRET}: 1\ntitle: [{SECRET}\n", encoding="utf-8")
    return path


def _link_refused(run: Run, where: str) -> None:
    assert run.status == 1, run.err
    assert SECRET not in run.err + run.out
    assert f"{where}: 这是指向材料目录之外的符号链接，为安全起见不予读取" in run.err, run.err


def test_an_area_file_linking_out_of_the_packet_is_refused_unread(starter: Path, secret: Path) -> None:
    (starter / "areas" / "02-外部.yaml").symlink_to(secret)
    run = run_cli("validate", str(starter))
    _link_refused(run, "areas/02-外部.yaml")
    set_line(starter / "packet.yaml", "areas:", f"areas: [{AREA_NAME}, 02-外部]")
    _link_refused(run_cli("build", str(starter), "-o", str(starter / "x.pdf")), "areas/02-外部.yaml")
    assert not (starter / "x.pdf").exists()


def test_an_areas_folder_linking_out_of_the_packet_is_refused(starter: Path, secret: Path) -> None:
    shutil.rmtree(starter / "areas")
    (starter / "areas").symlink_to(secret.parent, target_is_directory=True)
    _link_refused(run_cli("validate", str(starter)), "areas/")


def test_a_packet_yaml_linking_out_of_the_packet_is_refused(starter: Path, secret: Path) -> None:
    (starter / "packet.yaml").unlink()
    (starter / "packet.yaml").symlink_to(secret)
    _link_refused(run_cli("validate", str(starter)), "packet.yaml")


def test_a_link_inside_the_packet_is_followed(starter: Path) -> None:
    shared = starter / "shared"
    shared.mkdir()
    (starter / "areas" / AREA_NAME).rename(shared / AREA_NAME)
    (starter / "areas" / AREA_NAME).symlink_to(Path("..") / "shared" / AREA_NAME)
    run = run_cli("validate", str(starter))
    assert run.status == 0, run.err
    # And a packet reached through a link of its own is still one folder.
    (starter.parent / "via-link").symlink_to(starter, target_is_directory=True)
    assert run_cli("validate", str(starter.parent / "via-link")).status == 0


# --- 8. what used to be internal errors are located messages ---------------------------------------------


def _located(run: Run, *lines: str) -> None:
    assert run.status == 1, run.err
    assert "内部错误" not in run.err and "Traceback" not in run.err
    reported = run.err.splitlines()
    assert SUMMARY_ZH in reported[-1]
    for line in lines:
        assert any(found.startswith(line) for found in reported), f"{line!r} not in\n{run.err}"
    assert len(reported) == len(lines) + 1, run.err


def test_a_listed_area_name_over_255_bytes(starter: Path) -> None:
    name = "长" * 90  # 270 bytes in UTF-8
    line = set_line(starter / "packet.yaml", "areas:", f"areas: [{name}]")
    run = run_cli("validate", str(starter))
    _located(
        run,
        f"packet.yaml:{line}:9: areas[1]: 文件名“{'长' * 59}…”过长（275 字节，文件系统最多允许 255 字节）",
        # and the one file that is there is not in the list
        f"packet.yaml:{line}:8: areas: 警告：areas/ 中有 1 个文件不在 areas 清单里，不会印出：01-示例工作.yaml",
    )


def test_a_copy_name_over_255_bytes(starter: Path, tmp_path: Path) -> None:
    recipients = tmp_path / "r.yaml"
    recipients.write_text(f"recipients:\n  - name: {'王' * 90}\n", encoding="utf-8")
    run = run_cli("build", str(starter), "--recipients", str(recipients), "-o", str(tmp_path / "out"))
    # A name that long is refused in the list itself (at most 50 characters), before any file is named.
    _located(run, "r.yaml:2:11: recipients[1].name: 姓名过长（90 个字符）")


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """chmod 000 on a folder. Root is not stopped by modes, so for root the system calls that a folder
    without permissions refuses (listing it, looking a name up in it, opening what is in it) are made
    to fail the same way."""
    denied: list[Path] = []

    def deny_folder(folder: Path) -> None:
        folder.chmod(0)
        denied.append(folder)
        if os.geteuid() != 0:
            return
        root = os.path.abspath(folder)

        def refused(path: object, itself: bool) -> bool:
            if not isinstance(path, (str, bytes, os.PathLike)):
                return False
            where = os.path.abspath(os.fsdecode(path))
            return where.startswith(root + os.sep) or (itself and where == root)

        def guard(function: Callable, itself: bool = False) -> Callable:  # type: ignore[type-arg]
            def guarded(path: object, *args: object, **kwargs: object) -> object:
                if refused(path, itself):
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))  # type: ignore[arg-type]
                return function(path, *args, **kwargs)

            return guarded

        for name in ("stat", "lstat", "open"):
            monkeypatch.setattr(os, name, guard(getattr(os, name)))
        for name in ("scandir", "listdir"):
            monkeypatch.setattr(os, name, guard(getattr(os, name), itself=True))

    yield deny_folder
    monkeypatch.undo()
    for folder in denied:
        folder.chmod(0o755)


def test_an_unreadable_areas_folder(starter: Path, deny: Callable[[Path], None]) -> None:
    set_line(starter / "packet.yaml", "areas:", "areas: all")
    deny(starter / "areas")
    _located(
        run_cli("validate", str(starter)), "areas/: 无法进入目录 areas/：Permission denied；请检查目录的权限"
    )


def test_an_unreadable_areas_folder_with_listed_areas(starter: Path, deny: Callable[[Path], None]) -> None:
    deny(starter / "areas")
    _located(run_cli("validate", str(starter)), "areas/: 无法进入目录 areas/：Permission denied")


def test_an_unreadable_packet_folder(starter: Path, deny: Callable[[Path], None]) -> None:
    deny(starter)
    _located(run_cli("validate", str(starter)), f"packet.yaml: 无法进入目录 {starter}：Permission denied")


def test_a_layout_name_over_255_bytes(starter: Path) -> None:
    line = set_line(starter / "packet.yaml", "layout:", "layout: " + "a" * 300)
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(run, f"packet.yaml:{line}:9: layout: 找不到版式“{'a' * 59}…”")
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"), "--layout", "b" * 300)
    _located(run, f"--layout: 找不到版式“{'b' * 59}…”")


def test_top_1e309_in_a_layout(starter: Path) -> None:
    layout = packet_layout(starter)
    line = set_line(layout / "layout.yaml", "  top:", "  top: 1e309")
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(run, f"layouts/mine/layout.yaml:{line}:8: page.top: 天头“1e309”不是有效的长度")


def test_a_layout_without_a_body_style(starter: Path) -> None:
    layout = packet_layout(starter)
    line = set_line(layout / "layout.yaml", "  body:", "  text: {font: fangsong, size: 三号}")
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(run, f"layouts/mine/layout.yaml:{line}:3: styles.body: styles 中缺少样式“body”（正文）")


def test_a_layout_with_key_figures_needs_their_styles(starter: Path) -> None:
    layout = packet_layout(starter, source="briefing")
    set_line(layout / "layout.yaml", "  key_label:", "  # key_label: removed")
    lines = (layout / "layout.yaml").read_text(encoding="utf-8").split("\n")
    first = lines.index("styles:") + 2  # the styles mapping starts at its first entry
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(
        run,
        f"layouts/mine/layout.yaml:{first}:3: styles.key_label: styles 中缺少样式“key_label”（关键数字说明）",
    )


# --- 9. messages name what is really there ---------------------------------------------------------------


def _special(kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        monkeypatch.chdir(path.parent)  # a socket's address holds 108 bytes: bind it by its bare name
        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind(path.name)
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere.yaml")
    elif kind == "device" and os.geteuid() == 0:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    else:  # a device where only root may make one: the file system says "character device" all the same
        path.write_bytes(b"")
        real_stat, real_lstat = os.stat, os.lstat

        def as_device(function: Callable) -> Callable:  # type: ignore[type-arg]
            def look(target: object, *args: object, **kwargs: object) -> os.stat_result:
                found = function(target, *args, **kwargs)
                if isinstance(target, (str, os.PathLike)) and os.fspath(target) == str(path):
                    values = list(found)
                    values[0] = stat.S_IFCHR | 0o600
                    return os.stat_result(values)
                return found

            return look

        monkeypatch.setattr(os, "stat", as_device(real_stat))
        monkeypatch.setattr(os, "lstat", as_device(real_lstat))


KINDS = {
    "folder": "这是一个目录，不是文件",
    "fifo": "这不是普通文件",
    "socket": "这不是普通文件",
    "device": "这不是普通文件",
    "dangling": "这是一个失效的符号链接（它指向的文件已被删除或移走）",
}


# Listed in packet.yaml, each used to be "列出的文件 … 不存在"; found by `areas: all`, a folder was "not a
# regular file" and a dangling link "找不到文件" (a FIFO, socket or device was already "not a regular file").
CASES = [(kind, True) for kind in sorted(KINDS)] + [("folder", False), ("dangling", False)]


@pytest.mark.parametrize(
    ("kind", "listed"), CASES, ids=[f"{kind}-{'listed' if listed else 'all'}" for kind, listed in CASES]
)
def test_an_area_file_that_is_not_a_file_is_not_called_missing(
    starter: Path, monkeypatch: pytest.MonkeyPatch, kind: str, listed: bool
) -> None:
    _special(kind, starter / "areas" / "02-odd.yaml", monkeypatch)
    areas = f"areas: [{AREA_NAME}, 02-odd.yaml]" if listed else "areas: all"
    set_line(starter / "packet.yaml", "areas:", areas)
    run = run_cli("validate", str(starter))  # a FIFO opened for reading would block here forever
    _located(run, f"areas/02-odd.yaml: {KINDS[kind]}")
    assert "不存在" not in run.err


@pytest.mark.parametrize("listed", [True, False], ids=["listed", "all"])
def test_an_areas_folder_that_is_a_file(starter: Path, listed: bool) -> None:
    shutil.rmtree(starter / "areas")
    (starter / "areas").write_text("not a folder\n", encoding="utf-8")
    if not listed:
        set_line(starter / "packet.yaml", "areas:", "areas: all")
    run = run_cli("validate", str(starter))
    _located(run, "areas/: areas/ 应是存放工作领域文件的目录，这里却是一个文件")
    assert "不存在" not in run.err and "没有任何 .yaml 文件" not in run.err


def test_recipients_that_are_a_folder(starter: Path, tmp_path: Path) -> None:
    for command in (["build", str(starter), "-o", str(tmp_path / "out")], ["send", str(starter)]):
        run = run_cli(*command, "--recipients", str(tmp_path))
        assert run.status == 2
        assert f"收件人名单 {tmp_path} 是目录，不是文件；请给出文件" in run.err and "不存在" not in run.err


def test_a_packet_yaml_over_the_size_limit_is_not_called_an_area_file(starter: Path) -> None:
    with (starter / "packet.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# " + "x" * (2 * 1024 * 1024) + "\n")
    run = run_cli("validate", str(starter))
    _located(run, "packet.yaml: 文件过大（超过 2 MB 或 20 万个值）")
    assert "工作领域" not in run.err


def test_a_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    import tracemalloc

    from briefing.read import yaml_nodes as load

    sparse = tmp_path / "huge.yaml"
    with sparse.open("wb") as stream:
        stream.truncate(64 * 1024**2)  # sparse: no disk, but read whole it costs 64 MiB of memory
    tracemalloc.start()
    try:
        document = load.load_file(sparse, "huge.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [found.code for found in document.issues] == ["load.too-large"]
    assert peak < 8 * 1024**2, f"{peak / 1024**2:.0f} MiB to refuse a file over 2 MB"


# --- 10. layout geometry is range-checked ----------------------------------------------------------------

GEOMETRY = [
    # (line starts with, replacement, field, message)
    ("  top:", "  top: -37mm", "page.top", "天头“-37mm”超出范围；应大于 0、不超过 841.9pt"),
    ("  top:", "  top: 0", "page.top", "天头“0”超出范围；应大于 0、不超过 841.9pt"),
    ("  bottom:", "  bottom: 1e400", "page.bottom", "地脚“1e400”不是有效的长度"),
    ("  inner:", "  inner: 2字", "page.inner", "订口“2字”不能以“字”为单位"),
    ("  outer:", "  outer: 900mm", "page.outer", "切口“900mm”超出范围；应大于 0、不超过 595.3pt"),
    (
        "  below:",
        "  below: 900mm",
        "page_number.below",
        "距版心下边缘“900mm”超出范围；应在 0pt 至 85.2pt 之间",
    ),
    ("  below:", "  below: -7mm", "page_number.below", "距版心下边缘“-7mm”超出范围"),
    ("  inset:", "  inset: -40字", "page_number.inset", "内收“-40字”超出范围；应在 0pt 至 221.1pt 之间"),
    ("  inset:", "  inset: 100字", "page_number.inset", "内收“100字”超出范围"),
    ("  grid_width:", "  grid_width: 0", "table.grid_width", "表格线宽“0”超出范围；应大于 0、不超过 10pt"),
    ("  grid_width:", "  grid_width: -1pt", "table.grid_width", "表格线宽“-1pt”超出范围"),
    ("  frame_width:", "  frame_width: 20pt", "table.frame_width", "外框线宽“20pt”超出范围"),
    ("  padding:", "  padding: -3pt", "table.padding", "单元格内边距“-3pt”超出范围；应在 0pt 至 30pt 之间"),
]
STYLE_GEOMETRY = [
    ("leading: 0pt", "styles.body.leading", "行距“0pt”超出范围；应大于 0、不超过 637.8pt"),
    ("leading: -28.99pt", "styles.body.leading", "行距“-28.99pt”超出范围"),
    ("indent: -80字", "styles.body.indent", "首行缩进“-80字”超出范围；应在 0pt 至 426.2pt 之间"),
    ("indent: 80字", "styles.body.indent", "首行缩进“80字”超出范围"),
    ("left_indent: 30字", "styles.body.left_indent", "左缩进“30字”超出范围"),
    ("space_before: -10pt", "styles.body.space_before", "段前“-10pt”超出范围"),
    ("space_after: 1000mm", "styles.body.space_after", "段后“1000mm”超出范围"),
    ("size: 1000pt", "styles.body.size", "字号“1000pt”超出范围；应大于 0、不超过 442.2pt"),
]
BODY = "  body:        {font: fangsong, size: 三号, leading: 28.99pt, indent: 2字, align: justify}"


@pytest.mark.parametrize(("start", "new", "field", "message"), GEOMETRY, ids=[g[1].strip() for g in GEOMETRY])
def test_page_and_table_lengths_are_range_checked(
    starter: Path, start: str, new: str, field: str, message: str
) -> None:
    layout = packet_layout(starter)
    line = set_line(layout / "layout.yaml", start, new)
    column = len(new.split(":")[0]) + 3
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(run, f"layouts/mine/layout.yaml:{line}:{column}: {field}: {message}")
    assert not (starter / "x.pdf").exists()


@pytest.mark.parametrize(("setting", "field", "message"), STYLE_GEOMETRY, ids=[s[0] for s in STYLE_GEOMETRY])
def test_style_lengths_are_range_checked(starter: Path, setting: str, field: str, message: str) -> None:
    layout = packet_layout(starter)
    key = setting.split(":")[0]
    written = BODY.replace("size: 三号", setting) if key == "size" else BODY.replace("}", f", {setting}}}")
    if key in ("leading", "indent"):
        written = BODY.replace(f"{key}: {'28.99pt' if key == 'leading' else '2字'}", setting)
    line = set_line(layout / "layout.yaml", "  body:", written)
    column = written.index(setting) + len(key) + 3
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(run, f"layouts/mine/layout.yaml:{line}:{column}: {field}: {message}")


@pytest.mark.parametrize(
    ("width", "message"),
    [("0字", "列宽“0字”超出范围；应大于 0、不超过 36.9字"), ("-3*", "列宽“-3*”超出范围；应大于 0、不超过 1000*"),
     ("nan*", "列宽“nan*”无法识别"), ("1e400字", "列宽“1e400字”无法识别")],
)  # fmt: skip
def test_column_widths_are_range_checked(starter: Path, width: str, message: str) -> None:
    layout = packet_layout(starter)
    path = layout / "layout.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if "{field: name, label: 指标" in line)
    lines[number] = lines[number].replace("label: 指标}", f'label: 指标, width: "{width}"}}')  # auto before
    path.write_text("\n".join(lines), encoding="utf-8")
    column = lines[number].index('"' + width) + 1
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    _located(
        run, f"layouts/mine/layout.yaml:{number + 1}:{column}: targets_table.columns[2].width: {message}"
    )


def test_a_top_margin_of_minus_37mm_no_longer_prints_off_the_page(starter: Path) -> None:
    """The issue's example: 2,440 characters printed above the paper, exit 0."""
    layout = packet_layout(starter)
    set_line(layout / "layout.yaml", "  top:", "  top: -37mm")
    run = run_cli("build", str(starter), "-o", str(starter / "x.pdf"))
    assert run.status == 1 and "page.top" in run.err and not (starter / "x.pdf").exists()


@pytest.mark.parametrize("name", ["gbt9704", "briefing"])
def test_the_shipped_layouts_pass_the_range_checks(starter: Path, tmp_path: Path, name: str) -> None:
    run = run_cli("build", str(starter), "--layout", name, "-o", str(tmp_path / f"{name}.pdf"))
    assert run.status == 0, run.err
