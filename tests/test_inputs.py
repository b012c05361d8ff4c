"""What a command reads (briefing/inputs.py): an output that is one of those files, by any spelling or
link, is refused before anything is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Run, run_cli
from packets import LAYOUTS

from briefing.inputs import Input, build_inputs, clash

AREA = "areas/01-示例工作.yaml"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
FONTS = REPO / "fonts"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: file bytes, or the target of a link."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


def packet_layout(starter: Path, name: str = "mine", source: str = "gbt9704") -> Path:
    """A copy of a shipped layout inside the packet, named in packet.yaml."""
    folder = starter / "layouts" / name
    shutil.copytree(LAYOUTS / source, folder)
    packet = starter / "packet.yaml"
    lines = packet.read_text(encoding="utf-8").split("\n")
    packet.write_text(
        "\n".join(f"layout: {name}" if line.startswith("layout:") else line for line in lines),
        encoding="utf-8",
    )
    return folder


# -o never names a file the build reads ----------------------------------------------------------------
def _refused(run: Run, option: str = "-o") -> None:
    assert run.status == 2, run.err
    assert run.out == ""
    assert f"briefing: 用法错误：{option} 会把输出写到 " in run.err, run.err
    assert "写入会毁掉它；请另选输出位置" in run.err


@pytest.mark.parametrize(
    "spelling",
    ["plain", "dot-slash", "dot-dot", "symlink", "hard-link", "absolute"],
)
def test_output_over_packet_yaml_is_refused_before_anything_is_written(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    target = {
        "plain": "packet/packet.yaml",
        "dot-slash": "./packet/./packet.yaml",
        "dot-dot": "packet/areas/../packet.yaml",
        "symlink": "link.pdf",
        "hard-link": "hard.pdf",
        "absolute": str(starter / "packet.yaml"),
    }[spelling]
    if spelling == "symlink":
        os.symlink(starter / "packet.yaml", tmp_path / "link.pdf")
    if spelling == "hard-link":
        os.link(starter / "packet.yaml", tmp_path / "hard.pdf")
    before = snapshot(tmp_path)
    run = run_cli("build", "packet", "-o", target)
    _refused(run)
    assert "材料文件 packet.yaml" in run.err
    assert snapshot(tmp_path) == before, "nothing written, nothing removed"


def test_output_over_packet_yaml_in_english(starter: Path) -> None:
    run = run_cli("--lang", "en", "build", str(starter), "-o", str(starter / "packet.yaml"))
    assert run.status == 2
    assert "-o would write" in run.err and "the packet's packet.yaml" in run.err


def test_output_over_an_area_file_a_layout_file_or_a_template_is_refused(starter: Path) -> None:
    layout = packet_layout(starter)
    before = snapshot(starter)
    for target, role in (
        (starter / AREA, "工作领域文件"),
        (layout / "layout.yaml", "版式文件"),
        (layout / "cover.j2", "版式文件"),
    ):
        run = run_cli("build", str(starter), "-o", str(target))
        _refused(run)
        assert f"本次要读取的{role}" in run.err
    assert snapshot(starter) == before


def test_output_over_a_font_file_or_font_manifest_is_refused(starter: Path, tmp_path: Path) -> None:
    fonts = starter / "fonts"
    (fonts / "sub").mkdir(parents=True)
    shutil.copy(FONTS / "KaiSubset-Regular.ttf", fonts / "sub" / "Mine.ttf")
    (fonts / "fonts.yaml").write_text("families:\n  Mine:\n    file: sub/Mine.ttf\nroles:\n  kai: Mine\n")
    layout = packet_layout(starter)
    elsewhere = tmp_path / "licensed" / "direct.ttf"  # a layout may name a font anywhere by its path
    elsewhere.parent.mkdir()
    shutil.copy(FONTS / "NotoSansCJKsc-Regular.subset.ttf", elsewhere)
    text = (layout / "layout.yaml").read_text(encoding="utf-8")
    (layout / "layout.yaml").write_text(
        text.replace("\nstyles:\n", f"\nfonts:\n  hei: {{file: {elsewhere}}}\nstyles:\n", 1), encoding="utf-8"
    )
    run = run_cli("build", str(starter), "-o", str(tmp_path / "ok.pdf"))
    assert run.status == 0, run.err
    before = snapshot(tmp_path)
    for target in (fonts / "sub" / "Mine.ttf", fonts / "fonts.yaml", elsewhere):
        run = run_cli("build", str(starter), "-o", str(target))
        _refused(run)
        assert "本次要读取的字体文件" in run.err
    assert snapshot(tmp_path) == before


def test_output_over_the_recipient_list_is_refused(starter: Path, tmp_path: Path) -> None:
    recipients = tmp_path / "r.yaml"
    shutil.copy(RECIPIENTS, recipients)
    copies = tmp_path / "copies"
    copies.mkdir()
    # A copy's name in the output folder is a link to an input: writing the copy would replace it.
    (copies / "000001-王明.pdf").symlink_to(recipients)
    (copies / "000002-李红.pdf").symlink_to(starter / AREA)
    before = snapshot(tmp_path)
    run = run_cli("build", str(starter), "--recipients", str(recipients), "-o", str(copies))
    _refused(run)
    assert "收件人名单" in run.err or "工作领域文件" in run.err
    assert snapshot(tmp_path) == before
    (copies / "000001-王明.pdf").unlink()
    run = run_cli("build", str(starter), "--recipients", str(recipients), "-o", str(copies))
    _refused(run)
    assert "工作领域文件" in run.err and "000002-李红.pdf" in run.err
    assert snapshot(tmp_path) == {key: value for key, value in before.items() if "王明" not in key}


@pytest.mark.parametrize("name", ["manifest.json", "000003-张伟.eml", "000003-张伟.pdf"])
def test_send_out_folder_over_an_input_is_refused(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for variable in [v for v in os.environ if v.startswith("BRIEFING_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(starter / "packet.yaml")
    before = snapshot(tmp_path)
    run = run_cli(
        "send", str(starter), "--recipients", str(RECIPIENTS), "--out", str(out), "--config", str(config),
        "--dry-run",
    )  # fmt: skip
    _refused(run, "--out")
    assert snapshot(tmp_path) == before


def test_an_output_beside_the_inputs_is_still_written(starter: Path) -> None:
    """Only the very files read are refused: a PDF in the packet folder, or a new file there, is fine."""
    run = run_cli("build", str(starter), "-o", str(starter / "packet.pdf"))
    assert run.status == 0, run.err
    assert (starter / "packet.pdf").read_bytes().startswith(b"%PDF")


# the list itself ----------------------------------------------------------------------------------------------
def roles(inputs: list[Input], base: Path) -> dict[str, str]:
    """Each input's path under `base` (others by name) and its role."""
    return {
        (str(item.path.relative_to(base)) if item.path.is_relative_to(base) else item.path.name): item.role
        for item in inputs
    }


def test_what_a_build_and_a_send_read(starter: Path, tmp_path: Path) -> None:
    layout = packet_layout(starter)
    settings = tmp_path / "mail.yaml"
    found = roles(build_inputs(starter, None, recipients=RECIPIENTS, settings=settings), starter)
    assert found["packet.yaml"] == "packet" and found[AREA] == "area"
    for name in ("layout.yaml", "cover.j2", "section.j2", "mail/subject.j2", "mail/body.j2"):
        assert found[str((layout / name).relative_to(starter))] == "layout"
    assert found["recipients-example.yaml"] == "recipients" and found["mail.yaml"] == "settings"
    assert "fonts.yaml" in found and found["fonts.yaml"] == "font"
    assert any(name.endswith(".ttf") for name in found)


def test_only_the_layouts_own_mail_templates_are_read(starter: Path) -> None:
    """A layout without mail/ does not borrow gbt9704's: send refuses it, so they are no input of it."""
    layout = packet_layout(starter)
    shutil.rmtree(layout / "mail")
    found = build_inputs(starter, None, mail=True)
    assert not [item for item in found if item.path.parent.name == "mail"]


def test_an_output_that_is_no_input_or_does_not_exist_is_no_clash(tmp_path: Path) -> None:
    read = tmp_path / "read.yaml"
    read.write_text("x: 1\n", encoding="utf-8")
    inputs = [Input(read, "packet"), Input(tmp_path / "missing.yaml", "area")]
    assert clash([tmp_path / "new.pdf", tmp_path / "missing.yaml"], inputs) is None
    (tmp_path / "alias.pdf").symlink_to(read)
    assert clash([tmp_path / "new.pdf", tmp_path / "alias.pdf"], inputs) == (
        tmp_path / "alias.pdf",
        inputs[0],
    )


# the mail settings and the CA certificate they name ---------------------------------------------------------------
def dry_send(starter: Path, out: Path, *more: str) -> Run:
    return run_cli(
        "send", str(starter), "--recipients", str(RECIPIENTS), "--out", str(out), "--dry-run", *more
    )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for variable in [v for v in os.environ if v.startswith("BRIEFING_")]:
        monkeypatch.delenv(variable)
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("BRIEFING_HOME", str(folder))
    return folder


def sent_before(starter: Path, out: Path, *more: str) -> None:
    """A dry run into `out`: every copy has its row and its file there."""
    assert dry_send(starter, out, *more).status == 0


def test_send_never_writes_over_its_default_settings_file(starter: Path, tmp_path: Path, home: Path) -> None:
    (home / "mail.yaml").write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    out = tmp_path / "out"
    sent_before(starter, out)
    (out / "000003-张伟.pdf").unlink()
    (out / "000003-张伟.pdf").symlink_to(home / "mail.yaml")  # a copy's name now leads to the settings
    before = snapshot(tmp_path)
    run = dry_send(starter, out)
    _refused(run, "--out")
    assert "本次要读取的发信设置文件" in run.err and str(home / "mail.yaml") in run.err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("given", ["file", "environment"])
def test_send_never_writes_over_the_ca_certificate(
    starter: Path, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    config = tmp_path / "mail.yaml"
    config.write_text(
        "sender: office@example.gov.cn\n" + ("cafile: certs/ca.pem\n" if given == "file" else ""),
        encoding="utf-8",
    )
    if given == "environment":
        monkeypatch.setenv("BRIEFING_SMTP_CAFILE", "certs/ca.pem")  # relative to the settings file's folder
    out = tmp_path / "out"
    sent_before(starter, out, "--config", str(config))
    (out / "000003-张伟.eml").unlink()
    (out / "000003-张伟.eml").symlink_to(tmp_path / "certs" / "ca.pem")
    before = snapshot(tmp_path)
    run = dry_send(starter, out, "--config", str(config))
    _refused(run, "--out")
    assert str(tmp_path / "certs" / "ca.pem") in run.err
    assert snapshot(tmp_path) == before
