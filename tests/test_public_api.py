"""briefing/__init__.py: the library's public names, each loaded on first use, none costing an import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import briefing
import briefing.copies
import briefing.errors
import briefing.pipeline

HEAVY = ("msgspec", "yaml", "jinja2", "reportlab", "PIL", "pikepdf", "openpyxl", "docx", "keyring")


def test_import_briefing_loads_no_library() -> None:
    code = f"import sys, briefing; print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", sorted(set(briefing.__all__) - {"__version__"}))
def test_every_public_name_is_the_library_object(name: str) -> None:
    homes = (briefing.pipeline, briefing.copies, briefing.errors)
    home = next(module for module in homes if hasattr(module, name) or name == "validate")
    expected = briefing.pipeline.load_and_validate if name == "validate" else getattr(home, name)
    assert getattr(briefing, name) is expected
    assert name in dir(briefing)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nonesuch'"):
        briefing.nonesuch  # noqa: B018


def test_the_library_validates_without_the_command_line(tmp_path: Path) -> None:
    sample = REPO / "data" / "dongchang-2023"
    assert briefing.summarize(briefing.validate(sample)).areas == 8
    with pytest.raises(briefing.BriefingError) as caught:
        briefing.validate(tmp_path)
    assert caught.value.issues and all(isinstance(found, briefing.Issue) for found in caught.value.issues)
    code = (
        "import sys, pathlib, briefing; briefing.validate(pathlib.Path(sys.argv[1]));"
        "print('briefing.cli' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(sample)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False", "the library never loads the command line"
