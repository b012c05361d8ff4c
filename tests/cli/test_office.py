"""The `import` and `export` commands' own part: the paths they refuse before any table is read or written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_cli


def _table(path: Path) -> Path:
    """A file that stands for a table: a refused command never opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not read")
    return path


def test_existing_packet_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    book = _table(tmp_path / "t.xlsx")
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "packet.yaml").write_text("title: 手写的\n", encoding="utf-8")
    result = run_cli("import", str(book), "-o", str(folder))
    assert result.status == 2
    assert "已存在且不为空；import 只写入新目录，不会覆盖或合并已有材料" in result.err
    assert (folder / "packet.yaml").read_text(encoding="utf-8") == "title: 手写的\n"


def test_output_may_not_hold_the_input_and_inputs_must_exist(tmp_path: Path) -> None:
    inside = tmp_path / "p" / "t.xlsx"
    missing = run_cli("import", str(inside), "-o", str(tmp_path / "p"))
    assert missing.status == 2 and f"表格文件 {inside} 不存在；请检查文件名和所在目录" in missing.err
    _table(inside)
    held = run_cli("import", str(inside), "-o", str(tmp_path / "p"))
    assert held.status == 2 and "已存在且不为空" in held.err
    empty = tmp_path / "e"
    empty.mkdir()
    book = _table(empty / "t.xlsx")
    result = run_cli("import", str(book), "-o", str(empty))
    assert result.status == 2 and "已存在且不为空" in result.err


def test_import_needs_a_folder_name_and_an_existing_mapping(tmp_path: Path) -> None:
    book = _table(tmp_path / "t.xlsx")
    unnamed = run_cli("import", str(book), "-o", " ")
    assert unnamed.status == 2 and "-o 需要一个目录名，如 -o 新材料" in unnamed.err
    mapping = tmp_path / "mapping.yaml"
    unmapped = run_cli(
        "import", str(book), "-o", str(tmp_path / "p"), "--mapping", str(mapping), "--lang", "en"
    )
    assert unmapped.status == 2
    assert f"mapping file {mapping} does not exist; check the name and the folder" in unmapped.err
    assert not (tmp_path / "p").exists()


def test_export_refuses_what_is_not_a_new_workbook(tmp_path: Path, starter: Path) -> None:
    for output, says in (
        (tmp_path / "t.pdf", f"-o 应是 .xlsx 文件名，而不是“{tmp_path / 't.pdf'}”"),
        (starter / "areas" / "t.xlsx", "不能写入材料的 areas/ 目录；请把表格写到别处"),
        (tmp_path / "missing", "-o 应是 .xlsx 文件名"),
    ):
        result = run_cli("export", str(starter), "-o", str(output))
        assert result.status == 2 and says in result.err, result.err
    folder = tmp_path / "book.xlsx"
    folder.mkdir()
    result = run_cli("export", str(starter), "-o", str(folder))
    assert result.status == 2 and f"-o 应是文件名，而“{folder}”是目录" in result.err
    missing = run_cli("export", str(tmp_path / "nothing"), "-o", str(tmp_path / "t.xlsx"))
    assert missing.status == 2 and "不存在或不是目录；请给出含 packet.yaml 的目录" in missing.err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book.xlsx", "packet"]


def test_import_modules_cost_build_nothing() -> None:
    code = (
        "import sys, briefing.cli.parser, briefing.pipeline; briefing.cli.parser.build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl','python_calamine','docx','lxml')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
