"""What a warm build keeps from one render to the next: broken lines, font tables, subsets, compressed fonts.

Each is a pure function of its key, so a render that finds a result here writes the same bytes as one that
computes it. A memo is for one layout and one set of font files: the session starts a new one when either
changes (styles, advances and subsets depend on both). What it holds stays bounded over a day of edits:
font programs (hundreds of kilobytes each) only as the last render used them (see Recent), and the many
small entries (a paragraph's lines, a text's font runs) are dropped together once they pass MAX_ENTRIES.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

MAX_ENTRIES = 50_000  # broken paragraphs or font runs; the sample uses about 1,500 of each
MAX_TABLES = 2_000  # tables measured; the sample has 13
Key = TypeVar("Key")
Value = TypeVar("Value")


class Recent(dict[Key, Value], Generic[Key, Value]):
    """A dict that also finds what the previous render put in its own (and keeps it for the next)."""

    def __init__(self, older: dict[Key, Value] | None = None) -> None:
        super().__init__()
        self.older: dict[Key, Value] = older if older is not None else {}

    def get(self, key: Key, default: Any = None) -> Any:  # the lookup Setter.lines makes
        found = dict.get(self, key)
        if found is None and key in self.older:
            found = self[key] = self.older.pop(key)
        return default if found is None else found


class RenderMemo:
    """The caches one render shares with the next; start() before each render."""

    def __init__(self) -> None:
        self.broken: dict[Any, Any] = {}  # Setter.broken: (spans, shape) -> lines
        self.styles: dict[Any, Any] = {}  # Setter.styles: a few per layout
        self.advances: dict[float, dict[str, dict[str, float]]] = {}  # Setter.advances_at: per size and font
        self.font_tables: dict[str, dict[Any, Any]] = {}  # FontRegistry's faces, advances and runs by text
        self.columns: dict[Any, Any] = {}  # table_plan: a table's number columns, insets and widths
        self._subsets: Recent[tuple[object, tuple[int, ...]], bytes] = Recent()
        self._compressed: Recent[bytes, bytes] = Recent()
        self.hits = 0  # results found here rather than computed, for tests and the bench

    def start(self) -> None:
        """A new render begins: font programs the last one did not use are let go, and the small entries
        once there are too many of them."""
        if len(self.broken) > MAX_ENTRIES:
            self.broken.clear()
        runs = self.font_tables.get("runs", {})
        if len(runs) > MAX_ENTRIES:
            runs.clear()
        if len(self.columns) > MAX_TABLES:
            self.columns.clear()
        self._subsets = Recent(self._subsets)
        self._compressed = Recent(self._compressed)
        self.hits = 0

    def table_columns(self, table: Any, measure: Callable[[], Value]) -> Value:
        """What `measure()` gives for `table` (a TablePlan: its text, styles and columns decide it),
        measured once per layout and fonts: tables of areas not edited are not measured again."""
        key = (table.kind, table.header, table.rows, table.widths, table.columns)
        found: Value | None = self.columns.get(key)
        if found is None:
            found = self.columns[key] = measure()
        else:
            self.hits += 1
        return found

    def subset(self, face: object, firsts: list[int], make: Callable[[list[int]], bytes]) -> bytes:
        """The font program `make(firsts)` gives (ReportLab's makeSubset), made once per face and glyph list."""
        key = (face, tuple(firsts))
        found: bytes | None = self._subsets.get(key)
        if found is None:
            found = self._subsets[key] = make(firsts)
        else:
            self.hits += 1
        return found

    def compressed(self, data: bytes) -> bytes | None:
        """The zlib stream of `data` if a render made it before, else None."""
        found: bytes | None = self._compressed.get(_digest(data))
        if found is not None:
            self.hits += 1
        return found

    def keep_compressed(self, data: bytes, stream: bytes) -> None:
        self._compressed[_digest(data)] = stream


def _digest(data: bytes) -> bytes:
    """A font program's key: its digest (keeping 700 KB of programs as keys would double the memo)."""
    return hashlib.blake2b(data, digest_size=20).digest()
