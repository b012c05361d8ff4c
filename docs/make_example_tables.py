"""Regenerate the example spreadsheet shipped in data/: the Dongchang sample exported by `briefing export`.

Usage: python docs/make_example_tables.py   (writes data/dongchang-2023-表格/任务分解表.xlsx)

The file is what `briefing export data/dongchang-2023 -o …` writes; `briefing import` of it gives back a
packet equal to the sample (tests/test_office_import.py checks the same round trip). Cell values and
layout are fixed; the workbook's timestamps are pinned so that rerunning the script changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from briefing.office.export import export_packet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "dongchang-2023"
TARGET = ROOT / "data" / "dongchang-2023-表格" / "任务分解表.xlsx"
PINNED = (2023, 1, 1, 0, 0, 0)


def _pinned(path: Path) -> None:
    """Rewrite the zip with fixed member times and fixed document dates, so the bytes depend on content only."""
    data = path.read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                stamp = dt.datetime(*PINNED).strftime("%Y-%m-%dT%H:%M:%SZ")
                import re

                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}", text)
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=PINNED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    path.write_bytes(out.getvalue())


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    result = export_packet(SAMPLE, TARGET)
    _pinned(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}: {result.targets} targets, {result.projects} projects")


if __name__ == "__main__":
    main()
