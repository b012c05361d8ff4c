"""Chinese text compared by paragraph, sentence and character: sentence segmentation and the text diff.

Paragraphs are aligned first; inside each run of paragraphs that differ, the sentences of that run are
aligned (so a paragraph split in two, or two joined, changes no sentence); sentences replaced by others
are paired by likeness (character bigrams: most Chinese words are two characters), and a pair is spelt
out character by character. All alignment goes through align.opcodes within one shared Budget.
"""

from __future__ import annotations

import re

from briefing.diff.align import Budget, Opcode, opcodes
from briefing.diff.changes import Piece, SentenceChange, TextChange

TERMINATORS = "。；！？"
# Closing quotes and brackets that follow a sentence's mark belong to that sentence: “……完成。”
CLOSERS = "”’」』）》】〕〉)]\"'"
# …but a closed quotation followed by one of these carries on the same sentence: 提出“要做好。”，并……
CONTINUERS = "，、：,:"
# A sentence: characters other than marks, or marks closed by a quotation that carries on; then its
# marks, closers and spaces (or the end of the paragraph). The two repeated alternatives start with
# different characters, so the pattern never backtracks more than a run of marks.
_SENTENCE = re.compile(
    f"(?:[^{TERMINATORS}]|[{TERMINATORS}]+[{re.escape(CLOSERS)}]+(?=[{CONTINUERS}]))*"
    f"(?:[{TERMINATORS}]+[{re.escape(CLOSERS)}]*\\s*|\\Z)"
)
# A replaced sentence is paired with one of the next few new ones when their bigrams are this alike
# (Dice coefficient): a sentence with a few words changed scores 0.6-0.9, two different sentences on the
# same subject 0.1-0.3.
PAIR_LIKENESS = 0.4
PAIR_WINDOW = 8


def sentences(paragraph: str) -> tuple[str, ...]:
    """Split after 。；！？ (a run of them stays together: ？！), keeping the marks, closing quotes and
    brackets right after them and any spaces, with the sentence; the last may have no mark. ASCII '.'
    never ends a sentence (1.5亿元), nor does an ellipsis (……). Joined again they give the paragraph."""
    return tuple(found for found in _SENTENCE.findall(paragraph) if found)


def diff_paragraphs(
    field: str, old: tuple[str, ...], new: tuple[str, ...], budget: Budget
) -> TextChange | None:
    """The sentence changes between two versions of a text field, or None when they are the same."""
    if old == new:
        return None
    changes: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in opcodes(old, new, budget):
        if tag == "equal":
            continue
        a = [(sentence, number + 1) for number in range(i1, i2) for sentence in sentences(old[number])]
        b = [(sentence, number + 1) for number in range(j1, j2) for sentence in sentences(new[number])]
        changes.extend(_sentence_changes(a, b, budget))
    return TextChange(field, len(old), len(new), tuple(changes))


def _sentence_changes(
    a: list[tuple[str, int]], b: list[tuple[str, int]], budget: Budget
) -> list[SentenceChange]:
    changes: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in opcodes([s for s, _ in a], [s for s, _ in b], budget):
        if tag == "equal":
            continue
        changes.extend(_paired(a[i1:i2], b[j1:j2], budget))
    return changes


def _removed(item: tuple[str, int]) -> SentenceChange:
    return SentenceChange("removed", item[0], None, item[1], None)


def _added(item: tuple[str, int]) -> SentenceChange:
    return SentenceChange("added", None, item[0], None, item[1])


def _paired(a: list[tuple[str, int]], b: list[tuple[str, int]], budget: Budget) -> list[SentenceChange]:
    """Old sentences replaced by new ones: pair each old one with the same sentence or else the likeliest
    of the next few new ones (in order); one replaced by one is always a rewrite. Unpaired ones were
    removed or added. Measuring likeness costs the budget; without it, the rest stand unpaired."""
    if len(a) == 1 and len(b) == 1:
        return [_rewrite(a[0], b[0], budget)]
    likeness = _Likeness(b, budget)
    changes: list[SentenceChange] = []
    next_new = 0
    for old in a:
        best = likeness.best(old[0], next_new)
        if best < 0:
            changes.append(_removed(old))
            continue
        changes.extend(_added(item) for item in b[next_new:best])
        if b[best][0] != old[0]:
            changes.append(_rewrite(old, b[best], budget))
        next_new = best + 1
    changes.extend(_added(item) for item in b[next_new:])
    return changes


class _Likeness:
    """The new sentences of a run, their bigrams measured once each, as old ones look for their match."""

    def __init__(self, b: list[tuple[str, int]], budget: Budget) -> None:
        self.b = b
        self.budget = budget
        self.grams: dict[int, frozenset[str]] = {}

    def bigrams(self, index: int) -> frozenset[str]:
        if index not in self.grams:
            self.grams[index] = _bigrams(self.b[index][0])
        return self.grams[index]

    def best(self, sentence: str, start: int) -> int:
        """The index of the same sentence among the PAIR_WINDOW new ones from `start`, else of the likeliest
        at least PAIR_LIKENESS alike (the last of equals), else -1; -1 too, the budget marked truncated,
        when it cannot pay for the measuring."""
        window = range(start, min(len(self.b), start + PAIR_WINDOW))
        same = next((index for index in window if self.b[index][0] == sentence), -1)
        if same >= 0 or not window:
            return same
        if not self.budget.take(sum(len(self.b[index][0]) for index in window) + len(sentence)):
            self.budget.truncated = True
            return -1
        mine = _bigrams(sentence)
        best, best_score = -1, PAIR_LIKENESS
        for index in window:
            score = _likeness(mine, self.bigrams(index))
            if score >= best_score:
                best, best_score = index, score
        return best


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) if len(text) > 1 else frozenset(text)


def _likeness(x: frozenset[str], y: frozenset[str]) -> float:
    total = len(x) + len(y)
    return 2 * len(x & y) / total if total else 1.0


def _rewrite(old: tuple[str, int], new: tuple[str, int], budget: Budget) -> SentenceChange:
    return SentenceChange("replaced", old[0], new[0], old[1], new[1], pieces(old[0], new[0], budget))


def pieces(old: str, new: str, budget: Budget) -> tuple[Piece, ...]:
    """The characters kept, deleted and inserted from old to new. A single kept character between two
    changes is folded into them (增长[-7-]%…, not a ragged [-a-]b[-c-]), so each change reads as words."""
    coarse = budget.coarse
    found = opcodes(old, new, budget)
    budget.truncated |= budget.coarse > coarse
    result: list[Piece] = []
    for run in _folded(_runs(old, new, found)):
        if isinstance(run, str):
            result.append(Piece("equal", run))
            continue
        if run[0]:
            result.append(Piece("delete", run[0]))
        if run[1]:
            result.append(Piece("insert", run[1]))
    return tuple(result)


Run = str | tuple[str, str]  # kept text, or (deleted, inserted)


def _runs(old: str, new: str, found: list[Opcode]) -> list[Run]:
    """The opcodes as runs, changes next to each other joined into one."""
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in found:
        if tag == "equal":
            runs.append(old[i1:i2])
        elif runs and isinstance(runs[-1], tuple):
            deleted, inserted = runs[-1]
            runs[-1] = (deleted + old[i1:i2], inserted + new[j1:j2])
        else:
            runs.append((old[i1:i2], new[j1:j2]))
    return runs


def _folded(runs: list[Run]) -> list[Run]:
    """A single kept character between two changes, folded into them (not after the last change)."""
    folded: list[Run] = []
    for index, run in enumerate(runs):
        last = folded[-1] if folded else None
        if isinstance(last, tuple) and isinstance(run, str) and len(run) == 1 and index < len(runs) - 1:
            folded[-1] = (last[0] + run, last[1] + run)
        elif isinstance(last, tuple) and isinstance(run, tuple):
            folded[-1] = (last[0] + run[0], last[1] + run[1])
        else:
            folded.append(run)
    return folded
