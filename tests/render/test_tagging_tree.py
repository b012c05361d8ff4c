"""The structure tree written in one pass: the same objects whichever of them is asked for first, and the
elements listed in reading order."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from briefing.render.reportlab_private import document_object_table, pdf_document
from briefing.render.tagging import Element, Tagger


def _tagged() -> Canvas:
    """Two pages: a heading, a paragraph split over both pages, a table with a cell, each in the tree."""
    canvas = Canvas(io.BytesIO(), invariant=1)
    tagger = Tagger()
    heading = tagger.root.add("H1")
    paragraph = tagger.root.add("P")
    table = tagger.root.add("Table")
    cell = table.add("TR").add("TD", "/A <</O /Table /ColSpan 2>>")
    for page in (1, 2):
        tagger.begin_page(canvas, page)
        for element in (heading, paragraph) if page == 1 else (paragraph, cell):
            tagger.open(canvas, element)
            canvas.drawString(72, 700, element.tag)
            tagger.close(canvas)
        tagger.end_page(canvas)
        canvas.showPage()
    tagger.write(canvas, {})
    canvas.tagger = tagger
    return canvas


def _tree_objects(canvas: Canvas, order: slice) -> dict[str, bytes]:
    doc = pdf_document(canvas)
    objects = document_object_table(doc)[0]
    names = [name for name in objects if name.startswith("briefing-")][order]
    return {name: pdfdoc.format(objects[name], doc, toplevel=1) for name in names}


def test_the_tree_is_the_same_whichever_object_is_written_first():
    forward = _tree_objects(_tagged(), slice(None))
    backward = _tree_objects(_tagged(), slice(None, None, -1))
    assert forward == backward
    numbers = document_object_table(pdf_document(_tagged()))[1]
    page_two = f"{numbers['Page2'][0]} 0 R".encode()
    split = next(text for text in forward.values() if text.startswith(b"<< /S /P "))
    # The paragraph: its first page's content by MCID, the second page's as a marked-content reference.
    assert split.endswith(b"/K [1 << /Type /MCR /Pg " + page_two + b" /MCID 0 >>] >>")
    assert b"/ColSpan 2" in forward["briefing-se-5"]
    assert forward["briefing-struct-tree"].startswith(b"<< /Type /StructTreeRoot /K [")


def test_elements_are_listed_in_reading_order():
    root = Element("Document")
    first = root.add("P")
    table = root.add("Table")
    row = table.add("TR")
    cells = [row.add("TD"), row.add("TD")]
    root.kids.append((1, 0))  # marked content among the kids is not an element
    last = root.add("P")
    assert list(root.walk()) == [root, first, table, row, *cells, last]
