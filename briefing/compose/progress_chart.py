"""The progress chart of a layout that asks for it ([@progress_chart] in progress_summary.j2): each area's
targets and projects counted by status, for render/progress_chart.py to draw as stacked bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.compose.progress_summary import ProgressSummary, progress_summary
from briefing.model.plan import Origin, Para, ProgressChart
from briefing.model.progress import MARKS, STATUSES

if TYPE_CHECKING:
    from briefing.compose.composer import Composer
    from briefing.model.packet import Area

CHART_STYLES = ("caption", "chart_label")  # the title's style and the labels' (both layouts define them)


def progress_chart(summary: ProgressSummary | None, origin: Origin) -> ProgressChart | None:
    """The chart of the summary's areas; None without progress, or with fewer than two areas that have
    any (a chart of one bar says no more than the sentence above it)."""
    if summary is None or len(summary.areas) < 2:
        return None
    shown = tuple(status for status in STATUSES if any(count.status == status for count in summary.counts))
    rows = []
    for area in summary.areas:
        by_status = {count.status: count.count for count in area.counts}
        rows.append((f"{area.numeral}、{area.title}", tuple(by_status.get(status, 0) for status in shown)))
    title = Para(CHART_STYLES[0], f"各领域推进情况（截至{summary.as_of}，单位：项）", origin)
    return ProgressChart(
        title=title,
        statuses=tuple((status, MARKS[status]) for status in shown),
        rows=tuple(rows),
        label_style=CHART_STYLES[1],
        origin=origin,
    )


def chart_alt(chart: ProgressChart) -> str:
    """What the chart shows, for those who cannot see it: its title, then each area's counts."""
    parts = []
    for label, counts in chart.rows:
        said = "，".join(
            f"{mark}{status}{count}项"
            for (status, mark), count in zip(chart.statuses, counts, strict=True)
            if count
        )
        parts.append(f"{label}：{said}")
    return chart.title.text + "：" + "；".join(parts)


def add_progress_chart(composer: Composer, arg: str | None, area: Area | None) -> None:
    """[@progress_chart]: the chart where the template puts it (the briefing layout's summary page)."""
    numerals = tuple(view.numeral for view in composer.view.areas)
    packet = composer.packet
    chart = progress_chart(progress_summary(packet, numerals), Origin(packet.source, "progress"))
    if chart is not None:
        composer.blocks.append(chart)
