"""The typed layout model: page geometry, text styles, fonts, tables and templates of a layout."""

from __future__ import annotations

from pathlib import Path

import msgspec

from briefing.errors import Source
from briefing.model.lengths import Em


class FontSpec(msgspec.Struct, frozen=True):
    """One font family from a fonts.yaml manifest (or a file a layout names directly)."""

    family: str
    path: Path
    index: int
    fallback: str | None
    licence: Path | None
    source: Source
    field: str = ""  # where messages about its file point, when not families.<family>.file (a layout's own)


class TextStyle(msgspec.Struct, frozen=True):
    """How one kind of text is set; sizes and lengths are in points."""

    name: str
    family: str
    size: float
    leading: float
    indent: float
    left_indent: float
    align: str
    space_before: float
    space_after: float
    color: str
    bold: bool
    keep_with_next: bool
    outline_level: int | None
    toc: bool
    source: Source
    balance: bool = False  # lines of a wrapped paragraph about equally long (titles)


class PageSpec(msgspec.Struct, frozen=True):
    """Paper and 版心: margins are inner (binding side) and outer, mirrored on even pages when asked."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    mirror: bool

    @property
    def frame_width(self) -> float:
        return self.width - self.inner - self.outer

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom

    def frame_left(self, page_number: int, mirrored: bool) -> float:
        """x of the 版心's left edge on a physical page (1-based); even pages mirror when `mirrored`."""
        return self.outer if mirrored and page_number % 2 == 0 else self.inner


class PageNumberSpec(msgspec.Struct, frozen=True):
    """Where and in which style page numbers are printed."""

    style: str
    below: float
    inset: float
    position: str


class ColumnSizing(msgspec.Struct, frozen=True):
    """How one column's width is found: fixed in points (N字), a share of what is left (N*), or sized
    from the widths of its content (auto)."""

    fixed: float | None = None
    share: float = 0.0
    auto: bool = False


class TableSpec(msgspec.Struct, frozen=True):
    """How data tables are ruled, filled and padded, the styles of their cells, how their columns are
    sized (per table kind, in column order) and how their numbers are written."""

    grid_width: float
    frame_width: float
    grid_color: str
    header_fill: str
    total_fill: str
    stripe_fill: str
    padding: float
    header_style: str
    cell_style: str
    number_style: str
    total_style: str
    caption_style: str
    sizing: dict[str, tuple[ColumnSizing, ...]] = msgspec.field(default_factory=dict)
    digit_grouping: bool = False  # 12,345.6 rather than 12345.6 in number columns
    drop_empty_columns: bool = False  # leave out a column that is empty (the empty mark) in every row


class Typography(msgspec.Struct, frozen=True):
    """Typesetting options: punctuation compression, CJK–Latin space, hanging marks, synthetic bold, and
    half-width , : ; ( ) in Chinese text printed full-width."""

    compress_punct: bool
    cjk_latin_space: bool
    hang_punct: bool
    synthetic_bold: bool
    full_width_punct: bool = False


class TemplateSource(msgspec.Struct, frozen=True):
    """A Jinja2 source with the file it came from (for located errors)."""

    name: str
    text: str
    source: Source


class WordSpec(msgspec.Struct, frozen=True):
    """What a Word file names (the layout's `word:` section): fonts by family, styles by layout style."""

    fonts: dict[str, tuple[str, ...]] = msgspec.field(default_factory=dict)  # family → names, first written
    styles: dict[str, str] = msgspec.field(default_factory=dict)  # layout style → Word style name


class Layout(msgspec.Struct, frozen=True):
    """A validated layout: page geometry, styles, fonts, tables, texts and blocks."""

    name: str
    path: Path
    description: str
    page: PageSpec
    grid: tuple[int, int] | None
    styles: dict[str, TextStyle]
    fonts: dict[str, FontSpec]
    templates: dict[str, TemplateSource]
    texts: dict[str, TemplateSource]
    blocks: tuple[str, ...]
    page_number: PageNumberSpec
    table: TableSpec
    typography: Typography
    chart: bool
    key_figures: bool
    source: Source
    word: WordSpec = msgspec.field(default_factory=WordSpec)
    # A packet of chosen areas (--areas): "renumber" its areas 一、二、… or "keep" the whole packet's numbers.
    areas_numbering: str = "renumber"
    # Between areas: "page" (each starts a new page), or they run on after a "rule" or a "space" of one line.
    areas_break: str = "page"


class FontBook(msgspec.Struct, frozen=True):
    """Every known family (later manifests override earlier ones) and the default family of each role."""

    families: dict[str, FontSpec]
    roles: dict[str, str]

    def resolve(self, name: str) -> FontSpec | None:
        """A role (fangsong …) or a family name to its FontSpec."""
        family = self.roles.get(name, name)
        return self.families.get(family)


class Column(msgspec.Struct, frozen=True):
    """One column of a data table as the layout defines it."""

    field: str
    label: TemplateSource
    width: float | Em | str  # an auto column is "1*" here: a share where its content is not measured
    align: str
    auto: bool = False  # sized from its content when rendered


class TableKind(msgspec.Struct, frozen=True):
    """A kind of data table (targets, projects, grand total): caption, columns and money unit."""

    caption: TemplateSource
    columns: tuple[Column, ...]
    money_unit: str


class LoadedLayout(msgspec.Struct, frozen=True):
    """A layout with the table definitions that only composition needs."""

    layout: Layout
    tables: dict[str, TableKind]
    fontbook: FontBook
