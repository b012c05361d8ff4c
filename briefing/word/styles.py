"""The document's own named styles, one for each of the layout's text styles (正文, 标题 1, 表格 …)."""

from __future__ import annotations

import msgspec
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from briefing.layouts.word import builtin_style, usable_style_name
from briefing.model.layout import Layout, TextStyle
from briefing.word import ooxml
from briefing.word.fonts import WordFont
from briefing.word.units import half_points

ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
# Styles Word needs whatever the layout says: the defaults every part falls back on, and the styles of the
# header and footer python-docx makes.
_KEEP = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "header", "footer"}


class Grid(msgspec.Struct, frozen=True):
    """The document grid in Word's units: lines a page, characters a line, for type of `size` points."""

    size: float
    line_pitch: int  # twips
    char_space: int | None  # 4096ths of a point added to `size`; None for a grid of lines only


class Styles:
    """Word styles made from the layout's: each layout style name maps to one Word paragraph style."""

    def __init__(self, document: Document, layout: Layout, fonts: dict[str, WordFont], grid: Grid | None):
        self.document = document
        self.layout = layout
        self.fonts = fonts
        self.grid = grid
        self.by_layout: dict[str, ParagraphStyle] = {}
        self.template: dict[str, BaseStyle] = {}
        styles = document.styles
        body = layout.styles.get("body")
        if body is not None:
            ooxml.defaults(styles.element, fonts[body.family].name, body.size)
        wanted = {self.word_name(name) for name in layout.styles} | _KEEP | {"Normal"}
        for style in list(styles):  # the template's many others would only clutter Word's style list
            internal = _internal(style)
            if internal in wanted:
                self.template[internal] = style
            else:
                style.delete()
        names = ["body", *(name for name in layout.styles if name != "body")] if body else list(layout.styles)
        for name in names:
            self.by_layout[name] = self._make(name, layout.styles[name])
        if body is not None and self.word_name("body") != "Normal":
            # Normal is what every style falls back on and what the grid's character pitch is measured by.
            self._make("body", body, "Normal")
        self._plain_header()

    def word_name(self, name: str) -> str:
        """The name a layout style has in Word, as the layout wrote it (正文, 标题 1, 表格); the body is
        Word's Normal (正文) unless the layout names it otherwise."""
        given = self.layout.word.styles.get(name, "Normal" if name == "body" else name)
        if not usable_style_name(given):  # a layout's own style key, unchecked: keep Word's file readable
            given = f"样式 {sorted(self.layout.styles).index(name) + 1}"
        return builtin_style(given) or given

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_layout[name]

    def apply(self, paragraph: Paragraph, name: str) -> Paragraph:
        """Set a paragraph's style by id (python-docx's `style =` looks the style up among all of them)."""
        paragraph._p.get_or_add_pPr().style = self.by_layout[name].style_id
        return paragraph

    def on_grid(self, style: TextStyle) -> bool:
        """Text of the body's size sits on the grid (as the PDF sets it: pitch and line of the grid)."""
        return self.grid is not None and abs(style.size - self.grid.size) < 1e-6

    def _make(self, name: str, text: TextStyle, internal: str = "") -> ParagraphStyle:
        internal = internal or self.word_name(name)
        styles = self.document.styles
        existing = self.template.get(internal)
        if existing is not None and existing.type == WD_STYLE_TYPE.PARAGRAPH:
            style = existing
            _clear(style)
        else:
            style = styles.add_style(internal, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        if internal != "Normal":
            style.base_style = styles["Normal"]
            style.next_paragraph_style = styles["Normal"] if text.outline_level is not None else style
        style.quick_style = True
        style.hidden = False
        self._character(style, text)
        self._paragraph(style, text)
        return style

    def _character(self, style: ParagraphStyle, text: TextStyle) -> None:
        font = self.fonts[text.family]
        rpr = style.element.get_or_add_rPr()
        ooxml.run_fonts(rpr, font.name)
        style.font.size = Pt(half_points(text.size) / 2)
        style.font.bold = bool(text.bold or font.bold)
        if text.color.lower() != "#000000":
            style.font.color.rgb = RGBColor.from_string(text.color.lstrip("#").upper())

    def _paragraph(self, style: ParagraphStyle, text: TextStyle) -> None:
        layout = self.layout
        form = style.paragraph_format
        form.alignment = ALIGN.get(text.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        form.keep_with_next = text.keep_with_next
        form.widow_control = True
        ppr = style.element.get_or_add_pPr()
        on_grid = self.on_grid(text)
        ooxml.text_grid(ppr, on_grid)
        line = self.grid.line_pitch / 20 if on_grid and self.grid else text.leading
        # An exact line of the grid's pitch (Word practice for 公文: 固定值 28.95 磅) holds one grid line
        # whatever the face's own ascent and descent, which "single" would round up to two lines.
        ooxml.spacing(ppr, text.space_before, text.space_after, line)
        ooxml.indents(ppr, text.indent, text.left_indent, text.size)
        ooxml.east_asian_spacing(ppr, layout.typography.cjk_latin_space)
        level = text.outline_level if text.outline_level is not None else (0 if text.toc else None)
        if level is not None:
            ooxml.outline_level(ppr, level)
        if self.word_name(text.name).startswith("toc "):
            form.tab_stops.add_tab_stop(
                Pt(layout.page.frame_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )

    def _plain_header(self) -> None:
        """The header holds only the watermark: an empty line off the grid that moves nothing."""
        header = self.template.get("header")
        if not isinstance(header, ParagraphStyle) or header in self.by_layout.values():
            return
        _clear(header)
        header.base_style = self.document.styles["Normal"]
        ppr = header.element.get_or_add_pPr()
        ooxml.text_grid(ppr, False)
        ooxml.spacing(ppr, 0, 0, None)
        ooxml.indents(ppr, 0, 0, 0)


def _internal(style: BaseStyle) -> str:
    """A style's name as styles.xml has it (python-docx shows built-in ones by their UI names)."""
    node = style.element.find(qn("w:name"))
    return str(node.get(qn("w:val"))) if node is not None else str(style.name)


def _clear(style: BaseStyle) -> None:
    """Forget what the template said about a built-in style; the layout says it all again."""
    element = style.element
    for tag in (
        "w:pPr",
        "w:rPr",
        "w:link",
        "w:basedOn",
        "w:next",
        "w:uiPriority",
        "w:semiHidden",
        "w:unhideWhenUsed",
    ):
        for old in element.findall(qn(tag)):
            element.remove(old)
