"""The distribution list (recipients.yaml): who gets which numbered copy, validated with located errors."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from briefing.errors import LoadError, Source, ValidationError
from briefing.model.packet import Located
from briefing.read.area_refs import AREA_REFS, AreaRef
from briefing.read.kinds import COUNT, TEXT
from briefing.read.mailtext import ADDRESS, CONTROL, ENCODED_WORD, blank, header_problem
from briefing.read.reader import Field, Reader, Record, Values
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence, load_file

MAX_COPY = 999_999
# A person's name, not a paragraph: it is printed in every page's watermark and makes the copy's file name,
# which must stay under the file systems' 255 bytes.
MAX_NAME = 50
# Deliberately strict: an address that a mail server would have to guess about is a typo (also used for
# the sender in the mail settings).
EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)

RECIPIENT = Record(
    "recipient",
    "收件人",
    (
        Field("name", TEXT, "姓名", "收件人姓名，印在水印和分送名单上。", required=True, example="张三"),
        Field("organisation", TEXT, "单位", "收件人所在单位。", example="区发展和改革局"),
        Field("email", TEXT, "电子邮箱", "发送材料用的邮箱地址。", example="zhangsan@example.gov.cn"),
        Field("copy", COUNT, "份号", "1 至 999999；省略则按顺序自动编号。", example=1),
        # Chosen areas (--areas): this recipient's copy holds only these areas.
        Field(
            "areas", AREA_REFS, "工作领域", "只收这些领域：序号、文件名或标题中的一段文字。", example="[1, 3]"
        ),
    ),
)


class Recipient(msgspec.Struct, Located, frozen=True):
    """One person on the distribution list, with the 份号 of their copy."""

    name: str
    organisation: str | None
    email: str | None
    copy: int
    source: Source
    sources: dict[str, Source] = msgspec.field(default_factory=dict)
    areas: tuple[AreaRef, ...] = ()  # chosen areas: none means the whole packet

    @property
    def copy_number(self) -> str:
        """The 份号 as GB/T 9704 writes it: six digits."""
        return f"{self.copy:06d}"

    @property
    def label(self) -> str:
        return f"{self.organisation}{self.name}" if self.organisation else self.name


_HEADER_CODES = {
    CONTROL: "recipient.control",
    ENCODED_WORD: "recipient.encoded-word",
    ADDRESS: "recipient.address-in-name",
}


Row = tuple[str, Source, Values]  # a recipient's field path (recipients[3]), where it is, what was read


def load_recipients(
    path: Path, display: str | None = None, need_email: bool = False
) -> tuple[Recipient, ...]:
    """Read and check recipients.yaml; raise LoadError/ValidationError listing every problem."""
    shown = display or path.name
    document = load_file(path, shown)
    if document.root is None:
        raise LoadError(document.issues)
    reader = Reader()
    reader.issues.extend(document.issues)
    items = _items(document.root, reader)
    rows = []
    for index, item in enumerate(items, start=1):
        row = _row(item, f"recipients[{index}]", reader, need_email)
        if row is not None:
            rows.append(row)
    if not items and not reader.issues:
        reader.add(document.root.source, "recipients", "recipient.empty")
    recipients = _number(rows, reader)
    if reader.issues:
        raise ValidationError(reader.issues)
    return recipients


def _items(root: Node, reader: Reader) -> tuple[Node, ...]:
    """The entries of the list: the file itself, or its one key `recipients`."""
    if isinstance(root, Sequence):
        return root.items
    if not isinstance(root, Mapping):
        reader.add(root.source, "", "type.wrong", label="收件人名单", expected="list", found="text")
        return ()
    for key, (key_source, _) in root.entries.items():
        if key != "recipients":
            reader.add(
                key_source, key, "field.unknown", key=key, suggestion="recipients", allowed="recipients"
            )
    node = root.get("recipients")
    if node is None:
        reader.add(
            root.source, "recipients", "field.required", label="收件人名单", example="recipients: [...]"
        )
        return ()
    if isinstance(node, Sequence):
        return node.items
    reader.add(node.source, "recipients", "type.wrong", label="收件人名单", expected="list", found="text")
    return ()


def _row(item: Node, path_here: str, reader: Reader, need_email: bool) -> Row | None:
    """One recipient's values, each checked; a value that may not be used is reported and left out."""
    values = reader.record(item, RECIPIENT, path_here)
    if values is None:
        return None
    _check_name(item, values, path_here, reader)
    _check_headers(item, values, path_here, reader)
    _check_email(item, values, path_here, reader, need_email)
    copy = values.get("copy")
    if copy is not None and not 1 <= int(copy[0]) <= MAX_COPY:
        reader.add(copy[1], f"{path_here}.copy", "recipient.copy-range", text=str(copy[0]))
        del values["copy"]
    return path_here, item.source, values


def _check_name(item: Node, values: Values, path_here: str, reader: Reader) -> None:
    """A name that shows nothing (format characters, filler letters; spaces alone the reader reports) is
    missing, not skipped. A very long one is refused (see MAX_NAME)."""
    entry = values.get("name")
    if entry is None:
        return
    name = str(entry[0])
    if blank(name):
        assert isinstance(item, Mapping)  # a record was read from it
        field = RECIPIENT.fields[0]
        key_source = item.entries["name"][0]
        reader.add(
            key_source, f"{path_here}.name", "field.required", label=field.label, example=field.example_line()
        )
        del values["name"]
    elif len(name) > MAX_NAME:
        del values["name"]
        reader.add(entry[1], f"{path_here}.name", "recipient.name-too-long", count=len(name), most=MAX_NAME)


def _check_headers(item: Node, values: Values, path_here: str, reader: Reader) -> None:
    """Nothing that could forge a mail header, in the value read or in what was written (before line
    joining could hide a "\\n" escape)."""
    for key in ("name", "organisation", "email"):
        if key not in values:
            continue
        written = item.get(key) if isinstance(item, Mapping) else None
        text = written.text if isinstance(written, Scalar) else ""
        problem = header_problem(str(values[key][0]), text, display_name=key == "name")
        if problem is not None:
            field = RECIPIENT.field(key)
            label = field.label if field is not None else key
            reader.add(values[key][1], f"{path_here}.{key}", _HEADER_CODES[problem], label=label)
            del values[key]


def _check_email(item: Node, values: Values, path_here: str, reader: Reader, need_email: bool) -> None:
    email = values.get("email")
    if email is not None and not EMAIL.match(str(email[0])):
        reader.add(email[1], f"{path_here}.email", "recipient.email", text=str(email[0]))
        del values["email"]
    elif email is None and need_email and not (isinstance(item, Mapping) and "email" in item.entries):
        # Without the key at all; a wrong value there was already reported.
        name = str(values["name"][0]) if "name" in values else ""
        reader.add(item.source, f"{path_here}.email", "recipient.no-email", name=name)


def _number(rows: list[Row], reader: Reader) -> tuple[Recipient, ...]:
    """Give every recipient a copy number: the one written, else the next unused one from 1."""
    used = _check_unique(rows, reader)
    recipients = []
    next_free = 1
    for _, source, values in rows:
        if "name" not in values:
            continue
        if "copy" in values:
            number = int(values["copy"][0])
        else:
            while next_free in used:
                next_free += 1
            number = next_free
            used[number] = "auto"
        recipients.append(
            Recipient(
                name=str(values["name"][0]),
                organisation=str(values["organisation"][0]) if "organisation" in values else None,
                email=str(values["email"][0]) if "email" in values else None,
                copy=number,
                source=source,
                sources={key: entry[1] for key, entry in values.items()},
                areas=values["areas"][0] if "areas" in values else (),
            )
        )
    return tuple(recipients)


def _check_unique(rows: list[Row], reader: Reader) -> dict[int, str]:
    """Copy numbers and addresses given twice are reported at the second; the numbers written, each with
    the first recipient given it."""
    used: dict[int, str] = {}
    emails: dict[str, str] = {}
    for path_here, _, values in rows:
        if "copy" in values:
            number = int(values["copy"][0])
            if number in used:
                where = values["copy"][1]
                reader.add(
                    where, f"{path_here}.copy", "recipient.copy-twice", number=number, first=used[number]
                )
            used.setdefault(number, path_here)
        if "email" in values:
            _check_email_unique(path_here, values["email"], emails, reader)
    return used


def _check_email_unique(
    path_here: str, email: tuple[object, Source], seen: dict[str, str], reader: Reader
) -> None:
    address = str(email[0]).lower()
    if address in seen:
        reader.add(
            email[1], f"{path_here}.email", "recipient.email-twice", text=email[0], first=seen[address]
        )
    seen.setdefault(address, path_here)
