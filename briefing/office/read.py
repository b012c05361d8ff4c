"""One file of any kind the import takes, into grids: the reader chosen by extension, size checked first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.errors import Source, issue
from briefing.office.grid import MAX_FILE_BYTES, Budget, ReadResult
from briefing.office.sheets import read_csv, read_ods, read_xls, read_xlsx
from briefing.office.word_tables import read_docx

READERS: dict[str, Callable[[Path, str, Budget], ReadResult]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".xls": read_xls,
    ".ods": read_ods,
    ".csv": read_csv,
    ".docx": read_docx,
}


def read_file(path: Path, display: str) -> ReadResult:
    """Every sheet or Word table of one file; never raises for anything a file can contain."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return ReadResult([], [issue(Source(display), "", "import.file-kind", suffix=path.suffix or "—")])
    try:
        size = path.stat().st_size
    except OSError as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=exc.strerror or "")]
        )
    if size > MAX_FILE_BYTES:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-too-large", limit=f"{MAX_FILE_BYTES // 2**20} MB")]
        )
    try:
        return reader(path, display, Budget())
    except (MemoryError, RecursionError) as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=type(exc).__name__)]
        )
    except OSError as exc:
        return ReadResult(
            [], [issue(Source(display), "", "import.file-unreadable", reason=exc.strerror or str(exc))]
        )
