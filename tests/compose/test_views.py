"""What templates see: plain frozen records of the packet, its areas and the recipients, and what each is called."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import jinja2
import msgspec
import pytest

import briefing.compose.templates
import briefing.compose.views as views
from briefing.compose import compose, compose_mail
from briefing.compose.templates import Counter
from briefing.compose.views import TERMS, marks_line, packet_view
from briefing.layouts.build import load_layout
from briefing.model.packet import Secrecy
from briefing.pipeline import load_and_validate
from briefing.read.recipients import load_recipients
from briefing.send import mail_templates

from .hostile import RECIPIENTS, SAMPLE

# what templates see --------------------------------------------------------------------------------------------
PLAIN = (str, int, float, Decimal, dt.date, type(None))  # bool is an int, datetime a date


def impurities(value: Any, path: str) -> list[str]:
    """Every value under `value` that is not plain data: a record must be frozen and have only fields."""
    if isinstance(value, PLAIN):
        return []
    if isinstance(value, (tuple, list)):
        return [found for index, item in enumerate(value) for found in impurities(item, f"{path}[{index}]")]
    if isinstance(value, dict):
        return [
            found
            for key, item in value.items()
            for found in ([] if isinstance(key, str) else [f"{path}: key {key!r}"])
            + impurities(item, f"{path}.{key}")
        ]
    if isinstance(value, msgspec.Struct):
        kind = type(value)
        fields = set(kind.__struct_fields__)
        public = {name for name in dir(value) if not name.startswith("_")}
        found = [] if kind.__struct_config__.frozen else [f"{path}: {kind.__name__} is not frozen"]
        if public - fields:
            found.append(f"{path}: {kind.__name__} has {sorted(public - fields)} besides its fields")
        return found + [
            item for name in sorted(fields) for item in impurities(getattr(value, name), f"{path}.{name}")
        ]
    if isinstance(value, Counter):  # the one helper: {{ h.next() }} numbers headings 一, 二, …
        public = {name for name in dir(value) if not name.startswith("_")}
        return [] if public == {"next"} else [f"{path}: the counter exposes {sorted(public)}"]
    return [f"{path}: {type(value).__module__}.{type(value).__qualname__} is not plain data"]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict[str, Any]]]:
    """Every context a template is rendered with, by the template's source text."""
    texts: dict[int, str] = {}
    contexts: dict[str, list[dict[str, Any]]] = {}
    compile_template = briefing.compose.templates.compile_template

    def compiled(env: jinja2.Environment, source: str) -> jinja2.Template:
        template = compile_template(env, source)
        texts[id(template)] = source
        return template

    new_context = jinja2.Template.new_context

    def spy(self: jinja2.Template, vars: Any = None, *args: Any, **kwargs: Any) -> Any:
        contexts.setdefault(texts.get(id(self), "?"), []).append(dict(vars or {}))
        return new_context(self, vars, *args, **kwargs)

    monkeypatch.setattr(briefing.compose.templates, "compile_template", compiled)
    monkeypatch.setattr(jinja2.Template, "new_context", spy)
    return contexts


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_templates_see_plain_data_only(layout: str, seen: dict[str, list[dict[str, Any]]]) -> None:
    packet = load_and_validate(SAMPLE)
    recipients = load_recipients(RECIPIENTS)
    loaded = load_layout(layout, packet.root)
    compose(packet, loaded, recipients=recipients, copy_number="000012")
    subject, body = mail_templates(loaded.layout)
    compose_mail(packet, subject, body, recipients, sender_name="办公室", today=dt.date(2023, 1, 2))

    expected = {template.name: template.text for template in loaded.layout.templates.values()}
    expected |= {text.name: text.text for text in loaded.layout.texts.values()}
    for kind in loaded.tables.values():
        expected[kind.caption.name] = kind.caption.text
        expected |= {column.label.name: column.label.text for column in kind.columns}
    expected |= {subject.name: subject.text, body.name: body.text}
    templated = {name for name, text in expected.items() if "{" in text}
    unseen = {name for name in templated if expected[name] not in seen}
    # The sample has no progress records: the summary and the progress headings are rendered (and read
    # back from the PDF) in tests/compose/test_progress_tables.py, their views are Structs of text and numbers.
    unseen -= {name for name in unseen if name == "progress_summary.j2" or "as_of" in expected[name]}
    # Nor 完成情况 rows (a year-end packet's): rendered and read back in tests/test_year_end.py.
    unseen -= {name for name in unseen if "completion" in name}
    assert unseen <= {"texts.partial", "texts.chart_title"}, f"never rendered: {sorted(unseen)}"
    assert {
        "cover.j2",
        "section.j2",
        "distribution.j2",
        "mail/subject.j2",
        "mail/body.j2",
    } <= templated - unseen

    names = {text: name for name, text in expected.items()}
    problems = [
        found
        for text, contexts in seen.items()
        for context in contexts
        for key, value in context.items()
        for found in impurities(value, f"{names.get(text, text[:30])}: {key}")
    ]
    assert problems == []


def test_every_record_templates_see_has_a_name_in_messages() -> None:
    records = {
        value
        for value in vars(views).values()
        if isinstance(value, type)
        and issubclass(value, msgspec.Struct)
        and value.__module__ == views.__name__
    }
    assert records <= set(TERMS), sorted(kind.__name__ for kind in records - set(TERMS))
    assert TERMS[views.PacketView] == "packet" and TERMS[views.RecipientView] == "recipient"


def test_the_view_numbers_areas_and_gathers_projects_and_targets() -> None:
    packet = load_and_validate(SAMPLE)
    view = packet_view(packet, lambda number: f"<{number}>")
    assert [(area.index, area.numeral) for area in view.areas[:3]] == [(1, "<1>"), (2, "<2>"), (3, "<3>")]
    assert len(view.projects) == sum(len(area.projects) for area in packet.areas)
    assert len(view.targets) == sum(len(area.targets) for area in packet.areas)
    first = next(target for target in view.targets if isinstance(target.target, views.FigureView))
    assert str(first.target) == first.target.text


def test_marks_are_the_secrecy_line_or_the_classification() -> None:
    packet = load_and_validate(SAMPLE)
    assert marks_line(packet) == "内部资料 注意保存"
    assert marks_line(msgspec.structs.replace(packet, secrecy=Secrecy("机密", None))) == "机密"
    assert marks_line(msgspec.structs.replace(packet, classification=None)) == ""


def test_a_level_with_its_growth_is_one_value_with_both_halves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """{{ target.target }} prints it as reports write it; .level and .growth are figures of their own."""
    from packets import area_yaml, write_packet

    targets = "targets:\n  - {name: 地区生产总值, unit: 亿元, target: {level: 113.6亿元, growth: 增长5%}}\n"
    root = write_packet(tmp_path / "p", {"01-a.yaml": area_yaml("甲", targets=targets)})
    view = packet_view(load_and_validate(root), str).areas[0].targets[0].target
    assert isinstance(view, views.PairView) and TERMS[views.PairView] == "pair"
    assert (str(view), view.level.text, view.growth.text, view.growth.change) == (
        "113.6亿元，增长5%", "113.6亿元", "增长5%", "增长",
    )  # fmt: skip
    assert impurities(view, "target") == []
