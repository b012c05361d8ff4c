"""Issue 13, point 10: --pdfa writes PDF/A-2b; the dates come from the packet or SOURCE_DATE_EPOCH.

veraPDF is not installable here (not on PyPI or in Debian). The PDF/A check is pikepdf's validator
(pikepdf.pdfa, an allowlist built from veraPDF's PDF/A-2b rules: it approves only what it knows conforms):
header and trailer ID, fonts embedded, the output intent and its ICC profile, XMP well-formed with
pdfaid and matching the Info dictionary, annotations printable, no forbidden actions, filters or
transparency without a blending colour space. On main it failed: no output intent, no XMP.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from conftest import run_cli
from packets import ROOT, SAMPLE


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("pdfa")
    first, second = folder / "first.pdf", folder / "second.pdf"
    for output in (first, second):
        run = run_cli(
            "build", str(SAMPLE), "-o", str(output), "--pdfa", "--layout", "briefing", "--draft", "草稿"
        )
        assert run.status == 0, run.err
    copies = folder / "copies"
    recipients = ROOT / "data" / "recipients-example.yaml"
    run = run_cli("build", str(SAMPLE), "--pdfa", "--recipients", str(recipients), "-o", f"{copies}/")
    assert run.status == 0, run.err
    return first, second, sorted(copies.glob("*.pdf"))[0]


def test_pdfa_builds_pass_the_pdfa_2b_rules(archived: tuple[Path, Path, Path]) -> None:
    first, _, copy = archived
    for path in (first, copy):
        report = pikepdf.pdfa.validate_written(path, "2b")
        assert report.passed, [str(finding) for finding in report.findings]


def test_pdfa_has_an_srgb_output_intent_and_identifies_itself(archived: tuple[Path, Path, Path]) -> None:
    with pikepdf.open(archived[0]) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3 and profile.read_bytes()[36:40] == b"acsp"
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"


def test_a_plain_build_claims_no_pdfa(tmp_path: Path, starter: Path) -> None:
    output = tmp_path / "plain.pdf"
    assert run_cli("build", str(starter), "-o", str(output)).status == 0
    with pikepdf.open(output) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert "pdfaid:part" not in pdf.open_metadata()
        assert "/Metadata" in pdf.Root  # XMP all the same, matching the Info dictionary


def test_builds_are_byte_identical(archived: tuple[Path, Path, Path]) -> None:
    first, second, _ = archived
    assert first.read_bytes() == second.read_bytes()


def test_dates_are_the_packets(archived: tuple[Path, Path, Path]) -> None:
    with pikepdf.open(archived[0]) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20221219000000+00'00'"
        assert str(pdf.docinfo.ModDate) == "D:20221219000000+00'00'"
        assert pdf.open_metadata()["xmp:ModifyDate"] == "2022-12-19T00:00:00+00:00"


def test_source_date_epoch_sets_the_dates(
    tmp_path: Path, starter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    output = tmp_path / "dated.pdf"
    assert run_cli("build", str(starter), "-o", str(output), "--pdfa").status == 0
    with pikepdf.open(io.BytesIO(output.read_bytes())) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320+00'00'"
        assert pdf.open_metadata()["xmp:CreateDate"] == "2023-11-14T22:13:20+00:00"


@pytest.mark.parametrize("value", ["yesterday", "-5", "1e9", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_a_located_message(
    tmp_path: Path, starter: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """On main ReportLab's int() raised ValueError from deep in the canvas: a traceback, exit 70."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    output = tmp_path / "dated.pdf"
    run = run_cli("--lang", "en", "build", str(starter), "-o", str(output))
    assert run.status == 1
    assert run.err.splitlines()[0] == (
        f"SOURCE_DATE_EPOCH: the environment variable SOURCE_DATE_EPOCH is '{value}', not a count of"
        " seconds since 1970-01-01; set it to a non-negative whole number (such as 1671408000), or unset"
        " it to date the document by the packet's date"
    )
    assert not output.exists()
