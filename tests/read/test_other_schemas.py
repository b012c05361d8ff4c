"""The schemas published for recipients.yaml, layout.yaml, fonts.yaml and mail.yaml take the files the
tool ships and refuse what their readers refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from briefing.deliver.mailconfig import load_mail_settings
from briefing.errors import BriefingError
from briefing.read.recipients import load_recipients
from briefing.read.schema import json_schema
from briefing.read.yaml_nodes import load_file

from .test_schema_agreement import as_json

REPO = Path(__file__).resolve().parent.parent.parent
SHIPPED = [
    ("layout", REPO / "layouts" / "gbt9704" / "layout.yaml"),
    ("layout", REPO / "layouts" / "briefing" / "layout.yaml"),
    ("fonts", REPO / "fonts" / "fonts.yaml"),
    ("recipients", REPO / "data" / "recipients-example.yaml"),
]
# The README's example of mail.yaml.
MAIL = """\
host: smtp.example.gov.cn
port: 465
security: tls
user: office@example.gov.cn
sender: office@example.gov.cn
sender_name: 东昌区人民政府办公室
"""


def schema_errors(kind: str, path: Path) -> list[str]:
    document = load_file(path, path.name)
    assert document.root is not None and not document.issues, document.issues
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    return [error.message for error in validator.iter_errors(as_json(document.root))]


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=lambda x: str(x))
def test_shipped_files_pass_their_schema(kind: str, path: Path) -> None:
    assert schema_errors(kind, path) == []


def test_the_readme_s_mail_settings_pass_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "mail.yaml"
    path.write_text(MAIL, encoding="utf-8")
    assert schema_errors("mail", path) == []
    load_mail_settings(path, environ={}, need_server=False)


def refused_by_reader(kind: str, path: Path) -> bool:
    readers: dict[str, Any] = {
        "recipients": load_recipients,
        "mail": lambda p: load_mail_settings(p, environ={}, need_server=False),
    }
    try:
        readers[kind](path)
    except BriefingError:
        return True
    return False


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("mail", MAIL + "password: secret\n"),  # a password is never written in a file
        ("mail", MAIL.replace("security: tls", "security: ssl")),
        ("recipients", "- name: 张三\n  emial: a@example.gov.cn\n"),
        ("recipients", "recipients:\n  - {name: 张三, email: a@example.gov.cn}\nextra: 1\n"),
    ],
)
def test_what_the_reader_refuses_the_schema_refuses(tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    assert refused_by_reader(kind, path)
    assert schema_errors(kind, path) != []


@pytest.mark.parametrize("kind", ["layout", "fonts"])
def test_an_unknown_key_is_refused(tmp_path: Path, kind: str) -> None:
    shipped = dict(SHIPPED)[kind]
    path = tmp_path / f"{kind}.yaml"
    path.write_text(shipped.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    assert any("bogus_key" in message for message in schema_errors(kind, path))
