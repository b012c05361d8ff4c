"""Model + layout → document plan; templates run in sandbox.py (the only other module importing jinja2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import jinja2
import msgspec

from briefing.compose.sandbox import (
    BoundedEnvironment,
    Limits,
    TemplateFailure,
    check_source,
    explain_compile,
    render,
    template_environment,
)
from briefing.compose.template_cache import compile_template
from briefing.compose.views import AreaView, packet_view, recipient_view
from briefing.errors import Issue, LayoutError, Source, issue
from briefing.model.layout import LoadedLayout, TableKind, TemplateSource
from briefing.model.lengths import MM, Em, parse_length, points
from briefing.model.packet import Area, Declared, Indicator, Packet, Project, Totals, sum_projects
from briefing.model.plan import (
    PAGE_TOKEN,
    Block,
    Cell,
    Chart,
    Contents,
    KeyFigures,
    Marks,
    Metadata,
    Origin,
    PageBreak,
    Para,
    Plan,
    Row,
    Rule,
    Space,
    TablePlan,
    VFill,
)
from briefing.model.quantities import Figure, Qualitative, format_amount

if TYPE_CHECKING:
    from briefing.read.recipients import Recipient

NUMERALS = "零一二三四五六七八九十"
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_MARKER = re.compile(r"^\[(?P<name>@?[a-z_][a-z0-9_]*)(?:\s+(?P<arg>[^\]]*))?\](?P<text>.*)$")
DATA_BLOCKS = ("summary", "last_year_results", "targets", "projects", "key_figures", "chart", "grand_total")


def zh_numeral(number: int) -> str:
    """Chinese numerals as headings count: 1 一, 10 十, 12 十二, 20 二十, 101 一百零一, 110 一百一十,
    1005 一千零五, 10000 一万, 10010 一万零一十."""
    if number < 0:
        return "负" + zh_numeral(-number)
    if number < 10:
        return NUMERALS[number]
    if number < 20:  # 十, 十一 … 十九: the leading 一 is not said
        return "十" + (NUMERALS[number - 10] if number > 10 else "")
    if number >= 10000:
        high, low = divmod(number, 10000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + _below_ten_thousand(low)
        return zh_numeral(high) + "万" + rest
    return _below_ten_thousand(number)


def _below_ten_thousand(number: int) -> str:
    """1 to 9999 with every place said (一十 after 百 and 千), 零 standing for skipped places."""
    digits = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            if pending_zero:
                digits.append("零")
            digits.append(NUMERALS[digit] + unit)
            pending_zero = False
        elif digits:
            pending_zero = True
    return "".join(digits)


def zh_date(value: Any) -> str:
    """2023-01-10 → 2023年1月10日 (GB/T 9704: Arabic numerals, no padding zeros)."""
    if not isinstance(value, dt.date):  # templates pass anything: say what was wrong, not 'no attribute year'
        raise TypeError(f"zh_date needs a date, not {type(value).__name__}")
    return f"{value.year}年{value.month}月{value.day}日"


def _numeral_filter(number: Any) -> str:
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError(f"zh_numeral needs a whole number, not {type(number).__name__}")
    return zh_numeral(number)


class Counter:
    """Numbering inside a template: {{ h.next() }} gives 一, 二, … in turn.

    The one object with a method that templates get (the sandbox allows `next` and nothing else): it
    changes only its own count.
    """

    __slots__ = ("_value",)

    def __init__(self) -> None:
        self._value = 0

    def next(self) -> str:
        self._value += 1
        return zh_numeral(self._value)


# What both kinds of templates (packet and mail) get besides their variables.
TEMPLATE_FILTERS = {"zh_numeral": _numeral_filter, "zh_date": zh_date}
DISTRIBUTION = "distribution.j2"


def _template_environment(limits: Limits | None, **options: Any) -> BoundedEnvironment:
    return template_environment(
        filters=TEMPLATE_FILTERS,
        globals={"counter": Counter},
        methods={Counter: frozenset({"next"})},
        limits=limits,
        **options,
    )


def _compiled(env: BoundedEnvironment, template: TemplateSource) -> jinja2.Template | Issue:
    """The compiled template, or the located issue saying why it cannot be compiled."""
    try:
        check_source(template.text, env.limits)
        return compile_template(env, template.text)
    except Exception as exc:  # compiling foreign text: whatever fails is the template's problem
        return _located(template, explain_compile(exc))


def _located(template: TemplateSource, failure: TemplateFailure) -> Issue:
    """A template's failure at its file and line (a text in layout.yaml counts from its own line)."""
    where = Source(template.source.file, template.source.line + failure.line - 1, 0)
    return issue(where, template.name, failure.code, **failure.params)


def _unique(issues: Iterable[Issue]) -> list[Issue]:
    """Each issue once: a template that fails for every area says so once."""
    seen: set[str] = set()
    kept = []
    for found in issues:
        key = repr((found.source, found.field, found.code, sorted(found.params.items())))
        if key not in seen:
            seen.add(key)
            kept.append(found)
    return kept


def _no_newlines(value: Any) -> Any:
    # A value printed into a template must not start a new marker line, nor pose as the template's tab
    # (which splits a line into a left and a right-aligned part).
    if isinstance(value, str):
        return value.replace("\n", " ").replace("\t", " ")
    return "" if value is None else value


class _Context(msgspec.Struct):
    """What composition accumulates: blocks, problems, and the running table number."""

    blocks: list[Block] = msgspec.field(default_factory=list)
    issues: list[Issue] = msgspec.field(default_factory=list)
    table_number: int = 0
    heading_count: int = 0


class Composer:
    """Builds the plan for one packet with one layout; every template problem becomes a located issue."""

    def __init__(
        self,
        packet: Packet,
        loaded: LoadedLayout,
        duplex: bool = False,
        recipients: tuple[Any, ...] = (),
        draft: str | None = None,
        copy_number: str = "",
        limits: Limits | None = None,
    ):
        self.packet = packet
        self.duplex = duplex
        self.recipients = recipients
        self.draft = packet.draft if draft is None else draft
        self.copy_number = copy_number
        self.loaded = loaded
        self.layout = loaded.layout
        self.env = _template_environment(limits, lstrip_blocks=True, finalize=_no_newlines)
        self.view = packet_view(packet, zh_numeral)
        self._area_views = {id(area): view for area, view in zip(packet.areas, self.view.areas, strict=True)}
        self._globals = {
            "packet": self.view,
            "year": packet.year,
            "last_year": packet.year - 1,
            "marks": self._marks_line(),
            "numbered": bool(recipients or copy_number),
        }
        self.context = _Context()
        self._compiled: dict[str, jinja2.Template | None] = {}
        self._stopped: set[str] = set()  # templates that ran into a limit: not run again

    # templates ---------------------------------------------------------------------------------------
    def _compile(self, template: TemplateSource) -> jinja2.Template | None:
        if template.name not in self._compiled:
            compiled = _compiled(self.env, template)
            if isinstance(compiled, Issue):
                self.context.issues.append(compiled)
                self._compiled[template.name] = None
            else:
                self._compiled[template.name] = compiled
        return self._compiled[template.name]

    def render_text(self, name: str, text: str, source: Source, **variables: Any) -> str:
        if "{" not in text:  # most labels are plain words; compiling them to Python would cost ~1 ms each
            return text
        template = TemplateSource(name, text, source)
        compiled = None if name in self._stopped else self._compile(template)
        if compiled is None:
            return ""
        try:
            return render(self.env, compiled, {**self._globals, **variables})
        except TemplateFailure as failure:
            self.context.issues.append(_located(template, failure))
            if failure.code.startswith("template.runaway."):  # it would run away again for every area
                self._stopped.add(name)
            return ""

    def text(self, key: str, **variables: Any) -> str:
        template = self.layout.texts.get(key)
        if template is None:
            return ""
        return self.render_text(template.name, template.text, template.source, **variables)

    def _marks_line(self) -> str:
        packet = self.packet
        return str(packet.secrecy) if packet.secrecy else (packet.classification or "")

    # the plan ----------------------------------------------------------------------------------------
    def compose(self) -> Plan:
        for block in self.layout.blocks:
            getattr(self, f"_block_{block}")()
        if self.recipients:
            self._distribution()
        if self.context.issues:
            raise LayoutError(_unique(self.context.issues))
        packet = self.packet
        return Plan(
            layout=self.layout,
            metadata=Metadata(
                title=packet.title,
                author=packet.issuer,
                subject=packet.meeting,
                keywords="、".join(area.title for area in packet.areas),
                creator="briefing",
            ),
            blocks=tuple(self.context.blocks),
            page_number_format=self.text("page_number", page=PAGE_TOKEN),
            marks=Marks(copy_number=self.copy_number, draft=self.draft or ""),
            duplex=self.duplex,
        )

    def _emit_template(self, name: str, origin_for: Callable[[str], Origin], **variables: Any) -> None:
        template = self.layout.templates.get(name)
        if template is None:
            return
        output = self.render_text(name, template.text, template.source, **variables)
        for number, raw in enumerate(output.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            match = _MARKER.match(line)
            if not match:
                self.context.issues.append(
                    issue(
                        template.source, f"{name}（输出第 {number} 行）", "template.no-marker", line=line[:40]
                    )
                )
                continue
            self._marker(
                match["name"],
                match["arg"],
                match["text"].strip(),
                template.source,
                name,
                origin_for,
                variables,
            )

    def _marker(
        self,
        name: str,
        arg: str | None,
        text: str,
        source: Source,
        template: str,
        origin_for: Callable[[str], Origin],
        variables: dict[str, Any],
    ) -> None:
        blocks = self.context.blocks
        if name == "vfill":
            blocks.append(VFill())
        elif name == "pagebreak":
            blocks.append(PageBreak(odd=arg == "odd"))
        elif name == "space":
            blocks.append(Space(self._space(arg, source, template), Origin(source, template)))
        elif name == "rule":
            blocks.append(Rule(self._rule_width(arg, source, template), Origin(source, template)))
        elif name.startswith("@"):
            data = name[1:]
            if data not in DATA_BLOCKS:
                self.context.issues.append(
                    issue(source, template, "template.data-unknown", name=data, known=tuple(DATA_BLOCKS))
                )
                return
            getattr(self, f"_data_{data}")(arg, variables)
        elif name in self.layout.styles:
            style = self.layout.styles[name]
            self.context.heading_count += 1
            key = f"h{self.context.heading_count}" if style.outline_level is not None or style.toc else ""
            blocks.append(Para(name, text, origin_for(text), style.outline_level, style.toc, key))
        else:
            self.context.issues.append(
                issue(
                    source,
                    template,
                    "template.style-unknown",
                    name=name,
                    known=tuple(sorted(self.layout.styles)),
                )
            )

    def _space(self, arg: str | None, source: Source, template: str) -> float:
        """Vertical space: N lines of body text (N or N行), or a length (12pt, 5mm, 2字)."""
        body = self.layout.styles.get("body")
        line = body.leading if body else 20.0
        text = (arg or "1").strip()
        if text.endswith(("pt", "mm", "cm", "字")):
            length = parse_length(text)
            value = None if length is None else points(length, body.size if body else 12.0)
        else:
            count = _DECIMAL.fullmatch(text.removesuffix("行"))
            value = float(count[0]) * line if count else None
        if value is None or not 0 <= value <= self.layout.page.frame_height:
            self.context.issues.append(issue(source, template, "template.space", text=text))
            return 0.0
        return value

    def _rule_width(self, arg: str | None, source: Source, template: str) -> float:
        """GB/T 9704 版记 lines: thick 0.35 mm, thin 0.25 mm, or a given width (0.5pt, 0.3mm)."""
        text = (arg or "thin").strip()
        named = {"thick": 0.35 * MM, "thin": 0.25 * MM}
        if text in named:
            return named[text]
        length = parse_length(text if text.endswith(("pt", "mm", "cm")) else text + "pt")
        if length is None or isinstance(length, Em) or not 0 < length <= 10:
            self.context.issues.append(issue(source, template, "template.rule", text=text))
            return 0.0
        return float(length)

    def _distribution(self) -> None:
        """The 分送 list on the last page (GB/T 9704 版记 form), from the layout's distribution.j2."""
        if "distribution.j2" not in self.layout.templates:
            self.context.issues.append(
                issue(
                    Source(f"{self.layout.path.name}/distribution.j2"),
                    "",
                    "layout.template-missing",
                    name="distribution.j2",
                )
            )
            return
        recipients = tuple(recipient_view(recipient) for recipient in self.recipients)
        self._emit_template(DISTRIBUTION, self._distribution_origin, recipients=recipients)

    def _distribution_origin(self, text: str) -> Origin:
        """A line that names recipients is marked as the distribution list's: when one of its characters has
        no glyph, locate_in_recipients() names the recipient it came from."""
        if any(recipient.name in text for recipient in self.recipients):
            return Origin(self.layout.templates[DISTRIBUTION].source, DISTRIBUTION)
        return self._packet_origin(text)

    def _packet_origin(self, text: str) -> Origin:
        packet = self.packet
        for name in ("title", "meeting", "issuer", "classification", "draft"):
            value = getattr(packet, name)
            if value and value in text:
                return Origin(packet.where(name), name)
        return Origin(packet.source, "")

    # blocks ------------------------------------------------------------------------------------------
    def _block_cover(self) -> None:
        self._emit_template("cover.j2", self._packet_origin)
        self.context.blocks.append(PageBreak(odd=self.duplex))

    def _block_contents(self) -> None:
        title_text = self.text("contents_title")
        title_style = "toc_title" if "toc_title" in self.layout.styles else "h1"
        entry_style = "toc_entry" if "toc_entry" in self.layout.styles else "body"
        self.context.blocks.append(
            Contents(
                Para(title_style, title_text, Origin(self.layout.source, "texts.contents_title")), entry_style
            )
        )
        self.context.blocks.append(PageBreak(odd=self.duplex))

    def _block_areas(self) -> None:
        for index, area in enumerate(self.packet.areas, start=1):
            if index > 1:
                self.context.blocks.append(PageBreak(odd=self.duplex))
            self._current_area = area
            variables = {"area": self._area_view(area), "h": Counter()}

            def origin_for(text: str, area: Area = area) -> Origin:
                for name in ("title", "lead_unit", "leader"):
                    value = getattr(area, name)
                    if value and value in text:
                        return Origin(area.where(name), name)
                return Origin(area.source, "title")

            self._emit_template("section.j2", origin_for, **variables)

    def _block_grand_total(self) -> None:
        self.context.blocks.append(PageBreak(odd=self.duplex))
        name = "grand_total.j2" if "grand_total.j2" in self.layout.templates else None
        if name:
            self._emit_template(name, self._packet_origin, totals=sum_projects(self.packet.projects))
        else:
            self._data_grand_total(None, {})

    def _area_view(self, area: Area) -> AreaView:
        return self._area_views[id(area)]

    # data blocks -------------------------------------------------------------------------------------
    def _paragraphs(self, paragraphs: tuple[str, ...], field_name: str, style: str | None) -> None:
        area = self._current_area
        for number, text in enumerate(paragraphs, start=1):
            origin = Origin(area.where(field_name), f"{field_name}[{number}]")
            self.context.blocks.append(Para(style or "body", text.replace("\t", " "), origin))

    def _data_summary(self, arg: str | None, variables: dict[str, Any]) -> None:
        self._paragraphs(self._current_area.summary, "summary", arg)

    def _data_last_year_results(self, arg: str | None, variables: dict[str, Any]) -> None:
        self._paragraphs(self._current_area.last_year_results, "last_year_results", arg)

    def _next_table(self) -> int:
        self.context.table_number += 1
        return self.context.table_number

    def _partial_note(self, totals: Totals, origin: Origin) -> Para | None:
        """Say so under a table when its sums leave out projects the report gave no figure for."""
        missing_total = totals.count - totals.known_total
        missing_annual = totals.count - totals.known_annual
        if not totals.count or (not missing_total and not missing_annual):
            return None
        text = self.text(
            "partial",
            count=totals.count,
            missing_total=missing_total,
            missing_annual=missing_annual,
            known_total=totals.known_total,
            known_annual=totals.known_annual,
        )
        style = "table_note" if "table_note" in self.layout.styles else self.layout.table.caption_style
        return Para(style, text, origin) if text else None

    def _table(
        self, kind: str, area: Area | None, rows: list[Row], origin: Origin, note: Para | None = None
    ) -> None:
        spec = self.loaded.tables.get(kind)
        if spec is None:
            self.context.issues.append(
                issue(self.layout.source, f"{kind}_table", "layout.missing-table", table=f"{kind}_table")
            )
            return
        number = self._next_table()
        variables = {"area": self._area_view(area) if area else None, "table": number}
        caption_text = self.render_text(
            spec.caption.name, spec.caption.text, spec.caption.source, **variables
        )
        continued_text = self.text("continued", **variables)
        header_cells = tuple(
            Cell(
                self.render_text(column.label.name, column.label.text, column.label.source, **variables),
                Origin(column.label.source, column.label.name),
                self.layout.table.header_style,
                "center",
            )
            for column in spec.columns
        )
        caption_style = self.layout.table.caption_style
        style = self.layout.styles.get(caption_style)
        level = style.outline_level if style else None
        self.context.heading_count += 1
        self.context.blocks.append(
            TablePlan(
                kind=kind,
                caption=Para(
                    caption_style,
                    caption_text,
                    origin,
                    level,
                    bool(style and style.toc),
                    f"t{self.context.heading_count}",
                ),
                continued=Para(caption_style, continued_text, origin),
                widths=self._widths(spec),
                header=Row(header_cells, "header"),
                rows=tuple(rows),
                origin=origin,
                note=note,
            )
        )

    def _widths(self, spec: TableKind) -> tuple[float, ...]:
        frame = self.layout.page.frame_width
        cell = self.layout.styles.get(self.layout.table.cell_style)
        size = cell.size if cell else 12.0
        pad = 2 * self.layout.table.padding
        fixed = [float(c.width) * size + pad if isinstance(c.width, Em) else None for c in spec.columns]
        shares = [float(str(c.width)[:-1] or 1) if isinstance(c.width, str) else 0.0 for c in spec.columns]
        remaining = max(frame - sum(w for w in fixed if w is not None), 0.0)
        total_share = sum(shares) or 1.0
        widths = [
            w if w is not None else remaining * share / total_share
            for w, share in zip(fixed, shares, strict=True)
        ]
        scale = frame / sum(widths) if sum(widths) > frame else 1.0
        return tuple(w * scale for w in widths)

    def _value_text(self, value: Figure | Qualitative | None, unit: str | None) -> str:
        if value is None:
            return self.text("empty")
        if isinstance(value, Figure) and unit and value.unit == unit and not value.change and unit != "%":
            return value.text(with_unit=False)
        return str(value)

    def _cell(self, text: str | None, origin: Origin, align: str, role: str = "body") -> Cell:
        table = self.layout.table
        style = {"body": table.cell_style, "number": table.number_style}.get(role, table.total_style)
        return Cell(text if text else self.text("empty"), origin, style, align)

    def _data_targets(self, arg: str | None, variables: dict[str, Any]) -> None:
        area = self._current_area
        spec = self.loaded.tables.get("targets")
        if not area.targets or spec is None:
            return
        rows = [
            Row(
                tuple(self._target_cell(column.field, column.align, target, index) for column in spec.columns)
            )
            for index, target in enumerate(area.targets, start=1)
        ]
        self._table("targets", area, rows, Origin(area.where("targets"), "targets"))

    def _target_cell(self, name: str, align: str, target: Indicator, index: int) -> Cell:
        origin = Origin(target.where(name), f"targets[{index}].{name}")
        if name == "index":
            return self._cell(str(index), origin, align)
        if name in ("last_year", "target"):
            return self._cell(self._value_text(getattr(target, name), target.unit), origin, align, "number")
        return self._cell(getattr(target, name), origin, align)

    def _money(self, figure: Figure | None, unit: str) -> str | None:
        return None if figure is None else format_amount(figure.to(unit))

    def _data_projects(self, arg: str | None, variables: dict[str, Any]) -> None:
        area = self._current_area
        spec = self.loaded.tables.get("projects")
        if not area.projects or spec is None:
            return
        rows = [
            Row(
                tuple(
                    self._project_cell(column.field, column.align, project, index, spec.money_unit)
                    for column in spec.columns
                )
            )
            for index, project in enumerate(area.projects, start=1)
        ]
        origin = Origin(area.where("projects"), "projects")
        totals = sum_projects(area.projects, spec.money_unit)
        rows.extend(self._subtotal_rows(spec, totals, origin))
        self._table("projects", area, rows, origin, self._partial_note(totals, origin))

    def _project_cell(self, name: str, align: str, project: Project, index: int, unit: str) -> Cell:
        origin = Origin(project.where(name), f"projects[{index}].{name}")
        if name == "index":
            return self._cell(str(index), origin, align)
        if name in ("total_investment", "annual_investment"):
            return self._cell(self._money(getattr(project, name), unit), origin, align, "number")
        if name == "period":
            return self._cell(project.period.text if project.period else None, origin, align)
        return self._cell(getattr(project, name), origin, align)

    def _subtotal_rows(self, spec: TableKind, totals: Totals, origin: Origin) -> list[Row]:
        rows = []
        for kind in ("新建", "续建"):
            part = totals.by_kind[kind]
            if part.count:
                label = self.text("subtotal", kind=kind, count=part.count)
                rows.append(self._sum_row(spec, label, part, origin, "subtotal"))
        rows.append(self._sum_row(spec, self.text("total", count=totals.count), totals, origin, "total"))
        return rows

    def _sum_text(self, totals: Totals, field: str) -> str:
        """A money sum as printed: the empty mark when no listed project gave the figure."""
        known = totals.known_total if field == "total_investment" else totals.known_annual
        amount: Decimal = getattr(totals, field)
        return format_amount(amount) if known else self.text("empty")

    def _sum_row(self, spec: TableKind, label: str, totals: Totals, origin: Origin, role: str) -> Row:
        """A subtotal/total row: the label spans the text columns, sums go under the money columns."""
        cells = []
        label_placed = False
        for column in spec.columns:
            if column.field in ("total_investment", "annual_investment"):
                cells.append(
                    Cell(
                        self._sum_text(totals, column.field),
                        origin,
                        self.layout.table.total_style,
                        column.align,
                    )
                )
            elif column.field in ("name", "area") and not label_placed:
                cells.append(Cell(label, origin, self.layout.table.total_style, "left"))
                label_placed = True
            elif column.field in ("count", "new", "continued"):
                cells.append(
                    Cell(
                        str(getattr(totals, column.field)),
                        origin,
                        self.layout.table.total_style,
                        column.align,
                    )
                )
            else:
                cells.append(Cell("", origin, self.layout.table.total_style, column.align))
        return Row(tuple(cells), role)

    def _data_grand_total(self, arg: str | None, variables: dict[str, Any]) -> None:
        spec = self.loaded.tables.get("grand_total")
        if spec is None:
            return
        unit = spec.money_unit
        rows = []
        for index, area in enumerate(self.packet.areas, start=1):
            totals = sum_projects(area.projects, unit)
            origin = Origin(area.where("projects"), "projects")
            cells = []
            for column in spec.columns:
                if column.field == "index":
                    text = str(index)
                elif column.field == "area":
                    text = area.title
                elif column.field in ("count", "new", "continued"):
                    text = str(getattr(totals, column.field))
                else:
                    text = self._sum_text(totals, column.field)
                cells.append(
                    self._cell(text, origin, column.align, "number" if text[:1].isdigit() else "body")
                )
            rows.append(Row(tuple(cells)))
        origin = Origin(self.packet.source, "declared")
        overall = sum_projects(self.packet.projects, unit)
        rows.append(self._sum_row(spec, self.text("total", count=overall.count), overall, origin, "total"))
        declared = self.packet.declared
        if declared is not None:
            rows.append(self._declared_row(spec, declared, unit, origin))
        self._table("grand_total", None, rows, origin, self._partial_note(overall, origin))

    def _declared_row(self, spec: TableKind, declared: Declared, unit: str, origin: Origin) -> Row:
        label = self.text("declared", complete=declared.complete, note=declared.note or "")
        cells = []
        label_placed = False
        for column in spec.columns:
            value = (
                getattr(declared, column.field, None)
                if column.field not in ("index", "area", "name")
                else None
            )
            if column.field in ("name", "area") and not label_placed:
                cells.append(
                    Cell(label, Origin(declared.source, "declared"), self.layout.table.total_style, "left")
                )
                label_placed = True
            elif isinstance(value, Figure):
                cells.append(
                    Cell(
                        format_amount(value.to(unit)),
                        Origin(declared.source, f"declared.{column.field}"),
                        self.layout.table.total_style,
                        column.align,
                    )
                )
            elif isinstance(value, int):
                cells.append(
                    Cell(
                        str(value),
                        Origin(declared.source, f"declared.{column.field}"),
                        self.layout.table.total_style,
                        column.align,
                    )
                )
            else:
                cells.append(Cell("", origin, self.layout.table.total_style, column.align))
        return Row(tuple(cells), "declared")

    def _data_key_figures(self, arg: str | None, variables: dict[str, Any]) -> None:
        if not self.layout.key_figures:
            return
        area = self._current_area
        items: list[tuple[Cell, Cell]] = []
        for index, target in enumerate(area.targets, start=1):
            if isinstance(target.target, Figure) and len(items) < 4:
                origin = Origin(target.where("target"), f"targets[{index}].target")
                items.append(
                    (
                        Cell(str(target.target), origin, "key_value", "center"),
                        Cell(
                            target.name,
                            Origin(target.where("name"), f"targets[{index}].name"),
                            "key_label",
                            "center",
                        ),
                    )
                )
        if items:
            self.context.blocks.append(KeyFigures(tuple(items), "key_value", "key_label"))

    def _data_chart(self, arg: str | None, variables: dict[str, Any]) -> None:
        if not self.layout.chart:
            return
        area = self._current_area
        labels, values, texts = [], [], []
        for target in area.targets:
            value = target.target
            if isinstance(value, Figure) and value.unit == "%" and value.change in ("增长", "提高", "提升"):
                labels.append(target.name)
                values.append(float(value.amount))
                texts.append(value.text())
        if len(labels) < 2:
            return
        title = (
            self.text("chart_title", area=self._area_view(area)) if "chart_title" in self.layout.texts else ""
        )
        origin = Origin(area.where("targets"), "targets")
        self.context.blocks.append(
            Chart(
                Para("caption", title, origin),
                tuple(labels),
                tuple(values),
                tuple(texts),
                "chart_label",
                origin,
            )
        )


def compose(
    packet: Packet,
    loaded: LoadedLayout,
    duplex: bool = False,
    recipients: tuple[Any, ...] = (),
    draft: str | None = None,
    copy_number: str = "",
    limits: Limits | None = None,
) -> Plan:
    """The document plan for `packet` in `loaded` layout; raise LayoutError for template problems.

    With `recipients`, the last page carries the distribution list; `draft` overrides the packet's draft
    mark and `copy_number` prints a 份号 on the first page. `limits` bounds every template render.
    """
    return Composer(packet, loaded, duplex, recipients, draft, copy_number, limits).compose()


def locate_in_recipients(issues: Iterable[Issue], recipients: Sequence[Recipient]) -> list[Issue]:
    """Glyphs missing from the distribution list, reported at the recipients whose names hold them.

    The list is one paragraph naming everyone; a character no font has is reported at the entry of the
    recipients file it came from (recipients[N].name or .organisation), and only what no entry holds
    stays with the template.
    """
    located: list[Issue] = []
    for found in issues:
        if found.code != "glyph.missing" or found.field != DISTRIBUTION:
            located.append(found)
            continue
        missing = str(found.params.get("chars", ""))
        left = missing
        for number, recipient in enumerate(recipients, start=1):
            for key in ("name", "organisation"):
                written = getattr(recipient, key) or ""
                chars = "".join(char for char in dict.fromkeys(missing) if char in written)
                if chars:
                    located.append(
                        _glyph_issue(found, recipient.where(key), f"recipients[{number}].{key}", chars)
                    )
                    left = "".join(char for char in left if char not in chars)
        if left:
            located.append(_glyph_issue(found, found.source, found.field, left))
    return located


def _glyph_issue(found: Issue, where: Source, field: str, chars: str) -> Issue:
    codes = " ".join(f"U+{ord(char):04X}" for char in chars)
    return issue(where, field, found.code, **{**found.params, "chars": chars, "codes": codes})


def compose_mail(
    packet: Packet,
    subject: TemplateSource,
    body: TemplateSource,
    recipients: Sequence[Recipient],
    *,
    sender_name: str = "",
    attachments: Sequence[str] = (),
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> list[tuple[str, str]]:
    """(subject, body) for each recipient from the layout's mail/subject.j2 and mail/body.j2.

    `subject` and `body` are model.layout.TemplateSource records (source text + file, for located errors); `today` is a
    datetime.date, by default today.
    The templates see `packet`, `year`, `recipient`, `copy_number`, `attachment`, `sender_name`, `marks`
    and `today` (plain data, see views.py). The subject is folded onto one line. Raise LayoutError
    (located in the template) once, before any message is sent, if either template is wrong.
    """
    env = _template_environment(limits, lstrip_blocks=True, trim_blocks=True)
    issues: list[Issue] = []
    compiled: list[jinja2.Template] = []
    for template in (subject, body):
        found = _compiled(env, template)
        if isinstance(found, Issue):
            issues.append(found)
        else:
            compiled.append(found)
    if issues:
        raise LayoutError(issues)
    view = packet_view(packet, zh_numeral)
    marks = str(packet.secrecy) if packet.secrecy else (packet.classification or "")
    texts: list[tuple[str, str]] = []
    for index, recipient in enumerate(recipients):
        variables = {
            "packet": view,
            "year": packet.year,
            "recipient": recipient_view(recipient),
            "copy_number": recipient.copy_number,
            "attachment": attachments[index] if index < len(attachments) else "",
            "sender_name": sender_name,
            "marks": marks,
            "today": today or dt.date.today(),
        }
        rendered = []
        for code, source in zip(compiled, (subject, body), strict=True):
            try:
                rendered.append(render(env, code, variables))
            except TemplateFailure as failure:
                issues.append(_located(source, failure))
                rendered.append("")
        if issues:
            raise LayoutError(issues)
        title = " ".join(rendered[0].split())
        text = "\n".join(line.rstrip() for line in rendered[1].strip("\n").splitlines()) + "\n"
        texts.append((title, text))
    return texts
