"""export: a packet as one workbook in import's columns, every cell coming back."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.office.export import export_packet
from office.samples import SAMPLE


def test_every_exported_cell_comes_back_exactly(tmp_path: Path) -> None:
    first = export_packet(SAMPLE, tmp_path / "a.xlsx")
    assert run_cli("import", str(tmp_path / "a.xlsx"), "-o", str(tmp_path / "p")).status == 0
    second = export_packet(tmp_path / "p", tmp_path / "b.xlsx")
    assert len(first.cells) > 400
    assert second.cells == first.cells  # 100 % of the sample's cells round-trip


def test_export_refuses_an_invalid_packet_with_located_issues(tmp_path: Path, starter: Path) -> None:
    area = next((starter / "areas").glob("*.yaml"))
    area.write_text(
        area.read_text(encoding="utf-8").replace("target: 2000人", "target: 2000"), encoding="utf-8"
    )
    result = run_cli("export", str(starter), "-o", str(tmp_path / "t.xlsx"))
    assert result.status == 1
    assert "areas/01-示例工作.yaml:" in result.err and "target" in result.err
    assert not (tmp_path / "t.xlsx").exists()
    assert run_cli("export", str(starter), "-o", str(tmp_path / "t.pdf")).status == 2
