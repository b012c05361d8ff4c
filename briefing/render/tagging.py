"""Tagged PDF: marked content written into the page streams as the pages are drawn, the structure tree at save.

ReportLab has no tagging API. Every page's stream is artifact by default (/Artifact BMC … EMC): rules,
fills, bars and anything else drawn outside a tagged block are page furniture. A block of content (a
paragraph, a heading, a table cell, a contents entry, the chart) closes that artifact, opens its own
marked-content sequence with the next MCID of the page, and reopens the artifact after it. Page numbers,
份号 and watermarks are pagination artifacts inside it. At save the elements become StructElem objects
(one Document holding H1/H2/P/Table/TOC/Figure…), with the ParentTree that maps each page's MCIDs back
to them; their order is the order they were first drawn in, which is the story's, the reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pdf_writer import Preformatted
from briefing.render.reportlab_private import (
    add_annotation,
    destination,
    document_object_table,
    document_pages,
    pdf_document,
    register_objects,
    set_catalog_entries,
    set_page_entries,
)

# Paragraph styles that are headings; every other style is a paragraph (P).
HEADING_TAGS = {"h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6", "toc_title": "H1"}
WATERMARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"


def text_string(text: str) -> str:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex (safe in any PDF, any language)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class Element:
    """A structure element: its type, its parent, and its kids in reading order (elements, marked
    content as (page, MCID), link annotations as (page, annotation name, struct-parent key))."""

    __slots__ = ("attributes", "kids", "name", "parent", "ref", "tag", "text")

    def __init__(self, tag: str, parent: Element | None = None, attributes: str = "", text: str = ""):
        self.tag = tag
        self.parent = parent
        self.kids: list[Element | tuple[int, int] | tuple[int, str, int]] = []
        self.attributes = attributes  # extra entries, already PDF (/A, /Alt …)
        self.text = text  # what the element says, for tests and alt texts (not written)
        self.name = ""  # its object's name in the document, given at save
        self.ref = ""  # a reference to its object ("12 0 R"), given at save

    def add(self, tag: str, attributes: str = "", text: str = "") -> Element:
        child = Element(tag, self, attributes, text)
        self.kids.append(child)
        return child

    def walk(self) -> Iterator[Element]:
        """This element and the elements under it, in reading order (depth first)."""
        # A list made with a stack, not nested generators: a resumed generator per level per element was
        # a quarter of the time spent writing the 10x packet's tree.
        found: list[Element] = []
        stack = [self]
        while stack:
            element = stack.pop()
            found.append(element)
            kids = [kid for kid in element.kids if type(kid) is Element]
            if kids:
                kids.reverse()
                stack += kids
        return iter(found)


class Slot:
    """Where a block's content goes in the tree; the parts of a block split across pages share one."""

    element: Element | None = None

    def resolve(self, tagger: Tagger, style: str, page: int) -> Element | None:
        """The element this block's content belongs to (made on first use); None: it is an artifact."""
        if self.element is None:
            self.element = tagger.root.add(HEADING_TAGS.get(style, "P"))
        return self.element


class ArtifactSlot(Slot):
    """A block that repeats furniture (续表 over a continued table): drawn as a pagination artifact."""

    def resolve(self, tagger: Tagger, style: str, page: int) -> Element | None:
        return None


class TableSlot:
    """One table's element, made when its caption or first row is drawn."""

    def __init__(self) -> None:
        self.element: Element | None = None

    def table(self, tagger: Tagger) -> Element:
        if self.element is None:
            self.element = tagger.root.add("Table")
        return self.element


class CaptionSlot(Slot):
    def __init__(self, table: TableSlot):
        self.table = table

    def resolve(self, tagger: Tagger, style: str, page: int) -> Element | None:
        if self.element is None:
            self.element = self.table.table(tagger).add("Caption")
        return self.element


class RowSlot:
    """One row: a TR of TH (header) or TD cells, one per drawn cell; a cell spanning columns says so."""

    def __init__(self, table: TableSlot, columns: int, header: bool, span: tuple[int, int] | None = None):
        self.table = table
        self.columns = columns
        self.header = header
        self.span = span
        self.cells: dict[int, Element] | None = None
        self.page = 0  # the page the row was first drawn on (a header drawn again later is furniture)

    def cell(self, tagger: Tagger, column: int, page: int) -> Element | None:
        if self.cells is None:
            self.page = page
            row = self.table.table(tagger).add("TR")
            skipped = range(self.span[0] + 1, self.span[1] + 1) if self.span else range(0)
            self.cells = {}
            for index in range(self.columns):
                if index in skipped:
                    continue
                attributes = ""
                if self.header:
                    attributes = "/A <</O /Table /Scope /Column>>"
                elif self.span and index == self.span[0]:
                    attributes = f"/A <</O /Table /ColSpan {self.span[1] - self.span[0] + 1}>>"
                self.cells[index] = row.add("TH" if self.header else "TD", attributes)
        elif self.header and page != self.page:
            return None  # the header repeated on a continuation page
        return self.cells.get(column)


class CellSlot(Slot):
    def __init__(self, row: RowSlot, column: int):
        self.row = row
        self.column = column

    def resolve(self, tagger: Tagger, style: str, page: int) -> Element | None:
        return self.row.cell(tagger, self.column, page)


def _made_at_save(make: Callable[[Any], str]) -> Preformatted:
    """An object whose text we make when the document is written (a link's destination is bound by then)."""
    return Preformatted(lambda document: make(document).encode("latin-1"))


class Tagger:
    """Marked content for one document as it is drawn, and its structure tree written at save."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.page_kids: list[list[Element]] = []  # per page: the element of each MCID
        self.links: list[
            tuple[Element, str]
        ] = []  # (Link element, annotation name), struct parents after pages
        self._depth = 0
        self._page = 0

    # --- drawing ------------------------------------------------------------------------------------------

    def begin_page(self, canv: Canvas, page: int) -> None:
        while len(self.page_kids) < page:
            self.page_kids.append([])
        self._page = page
        self._depth = 0
        canv.addLiteral("/Artifact BMC")

    def end_page(self, canv: Canvas) -> None:
        canv.addLiteral("EMC")

    @property
    def inside(self) -> bool:
        """Whether content being drawn now belongs to an element already open."""
        return self._depth > 0

    def open(self, canv: Canvas, element: Element) -> None:
        """Start `element`'s content here; inside another element's content, it is part of that."""
        self._depth += 1
        if self._depth > 1:
            return
        kids = self.page_kids[self._page - 1]
        element.kids.append((self._page, len(kids)))
        canv.addLiteral(f"EMC /{element.tag} <</MCID {len(kids)}>> BDC")
        kids.append(element)

    def close(self, canv: Canvas) -> None:
        self._depth -= 1
        if self._depth == 0:
            canv.addLiteral("EMC /Artifact BMC")

    def link(self, canv: Canvas, element: Element, rect: tuple[float, float, float, float], key: str) -> None:
        """A link annotation over `rect` (page space) to the destination `key`, part of `element`."""
        name = f"briefing-link-{len(self.links)}"
        key_index = len(self.links)
        target = destination(canv, key)
        box = " ".join(f"{value:.2f}" for value in rect)
        contents = text_string(element.text)
        pages = self.page_kids

        def make(document: Any) -> str:
            parent = len(pages) + key_index
            dest = target.format(document).decode("latin-1")
            return (
                f"<< /Type /Annot /Subtype /Link /Rect [{box}] /Border [0 0 0] /F 4 /Dest {dest}"
                f" /Contents {contents} /StructParent {parent} >>"
            )

        add_annotation(canv, name, _made_at_save(make))
        element.kids.append((self._page, name, key_index))
        self.links.append((element, name))

    # --- writing ------------------------------------------------------------------------------------------

    def write(self, canv: Canvas, catalog: dict[str, Any]) -> None:
        """Register the structure tree's objects, write them, and point the catalog and pages at them.

        Every object the tree refers to (pages, link annotations, its own elements) has its number once the
        elements are registered; the tree is written in one pass when the writer asks for its first object
        (_TreeText), while the page streams are being compressed.
        """
        doc = pdf_document(canv)
        pages = document_pages(doc)
        elements = list(self.root.walk())
        tree = _TreeText(self, elements, len(pages))
        names = [f"briefing-se-{index}" for index in range(len(elements))]
        all_names = [*names, "briefing-parent-tree", "briefing-struct-tree"]
        first = register_objects(doc, zip(all_names, tree.objects, strict=True))
        for number, (element, name) in enumerate(zip(elements, names, strict=True), start=first):
            element.name = name
            element.ref = f"{number} 0 R"
        with_links = {page for element, _ in self.links for page in _link_pages(element)}
        for index, page in enumerate(pages, start=1):
            entries = {"StructParents": str(index - 1)}
            if index in with_links:
                entries["Tabs"] = "/S"
            set_page_entries(page, entries)
        set_catalog_entries(
            doc,
            {
                "StructTreeRoot": PDFObjectReference("briefing-struct-tree"),
                "MarkInfo": inline("<< /Marked true >>"),
                **catalog,
            },
        )


class _TreeText:
    """The structure tree's objects (its elements, the parent tree, the root), written all at once the
    first time the writer asks for one of them."""

    def __init__(self, tagger: Tagger, elements: list[Element], pages: int):
        self._tagger = tagger
        self._elements = elements
        self._pages = pages
        self.objects = [Preformatted(partial(self._text, index)) for index in range(len(elements) + 2)]

    def _text(self, index: int, document: Any) -> bytes:
        """One object's bytes, every object's written the first time (a written object's are its data)."""
        if self.objects[index].make is not None:
            self._write(document)
        return self.objects[index].data

    def _write(self, document: Any) -> None:
        numbers = document_object_table(document)[1]
        tagger = self._tagger
        pages = ["", *(f"{numbers[f'Page{page}'][0]} 0 R" for page in range(1, self._pages + 1))]
        tree_root = f"{numbers['briefing-struct-tree'][0]} 0 R"
        texts = [_element_text(element, pages, numbers, tree_root) for element in self._elements]
        texts.append(_parent_tree_text(tagger))
        texts.append(
            f"<< /Type /StructTreeRoot /K [{tagger.root.ref}]"
            f" /ParentTree {numbers['briefing-parent-tree'][0]} 0 R"
            f" /ParentTreeNextKey {len(tagger.page_kids) + len(tagger.links)} >>"
        )
        for obj, text in zip(self.objects, texts, strict=True):
            obj.make = None
            obj.data = text.encode("latin-1")


def _parent_tree_text(tagger: Tagger) -> str:
    entries: list[str] = []
    for index, kids in enumerate(tagger.page_kids):
        refs = " ".join([element.ref for element in kids])
        entries.append(f"{index} [{refs}]")
    for index, (element, _) in enumerate(tagger.links):
        entries.append(f"{len(tagger.page_kids) + index} {element.ref}")
    return f"<< /Nums [{' '.join(entries)}] >>"


def _element_text(
    element: Element, pages: list[str], numbers: dict[str, tuple[int, int]], tree_root: str
) -> str:
    """One StructElem: its type, parent, first page and kids (marked content, elements, annotations)."""
    parent = element.parent.ref if element.parent else tree_root
    extra = f" {element.attributes}" if element.attributes else ""
    kids = element.kids
    if len(kids) == 1 and type(kids[0]) is tuple and len(kids[0]) == 2:  # most: one piece of content
        page, mcid = kids[0]
        return f"<< /S /{element.tag} /P {parent} /Pg {pages[page]}{extra} /K {mcid} >>"
    written: list[str] = []
    first_page = next((kid[0] for kid in kids if isinstance(kid, tuple)), None)
    for kid in kids:
        if isinstance(kid, Element):
            written.append(kid.ref)
        elif len(kid) == 2:
            page, mcid = kid
            if page == first_page:
                written.append(str(mcid))
            else:
                written.append(f"<< /Type /MCR /Pg {pages[page]} /MCID {mcid} >>")
        else:
            page, name, _ = kid
            annotation = f"{numbers[f'Annot.{name}'][0]} 0 R"
            written.append(f"<< /Type /OBJR /Pg {pages[page]} /Obj {annotation} >>")
    page_entry = f" /Pg {pages[first_page]}" if first_page is not None else ""
    # /Type /StructElem is optional and left out: a thousand elements a packet, 18 bytes each.
    k = written[0] if len(written) == 1 else f"[{' '.join(written)}]"
    return f"<< /S /{element.tag} /P {parent}{page_entry}{extra} /K {k} >>"


def inline(text: str) -> PDFObject:
    """A direct object written as `text` (a dictionary or array in PDF syntax)."""
    return Preformatted(data=text.encode("latin-1"))


def _link_pages(element: Element) -> Iterator[int]:
    for kid in element.kids:
        if isinstance(kid, tuple) and len(kid) == 3:
            yield kid[0]
