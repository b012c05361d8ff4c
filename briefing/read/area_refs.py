"""A recipient's `areas:` as written: area numbers, file names or parts of titles, each with where it was written."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from briefing.errors import Source
from briefing.read.reader import Field, Kind, Reader, kind_name
from briefing.read.yaml_nodes import Node, Scalar, Sequence

# Between the areas of one line (--areas 1,3 or areas: 扩大内需、民生): ASCII and full-width commas, the
# enumeration comma and semicolons, as a Chinese writer might separate them. Compiled by re's cache on
# first use, not at import: a build without recipients never splits a line of areas.
SEPARATORS = r"[,，、;；]"


class AreaRef(msgspec.Struct, frozen=True):
    """One area as a person named it: its number, file name or a part of its title."""

    text: str
    source: Source


def split_refs(text: str, source: Source) -> tuple[AreaRef, ...]:
    """`1,3` or `扩大内需、民生` as one reference per area; empty items between separators are skipped."""
    return tuple(AreaRef(part.strip(), source) for part in re.split(SEPARATORS, text) if part.strip())


class AreaRefs(Kind[tuple[AreaRef, ...]]):
    """A list of areas (numbers or texts), or one line of them separated by commas; at least one."""

    name = "area-refs"

    def read(self, node: Node, field: Field, path: str, reader: Reader) -> tuple[AreaRef, ...] | None:
        items = node.items if isinstance(node, Sequence) else (node,)
        refs: list[AreaRef] = []
        wrong = False
        for index, item in enumerate(items, start=1):
            here = f"{path}[{index}]" if isinstance(node, Sequence) else path
            if not isinstance(item, Scalar) or isinstance(item.value, bool) or item.value is None:
                found = kind_name(item)
                reader.add(item.source, here, "recipient.areas-item", label=field.label, found=found)
                wrong = True
                continue
            refs.extend(split_refs(item.text if item.quoted else str(item.value), item.source))
        if not refs and not wrong:
            reader.add(node.source, path, "recipient.areas-empty", label=field.label)
            return None
        return tuple(refs) or None

    def json_schema(self) -> dict[str, Any]:
        one = {"type": ["string", "integer"]}
        return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


AREA_REFS = AreaRefs()
