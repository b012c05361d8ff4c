"""The PDF writer: every value and object it writes itself is the bytes ReportLab's formatting gives, and
a whole file through it equals the file ReportLab writes, whatever the text in it."""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFBase85Encode,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFResourceDictionary,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas

from briefing.render.pdf_writer import PdfWriter, Preformatted, pdf_name, string_bytes, write_document
from briefing.render.reportlab_private import format_document_with, pdf_document

# Text a packet, a layout or a font name could carry into a string or a name of the file.
HOSTILE = [
    "plain",
    "",
    "a (b) c",
    "unbalanced ( paren",
    "closing ) first",
    "back\\slash \\) \\",
    ")>> endobj trailer << /Root 1 0 R >>",
    "[ unbalanced bracket",
    "<< /Evil true",
    "% not a comment",
    "NUL\x00 and BEL\x07 and \x18\x1f",
    "tab\tnewline\ncarriage\r",
    "café über ÿ",
    "东昌府区 2023 年工作汇报（征求意见稿）",
    "emoji 🎉 beyond the BMP",
    "\ufeff byte-order mark",
    "€ – — “quotes” •",
]
NUMBERS = [
    0,
    1,
    -1,
    7,
    -42,
    2**40,
    0.5,
    -0.5,
    3.14159265,
    -2.0000001,
    1e-7,
    -1e-7,
    123456.789,
    595.2756,
    -0.0,
]


def _doc() -> Any:
    return pdf_document(Canvas(io.BytesIO(), invariant=1))


def _same_as_reportlab(make: Callable[[], object], *, top: bool = False) -> bytes:
    """The bytes our writer and ReportLab give for the same value (each made afresh, in its own document)."""
    ours_doc, theirs_doc = _doc(), _doc()
    for doc in (ours_doc, theirs_doc):
        doc.Reference(PDFDictionary({}), "target")
    writer = PdfWriter(ours_doc)
    try:
        theirs = pdfdoc.format(make(), theirs_doc, toplevel=1 if top else 0)
    except Exception as refused:  # what ReportLab refuses to write, ours refuses alike
        with pytest.raises(type(refused)):
            writer.top(make()) if top else writer.value(make())
        return b""
    ours = writer.top(make()) if top else writer.value(make())
    assert ours == theirs
    return ours


@pytest.mark.parametrize("number", NUMBERS)
def test_numbers_as_reportlab_writes_them(number):
    written = _same_as_reportlab(lambda: number)
    assert written.isascii()


@pytest.mark.parametrize("text", HOSTILE)
def test_strings_as_reportlab_writes_them(text):
    written = _same_as_reportlab(lambda: PDFString(text))
    assert written == string_bytes(text)
    # One string object, whatever it says: it opens once and ends at its last byte.
    assert written.startswith(b"(") and written.endswith(b")")
    assert b"\n" not in written and b"\r" not in written and b"\x00" not in written


@pytest.mark.parametrize(
    "data",
    [text.encode("utf-8") for text in HOSTILE[:8]]
    + [b"\xfe\xff\x00A\x00)", b"\xff\xfeA\x00(\x00", b"not utf-8 \xe9\xff (", b"\x00\x01\\"],
)
def test_byte_strings_as_reportlab_writes_them(data):
    _same_as_reportlab(lambda: PDFString(data))


@pytest.mark.parametrize("text", HOSTILE)
def test_names_as_reportlab_writes_them(text):
    assert pdf_name(text) == PDFName(text)
    written = _same_as_reportlab(lambda: PDFDictionary({text or "k": PDFName(text)}))
    assert b"(" not in written.replace(b"#28", b"") and b" /Evil" not in written


def test_dictionaries_and_arrays_nested_as_reportlab_writes_them():
    def make() -> PDFDictionary:
        inner = PDFArray([1, -2.5, PDFName("Name"), PDFString("x)"), PDFArray(list(range(23)))])
        entries = {f"Key{n}": n * 1.5 for n in range(14)}
        entries["Inner"] = inner
        entries["Ref"] = PDFObjectReference("target")
        entries["Compact"] = PDFArrayCompact([0, 0, 595.28, 841.89])
        entries["Nested"] = PDFDictionary({"Z": PDFDictionary({"Y": PDFArray([])}), "A": "/Direct"})
        entries["Bytes"] = b"<FEFF0041>"
        entries["Flag"] = True  # ReportLab writes a bool as Python spells it
        return PDFDictionary(entries)

    written = _same_as_reportlab(make)
    assert b"\n " in written  # six entries to a line


def test_ordered_and_forced_multiline_dictionaries_as_reportlab_writes_them():
    def ordered() -> PDFDictionary:
        return PDFDictionary(OrderedDict([("Z", 1), ("A", 2), ("M", PDFArray([3, 4]))]))

    def forced() -> PDFDictionary:
        dictionary = PDFDictionary({f"K{n}": n for n in range(9)})
        dictionary.multiline = "forced"
        return dictionary

    assert _same_as_reportlab(ordered).index(b"/Z") < _same_as_reportlab(ordered).index(b"/A")
    _same_as_reportlab(forced)


def test_resource_dictionaries_as_reportlab_writes_them():
    def make() -> PDFResourceDictionary:
        resources = PDFResourceDictionary()
        resources.basicFonts()
        resources.XObject = PDFDictionary({"FormXob.mark": PDFObjectReference("target")})
        return resources

    _same_as_reportlab(make)


def test_unknown_references_fail_as_in_reportlab():
    with pytest.raises(KeyError, match="forward reference"):
        PdfWriter(_doc()).value(PDFObjectReference("nowhere"))


@pytest.mark.parametrize(
    "filters",
    [None, [], [PDFZCompress], [PDFBase85Encode, PDFZCompress]],
    ids=["default", "none", "flate", "a85-flate"],
)
@pytest.mark.parametrize("content", [b"BT (a\\)) Tj ET\n", "q 1 0 0 1 -3.5 2 cm (\u4e1c) Tj Q\n", b""])
def test_streams_as_reportlab_writes_them(filters, content):
    def make() -> PDFStream:
        stream = PDFStream(PDFDictionary({"Length1": 12, "Type": PDFName("XObject")}), content)
        stream.filters = filters
        return stream

    written = _same_as_reportlab(make, top=True)
    unfiltered_text = not filters and not isinstance(content, bytes)  # not PDFDocEncoding: refused by both
    assert written.endswith(b"endstream\n") or (unfiltered_text and written == b"")


def test_preformatted_objects_are_their_bytes_in_either_writer():
    doc = _doc()
    made = Preformatted(lambda document: b"<< /Made true >>")
    given = Preformatted(data=b"[1 2]")
    assert PdfWriter(doc).top(made) == pdfdoc.format(made, doc, toplevel=1) == b"<< /Made true >>"
    assert PdfWriter(doc).value(given) == pdfdoc.format(given, doc) == b"[1 2]"


def _drawn(title: str, target: io.BytesIO) -> Canvas:
    """A small document with everything our builds use: pages, fonts, forms, text, outlines, links, info."""
    canvas = Canvas(target, invariant=1, lang="zh-CN")
    canvas.setTitle(title)
    canvas.setAuthor(title[::-1])
    canvas.setSubject("subject " + title)
    canvas.setKeywords(title)
    canvas.setCreator("creator")
    canvas.setDateFormatter(lambda *_: "D:20230110000000+00'00'")
    canvas.beginForm("mark")
    canvas.drawString(1 * cm, 1 * cm, "form")
    canvas.endForm()
    for page in range(1, 4):
        canvas.doForm("mark")
        canvas.drawString(2 * cm, 20 * cm, f"{title} {page}")
        canvas.bookmarkPage(f"p{page}")
        canvas.bookmarkHorizontal(f"h{page}", 0, 700 - page * 0.25)
        canvas.addOutlineEntry(f"{title} / {page}", f"p{page}", level=0 if page < 3 else 1)
        canvas.addOutlineEntry(f"{title} at {page}", f"h{page}", level=1)
        canvas.linkURL("https://example.org/(x)", (1 * cm, 1 * cm, 3 * cm, 2 * cm))
        canvas.showPage()
    canvas.showOutline()
    return canvas


@pytest.mark.parametrize("title", HOSTILE)
def test_a_whole_file_is_the_one_reportlab_writes(title):
    theirs, ours = io.BytesIO(), io.BytesIO()
    _drawn(title, theirs).save()
    canvas = _drawn(title, ours)
    format_document_with(pdf_document(canvas), write_document)
    canvas.save()
    data = ours.getvalue()
    assert data == theirs.getvalue()
    # And readers read it: its outline titles and its title are the text given.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert str(pdf.docinfo["/Title"]) == title
    assert titles == [f"{title} / 1", f"{title} / 2"]
    assert b"/XYZ" in data and b"/Fit" in data
    reader = PdfReader(io.BytesIO(data))
    assert [page.extract_text() for page in reader.pages] == [
        page.extract_text() for page in PdfReader(io.BytesIO(theirs.getvalue())).pages
    ]
