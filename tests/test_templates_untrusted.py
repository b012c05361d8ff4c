"""A layout from elsewhere is foreign code: its templates see plain data, reach no file, and stop within bounds.

Every attack goes through the CLI with a copy of a shipped layout where one template is changed, and must
end as a located layout error (the template's file and line, exit 1) with nothing written. The limits
stop each attack in a fraction of a second, so none of these tests can hang.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import msgspec
import pytest
from conftest import REPO, run_cli

import briefing.compose.composer
import briefing.compose.sandbox
from briefing.compose.composer import Composer, Counter, compose, compose_mail
from briefing.compose.sandbox import FILTERS, Limits
from briefing.deliver.mail import mail_templates
from briefing.errors import LayoutError
from briefing.layouts.build import load_layout
from briefing.messages import render_message
from briefing.messages.catalogue import CATALOGUE
from briefing.pipeline import load_and_validate
from briefing.read.recipients import load_recipients
from briefing.starter import write_starter

SAMPLE = REPO / "data" / "dongchang-2023"
RECIPIENTS = REPO / "data" / "recipients-example.yaml"
LIMITS = Limits()


def hostile(tmp_path: Path, name: str, text: str, base: str = "gbt9704") -> Path:
    """A copy of a shipped layout, named `hostile`, with template `name` replaced by `text`."""
    folder = tmp_path / "hostile"
    if not folder.exists():
        shutil.copytree(REPO / "layouts" / base, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def located(name: str, line: int, code: str, **params: Any) -> str:
    """The line the CLI prints for a failure in hostile/NAME at LINE."""
    return f"hostile/{name}:{line}: {name}: {render_message(code, params, 'zh')}"


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


# What a cover.j2 attack is, and what it must end as: (id, the line placed third in cover.j2, code, params)
ATTACKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("divide-by-zero", "[body]{{ 1/0 }}", "template.arithmetic", {"problem": "division by zero"}),
    (
        "list-pop",
        "[body]{{ [].pop() }}",
        "template.unsafe",
        {"problem": "access to attribute 'pop' of 'list' object is unsafe"},
    ),
    (
        "python-internals",
        "[body]{{ cycler.__init__.__globals__ }}",
        "template.unsafe",
        {"problem": "access to attribute '__init__' of 'type' object is unsafe"},
    ),
    (
        "text-method-not-allowed",
        "[body]{{ packet.title.encode() }}",
        "template.unsafe",
        {"problem": "access to attribute 'encode' of 'str' object is unsafe"},
    ),
    ("include", "{% include 'section.j2' %}", "template.include", {"tag": "include"}),
    ("extends", "{% extends 'section.j2' %}", "template.include", {"tag": "extends"}),
    ("import", "{% import 'section.j2' as s %}", "template.include", {"tag": "import"}),
    ("from-import", "{% from 'section.j2' import x %}", "template.include", {"tag": "from … import"}),
    ("huge-range", "[body]{{ range(10**9)|length }}", "template.runaway.range", {"limit": LIMITS.range}),
    ("huge-power", "[body]{{ 10**5000 }}", "template.runaway.digits", {"limit": LIMITS.digits}),
    (
        "squaring-loop",
        "{% set ns = namespace(n=10) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "template.runaway.digits",
        {"limit": LIMITS.digits},
    ),
    (
        "recursive-macro",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}[body]{{ m(0) }}",
        "template.runaway.depth",
        {"limit": LIMITS.depth},
    ),
    (
        "branching-macro",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}[body]{{ f(30) }}",
        "template.runaway.steps",
        {"limit": LIMITS.steps},
    ),
    (
        "nested-loops",
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        "template.runaway.steps",
        {"limit": LIMITS.steps},
    ),
    (
        "nested-loops-over-data",
        "{% for a in packet.areas %}{% for b in packet.areas %}{% for c in packet.targets %}"
        "{% for d in packet.projects %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        "template.runaway.steps",
        {"limit": LIMITS.steps},
    ),
    (
        "loop-skipping-every-item",
        "{% for a in range(10000) %}{% for b in range(10000) if false %}{% endfor %}{% endfor %}",
        "template.runaway.steps",
        {"limit": LIMITS.steps},
    ),
    ("huge-repeat", "[body]{{ 'x' * 10**9 }}", "template.runaway.text", {"limit": LIMITS.text}),
    ("huge-list-repeat", "[body]{{ [0] * 10**9 }}", "template.runaway.items", {"limit": LIMITS.items}),
    (
        "doubling-in-a-loop",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "doubling-by-plus",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "doubling-in-a-macro",
        "{% macro m(s, n) %}{{ m(s ~ s, n - 1) if n else s|length }}{% endmacro %}[body]{{ m('x', 35) }}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "doubling-a-list",
        "{% set ns = namespace(l=[0]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
        "template.runaway.items",
        {"limit": LIMITS.items},
    ),
    (
        "piling-up-lists",
        "{% set ns = namespace(l=[]) %}{% for i in range(10000) %}{% set ns.l = [ns.l, range(1000)|list] %}"
        "{% endfor %}",
        "template.runaway.collected",
        {"limit": LIMITS.collected},
    ),
    (
        "fresh-text-in-a-loop",
        "{% for i in range(100) %}{% set x = 'x' * 999999 %}{% endfor %}",
        "template.runaway.produced",
        {"limit": LIMITS.produced},
    ),
    (
        "lists-inside-lists",
        "{% set ns = namespace(l=[]) %}{% for i in range(5000) %}{% set ns.l = [ns.l] %}{% endfor %}"
        "[body]{{ ns.l }}",
        "template.runaway.recursion",
        {},
    ),
    ("wide-center", "[body]{{ 'x'|center(10**9) }}", "template.runaway.text", {"limit": LIMITS.text}),
    ("wide-ljust", "[body]{{ 'x'.ljust(10**9) }}", "template.runaway.text", {"limit": LIMITS.text}),
    (
        "wide-indent",
        "[body]{{ ('a\\n' * 100000)|indent(1000) }}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "wide-format-filter",
        "[body]{{ '%999999999d'|format(1) }}",
        "template.runaway.width",
        {"limit": LIMITS.width},
    ),
    ("wide-percent", "[body]{{ '%.999999999f' % 1 }}", "template.runaway.width", {"limit": LIMITS.width}),
    (
        "wide-str-format",
        "[body]{{ '{:>999999999}'.format(1) }}",
        "template.runaway.width",
        {"limit": LIMITS.width},
    ),
    (
        "printing-a-huge-list",
        "[body]{{ ['x' * 100000] * 1000 }}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "joining-with-a-long-separator",
        "[body]{{ range(10000)|join('x' * 1000) }}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "replacing-the-empty-text",
        "[body]{{ ('x' * 1000)|replace('', 'y' * 1000) }}",
        "template.runaway.text",
        {"limit": LIMITS.text},
    ),
    (
        "printing-in-a-loop",
        "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
        "template.runaway.output",
        {"limit": LIMITS.output},
    ),
    ("lorem-ipsum", "[body]{{ lipsum(10**6) }}", "template.undefined", {"problem": "'lipsum' is undefined"}),
    (
        "too-many-nested-loops",
        "{% for i in [1] %}" * 17 + "{% endfor %}" * 17,
        "template.nesting",
        {},
    ),
    ("brackets-in-brackets", "[body]{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "template.nesting", {}),
]


@pytest.mark.parametrize(("line", "code", "params"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_a_cover_template_that_runs_away_stops_at_its_line(
    tmp_path: Path, line: str, code: str, params: dict[str, Any]
) -> None:
    layout = hostile(tmp_path, "cover.j2", f"[cover_title]{{{{ packet.title }}}}\n{{# 第二行 #}}\n{line}\n")
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 1, run.err
    assert run.err.splitlines()[0] == located("cover.j2", 3, code, **params)
    assert "Traceback" not in run.err and "内部错误" not in run.err
    assert files_under(tmp_path / "out") == []


def test_the_packet_folder_is_out_of_reach(tmp_path: Path) -> None:
    """Writing or reading a file through the packet's folder (packet.root was a Path) is refused."""
    target = tmp_path / "written.pth"
    layout = hostile(
        tmp_path,
        "cover.j2",
        f"[cover_title]{{{{ packet.root.joinpath('{target}').write_text('import os') }}}}\n"
        "[body]{{ packet.root.joinpath('/etc/hostname').read_text() }}\n",
    )
    out = tmp_path / "x.pdf"
    run = run_cli("build", str(SAMPLE), "--layout", str(layout), "-o", str(out))
    assert run.status == 1
    problem = "'briefing.compose.views.PacketView object' has no attribute 'root'"
    assert run.err.splitlines()[0] == located("cover.j2", 1, "template.undefined", problem=problem)
    assert not target.exists() and not out.exists()


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


def test_a_slow_template_stops_at_its_deadline() -> None:
    """With steps to spare, the wall clock still stops a render (the limit made small for the test)."""
    packet = load_and_validate(SAMPLE)
    loaded = load_layout("gbt9704", packet.root)
    slow = "[h1]x\n{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n"
    templates = dict(loaded.layout.templates)
    templates["cover.j2"] = msgspec.structs.replace(templates["cover.j2"], text=slow)
    loaded = msgspec.structs.replace(
        loaded, layout=msgspec.structs.replace(loaded.layout, templates=templates)
    )
    limits = Limits(steps=10**9, seconds=0.05)
    with pytest.raises(LayoutError) as caught:
        compose(packet, loaded, limits=limits)
    [found] = caught.value.issues
    assert (found.code, found.source.line, found.params) == ("template.runaway.seconds", 2, {"limit": 0.05})


def test_memory_growth_stops_a_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backstop for what the size checks miss: the process's peak memory, read every 16 steps."""
    readings = iter(range(0, 10**12, 2**30))  # as if every reading found another GiB
    monkeypatch.setattr(briefing.compose.sandbox, "_peak_memory", lambda: next(readings))
    packet = load_and_validate(SAMPLE)
    loaded = load_layout("gbt9704", packet.root)
    templates = dict(loaded.layout.templates)
    cover = "[h1]x\n{% for a in range(100) %}{% endfor %}\n"
    templates["cover.j2"] = msgspec.structs.replace(templates["cover.j2"], text=cover)
    loaded = msgspec.structs.replace(
        loaded, layout=msgspec.structs.replace(loaded.layout, templates=templates)
    )
    with pytest.raises(LayoutError) as caught:
        compose(packet, loaded)
    [found] = caught.value.issues
    assert (found.code, found.source.line) == ("template.runaway.memory", 2)
    assert found.params == {"limit": LIMITS.memory // 2**20}


def test_every_failure_has_a_message() -> None:
    source = Path(briefing.compose.sandbox.__file__).read_text(encoding="utf-8")
    limits = set(re.findall(r'Runaway\("([a-z]+)"', source))
    assert {"steps", "seconds", "text", "memory"} <= limits
    codes = {f"template.runaway.{limit}" for limit in limits | {"recursion"}}
    codes |= set(re.findall(r'TemplateFailure\("(template\.[a-z.-]+)"', source))
    assert "template.include" in codes and "template.unsafe" in codes
    assert codes <= set(CATALOGUE), sorted(codes - set(CATALOGUE))


# mail templates, through `send --dry-run` -------------------------------------------------------------------
MAIL_ATTACKS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "packet-folder",
        "{{ packet.root.joinpath('x').read_text() }}",
        "template.undefined",
        {"problem": "'briefing.compose.views.PacketView object' has no attribute 'root'"},
    ),
    (
        "recipient-record",
        "{{ recipient.source }}",
        "template.undefined",
        {"problem": "'briefing.compose.views.RecipientView object' has no attribute 'source'"},
    ),
    ("divide-by-zero", "{{ 1/0 }}", "template.arithmetic", {"problem": "division by zero"}),
    ("include", "{% include 'body.j2' %}", "template.include", {"tag": "include"}),
    ("huge-repeat", "{{ 'x' * 10**9 }}", "template.runaway.text", {"limit": LIMITS.text}),
    (
        "nested-loops",
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
        "template.runaway.steps",
        {"limit": LIMITS.steps},
    ),
    (
        "recursive-macro",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        "template.runaway.depth",
        {"limit": LIMITS.depth},
    ),
]


@pytest.fixture
def mail_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No mail settings from the machine; a dry run needs only the sender."""
    for name in list(os.environ):
        if name.startswith("BRIEFING_") and name != "BRIEFING_CACHE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    config = tmp_path / "mail.yaml"
    config.write_text("sender: office@example.gov.cn\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("name", ["subject.j2", "body.j2"])
@pytest.mark.parametrize(
    ("line", "code", "params"), [a[1:] for a in MAIL_ATTACKS], ids=[a[0] for a in MAIL_ATTACKS]
)
def test_a_mail_template_that_runs_away_stops_at_its_line(
    tmp_path: Path, mail_home: Path, name: str, line: str, code: str, params: dict[str, Any]
) -> None:
    packet = tmp_path / "packet"
    write_starter(packet)
    layout = hostile(tmp_path, f"mail/{name}", f"{{# 第一行 #}}\n{line}\n")
    listed = tmp_path / "recipients.yaml"
    listed.write_text("recipients:\n  - name: 张三\n    email: zhangsan@example.org\n", encoding="utf-8")
    out = tmp_path / "sent"
    run = run_cli(
        "send",
        str(packet),
        "--recipients",
        str(listed),
        "--out",
        str(out),
        "--config",
        str(mail_home),
        "--layout",
        str(layout),
        "--dry-run",
    )
    assert run.status == 1, run.err
    assert run.err.splitlines()[0] == located(f"mail/{name}", 2, code, **params)
    assert "Traceback" not in run.err
    # Nothing is written but the run's lock (the manifest is locked before the messages are composed).
    assert not out.exists() or files_under(out) in ([], [".manifest.lock"])


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
    compile_template = briefing.compose.composer.compile_template

    def compiled(env: jinja2.Environment, source: str) -> jinja2.Template:
        template = compile_template(env, source)
        texts[id(template)] = source
        return template

    new_context = jinja2.Template.new_context

    def spy(self: jinja2.Template, vars: Any = None, *args: Any, **kwargs: Any) -> Any:
        contexts.setdefault(texts.get(id(self), "?"), []).append(dict(vars or {}))
        return new_context(self, vars, *args, **kwargs)

    monkeypatch.setattr(briefing.compose.composer, "compile_template", compiled)
    monkeypatch.setattr(jinja2.Template, "new_context", spy)
    return contexts


@pytest.mark.parametrize("layout", ["gbt9704", "briefing"])
def test_templates_see_plain_data_only(layout: str, seen: dict[str, list[dict[str, Any]]]) -> None:
    packet = load_and_validate(SAMPLE)
    recipients = load_recipients(RECIPIENTS)
    loaded = load_layout(layout, packet.root)
    compose(packet, loaded, recipients=recipients, copy_number="000012")
    subject, body = mail_templates(loaded.layout.path)
    compose_mail(packet, subject, body, recipients, sender_name="办公室", today=dt.date(2023, 1, 2))

    expected = {template.name: template.text for template in loaded.layout.templates.values()}
    expected |= {text.name: text.text for text in loaded.layout.texts.values()}
    for kind in loaded.tables.values():
        expected[kind.caption.name] = kind.caption.text
        expected |= {column.label.name: column.label.text for column in kind.columns}
    expected |= {subject.name: subject.text, body.name: body.text}
    templated = {name for name, text in expected.items() if "{" in text}
    unseen = {name for name in templated if expected[name] not in seen}
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


def test_packet_and_mail_templates_compile_apart() -> None:
    """Compiled code folds the finalize and the filters in: what a cache key must tell apart."""
    packet = load_and_validate(SAMPLE)
    composer = Composer(packet, load_layout("gbt9704", packet.root))
    mail = briefing.compose.composer._template_environment(None, trim_blocks=True)
    assert composer.env.code_identity() != mail.code_identity()
    smaller = briefing.compose.composer._template_environment(Limits(text=10), trim_blocks=True)
    assert smaller.code_identity() != mail.code_identity()


def test_templates_get_no_other_functions_than_these() -> None:
    packet = load_and_validate(SAMPLE)
    composer = Composer(packet, load_layout("gbt9704", packet.root))
    assert set(composer.env.globals) == {"range", "dict", "namespace", "cycler", "joiner", "counter"}
    assert set(composer.env.filters) == set(FILTERS) | {"zh_numeral", "zh_date"}
    assert not {"pprint", "tojson", "xmlattr", "urlize", "random"} & set(composer.env.filters)
