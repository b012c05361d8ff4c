"""The stages in order, the layout found once per command, the build and numbered copies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO

import briefing.layouts.build
from briefing.errors import DeliveryError, Source, ValidationError
from briefing.pipeline import (
    BuildResult,
    Options,
    RenderedPacket,
    build,
    build_copies,
    copy_filename,
    run_stages,
)
from briefing.read.recipients import Recipient, load_recipients
from briefing.send import send

SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every search for a layout folder, by the name asked for."""
    asked: list[str] = []
    find = briefing.layouts.build.find_layout

    def counting(name: str, *args: object, **kwargs: object) -> Path:
        asked.append(name)
        return find(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(briefing.layouts.build, "find_layout", counting)
    return asked


def test_the_stages_hand_delivery_the_packet_its_layout_and_the_pdf(lookups: list[str]) -> None:
    seen: list[RenderedPacket] = []
    result = run_stages(SAMPLE, Options(layout="briefing"), (), lambda staged: seen.append(staged) or "done")
    assert result == "done" and len(seen) == 1
    staged = seen[0]
    assert staged.packet.title == "东昌区2023年重点工作汇报材料"
    assert staged.layout.name == "briefing" and staged.layout.path.name == "briefing"
    assert staged.rendered.pdf.startswith(b"%PDF") and staged.rendered.pages > 1
    assert lookups == ["briefing"]


def test_nothing_is_delivered_when_a_stage_fails(tmp_path: Path) -> None:
    (tmp_path / "packet.yaml").write_text("title: 只有标题\n", encoding="utf-8")
    delivered: list[RenderedPacket] = []
    with pytest.raises(ValidationError):
        run_stages(tmp_path, Options(), (), delivered.append)
    assert delivered == []


def test_send_finds_the_layout_once(
    tmp_path: Path, lookups: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mail templates come from the layout the packet was set in, not from a second search."""
    for variable in [v for v in os.environ if v.startswith("BRIEFING_")]:
        monkeypatch.delenv(variable)
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    report = send(SAMPLE, RECIPIENTS, tmp_path / "out", config=config, dry_run=True)
    assert report.ok and len(report.deliveries) == 5
    assert lookups == ["gbt9704"]


def test_build_writes_the_pdf_and_says_what_it_wrote(tmp_path: Path) -> None:
    result = build(SAMPLE, tmp_path / "out.pdf")
    data = (tmp_path / "out.pdf").read_bytes()
    assert result == BuildResult(tmp_path / "out.pdf", result.pages, len(data), result.synthetic_bold)
    assert data.startswith(b"%PDF") and result.pages > 1
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(DeliveryError) as caught:
        build(SAMPLE, tmp_path / "file" / "out.pdf")
    assert caught.value.issues[0].code == "deliver.not-a-folder"


def test_build_copies_writes_one_file_per_recipient_in_list_order(tmp_path: Path) -> None:
    written = build_copies(SAMPLE, RECIPIENTS, tmp_path / "copies")
    names = [copy_filename(recipient) for recipient in load_recipients(RECIPIENTS)]
    assert [path.name for path in written] == names == sorted(names)
    assert sorted(os.listdir(tmp_path / "copies")) == names
    pdfs = [path.read_bytes() for path in written]
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs) and len(set(pdfs)) == len(pdfs)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张三", "000003-张三.pdf"),
        ('a/b\\c:d*e?f"g<h>i|j', "000003-a_b_c_d_e_f_g_h_i_j.pdf"),
        ("line\nbreak\ttab", "000003-line_break_tab.pdf"),
        (" .隐藏. ", "000003-隐藏.pdf"),
        ("...", "000003-copy.pdf"),
    ],
)
def test_a_copy_file_name_is_safe_on_every_file_system(name: str, expected: str) -> None:
    assert copy_filename(Recipient(name, None, None, 3, Source("r.yaml"))) == expected
