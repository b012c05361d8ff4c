"""Shared test helpers: a fresh starter packet, and the CLI run in-process with captured streams."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.starter import write_starter

REPO = Path(__file__).resolve().parent.parent

# Fixtures more than one test module uses, found by name without importing them.
pytest_plugins = ["cache_cases"]


@dataclass(frozen=True)
class Run:
    """What one CLI run returned and printed."""

    status: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    """`briefing ARGV…` in this process; the streams are captured, nothing touches sys.stdout."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A valid packet as `briefing init` writes it."""
    target = tmp_path / "packet"
    write_starter(target)
    return target
