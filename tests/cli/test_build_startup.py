"""A PDF build of the sample, in a fresh interpreter, loads no module and compiles no pattern it does not use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import console, usage
from briefing.layouts import word
from briefing.messages import render
from briefing.read import kinds, packet_files, reader, rules, text

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "dongchang-2023"

# The build, as the `briefing` command runs it, noting every pattern re is asked for (compiled then or
# found in its cache), and what was loaded at the end.
_BUILD = """
import json, re, sys
asked = set()
compile_ = re._compile
def noting(pattern, flags):
    asked.add(getattr(pattern, "pattern", pattern))
    return compile_(pattern, flags)
re._compile = noting
from briefing.cli.entry import main
status = main(sys.argv[2:])
patterns = sorted(p for p in asked if isinstance(p, str))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"status": status, "modules": sorted(sys.modules), "patterns": patterns}, out)
"""

# Never needed to make a PDF: the Word writer, the comparison and office engines, sending, the finder of
# YAML slips (for a file with a syntax error or a key indented with U+3000), and calendar (month ends).
NOT_LOADED = (
    "briefing.word",
    "briefing.diff",
    "briefing.office",
    "briefing.deliver",
    "briefing.read.yaml_culprits",
    "calendar",
    "docx",
    "openpyxl",
    "difflib",
    "smtplib",
)


def _pattern(value: object) -> str:
    return str(getattr(value, "pattern", value))


# Patterns only a mistake needs (a refused command line, a control character, a key with a full-width
# colon, a numbered title, a title in quotes, a file named as a copy, a name Word refuses, an issue in a
# project row) or a Word file: a well-formed packet built into a PDF compiles none of them.
NOT_COMPILED = (
    _pattern(usage._ARGUMENT),
    *(_pattern(complaint[1]) for complaint in usage._COMPLAINTS),
    _pattern(console._UNENCODABLE),
    _pattern(text._CONTROL),
    _pattern(render._UNPRINTABLE),
    _pattern(word._BAD_CHARACTER),
    _pattern(reader._FULL_WIDTH_KEY),
    _pattern(rules._ROW_FIELD),
    _pattern(kinds._NUMBERING),
    _pattern(kinds._WRAPPING_QUOTES),
    _pattern(packet_files._COPY),
)


def _build(tmp_path: Path, layout: str) -> dict[str, object]:
    record = tmp_path / "record.json"
    command = [sys.executable, "-c", _BUILD, str(record), "build", str(SAMPLE), "-o", str(tmp_path / "x.pdf")]
    env = {**os.environ, "BRIEFING_CACHE": str(tmp_path / "cache")}
    subprocess.run([*command, "--layout", layout], check=True, capture_output=True, env=env)
    found: dict[str, object] = json.loads(record.read_text(encoding="utf-8"))
    return found


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_a_pdf_build_leaves_what_it_does_not_use_unloaded_and_uncompiled(tmp_path: Path, layout: str) -> None:
    found = _build(tmp_path, layout)
    assert found["status"] == 0
    modules = found["modules"]
    assert isinstance(modules, list)
    assert "briefing.render.document" in modules  # it did build a PDF
    loaded = [name for name in modules if name.startswith(NOT_LOADED)]
    assert loaded == []
    patterns = found["patterns"]
    assert isinstance(patterns, list)
    assert [pattern for pattern in NOT_COMPILED if pattern in patterns] == []
    # Each heading's leader mark in the contents is found by str.find, not by a pattern made for it.
    assert [pattern for pattern in patterns if "contents" in pattern and "leader" in pattern] == []
    # Nor is a class of the hanzi (each compiles a bit per hanzi): the briefing layout's quarter-em space
    # between hanzi and Latin (cjk_latin_space) counts where they meet without one.
    hanzi = ("\u3400-\u9fff", r"\u3400-\u9fff")  # the class as characters, or as escapes
    assert [pattern for pattern in patterns if any(form in pattern for form in hanzi)] == []
