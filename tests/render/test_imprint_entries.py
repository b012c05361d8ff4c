"""The 分送 list on numbered copies breaks only between its entries: a name and its 份号 stay on one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from packets import area_yaml, write_packet
from pdfcheck import Pdf

# Names of two to four characters, no organisation: with entries of uneven length, main broke lines between
# a name and its 份号 (诸葛孔明 / （000006）, 陈静 / （000009）) and, as the lengths fall, inside a name (刘 / 洋).
NAMES = ["王明", "欧阳明月", "李红", "司马相如", "张伟", "诸葛孔明", "刘洋", "上官婉儿", "陈静", "东方朔"]


def _rows(pdf: Pdf) -> list[str]:
    """The 分送 lines of the last page, read back."""
    page = len(pdf.pages) - 1
    lines = ["".join(c.text for c in row) for row in pdf.lines(page)]
    start = next(i for i, text in enumerate(lines) if text.startswith("分送："))
    end = next(i for i, text in enumerate(lines) if text.endswith("印发"))
    return lines[start:end]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("entries")
    packet = write_packet(folder / "packet", {"01.yaml": area_yaml("分送")})
    recipients = folder / "recipients.yaml"
    recipients.write_text(
        "recipients:\n" + "".join(f"  - name: {name}\n" for name in NAMES), encoding="utf-8"
    )
    out = folder / "out"
    result = run_cli("build", str(packet), "--recipients", str(recipients), "-o", str(out))
    assert result.status == 0, result.err
    # Every copy prints the whole list: the first is read.
    return _rows(Pdf(sorted(out.glob("*.pdf"))[0].read_bytes()))


def test_the_list_wraps_only_between_entries(rows: list[str]) -> None:
    assert len(rows) >= 3
    assert all(row.endswith("，") for row in rows[:-1]), rows
    assert rows[-1].endswith("。"), rows
    text = "".join(rows).removeprefix("分送：")
    entries = text[:-1].split("，")
    assert [entry.split("（")[0] for entry in entries] == NAMES


def test_an_entry_longer_than_a_line_is_still_broken(tmp_path: Path) -> None:
    """A hostile organisation name of 60 characters: the entry is broken where it must, the build succeeds."""
    packet = write_packet(tmp_path / "packet", {"01.yaml": area_yaml("分送")})
    recipients = tmp_path / "recipients.yaml"
    long_name = "区" + "发展改革" * 15
    recipients.write_text(
        f"recipients:\n  - name: 王明\n    organisation: {long_name}\n  - name: 刘洋\n", encoding="utf-8"
    )
    result = run_cli("build", str(packet), "--recipients", str(recipients), "-o", str(tmp_path / "out"))
    assert result.status == 0, result.err
    rows = _rows(Pdf(sorted((tmp_path / "out").glob("*.pdf"))[0].read_bytes()))
    assert len(rows) >= 3
    assert "".join(rows) == f"分送：{long_name}王明（000001），刘洋（000002）。"
    assert rows[-1].endswith("，刘洋（000002）。")


def test_an_entry_longer_than_a_line_breaks_where_its_own_text_allows(tmp_path: Path) -> None:
    """An organisation and name longer than a line must break inside the entry: where a line could break
    in plain text (between hanzi), never inside its 份号's digits ("（000 / 162）")."""
    packet = write_packet(tmp_path / "packet", {"01.yaml": area_yaml("分送")})
    recipients = tmp_path / "recipients.yaml"
    units = [f"通化市东昌区第{n}号很长的单位名称办公室" for n in range(160, 166)]
    recipients.write_text(
        "recipients:\n"
        + "".join(
            f"  - name: 收件人{name}\n    organisation: {unit}\n"
            for name, unit in zip("甲乙丙丁戊己", units, strict=True)
        ),
        encoding="utf-8",
    )
    result = run_cli("build", str(packet), "--recipients", str(recipients), "-o", str(tmp_path / "out"))
    assert result.status == 0, result.err
    rows = _rows(Pdf(sorted((tmp_path / "out").glob("*.pdf"))[0].read_bytes()))
    for row in rows:
        assert not re.search(r"（[0-9]*$", row) and not re.match(r"^[0-9]*）", row), rows
    assert rows[0] != "分送：", "the first entry starts on the label's line, not under it"
    for number in range(1, len(units) + 1):
        assert any(f"（{number:06d}）" in row for row in rows), (number, rows)
