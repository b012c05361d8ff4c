"""What a warm build keeps from one render to the next: broken lines, font tables, subsets, compressed streams.

Each is a pure function of its key, so a render that finds a result here writes the same bytes as one that
computes it. A memo is for one layout and one set of font files: the session starts a new one when either
changes (styles, advances and subsets depend on both). What it holds stays bounded over a day of edits:
lines, font runs, tables, the fonts' parts and programs and compressed streams only as the last render used
them (see Recent), so an edit's old text is let go at the render after it; the small entries are also
dropped together should they ever pass MAX_ENTRIES within one render's reach.
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
        if isinstance(older, Recent):  # what the render before that left unused is let go, not chained
            older.older = {}

    def get(self, key: Key, default: Any = None) -> Any:  # the lookup Setter.lines makes
        found = dict.get(self, key)
        if found is None and key in self.older:
            found = self[key] = self.older.pop(key)
        return default if found is None else found


class RenderMemo:
    """The caches one render shares with the next; start() before each render."""

    def __init__(self) -> None:
        self.broken: Recent[Any, Any] = Recent()  # Setter.broken: (spans, shape) -> lines
        self.long_broken: Recent[Any, Any] = Recent()  # Setter.long_broken: the same for longer texts
        self.styles: dict[Any, Any] = {}  # Setter.styles: a few per layout
        self.advances: dict[float, dict[str, dict[str, float]]] = {}  # Setter.advances_at: per size and font
        self.font_tables: dict[str, dict[Any, Any]] = {}  # FontRegistry's faces, advances and runs by text
        self.columns: Recent[Any, Any] = Recent()  # table_plan: a table's number columns, insets and widths
        self.inks: dict[tuple[str, str, float], float] = {}  # marks.ink_middle_kept: page numbers' ink
        self._font_parts: Recent[tuple[object, tuple[tuple[int, int], ...]], Any] = Recent()
        # CIDFont._program: a face's program for its glyphs as the PDF holds it (a fonts.subsets.KeptSubset)
        self.programs: Recent[tuple[object, tuple[int, ...]], Any] = Recent()
        self._compressed: Recent[bytes, bytes] = Recent()
        self.hits = 0  # results found here rather than computed, for tests and the bench

    def start(self) -> None:
        """A new render begins: what the last one did not use is let go (lines, font runs, tables, font
        programs, streams), so the memo holds one render's worth however many edits came before; and the
        small entries once there are too many of them."""
        if len(self.broken) > MAX_ENTRIES:
            self.broken.clear()
        runs = self.font_tables.get("runs", {})
        if len(runs) > MAX_ENTRIES:
            runs.clear()
        if len(self.columns) > MAX_TABLES:
            self.columns.clear()
        if len(self.inks) > MAX_TABLES:  # a page number without a dash is a text of its own
            self.inks.clear()
        self.broken = Recent(self.broken)
        self.font_tables["runs"] = Recent(runs)
        self.columns = Recent(self.columns)
        self.long_broken = Recent(self.long_broken)
        self._font_parts = Recent(self._font_parts)
        self.programs = Recent(self.programs)
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

    def font_parts(self, face: object, drawn: dict[int, int], make: Callable[[], Value]) -> Value:
        """What `make()` gives for a face drawn with these characters (CID -> code point): its program,
        widths, CIDToGIDMap and ToUnicode map are a function of them alone (fonts/program.py)."""
        key = (face, tuple(sorted(drawn.items())))
        found: Value | None = self._font_parts.get(key)
        if found is None:
            found = self._font_parts[key] = make()
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
