"""The stages in order, the layout found once per command, the build and numbered copies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO

import briefing.layouts.build
from briefing.copies import build_copies, copy_filename
from briefing.errors import DeliveryError, Source, ValidationError
from briefing.pipeline import BuildResult, Options, RenderedPacket, build, run_stages
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


# chosen areas ----------------------------------------------------------------------------------------------
def _money_packet(folder: Path) -> Path:
    """Three areas whose projects all give their investment, and totals the report declares for all three."""
    from packets import area_yaml, write_packet

    def projects(prefix: str, amounts: list[str]) -> list[dict[str, str]]:
        return [
            {
                "name": f"{prefix}项目{index}",
                "kind": "新建" if index % 2 else "续建",
                "total_investment": amount,
            }
            for index, amount in enumerate(amounts, start=1)
        ]

    declared = "declared:\n  complete: true\n  count: 6\n  total_investment: 4.5亿元\n"
    return write_packet(
        folder,
        {
            "01-工业.yaml": area_yaml("做强工业经济", projects("工业", ["1亿元", "5000万元"])),
            "02-农业.yaml": area_yaml("推进乡村振兴", projects("农业", ["8000万元"])),
            "03-民生.yaml": area_yaml("办好民生实事", projects("民生", ["2000万元", "3000万元", "1.5亿元"])),
        },
        packet_extra="areas: [01-工业, 02-农业, 03-民生]\n" + declared,
    )


def test_a_packet_of_chosen_areas_reads_back_consistent(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    from pdfcheck import Pdf, tables

    root = _money_packet(tmp_path / "p")
    output = tmp_path / "part.pdf"
    run = cli("build", str(root), "-o", str(output), "--areas", "民生,1")
    assert run.status == 0, run.err
    pdf = Pdf(output.read_bytes())
    # Contents: the chosen areas renumbered, each with the page its heading is on.
    contents = pdf.line_texts(1)
    entries = [line for line in contents if line[:2] in ("一、", "二、") or line.startswith("附：")]
    assert [entry.rstrip("0123456789") for entry in entries] == [
        "一、做强工业经济",
        "二、办好民生实事",
        "附：2023年重点项目汇总",
    ]
    pages = pdf.page_of_number()
    for entry in entries:
        title = entry.rstrip("0123456789")
        number = int(entry[len(title) :])
        assert title in pdf.text(pages[number]), (title, number)
    assert [title for level, title, _ in pdf.outline() if level == 0][-3:] == [
        "一、做强工业经济",
        "二、办好民生实事",
        "附：2023年重点项目汇总",
    ]
    assert "推进乡村振兴" not in pdf.all_text and "农业项目" not in pdf.all_text
    # Tables numbered in this document, and the grand total adds up exactly the chosen areas.
    found = tables(output.read_bytes())
    captions = [
        line for page in range(len(pdf.pages)) for line in pdf.line_texts(page) if line.startswith("表")
    ]
    assert [caption.split("　")[0].split(" ")[0][:2] for caption in captions] == ["表1", "表2", "表3"]
    grand = next(rows for _, rows in found if rows[0][:2] == ["序号", "工作领域"])
    assert [row[:6] for row in grand[1:]] == [
        ["1", "做强工业经济", "2", "1", "1", "15000"],
        ["2", "办好民生实事", "3", "2", "1", "20000"],
        ["", "合计（5个）", "5", "3", "2", "35000"],
    ]
    assert "申报合计" not in pdf.all_text  # the packet's declared totals count the third area too
    assert (
        "注：本表只汇总本材料所收的2个工作领域（全部材料共3个）；全部材料的申报合计不适用，未列出。"
        in pdf.body_text
    )


def test_a_layout_that_keeps_the_whole_packets_numbers_reads_back_so(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from pdfcheck import Pdf, tables

    root = _money_packet(tmp_path / "p")
    layout = root / "layouts" / "kept"
    shutil.copytree(REPO / "layouts" / "gbt9704", layout)
    layout_yaml = layout / "layout.yaml"
    layout_yaml.write_text(
        layout_yaml.read_text(encoding="utf-8") + "\nareas_numbering: keep\n", encoding="utf-8"
    )
    output = tmp_path / "part.pdf"
    run = cli("build", str(root), "-o", str(output), "--areas", "3,1", "--layout", "kept")
    assert run.status == 0, run.err
    pdf = Pdf(output.read_bytes())
    entries = [
        line.rstrip("0123456789") for line in pdf.line_texts(1) if line[:2] in ("一、", "二、", "三、")
    ]
    assert entries == ["一、做强工业经济", "三、办好民生实事"]  # as in the whole packet: no 二、
    assert [title for level, title, _ in pdf.outline() if level == 0][-3:-1] == entries
    grand = next(rows for _, rows in tables(output.read_bytes()) if rows[0][:2] == ["序号", "工作领域"])
    assert [row[:2] for row in grand[1:]] == [
        ["1", "做强工业经济"],
        ["3", "办好民生实事"],
        ["", "合计（5个）"],
    ]


def test_declared_totals_that_do_not_add_up_stop_only_a_whole_build(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    root = _money_packet(tmp_path / "p")
    packet_yaml = root / "packet.yaml"
    packet_yaml.write_text(
        packet_yaml.read_text(encoding="utf-8").replace("4.5亿元", "9亿元"), encoding="utf-8"
    )
    whole = cli("build", str(root), "-o", str(tmp_path / "whole.pdf"))
    assert whole.status == 1 and "declared.total_investment" in whole.err
    part = cli("build", str(root), "-o", str(tmp_path / "part.pdf"), "--areas", "1,2")
    assert part.status == 0, part.err


def test_chosen_areas_make_a_word_document_of_those_areas(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import docx

    output = tmp_path / "part.docx"
    run = cli("build", str(SAMPLE), "-o", str(output), "--areas", "营商,民生")
    assert run.status == 0, run.err
    document = docx.Document(str(output))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [
        "一、着力深化改革，打造最优营商环境",
        "二、着力兜牢底线，全力保障改善民生",
        "附：2023年重点项目汇总",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "着力扩大内需" not in text and "本表只汇总本材料所收的2个工作领域（全部材料共8个）" in text


def test_recipients_who_ask_for_the_same_areas_share_one_rendered_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdfcheck import Pdf

    import briefing.render

    rendered: list[int] = []
    real = briefing.render.render

    def counting(plan, memo=None):  # type: ignore[no-untyped-def]
        result = real(plan, memo)
        rendered.append(result.pages)
        return result

    monkeypatch.setattr(briefing.render, "render", counting)
    listed = tmp_path / "recipients.yaml"
    listed.write_text(
        "recipients:\n"
        "  - {name: 王明, areas: [1, 民生]}\n"
        "  - {name: 李红}\n"
        "  - {name: 张伟, areas: 6，扩大内需}\n"
        "  - {name: 刘洋, areas: [营商]}\n",
        encoding="utf-8",
    )
    written = build_copies(SAMPLE, listed, tmp_path / "copies")
    assert [path.name for path in written] == [
        "000001-王明.pdf",
        "000002-李红.pdf",
        "000003-张伟.pdf",
        "000004-刘洋.pdf",
    ]
    assert len(rendered) == 3  # {1, 6} once for 王明 and 张伟, the whole packet, {3}
    pdfs = [Pdf(path.read_bytes()) for path in written]
    assert [len(pdf.pages) for pdf in pdfs] == [rendered[0], rendered[1], rendered[0], rendered[2]]
    last_lines = ["".join(pdf.body_text.split("分送：")[1:]) for pdf in pdfs]
    # Each 分送 list names who received that document (the watermark's letters are read in between).
    assert all("王" in last_lines[i] and "张伟（000003）" in last_lines[i] for i in (0, 2))
    assert "李" not in last_lines[0] and "刘洋" not in last_lines[0]
    assert "红（000002）。" in last_lines[1] and "王" not in last_lines[1]
    assert "洋（000004）。" in last_lines[3] and "张伟" not in last_lines[3]
    assert "000001" in pdfs[0].text(0) and "000003" in pdfs[2].text(0)  # each its own 份号
    assert "营商环境" in pdfs[3].all_text and "扩大内需" not in pdfs[3].body_text


def test_recipients_whose_areas_name_no_area_stop_before_anything_is_rendered(tmp_path: Path) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(
        "recipients:\n  - {name: 王明, areas: [1, 9]}\n  - {name: 李红, areas: 着力}\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        build_copies(SAMPLE, listed, tmp_path / "copies")
    assert [(str(found.source), found.field, found.code) for found in caught.value.issues] == [
        ("recipients.yaml:2:27", "recipients[1].areas", "chosen.number-range"),
        ("recipients.yaml:3:23", "recipients[2].areas", "chosen.ambiguous"),
    ]
    assert not (tmp_path / "copies").exists()


def test_one_document_for_everyone_refuses_recipients_with_areas(tmp_path: Path) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text("recipients:\n  - {name: 王明, email: a@example.org, areas: [1]}\n", encoding="utf-8")
    delivered: list[object] = []
    with pytest.raises(ValidationError) as caught:  # what send and make_copies' single document go through
        run_stages(SAMPLE, Options(), load_recipients(listed), delivered.append)
    assert [found.render() for found in caught.value.issues] == [
        "recipients.yaml:2:45: recipients[1].areas: 这里的每位收件人收到的是同一份材料，不能按人选领域；"
        "请删去 areas:，或用 briefing build --recipients 生成各人的编号份"
    ]
    assert delivered == []


def test_areas_on_the_command_line_and_in_the_list_together_are_a_usage_error(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    listed = tmp_path / "recipients.yaml"
    listed.write_text("recipients:\n  - {name: 王明, areas: [1]}\n  - {name: 李红}\n", encoding="utf-8")
    run = cli("build", str(SAMPLE), "--recipients", str(listed), "-o", str(tmp_path / "c"), "--areas", "2")
    assert run.status == 2
    assert run.err.splitlines()[0] == (
        "briefing: 用法错误：收件人名单中已有人写了 areas:，不能再同时给 --areas；请只用一种方式选领域"
    )
    assert not (tmp_path / "c").exists()


def test_areas_on_the_command_line_give_every_copy_those_areas(tmp_path: Path) -> None:
    from pdfcheck import Pdf

    written = build_copies(SAMPLE, RECIPIENTS, tmp_path / "copies", Options(areas="8"))
    assert len(written) == 5
    for path in written:
        pdf = Pdf(path.read_bytes())
        assert "一、加强政府自身建设" in pdf.all_text and "扩大内需" not in pdf.body_text
