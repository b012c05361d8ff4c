"""The text of each carried-over file: packet.yaml and the area files with their target and project lists
rewritten, every other line (texts, comments) kept as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from briefing.carry.emit import STEP, mapping_lines
from briefing.carry.rows import (
    TO_FILL,
    completion_project,
    completion_target,
    quarter_item,
    year_end_project,
    year_end_target,
)
from briefing.model.packet import Area
from briefing.read.yaml_nodes import Mapping, Scalar, Sequence

# One list (targets or projects) rewritten: its key and its rows, to lines at the top level of the file.
ListLines = Callable[[str, Sequence], list[str]]
LISTS = ("targets", "projects")


def _spans(root: Mapping, lines: list[str]) -> dict[str, tuple[int, int]] | None:
    """Each top-level key's lines (0-based, end exclusive), less the comments and blank lines before the
    next key (they belong to it); None when the keys are not one to a line at the margin (a flow
    mapping), and the file is then written anew."""
    starts = sorted((source.line - 1, key) for key, (source, _) in root.entries.items())
    if any(column != 1 for column in (source.column for source, _ in root.entries.values())):
        return None
    if len({line for line, _ in starts}) != len(starts):
        return None
    spans: dict[str, tuple[int, int]] = {}
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        spans[key] = (start, end)
    return spans


def area_text(
    text: str, root: Mapping, rewrite: ListLines, extra: list[str], year_end: int | None = None
) -> str:
    """The area file with its lists rewritten and `extra` lines added at its end; for a year-end packet
    (`year_end`: its year) the area's declared totals commented out."""
    lines = text.splitlines()
    spans = _spans(root, lines)
    if spans is None:
        head = [line for line in lines[: root.source.line - 1] if line.lstrip().startswith("#")]
        body: list[str] = []
        for key, (_, node) in root.entries.items():
            if key in LISTS and isinstance(node, Sequence):
                body += rewrite(key, node)
            elif key != "declared" or year_end is None:
                body += mapping_lines(Mapping({key: root.entries[key]}, root.source), 0)
        return "\n".join([*head, *body, *extra]) + "\n"
    replaced: dict[str, list[str]] = {}
    for key in LISTS:
        found = root.get(key)
        if key in spans and isinstance(found, Sequence):
            replaced[key] = rewrite(key, found)
    if year_end is not None and "declared" in spans:
        start, end = spans["declared"]
        replaced["declared"] = _commented(lines[start:end], year_end)
    for key in sorted(replaced, key=lambda k: -spans[k][0]):
        start, end = spans[key]
        lines[start:end] = replaced[key]
    return "\n".join([*lines, *extra]) + "\n"


def _commented(lines: list[str], year: int) -> list[str]:
    """Declared totals commented out: they were last year's report's, and would not check against the
    projects once their planned investment is left to fill."""
    note = f"# {year - 1}年报告申报的合计，已注释：请按{year}年报告改写后删去行首的“# ”（{TO_FILL}）"
    return [note, *("# " + line for line in lines)]


def quarter_lists(as_of: dt.date) -> ListLines:
    """Rows as they were, each with one more progress record, as of `as_of`, to fill."""

    def rewrite(key: str, node: Sequence) -> list[str]:
        lines = [f"{key}:"]
        for row in node.items:
            lines += quarter_item(row, STEP, as_of.isoformat())
        return lines

    return rewrite


def year_end_lists(area: Area, year: int) -> ListLines:
    """Targets with last year's actual and next year's target to fill; projects with the year's planned
    investment to fill; the progress records dropped (they spoke of last year)."""

    def rewrite(key: str, node: Sequence) -> list[str]:
        lines = [f"{key}:"]
        if key == "targets":
            for row, target in zip(node.items, area.targets, strict=True):
                lines += year_end_target(row, STEP, target, year)
        else:
            for row in node.items:
                lines += year_end_project(row, STEP, year)
        return lines

    return rewrite


def completion_lines(root: Mapping, area: Area, year: int) -> list[str]:
    """The `completion` list of a year-end area file: last year's targets and projects, each with its
    target (or planned investment) and the value its latest progress record reached."""
    targets, projects = root.get("targets"), root.get("projects")
    rows: list[str] = []
    if isinstance(targets, Sequence):
        for row, target in zip(targets.items, area.targets, strict=True):
            rows += completion_target(row, target, STEP)
    if isinstance(projects, Sequence):
        for row, project in zip(projects.items, area.projects, strict=True):
            rows += completion_project(row, project, STEP)
    if not rows:
        return []
    last = year - 1
    return [
        "",
        f"# {last}年目标完成情况：由 briefing init --from --year-end 从{last}年材料取来（目标与最后一次推进情况），",
        "# 印作“完成情况”表。完成值不是全年数时请改正；不需要的行可删去。",
        "last_year_completion:",
        *rows,
    ]


def packet_text(text: str, root: Mapping, year: int) -> str:
    """packet.yaml for next year: `year` moved on, and the year in the title (东昌区2023年… → 2024年)."""
    lines = text.splitlines()
    for key, old, new in (("year", str(year - 1), str(year)), ("title", f"{year - 1}年", f"{year}年")):
        node = root.get(key)
        if isinstance(node, Scalar) and node.source.line >= 1:
            index, column = node.source.line - 1, node.source.column - 1
            line = lines[index]
            lines[index] = line[:column] + line[column:].replace(old, new, 1)
    spans = _spans(root, lines)
    if spans is not None and "declared" in spans:
        start, end = spans["declared"]
        lines[start:end] = _commented(lines[start:end], year)
    return "\n".join(lines) + "\n"
