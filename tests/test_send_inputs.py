"""What a hostile recipient list or mail.yaml can put into `send`: forged headers, blank and overlong
names, a missing CA file. Each is a located message and exit 1, with nothing written or sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from test_send import RECIPIENTS, SAMPLE, environment, send_args  # noqa: F401  (environment: autouse)

from briefing.copies import copy_filename
from briefing.deliver.mail import attachment_name
from briefing.errors import Source
from briefing.read.recipients import Recipient

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data:DeprecationWarning")

ENCODED_BOSS = "=?utf-8?b?5Yy66ZW/IDxib3NzQGV2aWwuZXhhbXBsZT4=?="  # “区长 <boss@evil.example>”


def dry_config(folder: Path, **extra: str) -> Path:
    """Settings for a dry run: only the sender is needed."""
    path = folder / "mail.yaml"
    lines = ["sender: office@example.gov.cn"] + [f"{key}: {value}" for key, value in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def listed(folder: Path, *rows: str) -> Path:
    """A recipients.yaml with one `- name: …` entry per row (rows are YAML, written as given)."""
    path = folder / "recipients.yaml"
    text = "recipients:\n" + "".join(
        f"  - name: {row}\n    email: person{index}@example.org\n" for index, row in enumerate(rows, start=1)
    )
    path.write_text(text, encoding="utf-8")
    return path


def dry_send(tmp_path: Path, recipients: Path, config: Path | None = None, *more: str):  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    run = run_cli(*send_args(out, config or dry_config(tmp_path), "--dry-run", *more, recipients=recipients))
    return run, out


# 11: encoded-words and addresses in names ---------------------------------------------------------------------
def test_an_encoded_word_in_a_name_or_organisation_is_refused(tmp_path: Path) -> None:
    recipients = tmp_path / "recipients.yaml"
    recipients.write_text(
        "recipients:\n"
        f"  - name: '{ENCODED_BOSS}'\n"
        "    email: victim@example.org\n"
        "  - name: 李红\n"
        "    organisation: '区财政局 =?utf-8?q?=E5=8C=BA=E9=95=BF?='\n"
        "    email: lihong@example.org\n"
        "  - name: 'Zhang =?UTF-8?B?5Yy66ZW/?= Wei'\n"
        "    email: zhangwei@example.org\n",
        encoding="utf-8",
    )
    run, out = dry_send(tmp_path, recipients)
    assert run.status == 1, run.err
    assert (
        f"{recipients}:2:11: recipients[1].name: 姓名中含有“=?…?=”形式的编码字（RFC 2047）；"
        "邮件客户端会把它解码成别的文字，可被用来伪造收件人或主题，请直接写出文字本身"
    ) in run.err
    assert f"{recipients}:5:19: recipients[2].organisation: 单位中含有“=?…?=”形式的编码字" in run.err
    assert f"{recipients}:7:11: recipients[3].name: 姓名中含有“=?…?=”" in run.err
    assert "共 3 个问题" in run.err and not out.exists()
    build = run_cli("build", str(SAMPLE), "--recipients", str(recipients), "-o", str(tmp_path / "copies"))
    assert build.status == 1 and "recipients[1].name" in build.err
    assert not (tmp_path / "copies").exists()


@pytest.mark.parametrize(
    "name", ["区长 <boss@evil.example>", "boss@evil.example", "区长＜boss＠evil.example＞"]
)
def test_a_name_that_holds_an_address_is_refused(tmp_path: Path, name: str) -> None:
    """Python encodes a non-ASCII display name whole, so a client decodes "区长 <boss@…> <victim@…>"."""
    run, out = dry_send(tmp_path, listed(tmp_path, f"'{name}'"))
    assert run.status == 1
    assert "recipients.yaml:2:11: recipients[1].name: 姓名中不能有 @、< 或 >" in run.err
    assert not out.exists()


def test_the_sender_name_is_checked_like_a_recipient_name(tmp_path: Path) -> None:
    config = dry_config(tmp_path, sender_name=f"'{ENCODED_BOSS}'")
    run, out = dry_send(tmp_path, RECIPIENTS, config)
    assert run.status == 1
    assert f"{config}:2:14: sender_name: 发件人名称中含有“=?…?=”形式的编码字" in run.err
    config = dry_config(tmp_path, sender_name="'区政府办公室 <boss@evil.example>'")
    run, out = dry_send(tmp_path, RECIPIENTS, config)
    assert run.status == 1
    assert f"{config}:2:14: sender_name: 发件人名称中不能有 @、< 或 >" in run.err
    assert not out.exists()
    # One rule for both files: a right-to-left override (U+202E) reorders what a client shows.
    run, _ = dry_send(tmp_path, listed(tmp_path, '"王明\\u202e"'))
    assert run.status == 1 and "recipients[1].name: 姓名中含有换行或其他控制字符" in run.err
    config = dry_config(tmp_path, sender_name='"办公室\\u202e"')
    run, _ = dry_send(tmp_path, RECIPIENTS, config)
    assert run.status == 1 and f"{config}:2:14: sender_name: 发件人名称中含有换行或其他控制字符" in run.err


# 12: a blank name is a missing name ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "blank",
    ['"\u3000"', '"   "', '"\u00a0\u2003"', '"\u3164"', '"\u3000\u200b"', '"\\t"'],
    ids=["ideographic-space", "spaces", "nbsp-emspace", "hangul-filler", "space-and-zwsp", "tab"],
)
def test_a_name_of_spaces_is_a_located_missing_name(tmp_path: Path, blank: str) -> None:
    recipients = listed(tmp_path, "王明", blank, "张伟")
    run, out = dry_send(tmp_path, recipients)
    assert run.status == 1, run.out
    assert f"{recipients}:4:5: recipients[2].name: 缺少必填字段（姓名）；请添加，例如 name: 张三" in run.err
    assert "共 1 个问题" in run.err and not out.exists()


# 8: what used to end as an internal error -------------------------------------------------------------------------
def test_a_300_character_name_is_a_located_error(tmp_path: Path) -> None:
    recipients = listed(tmp_path, "王明", "长" * 300)
    run, out = dry_send(tmp_path, recipients)
    assert run.status == 1, run.err
    assert (
        f"{recipients}:4:11: recipients[2].name: 姓名过长（300 个字符）；姓名最多 50 个字符，"
        "职务和单位请写在 organisation 中"
    ) in run.err
    assert "内部错误" not in run.err and not out.exists()
    english = run_cli(
        "--lang", "en", *send_args(out, dry_config(tmp_path), "--dry-run", recipients=recipients)
    )
    assert "recipients[2].name: the name is too long (300 characters); write at most 50" in english.err


def test_file_and_attachment_names_fit_any_file_system(tmp_path: Path) -> None:
    """Even a name past the list's limit (astral characters are 4 bytes each) makes a file name that can be
    written, with room for the temporary name it is written under first."""
    recipient = Recipient("𠀀" * 100, None, "a@example.org", 7, Source("r.yaml"))
    name = copy_filename(recipient)
    assert name.startswith("000007-𠀀") and name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= 200
    (tmp_path / name).write_bytes(b"%PDF")  # no "File name too long"
    attachment = attachment_name("东昌区" * 100, recipient)
    assert len(attachment.encode("utf-8")) <= 240
    assert attachment.endswith(f"-000007-{'𠀀' * 37}.pdf") and attachment.startswith("东昌区")


@pytest.mark.parametrize(
    "cafile",
    ["missing-ca.pem", "'~no-such-user-here/ca.pem'", "x" * 300 + ".pem"],
    ids=["missing", "unknown-home", "name-too-long"],
)
def test_a_cafile_that_is_not_there_is_a_located_error(tmp_path: Path, cafile: str) -> None:
    config = tmp_path / "mail.yaml"
    config.write_text(
        f"host: smtp.example.gov.cn\nsecurity: tls\nsender: office@example.gov.cn\ncafile: {cafile}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = run_cli(*send_args(out, config))
    assert run.status == 1, run.err
    assert f"{config}:4:9: cafile: 找不到 CA 证书文件 " in run.err
    assert "请给出 PEM 格式证书文件的路径" in run.err and "内部错误" not in run.err
    assert not out.exists()
