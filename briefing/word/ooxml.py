"""Every piece of WordprocessingML that python-docx has no API for, written here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from lxml import etree

from briefing.word.order import PPR, RPR, SECTPR, SETTINGS, TBLPR, TCPR, child, element, put
from briefing.word.units import eighths, half_points, twips

NS_VML = "urn:schemas-microsoft-com:vml"
NS_OFFICE = "urn:schemas-microsoft-com:office:office"
NS_W10 = "urn:schemas-microsoft-com:office:word"


# runs and paragraphs ------------------------------------------------------------------------------------
def run_fonts(rpr: etree._Element, name: str) -> None:
    """One face for every script, East Asian first: Word picks the slot per character, and a digit or a
    dash (—) in a Chinese line must not fall to a Latin font the PDF does not use."""
    put(rpr, element("rFonts", ascii=name, hAnsi=name, eastAsia=name, cs=name, hint="eastAsia"), RPR)


def run_language(rpr: etree._Element) -> None:
    put(rpr, element("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"), RPR)


def text_grid(ppr: etree._Element, snap: bool) -> None:
    """Whether lines and characters snap to the document grid (only the body size is set on it)."""
    put(ppr, element("snapToGrid", val="1" if snap else "0"), PPR)


def spacing(ppr: etree._Element, before: float, after: float, line: float | None) -> None:
    """Space before and after in points; `line` exact in points, or None for single (the grid's pitch)."""
    attributes: dict[str, str | int] = {"before": twips(before), "after": twips(after)}
    if line is None:
        attributes.update(line=240, lineRule="auto")
    else:
        attributes.update(line=max(twips(line), 1), lineRule="exact")
    put(ppr, element("spacing", **attributes), PPR)


def indents(ppr: etree._Element, first: float, left: float, size: float, right: float = 0.0) -> None:
    """Indents in points, also given in characters (the 2字 of a body paragraph is two grid cells in Word)."""
    attributes: dict[str, str | int] = {"left": twips(left), "right": twips(right)}
    if left and size:
        attributes["leftChars"] = round(left / size * 100)
    if first > 0:
        attributes["firstLine"] = twips(first)
        if size:
            attributes["firstLineChars"] = round(first / size * 100)
    else:
        attributes["firstLine"] = 0
        attributes["firstLineChars"] = 0
    put(ppr, element("ind", **attributes), PPR)


def outline_level(ppr: etree._Element, level: int) -> None:
    put(ppr, element("outlineLvl", val=max(0, min(level, 8))), PPR)


def east_asian_spacing(ppr: etree._Element, on: bool) -> None:
    """Word's automatic space between Chinese and Latin letters or digits, as the layout's typography says."""
    put(ppr, element("autoSpaceDE", val="1" if on else "0"), PPR)
    put(ppr, element("autoSpaceDN", val="1" if on else "0"), PPR)


def border(ppr: etree._Element, side: str, width: float, colour: str) -> None:
    """A paragraph border (the 版记 lines): width in points, Word's unit is an eighth of a point."""
    borders = child(ppr, "pBdr", PPR)
    order = ["top", "left", "bottom", "right", "between", "bar"]
    put(borders, element(side, val="single", sz=eighths(width), space=1, color=colour.lstrip("#")), order)


def frame_at_foot(ppr: etree._Element, width: float) -> None:
    """A frame at the foot of the 版心: what the PDF's [vfill] does (cover date, 版记), in Word's terms.
    Consecutive paragraphs with the same frame share it."""
    put(
        ppr,
        element(
            "framePr",
            w=twips(width),
            wrap="around",
            vAnchor="margin",
            hAnchor="margin",
            xAlign="center",
            yAlign="bottom",
        ),
        PPR,
    )


# sections --------------------------------------------------------------------------------------------------
def doc_grid(sectpr: etree._Element, line_pitch: int, char_space: int | None) -> None:
    """The 22 × 28 grid of GB/T 9704: lines and characters, or lines only."""
    if char_space is None:
        grid = element("docGrid", type="lines", linePitch=line_pitch)
    else:
        grid = element("docGrid", type="linesAndChars", linePitch=line_pitch, charSpace=char_space)
    put(sectpr, grid, SECTPR)


def page_numbers_from(sectpr: etree._Element, start: int) -> None:
    put(sectpr, element("pgNumType", fmt="decimal", start=start), SECTPR)


def end_section_here(paragraph: etree._Element, sectpr: etree._Element) -> None:
    """Word keeps a section's properties in its last paragraph (python-docx's add_section would add an
    empty paragraph for them, an extra line that can spill onto a new page)."""
    ppr = paragraph.get_or_add_pPr()
    put(ppr, sectpr, PPR)


# fields, bookmarks, links ----------------------------------------------------------------------------
def _run(*children: etree._Element) -> etree._Element:
    run = OxmlElement("w:r")
    for item in children:
        run.append(item)
    return run


def _text(value: str) -> etree._Element:
    text = OxmlElement("w:t")
    text.text = value
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return text


def field_runs(instruction: str, result: str) -> list[etree._Element]:
    """A complex field (begin, instruction, separate, the result as printed, end)."""
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [
        _run(element("fldChar", fldCharType="begin")),
        _run(instr),
        _run(element("fldChar", fldCharType="separate")),
        _run(_text(result)),
        _run(element("fldChar", fldCharType="end")),
    ]


def field_begin(paragraph: etree._Element, instruction: str) -> None:
    """Open a field at the start of `paragraph`; its result runs on (over paragraphs) until field_end."""
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    at = 1 if paragraph.find(qn("w:pPr")) is not None else 0
    for offset, run in enumerate(
        (
            _run(element("fldChar", fldCharType="begin")),
            _run(instr),
            _run(element("fldChar", fldCharType="separate")),
        )
    ):
        paragraph.insert(at + offset, run)


def field_end(paragraph: etree._Element) -> None:
    paragraph.append(_run(element("fldChar", fldCharType="end")))


def contents_entry(paragraph: etree._Element, text: str, anchor: str, page: str) -> None:
    """One entry of a pre-filled TOC field as Word writes it: a link to the heading's bookmark, a tab to the
    dotted right tab stop, and a PAGEREF field holding the page number."""
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    link.append(_run(_text(text)))
    link.append(_run(OxmlElement("w:tab")))
    for run in field_runs(f"PAGEREF {anchor} \\h", page):
        link.append(run)
    paragraph.append(link)


def bookmark(paragraph: etree._Element, number: int, name: str) -> None:
    """A bookmark around the paragraph's text (the TOC field links to headings by these)."""
    start = element("bookmarkStart", id=number, name=name)
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(1 if ppr is not None else 0, start)
    paragraph.append(element("bookmarkEnd", id=number))


# tables ---------------------------------------------------------------------------------------------------
def table_frame(
    tbl: etree._Element, widths: Iterable[float], padding: float, borders: dict[str, tuple[float, str]]
) -> None:
    """Fixed column widths, centred, cell margins, and the frame and grid rules."""
    tblpr = tbl.tblPr
    total = sum(twips(width) for width in widths)
    put(tblpr, element("tblW", w=total, type="dxa"), TBLPR)
    put(tblpr, element("jc", val="center"), TBLPR)
    put(tblpr, element("tblInd", w=0, type="dxa"), TBLPR)
    rules = element("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        width, colour = borders[side]
        rules.append(_edge(side, width, colour))
    put(tblpr, rules, TBLPR)
    put(tblpr, element("tblLayout", type="fixed"), TBLPR)
    margins = element("tblCellMar")
    vertical = twips(0.6 * padding)  # as the PDF: 0.6 of the padding above and below a cell's text
    # Across, a little less than the PDF's padding: Word and LibreOffice take the rules' width out of the
    # cell too, and a 2字 column (序号) must still hold its two characters.
    across = twips(0.8 * padding)
    for side, value in (("top", vertical), ("left", across), ("bottom", vertical), ("right", across)):
        margins.append(element(side, w=value, type="dxa"))
    put(tblpr, margins, TBLPR)


def float_at_foot(tbl: etree._Element) -> None:
    """The table floats at the bottom of the 版心, centred, text kept off it."""
    position = element(
        "tblpPr",
        leftFromText=0,
        rightFromText=0,
        vertAnchor="margin",
        horzAnchor="margin",
        tblpXSpec="center",
        tblpYSpec="bottom",
    )
    put(tbl.tblPr, position, TBLPR)
    put(tbl.tblPr, element("tblOverlap", val="never"), TBLPR)


def _edge(side: str, width: float, colour: str) -> etree._Element:
    if width <= 0:
        return element(side, val="nil")
    return element(side, val="single", sz=eighths(width), space=0, color=colour.lstrip("#"))


def cell_edges(tc: etree._Element, edges: dict[str, tuple[float, str]]) -> None:
    tcpr = tc.get_or_add_tcPr()
    box = child(tcpr, "tcBorders", TCPR)
    order = ["top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"]
    for side, (width, colour) in edges.items():
        put(box, _edge(side, width, colour), order)


def cell_fill(tc: etree._Element, colour: str) -> None:
    put(tc.get_or_add_tcPr(), element("shd", val="clear", color="auto", fill=colour.lstrip("#")), TCPR)


def repeat_as_header(tr: etree._Element) -> None:
    """The row repeats at the top of every page the table runs onto (Word's way; it has no 续表 caption)."""
    trpr = tr.get_or_add_trPr()
    trpr.append(element("tblHeader", val="1"))


# the document's settings, styles, fonts ----------------------------------------------------------------
def settings(root: etree._Element, *, mirror: bool, embed: bool, compress_punct: bool) -> None:
    if mirror:
        put(root, element("mirrorMargins"), SETTINGS)
    if embed:
        put(root, element("embedTrueTypeFonts"), SETTINGS)
    put(
        root,
        element("characterSpacingControl", val="compressPunctuation" if compress_punct else "doNotCompress"),
        SETTINGS,
    )
    put(root, element("themeFontLang", val="en-US", eastAsia="zh-CN"), SETTINGS)


def defaults(styles_root: etree._Element, font: str, size: float) -> None:
    """The document defaults every style falls back on: the body's face and size, Chinese, no spacing."""
    for old in styles_root.findall(qn("w:docDefaults")):
        styles_root.remove(old)
    docdefaults = element("docDefaults")
    rpr_default = element("rPrDefault")
    rpr = OxmlElement("w:rPr")
    run_fonts(rpr, font)
    put(rpr, element("sz", val=half_points(size)), RPR)
    put(rpr, element("szCs", val=half_points(size)), RPR)
    run_language(rpr)
    rpr_default.append(rpr)
    ppr_default = element("pPrDefault")
    ppr = OxmlElement("w:pPr")
    spacing(ppr, 0, 0, None)
    ppr_default.append(ppr)
    docdefaults.append(rpr_default)
    docdefaults.append(ppr_default)
    styles_root.insert(0, docdefaults)


def font_table(names: Sequence[tuple[str, tuple[str, ...], Sequence[tuple[str, str, str]]]]) -> bytes:
    """word/fontTable.xml: each face named in the document, its alternative names, and embedded files
    as (kind, relationship id, font key) with kind Regular or Bold."""
    root = parse_xml(
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
    )
    for name, alternatives, embedded in names:
        font = OxmlElement("w:font", {qn("w:name"): name})
        if alternatives:
            font.append(element("altName", val=",".join(alternatives)))
        font.append(element("charset", val="86"))  # GB2312: Word substitutes a Chinese face when it has none
        font.append(element("family", val="auto"))
        font.append(element("pitch", val="variable"))
        for kind, rid, key in embedded:
            font.append(OxmlElement(f"w:embed{kind}", {qn("r:id"): rid, qn("w:fontKey"): key}))
        root.append(font)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# the watermark ---------------------------------------------------------------------------------------
_TEXT_PATH_TYPE = (
    '<v:shapetype xmlns:v="{v}" xmlns:o="{o}" id="_x0000_t136" coordsize="21600,21600" o:spt="136" '
    'adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{eqn}"/>'
        for eqn in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
    )
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>'
    '</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
).format(v=NS_VML, o=NS_OFFICE)


def watermark_run(
    text: str,
    font: str,
    colour: str,
    width: float,
    height: float,
    number: int,
    *,
    word_mark: bool,
    left: float | None = None,
    top: float | None = None,
    rotation: int = 315,
    with_type: bool = True,
) -> etree._Element:
    """A run holding a VML text-path shape behind the text, as Word writes its 水印 into the header.

    `word_mark` names it PowerPlusWaterMarkObject, the name Word's own 水印 menu finds and removes; a
    shape at `left`/`top` (points from the page's top-left corner) is placed there, else centred on the
    page (as the PDF centres it).
    """
    if left is None or top is None:
        place = (
            "margin-left:0;margin-top:0;mso-position-horizontal:center;mso-position-horizontal-relative:page;"
            "mso-position-vertical:center;mso-position-vertical-relative:page"
        )
    else:
        place = (
            f"margin-left:{left:.2f}pt;margin-top:{top:.2f}pt;mso-position-horizontal-relative:page;"
            "mso-position-vertical-relative:page"
        )
    shape_id = f"PowerPlusWaterMarkObject{number}" if word_mark else f"BriefingMark{number}"
    pict = OxmlElement("w:pict")
    if with_type:  # the shape type, once a header: every text-path shape there refers to it by id
        pict.append(etree.fromstring(_TEXT_PATH_TYPE))
    shape = etree.SubElement(pict, f"{{{NS_VML}}}shape")
    shape.set("id", shape_id)
    shape.set(f"{{{NS_OFFICE}}}spid", f"_x0000_s{2049 + number}")
    shape.set("type", "#_x0000_t136")
    shape.set(
        "style",
        f"position:absolute;{place};width:{width:.2f}pt;height:{height:.2f}pt;rotation:{rotation};"
        f"z-index:-{251657216 - number}",
    )
    shape.set(f"{{{NS_OFFICE}}}allowincell", "f")
    shape.set("fillcolor", colour)
    shape.set("stroked", "f")
    fill = etree.SubElement(shape, f"{{{NS_VML}}}fill")
    fill.set("opacity", "1")
    path = etree.SubElement(shape, f"{{{NS_VML}}}textpath")
    path.set("style", f'font-family:"{font}";font-size:1pt')
    path.set("string", text)
    wrap = etree.SubElement(shape, f"{{{NS_W10}}}wrap")
    wrap.set("anchorx", "page")
    wrap.set("anchory", "page")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(element("noProof"))
    run.append(rpr)
    run.append(pict)
    return run
