"""The 分送 list on the last page of numbered copies, and its missing glyphs found in the recipients file."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from briefing.compose import locate_in_recipients
from briefing.errors import Issue, Source
from briefing.messages import render_message
from briefing.read.recipients import load_recipients

from .hostile import LIMITS, RECIPIENTS, SAMPLE, files_under, hostile, located


def test_the_distribution_list_is_bounded(tmp_path: Path) -> None:
    layout = hostile(
        tmp_path,
        "distribution.j2",
        "[vfill]\n{% for r in recipients %}{% for s in recipients %}{% for t in range(10000) %}"
        "{% endfor %}{% endfor %}{% endfor %}\n",
    )
    out = tmp_path / "copies"
    run = run_cli(
        "build", str(SAMPLE), "--layout", str(layout), "--recipients", str(RECIPIENTS), "-o", str(out)
    )
    assert run.status == 1
    assert run.err.splitlines()[0] == located(
        "distribution.j2", 2, "template.runaway.steps", limit=LIMITS.steps
    )
    assert not out.exists() or files_under(out) == []


# a missing glyph in a recipient's name -----------------------------------------------------------------------
def test_a_missing_glyph_in_a_recipient_is_located_in_the_recipients_file(tmp_path: Path) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text(
        "recipients:\n"
        "  - name: 王明\n"
        "    organisation: 区发展和改革局\n"
        "  - name: 李𪚥\n"  # U+2A6A5: in no bundled font
        "  - name: 张三\n"
        "    organisation: 区𪚥局\n",
        encoding="utf-8",
    )
    out = tmp_path / "copies"
    run = run_cli("build", str(SAMPLE), "--recipients", str(listed), "-o", str(out))
    assert run.status == 1
    glyph = render_message(
        "glyph.missing", {"chars": "𪚥", "codes": "U+2A6A5", "font": ("FandolFang", "NotoSerif")}, "zh"
    )
    assert run.err.splitlines() == [
        f"recipients.yaml:4:11: recipients[2].name: {glyph}",
        f"recipients.yaml:6:19: recipients[3].organisation: {glyph}",
        "共 2 个问题，未生成任何文件。",
    ]
    assert not out.exists() or files_under(out) == []


def test_characters_no_recipient_holds_stay_with_the_template(tmp_path: Path) -> None:
    listed = tmp_path / "recipients.yaml"
    listed.write_text("recipients:\n  - name: 王明\n    organisation: 区𪚥局\n", encoding="utf-8")
    recipients = load_recipients(listed)
    missing = Issue(
        Source("gbt9704/distribution.j2", 1, 1),
        "distribution.j2",
        "glyph.missing",
        {"chars": "𪚥𠀀", "font": "F"},
    )
    other = Issue(Source("areas/01.yaml", 3), "summary[1]", "glyph.missing", {"chars": "𠀀", "font": "F"})
    located_issues = locate_in_recipients([missing, other], recipients)
    assert [(str(found.source), found.field, found.params["chars"]) for found in located_issues] == [
        ("recipients.yaml:3:19", "recipients[1].organisation", "𪚥"),
        ("gbt9704/distribution.j2:1:1", "distribution.j2", "𠀀"),
        ("areas/01.yaml:3", "summary[1]", "𠀀"),
    ]
    assert located_issues[0].params["codes"] == "U+2A6A5" and located_issues[0].params["font"] == "F"
