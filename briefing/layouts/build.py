"""Layouts: a folder with layout.yaml and Jinja2 templates, found on the search path and validated."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

import msgspec

from briefing.errors import LayoutError, Source, issue
from briefing.layouts.fontbook import font_from_file, load_fontbook
from briefing.layouts.kinds import SettingsReader
from briefing.layouts.search import search_dirs
from briefing.model.layout import (
    Column,
    FontBook,
    FontSpec,
    Layout,
    LoadedLayout,
    PageNumberSpec,
    PageSpec,
    TableKind,
    TableSpec,
    TemplateSource,
    TextStyle,
    Typography,
)
from briefing.model.lengths import Em
from briefing.read.schema import Field, Record
from briefing.read.yaml_nodes import Mapping, Scalar, load_file
from briefing.word.spec import WORD, read_word

LAYOUT_FILE = "layout.yaml"
BLOCKS = ("cover", "contents", "areas", "grand_total")
REQUIRED_TEMPLATES = ("cover.j2", "section.j2")
ALIGNS = ("justify", "left", "center", "right")
TEXT_KEYS = (
    "page_number",
    "empty",
    "continued",
    "subtotal",
    "total",
    "declared",
    "partial",
    "contents_title",
)
# Styles text is set in whatever the templates say: the body (also the fallback for marks) always, and
# those of the charts and key figures when the layout asks for them.
REQUIRED_STYLES = {
    "": {"body": "正文"},
    "chart": {"caption": "图题", "chart_label": "图表标注"},
    "key_figures": {"key_value": "关键数字", "key_label": "关键数字说明"},
}
MAX_RULE = 10.0  # points: a table rule thicker than this fills the cells
MAX_PADDING = 30.0  # points of padding inside a table cell
MAX_SHARE = 1000.0  # a column's N* share of the remaining width
COLUMN_FIELDS = {
    "targets": ("index", "name", "unit", "last_year", "target", "lead_unit", "note"),
    "projects": (
        "index",
        "name",
        "kind",
        "total_investment",
        "annual_investment",
        "period",
        "status",
        "lead_unit",
        "note",
    ),
    "grand_total": ("index", "area", "count", "new", "continued", "total_investment", "annual_investment"),
}

PAGE = Record(
    "page",
    "页面",
    (
        Field("size", "paper", "纸张", "A4、A3、A5 或 B5。", required=True),
        Field("top", "length", "天头", "版心上边距，如 37mm。", required=True),
        Field("bottom", "length", "地脚", "版心下边距，如 35mm。", required=True),
        Field("inner", "length", "订口", "装订一侧的边距（单数页左侧），如 28mm。", required=True),
        Field("outer", "length", "切口", "另一侧的边距，如 26mm。", required=True),
        Field("mirror", "bool", "对称版心", "true 时双数页左右边距互换，使正反面版心对齐。"),
    ),
)
GRID = Record(
    "grid",
    "版心网格",
    (
        Field("chars", "int", "每行字数", "正文每行字数，如 28。", required=True),
        Field("lines", "int", "每页行数", "正文每页行数，如 22。", required=True),
    ),
)
STYLE = Record(
    "style",
    "文字样式",
    (
        Field(
            "font",
            "text",
            "字体",
            "角色（fangsong、song、hei、kai）或 fonts.yaml 中的字体族名。",
            required=True,
        ),
        Field("size", "size", "字号", "号数（三号）或磅值（16pt）。", required=True),
        Field("leading", "length", "行距", "基线间距，如 28.95pt；省略时为字号的 1.5 倍。"),
        Field("indent", "length", "首行缩进", "如 2字。"),
        Field("left_indent", "length", "左缩进", "整段左缩进，如 1字。"),
        Field("align", "enum", "对齐", "justify、left、center 或 right。", choices=ALIGNS),
        Field("space_before", "length", "段前", "段前空白。"),
        Field("space_after", "length", "段后", "段后空白。"),
        Field("color", "color", "颜色", "#rrggbb，默认黑色。"),
        Field("bold", "bool", "加粗", "字体无粗体时用描边模拟。"),
        Field("keep_with_next", "bool", "与下段同页", "标题用：不与下文分开。"),
        Field("outline", "int", "书签级别", "0 为一级书签，1 为二级；省略则不生成书签。"),
        Field("toc", "bool", "列入目录", "true 时列入目录。"),
    ),
)
PAGE_NUMBER = Record(
    "page_number",
    "页码",
    (
        Field("style", "text", "样式", "页码所用的文字样式名。", required=True),
        Field("below", "length", "距版心下边缘", "如 7mm。", required=True),
        Field("inset", "length", "内收", "距版心边缘，如 1字。"),
        Field(
            "position",
            "enum",
            "位置",
            "outside（单页右双页左）、center、left 或 right。",
            choices=("outside", "center", "left", "right"),
        ),
    ),
)
TABLE = Record(
    "table",
    "表格",
    (
        Field("grid_width", "length", "表格线宽", "如 0.5pt。", required=True),
        Field("frame_width", "length", "外框线宽", "如 1pt。"),
        Field("grid_color", "color", "表格线颜色", "#rrggbb。"),
        Field("header_fill", "color", "表头底色", "#rrggbb。"),
        Field("total_fill", "color", "合计行底色", "#rrggbb。"),
        Field("stripe_fill", "color", "隔行底色", "#rrggbb。"),
        Field("padding", "length", "单元格内边距", "如 3pt。"),
        Field("header_style", "text", "表头样式", "文字样式名。", required=True),
        Field("cell_style", "text", "单元格样式", "文字样式名。", required=True),
        Field("number_style", "text", "数字单元格样式", "文字样式名。"),
        Field("total_style", "text", "合计行样式", "文字样式名。"),
        Field("caption_style", "text", "表题样式", "文字样式名。", required=True),
    ),
)
TYPOGRAPHY = Record(
    "typography",
    "排版选项",
    (
        Field("compress_punct", "bool", "标点挤压", "相邻标点（如 。”）合占不到两个字宽。"),
        Field("cjk_latin_space", "bool", "中西文间距", "汉字与西文、数字之间加四分之一字宽。"),
        Field("hang_punct", "bool", "标点悬挂", "行末句读可悬挂在版心外。"),
        Field("synthetic_bold", "bool", "模拟粗体", "字体无粗体时用描边模拟加粗。"),
    ),
)
COLUMN = Record(
    "column",
    "表格列",
    (
        Field("field", "text", "内容", "列的内容。", required=True),
        Field("label", "text", "列标题", "Jinja2 模板，如 {{ year }}年目标。", required=True),
        Field("width", "text", "列宽", "N字（按单元格字号）或 N*（按比例分剩余宽度）。", required=True),
        Field("align", "enum", "对齐", "left、center、right 或 justify。", choices=ALIGNS),
    ),
)
TABLE_KIND = Record(
    "table_kind",
    "表格定义",
    (
        Field(
            "caption",
            "text",
            "表题",
            "Jinja2 模板，如 表{{ table }}　{{ area.title }}重点项目。",
            required=True,
        ),
        Field("columns", "columns", "列", "列的清单。", required=True),
        Field("money_unit", "unit", "金额单位", "金额列统一换算到的单位，如 万元。"),
    ),
)
LAYOUT = Record(
    "layout",
    "版式",
    (
        Field("name", "text", "名称", "版式名称。", required=True),
        Field("description", "text", "说明", "一句话说明。"),
        Field("page", "record", "页面", "纸张与边距。", required=True, record=PAGE),
        Field("grid", "record", "版心网格", "正文的字数与行数网格。", record=GRID),
        Field("fonts", "fontmap", "字体", "角色 → 字体族名，或 {file: 路径}。"),
        Field("styles", "styles", "文字样式", "样式名 → 样式。", required=True),
        Field("page_number", "record", "页码", "页码样式与位置。", required=True, record=PAGE_NUMBER),
        Field("table", "record", "表格", "表格线与底色。", required=True, record=TABLE),
        Field("typography", "record", "排版选项", "标点挤压等。", record=TYPOGRAPHY),
        Field(
            "blocks",
            "names",
            "组成部分",
            "cover、contents、areas、grand_total 的顺序。",
            required=True,
            choices=BLOCKS,
        ),
        Field("texts", "texts", "文字", "页码格式、空值写法等短文字（Jinja2）。", required=True),
        Field("targets_table", "record", "指标表", "指标表的表题与列。", required=True, record=TABLE_KIND),
        Field("projects_table", "record", "项目表", "项目表的表题与列。", required=True, record=TABLE_KIND),
        Field("grand_total_table", "record", "总表", "全部项目汇总表。", record=TABLE_KIND),
        Field("chart", "bool", "图表", "是否在各领域绘制增长目标条形图。"),
        Field("key_figures", "bool", "关键数字条", "是否在各领域开头列出关键数字。"),
        Field("word", "record", "Word 输出", "生成 .docx 时的字体名与样式名。", record=WORD),
    ),
)


class _LayoutReader(SettingsReader):
    def _read_fontmap(self, node: Any, field: Field, path: str) -> Any:
        return node

    def _read_styles(self, node: Any, field: Field, path: str) -> Any:
        return node

    def _read_texts(self, node: Any, field: Field, path: str) -> Any:
        return node

    def _read_columns(self, node: Any, field: Field, path: str) -> Any:
        return node


def find_layout(
    name_or_path: str,
    packet_root: Path | None,
    asked_at: tuple[Source, str] = (Source("packet.yaml"), "layout"),
) -> Path:
    """The folder of a layout given by name (searched) or by path; raise LayoutError if none.

    `asked_at` is where the name was written and under which field, for the message: the packet's
    `layout:` line, or the command line's --layout.
    """
    given = Path(name_or_path)
    if _is_file(given / LAYOUT_FILE):
        return given
    if given.name == LAYOUT_FILE and _is_file(given):
        return given.parent
    dirs = search_dirs("layouts", packet_root)
    for directory in dirs:
        if _is_file(directory / name_or_path / LAYOUT_FILE):
            return directory / name_or_path
    known = sorted({folder.name for directory in dirs for folder in _layout_folders(directory)})
    where, field = asked_at
    raise LayoutError(
        [
            issue(
                where,
                field,
                "layout.not-found",
                name=name_or_path,
                known=tuple(known),
                searched=tuple(str(d) for d in dirs),
            )
        ]
    )


def available_layouts(packet_root: Path | None = None) -> list[tuple[str, Path, str]]:
    """(name, folder, description) of every layout on the search path; nearer ones hide shipped ones."""
    found: dict[str, tuple[str, Path, str]] = {}
    for directory in reversed(search_dirs("layouts", packet_root)):
        for folder in _layout_folders(directory):
            layout_file = folder / LAYOUT_FILE
            if layout_file.is_file():
                document = load_file(layout_file, str(layout_file))
                description = ""
                if isinstance(document.root, Mapping):
                    node = document.root.get("description")
                    description = str(node.text) if isinstance(node, Scalar) else ""
                found[folder.name] = (folder.name, folder, description)
    return sorted(found.values())


def _is_file(path: Path) -> bool:
    """Path.is_file() without its exceptions: a name too long for the system is simply no layout."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _layout_folders(directory: Path) -> list[Path]:
    """The layouts in one folder of the search path; none if it is missing or cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            folders = [Path(entry.path) for entry in entries]
    except OSError:
        return []
    return sorted(folder for folder in folders if _is_file(folder / LAYOUT_FILE))


def load_layout(
    name_or_path: str,
    packet_root: Path | None = None,
    asked_at: tuple[Source, str] = (Source("packet.yaml"), "layout"),
) -> LoadedLayout:
    """Find, read and validate a layout with its fonts; raise LayoutError listing every problem."""
    folder = find_layout(name_or_path, packet_root, asked_at)
    display = _display_folder(folder, packet_root)
    fontbook = load_fontbook(search_dirs("fonts", packet_root, [folder / "fonts"]), base=folder.parent)
    reader = _LayoutReader()
    document = load_file(folder / LAYOUT_FILE, f"{display}/{LAYOUT_FILE}")
    if document.root is None or document.issues:
        raise LayoutError(document.issues)
    values = reader.record(document.root, LAYOUT, "")
    if values is None:
        raise LayoutError(reader.issues)
    built = _Builder(reader, folder, display, fontbook, values, document.root.source).build()
    if reader.issues or built is None:
        raise LayoutError(reader.issues)
    return built


def _display_folder(folder: Path, packet_root: Path | None) -> str:
    """How messages name a layout's folder: from the packet when it lives there (layouts/mine), else by
    its name (gbt9704, or a folder given with --layout)."""
    if packet_root is not None:
        try:
            return folder.resolve().relative_to(packet_root.resolve()).as_posix()
        except ValueError:
            pass
    return folder.name


def _points(value: float) -> str:
    return f"{round(value, 1):g}pt"


def _label(record: Record, key: str) -> str:
    field = record.field(key)
    return field.label if field is not None else key


def _value(values: dict[str, tuple[Any, Source]] | None, key: str, default: Any = None) -> Any:
    if values is None or key not in values:
        return default
    return values[key][0]


class _Builder:
    """Turns read layout values into the Layout model, resolving fonts and reading templates."""

    def __init__(
        self,
        reader: _LayoutReader,
        folder: Path,
        display: str,
        fontbook: FontBook,
        values: dict,
        source: Source,
    ):
        self.reader = reader
        self.folder = folder
        self.display_folder = display
        self.fontbook = fontbook
        self.values = values
        self.source = source
        self.display = f"{display}/{LAYOUT_FILE}"

    def build(self) -> LoadedLayout | None:
        values = self.values
        page_values = _value(values, "page")
        if page_values is None:
            return None
        width, height = _value(page_values, "size", (595.2756, 841.8898))
        page = PageSpec(
            width=width,
            height=height,
            top=_value(page_values, "top", 0.0),
            bottom=_value(page_values, "bottom", 0.0),
            inner=_value(page_values, "inner", 0.0),
            outer=_value(page_values, "outer", 0.0),
            mirror=bool(_value(page_values, "mirror", False)),
        )
        margins_fit = self._check_margins(page_values, page)
        if margins_fit and (page.frame_width <= 50 or page.frame_height <= 50):
            self.reader.add(values["page"][1], "page", "layout.frame-too-small")
            margins_fit = False
        # Later lengths are measured against the 版心; while it is wrong, against the paper.
        room = (page.frame_width, page.frame_height) if margins_fit else (page.width, page.height)
        resolver = self._fonts(values.get("fonts"))
        required = {
            name: label
            for switch, names in REQUIRED_STYLES.items()
            if not switch or _value(values, switch, False)
            for name, label in names.items()
        }
        styles = self._styles(values.get("styles"), resolver, room, required)
        # A grid is measured against the 版心; wrong margins were reported, and would only confuse it.
        grid = self._grid(_value(values, "grid"), page, styles.get("body")) if margins_fit else None
        fonts = dict(self.fontbook.families)
        fonts.update({spec.family: spec for spec in resolver.values()})
        templates = self._templates()
        texts = self._texts(values.get("texts"))
        number_values = _value(values, "page_number", {})
        page_number = PageNumberSpec(
            style=str(_value(number_values, "style", "")),
            below=_value(number_values, "below", 0.0),
            inset=_value(number_values, "inset", Em(1)),
            position=_value(number_values, "position", "outside"),
        )
        table_values = _value(values, "table", {})
        table = TableSpec(
            grid_width=float(_value(table_values, "grid_width", 0.5)),
            frame_width=float(_value(table_values, "frame_width", _value(table_values, "grid_width", 0.5))),
            grid_color=_value(table_values, "grid_color", "#000000"),
            header_fill=_value(table_values, "header_fill", "#ffffff"),
            total_fill=_value(table_values, "total_fill", "#ffffff"),
            stripe_fill=_value(table_values, "stripe_fill", "#ffffff"),
            padding=float(_value(table_values, "padding", 3.0)),
            header_style=str(_value(table_values, "header_style", "")),
            cell_style=str(_value(table_values, "cell_style", "")),
            number_style=str(_value(table_values, "number_style", _value(table_values, "cell_style", ""))),
            total_style=str(_value(table_values, "total_style", _value(table_values, "cell_style", ""))),
            caption_style=str(_value(table_values, "caption_style", "")),
        )
        typography_values = _value(values, "typography", {})
        typography = Typography(
            compress_punct=bool(_value(typography_values, "compress_punct", False)),
            cjk_latin_space=bool(_value(typography_values, "cjk_latin_space", False)),
            hang_punct=bool(_value(typography_values, "hang_punct", False)),
            synthetic_bold=bool(_value(typography_values, "synthetic_bold", False)),
        )
        self._check_style_refs(styles, page_number, table, values)
        number_style = styles.get(page_number.style)
        if isinstance(page_number.below, Em) and number_style is not None:
            # N字 below the 版心: characters of the page number's size, as `inset` is measured.
            page_number = msgspec.structs.replace(page_number, below=page_number.below * number_style.size)
        if margins_fit:
            self._check_page_number(number_values, page_number, number_style, page, room)
        self._check_table(table_values)
        tables = {
            kind: self._table_kind(kind, values.get(f"{kind}_table"), styles.get(table.cell_style), room)
            for kind in ("targets", "projects", "grand_total")
            if f"{kind}_table" in values
        }
        layout = Layout(
            name=str(_value(values, "name", self.folder.name)),
            path=self.folder,
            description=str(_value(values, "description", "")),
            page=page,
            grid=grid,
            styles=styles,
            fonts=fonts,
            templates=templates,
            texts=texts,
            blocks=tuple(_value(values, "blocks", BLOCKS)),
            page_number=page_number,
            table=table,
            typography=typography,
            chart=bool(_value(values, "chart", False)),
            key_figures=bool(_value(values, "key_figures", False)),
            source=self.source,
            word=read_word(self.reader, values, resolver, {*styles, *required}),
        )
        if "grand_total" in layout.blocks and "grand_total" not in tables:
            self.reader.add(values["blocks"][1], "blocks", "layout.missing-table", table="grand_total_table")
        return LoadedLayout(layout, {k: v for k, v in tables.items() if v is not None}, self.fontbook)

    def _fonts(self, entry: tuple[Any, Source] | None) -> dict[str, FontSpec]:
        """Role or family name → FontSpec: the layout's own map first, then the manifests."""
        fonts: dict[str, FontSpec] = dict(self.fontbook.families)
        for role, family in self.fontbook.roles.items():
            if family in self.fontbook.families:
                fonts[role] = self.fontbook.families[family]
        if entry is None:
            return fonts
        node = entry[0]
        if not isinstance(node, Mapping):
            self.reader.add(entry[1], "fonts", "type.mapping", label="字体", found="text")
            return fonts
        for role, (key_source, value) in node.entries.items():
            where = f"fonts.{role}"
            if isinstance(value, Mapping):
                file_node = value.get("file")
                if not isinstance(file_node, Scalar) or not file_node.text:
                    self.reader.add(value.source, where, "layout.font-file", text="")
                    continue
                path = self.folder / file_node.text
                if not path.is_file():
                    self.reader.add(
                        file_node.source, f"{where}.file", "font.file-missing", file=file_node.text
                    )
                    continue
                fonts[role] = font_from_file(path, file_node.source, f"{where}.file", self.folder)
            elif isinstance(value, Scalar):
                spec = self.fontbook.resolve(str(value.text))
                if spec is None:
                    self.reader.add(
                        value.source,
                        where,
                        "font.family-unknown",
                        name=value.text,
                        known=tuple(sorted(self.fontbook.families)),
                    )
                    continue
                fonts[role] = spec
            else:
                self.reader.add(key_source, where, "type.wrong", label="字体", expected="text", found="list")
        return fonts

    def _grid(
        self, grid_values: dict[str, tuple[Any, Source]] | None, page: PageSpec, body: TextStyle | None
    ) -> tuple[int, int] | None:
        """(characters a line, lines a page), if the body text at its size fits that grid in the 版心.

        Glyphs may come closer than their size by a tenth at most (GB/T 9704 needs 1.3 %: 28 of 16pt in
        156mm); lines may not come closer than the type size.
        """
        if grid_values is None or "chars" not in grid_values or "lines" not in grid_values:
            return None
        size = body.size if body is not None else 0.0
        limits = {  # name: (fewest, most); no most without a body size to measure by
            "chars": (2, max(int(page.frame_width / (0.9 * size)), 2) if size else None),
            "lines": (1, max(int(page.frame_height / size), 1) if size else None),
        }
        fits = True
        for name, (fewest, most) in limits.items():
            count, at = grid_values[name]
            if count < fewest or (most is not None and count > most):
                self.reader.add(
                    at,
                    f"grid.{name}",
                    f"layout.grid-{name}",
                    **{name: count},
                    most=most or "—",
                    size=f"{size:g}",
                )
                fits = False
        return (int(grid_values["chars"][0]), int(grid_values["lines"][0])) if fits else None

    def _styles(
        self,
        entry: tuple[Any, Source] | None,
        fonts: dict[str, FontSpec],
        room: tuple[float, float],
        required: dict[str, str],
    ) -> dict[str, TextStyle]:
        styles: dict[str, TextStyle] = {}
        if entry is None:
            return styles
        named = self.reader.named_records(entry[0], STYLE, "styles")
        written = entry[0].entries if isinstance(entry[0], Mapping) else {}
        for name, label in required.items():
            if isinstance(entry[0], Mapping) and name not in written:
                self.reader.add(entry[1], f"styles.{name}", "layout.style-required", name=name, label=label)
        for name, (style_values, node) in named.items():
            if "font" not in style_values or "size" not in style_values:
                continue
            font_name = str(style_values["font"][0])
            if font_name not in fonts:
                self.reader.add(
                    style_values["font"][1],
                    f"styles.{name}.font",
                    "font.family-unknown",
                    name=font_name,
                    known=tuple(sorted(fonts)),
                )
                continue
            size = float(style_values["size"][0])

            def length(
                key: str, default: float = 0.0, size: float = size, values: dict = style_values
            ) -> float:
                value = _value(values, key, default)
                return float(value) * size if isinstance(value, Em) else float(value)

            if not self._check_style(name, style_values, size, length, room):
                continue
            styles[name] = TextStyle(
                name=name,
                family=fonts[font_name].family,
                size=size,
                leading=length("leading", size * 1.5),
                indent=length("indent"),
                left_indent=length("left_indent"),
                align=_value(style_values, "align", "justify"),
                space_before=length("space_before"),
                space_after=length("space_after"),
                color=_value(style_values, "color", "#000000"),
                bold=bool(_value(style_values, "bold", False)),
                keep_with_next=bool(_value(style_values, "keep_with_next", False)),
                outline_level=_value(style_values, "outline"),
                toc=bool(_value(style_values, "toc", False)),
                source=node.source,
            )
        return styles

    # geometry: every length in a range that keeps the text on the paper ---------------------------------
    def _in_range(
        self,
        where: Source,
        path: str,
        label: str,
        value: float,
        low: float,
        high: float,
        *,
        above: bool = False,
    ) -> bool:
        """Whether low ≤ value ≤ high (low < value when `above`); if not, say so where it was written."""
        if (value > low if above else value >= low) and value <= high:
            return True
        text = self.reader.written.get(where, _points(value))
        limits = {"high": _points(high)}
        if above:
            self.reader.add(where, path, "layout.length-positive", label=label, text=text, **limits)
        else:
            self.reader.add(
                where, path, "layout.length-range", label=label, text=text, low=_points(low), **limits
            )
        return False

    def _check_margins(self, values: dict[str, tuple[Any, Source]], page: PageSpec) -> bool:
        """Each margin more than nothing and less than the paper: a negative one pushes text off it."""
        fits = True
        for key, extent in (
            ("top", page.height),
            ("bottom", page.height),
            ("inner", page.width),
            ("outer", page.width),
        ):
            if key in values and isinstance(values[key][0], Em):
                # 字 of which size? A margin holds no text: it is measured in mm or pt.
                written = self.reader.written.get(values[key][1], "")
                self.reader.add(
                    values[key][1], f"page.{key}", "layout.length-unit", label=_label(PAGE, key), text=written
                )
                fits = False
            elif key not in values:
                fits = False  # missing or unreadable: reported already, and the 版心 cannot be known
            else:
                label = _label(PAGE, key)
                fits &= self._in_range(
                    values[key][1], f"page.{key}", label, values[key][0], 0, extent, above=True
                )
        return fits

    def _check_style(
        self,
        name: str,
        values: dict[str, tuple[Any, Source]],
        size: float,
        length: Any,
        room: tuple[float, float],
    ) -> bool:
        """A style's lengths leave its text on the 版心: a type size and leading that fit it, indents that
        leave room for a character, no negative spacing."""
        width, height = room
        ok = True

        def check(key: str, low: float, high: float, above: bool = False, default: float = 0.0) -> float:
            nonlocal ok
            value = length(key, default)
            if key in values:
                label = _label(STYLE, key)
                ok &= self._in_range(
                    values[key][1], f"styles.{name}.{key}", label, value, low, high, above=above
                )
            return value

        check("size", 0, min(width, height), above=True, default=size)
        if size > min(width, height):
            return False
        check("leading", 0, height, above=True, default=size)
        indent = check("indent", 0, width - size)
        left_indent = check("left_indent", 0, width - size)
        if ok and indent + left_indent > width - size:
            self._in_range(
                values["indent"][1] if "indent" in values else values["left_indent"][1],
                f"styles.{name}.indent",
                _label(STYLE, "indent"),
                indent,
                0,
                width - size - left_indent,
            )
            ok = False
        check("space_before", 0, height)
        check("space_after", 0, height)
        return ok

    def _check_page_number(
        self,
        values: dict[str, tuple[Any, Source]],
        spec: PageNumberSpec,
        style: TextStyle | None,
        page: PageSpec,
        room: tuple[float, float],
    ) -> None:
        """The number sits below the 版心 and on the paper, and its inset leaves it inside the 版心's width."""
        if style is None:
            return
        if "below" in values:
            self._in_range(
                values["below"][1],
                "page_number.below",
                _label(PAGE_NUMBER, "below"),
                spec.below,
                0,
                max(page.bottom - style.size, 0.0),
            )
        if "inset" in values:
            inset = float(spec.inset) * style.size if isinstance(spec.inset, Em) else float(spec.inset)
            self._in_range(
                values["inset"][1], "page_number.inset", _label(PAGE_NUMBER, "inset"), inset, 0, room[0] / 2
            )

    def _check_table(self, values: dict[str, tuple[Any, Source]]) -> None:
        """Rules thick enough to print and thin enough to leave the cells room; padding likewise."""
        for key, low, high, above in (
            ("grid_width", 0.0, MAX_RULE, True),
            ("frame_width", 0.0, MAX_RULE, True),
            ("padding", 0.0, MAX_PADDING, False),
        ):
            if key in values and not isinstance(values[key][0], Em):
                self._in_range(
                    values[key][1], f"table.{key}", _label(TABLE, key), values[key][0], low, high, above=above
                )
            elif key in values:
                self.reader.add(
                    values[key][1],
                    f"table.{key}",
                    "layout.length",
                    label=_label(TABLE, key),
                    text=self.reader.written.get(values[key][1], ""),
                )

    def _column_width(
        self, text: str, where: Source, path: str, cell: TextStyle | None, room: tuple[float, float]
    ) -> Em | str | None:
        """N字 (cell characters, the column within the 版心) or N* (a positive share of what is left)."""
        unit = text[-1:]
        if unit not in ("*", "字"):
            self.reader.add(where, f"{path}.width", "layout.column-width", text=text)
            return None
        number = text[:-1].strip() or ("1" if unit == "*" else "")
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.reader.add(where, f"{path}.width", "layout.column-width", text=text)
            return None
        self.reader.written[where] = text
        if unit == "*":
            most, shown = MAX_SHARE, f"{MAX_SHARE:g}*"
        else:
            # In 字 as written: at most the 版心's width in characters of the cell style.
            size = cell.size if cell is not None else 0.0
            most = room[0] / size if size else math.inf
            shown = f"{most:.1f}字" if size else "—"
        if not 0 < value <= most:
            self.reader.add(
                where, f"{path}.width", "layout.length-positive", label="列宽", text=text, high=shown
            )
            return None
        return text if unit == "*" else Em(value)

    def _check_style_refs(
        self, styles: dict, page_number: PageNumberSpec, table: TableSpec, values: dict
    ) -> None:
        refs = [("page_number.style", page_number.style, "page_number")]
        refs += [
            (f"table.{key}", getattr(table, key), "table")
            for key in ("header_style", "cell_style", "number_style", "total_style", "caption_style")
        ]
        for field_path, name, key in refs:
            if name and name not in styles and key in values:
                self.reader.add(
                    values[key][1],
                    field_path,
                    "layout.style-unknown",
                    name=name,
                    known=tuple(sorted(styles)),
                )

    def _templates(self) -> dict[str, TemplateSource]:
        templates: dict[str, TemplateSource] = {}
        for path in sorted(self.folder.glob("*.j2")):
            display = f"{self.display_folder}/{path.name}"
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.reader.add(Source(display, 1, 1), "", "load.encoding", encoding="?")
                continue
            templates[path.name] = TemplateSource(path.name, text, Source(display, 1, 1))
        for name in REQUIRED_TEMPLATES:
            if name not in templates:
                self.reader.add(
                    Source(f"{self.folder.name}/{name}"), "", "layout.template-missing", name=name
                )
        return templates

    def _texts(self, entry: tuple[Any, Source] | None) -> dict[str, TemplateSource]:
        texts: dict[str, TemplateSource] = {}
        if entry is None:
            return texts
        node = entry[0]
        if not isinstance(node, Mapping):
            self.reader.add(entry[1], "texts", "type.mapping", label="文字", found="text")
            return texts
        for key, (key_source, value) in node.entries.items():
            if not isinstance(value, Scalar):
                self.reader.add(
                    key_source, f"texts.{key}", "type.wrong", label=key, expected="text", found="list"
                )
                continue
            texts[key] = TemplateSource(
                f"texts.{key}", "" if value.value is None else value.text, value.source
            )
        for key in TEXT_KEYS:
            if key not in texts:
                self.reader.add(entry[1], f"texts.{key}", "layout.text-missing", key=key)
        return texts

    def _table_kind(
        self,
        kind: str,
        entry: tuple[Any, Source] | None,
        cell: TextStyle | None,
        room: tuple[float, float],
    ) -> TableKind | None:
        if entry is None:
            return None
        values = entry[0]
        caption = values.get("caption")
        columns_entry = values.get("columns")
        if caption is None or columns_entry is None:
            return None
        columns: list[Column] = []
        node = columns_entry[0]
        from briefing.read.yaml_nodes import Sequence

        if not isinstance(node, Sequence):
            self.reader.add(
                columns_entry[1],
                f"{kind}_table.columns",
                "type.wrong",
                label="列",
                expected="list",
                found="text",
            )
            return None
        allowed = COLUMN_FIELDS[kind]
        for index, item in enumerate(node.items, start=1):
            where = f"{kind}_table.columns[{index}]"
            column_values = self.reader.record(item, COLUMN, where)
            if column_values is None or len(column_values) < 3:
                continue
            field_name = str(column_values["field"][0])
            if field_name not in allowed:
                self.reader.add(
                    column_values["field"][1],
                    f"{where}.field",
                    "enum.invalid",
                    label="内容",
                    text=field_name,
                    choices=tuple(allowed),
                )
                continue
            width = self._column_width(
                str(column_values["width"][0]).strip(), column_values["width"][1], where, cell, room
            )
            if width is None:
                continue
            label_source = column_values["label"][1]
            columns.append(
                Column(
                    field_name,
                    TemplateSource(f"{where}.label", str(column_values["label"][0]), label_source),
                    width,
                    _value(column_values, "align", "left"),
                )
            )
        return TableKind(
            caption=TemplateSource(f"{kind}_table.caption", str(caption[0]), caption[1]),
            columns=tuple(columns),
            money_unit=str(_value(values, "money_unit", "万元")),
        )
