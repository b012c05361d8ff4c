"""The Composer: a layout's blocks (cover, contents, areas, grand total, 分送 list) into one packet's plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from briefing.compose.area_break import area_break
from briefing.compose.budget import Limits
from briefing.compose.distribution import DISTRIBUTION
from briefing.compose.figures import chart, key_figures
from briefing.compose.headings import Headings
from briefing.compose.markers import Marker, Unmarked, read_markers, rule_points, space_points
from briefing.compose.memo import ComposeMemo, KeptRunner
from briefing.compose.numerals import zh_numeral
from briefing.compose.progress_chart import add_progress_chart
from briefing.compose.progress_completion import completion_blocks
from briefing.compose.progress_summary import PROGRESS_TEMPLATE, progress_summary
from briefing.compose.punctuation import full_width_blocks
from briefing.compose.tables import Tables
from briefing.compose.templates import Counter, TemplateRunner, environment, unique
from briefing.compose.views import AreaView, marks_line, packet_view, recipient_view
from briefing.errors import Issue, LayoutError, Source, issue
from briefing.model.layout import LoadedLayout
from briefing.model.packet import Area, Packet, sum_projects
from briefing.model.plan import (
    PAGE_TOKEN,
    Block,
    Contents,
    Marks,
    Metadata,
    Origin,
    PageBreak,
    Para,
    Plan,
    Rule,
    Space,
    VFill,
)

if TYPE_CHECKING:
    from briefing.chosen import Chosen
    from briefing.compose.views import PacketView
    from briefing.read.recipients import Recipient

# Which data a text in a template's output stands for, so a glyph problem names the field it came from.
OriginFor = Callable[[str], Origin]


class ChosenView(msgspec.Struct, frozen=True):
    """`chosen` in templates, for a packet of chosen areas (--areas): how many areas it holds, of how many,
    and their numbers in the whole packet. Templates get None for a whole packet."""

    count: int
    of: int
    numbers: tuple[int, ...]


class Composer:
    """Builds the plan for one packet with one layout; every template problem becomes a located issue."""

    def __init__(
        self,
        packet: Packet,
        loaded: LoadedLayout,
        duplex: bool = False,
        recipients: tuple[Recipient, ...] = (),
        draft: str | None = None,
        copy_number: str = "",
        limits: Limits | None = None,
        chosen: Chosen | None = None,
        memo: ComposeMemo | None = None,
        appendix: Callable[[Composer], list[Block]] | None = None,
    ):
        self.packet = packet
        self.appendix = appendix  # blocks after the layout's (build --changes-since: the 修改对照表)
        self.layout = loaded.layout
        self.duplex = duplex
        self.recipients = recipients
        self.draft = packet.draft if draft is None else draft
        self.copy_number = copy_number
        # A warm build's memo: the environment and the templates compiled in it by the last compose.
        self.env = memo.environment(limits) if memo is not None else environment("packet", limits)
        # A packet of chosen areas numbers them 一、二、… unless the layout keeps the whole packet's numbers.
        self.numbers = chosen.numbers if chosen and self.layout.areas_numbering == "keep" else None
        self.view = _numbered(packet_view(packet, zh_numeral), self.numbers)
        self.area_views = {id(area): view for area, view in zip(packet.areas, self.view.areas, strict=True)}
        self.blocks: list[Block] = []
        self.issues: list[Issue] = []
        self.headings = Headings()
        variables = {
            "packet": self.view,
            "year": packet.year,
            "last_year": packet.year - 1,
            "marks": marks_line(packet),
            "numbered": bool(recipients or copy_number),
            "chosen": ChosenView(len(chosen.numbers), chosen.of, chosen.numbers) if chosen else None,
        }
        if memo is not None:
            self.runner: TemplateRunner = KeptRunner(
                memo, self.env, variables, self.layout.texts, self.issues
            )
        else:
            self.runner = TemplateRunner(self.env, variables, self.layout.texts, self.issues)
        self.tables = Tables(loaded, self.runner, self.headings)

    def compose(self) -> Plan:
        """The plan; LayoutError naming every template problem found on the way."""
        for block in self.layout.blocks:
            LAYOUT_BLOCKS[block](self)
        if self.appendix is not None:
            self.blocks.extend(self.appendix(self))
        if self.recipients:
            self.distribution()
        page_number_format = self.runner.text("page_number", page=PAGE_TOKEN)
        if self.issues:
            raise LayoutError(unique(self.issues))
        blocks = tuple(self.blocks)
        if self.layout.typography.full_width_punct:
            blocks = full_width_blocks(blocks)
        packet = self.packet
        return Plan(
            layout=self.layout,
            metadata=Metadata(
                title=packet.title,
                author=packet.issuer,
                subject=packet.meeting,
                keywords="、".join(area.title for area in packet.areas),
                creator="briefing",
                date=packet.date.isoformat(),
            ),
            blocks=blocks,
            page_number_format=page_number_format,
            marks=Marks(copy_number=self.copy_number, draft=self.draft or ""),
            duplex=self.duplex,
        )

    # the layout's blocks -------------------------------------------------------------------------------
    def cover(self) -> None:
        self.emit("cover.j2", self.packet_origin, {})
        self.blocks.append(PageBreak(odd=self.duplex))

    def contents(self) -> None:
        styles = self.layout.styles
        title = Para(
            "toc_title" if "toc_title" in styles else "h1",
            self.runner.text("contents_title"),
            Origin(self.layout.source, "texts.contents_title"),
        )
        self.blocks.append(Contents(title, "toc_entry" if "toc_entry" in styles else "body"))
        self.blocks.append(PageBreak(odd=self.duplex))

    def areas(self) -> None:
        for index, area in enumerate(self.packet.areas, start=1):
            if index > 1:
                self.blocks.extend(area_break(self.layout, self.duplex))
            variables = {"area": self.area_view(area), "h": Counter()}
            self.emit("section.j2", _area_origin(area), variables, section=area)

    def grand_total(self) -> None:
        self.blocks.append(PageBreak(odd=self.duplex))
        if "grand_total.j2" in self.layout.templates:
            self.emit("grand_total.j2", self.packet_origin, {"totals": sum_projects(self.packet.projects)})
        else:
            self.data_grand_total(None, None)

    def progress(self) -> None:
        """The 推进情况 summary from the layout's progress_summary.j2; nothing when no item has progress."""
        numerals = tuple(view.numeral for view in self.view.areas)
        summary = progress_summary(self.packet, numerals)
        if summary is not None and PROGRESS_TEMPLATE in self.layout.templates:
            self.blocks.append(PageBreak(odd=self.duplex))
            self.emit(PROGRESS_TEMPLATE, self.packet_origin, {"progress": summary})
        completion_blocks(self)  # a year-end packet's 完成情况 tables

    def distribution(self) -> None:
        """The 分送 list on the last page (GB/T 9704 版记 form), from the layout's distribution.j2."""
        if DISTRIBUTION not in self.layout.templates:
            where = Source(f"{self.layout.path.name}/{DISTRIBUTION}")
            self.issues.append(issue(where, "", "layout.template-missing", name=DISTRIBUTION))
            return
        recipients = tuple(recipient_view(recipient) for recipient in self.recipients)
        self.emit(DISTRIBUTION, self.distribution_origin, {"recipients": recipients})

    # origins -------------------------------------------------------------------------------------------
    def packet_origin(self, text: str) -> Origin:
        packet = self.packet
        for name in ("title", "meeting", "issuer", "classification", "draft"):
            value = getattr(packet, name)
            if value and value in text:
                return Origin(packet.where(name), name)
        return Origin(packet.source, "")

    def distribution_origin(self, text: str) -> Origin:
        """A line that names recipients is marked as the distribution list's: when one of its characters has
        no glyph, locate_in_recipients() names the recipient it came from."""
        if any(recipient.name in text for recipient in self.recipients):
            return Origin(self.layout.templates[DISTRIBUTION].source, DISTRIBUTION)
        return self.packet_origin(text)

    def area_view(self, area: Area) -> AreaView:
        return self.area_views[id(area)]

    # a template's output -------------------------------------------------------------------------------
    def emit(
        self, name: str, origin_for: OriginFor, variables: dict[str, Any], section: Area | None = None
    ) -> None:
        """Run the layout's template `name` with `variables` and add what its marker lines say; `section` is
        the area a section is about (data markers such as [@targets] need one)."""
        template = self.layout.templates.get(name)
        if template is None:
            return
        output = self.runner.render(template, **variables)
        for line in read_markers(output):
            if isinstance(line, Unmarked):
                field = f"{name}（输出第 {line.number} 行）"
                self.issues.append(issue(template.source, field, "template.no-marker", line=line.line[:40]))
            else:
                self.marker(line, template.source, name, origin_for, section)

    def marker(
        self, marker: Marker, source: Source, template: str, origin_for: OriginFor, area: Area | None
    ) -> None:
        """What one marker line adds: a paragraph in a style, data, space, a rule or a break."""
        name = marker.name
        if name.startswith("@"):
            self.data(name[1:], marker.arg, source, template, area)
        elif name in SPACING:
            self.blocks.append(SPACING[name](self, marker, source, template))
        elif name in self.layout.styles:
            style = self.layout.styles[name]
            key = self.headings.key("h")
            if style.outline_level is None and not style.toc:
                key = ""  # not a heading
            level = self.headings.level(style.outline_level, style.toc)
            self.blocks.append(Para(name, marker.text, origin_for(marker.text), level, style.toc, key))
        else:
            known = tuple(sorted(self.layout.styles))
            self.issues.append(issue(source, template, "template.style-unknown", name=name, known=known))

    def space(self, marker: Marker, source: Source, template: str) -> Block:
        """[space N]: N lines of body text, or a length."""
        text = marker.argument("1")
        value = space_points(text, self.layout)
        if value is None:
            self.issues.append(issue(source, template, "template.space", text=text))
        return Space(value or 0.0, Origin(source, template))

    def rule(self, marker: Marker, source: Source, template: str) -> Block:
        """[rule thick|thin|width]: a line across the 版心."""
        text = marker.argument("thin")
        width = rule_points(text)
        if width is None:
            self.issues.append(issue(source, template, "template.rule", text=text))
        return Rule(width or 0.0, Origin(source, template))

    def vfill(self, marker: Marker, source: Source, template: str) -> Block:
        return VFill()

    def pagebreak(self, marker: Marker, source: Source, template: str) -> Block:
        return PageBreak(odd=marker.arg == "odd")

    # data markers --------------------------------------------------------------------------------------
    def data(self, name: str, arg: str | None, source: Source, template: str, area: Area | None) -> None:
        """[@name]: the packet's data in the plan; an area's data only where a section is about one."""
        style = (arg or "").strip() or None
        if name in PACKET_DATA:
            PACKET_DATA[name](self, style, area)
        elif name not in AREA_DATA:
            known = (*AREA_DATA, *PACKET_DATA)
            self.issues.append(issue(source, template, "template.data-unknown", name=name, known=known))
        elif area is None:
            self.issues.append(
                issue(source, template, "template.data-outside-area", name=name, template=template)
            )
        elif name in STYLED_DATA and style is not None and style not in self.layout.styles:
            known = tuple(sorted(self.layout.styles))
            self.issues.append(issue(source, template, "template.style-unknown", name=style, known=known))
        else:
            AREA_DATA[name](self, style, area)

    def data_summary(self, style: str | None, area: Area) -> None:
        self._paragraphs(area, "summary", area.summary, style)

    def data_last_year_results(self, style: str | None, area: Area) -> None:
        self._paragraphs(area, "last_year_results", area.last_year_results, style)

    def _paragraphs(self, area: Area, field: str, paragraphs: tuple[str, ...], style: str | None) -> None:
        for number, text in enumerate(paragraphs, start=1):
            origin = Origin(area.where(field), f"{field}[{number}]")
            self.blocks.append(Para(style or "body", text.replace("\t", " "), origin))

    def data_targets(self, arg: str | None, area: Area) -> None:
        self._add(self.tables.targets(area, self.area_view(area)))

    def data_projects(self, arg: str | None, area: Area) -> None:
        self._add(self.tables.projects(area, self.area_view(area)))

    def data_key_figures(self, arg: str | None, area: Area) -> None:
        if self.layout.key_figures:
            self._add(key_figures(area))

    def data_chart(self, arg: str | None, area: Area) -> None:
        if not self.layout.chart:
            return

        def title() -> str:
            if "chart_title" not in self.layout.texts:
                return ""
            return self.runner.text("chart_title", area=self.area_view(area))

        self._add(chart(area, title))

    def data_grand_total(self, arg: str | None, area: Area | None) -> None:
        self._add(self.tables.grand_total(self.packet, self.numbers))

    def _add(self, block: Block | None) -> None:
        if block is not None:
            self.blocks.append(block)


def _numbered(view: PacketView, numbers: tuple[int, ...] | None) -> PacketView:
    """The view with its areas numbered as in the whole packet (`numbers`), or as it is (None)."""
    if numbers is None:
        return view
    areas = tuple(
        msgspec.structs.replace(area, index=number, numeral=zh_numeral(number))
        for area, number in zip(view.areas, numbers, strict=True)
    )
    return msgspec.structs.replace(view, areas=areas)


def _area_origin(area: Area) -> OriginFor:
    """Which of the area's own fields a line of its section prints (else its title)."""

    def origin_for(text: str) -> Origin:
        for name in ("title", "lead_unit", "leader"):
            value = getattr(area, name)
            if value and value in text:
                return Origin(area.where(name), name)
        return Origin(area.source, "title")

    return origin_for


# What each name in a layout's `blocks:` adds, in the order the layout lists them.
LAYOUT_BLOCKS: Mapping[str, Callable[[Composer], None]] = {
    "cover": Composer.cover,
    "contents": Composer.contents,
    "areas": Composer.areas,
    "grand_total": Composer.grand_total,
    "progress": Composer.progress,
}
# The markers that shape the page rather than print text.
SPACING: Mapping[str, Callable[[Composer, Marker, Source, str], Block]] = {
    "vfill": Composer.vfill,
    "pagebreak": Composer.pagebreak,
    "space": Composer.space,
    "rule": Composer.rule,
}
# [@name] markers: the data of the area a section is about …
AREA_DATA: Mapping[str, Callable[[Composer, str | None, Area], None]] = {
    "summary": Composer.data_summary,
    "last_year_results": Composer.data_last_year_results,
    "targets": Composer.data_targets,
    "projects": Composer.data_projects,
    "key_figures": Composer.data_key_figures,
    "chart": Composer.data_chart,
}
# … and of the whole packet, anywhere.
PACKET_DATA: Mapping[str, Callable[[Composer, str | None, Area | None], None]] = {
    "grand_total": Composer.data_grand_total,
    "progress_chart": add_progress_chart,  # compose/progress_chart.py
}
# The area data whose argument is the style of its paragraphs ([@summary lead]).
STYLED_DATA = frozenset({"summary", "last_year_results"})
