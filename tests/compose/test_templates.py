"""Running template text: one environment for packet and mail templates, each failure a located issue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from packets import area_yaml, write_packet

from briefing.compose.run import TemplateFailure
from briefing.compose.templates import Counter, TemplateRunner, environment, locate, unique
from briefing.errors import Issue, LayoutError, Source
from briefing.messages import render_message
from briefing.model.layout import TemplateSource
from briefing.pipeline import build_pdf
from briefing.starter import write_starter

from .hostile import LIMITS, REPO, SAMPLE, copy_layout, edit, hostile, line_of, located


def test_template_mistakes_are_located(tmp_path):
    folder = copy_layout(tmp_path)
    edit(folder, "[h1]{{ area.numeral }}", "[h9]{{ area.numeral }}", "section.j2")
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("测试")})
    with pytest.raises(LayoutError) as caught:
        build_pdf(root, str(folder))
    assert "mine/section.j2" in caught.value.render("zh") and "[h9]" in caught.value.render("zh")

    edit(folder, "[h9]{{ area.numeral }}", "[h1]{{ area.numeral }", "section.j2")
    with pytest.raises(LayoutError) as caught:
        build_pdf(root, str(folder))
    message = caught.value.render("zh")
    assert re.search(rf"mine/section\.j2:{line_of(folder, '[h1]', 'section.j2')}:", message), message
    assert "模板语法错误" in message


@pytest.mark.parametrize("template", ["section.j2", "grand_total.j2"])
def test_every_packet_template_is_bounded(tmp_path: Path, template: str) -> None:
    """A runaway in a template rendered once per area is reported once, not once per area."""
    layout = hostile(
        tmp_path,
        template,
        "[h1]x\n{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n",
    )
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 1
    assert run.err.splitlines() == [
        located(template, 2, "template.runaway.steps", limit=LIMITS.steps),
        "共 1 个问题，未生成任何文件。",
    ]
    assert not out.exists()


def test_a_text_in_layout_yaml_is_bounded_and_located(tmp_path: Path) -> None:
    layout = hostile(
        tmp_path, "cover.j2", (REPO / "layouts" / "gbt9704" / "cover.j2").read_text(encoding="utf-8")
    )
    source = (layout / "layout.yaml").read_text(encoding="utf-8")
    attack = '"{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"'
    changed = source.replace('continued: "续表{{ table }}"', f"continued: {attack}")
    assert changed != source
    (layout / "layout.yaml").write_text(changed, encoding="utf-8")
    line = next(number for number, text in enumerate(changed.splitlines(), start=1) if "continued:" in text)
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 1
    message = render_message("template.runaway.steps", {"limit": LIMITS.steps}, "zh")
    assert run.err.splitlines()[0] == f"hostile/layout.yaml:{line}: texts.continued: {message}"
    assert not out.exists()


def test_a_template_too_long_to_compile(tmp_path: Path) -> None:
    layout = hostile(tmp_path, "cover.j2", "[cover_title]{{ packet.title }}\n" + "{# 注释 #}" * 40_000)
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 1
    assert run.err.splitlines()[0] == located("cover.j2", 1, "template.too-long", limit=LIMITS.source)
    assert not out.exists()


def test_a_layout_named_by_absolute_path_in_packet_yaml(tmp_path: Path) -> None:
    """layout: /absolute/path in a packet from elsewhere gets the same sandbox."""
    packet = tmp_path / "packet"
    write_starter(packet)
    layout = hostile(tmp_path, "cover.j2", "[cover_title]x\n[body]{{ range(10**9)|list|length }}\n")
    source = (packet / "packet.yaml").read_text(encoding="utf-8")
    (packet / "packet.yaml").write_text(
        source.replace("layout: gbt9704", f"layout: {layout}"), encoding="utf-8"
    )
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(packet), "-o", str(out))
    assert run.status == 1
    assert run.err.splitlines()[0] == located("cover.j2", 2, "template.runaway.range", limit=LIMITS.range)
    assert not out.exists()


def runner(texts: dict[str, str] | None = None) -> tuple[TemplateRunner, list[Issue]]:
    issues: list[Issue] = []
    sources = {
        key: TemplateSource(f"texts.{key}", text, Source("mine/layout.yaml", 10 + number, 3))
        for number, (key, text) in enumerate((texts or {}).items())
    }
    return TemplateRunner(environment("packet"), {"year": 2023}, sources, issues), issues


def test_a_runner_renders_with_the_common_variables_and_its_own() -> None:
    run, issues = runner({"total": "合计（{{ count }}个，{{ year }}年）", "empty": "—"})
    assert run.text("total", count=3) == "合计（3个，2023年）"
    assert run.text("empty") == "—" and run.text("nothing") == ""
    assert issues == []


def test_a_printed_value_stays_on_its_line() -> None:
    """A value holding a line break or a tab would start a marker line or split the line: both become spaces."""
    run, _ = runner({"line": "[body]{{ text }}"})
    assert run.text("line", text="第一行\n[h1]第二行\t右") == "[body]第一行 [h1]第二行 右"
    mail = environment("mail")
    assert mail.from_string("{{ text }}").render(text="a\nb") == "a\nb"


def test_a_failing_text_is_located_from_its_own_line_and_gives_nothing() -> None:
    run, issues = runner({"a": "x", "b": "ok", "total": "{{ count }}\n{{ 1 / count }}"})
    assert run.text("total", count=0) == ""
    [found] = issues
    assert (str(found.source), found.field, found.code) == (
        "mine/layout.yaml:13",
        "texts.total",
        "template.arithmetic",
    )
    assert found.render("en").startswith(
        "mine/layout.yaml:13: texts.total: a calculation in the template failed"
    )


def test_a_runaway_text_is_not_run_again() -> None:
    run, issues = runner(
        {"loop": "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"}
    )
    assert run.text("loop") == "" and run.text("loop") == ""
    assert [found.code for found in issues] == ["template.runaway.steps"]


def test_a_template_that_does_not_compile_is_reported_once() -> None:
    run, issues = runner({"broken": "{{ year }"})
    assert run.text("broken") == "" and run.text("broken") == ""
    assert [found.code for found in issues] == ["template.syntax"]


def test_locate_counts_lines_from_where_the_template_starts() -> None:
    template = TemplateSource("cover.j2", "x", Source("mine/cover.j2", 1))
    found = locate(template, TemplateFailure("template.error", 4, problem="p"))
    assert (str(found.source), found.field, dict(found.params)) == (
        "mine/cover.j2:4",
        "cover.j2",
        {"problem": "p"},
    )


def test_unique_keeps_the_first_of_each_issue() -> None:
    first = Issue(Source("a", 1), "f", "template.error", {"problem": "x"})
    other = Issue(Source("a", 2), "f", "template.error", {"problem": "x"})
    assert unique([first, other, first, other]) == [first, other]


def test_a_counter_numbers_in_chinese_and_offers_nothing_else() -> None:
    counter = Counter()
    assert [counter.next() for _ in range(3)] == ["一", "二", "三"]
    env = environment("packet")
    assert env.from_string("{{ h.next() }}{{ h.next() }}").render(h=Counter()) == "一二"
    with pytest.raises(Exception, match="unsafe"):
        env.from_string("{{ h._value }}").render(h=Counter())
