"""Aligning two sequences (paragraphs, sentences, characters) within a bounded amount of work.

difflib.SequenceMatcher gives the most readable alignment of short sequences, but it is quadratic (and
worse on repetitive input) in their lengths. So: common ends are trimmed first (linear; most edits are
local); a middle small enough goes to SequenceMatcher; a larger one is cut at anchors, the elements that
occur exactly once on each side, kept in order by a longest increasing subsequence (the patience diff's
idea, which also keeps boilerplate that recurs, such as 。 or a stock sentence, from pulling the
alignment astray); the gaps between anchors go to SequenceMatcher in turn, and a gap still too large, or
any gap once the whole comparison's work allowance is spent, is reported as replaced as a whole.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import Literal

Tag = Literal["equal", "replace", "delete", "insert"]
Opcode = tuple[Tag, int, int, int, int]

# Largest len(a) * len(b) handed to SequenceMatcher in one piece: 30-40 ms in the worst cases measured
# (one letter repeated, random text over two letters: about 0.4 µs per unit), a few ms for prose.
PIECE_LIMIT = 100_000
# Work allowance of one whole diff, in the same units: 4 s at the worst rate; prose runs 10-20 times
# faster, and a rewrite of 100-character sentences costs 10,000 units, so a thousand such rewrites fit.
TOTAL_LIMIT = 10_000_000


class Budget:
    """The work left for fine alignment in one diff, shared by every comparison it makes. `coarse`
    counts the stretches that had to be reported as replaced as a whole; `truncated` is set by a
    comparison whose result came out coarser for it (a rewrite not spelt out to the character)."""

    def __init__(self, total: int = TOTAL_LIMIT, piece: int = PIECE_LIMIT) -> None:
        self.left = total
        self.piece = piece
        self.coarse = 0
        self.truncated = False

    def take(self, cost: int) -> bool:
        """Spend `cost` if it fits one piece and what is left."""
        if cost <= self.piece and cost <= self.left:
            self.left -= cost
            return True
        return False


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable], budget: Budget) -> list[Opcode]:
    """Like SequenceMatcher.get_opcodes(), within the budget; a and b are never scanned more than a few
    times beyond the work the budget allows."""
    ops: list[Opcode] = []
    _gap(a, b, 0, len(a), 0, len(b), budget, ops, anchors=True)
    return _merged(ops)


def _gap(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    a1: int,
    a2: int,
    b1: int,
    b2: int,
    budget: Budget,
    ops: list[Opcode],
    anchors: bool,
) -> None:
    """Align a[a1:a2] with b[b1:b2], appending opcodes in order."""
    start_a, start_b = a1, b1
    while a1 < a2 and b1 < b2 and a[a1] == b[b1]:
        a1 += 1
        b1 += 1
    if a1 > start_a:
        ops.append(("equal", start_a, a1, start_b, b1))
    end_a, end_b = a2, b2
    while a2 > a1 and b2 > b1 and a[a2 - 1] == b[b2 - 1]:
        a2 -= 1
        b2 -= 1
    _middle(a, b, a1, a2, b1, b2, budget, ops, anchors)
    if a2 < end_a:
        ops.append(("equal", a2, end_a, b2, end_b))


def _middle(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    a1: int,
    a2: int,
    b1: int,
    b2: int,
    budget: Budget,
    ops: list[Opcode],
    anchors: bool,
) -> None:
    if a1 == a2 and b1 == b2:
        return
    if a1 == a2:
        ops.append(("insert", a1, a2, b1, b2))
        return
    if b1 == b2:
        ops.append(("delete", a1, a2, b1, b2))
        return
    if budget.take((a2 - a1) * (b2 - b1)):
        matcher = SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            ops.append((tag, a1 + i1, a1 + i2, b1 + j1, b1 + j2))
        return
    if anchors:
        points = _anchors(a, b, a1, a2, b1, b2)
        if points:
            i, j = a1, b1
            for x, y in points:
                _gap(a, b, i, x, j, y, budget, ops, anchors=False)
                ops.append(("equal", x, x + 1, y, y + 1))
                i, j = x + 1, y + 1
            _gap(a, b, i, a2, j, b2, budget, ops, anchors=False)
            return
    budget.coarse += 1
    ops.append(("replace", a1, a2, b1, b2))


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], a1: int, a2: int, b1: int, b2: int
) -> list[tuple[int, int]]:
    """Elements found exactly once in a[a1:a2] and once in b[b1:b2], as many as keep their order."""
    seen_a: dict[Hashable, int] = {}
    for i in range(a1, a2):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict[Hashable, int] = {}
    for j in range(b1, b2):
        item = b[j]
        if seen_a.get(item, -1) >= 0:
            seen_b[item] = -1 if item in seen_b else j
    pairs = sorted((seen_a[item], j) for item, j in seen_b.items() if j >= 0)
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (sorted by first) whose second members increase: O(n log n)."""
    tails: list[int] = []  # tails[k]: smallest last second-member of an increasing run of length k + 1
    ends: list[int] = []  # the index in `pairs` of that run's last pair
    previous = [-1] * len(pairs)
    for index, (_, second) in enumerate(pairs):
        k = bisect.bisect_left(tails, second)
        if k == len(tails):
            tails.append(second)
            ends.append(index)
        else:
            tails[k] = second
            ends[k] = index
        previous[index] = ends[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    run.reverse()
    return run


def _merged(ops: list[Opcode]) -> list[Opcode]:
    """Join neighbouring opcodes of one tag, and make a delete next to an insert one replace."""
    merged: list[Opcode] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged:
            tag, i1, _, j1, _ = merged[-1]
            same = tag == op[0] or (tag != "equal" and op[0] != "equal")
            if same:
                joined: Tag = tag if tag == op[0] else "replace"
                merged[-1] = (joined, i1, op[2], j1, op[4])
                continue
        merged.append(op)
    return merged
