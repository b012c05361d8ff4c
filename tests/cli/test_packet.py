"""validate, build, init, layouts and schema as a user runs them: what they print, and what they refuse."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from packets import area_yaml, write_packet

import briefing.pipeline
from briefing.cli.console import Console
from briefing.cli.packet import output_format, summary_line
from briefing.cli.usage import UsageError
from briefing.model.packet import Totals
from briefing.pipeline import BuildResult, Summary
from briefing.read.schema import AREA, PACKET, json_schema

SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"


def test_validate_sums_up_the_sample_in_either_language() -> None:
    run = run_cli("validate", str(SAMPLE), "--lang", "zh")
    assert (run.status, run.err) == (0, "")
    assert run.out == (
        "校验通过：8 个工作领域，52 项指标，50 个重点项目（新建 15、续建 35），列明总投资 10.66亿元"
        "（2/50 个项目列明），年度计划投资 —；申报 25 个、总投资 140亿元\n"
    )
    english = run_cli("validate", str(SAMPLE), "--lang", "en")
    assert english.out == (
        "valid: 8 areas, 52 targets, 50 projects (15 new, 35 continued), listed total investment 10.66亿元"
        " (2 of 50 given), this year —; declared 25 projects, 140亿元\n"
    )


def test_a_summary_without_a_declaration_says_nothing_of_one() -> None:
    totals = Totals(2, 2, 0, Decimal(30000), Decimal(500), known_total=2, known_annual=2)
    summary = Summary(areas=1, targets=0, projects=2, totals=totals, declared_count=None, declared_total=None)
    console = Console(sys.stdout, sys.stderr, "zh")
    assert summary_line(summary, console) == (
        "校验通过：1 个工作领域，0 项指标，2 个重点项目（新建 2、续建 0），列明总投资 3亿元，年度计划投资 500万元"
    )


def test_build_reports_the_pdf_and_synthetic_bold(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def build(root: Path, output: Path, options: object, warn: object = None) -> BuildResult:
        return BuildResult(output, 12, 1234567, ("h1", "h2"))

    monkeypatch.setattr(briefing.pipeline, "build", build)
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    output = tmp_path / "out.pdf"
    output.write_bytes(b"%PDF")  # a file: the report goes to stdout
    run = run_cli("build", str(root), "-o", str(output))
    assert (run.status, run.err) == (0, "")
    assert run.out == f"已生成 {output}（12 页，1,234,567 字节）\n模拟粗体（描边）用于样式：h1、h2\n"
    english = run_cli("build", str(root), "-o", str(output), "--lang", "en")
    assert (
        english.out
        == f"wrote {output} (12 pages, 1,234,567 bytes)\nsynthetic bold (stroked) used in: h1, h2\n"
    )


def test_output_must_name_a_file(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    folder = run_cli("build", str(root), "-o", str(tmp_path))
    assert folder.status == 2
    assert (
        f"-o 应是 PDF 文件名，而“{tmp_path}”是目录（只有给了 --recipients，编号份才写入目录）" in folder.err
    )
    empty = run_cli("build", str(root), "-o", "")
    assert empty.status == 2 and "-o 需要一个 PDF 文件名，如 -o 材料.pdf" in empty.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"], "nothing written"


def test_numbered_copies_take_a_folder_and_no_copy_number(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    into_file = run_cli("build", str(root), "--recipients", str(RECIPIENTS), "-o", str(afile))
    assert into_file.status == 2 and f"编号份要写入目录，而 {afile} 是文件；请给出目录" in into_file.err
    numbered = run_cli(
        "build", str(root), "--recipients", str(RECIPIENTS), "-o", str(tmp_path / "c"), "--copy-number", "3"
    )
    assert numbered.status == 2 and "--copy-number 与 --recipients 不能同用" in numbered.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "p"], "nothing written"


def test_a_pdf_sent_to_standard_output_is_the_whole_stream(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")})
    command = [sys.executable, "-m", "briefing.cli", "build", str(root), "-o", "/dev/stdout"]
    done = subprocess.run(command, capture_output=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"%PDF") and done.stdout.rstrip().endswith(b"%%EOF")
    assert "已生成 /dev/stdout" in done.stderr.decode(), "the report goes to stderr, not into the PDF"


def test_schema_command_prints_a_json_schema_for_each_file_kind() -> None:
    for kind, record in (("area", AREA), ("packet", PACKET)):
        run = run_cli("schema", kind)
        assert run.status == 0
        schema = json.loads(run.out)
        assert schema == json_schema(kind)
        assert set(schema["properties"]) == set(record.keys)
        assert schema["additionalProperties"] is False
        assert all(schema["properties"][key]["description"] for key in record.keys)


def test_init_writes_a_starter_that_validates_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "new"
    made = run_cli("init", str(target))
    assert made.status == 0
    assert made.out.splitlines()[-1] == f"已新建示例材料；编辑后运行 briefing validate {target}"
    checked = run_cli("validate", str(target))
    assert checked.status == 0 and "校验通过" in checked.out
    assert run_cli("build", str(target), "-o", str(tmp_path / "new.pdf")).status == 0
    again = run_cli("init", str(target))
    assert again.status == 2, "an existing, non-empty folder is refused"
    assert f"{target} 已存在且不为空；请换一个新目录" in again.err


def test_layouts_lists_the_shipped_ones_and_a_packets_own(tmp_path: Path) -> None:
    shipped = run_cli("layouts")
    names = [line.split("\t")[0] for line in shipped.out.splitlines()]
    assert shipped.status == 0 and {"gbt9704", "briefing"} <= set(names)
    missing = run_cli("layouts", str(tmp_path / "missing"))
    assert missing.status == 2 and "不存在或不是目录" in missing.err


@pytest.mark.parametrize(
    ("output", "given", "recipients", "chosen"),
    [
        ("a.pdf", None, None, "pdf"),
        ("a.DOCX", None, None, "docx"),
        ("plain", "docx", None, "docx"),
        ("copies.pdf", "docx", "list.yaml", "docx"),  # a folder of copies: its name says nothing
        ("copies", None, "list.yaml", "pdf"),
    ],
)
def test_the_output_format_comes_from_the_flag_or_the_extension(
    output: str, given: str | None, recipients: str | None, chosen: str
) -> None:
    args = argparse.Namespace(output=output, format=given, recipients=recipients, embed_fonts=False)
    assert output_format(args) == chosen


def test_a_format_the_extension_contradicts_is_refused_in_either_language() -> None:
    args = argparse.Namespace(output="out/x.pdf", format="docx", recipients=None, embed_fonts=False)
    with pytest.raises(UsageError) as caught:
        output_format(args)
    assert (
        caught.value.problem("zh")
        == "--format docx 与输出文件 x.pdf 的扩展名不符；请改扩展名为 .docx，或去掉 --format"
    )
    assert (
        caught.value.problem("en")
        == "--format docx does not match the output file x.pdf; name it .docx or drop --format"
    )
    embedded = argparse.Namespace(output="x.pdf", format=None, recipients=None, embed_fonts=True)
    with pytest.raises(UsageError) as caught:
        output_format(embedded)
    assert caught.value.code == "cli.embed-fonts-pdf"


# --areas -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("areas", "lang", "first_line"),
    [
        (
            "着力",
            "zh",
            "briefing: 用法错误：“着力”与多个工作领域相符：1 着力扩大内需，推动经济合理增长（01-扩大内需）、",
        ),
        (
            "交通",
            "en",
            "briefing: usage error: no work area matches '交通'; write its number (1–8), its file ",
        ),
        ("0", "zh", "briefing: 用法错误：没有第 0 个工作领域：本材料共 8 个（1–8）：1 着力扩大内需"),
        ("1,，", "zh", None),  # empty items between commas are skipped: builds area 1
        (
            "，",
            "zh",
            "briefing: 用法错误：没有写要印的工作领域；请写序号、文件名或标题中的一段文字，用逗号分开，如 --areas 1,3",
        ),
        (  # an empty --areas is not the whole packet
            "",
            "zh",
            "briefing: 用法错误：没有写要印的工作领域；请写序号、文件名或标题中的一段文字，用逗号分开，如 --areas 1,3",
        ),
        (
            "3,营商环境",
            "zh",
            "briefing: 用法错误：“营商环境”与“3”是同一个工作领域（着力深化改革，打造最优营商环境）；每个领域只写一次",
        ),
    ],
)
def test_areas_that_name_no_area_or_several_are_a_usage_error(
    tmp_path: Path, areas: str, lang: str, first_line: str | None
) -> None:
    output = tmp_path / "out.pdf"
    run = run_cli("build", str(SAMPLE), "-o", str(output), "--areas", areas, "--lang", lang)
    if first_line is None:
        assert run.status == 0 and output.is_file()
        return
    assert run.status == 2 and run.out == ""
    assert run.err.startswith(first_line), run.err
    assert run.err.endswith(
        "\n运行 briefing --help 查看用法\n" if lang == "zh" else "\nrun briefing --help for usage\n"
    )
    assert not output.exists()


def test_validate_takes_no_areas() -> None:
    run = run_cli("validate", str(SAMPLE), "--areas", "1")
    assert run.status == 2 and "--areas" in run.err


def test_build_help_explains_areas() -> None:
    run = run_cli("build", "--help")
    assert run.status == 0
    assert "--areas 领域" in run.out and "只印这些工作领域：序号、文件名或标题中的一段文字" in run.out


# --- validate sees what build sees; warnings; --strict (issue 12, point 5) -----------------------------------

NUMBERED = area_yaml("（二）测试领域", [{"name": "甲项目", "kind": "未明确"}])


def test_validate_prints_warnings_like_errors_and_passes(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": NUMBERED})
    run = run_cli("validate", str(root))
    assert run.status == 0
    assert run.err == (
        "areas/01-a.yaml:1:8: title: 警告：标题“（二）测试领域”以序号“（二）”开头，而版式会另加“一、”等序号，"
        "印出来是两重序号；请删去序号，写成 title: 测试领域\n"
    )
    assert run.out.startswith("校验通过：1 个工作领域，0 项指标，1 个重点项目（新建 0、续建 0、性质未明 1）")
    english = run_cli("validate", str(root), "--lang", "en")
    assert english.err.startswith(
        "areas/01-a.yaml:1:8: title: warning: the title '（二）测试领域' starts with"
    )
    assert "(0 new, 0 continued, 1 of unknown kind)" in english.out


def test_strict_makes_warnings_errors(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": NUMBERED})
    run = run_cli("validate", "--strict", str(root))
    assert run.status == 1 and run.out == ""
    assert run.err.splitlines() == [
        "areas/01-a.yaml:1:8: title: 标题“（二）测试领域”以序号“（二）”开头，而版式会另加“一、”等序号，"
        "印出来是两重序号；请删去序号，写成 title: 测试领域",
        "共 1 个问题，未生成任何文件。",
    ]
    output = tmp_path / "out.pdf"
    built = run_cli("build", str(root), "-o", str(output), "--strict")
    assert built.status == 1 and not output.exists() and "以序号“（二）”开头" in built.err


def test_build_prints_the_warnings_and_goes_on(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": NUMBERED})
    output = tmp_path / "out.pdf"
    run = run_cli("build", str(root), "-o", str(output))
    assert run.status == 0 and output.read_bytes().startswith(b"%PDF")
    assert run.err.startswith("areas/01-a.yaml:1:8: title: 警告：") and run.err.count("\n") == 1
    copies = run_cli("build", str(root), "--recipients", str(RECIPIENTS), "-o", str(tmp_path / "copies"))
    assert copies.status == 0 and copies.err.startswith("areas/01-a.yaml:1:8: title: 警告：")


def test_validate_reports_an_unknown_layout_as_build_would(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")}, layout="本单位")
    checked, built = (
        run_cli("validate", str(root)),
        run_cli("build", str(root), "-o", str(tmp_path / "x.pdf")),
    )
    assert checked.status == built.status == 1
    first = checked.err.splitlines()[0]
    assert first.startswith("packet.yaml:6:9: layout: 找不到版式“本单位”；可用的版式有：briefing、gbt9704")
    assert built.err.splitlines()[0] == first


def test_a_layout_found_by_its_declared_name_validates(tmp_path: Path) -> None:
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试领域")}, layout="本单位")
    folder = root / "layouts" / "mine"
    folder.mkdir(parents=True)
    text = (REPO / "layouts" / "gbt9704" / "layout.yaml").read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(text.replace("name: gbt9704", "name: 本单位"), encoding="utf-8")
    assert run_cli("validate", str(root)).status == 0


@pytest.mark.parametrize("kind", ["recipients", "layout", "fonts", "mail"])
def test_schema_is_published_for_the_other_files_too(kind: str) -> None:
    run = run_cli("schema", kind)
    assert run.status == 0 and json.loads(run.out) == json_schema(kind)


def test_the_schema_command_offers_every_kind_published() -> None:
    from briefing.cli.packet import SCHEMA_KINDS
    from briefing.read import schema

    assert SCHEMA_KINDS == schema.SCHEMA_KINDS
