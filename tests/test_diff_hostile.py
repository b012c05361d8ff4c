"""Hostile input for diff: packets as large as the loader allows, made to drive the alignment to its
worst cases, must finish in bounded time and memory, with SequenceMatcher never handed more work than
the budget allows."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_cli
from diff_packets import small_packet

import briefing.diff.align as align
from briefing.diff.align import PIECE_LIMIT, TOTAL_LIMIT, Budget, opcodes
from briefing.diff.text import sentences
from briefing.read.input_files import MAX_FILE_BYTES

# Generous for a shared two-core machine: each case takes 1-3 s when the machine is quiet; a quadratic
# alignment of these packets would take hours.
SECONDS = 60


def _packet(folder: Path, paragraphs: list[str]) -> Path:
    lines = ["title: 大领域", "lead_unit: 区政府办公室", "summary:"]
    lines += [f"  - {json.dumps(p, ensure_ascii=False)}" for p in paragraphs]
    small_packet(folder, {"01.yaml": "\n".join(lines) + "\n"})
    size = (folder / "areas" / "01.yaml").stat().st_size
    assert MAX_FILE_BYTES * 0.8 < size <= MAX_FILE_BYTES, size  # as large as allowed
    return folder


class _Recorder:
    """SequenceMatcher as align.py uses it, remembering the size of every piece it was given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sizes: list[int] = []
        real = align.SequenceMatcher

        def matcher(junk, a, b, autojunk=True):  # type: ignore[no-untyped-def]
            self.sizes.append(len(a) * len(b))
            return real(junk, a, b, autojunk=autojunk)

        monkeypatch.setattr(align, "SequenceMatcher", matcher)


def _giant_sentence() -> tuple[list[str], list[str]]:
    """One sentence of 600,000 characters, the same character over and over, changed every 1000th."""
    return ["啊" * 600_000], ["".join("哦" if i % 1000 == 0 else "啊" for i in range(600_000))]


def _identical_sentences() -> tuple[list[str], list[str]]:
    """300,000 identical sentences, every 97th replaced: no sentence is unique to anchor on."""
    return ["啊。" * 300_000], ["".join("哦。" if i % 97 == 0 else "啊。" for i in range(300_000))]


def _sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(30)) + "。" for _ in range(count)]


def _everything_rewritten() -> tuple[list[str], list[str]]:
    """20,000 sentences, each replaced by an unrelated one."""
    return ["".join(_sentences(20_000, 1))], ["".join(_sentences(20_000, 2))]


def _many_small_edits() -> tuple[list[str], list[str]]:
    """1,000 paragraphs of 20 sentences, one character changed in every tenth sentence."""
    old = _sentences(20_000, 1)
    new = [s if i % 10 else s[:10] + "改" + s[11:] for i, s in enumerate(old)]
    return (
        ["".join(old[i : i + 20]) for i in range(0, 20_000, 20)],
        ["".join(new[i : i + 20]) for i in range(0, 20_000, 20)],
    )


CASES = {
    "giant repetitive sentence": _giant_sentence,
    "identical sentences": _identical_sentences,
    "everything rewritten": _everything_rewritten,
    "many small edits": _many_small_edits,
}


@pytest.mark.parametrize("case", list(CASES))
def test_largest_packets_diff_in_bounded_time(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_text, new_text = CASES[case]()
    old = _packet(tmp_path / "old", old_text)
    new = _packet(tmp_path / "new", new_text)
    recorder = _Recorder(monkeypatch)
    start = time.perf_counter()
    result = run_cli("diff", str(old), str(new), "--json")
    elapsed = time.perf_counter() - start
    assert result.status == 0, result.err
    assert elapsed < SECONDS, f"{case}: {elapsed:.1f} s"
    assert max(recorder.sizes, default=0) <= PIECE_LIMIT
    assert sum(recorder.sizes) <= TOTAL_LIMIT
    data = json.loads(result.out)
    [area] = data["areas"]
    [text] = area["texts"]
    # Whatever the pairing, what is said to go was in the old text, what is said to come is in the new
    # one, and the sentences left alone are as many on each side.
    gone = Counter(s["old"] for s in text["sentences"] if s["status"] != "added")
    came = Counter(s["new"] for s in text["sentences"] if s["status"] != "removed")
    before = Counter(sentence for p in old_text for sentence in sentences(p))
    after = Counter(sentence for p in new_text for sentence in sentences(p))
    assert gone <= before and came <= after
    assert before.total() - gone.total() == after.total() - came.total()
    if case == "giant repetitive sentence":
        [sentence] = text["sentences"]
        assert data["truncated"] is True  # too long to spell out: marked coarsely, and said so
        kept = "".join(p["text"] for p in sentence["pieces"] if p["op"] == "equal")
        assert kept == "啊" * 999  # the common ends, trimmed before any alignment
    if case == "identical sentences":
        assert data["counts"]["sentences"] == {"removed": 3093, "added": 3093}
        assert data["truncated"] is False
    if case == "many small edits":
        assert data["counts"]["sentences"] == {"replaced": 2000}
        assert data["truncated"] is False
    terminal = run_cli("diff", str(old), str(new))
    assert terminal.status == 0


@pytest.mark.parametrize("case", ["identical sentences", "everything rewritten"])
def test_memory_stays_small(case: str, tmp_path: Path) -> None:
    """Peak memory of a whole `briefing diff` process on the largest packets (about 120 MiB measured for
    300,000 identical sentences, 75 MiB for 20,000 rewritten ones)."""
    old_text, new_text = CASES[case]()
    old = _packet(tmp_path / "old", old_text)
    new = _packet(tmp_path / "new", new_text)
    # VmHWM read in the child: its ru_maxrss would start at the resident size of the process that forked
    # it (Linux keeps that across exec), here the xdist worker, so whatever ran before in it would count.
    code = (
        "import re, sys; from briefing.cli import main\n"
        f"status = main(['diff', {str(old)!r}, {str(new)!r}, '--json'])\n"
        "sys.stderr.write(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert done.returncode == 0, done.stderr
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    assert peak_kib < 300 * 1024, f"{peak_kib / 1024:.0f} MiB"


def test_alignment_worst_cases_stay_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = _Recorder(monkeypatch)
    rng = random.Random(1)
    cases = [
        ("a" * 50_000, "a" * 49_999 + "b"),
        ("".join(rng.choice("ab") for _ in range(50_000)), "".join(rng.choice("ab") for _ in range(50_000))),
        (list(range(30_000)), list(reversed(range(30_000)))),
    ]
    budget = Budget()
    start = time.perf_counter()
    for a, b in cases:
        ops = opcodes(a, b, budget)
        assert (ops[-1][2], ops[-1][4]) == (len(a), len(b))
    assert time.perf_counter() - start < SECONDS
    assert max(recorder.sizes, default=0) <= PIECE_LIMIT
    assert sum(recorder.sizes) <= TOTAL_LIMIT and budget.left >= 0
    assert budget.coarse > 0  # the rest was reported as replaced as a whole
