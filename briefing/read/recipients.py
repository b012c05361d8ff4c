"""The distribution list (recipients.yaml): who gets which numbered copy, validated with located errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from briefing.errors import LoadError, Source, ValidationError
from briefing.model.packet import Located
from briefing.read.mailtext import ADDRESS, CONTROL, ENCODED_WORD, blank, header_problem
from briefing.read.rules import Reader
from briefing.read.schema import Field, Record
from briefing.read.yaml_nodes import Mapping, Scalar, Sequence, load_file

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
        Field("name", "text", "姓名", "收件人姓名，印在水印和分送名单上。", required=True, example="张三"),
        Field("organisation", "text", "单位", "收件人所在单位。", example="区发展和改革局"),
        Field("email", "text", "电子邮箱", "发送材料用的邮箱地址。", example="zhangsan@example.gov.cn"),
        Field("copy", "count", "份号", "1 至 999999；省略则按顺序自动编号。", example=1),
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
    root = document.root
    items: tuple[Any, ...] = ()
    if isinstance(root, Mapping):
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
        elif isinstance(node, Sequence):
            items = node.items
        else:
            reader.add(
                node.source, "recipients", "type.wrong", label="收件人名单", expected="list", found="text"
            )
    elif isinstance(root, Sequence):
        items = root.items
    else:
        reader.add(root.source, "", "type.wrong", label="收件人名单", expected="list", found="text")

    rows = []
    for index, item in enumerate(items, start=1):
        path_here = f"recipients[{index}]"
        values = reader.record(item, RECIPIENT, path_here)
        if values is None:
            continue
        _check_name(item, values, path_here, reader)
        for key in ("name", "organisation", "email"):
            # Check what was written too, before line joining could hide a "\n" escape.
            raw = item.get(key) if isinstance(item, Mapping) else None
            written = getattr(raw, "text", "") if raw is not None else ""
            if key not in values:
                continue
            as_name = key == "name"
            problem = header_problem(str(values[key][0]), str(written), display_name=as_name)
            if problem is not None:
                reader.add(
                    values[key][1],
                    f"{path_here}.{key}",
                    _HEADER_CODES[problem],
                    label=RECIPIENT.fields[RECIPIENT.keys.index(key)].label,
                )
                del values[key]
        email = values.get("email")
        if email is not None and not EMAIL.match(str(email[0])):
            reader.add(email[1], f"{path_here}.email", "recipient.email", text=str(email[0]))
            del values["email"]
        elif email is None and need_email and not _mentions(item, "email"):
            name = str(values["name"][0]) if "name" in values else ""
            reader.add(item.source, f"{path_here}.email", "recipient.no-email", name=name)
        copy = values.get("copy")
        if copy is not None and not 1 <= int(copy[0]) <= MAX_COPY:
            reader.add(copy[1], f"{path_here}.copy", "recipient.copy-range", text=str(copy[0]))
            del values["copy"]
        rows.append((path_here, item.source, values))
    if not items and not reader.issues:
        reader.add(root.source, "recipients", "recipient.empty")

    recipients = _number(rows, reader)
    if reader.issues:
        raise ValidationError(reader.issues)
    return recipients


def _check_name(item: Any, values: dict[str, tuple[Any, Source]], path_here: str, reader: Reader) -> None:
    """A name of spaces only (U+3000 too) is missing, not skipped: the reader drops a blank value without a
    word, so it is reported here. A very long one is refused (see MAX_NAME)."""
    entry = item.entries.get("name") if isinstance(item, Mapping) else None
    written = entry[1] if entry is not None else None
    if (
        isinstance(written, Scalar)
        and isinstance(written.value, str)
        and written.value
        and blank(written.value)
    ):
        assert entry is not None
        field = RECIPIENT.fields[0]
        reader.add(
            entry[0],
            f"{path_here}.name",
            "field.required",
            label=field.label,
            example=f"name: {field.example}",
        )
        values.pop("name", None)
    elif "name" in values and len(str(values["name"][0])) > MAX_NAME:
        name = str(values.pop("name")[0])
        reader.add(
            written.source if written is not None else item.source,
            f"{path_here}.name",
            "recipient.name-too-long",
            count=len(name),
            most=MAX_NAME,
        )


def _mentions(node: Any, key: str) -> bool:
    """Whether the mapping has the key at all (a wrong value there was already reported)."""
    return isinstance(node, Mapping) and key in node.entries


def _number(
    rows: list[tuple[str, Source, dict[str, tuple[Any, Source]]]], reader: Reader
) -> tuple[Recipient, ...]:
    """Give every recipient a copy number: the one written, else the next unused one from 1."""
    used: dict[int, str] = {}
    emails: dict[str, str] = {}
    for path_here, _, values in rows:
        if "copy" in values:
            number = int(values["copy"][0])
            if number in used:
                reader.add(
                    values["copy"][1],
                    f"{path_here}.copy",
                    "recipient.copy-twice",
                    number=number,
                    first=used[number],
                )
            used.setdefault(number, path_here)
        if "email" in values:
            address = str(values["email"][0]).lower()
            if address in emails:
                reader.add(
                    values["email"][1],
                    f"{path_here}.email",
                    "recipient.email-twice",
                    text=values["email"][0],
                    first=emails[address],
                )
            emails.setdefault(address, path_here)
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
            )
        )
    return tuple(recipients)
