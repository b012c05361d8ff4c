"""A long paragraph's lines kept as a few integers each, a Line made only when it is read."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from briefing.linebreak.paragraph import Paragraph
from briefing.linebreak.records import Line
from briefing.linebreak.setline import make_line

_NO_SQUEEZE: dict[int, float] = {}


class LazyLines(Sequence[Line]):
    """A paragraph's lines kept as two integers and a flag byte each; a Line is made when asked for."""

    def __init__(
        self,
        paragraph: Paragraph,
        firsts: array[int],
        lasts: array[int],
        marks: bytearray,
        squeezes: dict[int, dict[int, float]],
    ):
        self._paragraph = paragraph
        self._firsts = firsts
        self._lasts = lasts
        self._marks = marks
        self._squeezes = squeezes

    def __len__(self) -> int:
        return len(self._firsts)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        count = len(self._firsts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        squeeze = self._squeezes.get(index, _NO_SQUEEZE)
        return make_line(
            self._paragraph,
            index,
            self._firsts[index],
            self._lasts[index],
            self._marks[index],
            squeeze,
            index == count - 1,
        )

    def __iter__(self) -> Iterator[Line]:
        return map(self.__getitem__, range(len(self)))
