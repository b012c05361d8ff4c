"""Each recipient's mail subject and body from the layout's mail templates, in the same sandbox."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from conftest import run_cli

from briefing.compose import compose_mail
from briefing.errors import LayoutError, Source
from briefing.model.layout import TemplateSource
from briefing.model.packet import Secrecy
from briefing.pipeline import load_and_validate
from briefing.read.recipients import load_recipients
from briefing.starter import write_starter

from .hostile import LIMITS, PACKET_FIELDS, RECIPIENTS, SAMPLE, files_under, hostile, located

RECIPIENT_FIELDS = ("name", "organisation", "email", "copy", "copy_number", "label")


# mail templates, through `send --dry-run` -------------------------------------------------------------------
MAIL_ATTACKS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "packet-folder",
        "{{ packet.root.joinpath('x').read_text() }}",
        "template.no-field",
        {"owner": "packet", "name": "root", "known": PACKET_FIELDS},
    ),
    (
        "recipient-record",
        "{{ recipient.source }}",
        "template.no-field",
        {"owner": "recipient", "name": "source", "known": RECIPIENT_FIELDS},
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


def template(name: str, text: str) -> TemplateSource:
    return TemplateSource(f"mail/{name}", text, Source(f"mine/mail/{name}", 1, 1))


def test_one_subject_line_and_a_tidy_body_for_each_recipient() -> None:
    packet = load_and_validate(SAMPLE)
    recipients = load_recipients(RECIPIENTS)[:2]
    subject = template(
        "subject.j2", "{# 主题 #}\n【{{ packet.title }}】\n  第{{ copy_number }}号 {{ recipient.name }}\n"
    )
    body = template(
        "body.j2",
        "\n\n{{ recipient.label }}：   \n{% if marks %}\n“{{ marks }}”\n{% endif %}\n"
        "{{ attachment }}|{{ sender_name }}|{{ today | zh_date }}|{{ year }}\n\n\n",
    )
    texts = compose_mail(
        packet,
        subject,
        body,
        recipients,
        sender_name="办公室",
        attachments=["甲.pdf"],
        today=dt.date(2023, 1, 2),
    )
    assert texts == [
        (
            f"【{packet.title}】 第000001号 王明",
            "区发展和改革局王明：\n“内部资料 注意保存”\n甲.pdf|办公室|2023年1月2日|2023\n",
        ),
        (
            f"【{packet.title}】 第000002号 李红",
            "区工业和信息化局李红：\n“内部资料 注意保存”\n|办公室|2023年1月2日|2023\n",
        ),
    ]


def test_marks_are_the_secrecy_line_before_the_classification() -> None:
    packet = load_and_validate(SAMPLE)
    secret = msgspec.structs.replace(packet, secrecy=Secrecy("秘密", "1年"))
    marks = template("subject.j2", "{{ marks }}")
    recipients = load_recipients(RECIPIENTS)[:1]
    assert (
        packet.classification
        and compose_mail(packet, marks, marks, recipients)[0][0] == packet.classification
    )
    assert compose_mail(secret, marks, marks, recipients)[0][0] == "秘密★1年"


def test_both_templates_are_checked_before_any_message_is_made() -> None:
    packet = load_and_validate(SAMPLE)
    with pytest.raises(LayoutError) as caught:
        compose_mail(
            packet,
            template("subject.j2", "{{ x }"),
            template("body.j2", "{% for %}"),
            load_recipients(RECIPIENTS),
        )
    assert [(str(found.source), found.code) for found in caught.value.issues] == [
        ("mine/mail/subject.j2:1", "template.syntax"),
        ("mine/mail/body.j2:1", "template.syntax"),
    ]
