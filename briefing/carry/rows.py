"""The target and project rows of a carried-over area file: next quarter's with a progress record to fill,
next year's with last year's actual as `last_year` and last year's target and actual in `completion`."""

from __future__ import annotations

from briefing.carry.emit import STEP, entry_lines, item_lines, sequence_lines
from briefing.model.packet import Indicator, Project
from briefing.model.progress import Progress, latest
from briefing.read.yaml_nodes import Mapping, Node, Scalar, Sequence

TO_FILL = "待填"  # the mark of every line the user is to fill (grep-able, and flagged by validate)


def records(row: Mapping) -> list[Node]:
    """The progress records of a row as written: none, one mapping, or the items of a list."""
    found = row.get("progress")
    if isinstance(found, Mapping):
        return [found]
    if isinstance(found, Sequence):
        return list(found.items)
    return []


def _as_item(lines: list[str], indent: int) -> list[str]:
    """Lines of a mapping written at indent + STEP, made into one item of a list at `indent`."""
    return [" " * indent + "- " + lines[0][indent + STEP :], *lines[1:]]


def quarter_item(row: Node, indent: int, as_of: str) -> list[str]:
    """One row as it was, its progress records kept (the earlier quarters) and one more to fill."""
    if not isinstance(row, Mapping):
        return item_lines(row, indent)
    inner = indent + STEP
    lines: list[str] = []
    for key, (_, value) in row.entries.items():
        if key != "progress":
            lines += entry_lines(key, value, inner)
    lines.append(" " * inner + "progress:")
    lines += sequence_lines(records(row), inner + STEP)
    note = f"# {TO_FILL}：截至{as_of}的完成值（value），算不出进度时另写 status"
    lines.append(" " * (inner + STEP) + f"- {{as_of: {as_of}, value: null}}  {note}")
    return _as_item(lines, indent)


def reached_node(row: Mapping, record: Progress | None) -> Node | None:
    """The value node of the record `record` (the latest) among the row's written records."""
    if record is None:
        return None
    for node in records(row):
        if isinstance(node, Mapping) and node.source == record.source:
            return node.get("value")
    return None


def _null(indent: int, key: str, why: str) -> list[str]:
    return [" " * indent + f"{key}: null  # {TO_FILL}：{why}"]


def year_end_target(row: Node, indent: int, target: Indicator, year: int) -> list[str]:
    """A target for next year: last year's actual (the latest progress value) as `last_year`, the target
    left to fill, the progress records dropped (they were last year's)."""
    if not isinstance(row, Mapping):
        return item_lines(row, indent)
    inner = indent + STEP
    record = latest(target.progress)
    reached = reached_node(row, record)
    lines: list[str] = []
    for key, (_, value) in row.entries.items():
        if key in ("progress", "last_year", "target"):
            continue
        lines += entry_lines(key, value, inner)
        if key == "unit" or (key == "name" and "unit" not in row.entries):
            lines += _year_values(inner, reached, year, record)
    if "name" not in row.entries:
        lines += _year_values(inner, reached, year, record)
    return _as_item(lines, indent)


def _year_values(indent: int, reached: Node | None, year: int, record: Progress | None) -> list[str]:
    last = year - 1
    if reached is None or record is None or (isinstance(reached, Scalar) and reached.value is None):
        lines = _null(indent, "last_year", f"{last}年完成值（上年材料没有推进情况的完成值）")
    else:
        lines = entry_lines("last_year", reached, indent)
        lines[0] += f"  # {last}年完成：取自上年材料截至{record.as_of.isoformat()}的推进情况"
    return lines + _null(indent, "target", f"{year}年目标")


def year_end_project(row: Node, indent: int, year: int) -> list[str]:
    """A project for next year: as it was, its annual investment left to fill, progress dropped."""
    if not isinstance(row, Mapping):
        return item_lines(row, indent)
    inner = indent + STEP
    lines: list[str] = []
    for key, (_, value) in row.entries.items():
        if key == "progress":
            continue
        if key == "annual_investment":
            lines += _null(inner, key, f"{year}年计划投资")
        else:
            lines += entry_lines(key, value, inner)
    return _as_item(lines, indent)


def completion_target(row: Node, target: Indicator, indent: int) -> list[str]:
    """Last year's target and what it reached, for the 完成情况 table."""
    assert isinstance(row, Mapping)  # validated: every row of targets is a mapping
    inner = indent + STEP
    lines = entry_lines("name", Scalar(target.name, target.name, row.source), inner)
    unit = row.get("unit")
    if unit is not None:
        lines += entry_lines("unit", unit, inner)
    goal = row.get("target")
    if isinstance(goal, Mapping) and goal.get("level") is not None:
        goal = goal.get("level")  # progress is measured against the level of a level and its growth
    return _as_item(lines + _measured(inner, goal, row, latest(target.progress)), indent)


def completion_project(row: Node, project: Project, indent: int) -> list[str]:
    """Last year's planned investment of a project and what was invested, for the 完成情况 table."""
    assert isinstance(row, Mapping)
    inner = indent + STEP
    lines = entry_lines("name", Scalar(project.name, project.name, row.source), inner)
    lines.append(" " * inner + "item: 项目")
    return _as_item(
        lines + _measured(inner, row.get("annual_investment"), row, latest(project.progress)), indent
    )


def _measured(indent: int, goal: Node | None, row: Mapping, record: Progress | None) -> list[str]:
    lines: list[str] = []
    if goal is not None:
        lines += entry_lines("target", goal, indent)
    reached = reached_node(row, record)
    if reached is not None:
        lines += entry_lines("reached", reached, indent)
    if record is not None and record.status_given and record.status:
        lines.append(" " * indent + f"status: {record.status}")
    if record is not None:
        lines.append(" " * indent + f"as_of: {record.as_of.isoformat()}")
    return lines
