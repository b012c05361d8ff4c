"""Checks of the paths and options a command is given: each refusal is a usage error that says what to give."""

from __future__ import annotations

import argparse
import ast
import os
from pathlib import Path

import pytest

import briefing.inputs
from briefing.cli.checks import existing_file, kind, packet_dir, print_options, refuse_inputs_as_outputs
from briefing.cli.usage import UsageError
from briefing.messages.catalogue import CATALOGUE
from briefing.pipeline import Options


def test_kind_tells_folders_files_and_the_rest(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert kind(tmp_path) == "folder"
    assert kind(tmp_path / "file") == "file"
    assert kind(tmp_path / "pipe") == "other"
    assert kind(tmp_path / "missing") == ""
    assert kind(tmp_path / "loop") == ""
    assert kind(tmp_path / ("长" * 300)) == "", "a name longer than the system allows is not looked at"
    assert kind(Path("nul\0byte")) == ""


@pytest.mark.parametrize("value", ["", "   ", "missing", "file"])
def test_a_packet_folder_must_be_a_folder(tmp_path: Path, value: str) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    given = str(tmp_path / value) if value.strip() else value
    with pytest.raises(UsageError) as caught:
        packet_dir(given)
    assert caught.value.problem("zh") == f"材料目录“{given}”不存在或不是目录；请给出含 packet.yaml 的目录"
    assert packet_dir(str(tmp_path)) == tmp_path


def test_a_file_to_read_must_be_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "list.yaml").write_text("x", encoding="utf-8")
    said = {}
    for name in ("missing.yaml", "pipe", ""):
        with pytest.raises(UsageError) as caught:
            existing_file(str(tmp_path / name), "cli.what.recipients")
        said[name] = (caught.value.problem("zh"), caught.value.problem("en"))
    path = tmp_path / "missing.yaml"
    assert said["missing.yaml"] == (
        f"收件人名单 {path} 不存在；请检查文件名和所在目录",
        f"recipient list {path} does not exist; check the name and the folder",
    )
    assert said["pipe"][0] == f"收件人名单 {tmp_path / 'pipe'} 不是普通文件（是管道或设备）；请给出文件"
    assert said[""][0] == f"收件人名单 {tmp_path} 是目录，不是文件；请给出文件"
    assert existing_file(str(tmp_path / "list.yaml"), "cli.what.table") == tmp_path / "list.yaml"


def _options(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**({"layout": None, "duplex": False, "draft": None} | given))


@pytest.mark.parametrize("number", [0, -1, 1_000_000])
def test_copy_numbers_out_of_range_are_refused(number: int) -> None:
    with pytest.raises(UsageError) as caught:
        print_options(_options(copy_number=number))
    assert caught.value.problem("zh") == "--copy-number 应在 1 到 999999 之间，如 --copy-number 12"


def test_print_options_pass_through() -> None:
    given = _options(layout="briefing", duplex=True, draft="征求意见稿", copy_number=999_999)
    assert print_options(given) == Options("briefing", True, "征求意见稿", 999_999)
    assert print_options(_options()) == Options()  # `send` has no --copy-number


def test_an_output_over_an_input_names_what_it_would_destroy(starter: Path) -> None:
    area = next((starter / "areas").iterdir())
    with pytest.raises(UsageError) as caught:
        refuse_inputs_as_outputs("-o", [starter / "out.pdf", area], starter, Options())
    assert caught.value.problem("zh") == (
        f"-o 会把输出写到 {area}，而它就是本次要读取的工作领域文件（{area}），写入会毁掉它；请另选输出位置"
    )
    assert "which is an area file this command reads" in caught.value.problem("en")
    refuse_inputs_as_outputs("-o", [starter / "out.pdf"], starter, Options())


def test_every_role_of_an_input_has_a_name_in_both_languages() -> None:
    """inputs.py says what each file is to the build; the refusal names it from the catalogue."""
    tree = ast.parse(Path(briefing.inputs.__file__).read_text(encoding="utf-8"))
    roles = {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "Input"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Constant)
    }
    assert {"packet", "area", "recipients", "settings"} <= roles
    assert {f"cli.role.{role}" for role in roles} <= set(CATALOGUE)


@pytest.mark.parametrize("char", ["\x01", "\x7f", "\x85", "\ud800"])
def test_a_draft_text_with_a_control_character_is_refused(char: str) -> None:
    """The watermark text comes from the command line: the same rule as a YAML value, for PDF and Word alike."""
    args = argparse.Namespace(layout=None, duplex=False, draft=f"征求{char}意见稿", copy_number=None)
    with pytest.raises(UsageError) as refused:
        print_options(args)
    assert refused.value.code == "cli.draft-control-char"
    assert refused.value.params == {"char": f"U+{ord(char):04X}"}
    args.draft = "征求意见稿\t（二）"
    assert print_options(args).draft == "征求意见稿\t（二）"
