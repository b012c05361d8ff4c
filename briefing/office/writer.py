"""Imported content to packet.yaml and commented area files, remembering which line came from which cell."""

from __future__ import annotations

import re

import msgspec

from briefing.messages import render_message
from briefing.office import yamltext
from briefing.office.columns import PROJECTS, RECORDS, TARGETS
from briefing.office.tables import AreaIn, Found, Imported, LeftOut, Row
from briefing.read.progress import INDICATOR_PROGRESS, PROJECT_PROGRESS
from briefing.read.reader import Record
from briefing.read.schema import AREA, DECLARED, PACKET, SECRECY

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_PROGRESS = "progress."  # the key prefix of a row's progress cells (office/progress_cells.py)
_CUT = re.compile(r"[，,。；;：:、！!？?（(\s]")


class Owner(msgspec.Struct, frozen=True):
    """What a written line holds: a field of the packet, of an area, or of one row of an area's list."""

    area: int  # -1 for packet.yaml
    list: str = ""  # "targets", "projects", or "" for the area's (or packet's) own fields
    row: int = -1
    key: str = ""


class Written(msgspec.Struct):
    """The text of every file to write, by its path inside the packet, and the owner of each line."""

    files: dict[str, str]
    owners: dict[tuple[str, int], Owner]
    area_files: list[str]


def file_name(area: AreaIn, index: int, taken: set[str]) -> str:
    """'01-扩大内需.yaml' from the title's first phrase; a name given in the tables wins if it is safe."""
    given = _UNSAFE_NAME.sub("", area.file).strip().lstrip(".")
    if given and not given.endswith((".yaml", ".yml")):
        given += ".yaml"
    if not given or given.lower() in taken:
        short = _UNSAFE_NAME.sub("", _CUT.split(area.title.strip(), maxsplit=1)[0]).strip().lstrip(".")[:16]
        given = f"{index:02d}-{short or '工作领域'}.yaml"
    base, counter = given[: -len(".yaml")] if given.endswith(".yaml") else given, 2
    while given.lower() in taken:
        given = f"{base}-{counter}.yaml"
        counter += 1
    taken.add(given.lower())
    return given


class _Lines:
    """Lines of one file being written, with the owner of each."""

    def __init__(self, display: str, owners: dict[tuple[str, int], Owner]) -> None:
        self.display = display
        self.lines: list[str] = []
        self.owners = owners

    def add(self, line: str, owner: Owner | None = None) -> None:
        self.lines.append(line)
        if owner is not None:
            self.owners[(self.display, len(self.lines))] = owner

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def why(reason_code: str, params: dict, lang: str = "zh") -> str:  # type: ignore[type-arg]
    return render_message(reason_code, params, lang)


def left_comment(left: LeftOut, indent: str, key: str | None = None) -> str:
    """A cell that did not go in, as a line the user can fix and uncomment."""
    shown = yamltext.key(key or left.key)
    reason = yamltext.comment(why(left.reason.code, dict(left.reason.params)))
    return f"{indent}# {shown}: {yamltext.scalar(left.text)}  # 未导入（{yamltext.comment(str(left.where))}）：{reason}"


def _value_lines(found: Found, kind: str, indent: str, prefix: str) -> list[str]:
    """`key: value` (a paragraphs field may take several lines)."""
    key = found.key.split(".")[-1]
    value = found.value
    if isinstance(value, tuple):
        body = yamltext.block(list(value), indent + "  ")
        return [f"{prefix}{key}: {body[0]}", *body[1:]]
    if isinstance(value, dict):
        return [f"{prefix}{key}: {{text: {yamltext.scalar(value['text'], flow=True)}}}"]
    if isinstance(value, bool):
        return [f"{prefix}{key}: {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{prefix}{key}: {value}"]
    return [f"{prefix}{key}: {yamltext.scalar(str(value))}"]


def _record_lines(
    out: _Lines,
    record: Record,
    found: list[Found],
    left: list[LeftOut],
    indent: str,
    owner: Owner,
    first_prefix: str = "",
    key_prefix: str = "",
) -> None:
    """The fields of one record in schema order, each left-out cell as a comment after the fields."""
    ordered = [item for field in record.fields for item in found if item.key == field.key]
    for index, item in enumerate(ordered):
        lines = _value_lines(item, record.name, indent, indent if index else first_prefix)
        out.add(lines[0], msgspec.structs.replace(owner, key=key_prefix + item.key))
        for line in lines[1:]:
            out.add(line)
    _left_lines(out, left, indent, owner, "" if ordered else first_prefix)


def _left_lines(out: _Lines, left: list[LeftOut], indent: str, owner: Owner, row_start: str) -> None:
    """Left-out cells as comments; a list row none of whose cells went in is still opened (`- {}`)."""
    if left and row_start.strip():
        out.add(f"{row_start}{{}}", owner)  # a row whose every cell was left out stays a row
    for unread in left:
        out.add(left_comment(unread, indent))


def _row_lines(out: _Lines, row: Row, owner: Owner) -> None:
    record = RECORDS[row.kind]
    if row.dropped is not None:
        reason = yamltext.comment(why(row.dropped.code, dict(row.dropped.params)))
        out.add(f"  # 以下一行未导入（{yamltext.comment(str(row.where))}）：{reason}")
        inner = _Lines(out.display, {})
        # Every cell of the row, in schema order, so that deleting the "# " gives the row back whole.
        cells = row.found + [
            Found(left.key, left.text, left.where, left.header, left.text)
            for left in row.left
            if record.field(left.key) is not None
        ]
        unmapped = [left for left in row.left if record.field(left.key) is None]
        _record_lines(inner, record, cells, unmapped, "    ", owner, "  - ")
        for line in inner.lines:
            out.add("  # " + line[2:] if not line.lstrip().startswith("#") else line)
        return
    own_left = [left for left in row.left if not left.key.startswith(_PROGRESS)]
    _record_lines(out, record, row.found, own_left, "    ", owner, "  - ")
    progress, progress_left = _nested(row.found, _PROGRESS), _nested_left(row.left, _PROGRESS)
    if progress or progress_left:
        # One record (a mapping): the columns of one table give one date's progress.
        out.add("    progress:", msgspec.structs.replace(owner, key="progress"))
        kind = INDICATOR_PROGRESS if row.kind == TARGETS else PROJECT_PROGRESS
        _record_lines(out, kind, progress, progress_left, "      ", owner, "      ", _PROGRESS)


def _missing(record: Record, found: list[Found], indent: str, out: _Lines) -> None:
    """Required fields the tables did not give: a commented line saying what to fill in."""
    have = {f.key for f in found}
    for field in record.fields:
        if field.required and field.key not in have and field.kind.name not in ("records",):
            example = field.example
            shown = (
                str(example).lower() if isinstance(example, (bool, int)) else yamltext.scalar(str(example))
            )
            out.add(f"{indent}# {field.key}: {shown}  # {field.label}：表格中没有，请填写")


def _nested(found: list[Found], prefix: str) -> list[Found]:
    return [msgspec.structs.replace(f, key=f.key[len(prefix) :]) for f in found if f.key.startswith(prefix)]


def _nested_left(left: list[LeftOut], prefix: str) -> list[LeftOut]:
    return [
        msgspec.structs.replace(item, key=item.key[len(prefix) :])
        for item in left
        if item.key.startswith(prefix)
    ]


def render_area(
    area: AreaIn, index: int, display: str, sources: str, owners: dict[tuple[str, int], Owner]
) -> str:
    out = _Lines(display, owners)
    out.add(f"# 工作领域：{yamltext.comment(area.title)}")
    out.add(f"# 由 briefing import 从 {yamltext.comment(sources)} 导入。")
    out.add("# 表格中未能导入的单元格写在原处的“# 未导入”注释里；改正后删去行首的“# ”即可。")
    out.add("")
    title = Found("title", area.title, area.where, "", area.title)
    own = [title, *[f for f in area.fields if "." not in f.key]]
    _record_lines(out, AREA, own, [item for item in area.left if "." not in item.key], "", Owner(index))
    _missing(AREA, own, "", out)
    for kind, rows in ((TARGETS, area.targets), (PROJECTS, area.projects)):
        if not rows:
            continue
        out.add("")
        out.add(f"{kind}:")
        for number, row in enumerate(rows):
            _row_lines(out, row, Owner(index, kind, number))
    declared = _nested(area.fields, "declared.")
    declared_left = _nested_left(area.left, "declared.")
    if declared or declared_left:
        out.add("")
        out.add("declared:", Owner(index, "", -1, "declared"))
        _record_lines(out, DECLARED, declared, declared_left, "  ", Owner(index), "  ", "declared.")
    return out.text()


def render_packet(
    imported: Imported, files: list[str], sources: str, owners: dict[tuple[str, int], Owner]
) -> str:
    out = _Lines("packet.yaml", owners)
    out.add("# 汇报材料总体信息")
    out.add(
        f"# 由 briefing import 从 {yamltext.comment(sources)} 生成；表格中没有的项写在注释里，请填写后删去行首的“# ”。"
    )
    out.add("")
    plain = [f for f in imported.packet if "." not in f.key]
    _record_lines(
        out, PACKET, plain, [item for item in imported.packet_left if "." not in item.key], "", Owner(-1)
    )
    _missing(PACKET, plain, "", out)
    secrecy = _nested(imported.packet, "secrecy.")
    if secrecy:
        out.add("secrecy:", Owner(-1, "", -1, "secrecy"))
        _record_lines(out, SECRECY, secrecy, [], "  ", Owner(-1), "  ", "secrecy.")
    out.add("areas:", Owner(-1, "", -1, "areas"))
    for name in files:
        out.add(f"  - {yamltext.scalar(name)}", Owner(-1, "", -1, "areas"))
    declared = _nested(imported.packet, "declared.")
    declared_left = _nested_left(imported.packet_left, "declared.")
    if declared or declared_left:
        out.add("declared:", Owner(-1, "", -1, "declared"))
        _record_lines(out, DECLARED, declared, declared_left, "  ", Owner(-1), "  ", "declared.")
    return out.text()


def render(imported: Imported, sources: str) -> Written:
    owners: dict[tuple[str, int], Owner] = {}
    files: dict[str, str] = {}
    taken: set[str] = set()
    names: list[str] = []
    for index, area in enumerate(imported.areas):
        name = file_name(area, index + 1, taken)
        names.append(name)
        files[f"areas/{name}"] = render_area(area, index, f"areas/{name}", sources, owners)
    files["packet.yaml"] = render_packet(imported, names, sources, owners)
    return Written(files, owners, names)
