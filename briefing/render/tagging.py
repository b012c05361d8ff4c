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
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas

from briefing.render.reportlab_private import (
    add_annotation,
    destination,
    document_pages,
    object_number,
    pdf_document,
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

    __slots__ = ("attributes", "kids", "name", "parent", "tag", "text")

    def __init__(self, tag: str, parent: Element | None = None, attributes: str = "", text: str = ""):
        self.tag = tag
        self.parent = parent
        self.kids: list[Element | tuple[int, int] | tuple[int, str, int]] = []
        self.attributes = attributes  # extra entries, already PDF (/A, /Alt …)
        self.text = text  # what the element says, for tests and alt texts (not written)
        self.name = ""  # its object's name in the document, given at save

    def add(self, tag: str, attributes: str = "", text: str = "") -> Element:
        child = Element(tag, self, attributes, text)
        self.kids.append(child)
        return child

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


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


class _Raw(PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """An object whose bytes we write ourselves, when the document is formatted (object numbers are
    known by then): ReportLab's own dictionaries cost ten times as much to format, per element."""

    def __init__(self, make: Callable[[Any], str]):
        self.make = make

    def format(self, document: Any) -> bytes:
        return self.make(document).encode("latin-1")


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

        add_annotation(canv, name, _Raw(make))
        element.kids.append((self._page, name, key_index))
        self.links.append((element, name))

    # --- writing ------------------------------------------------------------------------------------------

    def write(self, canv: Canvas, catalog: dict[str, Any]) -> None:
        """Register the structure tree's objects and point the catalog and pages at them."""
        doc = pdf_document(canv)
        pages = document_pages(doc)
        elements = list(self.root.walk())
        for index, element in enumerate(elements):
            element.name = f"briefing-se-{index}"
        for element in elements:
            doc.Reference(_Raw(self._element_maker(element, pages)), element.name)
        doc.Reference(_Raw(self._parent_tree_maker()), "briefing-parent-tree")
        doc.Reference(
            _Raw(
                lambda document: (
                    f"<< /Type /StructTreeRoot /K [{_ref(document, self.root.name)}]"
                    f" /ParentTree {_ref(document, 'briefing-parent-tree')}"
                    f" /ParentTreeNextKey {len(self.page_kids) + len(self.links)} >>"
                )
            ),
            "briefing-struct-tree",
        )
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

    def _element_maker(self, element: Element, pages: list[Any]) -> Callable[[Any], str]:
        def make(document: Any) -> str:
            kids: list[str] = []
            first_page = next((kid[0] for kid in element.kids if isinstance(kid, tuple)), None)
            for kid in element.kids:
                if isinstance(kid, Element):
                    kids.append(_ref(document, kid.name))
                elif len(kid) == 2:
                    page, mcid = kid
                    if page == first_page:
                        kids.append(str(mcid))
                    else:
                        kids.append(f"<< /Type /MCR /Pg {_page_ref(document, page)} /MCID {mcid} >>")
                else:
                    page, name, _ = kid
                    annotation = _ref(document, f"Annot.{name}")
                    kids.append(f"<< /Type /OBJR /Pg {_page_ref(document, page)} /Obj {annotation} >>")
            parent = _ref(document, element.parent.name if element.parent else "briefing-struct-tree")
            page_entry = f" /Pg {_page_ref(document, first_page)}" if first_page is not None else ""
            extra = f" {element.attributes}" if element.attributes else ""
            # /Type /StructElem is optional and left out: a thousand elements a packet, 18 bytes each.
            k = kids[0] if len(kids) == 1 else f"[{' '.join(kids)}]"
            return f"<< /S /{element.tag} /P {parent}{page_entry}{extra} /K {k} >>"

        return make

    def _parent_tree_maker(self) -> Callable[[Any], str]:
        def make(document: Any) -> str:
            entries: list[str] = []
            for index, kids in enumerate(self.page_kids):
                refs = " ".join(_ref(document, element.name) for element in kids)
                entries.append(f"{index} [{refs}]")
            for index, (element, _) in enumerate(self.links):
                entries.append(f"{len(self.page_kids) + index} {_ref(document, element.name)}")
            return f"<< /Nums [{' '.join(entries)}] >>"

        return make


def inline(text: str) -> PDFObject:
    """A direct object written as `text` (a dictionary or array in PDF syntax)."""
    return _Raw(lambda document: text)


def _link_pages(element: Element) -> Iterator[int]:
    for kid in element.kids:
        if isinstance(kid, tuple) and len(kid) == 3:
            yield kid[0]


def _ref(document: Any, name: str) -> str:
    return f"{object_number(document, name)} 0 R"


def _page_ref(document: Any, page: int) -> str:
    return _ref(document, f"Page{page}")
