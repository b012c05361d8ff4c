"""Located YAML nodes written back as block-style YAML text that reads back as the same values."""

from __future__ import annotations

from decimal import Decimal

from briefing.office import yamltext
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence

STEP = 2  # spaces per level, as the starter and import write


def scalar_text(node: Scalar) -> str:
    """One scalar as it reads back: text quoted when needed; numbers, booleans and null as written."""
    value = node.value
    if isinstance(value, str):
        return yamltext.scalar(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal) and not node.quoted:
        return node.text  # 1.50 stays 1.50
    return str(value)


def entry_lines(key: str, node: Node, indent: int) -> list[str]:
    """`key: value` at `indent` spaces, a collection below it one level further in."""
    head = " " * indent + yamltext.key(key) + ":"
    if isinstance(node, Scalar):
        return [f"{head} {scalar_text(node)}"]
    if isinstance(node, Mapping) and node.entries:
        return [head, *mapping_lines(node, indent + STEP)]
    if isinstance(node, Sequence) and node.items:
        return [head, *sequence_lines(node.items, indent + STEP)]
    return [f"{head} {{}}" if isinstance(node, Mapping) else f"{head} []"]


def mapping_lines(node: Mapping, indent: int) -> list[str]:
    lines: list[str] = []
    for key, (_, value) in node.entries.items():
        lines += entry_lines(key, value, indent)
    return lines


def item_lines(node: Node, indent: int) -> list[str]:
    """One item of a sequence: `- ` at `indent`, its content beside and below it."""
    dash = " " * indent + "- "
    if isinstance(node, Scalar):
        return [dash + scalar_text(node)]
    if isinstance(node, Mapping) and node.entries:
        inner = mapping_lines(node, indent + STEP)
        return [dash + inner[0][indent + STEP :], *inner[1:]]
    if isinstance(node, Sequence) and node.items:
        return [dash.rstrip(), *sequence_lines(node.items, indent + STEP)]
    return [dash + ("{}" if isinstance(node, Mapping) else "[]")]


def sequence_lines(items: tuple[Node, ...] | list[Node], indent: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += item_lines(item, indent)
    return lines
