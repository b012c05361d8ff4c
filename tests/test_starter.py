"""starter.py: `briefing init` writes a commented packet, and the JSON Schemas its first lines point to."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from conftest import run_cli
from read.test_schema_agreement import as_json

from briefing.read.schema import json_schema
from briefing.read.yaml_nodes import load_file
from briefing.starter import write_starter

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)$", re.M)


def test_every_modeline_points_to_a_schema_init_wrote(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "p")
    yaml_files = [path for path in written if path.suffix == ".yaml"]
    assert [path.name for path in written] == [
        "packet.yaml", "01-示例工作.yaml", "area.schema.json", "packet.schema.json",
    ]  # fmt: skip
    for path in yaml_files:
        [target] = MODELINE.findall(path.read_text(encoding="utf-8"))
        schema_file = (path.parent / target).resolve()
        kind = "packet" if path.name == "packet.yaml" else "area"
        assert schema_file.name == f"{kind}.schema.json" and schema_file.parent == (tmp_path / "p").resolve()
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        assert schema == json_schema(kind)
        document = load_file(path, path.name)
        assert document.root is not None
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(as_json(document.root))) == []


def test_init_lists_what_it_wrote_and_the_packet_validates(tmp_path: Path) -> None:
    target = tmp_path / "new"
    made = run_cli("init", str(target))
    assert made.status == 0
    assert made.out.splitlines()[:4] == [
        str(target / "packet.yaml"),
        str(target / "areas" / "01-示例工作.yaml"),
        str(target / "area.schema.json"),
        str(target / "packet.schema.json"),
    ]
    checked = run_cli("validate", str(target))
    assert (checked.status, checked.err) == (0, "")
