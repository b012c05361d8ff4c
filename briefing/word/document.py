"""A composed plan as .docx bytes: page set-up and grid, styles, the story, footers, watermark and fonts."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator, Mapping

import docx
import msgspec
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml
from docx.shared import Pt

from briefing.errors import Issue, RenderError, Source, issue
from briefing.model.layout import Layout
from briefing.model.lengths import Em
from briefing.model.plan import (
    PAGE_TOKEN,
    Block,
    Chart,
    Contents,
    KeyFigures,
    Origin,
    Para,
    Plan,
    ProgressChart,
    TablePlan,
)
from briefing.word import ooxml
from briefing.word.fonts import Embedded, WordFont, embedded_files, word_fonts
from briefing.word.story import Story
from briefing.word.styles import Grid, Styles
from briefing.word.units import twips

# The PDF's greys (render/marks.py): light enough to read through, dark enough to print.
DRAFT_GREY = "#d9d9d9"
WATERMARK_GREY = "#e3e3e3"
PROPERTY_LIMIT = 255
HEADER_DISTANCE = 15 * 72 / 25.4  # where Word puts a header by default; the watermark ignores it
# XML 1.0 has no way to write these, escaped or not.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# An embedded font's part: its relationship to the font table, and its content type (obfuscated, ECMA-376
# Part 1 §17.8.1).
REL_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


class Written(msgspec.Struct, frozen=True):
    """The .docx bytes, and the font families that were to be embedded but whose licence bits forbid it."""

    data: bytes
    not_embedded: tuple[str, ...] = ()


def write(
    plan: Plan,
    heading_pages: dict[str, int],
    *,
    embed_fonts: bool = False,
    table_widths: Mapping[object, tuple[float, ...]] | None = None,
) -> Written:
    """The plan as a Word document. Raises RenderError naming file, line and field for text XML cannot hold."""
    problems = text_problems(plan)
    if problems:
        raise RenderError(problems)
    layout = plan.layout
    document = docx.Document()
    used = used_styles(plan)
    families = {layout.styles[name].family for name in layout.styles}
    fonts, refused = word_fonts(layout, families, embed_fonts, {layout.styles[name].family for name in used})
    grid = _grid(layout)
    _page_setup(document, plan, grid)
    styles = Styles(document, layout, fonts, grid)
    story = Story(document, plan, styles, heading_pages, table_widths or {})
    story.write()
    if story.numbered_section is not None:  # as the PDF: numbers start at the first contents heading
        _footers(document, plan, styles, story.numbered_section)
    _watermarks(document, plan, fonts)
    _properties(document, plan)
    embedded = embedded_files(fonts) if embed_fonts else []
    ooxml.settings(
        document.settings.element,
        mirror=layout.page.mirror and plan.duplex,
        embed=bool(embedded),
        compress_punct=layout.typography.compress_punct,
    )
    _font_table(document, fonts, embedded)
    _tidy(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return Written(_reproducible(buffer.getvalue()), refused)


def _reproducible(package: bytes) -> bytes:
    """The same package with every member dated 1980-01-01, so the same packet gives the same bytes.

    python-docx stamps each zip member with the time of saving; the document's own dates (core.xml) are
    left out, as the PDF's are fixed.
    """
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = member.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(member))
    return out.getvalue()


# what the plan holds --------------------------------------------------------------------------------------
def _texts(plan: Plan) -> Iterator[tuple[str, Origin]]:
    for block in plan.blocks:
        if isinstance(block, Para):
            yield block.text, block.origin
        elif isinstance(block, Contents):
            yield block.title.text, block.title.origin
        elif isinstance(block, TablePlan):
            yield block.caption.text, block.caption.origin
            if block.note is not None:
                yield block.note.text, block.note.origin
            for row in (block.header, *block.rows):
                for cell in row.cells:
                    yield cell.text, cell.origin
        elif isinstance(block, KeyFigures):
            for value, label in block.items:
                yield value.text, value.origin
                yield label.text, label.origin
        elif isinstance(block, Chart):
            yield block.title.text, block.title.origin
            for text in (*block.labels, *block.value_texts):
                yield text, block.origin
        elif isinstance(block, ProgressChart):
            yield block.title.text, block.title.origin
            for row_label, _ in block.rows:
                yield row_label, block.origin
    layout = plan.layout
    yield plan.page_number_format.replace(PAGE_TOKEN, "1"), Origin(layout.source, "texts.page_number")
    marks = plan.marks
    # Packet and recipient files refuse these characters when read; only the command line gets here.
    yield marks.draft, Origin(Source("--draft"), "")
    yield marks.watermark, Origin(Source("recipients"), "name")


def text_problems(plan: Plan) -> list[Issue]:
    """Every text holding a character no XML file can (a control character from a template or --draft)."""
    found: list[Issue] = []
    for text, origin in _texts(plan):
        bad = _NOT_XML.search(text)
        if bad:
            found.append(issue(origin.source, origin.field, "word.control-char", char=f"U+{ord(bad[0]):04X}"))
    return found


def used_styles(plan: Plan) -> set[str]:
    """The layout styles the document's text is set in (their fonts are the ones worth embedding)."""
    used = {plan.layout.page_number.style}
    for block in plan.blocks:
        used.update(_block_styles(block))
    if plan.marks.copy_number:
        used.update(name for name in ("copy_number", "mark", "body") if name in plan.layout.styles)
    if plan.marks.draft or plan.marks.watermark:
        used.add("mark" if "mark" in plan.layout.styles else "body")
    return used & set(plan.layout.styles)


def _block_styles(block: Block) -> Iterator[str]:
    if isinstance(block, Para):
        yield block.style
    elif isinstance(block, Contents):
        yield from (block.title.style, block.entry_style)
    elif isinstance(block, TablePlan):
        yield block.caption.style
        if block.note is not None:
            yield block.note.style
        for row in (block.header, *block.rows):
            yield from (cell.style for cell in row.cells)
    elif isinstance(block, KeyFigures):
        yield from (block.value_style, block.label_style)
    elif isinstance(block, (Chart, ProgressChart)):
        yield from (block.title.style, block.label_style)


# page set-up -------------------------------------------------------------------------------------------------
def _grid(layout: Layout) -> Grid | None:
    """GB/T 9704's 22 × 28 as Word's document grid, from the 版心 in twips as Word has it."""
    body = layout.styles.get("body")
    if layout.grid is None or body is None:
        return None
    page = layout.page
    chars, lines = layout.grid
    width = twips(page.width) - twips(page.inner) - twips(page.outer)
    height = twips(page.height) - twips(page.top) - twips(page.bottom)
    pitch, char_space = grid_values(width, height, chars, lines, body.size)
    return Grid(body.size, pitch, char_space)


def grid_values(frame_width: int, frame_height: int, chars: int, lines: int, size: float) -> tuple[int, int]:
    """(linePitch, charSpace) as Word computes them from the 版心 in twips.

    Word floors both, so that the lines and characters asked for always fit: 12756 twips / 22 lines gives
    579, and 8845 twips / 28 characters of 16 pt gives a pitch of 15.7946 pt, written as its difference
    from the Normal style's size in 4096ths of a point (LibreOffice reads it back the same way:
    writerfilter's SectionPropertyMap), −842.
    """
    pitch = math.floor(frame_height / lines)
    char_space = math.floor((frame_width / chars / 20 - size) * 4096)
    return pitch, char_space


def _page_setup(document: Document, plan: Plan, grid: Grid | None) -> None:
    """The last section's properties; the story copies them into every section it ends."""
    page = plan.layout.page
    section = document.sections[0]
    section.page_width = Pt(page.width)
    section.page_height = Pt(page.height)
    section.top_margin = Pt(page.top)
    section.bottom_margin = Pt(page.bottom)
    section.left_margin = Pt(page.inner)  # the 订口; with mirrored margins Word swaps them on even pages
    section.right_margin = Pt(page.outer)
    section.gutter = Pt(0)
    section.header_distance = Pt(HEADER_DISTANCE)
    number = plan.layout.page_number
    style = plan.layout.styles[number.style]
    # The footer's one line is centred where the PDF puts the 一字线: `below` under the 版心.
    section.footer_distance = Pt(max(page.bottom - number.below - style.size / 2, 0))
    if grid is not None:
        ooxml.doc_grid(section._sectPr, grid.line_pitch, grid.char_space)


def _footers(document: Document, plan: Plan, styles: Styles, numbered: int) -> None:
    """ "— 1 —" from the section where the PDF's page 1 is: odd pages right, even left, each `inset` in."""
    layout = plan.layout
    spec = layout.page_number
    text = layout.styles[spec.style]
    before, _, after = plan.page_number_format.partition(PAGE_TOKEN)
    inset = float(spec.inset) * text.size if isinstance(spec.inset, Em) else float(spec.inset)
    outside = spec.position == "outside"
    document.settings.odd_and_even_pages_header_footer = outside
    section = document.sections[numbered]
    ooxml.page_numbers_from(section._sectPr, 1)
    places = [(section.footer, "right" if outside else spec.position)]
    if outside:
        places.append((section.even_page_footer, "left"))
    for footer, position in places:
        footer.is_linked_to_previous = False
        paragraph = styles.apply(footer.paragraphs[0], spec.style)
        if before:
            paragraph.add_run(before)
        for run in ooxml.field_runs("PAGE", "1"):
            paragraph._p.append(run)
        if after:
            paragraph.add_run(after)
        ppr = paragraph._p.get_or_add_pPr()
        ooxml.text_grid(ppr, False)
        ooxml.spacing(ppr, 0, 0, text.size)
        right = inset if position == "right" else 0.0
        left = inset if position == "left" else 0.0
        ooxml.indents(ppr, 0, left, text.size, right)
        from briefing.word.styles import ALIGN

        paragraph.alignment = ALIGN.get(position, ALIGN["center"])


def _watermarks(document: Document, plan: Plan, fonts: dict[str, WordFont]) -> None:
    """The draft mark as Word's own 水印 (a text-path shape in the header), and a recipient's mark tiled."""
    marks = plan.marks
    if not marks.draft and not marks.watermark:
        return
    layout = plan.layout
    style = layout.styles.get("mark") or layout.styles["body"]
    font = fonts[style.family].name
    page = layout.page
    section = document.sections[0]
    headers = [section.header]
    if document.settings.odd_and_even_pages_header_footer:
        headers.append(section.even_page_header)
    for index, header in enumerate(headers):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        number = index * 10 + 1
        if marks.draft:
            width, height = _extent(marks.draft, 64)
            paragraph._p.append(
                ooxml.watermark_run(
                    marks.draft, font, DRAFT_GREY, width, height, number, word_mark=True, rotation=325
                )
            )
        typed = bool(marks.draft)
        if marks.watermark:
            width, height = _extent(marks.watermark, 18)
            for row in range(3):
                for column in range(2):
                    number += 1
                    left = page.width * (column + 0.5) / 2 - width / 2
                    top = page.height * (row + 0.5) / 3 - height / 2
                    run = ooxml.watermark_run(
                        marks.watermark,
                        font,
                        WATERMARK_GREY,
                        width,
                        height,
                        number,
                        word_mark=False,
                        left=left,
                        top=top,
                        rotation=325,
                        with_type=not typed,
                    )
                    typed = True
                    paragraph._p.append(run)


def _extent(text: str, size: float) -> tuple[float, float]:
    """The box a text-path shape stretches its text to: one em a Chinese character, about half for others."""
    ems = sum(1.0 if ord(char) >= 0x2E80 else 0.55 for char in text)
    return max(ems, 1.0) * size, size


def _properties(document: Document, plan: Plan) -> None:
    """Title, author, subject and keywords, as the PDF's document information has them."""
    meta = plan.metadata
    core = document.core_properties
    core.title = _property(meta.title)
    core.author = _property(meta.author)
    core.last_modified_by = _property(meta.author)
    core.subject = _property(meta.subject)
    core.keywords = _property(meta.keywords)  # every area's title: long for a packet of many areas
    core.language = meta.lang
    core.comments = meta.creator
    core.revision = 1


def _property(text: str) -> str:
    """python-docx refuses a document property longer than 255 characters; Word shows far fewer."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def _tidy(document: Document) -> None:
    """Drop what python-docx's template carries and this document does not use: the template's preview
    picture (a file browser would show it as this document's), its bibliography store, Word 2010's copy
    of the styles (the styles are ours now)."""
    for rid, rel in list(document.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del document.part.package.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            document.part.drop_rel(rid)


def _font_table(document: Document, fonts: dict[str, WordFont], embedded: list[Embedded]) -> None:
    """word/fontTable.xml naming every face the styles use, with the embedded files (obfuscated) it owns."""
    package = document.part.package
    table = XmlPart(
        PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, parse_xml(ooxml.font_table([])), package
    )
    kinds: dict[str, list[tuple[str, str, str]]] = {}
    for number, file in enumerate(embedded, start=1):
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, file.data, package)
        rid = table.relate_to(part, REL_FONT)
        kinds.setdefault(file.name, []).append(("Bold" if file.bold else "Regular", rid, file.key))
    names: dict[str, list[str]] = {}
    for font in fonts.values():
        alternatives = names.setdefault(font.name, [])
        alternatives.extend(name for name in font.alternatives if name not in alternatives)
    entries = [
        (name, tuple(alternatives), sorted(kinds.get(name, []), key=lambda kind: kind[0] != "Regular"))
        for name, alternatives in names.items()
    ]
    fresh = parse_xml(ooxml.font_table(entries))
    root = table.element
    for font in fresh:
        root.append(font)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            document.part.drop_rel(rid)
    document.part.relate_to(table, RT.FONT_TABLE)
