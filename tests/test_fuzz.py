"""Property tests: no damage to the sample packet, a layout folder or a recipients list makes `briefing
validate` or `briefing build` crash, hang, leak Python, lose the location, or leave or change a file.

The damage and the judging live in tests/fuzzing.py, shared with bench/fuzz.py (the long campaign). Here
hypothesis draws the cases from a fixed seed (derandomize), few enough for CI; BRIEFING_FUZZ_EXAMPLES sets
how many each test runs, and BRIEFING_FUZZ_CASE_SECONDS the time after which a case counts as a hang.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import pytest
from fuzzing import (
    EXISTING,
    FILES_OF_SAMPLE,
    Case,
    Hang,
    base_files,
    draw_case,
    guarded,
    judge,
    run_case,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st


def examples(default: int) -> int:
    return int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", default))


class _Drawn:
    """The Chooser of tests/fuzzing.py over hypothesis' draw, so that failing cases shrink."""

    def __init__(self, draw: st.DrawFn):
        self.draw = draw

    def choice(self, options: Sequence):  # type: ignore[no-untyped-def]
        return self.draw(st.sampled_from(options))

    def fraction(self) -> float:
        return self.draw(st.floats(0, 1))

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def binary(self, low: int, high: int) -> bytes:
        return self.draw(st.binary(min_size=low, max_size=high))


@st.composite
def cases(draw: st.DrawFn, targets: tuple[str, ...]) -> Case:
    return draw_case(_Drawn(draw), targets)


def check(case: Case) -> None:
    outcome = run_case(case)
    assert not outcome.problems, "\n".join(outcome.problems)


def fuzz(count: int) -> settings:
    """`count` cases (or BRIEFING_FUZZ_EXAMPLES), the same ones on every run."""
    return settings(
        max_examples=examples(count),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


FIRST_AREA, PACKET = FILES_OF_SAMPLE[0], "packet.yaml"


@fuzz(100)
@given(case=cases(("validate",)))
# Damage that once crashed the loader or leaked Python into a message.
@example(Case("validate", "gbt9704", "zh", (("insert", PACKET, 0.5, "\x07"),)))  # ReaderError, exit 70
@example(Case("validate", "gbt9704", "en", (("insert", FIRST_AREA, 0.2, "!\ufeff"),)))  # "found '\ufeff'"
@example(Case("validate", "gbt9704", "zh", (("reencode", PACKET, "utf-16-be"),)))  # UTF-16 called latin-1
@example(Case("validate", "gbt9704", "zh", (("retype", FIRST_AREA, 0.5, '"a\\nb\\a"'),)))  # a line break
@example(Case("validate", "gbt9704", "en", (("insert", PACKET, 0.0, "*["),)))  # PyYAML quoting: "found '['"
def test_damaged_packet_is_reported_not_crashed(case: Case) -> None:
    check(case)


@fuzz(12)
@given(case=cases(("build",)))
# A title longer than a page, now set over pages (test_long_texts checks the pages; here, nothing worse).
@example(Case("build", "gbt9704", "zh", (("long-value", FIRST_AREA, 0.0, "中", 50_000),)))
def test_damaged_packet_builds_or_is_reported(case: Case) -> None:
    check(case)


@fuzz(12)
@given(case=cases(("layout",)))
# An h2 before any h1 in section.j2: ReportLab refused the bookmark (exit 70; compose keeps levels now).
@example(Case("layout", "gbt9704", "en", (("swap-lines", "layout/section.j2", 0.11, 0.92),)))
def test_damaged_layout_builds_or_is_reported(case: Case) -> None:
    check(case)


@fuzz(8)
@given(case=cases(("recipients",)))
def test_damaged_recipients_build_or_are_reported(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("target", ["validate", "build", "layout", "recipients"])
def test_undamaged_cases_pass(target: str) -> None:
    """The fuzzer starts from inputs that pass, so every failure it finds comes from the damage."""
    outcome = run_case(Case(target, "briefing", "zh", ()))
    assert outcome.status == 0 and not outcome.problems, (outcome.err, outcome.problems)


# --- the judge can fail: each kind of trouble it is there to catch is caught ----------------------------


def test_the_time_guard_reports_a_hang_instead_of_waiting() -> None:
    started = time.monotonic()
    with pytest.raises(Hang), guarded(seconds=0.2):
        while True:
            pass
    assert time.monotonic() - started < 5


def test_the_memory_guard_stops_a_runaway_allocation() -> None:
    with pytest.raises(MemoryError), guarded(memory=256 * 1024**2):
        "x" * (2 * 1024**3)


def test_the_judge_reports_crashes_leftovers_and_changed_outputs() -> None:
    case = Case("build", "gbt9704", "zh", ())
    files = base_files("build", "gbt9704")
    before = {"packet": {"packet.yaml": b"a"}, "out": {"packet.pdf": EXISTING}}
    crashed = judge(case, files, 70, "", "briefing 内部错误: ValueError: x\n", before, {**before, "tmp": {}})
    assert any("exit status 70" in problem for problem in crashed)
    left = {
        "packet": before["packet"],
        "out": {"packet.pdf": EXISTING, ".packet.pdf.part": b"%PDF"},
        "tmp": {},
    }
    assert any(
        "output folder" in problem
        for problem in judge(case, files, 1, "", "x: y\n共 1 个问题，未生成任何文件。\n", before, left)
    )
    overwritten = {"packet": before["packet"], "out": {"packet.pdf": b"%PDF-half"}, "tmp": {"x": b""}}
    problems = judge(case, files, 1, "", "unlocated\n共 1 个问题，未生成任何文件。\n", before, overwritten)
    assert any("changed the output folder" in p for p in problems)
    assert any("temporary folder" in p for p in problems)
    assert any("not located" in p for p in problems)
    assert judge(case, files, "hang", "", "", before, before | {"tmp": {}}) != []
