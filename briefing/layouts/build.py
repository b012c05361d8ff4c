"""A layout's read values to the Layout model: page, fonts, styles, grid, page numbers, tables and templates."""

from __future__ import annotations

from pathlib import Path

import msgspec

from briefing.errors import LayoutError, Source
from briefing.layouts.find import LAYOUT_FILE, display_folder, find_layout
from briefing.layouts.fontbook import font_from_file, load_fontbook
from briefing.layouts.geometry import Room, check_margins, check_page_number, check_style, check_table
from briefing.layouts.schema import AREAS_BREAKS, BLOCKS, LAYOUT, REQUIRED_STYLES, STYLE
from briefing.layouts.search import search_dirs
from briefing.layouts.tables import sizing, table_kind
from briefing.layouts.templates import read_templates, read_texts
from briefing.layouts.word import read_word
from briefing.model.layout import (
    FontBook,
    FontSpec,
    Layout,
    LoadedLayout,
    PageNumberSpec,
    PageSpec,
    TableKind,
    TableSpec,
    TextStyle,
    Typography,
)
from briefing.model.lengths import Em, points
from briefing.read.reader import Reader, Values, value_of
from briefing.read.yaml_nodes import Mapping, Node, Scalar, load_file

TABLE_KINDS = ("targets", "projects", "grand_total", "completion")


def load_layout(
    name_or_path: str,
    packet_root: Path | None = None,
    asked_at: tuple[Source, str] = (Source("packet.yaml"), "layout"),
) -> LoadedLayout:
    """Find, read and validate a layout with its fonts; raise LayoutError listing every problem."""
    folder = find_layout(name_or_path, packet_root, asked_at)
    display = display_folder(folder, packet_root)
    fontbook = load_fontbook(search_dirs("fonts", packet_root, [folder / "fonts"]), base=folder.parent)
    reader = Reader()
    document = load_file(folder / LAYOUT_FILE, f"{display}/{LAYOUT_FILE}")
    if document.root is None or document.issues:
        raise LayoutError(document.issues)
    values = reader.record(document.root, LAYOUT, "")
    if values is None:
        raise LayoutError(reader.issues)
    built = _Builder(reader, folder, display, fontbook, document.root.source).build(values)
    if reader.issues or built is None:
        raise LayoutError(reader.issues)
    return built


class _Builder:
    """Turns read layout values into the Layout model, resolving fonts and reading templates."""

    def __init__(self, reader: Reader, folder: Path, display: str, fontbook: FontBook, source: Source):
        self.reader = reader
        self.folder = folder
        self.display_folder = display
        self.fontbook = fontbook
        self.source = source

    def build(self, values: Values) -> LoadedLayout | None:
        page_values: Values | None = value_of(values, "page")
        if page_values is None:
            return None
        page, room, margins_fit = self._page(page_values, values["page"][1])
        resolver = self._fonts(values.get("fonts"))
        required = _required_styles(values)
        styles = self._styles(values.get("styles"), resolver, room, required)
        # A grid is measured against the 版心; wrong margins were reported, and would only confuse it.
        grid = self._grid(value_of(values, "grid"), page, styles.get("body")) if margins_fit else None
        fonts = dict(self.fontbook.families)
        fonts.update({spec.family: spec for spec in resolver.values()})
        templates = read_templates(self.folder, self.display_folder, self.reader)
        texts = read_texts(values.get("texts"), self.reader)
        number_values: Values = value_of(values, "page_number", {})
        table_values: Values = value_of(values, "table", {})
        table = _table(table_values)
        page_number = _page_number(number_values)
        self._check_style_refs(styles, page_number, table, values)
        number_style = styles.get(page_number.style)
        page_number = self._place_page_number(page_number, number_values, number_style, page, margins_fit)
        check_table(self.reader, table_values)
        tables = self._tables(values, styles.get(table.cell_style), room)
        table = _sized(table, tables, styles.get(table.cell_style))
        layout = Layout(
            name=str(value_of(values, "name", self.folder.name)),
            path=self.folder,
            description=str(value_of(values, "description", "")),
            page=page,
            grid=grid,
            styles=styles,
            fonts=fonts,
            templates=templates,
            texts=texts,
            blocks=tuple(value_of(values, "blocks", BLOCKS)),
            page_number=page_number,
            table=table,
            typography=_typography(value_of(values, "typography", {})),
            chart=bool(value_of(values, "chart", False)),
            key_figures=bool(value_of(values, "key_figures", False)),
            source=self.source,
            word=read_word(self.reader, values, resolver, {*styles, *required}),
            areas_numbering=str(value_of(values, "areas_numbering", "renumber")),
            areas_break=str(value_of(values, "areas_break", AREAS_BREAKS[0])),
        )
        # `blocks` left out is reported as missing already; it is not also a block without its table.
        if "blocks" in values and "grand_total" in layout.blocks and "grand_total" not in tables:
            self.reader.add(values["blocks"][1], "blocks", "layout.missing-table", table="grand_total_table")
        return LoadedLayout(layout, {k: v for k, v in tables.items() if v is not None}, self.fontbook)

    def _page(self, values: Values, where: Source) -> tuple[PageSpec, Room, bool]:
        """The paper and margins; the room later lengths are measured against (the 版心, or while the
        margins are wrong the paper); and whether the margins leave a 版心."""
        width, height = value_of(values, "size", (595.2756, 841.8898))
        page = PageSpec(
            width=width,
            height=height,
            top=value_of(values, "top", 0.0),
            bottom=value_of(values, "bottom", 0.0),
            inner=value_of(values, "inner", 0.0),
            outer=value_of(values, "outer", 0.0),
            mirror=bool(value_of(values, "mirror", False)),
        )
        margins_fit = check_margins(self.reader, values, page)
        if margins_fit and (page.frame_width <= 50 or page.frame_height <= 50):
            self.reader.add(where, "page", "layout.frame-too-small")
            margins_fit = False
        room = (page.frame_width, page.frame_height) if margins_fit else (page.width, page.height)
        return page, room, margins_fit

    def _place_page_number(
        self, spec: PageNumberSpec, values: Values, style: TextStyle | None, page: PageSpec, margins_fit: bool
    ) -> PageNumberSpec:
        """The page number's distance below the 版心 in points; checked to keep the number on the paper when
        there is a 版心 to be below."""
        if isinstance(spec.below, Em) and style is not None:
            # N字 below the 版心: characters of the page number's size, as `inset` is measured.
            spec = msgspec.structs.replace(spec, below=spec.below * style.size)
        if margins_fit:
            room = (page.frame_width, page.frame_height)
            check_page_number(self.reader, values, spec, style, page, room)
        return spec

    def _tables(self, values: Values, cell: TextStyle | None, room: Room) -> dict[str, TableKind | None]:
        return {
            kind: table_kind(self.reader, kind, value_of(values, f"{kind}_table"), cell, room)
            for kind in TABLE_KINDS
            if f"{kind}_table" in values
        }

    # fonts and styles --------------------------------------------------------------------------------
    def _fonts(self, entry: tuple[Node, Source] | None) -> dict[str, FontSpec]:
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
            spec = self._font(role, key_source, value)
            if spec is not None:
                fonts[role] = spec
        return fonts

    def _font(self, role: str, key_source: Source, value: Node) -> FontSpec | None:
        """One entry of the layout's font map: a family by name, or a file of the layout's own."""
        where = f"fonts.{role}"
        if isinstance(value, Scalar):
            spec = self.fontbook.resolve(str(value.text))
            if spec is None:
                known = tuple(sorted(self.fontbook.families))
                self.reader.add(value.source, where, "font.family-unknown", name=value.text, known=known)
            return spec
        if not isinstance(value, Mapping):
            self.reader.add(key_source, where, "type.wrong", label="字体", expected="text", found="list")
            return None
        file_node = value.get("file")
        if not isinstance(file_node, Scalar) or not file_node.text:
            self.reader.add(value.source, where, "layout.font-file", text="")
            return None
        path = self.folder / file_node.text
        if not _is_file(path):
            self.reader.add(file_node.source, f"{where}.file", "font.file-missing", file=file_node.text)
            return None
        return font_from_file(path, file_node.source, f"{where}.file", self.folder)

    def _styles(
        self,
        entry: tuple[Node, Source] | None,
        fonts: dict[str, FontSpec],
        room: Room,
        required: dict[str, str],
    ) -> dict[str, TextStyle]:
        styles: dict[str, TextStyle] = {}
        if entry is None:
            return styles
        node, where = entry
        named = self.reader.named_records(node, STYLE, "styles")
        if isinstance(node, Mapping):
            for name, label in required.items():
                if name not in node.entries:
                    self.reader.add(where, f"styles.{name}", "layout.style-required", name=name, label=label)
        for name, (style_values, style_node) in named.items():
            style = self._style(name, style_values, style_node, fonts, room)
            if style is not None:
                styles[name] = style
        return styles

    def _style(
        self, name: str, values: Values, node: Node, fonts: dict[str, FontSpec], room: Room
    ) -> TextStyle | None:
        """One text style, if its font is known and its lengths fit the 版心 (see check_style)."""
        if "font" not in values or "size" not in values:
            return None
        font_name = str(values["font"][0])
        if font_name not in fonts:
            known = tuple(sorted(fonts))
            where = values["font"][1]
            self.reader.add(where, f"styles.{name}.font", "font.family-unknown", name=font_name, known=known)
            return None
        size = float(values["size"][0])

        def length(key: str, default: float = 0.0) -> float:
            return points(value_of(values, key, default), size)

        if not check_style(self.reader, name, values, size, length, room):
            return None
        return TextStyle(
            name=name,
            family=fonts[font_name].family,
            size=size,
            leading=length("leading", size * 1.5),
            indent=length("indent"),
            left_indent=length("left_indent"),
            align=value_of(values, "align", "justify"),
            space_before=length("space_before"),
            space_after=length("space_after"),
            color=value_of(values, "color", "#000000"),
            bold=bool(value_of(values, "bold", False)),
            keep_with_next=bool(value_of(values, "keep_with_next", False)),
            outline_level=value_of(values, "outline"),
            toc=bool(value_of(values, "toc", False)),
            source=node.source,
            balance=bool(value_of(values, "balance", False)),
        )

    def _check_style_refs(
        self, styles: dict[str, TextStyle], page_number: PageNumberSpec, table: TableSpec, values: Values
    ) -> None:
        """Every style the page numbers and tables name is one the layout has."""
        refs = [("page_number.style", page_number.style, "page_number")]
        refs += [
            (f"table.{key}", getattr(table, key), "table")
            for key in ("header_style", "cell_style", "number_style", "total_style", "caption_style")
        ]
        for field_path, name, key in refs:
            if name and name not in styles and key in values:
                known = tuple(sorted(styles))
                self.reader.add(values[key][1], field_path, "layout.style-unknown", name=name, known=known)

    # the grid ----------------------------------------------------------------------------------------
    def _grid(self, values: Values | None, page: PageSpec, body: TextStyle | None) -> tuple[int, int] | None:
        """(characters a line, lines a page), if the body text at its size fits that grid in the 版心.

        Glyphs may come closer than their size by a tenth at most (GB/T 9704 needs 1.3 %: 28 of 16pt in
        156mm); lines may not come closer than the type size.
        """
        if values is None or "chars" not in values or "lines" not in values:
            return None
        size = body.size if body is not None else 0.0
        limits = _grid_limits(page, size)
        # Both counts are checked (a list, not all() over a generator): each one wrong is reported.
        fits = all([self._grid_count(values[name], name, limit, size) for name, limit in limits.items()])
        return (int(values["chars"][0]), int(values["lines"][0])) if fits else None

    def _grid_count(
        self, entry: tuple[int, Source], name: str, limit: tuple[int, int | None], size: float
    ) -> bool:
        count, at = entry
        fewest, most = limit
        if count >= fewest and (most is None or count <= most):
            return True
        self.reader.add(
            at, f"grid.{name}", f"layout.grid-{name}", **{name: count}, most=most or "—", size=f"{size:g}"
        )
        return False


def _required_styles(values: Values) -> dict[str, str]:
    """The styles the layout must define (name → label): the body always, those of the chart and the key
    figures when it asks for them."""
    return {
        name: label
        for switch, names in REQUIRED_STYLES.items()
        if not switch or value_of(values, switch, False)
        for name, label in names.items()
    }


def _grid_limits(page: PageSpec, size: float) -> dict[str, tuple[int, int | None]]:
    """The fewest and most characters a line and lines a page; no most without a body size to measure by."""
    if not size:
        return {"chars": (2, None), "lines": (1, None)}
    return {
        "chars": (2, max(int(page.frame_width / (0.9 * size)), 2)),
        "lines": (1, max(int(page.frame_height / size), 1)),
    }


def _page_number(values: Values) -> PageNumberSpec:
    return PageNumberSpec(
        style=str(value_of(values, "style", "")),
        below=value_of(values, "below", 0.0),
        inset=value_of(values, "inset", Em(1)),
        position=value_of(values, "position", "outside"),
    )


def _table(values: Values) -> TableSpec:
    grid_width = float(value_of(values, "grid_width", 0.5))
    cell_style = str(value_of(values, "cell_style", ""))
    return TableSpec(
        grid_width=grid_width,
        frame_width=float(value_of(values, "frame_width", grid_width)),
        grid_color=value_of(values, "grid_color", "#000000"),
        header_fill=value_of(values, "header_fill", "#ffffff"),
        total_fill=value_of(values, "total_fill", "#ffffff"),
        stripe_fill=value_of(values, "stripe_fill", "#ffffff"),
        padding=float(value_of(values, "padding", 3.0)),
        header_style=str(value_of(values, "header_style", "")),
        cell_style=cell_style,
        number_style=str(value_of(values, "number_style", cell_style)),
        total_style=str(value_of(values, "total_style", cell_style)),
        caption_style=str(value_of(values, "caption_style", "")),
        digit_grouping=bool(value_of(values, "digit_grouping", False)),
        drop_empty_columns=bool(value_of(values, "drop_empty_columns", False)),
    )


def _sized(table: TableSpec, kinds: dict[str, TableKind | None], cell: TextStyle | None) -> TableSpec:
    """The table spec with how each kind's columns are sized, for the renderer (which sees no kinds)."""
    found = {
        name: tuple(sizing(column, cell, table.padding) for column in kind.columns)
        for name, kind in kinds.items()
        if kind is not None
    }
    return msgspec.structs.replace(table, sizing=found)


def _typography(values: Values) -> Typography:
    return Typography(
        compress_punct=bool(value_of(values, "compress_punct", False)),
        cjk_latin_space=bool(value_of(values, "cjk_latin_space", False)),
        hang_punct=bool(value_of(values, "hang_punct", False)),
        synthetic_bold=bool(value_of(values, "synthetic_bold", False)),
        full_width_punct=bool(value_of(values, "full_width_punct", False)),
    )


def _is_file(path: Path) -> bool:
    """Path.is_file() without its exceptions: a name the system cannot look up is no file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
