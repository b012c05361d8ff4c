"""What an .xls says about each sheet's extent, read from its records before calamine allocates for it.

calamine reads every sheet of an .xls when it opens the file and reserves memory for the extent a sheet's
DIMENSIONS record declares: a few bytes declaring 2³¹ rows make it abort the whole process. So the
compound file and the workbook stream are walked here first, with every pointer bounded."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from briefing.office.grid import SheetExtent

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE = 0xFFFFFFFF
_END = 0xFFFFFFFE
_HEADER_DIFAT = 109

_BOF = 0x0809
_BOUNDSHEET = 0x0085
_DIMENSIONS = 0x0200
_CODEPAGE = 0x0042
_MULRK = 0x00BD
_MULBLANK = 0x00BE
_BLANK = 0x0201
# Records of one cell that holds a value: row and column are their first two 16-bit fields.
_VALUE_CELLS = frozenset({0x00FD, 0x0204, 0x00D6, 0x0203, 0x027E, 0x0205, 0x0006})


class DamagedFile(ValueError):
    """The file is not a readable Excel 97-2003 workbook; the text says why."""


class _Compound:
    """A compound (OLE2) file held in memory: sectors, the allocation table, and the directory."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(_SIGNATURE):
            raise DamagedFile("not an Excel 97-2003 file")
        self.data = data
        self.sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini_sector = 1 << struct.unpack_from("<H", data, 0x20)[0]
        if self.sector not in (512, 4096) or self.mini_sector != 64:
            raise DamagedFile("unknown sector size")
        self.sectors = (len(data) - 512) // self.sector + 1  # no chain can be longer than this
        self.cutoff = struct.unpack_from("<I", data, 0x38)[0]
        self.fat = self._allocation_table()

    def _read_sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise DamagedFile("a sector beyond the end of the file")
        start = (number + 1) * self.sector
        return self.data[start : start + self.sector]

    def _fat_sectors(self) -> list[int]:
        """Where the allocation table is: 109 places in the header, the rest in a chain of DIFAT sectors."""
        count, difat, difat_count = (
            struct.unpack_from("<I", self.data, 0x2C)[0],
            *struct.unpack_from("<II", self.data, 0x44),
        )
        places = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", self.data, 0x4C))
        per_sector = self.sector // 4 - 1
        for _ in range(min(difat_count, self.sectors)):
            if difat in (_FREE, _END):
                break
            entries = struct.unpack(f"<{per_sector + 1}I", self._read_sector(difat))
            places += entries[:per_sector]
            difat = entries[per_sector]
        if count > len(places) or count > self.sectors:
            raise DamagedFile("allocation table larger than the file")
        return places[:count]

    def _allocation_table(self) -> list[int]:
        table: list[int] = []
        for number in self._fat_sectors():
            table += struct.unpack(f"<{self.sector // 4}I", self._read_sector(number))
        return table

    def chain(self, start: int, table: list[int]) -> list[int]:
        """The sectors of one stream, in order; a loop or a pointer out of the table is damage."""
        found: list[int] = []
        seen: set[int] = set()
        while start not in (_END, _FREE):
            if start in seen or start >= len(table):
                raise DamagedFile("a broken sector chain")
            seen.add(start)
            found.append(start)
            start = table[start]
        return found

    def _read_chain(self, start: int, size: int) -> bytes:
        data = b"".join(self._read_sector(number) for number in self.chain(start, self.fat))
        return data[:size]

    def stream(self, names: tuple[str, ...]) -> bytes:
        """The first stream of the root storage named one of `names`."""
        first_directory = struct.unpack_from("<I", self.data, 0x30)[0]
        directory = self._read_chain(first_directory, len(self.data))
        entries = [directory[at : at + 128] for at in range(0, len(directory) - 127, 128)]
        if not entries:
            raise DamagedFile("no directory")
        root = entries[0]
        for entry in entries:
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[66] == 2 and name in names:
                start, size = struct.unpack_from("<IQ", entry, 116)
                if self.sector == 512:
                    size &= 0xFFFFFFFF  # version 3 files keep only the low half
                if size > len(self.data):
                    raise DamagedFile("a stream larger than the file")
                return (
                    self._small_stream(root, start, size)
                    if size < self.cutoff
                    else self._read_chain(start, size)
                )
        raise DamagedFile("no workbook stream")

    def _small_stream(self, root: bytes, start: int, size: int) -> bytes:
        """A stream under the cutoff lives in 64-byte pieces inside the root entry's own stream."""
        mini_start, mini_count = struct.unpack_from("<II", self.data, 0x3C)
        mini_table: list[int] = []
        for number in self.chain(mini_start, self.fat)[: max(mini_count, 0)]:
            mini_table += struct.unpack(f"<{self.sector // 4}I", self._read_sector(number))
        root_start, root_size = struct.unpack_from("<IQ", root, 116)
        container = self._read_chain(root_start, min(root_size, len(self.data)))
        pieces = [container[n * 64 : n * 64 + 64] for n in self.chain(start, mini_table)]
        return b"".join(pieces)[:size]


def _records(stream: memoryview) -> Iterator[tuple[int, int, memoryview]]:
    """(offset, record id, body) of every record of a BIFF stream, without copying the bodies."""
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind, stream[at + 4 : at + 4 + length]
        at += 4 + length


def _sheet_name(body: memoryview, codepage: str) -> tuple[int, str]:
    """A BOUNDSHEET record: where the sheet's records start, and its name (BIFF8 or BIFF5)."""
    offset = struct.unpack_from("<I", body, 0)[0]
    count = body[6] if len(body) > 6 else 0
    if len(body) >= 8 and len(body) in (8 + count, 8 + 2 * count):  # BIFF8: a flags byte, then the name
        wide = body[7] & 1
        raw = body[8 : 8 + count * (2 if wide else 1)]
        return offset, bytes(raw).decode("utf-16-le" if wide else "latin-1", "replace")
    return offset, bytes(body[7 : 7 + count]).decode(codepage, "replace")


def _extend(extent: SheetExtent, kind: int, body: memoryview) -> None:
    """What one record of a sheet adds to its extent and to its count of cells holding a value."""
    if kind == _DIMENSIONS and len(body) >= 10:
        rows, columns = (
            struct.unpack_from("<4xI2xH", body) if len(body) >= 14 else struct.unpack_from("<2xH2xH", body)
        )
        extent.grow(rows, columns)
    elif kind in _VALUE_CELLS and len(body) >= 4:
        row, column = struct.unpack_from("<HH", body)
        extent.grow(row + 1, column + 1, cells=1)
    elif kind in (_MULRK, _MULBLANK, _BLANK) and len(body) >= 6:
        row, first = struct.unpack_from("<HH", body)
        last = struct.unpack_from("<H", body, len(body) - 2)[0] if kind != _BLANK else first
        extent.grow(row + 1, max(first, last) + 1, cells=max(last - first + 1, 0) if kind == _MULRK else 0)


def _codepage(stream: memoryview) -> str:
    """The code page BIFF5 sheet names are written in (CODEPAGE record); Western when absent or unknown."""
    found = next((body for _, kind, body in _records(stream) if kind == _CODEPAGE and len(body) >= 2), None)
    name = f"cp{struct.unpack_from('<H', found)[0]}" if found is not None else "cp1252"
    try:
        "".encode(name)
    except LookupError:
        return "cp1252"
    return name


def xls_extents(data: bytes) -> list[SheetExtent]:
    """Each worksheet's extent (the larger of what DIMENSIONS declares and where its cells are)."""
    stream = memoryview(_Compound(data).stream(("Workbook", "Book")))
    codepage = _codepage(stream)
    starts: dict[int, SheetExtent] = {}
    for _, kind, body in _records(stream):
        if kind == _BOUNDSHEET and len(body) >= 7:
            offset, name = _sheet_name(body, codepage)
            starts[offset] = SheetExtent(name)
    current: SheetExtent | None = None
    for at, kind, body in _records(stream):
        if kind == _BOF:
            current = starts.get(at)
        elif current is not None:
            _extend(current, kind, body)
    return list(starts.values())
